"""Scoring extracted events against an expected reading (the seed gold file's format).

An expected reading lists `required` events, which must all be found, and `acceptable` ones,
which may be; any other extracted event is a false positive, and so is a second copy of an event
already matched, since counting one event twice is the error this project exists to avoid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.events import Event


@dataclass
class Score:
    """Matches of one or more articles: recall over required events, precision over all found."""

    required: int = 0
    found_required: int = 0
    extracted: int = 0
    correct: int = 0
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found_required / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    def add(self, other: Score) -> None:
        self.required += other.required
        self.found_required += other.found_required
        self.extracted += other.extracted
        self.correct += other.correct
        self.missed += other.missed
        self.false += other.false


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def score(events: list[Event], expected: dict) -> Score:
    """Match events one to one with expected ones, required first."""
    result = Score(required=len(expected["required"]), extracted=len(events))
    unmatched = list(events)
    for gold_list, required in ((expected["required"], True), (expected.get("acceptable", []), False)):
        for gold in gold_list:
            hit = next((e for e in unmatched if matches(e, gold)), None)
            if hit is None:
                if required:
                    result.missed.append(gold["id"])
                continue
            unmatched.remove(hit)
            result.correct += 1
            result.found_required += required
    result.false = [describe(e) for e in unmatched]
    return result


def matches(event: Event, gold: dict) -> bool:
    """True when the event has the gold event's family, kind, actors in their roles, status, mode, date."""
    if (event.family, event.kind) != (gold["family"], gold["kind"]):
        return False
    if "status" in gold and event.status != gold["status"]:
        return False
    if gold.get("mode") and event.mode != gold["mode"]:
        return False
    return _actors_match(event, gold) and _date_match(event, gold.get("date"))


def _keys(actors) -> set[str]:
    return {a.key for a in actors}


def _gold_keys(values: list[str]) -> set[str]:
    return {v if v.startswith("Q") else v.casefold() for v in values}


def _actors_match(event: Event, gold: dict) -> bool:
    if "actors" in gold:
        wanted = _gold_keys(gold["actors"])
        found = _keys(event.participants) if gold.get("symmetric") else _keys(
            event.participants + event.sources + event.targets)
        return found == wanted
    return all(_role_match(_keys(getattr(event, role + "s")), _gold_keys(gold.get(role, [])), gold.get(role + "_any"))
               for role in ("source", "target"))


def _role_match(found: set[str], wanted: set[str], any_of: bool | None) -> bool:
    if any_of:
        return bool(found) and found <= wanted
    return found == wanted


def _date_match(event: Event, wanted: str | list[str] | None) -> bool:
    if wanted is None:
        return True
    if event.when is None:
        return False
    low, high = (wanted, wanted) if isinstance(wanted, str) else wanted
    return date.fromisoformat(low) <= event.when.earliest and event.when.latest <= date.fromisoformat(high)


def describe(event: Event) -> str:
    """A one-line summary of an event, for reports of what went wrong."""
    roles = (f"{sorted(_keys(event.participants))}" if event.symmetric
             else f"{sorted(_keys(event.sources))} -> {sorted(_keys(event.targets))}")
    return f"{event.family}/{event.kind} {event.status} {roles}: {event.evidence[0].text[:70]!r}"
