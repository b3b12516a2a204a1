"""Claims of one actor on or against another: territorial claims, demands (CAMEO 10x), accusations
(112x), denials and threats (13x)."""

from __future__ import annotations

from collections.abc import Iterator

from kg.events import Actor, Event
from kg.extract.common import (
    DENY_WORDS,
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
_HELD = words("administered controlled occupied held governed")
#: Taking territory is the strongest territorial claim ("Moscow annexed Crimea from Ukraine").
_ANNEX = words("annexed annexes annex annexing annexation")
_DEMAND = words("demanded demands demanding demand urged urges urge urging pressed presses insisted "
                "insists requested")
#: "called on", "sought guarantees": a verb that demands only with the word after it.
_DEMAND_PAIRS = {"called": words("on upon for"), "calls": words("on upon for"), "call": words("on upon"),
                 "sought": words("guarantees assurances commitments pledges"),
                 "seeks": words("guarantees assurances commitments pledges"),
                 "seeking": words("guarantees assurances commitments pledges")}
_ACCUSE = words("accused accuses accuse accusing blamed blames blame")
#: Nouns whose author is their possessor ("China's intimidation of Taiwan"), not the clause's subject.
_NOUN_TRIGGERS = words("intimidation")
_THREATEN = words("threatened threatens threaten threatening intimidation intimidating intimidated warned warns")
_ACCUSATION_NOUNS = words("accusation accusations allegation allegations charge charges claim claims")
_ACCUSATION_CONTEXT = {
    "1125": words("espionage spying spy spies hacking cyber cyberattack cyberattacks treason"),
    "1124": words("war crimes"),
    "1122": words("rights abuses genocide repression torture"),
    "1123": words("aggression invasion attack attacks provocation provocations"),
    "1121": words("corruption bribery fraud"),
}


def find(ctx: SentenceContext) -> Iterator[Event]:
    """Claim events in one sentence."""
    for i in range(ctx.sent.start, ctx.sent.end):
        word = ctx.lower(i)
        nxt = ctx.lower(i + 1) if i + 1 < ctx.sent.end else ""
        if word in _CLAIM and _territorial(ctx, i) or word in _ANNEX:
            yield from _claim(ctx, i, "territorial", None)
        elif word in _DEMAND and _is_verb(ctx, i) or nxt in _DEMAND_PAIRS.get(word, ()):
            yield from _claim(ctx, i, "demand", "100", reach_complement=True)
        elif word in _ACCUSE:
            yield from _claim(ctx, i, "accusation", _accusation_code(ctx, i))
        elif word in DENY_WORDS:
            yield from _denial(ctx, i)
        elif word in _THREATEN and not _about_sanctions(ctx):
            military = ctx.has_word(words("military force war attack invasion troops"), *ctx.clause(i))
            yield from _claim(ctx, i, "threat", "138" if military else "130")


def _is_verb(ctx: SentenceContext, i: int) -> bool:
    """Demand words count as verbs; the noun "demand" is usually economic ("demand for oil")."""
    return ctx.token(i).pos_ in ("VERB", "AUX") if ctx.parsed else ctx.lower(i) != "demand"


def _territorial(ctx: SentenceContext, i: int) -> bool:
    """"claims" is territorial with a word of territory after it, or in a passive about land held by
    someone else ("islets administered by Seoul but claimed by Tokyo")."""
    end = ctx.clause(i)[1]
    if ctx.passive(i, end):
        return ctx.has_word(_TERRITORY | _HELD, ctx.sent.start, end)
    return ctx.has_word(_TERRITORY, i + 1, end) or (i > ctx.sent.start and ctx.lower(i - 1) == "territorial")


def _about_sanctions(ctx: SentenceContext) -> bool:
    """Threats of sanctions are sanction events; the threat is not counted twice."""
    return ctx.has_word(SANCTION_WORDS, ctx.sent.start, ctx.sent.end)


def _claim(ctx: SentenceContext, i: int, kind: str, cameo: str | None, reach_complement: bool = False) -> Iterator[Event]:
    start, end = ctx.clause(i)
    if reach_complement:
        end = _complement_end(ctx, end)
    passive = ctx.passive(i, end)
    before = ctx.subject(i) or ctx.core(start, i)
    after = ctx.core(i + 1, end, trigger=i)
    if passive:
        sources, targets = actors_of(after), actors_of(before)
    elif kind == "demand":
        sources, targets = actors_of(before), actors_of(after)
    else:
        sources, targets = actors_of(before), actors_of(ctx.aimed_at(i, end))
    if not sources:
        sources, targets = _relative_clause(ctx, start, targets)
    if ctx.token(i).lower_ in _NOUN_TRIGGERS:
        sources = actors_of(ctx.possessor(i))
    targets = without(targets, sources)
    if not sources or not targets:
        return
    target, about = (targets[:1], targets[1:]) if kind == "demand" else (targets, ())
    yield make_event(
        ctx, cameo, family="claim", kind=kind, status="occurred", sources=sources, targets=target, about=about,
        agents=persons_of(before + after), when=ctx.date_near(i, False), negated=ctx.negated(start, i),
        confidence=0.7 if ctx.parsed else 0.5,
    )


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
    deniers = ctx.core(start, i)
    sources = actors_of(deniers)
    if not sources:
        return
    targets = _accuser_named(ctx, i, end) or ctx.last_author_against(sources)
    named = actors_of(ctx.core(i + 1, _complement_end(ctx, end), trigger=i))
    keys = {a.key for a in sources + targets}
    yield make_event(
        ctx, None, family="claim", kind="denial", status="occurred", sources=sources, targets=targets,
        about=tuple(a for a in named if a.key not in keys), agents=persons_of(deniers),
        when=ctx.date_near(i, False), negated=False, confidence=0.6 if targets else 0.45,
    )


def _accuser_named(ctx: SentenceContext, i: int, end: int) -> tuple[Actor, ...]:
    """"denied Australia's accusation that ...": the owner of the accusation is whom the denial answers."""
    for mention in ctx.mentions_between(i + 1, min(end, i + 6)):
        nxt = mention.end + 1
        if ctx.lower(mention.end) in ("'s", "’s") and nxt < ctx.sent.end and ctx.lower(nxt) in _ACCUSATION_NOUNS:
            return (mention.actor,)
    return ()


def _accusation_code(ctx: SentenceContext, i: int) -> str:
    """The most specific accusation code the rest of the sentence supports (espionage, war crimes...)."""
    for code, cues in _ACCUSATION_CONTEXT.items():
        if ctx.has_word(cues, i, ctx.sent.end):
            return code
    return "112"
