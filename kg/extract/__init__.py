"""Events from a processed article: every family's extractor over every sentence, then merging.

An event told in several sentences (the headline, the lead, a quote) becomes one event with
several evidence sentences; a sentence that only refers back to it ("after Wednesday's video
meeting") adds its evidence to that event.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from kg.actors import Mention
from kg.events import Actor, DateRange, Event, Evidence
from kg.extract import alignments, claims, meetings, sanctions
from kg.extract.common import Reference, SentenceContext, actors_of

#: Claims run before alignments so that a rejection can find the demand it rejects.
EXTRACTORS = (meetings.find, sanctions.find, claims.find, alignments.find)
#: Words one of which a sentence must hold for any extractor to find an event in it.
CUES = meetings.CUES | sanctions.CUES | claims.CUES | alignments.CUES
#: Meeting kinds that may tell of the same meeting, each with the kind that wins when they merge.
_SAME_MEETING = {frozenset({"summit", "talks"}): "summit"}


def extract_events(doc: Doc, mentions: list[Mention], published: date | None, parsed: bool) -> list[Event]:
    """All events of one article, merged so that each event appears once."""
    events: list[Event] = []
    previous: list[Actor] = []
    pair: list[Actor] = []  # the last two or more actors named together, for "the two leaders"
    lowers = [token.lower_ for token in doc]
    for sent in doc.sents:
        in_sentence = [m for m in mentions if sent.start <= m.start and m.end <= sent.end]
        ctx = SentenceContext(sent, in_sentence, published, parsed, lowers, previous, events, pair)
        for extractor in EXTRACTORS:
            for found in extractor(ctx):
                if isinstance(found, Reference):
                    _attach(events, found)
                else:
                    _add(events, found)
        core = actors_of([m for m in in_sentence if not ctx.is_oblique(m)])
        previous = list(core) if core else previous
        pair = list(core) if len(core) >= 2 else pair
    return _dated(events, published)


def _dated(events: list[Event], published: date | None) -> list[Event]:
    """Events the text does not date: one told after a dated event of the same story happened, as a
    reader takes it, on that day ("met on Monday ... The two leaders agreed ..."); one with nothing
    before it on the day it was reported (GDELT and ICEWS date events so too). A planned or
    called-off meeting has no such day."""
    dated: dict[int, Event] = {}
    last = None
    for i in sorted(range(len(events)), key=lambda k: events[k].evidence[0].start if events[k].evidence else 0):
        event = events[i]
        if event.when is None and event.status not in ("planned", "cancelled"):
            if last is not None:
                event = replace(event, when=last)
            elif published is not None:
                event = replace(event, when=DateRange(published, published, "day", from_article=True))
        elif event.when is not None and event.status not in ("planned", "cancelled") and event.when.precision == "day":
            last = event.when
        dated[i] = event
    return [dated[i] for i in range(len(events))]


def _add(events: list[Event], new: Event) -> None:
    """Merge a new event into an equal one already found, or append it."""
    for i, old in enumerate(events):
        if _same(old, new):
            events[i] = _merge(old, new)
            return
    events.append(new)


def _same(a: Event, b: Event) -> bool:
    if (a.family, a.status, a.negated) != (b.family, b.status, b.negated):
        return False
    if a.family == "meeting":
        kinds_match = a.kind == b.kind or frozenset({a.kind, b.kind}) in _SAME_MEETING
        # One sentence naming the same parties twice ("held talks ..., in a meeting that ...") tells
        # of one meeting, whatever date each clause seems to give.
        same_sentence = bool({(e.start, e.end) for e in a.evidence} & {(e.start, e.end) for e in b.evidence})
        return kinds_match and a.actors == b.actors and (same_sentence or _dates_agree(a.when, b.when))
    return a.kind == b.kind and _roles(a) == _roles(b)


def _roles(event: Event) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(x.key for x in group) for group in (event.participants, event.sources, event.targets))


def _dates_agree(a: DateRange | None, b: DateRange | None) -> bool:
    return a is None or b is None or (a.earliest <= b.latest and b.earliest <= a.latest)


def _merge(old: Event, new: Event) -> Event:
    """One event from two tellings: all evidence, the most precise date, the most specific kind."""
    if old.kind != new.kind and _SAME_MEETING[frozenset({old.kind, new.kind})] == new.kind:
        old, new = new, old  # the more specific telling keeps its kind and roles
    return replace(
        old, evidence=_evidence(old.evidence + new.evidence), when=_narrower(old.when, new.when), mode=old.mode or new.mode,
        agents=_union(old.agents, new.agents), about=_union(old.about, new.about),
        condition=old.condition or new.condition, confidence=min(0.95, max(old.confidence, new.confidence) + 0.05),
    )


def _attach(events: list[Event], ref: Reference) -> None:
    """Add a referring sentence's evidence (and any better date or mode) to the latest matching event."""
    for i in range(len(events) - 1, -1, -1):
        event = events[i]
        if event.family == ref.family and _dates_agree(event.when, ref.when) and (
                event.kind == ref.kind or frozenset({event.kind, ref.kind}) in _SAME_MEETING):
            events[i] = replace(event, evidence=_evidence(event.evidence + [ref.evidence]),
                                when=_narrower(event.when, ref.when), mode=event.mode or ref.mode)  # type: ignore[arg-type]
            return


def _evidence(evidence: list[Evidence]) -> list[Evidence]:
    """Evidence sentences without repeats, in text order."""
    return sorted({(e.start, e.end): e for e in evidence}.values(), key=lambda e: e.start)


def _narrower(a: DateRange | None, b: DateRange | None) -> DateRange | None:
    if a is None or b is None:
        return a or b
    return a if a.width <= b.width else b


def _union(a: tuple[Actor, ...], b: tuple[Actor, ...]) -> tuple[Actor, ...]:
    return tuple({x.key: x for x in a + b}.values())
