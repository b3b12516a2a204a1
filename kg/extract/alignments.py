"""Alignments: cooperation (CAMEO 05x/06x), opposition (11x) and rejection (12x) between actors."""

from __future__ import annotations

from collections.abc import Iterator

from kg.actors import Mention
from kg.events import Actor, Event
from kg.extract.common import (
    REJECTION_NOUNS,
    SentenceContext,
    actors_of,
    make_event,
    persons_of,
    without,
    words,
)

#: Verbs that by themselves say two actors work together.
_COOPERATE_VERBS = words("aligned align aligns cooperate cooperated cooperates cooperating partnered allied "
                         "collaborate collaborated collaborating teamed")
#: Nouns of cooperation, which count only with a verb that makes them happen ("signed a pact").
_COOPERATE_NOUNS = words("cooperation partnership pact pacts treaty treaties accord accords agreement agreements "
                         "alliance deal deals ties commitment memorandum protocol charter framework")
_MAKING = words("sign signed signs signing agree agreed agrees deepen deepened deepening strengthen declared "
                "declare announced launched established "
                "strengthened strengthening boost boosted expand expanded forge forged forging enhance "
                "enhanced upgrade upgraded improve improved pledge pledged vow vowed reaffirm reaffirmed "
                "seal sealed conclude concluded reach reached ink inked form formed formalise formalize "
                "renew renewed step stepped bolster bolstered clinched clinch finalised finalized "
                "cemented cement")
#: Words saying two actors stand against each other, symmetric when coordinated ("X and Y").
_OPPOSE_SYMMETRIC = words("odds tensions tension rift rivalry feud standoff dispute clashed")
#: Words before an opposition noun that make it over or a mere label ("ending a dispute", "a dispute
#: mechanism").
_SETTLED = words("ending ended end ends resolve resolved resolving settle settled settling triggering "
                 "triggered trigger calm ease easing defuse defusing reduce lower")
#: Verbs after "agreed to" that make the agreement an act against a third party, told as a sanction.
_AGAINST_THIRD = words("ban impose sanction sanctions halt suspend restrict expel cut")
#: Verbs of one actor criticising another.
_OPPOSE_DIRECTED = words("condemned condemns condemn criticised criticized criticises criticizes criticise "
                         "criticize denounced denounces denounce opposed opposes oppose slammed slams slam "
                         "protested rebuked rebukes rebuke blasted blasts chided scolded reprimanded castigated "
                         "decried deplored lambasted berated assailed assails censured censures condemning "
                         "criticising criticizing denouncing slamming rebuking decrying deploring")
#: "drawing a rebuke from Israel", "sparked protests from Beijing": criticism drawn by the subject's act.
_REACTIONS = words("criticism condemnation condemnations rebuke rebukes protest protests anger outrage ire")
_DRAW = words("drew draw draws drawing drawn sparked sparking sparks prompted prompting prompts triggered triggering "
              "provoked provoking earned earning")
#: "lashed out at", "hit out at": criticism with its target after "at".
_OUT_AT = words("lashed lashes hit hits")
#: "traded barbs": a mutual exchange of criticism.
_BARBS = words("barbs insults recriminations")  # traded accusations are claims, told by the claims extractor
#: "conveyed its serious concern to Moscow": concern counts as criticism only when voiced to someone.
_CONCERN = words("concern concerns objection objections protest complaint complaints representations")
_VOICED = words("conveyed expressed voiced raised lodged registered filed")
_REJECT = words("rejected rejects reject rejecting rebuffed rebuffs spurned dismissed refused vetoed vetoes veto "
                "blocked blocks") | REJECTION_NOUNS
#: Things a rejection is of, whose author becomes the rejection's target.
_PROPOSALS = words("demand demands proposal proposals request requests offer offers call calls plan plans "
                   "ultimatum bid overtures warning warnings threat threats criticism concern concerns")
#: Rejections of accusations and reports are denials (claims), not alignments.
_REPORTS = words("report reports assertion assertions")
#: Verbs that make cooperation a fact now, even when what was agreed lies ahead ("agreed to deepen").
_DONE = words("agree agreed agrees sign signed signs pledged pledge pledging vowed")
_RESTORE = words("restored restore restores restoring normalised normalized normalise normalize reopened reopen "
                 "resumed resume")
_RELATIONS = words("relations ties embassy embassies")
#: "established diplomatic relations", "recognised Kosovo": a state accepting another (CAMEO 054).
_RECOGNISE = words("recognise recognize recognised recognized recognises recognizes established establish")
#: Material help sent to another actor is cooperation (CAMEO 06): "sent troops to Russia".
_SEND = words("sent send sends sending supplied supply supplies supplying delivered deliver delivers provided "
              "provide provides providing pledged pledges")
_MATERIEL = words("troops weapons arms missiles ammunition aid shells drones tanks soldiers vehicles jets artillery "
                  "rockets equipment warships carrier carriers")
_EXERCISES = words("drills drill exercises exercise patrol patrols manoeuvres maneuvers")
#: Verbs of engaging with someone, refused when told as a negated intention ("would not join").
_REFUSED = words("join hold seek accept recognise recognize negotiate attend sign resume talks allow approve")
#: Verbs of refusing whose "to" clause names what was refused, not an act that took place.
_DECLINE = words("refused refuses refuse refusing declined declines decline declining")
#: Leaving an agreement rejects the other parties to it: "pulled out of the grain deal".
_LEAVE = words("withdrew withdraws withdraw withdrawing quit quits exited exits pulled pulls pulling pull "
               "suspended suspends suspending")
#: Leaving words that need a particle or object to leave: "pulled out of", "suspended its participation in".
_LEAVE_WITH = {**dict.fromkeys(words("pulled pulls pulling pull"), words("out")),
               **dict.fromkeys(words("suspended suspends suspending"), words("participation membership"))}
_AGREEMENTS = words("deal treaty agreement accord pact initiative")
#: Verbs of backing another actor or what it does.
_SUPPORT = words("praised praises backed backs supported supports endorsed endorses welcomed welcomes hailed "
                 "hails applauded applauds thanked thanks approved approves ratified ratifies")
#: "granted Ukraine candidate status": an organisation or state admitting another to a standing.
_GRANT = words("granted grants grant granting")
_STANDING = words("status membership candidacy")
#: Verbs of a state entering an organisation ("joined NATO", "applied to join the EU", "readmitted to").
_JOIN = words("joined joins join joining readmitted admitted rejoined rejoin")
#: "called the decision a provocation", "branded the visit reckless": criticism by naming.
_CALLED = words("called calls branded brands described describes labelled labeled labels termed")
_DAMNING = words("provocation provocative violation betrayal mistake aggression dangerous reckless unacceptable "
                 "illegal irresponsible hostile interference blackmail destabilising destabilizing")
#: "summoned the Iranian ambassador": a formal protest to the envoy's state.
_SUMMON = words("summoned summons summon")
_MILITARY = words("military defence defense security troops naval army")
_ECONOMIC = words("trade economic investment energy economy")


def find(ctx: SentenceContext) -> Iterator[Event]:
    """Cooperation, opposition and rejection events in one sentence."""
    for i in ctx.asserted():
        word = ctx.lower(i)
        if ctx.claimed(i) or _turned_down(ctx, i):
            continue  # "denied supplying drones to Russia": what is denied or accused did not happen here
        if _refuses(ctx, i):  # the negation is the refusal, not a denial of it
            yield from _directed(ctx, i, "rejection", "120", negated=False)
        elif word in _COOPERATE_VERBS or (word in _COOPERATE_NOUNS and _made(ctx, i)) or _agreed_together(ctx, i) \
                or _restored(ctx, i) or _joint(ctx, i):
            yield from _symmetric(ctx, i, "cooperation")
        elif word in _GRANT and ctx.has_word(_STANDING, i + 1, min(i + 7, ctx.sent.end)):
            yield from _granted(ctx, i)
        elif (word in _JOIN or _becomes_member(ctx, i)) and _organisation_after(ctx, i):
            yield from _membership(ctx, i, _organisation_after(ctx, i))
        elif word in _SUPPORT and (not ctx.parsed or ctx.token(i).pos_ == "VERB") and not _welcomes_a_visitor(ctx, i):
            yield from _support(ctx, i)
        elif word in _SEND and (not ctx.parsed or ctx.token(i).pos_ == "VERB") and ctx.has_word(
                _MATERIEL, i + 1, min(i + 8, ctx.sent.end)):
            yield from _sent_help(ctx, i)
        elif word in _RECOGNISE and _recognition(ctx, i):
            yield from _recognition_event(ctx, i)
        elif word in ("switch", "switched", "switches", "switching") and ctx.has_word(
                words("recognition ties relations allegiance"), i + 1, min(i + 4, ctx.sent.end)):
            yield from _switched_to(ctx, i)
        elif word in _LEAVE and ctx.has_word(_AGREEMENTS, i + 1, min(i + 10, ctx.sent.end)) and (
                word not in _LEAVE_WITH or ctx.has_word(_LEAVE_WITH[word], i + 1, min(i + 3, ctx.sent.end))):
            yield from _directed(ctx, i, "rejection", "120", targets=_other_party(ctx, i))
        elif word == "ruled" and ctx.lower(min(i + 1, ctx.sent.end - 1)) == "out":
            yield from _directed(ctx, i, "rejection", "120")
        elif word in _CALLED and ctx.has_word(_DAMNING, i + 1, min(i + 8, ctx.clause(i)[1])):
            yield from _directed(ctx, i, "opposition", "111", targets=_named_or_last(ctx, i))
        elif word in _SUMMON:
            yield from _directed(ctx, i, "opposition", "111")
        elif word in _OUT_AT and ctx.lower(min(i + 1, ctx.sent.end - 1)) == "out" and ctx.lower(
                min(i + 2, ctx.sent.end - 1)) == "at":
            yield from _directed(ctx, i, "opposition", "111")
        elif word in _BARBS and i > ctx.sent.start and ctx.lower(i - 1) in ("traded", "exchanged", "trade", "exchange"):
            yield from _symmetric(ctx, i, "opposition")
        elif word in _OPPOSE_SYMMETRIC and not _settled(ctx, i):
            yield from _symmetric(ctx, i, "opposition")
        elif word in _REACTIONS and ctx.has_word(_DRAW, max(ctx.sent.start, i - 3), i) and _critics(ctx, i):
            yield from _drawn(ctx, i)
        elif word in _OPPOSE_DIRECTED and not _describes_a_thing(ctx, i) or (word in _CONCERN and ctx.has_word(_VOICED, *ctx.clause(i))):
            yield from _directed(ctx, i, "opposition", "111", targets=_owner_of_topic(ctx, i) if word in _CONCERN else None)
        elif word in _REJECT or (word in ("turned", "brushed") and ctx.lower(min(i + 1, ctx.sent.end - 1)) in ("down", "aside")):
            yield from _rejection(ctx, i)


def _agreed_together(ctx: SentenceContext, i: int) -> bool:
    """"Iran and Saudi Arabia agreed (late on Friday) to restore relations", "China agreed to resume
    talks with the US": two or more parties agreeing is cooperation."""
    if ctx.lower(i) not in ("agreed", "agree", "agrees"):
        return False
    to = next((j for j in range(i + 1, min(i + 6, ctx.sent.end)) if ctx.lower(j) == "to"), None)
    if to is None and i + 1 < ctx.sent.end and ctx.lower(i + 1) == "on":
        to = i + 1  # "agreed on a ceasefire"
    if to is None or to + 1 < ctx.sent.end and ctx.lower(to + 1) in _AGAINST_THIRD:
        return False
    start, end = ctx.clause(i)
    return len(actors_of(ctx.core(start, end, trigger=i))) >= 2 or bool(ctx.plural_antecedent(start, i))


def _granted(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """"The EU granted Ukraine and Moldova candidate status": the grantor with each grantee, named
    before the standing (the parser often reads them as modifiers of "status")."""
    start = ctx.clause(i)[0]
    standing = next(j for j in range(i + 1, ctx.sent.end) if ctx.lower(j) in _STANDING)
    grantors = actors_of(ctx.subject(i) or ctx.core(start, i)[:1])
    for grantee in without(actors_of(ctx.mentions_between(i + 1, standing)), grantors):
        if grantors:
            yield _cooperation(ctx, i, "050", grantors + (grantee,))


def _becomes_member(ctx: SentenceContext, i: int) -> bool:
    """"became NATO's 32nd member", "became a member of the WTO"."""
    return ctx.lower(i) in ("became", "becomes", "become") and ctx.has_word(
        words("member members"), i + 1, min(i + 7, ctx.sent.end))


def _welcomes_a_visitor(ctx: SentenceContext, i: int) -> bool:
    """"welcomed Abe to Ahmedabad" is a visit, told by the meetings extractor; "welcomed Putin" greets
    a person, no act to back."""
    if not ctx.lower(i).startswith("welcom"):
        return False
    return ctx.welcomes_guest(i) or any(m.person is not None or m.via == "OFFICIAL"
                                        for m in ctx.mentions_between(i + 1, min(i + 6, ctx.sent.end)))


def _support(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """Praise, backing or welcome of another actor or of its act ("backed Ukraine's bid", "welcomed
    the proposal" made by someone before) aligns the two (CAMEO 051, PLOVER SUPPORT)."""
    start, end = ctx.clause(i)
    passive = ctx.passive(i, end)
    supporters = ctx.by_agents(i, end) if passive else ctx.subject(i) or ctx.core(start, i)
    backers = actors_of(supporters)
    stop = next((j for j in range(i + 1, end) if ctx.lower(j) in (",", ";")), end)  # the object ends at a comma
    # "Finland's accession to NATO was approved by Turkey": the first party named is the one backed
    objects = ctx.first_group(ctx.core(start, i)) if passive else ctx.aimed_at(i, stop, exclude={a.key for a in backers})
    # "welcomed the proposal": the author of the proposal told before
    authored = ctx.last_author_against(backers) if ctx.has_word(_PROPOSALS, i + 1, min(i + 4, end)) else ()
    backed = without(actors_of(objects), backers) or without(authored, backers)
    if not backers or not backed:
        return
    yield _cooperation(ctx, i, "051", backers + backed, agents=persons_of(supporters), confidence=0.6)


def _organisation_after(ctx: SentenceContext, i: int) -> list[Mention]:
    """The organisation a state joins: "joined NATO", "readmitted to the Arab League", "join the EU"."""
    member = _becomes_member(ctx, i)  # "became the 32nd member of NATO"
    return [m for m in ctx.mentions_between(i + 1, min(i + (8 if member else 5), ctx.sent.end))
            if m.actor.type == "organisation" and ctx.preposition_before(m) in ((None, "to", "of") if member else (None, "to"))][:1]


def _membership(ctx: SentenceContext, i: int, organisation: list[Mention]) -> Iterator[Event]:
    """A state joining an organisation (or applying, or being readmitted) aligns the two (CAMEO 057)."""
    start, end = ctx.clause(i)
    if ctx.lower(i - 1) == "from" or start > ctx.sent.start and ctx.lower(start - 1) in ("if", "unless", "whether"):
        return  # "barred from joining NATO", "if Finland joined NATO": no one joins
    if ctx.lower(i - 1) == "to" and ctx.lower(i - 2) in ("bid", "application", "request", "drive", "plan", "plans"):
        members = ctx.possessor(i - 2)  # "Ukraine's bid to join the EU" is Ukraine's
    else:
        members = ctx.subject(i) or ctx.core(start, i)
    parties = actors_of(members) + tuple(a for a in actors_of(organisation) if a not in actors_of(members))
    if len(parties) < 2:
        return
    future = ctx.future(start, i) and ctx.lower(i) != "join"
    yield _cooperation(ctx, i, "057", parties, future, agents=persons_of(members))


def _turned_down(ctx: SentenceContext, i: int) -> bool:
    """"refused to recognise", "declined to join": the refusing verb tells the event (a rejection)."""
    return i - 2 >= ctx.sent.start and ctx.lower(i - 1) == "to" and ctx.has_word(_DECLINE, max(ctx.sent.start, i - 5), i - 1)


def _refuses(ctx: SentenceContext, i: int) -> bool:
    """"would not hold talks with", "will never recognise", "would no longer seek reconciliation with",
    "had no interest in talks with": a refusal, told as a negated intention."""
    if ctx.lower(i) not in _REFUSED:
        return False
    before = [ctx.lower(j) for j in range(max(ctx.sent.start, i - 4), i)]
    if "no interest in" in " ".join(before):  # "no interest in (further) talks with"
        return True
    return bool(set(before) & {"would", "will", "wo", "could", "can", "ca"}) and bool(
        set(before) & {"not", "n't", "never", "longer"})


def _named_or_last(ctx: SentenceContext, i: int) -> tuple[Actor, ...] | None:
    """Whose act is criticised: an actor named in the object ("called the US move a provocation"), or
    the one who acted in the event told just before ("Germany agreed ... Moscow called the decision ...")."""
    start, end = ctx.clause(i)
    critics = {a.key for a in actors_of(ctx.subject(i) or ctx.core(start, i))}
    named = [m for m in ctx.mentions_between(i + 1, end) if m.actor.key not in critics]
    if named:
        return None  # the usual object rules find it
    for event in reversed(ctx.history):
        actors = [a for a in event.sources + event.participants if a.key not in critics]
        if actors:
            return (actors[0],)
    return ()


def _other_party(ctx: SentenceContext, i: int) -> tuple[Actor, ...]:
    """The other side of an agreement left: "the Iran nuclear deal", "the deal that allowed Ukraine ..."."""
    start = ctx.clause(i)[0]
    leavers = {a.key for a in actors_of(ctx.subject(i) or ctx.core(start, i))}
    after = [m for m in ctx.mentions_between(i + 1, ctx.sent.end) if m.actor.key not in leavers]
    return actors_of(after[:1])


def _sent_help(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """"North Korea has sent troops to Russia": the sender and the receiver cooperate militarily."""
    start, end = ctx.clause(i)
    senders = actors_of(ctx.subject(i) or ctx.core(start, i))
    receivers = without(actors_of([m for m in ctx.mentions_between(i + 1, end) if ctx.preposition_before(m) == "to"][:1]),
                        senders)
    if not senders or not receivers or ctx.has_word(words("out against not"), max(start, i - 3), i):
        return  # "ruled out sending weapons", "decided against sending troops"
    # "will send tanks": an intent to give material help (CAMEO 033); "agreed to send" is done now
    future = ctx.future(start, i) and not ctx.has_word(_DONE, start, i)
    yield _cooperation(ctx, i, "033" if future else "062", senders + receivers, future, confidence=0.6)


def _recognition(ctx: SentenceContext, i: int) -> bool:
    """"established diplomatic relations", "recognised Kosovo", "would recognise a Palestinian state"."""
    if ctx.lower(i).startswith("establish"):
        return ctx.has_word(words("relations ties"), i + 1, min(i + 4, ctx.sent.end))
    after = ctx.mentions_between(i + 1, min(i + 4, ctx.sent.end))
    return bool(after) and after[0].actor.type in ("state", "territory")


def _recognition_event(ctx: SentenceContext, i: int) -> Iterator[Event]:
    start, end = ctx.clause(i)
    if ctx.lower(i).startswith("establish"):
        # "broke off relations with Taiwan and established ties with Beijing": the subject and the "with" party
        partner = [m for m in ctx.mentions_between(i + 1, end) if ctx.preposition_before(m) == "with"][:1]
        founders = actors_of(ctx.subject(i) or ctx.core(start, i)[:1])
        if founders and without(actors_of(partner), founders):
            future = ctx.future(start, i)
            yield _cooperation(ctx, i, "030" if future else "054", founders + without(actors_of(partner), founders), future)
        else:
            yield from _symmetric(ctx, i, "cooperation")
        return
    recognisers = actors_of(ctx.subject(i) or ctx.core(start, i)) or tuple(ctx.plural_antecedent(start, i))
    recognised = without(actors_of(ctx.mentions_between(i + 1, min(i + 4, end))[:1]), recognisers)
    if not recognisers or not recognised:
        return
    future = ctx.future(start, i)
    yield _cooperation(ctx, i, "030" if future else "054", recognisers + recognised, future)


def _switched_to(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """"switched diplomatic recognition from Taipei to Beijing": cooperation with the one switched to."""
    start, end = ctx.clause(i)
    switchers = actors_of(ctx.subject(i) or ctx.core(start, i)[:1])
    to = [m for m in ctx.mentions_between(i + 1, ctx.sent.end) if ctx.preposition_before(m) == "to"][:1]
    if not switchers or not without(actors_of(to), switchers):
        return
    future = ctx.future(start, i)
    yield _cooperation(ctx, i, "030" if future else "054", switchers + without(actors_of(to), switchers), future)


def _cooperation(ctx: SentenceContext, i: int, cameo: str, parties: tuple[Actor, ...], future: bool = False,
                 agents: tuple[Actor, ...] = (), confidence: float = 0.65) -> Event:
    """A symmetric cooperation event of the parties, planned when told of the future; a blank
    pipeline's reading is trusted less."""
    return make_event(
        ctx, cameo, family="alignment", kind="cooperation", status="planned" if future else "occurred",
        participants=parties, agents=agents, when=ctx.date_near(i, future), negated=ctx.negated(ctx.clause(i)[0], i),
        confidence=confidence if ctx.parsed else confidence - 0.15,
    )


def _settled(ctx: SentenceContext, i: int) -> bool:
    """"ending a dispute", "a dispute mechanism", "talks on their boundary dispute": the opposition is
    over, only names a thing, or is the topic of something else."""
    if ctx.has_word(_SETTLED, max(ctx.sent.start, i - 3), i):
        return True
    if ctx.has_word(words("on over about"), max(ctx.sent.start, i - 3), i):
        return True
    return ctx.parsed and ctx.token(i).dep_ == "compound"


def _restored(ctx: SentenceContext, i: int) -> bool:
    """"restored diplomatic relations", "normalised ties", "reopened their embassies"."""
    if ctx.lower(i) not in _RESTORE:
        return False
    # a border counts only when reopened: "resume border talks" restores nothing yet
    relations = _RELATIONS | (words("border borders") if ctx.lower(i).startswith("reopen") else frozenset())
    return any(ctx.lower(j) in relations for j in range(i + 1, min(i + 4, ctx.sent.end)))


def _joint(ctx: SentenceContext, i: int) -> bool:
    """"began joint military drills": a joint exercise or patrol of two or more states; "vowed to
    respond jointly": two or more acting together."""
    if ctx.lower(i) == "jointly":
        return len(actors_of(ctx.core(ctx.clause(i)[0], i))) >= 2
    return ctx.lower(i) == "joint" and any(
        ctx.lower(j) in _EXERCISES for j in range(i + 1, min(i + 4, ctx.sent.end)))


def _made(ctx: SentenceContext, i: int) -> bool:
    """A cooperation noun counts when a verb in its clause makes it happen, and is not part of a name."""
    start, end = ctx.clause(i)
    named = any(m.end in (i, i - 1) for m in ctx.mentions) and ctx.lower(i) == "alliance"
    if ctx.lower(i) == "ties":  # "deepened their ties", not "cut ties with Taiwan and signed ..."
        near = max(start, i - 3)
        return ctx.has_word(_MAKING, near, i) and not ctx.has_word(_RECOGNISE, near, i)  # "established ties": recognition
    return not named and ctx.has_word(_MAKING, start, end)


def _symmetric(ctx: SentenceContext, i: int, kind: str) -> Iterator[Event]:
    start, end = ctx.clause(i)
    antecedent = tuple(ctx.plural_antecedent(start, i))
    between = ctx.between(i)
    # "diplomacy between their leaders" names no two parties: the clause's subjects are the parties
    mentions = between if len(actors_of(between)) >= 2 else ([] if antecedent else ctx.core(start, end, trigger=i))
    parties = antecedent or actors_of(mentions)
    if len(parties) < 2:
        return
    # Tension is a state of affairs, told as it stands; only cooperation can be planned.
    future = kind == "cooperation" and ctx.future(start, i) and not ctx.has_word(_DONE, start, i)
    yield make_event(
        ctx, _cameo(ctx, kind, start, end, future), family="alignment", kind=kind,
        status="planned" if future else "occurred", participants=parties, agents=persons_of(mentions),
        when=ctx.date_near(i, future), negated=ctx.negated(start, i), confidence=0.7 if ctx.parsed else 0.55,
    )


def _cameo(ctx: SentenceContext, kind: str, start: int, end: int, future: bool) -> str:
    if kind == "opposition":
        return "110"
    if future:
        return "030"
    if ctx.has_word(words("sign signed signs signing inked"), start, end):
        return "057"
    if ctx.has_word(_MILITARY, start, end):
        return "062"
    return "061" if ctx.has_word(_ECONOMIC, start, end) else "050"


def _describes_a_thing(ctx: SentenceContext, i: int) -> bool:
    """"an EU statement criticising China": a participle saying what a thing says, not an act."""
    token = ctx.token(i)
    return ctx.parsed and token.tag_ == "VBG" and token.dep_ == "acl" and token.head.pos_ == "NOUN"


def _owner_of_topic(ctx: SentenceContext, i: int) -> tuple[Actor, ...] | None:
    """"expressed concern over China's military drills": concern over an act is aimed at whose act it
    is; None leaves the target to the phrase after the trigger ("conveyed its concern to Moscow")."""
    over = next((j for j in range(i + 1, min(i + 3, ctx.sent.end)) if ctx.lower(j) in ("over", "about", "at")), None)
    if over is None:
        return None
    owners = [m for m in ctx.mentions_between(over + 1, min(over + 4, ctx.sent.end))
              if m.via == "DEMONYM" or m.end < ctx.sent.end and ctx.lower(m.end) in ("'s", "’s")]
    return actors_of(owners[:1]) or None


def _critics(ctx: SentenceContext, i: int) -> list[Mention]:
    """Who a drawn reaction comes from: "drawing a furious rebuke from Israel"."""
    return ctx.first_group([m for m in ctx.mentions_between(i + 1, ctx.clause(i)[1]) if ctx.preposition_before(m) == "from"])


def _drawn(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """Criticism an act drew: from those it came from, at the one who acted (the clause's subject)."""
    critics = _critics(ctx, i)
    start = ctx.clause(i)[0]
    actors = ctx.subject(i) or ctx.core(start, i)[:1] or ctx.core(ctx.sent.start, start)[:1]
    yield from _directed(ctx, i, "opposition", "111", targets=actors_of(actors), sources=actors_of(critics))


def _directed(ctx: SentenceContext, i: int, kind: str, cameo: str,
              targets: tuple[Actor, ...] | None = None, negated: bool | None = None,
              sources: tuple[Actor, ...] | None = None) -> Iterator[Event]:
    start, end = ctx.clause(i)
    passive = ctx.passive(i, end)
    agents = ctx.by_agents(i, end)
    before = ctx.subject(i) or ctx.core(start, i)
    if sources is None:
        sources = actors_of(agents) if passive else actors_of(before)
    if targets is None:
        targets = actors_of(before) if passive else actors_of([m for m in ctx.aimed_at(i, end) if m not in agents])
    targets = without(targets, sources)
    if not sources or not targets:
        return
    yield make_event(
        ctx, cameo, family="alignment", kind=kind, status="occurred", sources=sources, targets=targets,
        agents=persons_of(before + agents), when=ctx.date_near(i, False),
        negated=ctx.negated(start, i) if negated is None else negated, confidence=0.7 if ctx.parsed else 0.55,
    )


def _rejection(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """A rejection of a proposal or demand: its target is whoever made the rejected demand."""
    start, end = ctx.clause(i)
    if ctx.has_accusation(ctx.sent.start, end) or ctx.has_word(_REPORTS, ctx.sent.start, end) or ctx.has_word(
            words("account version"), i + 1, min(i + 4, end)):
        return  # rejecting an accusation or someone's account is a denial, told by the claims extractor
    if ctx.lower(i) in REJECTION_NOUNS and not ctx.possessor(i):
        return  # "a rejection of the plan" names no one who rejects
    if ctx.lower(i) in ("veto", "vetoes") and ctx.has_word(words("lifted lifts dropped drops withdrew"), max(start, i - 3), i):
        yield from _symmetric(ctx, i, "cooperation")  # "lifted its veto on Finland and Sweden"
        return
    if not any(_proposal(ctx, j) for j in range(start, end)):
        yield from _directed(ctx, i, "rejection", "120")
        return
    rejectors = ctx.rejecters(i)
    authors = without(_proposal_author(ctx, i, start, end), rejectors) or (
        ctx.last_author_against(rejectors) if rejectors else ())
    yield from _directed(ctx, i, "rejection", "120", targets=authors or None)


def _proposal_author(ctx: SentenceContext, i: int, start: int, end: int) -> tuple[Actor, ...]:
    """Who made the rejected proposal: its possessor ("Moscow's demand"), who it came "from", or for
    "its proposal" in reported speech the speaker ("Moscow said Washington had rejected its proposal")."""
    for j in range(start, end):
        if not _proposal(ctx, j):
            continue
        owner = ctx.possessor(j) or [m for m in ctx.mentions_between(j + 1, min(j + 8, end))
                                     if ctx.preposition_before(m) in ("from", "by")][:1]
        if owner:
            return actors_of(owner)
        if j > start and ctx.lower(j - 1) in ("its", "their") or j > start + 1 and ctx.lower(j - 2) in ("its", "their"):
            return actors_of(ctx.core(ctx.sent.start, start)[:1])
    return ()


def _proposal(ctx: SentenceContext, j: int) -> bool:
    """Something put forward that can be turned down: a demand, an offer, or a claim to land."""
    return ctx.lower(j) in _PROPOSALS or ctx.land_claim(j)


#: Words one of which a sentence must hold for this module to find an alignment in it.
CUES = (_REFUSED | _COOPERATE_VERBS | _COOPERATE_NOUNS | _RESTORE | _GRANT | _JOIN | _SUPPORT | _SEND | _RECOGNISE
        | _LEAVE | _CALLED | _SUMMON | _OUT_AT | _BARBS | _OPPOSE_SYMMETRIC | _REACTIONS | _OPPOSE_DIRECTED | _CONCERN
        | _REJECT | words("agreed agree agrees joint jointly became becomes become switch switched switches switching "
                          "ruled turned brushed"))
