"""Sanctions: imposed (CAMEO 163), threatened (1312) and lifted (085).

Who sanctions whom depends on the verb: "the EU imposed sanctions on Russia" puts the imposer
first, "Russia would face sanctions" puts the target first. A sanction on several states is one
event per target, since each is a fact of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.actors import Mention
from kg.events import Actor, Event
from kg.extract.common import (
    MEASURE_WORDS,
    SANCTION_WORDS,
    SentenceContext,
    actors_of,
    make_event,
    persons_of,
    without,
    words,
)

_LIFTED = words("lift lifted lifting lifts ease eased easing eases remove removed removing scrap scrapped "
                "end ended ending relief waive waived waiving unfreeze revoke revoked suspended suspend "
                "suspends suspending suspension easing")
#: Verbs after which what is agreed or decided is done, not merely threatened ("agreed to ban").
_DECIDED = words("agreed decided voted resolved")
_THREAT = words("threaten threatened threatening threatens warn warned warning warns would could might may "
                "if unless consider considering considers risk risks ready prepared vowed vows weighing")
#: Words between an actor and the trigger that make the actor the one sanctioned.
_RECEIVE = words("face faces faced facing under subject suffer suffered suffering")
#: Passive verbs after "was", "were", "been" or "being" that make the subject the one sanctioned.
_RECEIVED = words("hit slapped targeted sanctioned subjected placed put")
_ENVOYS = words("diplomat diplomats ambassador ambassadors envoy envoys embassy staff attache consul")
_TIES = words("ties relations")
#: Diplomatic sanctions: the verb, and the words its object must contain.
_DIPLOMATIC = {
    **dict.fromkeys(words("expelled expels expel expelling expulsion expulsions"), _ENVOYS),
    **dict.fromkeys(words("recalled recalls recall recalling withdrew withdraws"),
                    words("ambassador ambassadors envoy envoys")),
    **dict.fromkeys(words("severed severs sever cut cuts broke downgraded"), _TIES),
    # "ordered 35 Russian diplomats to leave": an expulsion
    **dict.fromkeys(words("ordered orders told"), _ENVOYS),
    # "suspended talks with the US", "halted cooperation with": halting negotiations (CAMEO 164)
    **dict.fromkeys(words("suspended suspends suspend halted halts halt froze freezes"),
                    _TIES | words("talks negotiations dialogue cooperation")),
}
_ORDER = words("ordered orders told")
#: Suspending a member of an organisation.
_SUSPEND = words("suspended suspends suspend suspending")
#: Help whose cut is a sanction, and whose "for" phrase names its receiver.
_AID = words("aid assistance")
#: Verbs that cut off trade, money or entry, and the words one of which must follow them.
_CUT_VERBS = words("halted halt halts halting suspend suspended suspends tighten tightened tightens paused pause pauses "
                   "withheld withhold withholds "
                   "restrict restricted restricts restricting curb curbed curbs ban banned bans froze freeze freezes "
                   "barred bar bars cut cuts stopped stop stops prohibited prohibits blocked blocks")
_CUT_OBJECTS = words("exports export imports import trade investment investments arms flights assets "
                     "members officials entering entry supplies supply gas electricity oil aid airlines carriers "
                     "ships vessels goods products shipments sales transfers payments banks")
_EXPORT = words("export exports shipments sales")
#: Lists of sanctioned parties, and the verbs that put someone on them.
_LISTS = words("blacklist blacklists")
_PUT = words("added adds put puts placed places")
#: Verbs that impose, lift or announce sanctions.
_ACTS = words("imposed imposes impose imposing announced announces announce lifted lifts lift eased eases ease "
              "slapped slaps levied levies extended extends")
#: Reactions to a sanction, whose agent judges it and did not impose it ("was condemned by the UN").
_JUDGED = words("condemned criticised criticized denounced decried slammed welcomed praised hailed backed supported "
                "opposed rejected questioned challenged protested")
#: "adopted the EU's sanctions": the subject imposes what another imposed first.
_ADOPT = words("adopted adopts adopt adopting joined joins join mirrored mirrors matched matches copied")
#: Verbs whose subject is the author of a threat told in the clause after them.
_WARN = words("warned warns threatened threatens told")


def find(ctx: SentenceContext) -> Iterator[Event]:
    """Sanction events in one sentence: sanctions and embargoes, and diplomatic ones (expulsions,
    recalled ambassadors, severed ties)."""
    for i in ctx.asserted():
        if ctx.lower(i) in SANCTION_WORDS and not _is_modifier_use(ctx, i):
            yield from _sanctions(ctx, i)
        elif ctx.lower(i) in _DIPLOMATIC and _diplomatic_object(ctx, i):
            yield from _diplomatic(ctx, i)
        elif ctx.lower(i) in _SUSPEND and _member_suspended(ctx, i):
            yield from _suspension(ctx, i)
        elif ctx.lower(i) == "persona" and ctx.doc[i:min(i + 3, ctx.sent.end)].text.lower() == "persona non grata":
            yield from _unwelcome(ctx, i)
        elif ctx.lower(i) in MEASURE_WORDS or ctx.lower(i) in _CUT_VERBS and ctx.has_word(
                _CUT_OBJECTS, i + 1, min(i + 6, ctx.sent.end)) and not ctx.has_word(
                SANCTION_WORDS | MEASURE_WORDS, i + 1, min(i + 6, ctx.sent.end)):  # "suspended sanctions on banks"
            yield from _sanctions(ctx, i, named_source=True)


def _diplomatic_object(ctx: SentenceContext, i: int) -> bool:
    """"expelled two diplomats", "recalled its ambassador", "cut diplomatic ties": the verb's object decides."""
    nearby = range(i + 1, min(i + 5, ctx.sent.end))
    if ctx.lower(i) in _ORDER and not ctx.has_word(words("leave"), i + 2, min(i + 9, ctx.sent.end)):
        return False
    return any(ctx.lower(j) in _DIPLOMATIC[ctx.lower(i)] for j in nearby)


def _diplomatic(ctx: SentenceContext, i: int) -> Iterator[Event]:
    start, end = ctx.clause(i)
    if ctx.lower(i).startswith("expulsion") or ctx.token(i).pos_ == "NOUN":
        # "Germany's expulsion of ...", "the expulsion of ... by Germany", "Beijing's recall of its ambassador"
        before = ctx.possessor(i) or ctx.by_agents(i, end)
    else:
        before = ctx.subject(i) or ctx.core(start, i)[-1:]
    sources = actors_of(before)
    of = i + 1 if i + 1 < end and ctx.lower(i + 1) == "of" else i  # "the recall of its ambassador to Vilnius"
    targets = actors_of(ctx.aimed_at(of, end, exclude={s.key for s in sources}))
    if not sources or not targets:
        return
    status = "threatened" if ctx.future(start, i) or ctx.has_word(_THREAT, start, i) else "imposed"
    halted_talks = ctx.has_word(words("talks negotiations dialogue cooperation"), i + 1, min(i + 5, end))
    cameo = "1313" if status == "threatened" else (
        "166" if ctx.lower(i).startswith("expel") or ctx.lower(i) in _ORDER else "164" if halted_talks else "161")
    for target in targets:
        yield make_event(
            ctx, cameo, family="sanction", kind="sanction", status=status, sources=sources, targets=(target,),
            agents=persons_of(before), when=ctx.date_near(i, status == "threatened"),
            negated=ctx.negated(start, i), confidence=0.7,
        )


def _member_suspended(ctx: SentenceContext, i: int) -> bool:
    """"The African Union suspended Mali", "Venezuela was suspended from Mercosur": a state put out of an
    organisation's bodies for a time; not "suspended talks" or "suspended imports", told elsewhere."""
    start, end = ctx.clause(i)
    state = next((m for m in ctx.mentions if m.start in (i + 1, i + 2) and m.actor.type == "state"), None)
    if state is not None:
        return state.end >= end or ctx.lower(state.end) not in _CUT_OBJECTS | _TIES
    suspended_by = ctx.from_whom(i, end)
    return bool(suspended_by) and suspended_by[0].actor.type == "organisation" and ctx.passive_verb(i)


def _suspension(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """The organisation suspends the state (CAMEO 160, reduce relations; PLOVER SANCTION)."""
    start, end = ctx.clause(i)
    if ctx.passive_verb(i):
        members, body = ctx.subject(i) or ctx.core(start, i)[-1:], ctx.from_whom(i, end)
    else:
        members = [m for m in ctx.mentions if m.start in (i + 1, i + 2)][:1]
        body = ctx.subject(i) or ctx.core(start, i)[-1:]
    sources = actors_of(body)
    targets = without(actors_of(members), sources)
    if not sources or not targets or sources[0].type != "organisation":
        return
    yield make_event(ctx, "160", family="sanction", kind="sanction", status="imposed", sources=sources,
                     targets=targets, agents=persons_of(body), when=ctx.date_near(i, False),
                     negated=ctx.negated(start, i), confidence=0.7)


def _unwelcome(ctx: SentenceContext, i: int) -> Iterator[Event]:
    """"declared Lula persona non grata": an expulsion of a foreign official (CAMEO 166) by the
    subject of "declared", aimed at the state of the one declared."""
    start = ctx.clause(i)[0]
    verb = next((j for j in range(i - 1, start - 1, -1) if ctx.lower(j).startswith("declar")), None)
    if verb is None:
        return
    imposers = ctx.subject(verb) or ctx.core(start, verb)[-1:]
    sources = actors_of(imposers)
    targets = without(actors_of(ctx.mentions_between(verb + 1, i)), sources)
    for target in targets:
        yield make_event(ctx, "166", family="sanction", kind="sanction", status="imposed", sources=sources,
                         targets=(target,), agents=persons_of(imposers),
                         when=ctx.date_near(i, False), negated=ctx.negated(start, i), confidence=0.7)


def _is_modifier_use(ctx: SentenceContext, i: int) -> bool:
    """"sanctions" naming a topic rather than an act ("a sanctions expert", "sanctions-busting")."""
    nxt = ctx.lower(i + 1) if i + 1 < ctx.sent.end else ""
    return nxt in ("expert", "experts", "lawyer", "lawyers", "-", "busting", "evasion", "list")


def _sanctions(ctx: SentenceContext, i: int, named_source: bool = False) -> Iterator[Event]:
    """Sanctions told around a trigger; with named_source (tariffs, bans, restrictions: words of
    ordinary trade news too) only when both sides are named."""
    start, end = ctx.clause(i)
    before = ctx.subject(i) or ctx.core(start, i)
    agents = [] if _judged_by(ctx, i, end) else ctx.by_agents(i, end)
    against = ctx.first_group([m for m in ctx.mentions_between(i + 1, end)
                               if m not in agents and ctx.preposition_before(m) == "against"])
    after = [m for m in ctx.aimed_at(i, end) or _destination(ctx, i, end) or against if m not in agents]
    between = range(before[-1].end if before else start, i)
    received = ctx.lower(i) == "sanctioned" and ctx.has_word(words("was were been being"), start, i) or (
        any(ctx.lower(j) in _RECEIVE or ctx.lower(j) in _RECEIVED and ctx.lower(j - 1) in ("was", "were", "been", "being")
            for j in between))
    if received and not before and ctx.lower(start) in ("it", "they"):
        before = ctx.core(ctx.sent.start, start)[-1:]  # "warned Ethiopia that it could face sanctions"
    hit = _hit_with(ctx, i, start)
    if hit:  # "threatening Baghdad with sanctions", "hit Moscow with new sanctions"
        targets, sources = actors_of(hit), without(actors_of(ctx.subject(hit[0].start - 1) or before[:1]), actors_of(hit))
    elif received:
        targets = actors_of(before) or tuple(ctx.plural_antecedent(start, end))
        sources = actors_of(agents or ctx.from_whom(i, end))
    else:
        sources = actors_of(before) or actors_of(agents)
        targets = actors_of(after)
    status = _status(ctx, start, i, end)
    if not agents and not ctx.has_word(_ADOPT, max(start, i - 8), i):
        # "US sanctions on Iran", "further EU sanctions": the imposer named on the noun, unless another
        # adopts them ("Switzerland adopted the EU's sanctions")
        sources = without(actors_of(_imposer_before(ctx, i)), targets) or sources
    if not sources and status == "threatened":
        sources = _warner(ctx, start)
    sources = without(sources, targets)
    if named_source:  # "tariffs on Chinese steel", "curbs on exports to Japan", "banned imports of Russian oil"
        # a verb's direct object counts too: "ban Belarusian airlines"
        allowed = ("on", "against", "to", "targeting", "of", "from") + ((None,) if ctx.token(i).pos_ == "VERB" else ()) + (
            ("for",) if ctx.has_word(_AID, i + 1, min(i + 6, end)) else ())  # "cut its aid budget for Pakistan"
        targets = actors_of([m for m in after if ctx.preposition_before(m) in allowed])
    if not targets and not named_source and ctx.lower(i) in _LISTS:
        targets = _listed(ctx, i, start)
    if named_source and not (sources and targets) or not sources and not targets:
        return
    if not targets and status == "threatened" and not named_source:
        # "North Korea tested a bomb(. / , and) Seoul said it would push for tougher sanctions": the actor told of before
        targets = without(actors_of(ctx.core(ctx.sent.start, i)), sources)[-1:] or without(tuple(ctx.previous[:1]), sources)
    if not targets and (status == "threatened" or not _imposed_by_subject(ctx, i)):
        return  # "lifted sanctions on three companies": kept with no state as target only when its imposer acts
    condition = ctx.condition_after(i)
    about = without(actors_of(ctx.core(*condition)), targets) if condition else ()
    # "did not rule out new sanctions": a threat, not a negated sanction
    not_ruled_out = ctx.has_word(words("rule ruled ruling exclude excluded"), max(start, i - 5), i) and ctx.negated(start, i)
    if not_ruled_out:
        status = "threatened"
    for group in [(target,) for target in targets] or [()]:
        yield make_event(
            ctx, {"imposed": "163", "threatened": "1312", "lifted": "085"}[status], family="sanction",
            kind="sanction", status=status, sources=sources, targets=group,
            agents=persons_of(before + agents), about=about, when=ctx.date_near(i, status == "threatened"),
            negated=ctx.negated(start, i) and not not_ruled_out, condition=_condition_text(ctx, condition),
            confidence=0.8 if sources else 0.7,
        )


def _judged_by(ctx: SentenceContext, i: int, end: int) -> bool:
    """"The US embargo on Cuba was condemned by the UN": the agent is of another verb, not the sanction's."""
    by = next((j for j in range(i + 1, end) if ctx.lower(j) == "by"), None)
    if by is None:
        return False
    return ctx.lower(by - 1) in _JUDGED


def _listed(ctx: SentenceContext, i: int, start: int) -> tuple[Actor, ...]:
    """"added dozens of Chinese companies to a trade blacklist": those put on the list."""
    verb = next((j for j in range(i - 1, start - 1, -1) if ctx.lower(j) in _PUT), None)
    if verb is None:
        return ()
    return actors_of(ctx.first_group(ctx.mentions_between(verb + 1, i)))


def _imposed_by_subject(ctx: SentenceContext, i: int) -> bool:
    """A sanction whose target is no state ("sanctions on three companies") counts when a verb of
    imposing or lifting has an actor as its subject, so talk of sanctions in passing does not."""
    verb = ctx.token(i).head if ctx.parsed and ctx.token(i).dep_ == "dobj" else None
    return verb is not None and verb.lower_ in _ACTS and bool(ctx.subject(verb.i))


def _imposer_before(ctx: SentenceContext, i: int) -> list[Mention]:
    """The actor named as a modifier of the sanction noun: "US sanctions", "the EU's embargo",
    "new European restrictions"."""
    j = i - 1
    while j > ctx.sent.start and (ctx.token(j).pos_ == "ADJ" and not any(m.start <= j < m.end for m in ctx.mentions)
                                  or ctx.lower(j) in ("'s", "’s")):
        j -= 1
    return [m for m in ctx.mentions if m.end == j + 1 and m.via != "PLACE"]


def _hit_with(ctx: SentenceContext, i: int, start: int) -> list[Mention]:
    """The actor between a verb and "with" before the trigger: "threatening Baghdad with sanctions"."""
    at = next((j for j in range(i - 1, max(start, i - 4) - 1, -1) if ctx.lower(j) == "with"), None)
    if at is None:
        return []
    hit = [m for m in ctx.mentions if m.end == at]
    return hit if hit and hit[0].start > start and ctx.token(hit[0].start - 1).pos_ == "VERB" else []


def _destination(ctx: SentenceContext, i: int, end: int) -> list[Mention]:
    """Where curbed exports were going: "restrictions on exports of chips to China"."""
    for j in range(i + 1, min(i + 4, end - 1)):  # "restrictions on (the) exports of chips to China", "aid to Ethiopia"
        if ctx.lower(j) in _EXPORT | _AID:
            after_to = [m for m in ctx.mentions_between(j + 1, end) if ctx.preposition_before(m) == "to"]
            return ctx.first_group(after_to)
    return []


def _given(ctx: SentenceContext, i: int) -> bool:
    """Sanctions named as the object of another act exist already: "retaliate against US sanctions",
    "protested over the sanctions"."""
    j = i - 1
    while j > ctx.sent.start and (ctx.token(j).pos_ in ("ADJ", "DET", "PROPN") or ctx.lower(j) in ("'s", "’s")):
        j -= 1
    return ctx.lower(j) in ("against", "over", "despite", "after", "since", "of", "under")


def _status(ctx: SentenceContext, start: int, i: int, end: int) -> str:
    # "sanctions on Cuba were eased by Washington"
    passive_lift = any(ctx.lower(j) in ("was", "were", "been", "being") and ctx.lower(j + 1) in _LIFTED
                       for j in range(i + 1, end - 1))
    if ctx.has_word(_LIFTED, start, i) or passive_lift or (i + 1 < end and ctx.lower(i + 1) == "relief"):
        return "lifted"
    if ctx.has_word(_DECIDED, max(start, i - 4), i) and not ctx.has_word(_THREAT, ctx.sent.start, i) or _given(ctx, i):
        return "imposed"
    if ctx.has_word(_THREAT, ctx.sent.start, i) or ctx.future(start, i):
        return "threatened"
    return "imposed"


def _warner(ctx: SentenceContext, clause_start: int) -> tuple[Actor, ...]:
    """The author of a threat reported as "X warned (Y) that Z would face sanctions"."""
    for j in range(ctx.sent.start, clause_start):
        if ctx.lower(j) in _WARN:
            return actors_of(ctx.core(ctx.sent.start, j))
    return ()


def _condition_text(ctx: SentenceContext, span: tuple[int, int] | None) -> str | None:
    return ctx.doc[span[0]:span[1]].text if span else None


#: Words one of which a sentence must hold for this module to find a sanction in it.
CUES = SANCTION_WORDS | MEASURE_WORDS | frozenset(_DIPLOMATIC) | _CUT_VERBS | _LISTS | {"persona"}
