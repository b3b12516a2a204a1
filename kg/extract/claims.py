"""Claims of one actor on or against another: territorial claims, demands (CAMEO 10x), accusations
(112x), denials and threats (13x)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.actors import load_kb
from kg.events import Actor, Event
from kg.extract.common import (
    ACCUSATION_NOUNS,
    ACCUSE_WORDS,
    DEMAND_WORDS,
    DENY_WORDS,
    MEASURE_WORDS,
    NEGATION_CUES,
    REJECTION_NOUNS,
    SANCTION_WORDS,
    SentenceContext,
    actors_of,
    make_event,
    persons_of,
    without,
    words,
)

_CLAIM = words("claim claims claimed claiming")
#: Words that make "claims" territorial rather than "says".
_TERRITORY = words("territory territorial sovereignty islands island islets region own part land waters")
#: "territorial claims", "lay claim to": words before "claim" that make it a claim to land.
_LAY = words("territorial lay lays laid laying")
_HELD = words("administered controlled occupied held governed")
#: "which Guyana administers": the holder of land claimed by another.
_HOLDS = _HELD | words("administers controls occupies holds governs")
#: "demanded the withdrawal of French troops": a demand made of whoever owns the troops.
_WITHDRAWAL = words("withdrawal pullout pull-out departure exit removal")
#: Taking territory is the strongest territorial claim ("Moscow annexed Crimea from Ukraine").
_ANNEX = words("annexed annexes annex annexing annexation")
_DEMAND = DEMAND_WORDS | words("demand pressed presses requested")
#: "called on", "sought guarantees": a verb that demands only with the word after it.
_DEMAND_PAIRS = {"called": words("on upon for"), "calls": words("on upon for"), "call": words("on upon"),
                 "sought": words("guarantees assurances commitments pledges"),
                 "seeks": words("guarantees assurances commitments pledges"),
                 "seeking": words("guarantees assurances commitments pledges")}
#: Nouns that make a claim with a possessor ("Beijing's accusation that ...", "India's denial").
_POSSESSED = {**dict.fromkeys(words("accusation accusations allegation allegations claim claims charge charges"),
                             "accusation"),
              **dict.fromkeys(words("threat threats"), "threat"), **dict.fromkeys(words("demand demands"), "demand"),
              "denial": "denial"}
#: Accusation nouns proper: "a claim that it had agreed" need not blame anyone, "accusations that it" do.
_CHARGES = words("accusation accusations allegation allegations charge charges")
#: Nouns whose author is their possessor ("China's intimidation of Taiwan"), not the clause's subject.
_NOUN_TRIGGERS = frozenset(_POSSESSED) | {"intimidation", "annexation"}
#: Verbs that turn down an accusation: a denial when what they turn down is one.
_DISMISS = words("dismissed dismisses dismiss dismissing rejected rejects reject rejecting rebuffed brushed disputed "
                 "disputes refuted refutes refuting rebutted rebuts repudiated")
#: Participles between an accusation and its author ("charges raised by Kyiv").
_MADE = words("made levelled leveled raised brought lodged voiced repeated")
#: What a dismissal turns down when it is a denial: an accusation, or another's telling of events.
_DISMISSED = words("account version reports report assertion assertions")
#: "asked Seoul to", "told Tehran to", "appealed to Moscow to": a demand with its addressee after the verb.
_ASK = words("asked asks ask asking told tells telling appealed appeals appealing ordered orders wants want wanted")
#: Retaliation vowed, promised or threatened is a threat ("vowed to retaliate", "pledged retaliation").
_RETALIATE = words("retaliate retaliation retaliatory reprisal reprisals countermeasures consequences respond "
                   "response revenge answer punish")
#: "may face retaliation from Beijing": the one who faces it is threatened by the one it comes from.
_RECEIVE = words("face faces facing")
_VOW = words("vowed vows vow pledged pledges promised promises threatened warned warns would will")
#: Words that call an accusation false: a denial by whoever says them ("called the charges baseless").
_DISCREDITED = words("baseless groundless unfounded fabricated fabrication false lies lie slander provocation absurd "
                     "nonsense propaganda smear")
#: Verbs of calling something by a name: their subject speaks.
_NAMING = words("called calls branded brands described describes labelled labeled termed")
#: Words that make a claim to land: "regards Kashmir as an integral part of its territory".
_PART_OF = re.compile(r"\b(?:integral|inalienable|inseparable) part of\b|\bpart of (?:its|their) (?:own )?territory\b",
                      re.I)
#: Words after a denial verb that show what is denied is a statement ("denied that", "denied any role").
_DENIED_THINGS = words("that reports report involvement responsibility role any knowledge having wrongdoing links "
                       "participation it them this these there on by playing being suggestions rumours rumors "
                       "interfering meddling")
#: "issued Qatar with a list of demands", "gave Washington an ultimatum": what was handed over says the kind.
_ISSUED_THINGS = {"demands": "demand", "ultimatum": "threat"}
_ISSUE = words("issued issues gave gives handed presented delivered sent")
_IS_PART_OF = re.compile(r"^(?:that )?[\w .'-]{1,40}? (?:is|was|remains) (?:an? )?(?:integral |inalienable )?part of\b", re.I)
#: Wrongdoing told in reported speech is an accusation by the speaker ("Kyiv said Moscow had broken
#: its promise", "London said Russian intelligence was behind the attacks").
_WRONGDOING = words("violated violating breached breaching broken broke interfered interfering meddled meddling "
                    "orchestrated orchestrating sponsored sponsoring harboured harbouring harbored harboring "
                    "lied behind guilty staged responsible stolen stole stealing shelled shelling rammed ramming "
                    "sabotaged sabotaging hacked hacking stir stirring stirred stoke stoking stoked incite inciting "
                    "incited provoke provoking provoked lured luring smuggled smuggling unprovoked killed killing crossed "
                    "intruded intruding attacked attacking bombed bombing invaded invading kidnapped abducted "
                    "spied poisoned assassinated downed jammed")
#: "said US balloons had flown over its territory": crossing into another's land, sea or sky.
_INTRUDED = words("flown flew flying sailed sailing entered entering")
#: "said Ukrainian forces had launched a cross-border incursion": an attack carried out is wrongdoing.
_CARRIED_OUT = words("launched carried conducted staged mounted")
_ATTACKS = words("attack attacks incursion incursions invasion offensive strike strikes raid raids assault")
#: "said Russia committed crimes against humanity": "committed" is wrongdoing only with these after it.
_CRIMES = words("crimes crime atrocities atrocity genocide abuses violations aggression")
#: "charged that", "alleged that": an accusation whose target is the subject of what follows.
_ALLEGE = words("charged charges alleged alleges claimed")
_SAY = words("said says saying told charged alleged stated insisted claimed concluded")
#: "accused each other", "traded accusations": every party accuses every other.
_MUTUAL_VERBS = words("traded exchanged trade exchange trading exchanging")
#: Threats spoken to someone, whose addressee a passage may have named before.
_WARN_VERBS = words("warned warns vowed vows")
_THREATEN = words("threatened threatens threaten threatening intimidation intimidating intimidated warned warns")
#: Force a speaker says it may use: a threat when a condition on another follows ("could strike ... if").
_HARM = words("strike hit attack fire shoot invade bomb intervene seize sink destroy force test tests")
#: Words before such force that make it a possibility, not a report of something done.
_MIGHT = words("would could might may will ready prepared")
_NOUN_CODES = {"accusation": "112", "threat": "130", "demand": "100"}
_ACCUSATION_CONTEXT = {
    "1125": words("espionage spying spy spies hacking cyber cyberattack cyberattacks treason"),
    "1124": words("war crimes"),
    "1122": words("rights abuses genocide repression torture"),
    "1123": words("aggression invasion attack attacks provocation provocations"),
    "1121": words("corruption bribery fraud"),
}


def find(ctx: SentenceContext) -> Iterator[Event]:
    """Claim events in one sentence."""
    for i in ctx.asserted():
        word = ctx.lower(i)
        nxt = ctx.lower(i + 1) if i + 1 < ctx.sent.end else ""
        if word in _CLAIM and (_territorial(ctx, i) or ctx.land_claim(i)) or word in _ANNEX or _sovereignty(ctx, i):
            yield from _claim(ctx, i, "territorial", None, reach_complement=True)
        elif word in _ASK and _asks_someone(ctx, i):
            yield from _claim(ctx, i, "demand", "100", reach_complement=True)
        elif word in _RETALIATE and ctx.has_word(_VOW, max(ctx.sent.start, i - 4), i) and not _about_sanctions(ctx):
            yield from _claim(ctx, i, "threat", "130")
        elif word in _RETALIATE and ctx.has_word(_RECEIVE, max(ctx.sent.start, i - 3), i):
            yield from _faced(ctx, i)
        elif word == "pay" and (say := _price_to_pay(ctx, i)) is not None:
            yield from _made_to_pay(ctx, i, say)
        elif word in ("exact", "extract") and ctx.has_word(words("price"), i + 1, min(i + 4, ctx.sent.end)):
            yield from _claim(ctx, i, "threat", "130")  # "vowed to exact a price from Iran"
        elif word == "finger" and ctx.has_word(words("pointed points pointing point"), max(ctx.sent.start, i - 2), i):
            yield from _claim(ctx, i, "accusation", "112")  # "pointed the finger at Washington"
        elif word in _ISSUED_THINGS and ctx.has_word(_ISSUE, max(ctx.sent.start, i - 7), i):
            yield from _issued(ctx, i)
        elif word in _DISCREDITED and (ctx.has_accusation(ctx.sent.start, i) or ctx.has_word(words("reports report"), ctx.sent.start, i)) \
                and not ctx.has_word(DENY_WORDS | _DISMISS, ctx.sent.start, ctx.sent.end):
            yield from _denial(ctx, i)
        elif word in ACCUSATION_NOUNS and _appositive(ctx, i):
            yield from _appositive_accusation(ctx, i)
        elif word in ACCUSATION_NOUNS and not ctx.possessor(i) and _passive_by(ctx, i):
            yield from _passive_accusation(ctx, i)
        elif word in _POSSESSED and ctx.owner(i) and (word not in _CLAIM or ctx.lower(min(i + 1, ctx.sent.end - 1))
                                                          in ("that", "against")):
            kind = _POSSESSED[word]
            yield from (_denial(ctx, i) if kind == "denial" else _claim(ctx, i, kind, _NOUN_CODES[kind]))
        elif word in _DISMISS and _dismisses(ctx, i):
            yield from _denial(ctx, i)
        elif word in ("accusations", "charges") and i > ctx.sent.start and ctx.lower(i - 1) in _MUTUAL_VERBS:
            yield from _claim(ctx, i, "accusation", "112")
        elif word in _WRONGDOING or word in _INTRUDED and ctx.lower(min(i + 1, ctx.sent.end - 1)) in ("over", "into") \
                or word in _CARRIED_OUT and ctx.has_word(_ATTACKS, i + 1, min(i + 7, ctx.sent.end)) or (
                word == "committed" and ctx.has_word(_CRIMES, i + 1, min(i + 4, ctx.sent.end))):
            yield from _reported_wrongdoing(ctx, i)
        elif word in _ALLEGE and _is_verb(ctx, i) and ctx.has_word(words("that"), i + 1, min(i + 5, ctx.sent.end)) \
                or _holds_responsible(ctx, i):
            yield from _claim(ctx, i, "accusation", "112", reach_complement=True)
        elif word in _DEMAND and _is_verb(ctx, i) or nxt in _DEMAND_PAIRS.get(word, ()):
            yield from _claim(ctx, i, "demand", "100", reach_complement=True)
        elif word in ACCUSE_WORDS:
            yield from _claim(ctx, i, "accusation", _accusation_code(ctx, i))
        elif word in DENY_WORDS and not _withholds(ctx, i) or _no_evidence(ctx, i) or _denies_meeting(ctx, i):
            yield from _denial(ctx, i)
        elif word in _HARM and _harm_if(ctx, i) and not _about_sanctions(ctx):
            yield from _claim(ctx, i, "threat", "138")  # "said it would strike ... if Washington attacked"
        elif word in _THREATEN and not _about_sanctions(ctx):
            military = ctx.has_word(words("military force war attack invasion troops"), *ctx.clause(i))
            yield from _claim(ctx, i, "threat", "138" if military else "130")


def _harm_if(ctx: SentenceContext, i: int) -> bool:
    """Force held out as a possibility and tied to a condition: "it might carry out a nuclear test if
    ...", "ready to use force unless ..."."""
    condition = ctx.condition_after(i)
    return condition is not None and ctx.has_word(_MIGHT, max(ctx.sent.start, i - 6), i) and not ctx.has_word(
        words(". ;"), i, condition[0])


def _sovereignty(ctx: SentenceContext, i: int) -> bool:
    """"asserted sovereignty over the islands", "regards Kashmir as an integral part of its territory"."""
    if ctx.lower(i) == "sovereignty":
        return i + 1 < ctx.sent.end and ctx.lower(i + 1) == "over" and ctx.has_word(
            words("claims claimed claim asserted asserts assert reasserted insists insisted maintains"),
            max(ctx.sent.start, i - 4), i)
    if ctx.lower(i) in ("insists", "insisted", "maintains", "maintained", "says", "said"):
        # "Belgrade insists that Kosovo is part of Serbia"
        return bool(_IS_PART_OF.match(ctx.doc[i + 1:ctx.sent.end].text))
    if ctx.lower(i) not in ("regards", "regarded", "considers", "considered", "views", "viewed", "sees"):
        return False
    start, end = ctx.clause(i)
    return bool(_PART_OF.search(ctx.doc[i:end].text))


def _appositive(ctx: SentenceContext, i: int) -> bool:
    """", an accusation Baku rejected", ", a charge China denied": an apposition naming what was said."""
    return i - 2 >= ctx.sent.start and ctx.lower(i - 1) in ("a", "an") and ctx.lower(i - 2) == ","


def _appositive_accusation(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """"Armenia said Azerbaijani troops had opened fire, an accusation Baku rejected": the speaker accuses
    whom its words name, and whoever rejects it denies it."""
    say = next((j for j in range(ctx.sent.start, i) if ctx.lower(j) in _SAY), None)
    if say is None:
        return
    speakers = _speakers(ctx, say)
    accused = without(actors_of(ctx.mentions_between(say + 1, i)[:1]), speakers)
    yield from _claim_event(ctx, i, "112", "accusation", speakers, accused, [])
    rejecter = [m for m in ctx.mentions_between(i + 1, min(i + 3, ctx.sent.end))]
    if rejecter and ctx.has_word(DENY_WORDS | _DISMISS, i + 1, min(i + 5, ctx.sent.end)):
        yield from _claim_event(ctx, i, None, "denial", without(actors_of(rejecter), speakers), speakers, [])


def _passive_by(ctx: SentenceContext, i: int) -> bool:
    """"Accusations that Rwanda ... were repeated by Kinshasa", "The accusation ... was made by Prague"."""
    return any(ctx.lower(j) in ("was", "were") and ctx.lower(j + 2) == "by" for j in range(i + 1, ctx.sent.end - 2))


def _passive_accusation(ctx: SentenceContext, i: int) -> Iterator[Event]:
    by = next(j + 2 for j in range(i + 1, ctx.sent.end - 2) if ctx.lower(j) in ("was", "were") and ctx.lower(j + 2) == "by")
    if ctx.has_word(DENY_WORDS | _DISMISS, by - 1, by):
        return  # "... was rejected by Damascus" is a denial, told by the denial rules
    accusers = actors_of(ctx.first_group(ctx.mentions_between(by + 1, ctx.sent.end)))
    accused = without(actors_of(ctx.first_group(ctx.mentions_between(i + 1, by))), accusers)
    yield from _claim_event(ctx, i, "112", "accusation", accusers, accused, [])


def _issued(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """A list of demands or an ultimatum handed to someone: from the subject to the one it was handed to."""
    start, end = ctx.clause(i)
    verb = next(j for j in range(i - 1, max(ctx.sent.start, i - 7) - 1, -1) if ctx.lower(j) in _ISSUE)
    senders = actors_of(ctx.subject(verb) or ctx.core(start, verb))
    handed = [m for m in ctx.mentions_between(verb + 1, end) if m.start < i or ctx.preposition_before(m) == "to"]
    kind = _ISSUED_THINGS[ctx.lower(i)]
    yield from _claim_event(ctx, i, "139" if kind == "threat" else "100", kind, senders,
                            without(actors_of(handed[:1]), senders), [])


def _speakers(ctx: SentenceContext, say: int) -> tuple[Actor, ...]:
    """Who says what a speech verb reports: its subject, else the actors before it."""
    return actors_of(ctx.subject(say) or ctx.core(ctx.sent.start, say))


def _holds_responsible(ctx: SentenceContext, i: int) -> bool:
    """"held Russia responsible for", "holds Tehran accountable": an accusation."""
    if ctx.lower(i) not in ("held", "holds", "hold", "holding"):
        return False
    return ctx.has_word(words("responsible accountable liable"), i + 2, min(i + 5, ctx.sent.end))


def _asks_someone(ctx: SentenceContext, i: int) -> bool:
    """"asked Seoul to", "told Tehran to stop", "appealed to Moscow to": an addressee, then "to" and a verb."""
    j = i + 1 + (ctx.lower(i + 1) == "to" if i + 1 < ctx.sent.end else 0)
    addressee = next((m for m in ctx.mentions if m.start == j or m.start == j + 1 and ctx.lower(j) == "the"), None)
    if addressee is None:
        return False
    # "asked Japan (on Monday) to withdraw"
    to = next((j for j in range(addressee.end, min(addressee.end + 4, ctx.sent.end - 1)) if ctx.lower(j) == "to"), None)
    if to is None:
        return False
    return ctx.token(to + 1).pos_ in ("VERB", "AUX") if ctx.parsed else ctx.token(to + 1).is_lower


def _withholds(ctx: SentenceContext, i: int) -> bool:
    """"deny the Eastern bloc access", "denied him a visa": refusing someone something, not a denial."""
    after = next((m for m in ctx.mentions if m.start in (i + 1, i + 2)), None)
    if after is not None and ctx.lower(i + 1) != "by":  # "were denied by Ankara" is a denial
        nxt = ctx.lower(after.end) if after.end < ctx.sent.end else ""
        return nxt not in ACCUSATION_NOUNS | {"'s", "’s"} | words("reports report suggestions")
    if ctx.has_word(words("access entry visa visas permission"), i + 1, min(i + 6, ctx.sent.end)):
        return True
    if i + 1 < ctx.sent.end and (ctx.token(i + 1).tag_ == "VBG" if ctx.parsed else ctx.lower(i + 1).endswith("ing")):
        return False  # "denied supplying drones", "denied backing the rebels": a deed denied
    # a denial denies something said: "denied that", "denied the accusation", "denied any role"
    return i + 1 < ctx.sent.end and not ctx.token(i + 1).is_punct and not ctx.has_word(
        _DENIED_THINGS | ACCUSATION_NOUNS, i + 1, min(i + 6, ctx.sent.end))


def _no_evidence(ctx: SentenceContext, i: int) -> bool:
    """"said there was no evidence that the missile had been fired by Russia": a denial by the speaker."""
    return ctx.lower(i) == "evidence" and i > ctx.sent.start and ctx.lower(i - 1) == "no" and ctx.has_word(
        _SAY, ctx.sent.start, i)


def _denies_meeting(ctx: SentenceContext, i: int) -> bool:
    """"India said it had not held any talks with Pakistan": the speaker denies a meeting of its own."""
    if ctx.lower(i) not in ("held", "met", "hold", "meet") or not ctx.has_word(NEGATION_CUES, max(ctx.sent.start, i - 3), i):
        return False
    say = next((j for j in range(i - 1, max(ctx.sent.start, i - 6) - 1, -1) if ctx.lower(j) in _SAY), None)
    return say is not None and ctx.has_word(words("it they"), say + 1, i)


def _price_to_pay(ctx: SentenceContext, i: int) -> int | None:
    """The speech verb of "Kim said Trump would pay dearly", "warned that Taipei would pay a heavy
    price", or None when "pay" makes no threat."""
    if not ctx.has_word(_VOW, max(ctx.sent.start, i - 2), i) or not ctx.has_word(
            words("dearly price"), i + 1, min(i + 4, ctx.sent.end)):
        return None
    return next((j for j in range(i - 1, ctx.sent.start - 1, -1) if ctx.lower(j) in _SAY | _THREATEN), None)


def _faced(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """"India may face retaliation from Beijing": a threat by whoever it would come from."""
    start, end = ctx.clause(i)
    threatened = actors_of(ctx.subject(i) or ctx.core(start, i)[-1:])
    yield from _claim_event(ctx, i, "130", "threat", without(actors_of(ctx.from_whom(i, end)), threatened), threatened, [])


def _made_to_pay(ctx: SentenceContext, i: int, say: int) -> Iterator[Event]:
    """A threat by the speaker against whoever is to pay."""
    speakers = _speakers(ctx, say)
    payers = without(actors_of(ctx.subject(i) or ctx.core(say + 1, i)), speakers)
    yield from _claim_event(ctx, i, "130", "threat", speakers, payers[:1], [])


def _dismisses(ctx: SentenceContext, i: int) -> bool:
    """A verb turning down an accusation, or another's account of events ("disputed Manila's account"),
    not an adjective ("disputed islets")."""
    if ctx.parsed and ctx.token(i).pos_ != "VERB":
        return False
    if any(ctx.lower(j) in ACCUSATION_NOUNS and _appositive(ctx, j) and ctx.has_word(_SAY, ctx.sent.start, j)
           for j in range(max(ctx.sent.start, i - 3), i)):
        return False  # "X said ..., an allegation Baku rejected": told with the appositive accusation
    if ctx.lower(i) in ("disputed", "disputes") and i + 1 < ctx.sent.end and ctx.token(i + 1).is_lower \
            and ctx.lower(i + 1) not in words("the a an its their his her"):
        return False  # "claim to disputed islets", "territorial disputes"
    return ctx.has_accusation(ctx.sent.start, ctx.sent.end) or ctx.has_word(_DISMISSED, i + 1, min(i + 6, ctx.sent.end))


def _is_verb(ctx: SentenceContext, i: int) -> bool:
    """Demand and allege words count as verbs ("charges raised by Kyiv" is a noun); the noun "demand" is
    usually economic ("demand for oil")."""
    return ctx.token(i).pos_ in ("VERB", "AUX") if ctx.parsed else ctx.lower(i) != "demand"


def _territorial(ctx: SentenceContext, i: int) -> bool:
    """"claims" is territorial with a word of territory after it, or in a passive about land held by
    someone else ("islets administered by Seoul but claimed by Tokyo")."""
    end = ctx.clause(i)[1]
    if ctx.passive(i, end):
        return ctx.has_word(_TERRITORY | _HELD, ctx.sent.start, end)
    # "the territory it claims from Guyana": the land named just before the claim
    return ctx.has_word(_TERRITORY, i + 1, end) or (i > ctx.sent.start and ctx.lower(i - 1) in _LAY) or bool(
        _holder(ctx, i)) or ctx.has_word(words("territory region land islands"), max(ctx.sent.start, i - 3), i)


def _about_sanctions(ctx: SentenceContext) -> bool:
    """Threats of sanctions are sanction events; the threat is not counted twice."""
    # "would retaliate against US sanctions" threatens something else than sanctions
    return any(ctx.lower(j) in SANCTION_WORDS | MEASURE_WORDS and not ctx.has_word(
        words("against over"), max(ctx.sent.start, j - 3), j) for j in range(ctx.sent.start, ctx.sent.end))


def _claim(ctx: SentenceContext, i: int, kind: str, cameo: str | None, reach_complement: bool = False) -> Iterator[Event]:
    start, end = ctx.clause(i)
    if reach_complement:
        end = _complement_end(ctx, end)
    passive = ctx.passive(i, end)
    speech = _beside_speech(ctx, i)
    before = ctx.subject(i if speech is None else speech) or ctx.core(start, i)
    after = ctx.core(i + 1, end, trigger=i)
    if passive:
        sources, targets = actors_of(after), actors_of(before)
    elif kind == "demand":
        sources, targets = actors_of(before), actors_of(after)
    else:
        sources, targets = actors_of(before), actors_of(ctx.aimed_at(i, end))
    if not sources:
        sources, targets = _relative_clause(ctx, start, targets)
    word = ctx.lower(i)
    if word in _NOUN_TRIGGERS and ctx.owner(i):
        sources = actors_of(ctx.owner(i))
        against = [m for m in ctx.mentions_between(i + 1, end) if ctx.preposition_before(m) == "against"]
        targets = actors_of(ctx.aimed_at(i, end) or ctx.first_group(against) or ctx.core(end, _complement_end(ctx, end))
                            or (_asked_of_the_subject(ctx, i) if kind == "demand" or word in _CHARGES else []))
    if not without(targets, sources):  # "accusing both countries of ...": the two named before
        targets = tuple(ctx.plural_antecedent(i + 1, end))
    if not without(targets, sources) and ctx.lower(min(i + 1, ctx.sent.end - 1)) in ("it", "them"):
        # "expelled 45 Russian diplomats, accusing them of spying": whom the main clause acted on
        earlier = [a for a in actors_of(ctx.mentions_between(ctx.sent.start, i)) if a not in sources]
        targets = tuple(earlier[-1:])
    if kind == "threat" and not without(targets, sources):
        # "Seoul warned it would respond strongly", after a sentence on North Korea: the actor told of before
        targets = _threatened(ctx, i) or (without(tuple(ctx.previous[:1]), sources) if ctx.lower(i) in _WARN_VERBS else ())
    if kind == "demand" and not without(targets, sources):
        targets = _withdrawn(ctx, i, end)
    if kind == "territorial" and not without(targets, sources):
        targets = _holder(ctx, i) or _rejecter(ctx, i)
    claimants = after if passive else before
    if ctx.lower(i) in _CLAIM and len(sources) >= 2 and len(ctx.first_group(claimants)) == len(claimants):
        # "claimed by Beijing and Hanoi": each claim is its own; "both lay claim to": each against the other
        for source in sources:
            yield from _claim_event(ctx, i, cameo, kind, (source,), without(targets, sources) or without(sources, (source,)),
                                    before + after)
        return
    if _mutual(ctx, i) and len(sources) >= 2 and not without(targets, sources):
        for source in sources:
            yield from _claim_event(ctx, i, cameo, kind, (source,), without(sources, (source,)), before + after)
        return
    yield from _claim_event(ctx, i, cameo, kind, sources, without(targets, sources), before + after)


def _asked_of_the_subject(ctx: SentenceContext, i: int) -> list:
    """"Japan rejected South Korea's demand that it halt ...", "Moscow declined to comment on Polish
    accusations that it was behind ...": "it" is the one the main clause is about."""
    if ctx.doc[i + 1:min(i + 3, ctx.sent.end)].text.lower() not in ("that it", "that they"):
        return []
    return ctx.core(ctx.sent.start, ctx.owner(i)[0].start)[:1]


def _beside_speech(ctx: SentenceContext, i: int) -> int | None:
    """The speech verb a demand or accusation really goes with: in "said Serbia was stirring up
    violence and demanded that Belgrade stop", the parser joins "demanded" to the reported clause, but
    the one who said is the one who demanded."""
    if not ctx.parsed:
        return None
    token = ctx.token(i)
    if token.dep_ != "conj" or token.head.dep_ != "ccomp" or token.head.head.lower_ not in _SAY | DENY_WORDS:
        return None
    return token.head.head.i


def _withdrawn(ctx: SentenceContext, i: int, end: int) -> tuple[Actor, ...]:
    """Whom a demand for a withdrawal is made of: the owner of the troops ("demanded the withdrawal of
    French troops")."""
    at = next((j for j in range(i + 1, min(i + 5, end)) if ctx.lower(j) in _WITHDRAWAL), None)
    if at is None or at + 1 >= end or ctx.lower(at + 1) != "of":
        return ()
    return actors_of(ctx.first_group(ctx.mentions_between(at + 2, min(at + 5, end))))


def _holder(ctx: SentenceContext, i: int) -> tuple[Actor, ...]:
    """Whom a claim to land is against when the land is no actor: the one a relative clause says
    holds it ("claims the Essequibo region, which Guyana administers")."""
    for j in range(i + 1, ctx.sent.end - 2):
        if ctx.lower(j) in ("which", "that") and ctx.has_word(_HOLDS, j + 2, min(j + 6, ctx.sent.end)):
            return actors_of(ctx.first_group(ctx.mentions_between(j + 1, min(j + 5, ctx.sent.end))))
    return ()


def _rejecter(ctx: SentenceContext, i: int) -> tuple[Actor, ...]:
    """Whom a land claim is against when the land is no actor: whoever turns it down, the one that
    holds the land ("Cyprus rejected Turkey's claims to gas fields", "Moscow's rejection of Tokyo's claim")."""
    owner = ctx.possessor(i)
    if not owner:
        return ()
    start = ctx.clause(owner[0].start)[0]
    turned = next((j for j in range(owner[0].start - 1, max(start, owner[0].start - 5) - 1, -1)
                   if ctx.lower(j) in _DISMISS | REJECTION_NOUNS), None)
    return () if turned is None else without(ctx.rejecters(turned), actors_of(owner))


def _claim_event(ctx: SentenceContext, i: int, cameo: str | None, kind: str, sources: tuple[Actor, ...],
                 targets: tuple[Actor, ...], mentions: list) -> Iterator[Event]:
    if not sources or not targets:
        return
    start = ctx.clause(i)[0]
    target, about = (targets[:1], targets[1:]) if kind == "demand" else (targets, ())
    if kind in ("territorial", "threat"):  # "attacks on Crimea would trigger ...": aimed at Ukraine
        target, about = _held_by(target, sources)
    yield make_event(
        ctx, cameo, family="claim", kind=kind, status="occurred", sources=sources, targets=target, about=about,
        agents=persons_of(mentions), when=ctx.date_near(i, False), negated=ctx.negated(start, i),
        confidence=0.7 if ctx.parsed else 0.5,
    )


def _reported_wrongdoing(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """"X said (that) Y had violated ...": an accusation by the speaker against the doer, unless the
    speaker denies it or the doer is the speaker itself."""
    say = next((j for j in range(i - 1, ctx.sent.start - 1, -1) if ctx.lower(j) in _SAY), None)
    if say is None or ctx.has_word(DENY_WORDS | NEGATION_CUES, max(ctx.sent.start, say - 3), i):
        return
    speakers = _speakers(ctx, say)
    start = ctx.clause(i)[0]
    verb = i if ctx.token(i).pos_ in ("VERB", "AUX") or not ctx.parsed else ctx.token(i).head.i
    if ctx.has_word(words("been was were being"), max(start, verb - 2), verb):
        # "said the images had been staged by Ukraine": the doer is the agent, the subject what was done to
        doers = without(actors_of(ctx.first_group(ctx.by_agents(verb, ctx.clause(verb)[1]))), speakers)
    else:
        doers = without(actors_of(ctx.subject(verb) or ctx.core(max(start, say + 1), i)), speakers)
    yield from _claim_event(ctx, i, "112", "accusation", speakers, doers[:1], [])


def _held_by(targets: tuple[Actor, ...], sources: tuple[Actor, ...]) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
    """A claim on a territory is a claim against the state it belongs to ("annexed Crimea" is aimed at
    Ukraine); the territory stays on the event as what it is about."""
    kb, claimants = load_kb(), {a.key for a in sources}
    held, about = [], []
    for target in targets:
        owner = kb.sovereign(target)
        if owner is not None and owner.key not in claimants:
            held.append(owner)
            about.append(target)
        else:
            held.append(target)
    return tuple({a.key: a for a in held}.values()), tuple(about)


def _mutual(ctx: SentenceContext, i: int) -> bool:
    """"accused each other", "traded accusations": a reciprocal act, one event each way."""
    following = " ".join(ctx.lower(j) for j in range(i + 1, min(i + 3, ctx.sent.end)))
    if i > ctx.sent.start and ctx.lower(i - 1) == "each" and following == "the other":
        return True  # "each blamed the other"
    return following in ("each other", "one another") or (i > ctx.sent.start and ctx.lower(i - 1) in _MUTUAL_VERBS)


def _threatened(ctx: SentenceContext, i: int) -> tuple[Actor, ...]:
    """Whom a threat is aimed at when no one follows the verb: the subject of what it warns of
    ("warned that Taipei would pay a heavy price") or of its condition ("... if Finland joined NATO")."""
    start, end = ctx.clause(i)
    complement = ctx.core(end, _complement_end(ctx, end)) if end < ctx.sent.end and ctx.lower(end) == "that" else []
    condition = next((j for j in range(i + 1, ctx.sent.end) if ctx.lower(j) in ("if", "unless")), None)
    # "if Greek ships entered the zone": whose ships count, as the thing a threat is aimed at does
    subjects = ctx.first_group(complement) or (ctx.aimed_at(condition, ctx.clause(condition + 1)[1])
                                              if condition is not None else [])
    return actors_of(subjects)


def _complement_end(ctx: SentenceContext, end: int) -> int:
    """A demand's content runs on into its "that" clause, up to the next comma or clause break."""
    if end < ctx.sent.end and ctx.lower(end) == "that":
        end += 1
        while end < ctx.sent.end and ctx.lower(end) != "," and not ctx.token(end).is_punct:
            end += 1
    return end


def _relative_clause(ctx: SentenceContext, start: int, targets: tuple[Actor, ...]) -> tuple[tuple, tuple]:
    """"Taiwan, which it claims": the antecedent is the target, "it" the nearest actor before it."""
    if start - 1 <= ctx.sent.start or ctx.lower(start - 1) not in ("which", "that", "whom"):
        return (), targets
    if not any(ctx.lower(j) in ("it", "they") for j in range(start, min(start + 2, ctx.sent.end))):
        return (), targets
    earlier = ctx.mentions_between(ctx.sent.start, start - 1)
    if not earlier:
        return (), targets
    antecedent = earlier[-1].actor
    holder = [m.actor for m in earlier[:-1] if m.actor.key != antecedent.key]
    return (holder[-1],) if holder else (), (antecedent,)


def _denial(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """A denial by an actor, aimed at whoever accused it; actors named in what it denies are its topic."""
    start, end = ctx.clause(i)
    passive = ctx.passive(i, end) or (ctx.lower(i) == "brushed" and ctx.passive(i + 1, end))
    deniers = ctx.by_agents(i, end) if passive else (
        ctx.possessor(i) if ctx.lower(i) == "denial" else ctx.subject(i) or _verb_subject(ctx, i) or ctx.core(start, i))
    sources = actors_of(deniers)
    if not sources:
        return
    targets = without(_accuser_named(ctx), sources) or ctx.last_author_against(sources)
    named = actors_of(ctx.core(i + 1, _complement_end(ctx, end), trigger=i))
    keys = {a.key for a in sources + targets}
    yield make_event(
        ctx, None, family="claim", kind="denial", status="occurred", sources=sources, targets=targets,
        about=tuple(a for a in named if a.key not in keys), agents=persons_of(deniers),
        when=ctx.date_near(i, False), negated=False, confidence=0.6 if targets else 0.45,
    )


def _verb_subject(ctx: SentenceContext, i: int) -> list | None:
    """The subject of the verb of naming a word hangs from ("Minsk called the accusations a provocation")."""
    if not ctx.parsed or ctx.token(i).pos_ == "VERB" or ctx.token(i).head.lower_ not in _NAMING:
        return None
    return ctx.subject(ctx.token(i).head.i)


def _accuser_named(ctx: SentenceContext) -> tuple[Actor, ...]:
    """Whom a denial answers: the owner of the accusation ("denied Australia's accusation", "US
    charges that ...") or its source ("accusations from Brussels")."""
    for j in range(ctx.sent.start, ctx.sent.end):
        if ctx.lower(j) not in ACCUSATION_NOUNS | _DISMISSED:
            continue
        owner = ctx.possessor(j) or [m for m in ctx.mentions if m.end == j]
        by = j + 2 if ctx.lower(min(j + 1, ctx.sent.end - 1)) in _MADE else j + 1  # "accusations made by Kyiv"
        source = [m for m in ctx.mentions if m.start in (by + 1, by + 2) and ctx.lower(min(by, ctx.sent.end - 1)) in ("from", "by")]
        if owner or source:
            return actors_of(owner or source)
    return ()


def _accusation_code(ctx: SentenceContext, i: int) -> str:
    """The most specific accusation code the rest of the sentence supports (espionage, war crimes...)."""
    for code, cues in _ACCUSATION_CONTEXT.items():
        if ctx.has_word(cues, i, ctx.sent.end):
            return code
    return "112"


#: Words one of which a sentence must hold for this module to find a claim in it: every word a
#: rule in `find` starts from ("part" for "is part of", "held" for "held responsible").
CUES = (_CLAIM | _ANNEX | _ASK | _RETALIATE | frozenset(_ISSUED_THINGS) | _DISCREDITED | ACCUSATION_NOUNS
        | frozenset(_POSSESSED) | _DISMISS | _WRONGDOING | _INTRUDED | _CARRIED_OUT | _ALLEGE | _DEMAND
        | frozenset(_DEMAND_PAIRS) | ACCUSE_WORDS | DENY_WORDS | _THREATEN | _NOUN_TRIGGERS
        | _HARM | words("sovereignty part finger committed pay exact extract evidence held holds hold holding met meet"))
