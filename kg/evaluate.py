"""Scoring extracted events against an expected reading (the seed gold file's format).

An expected reading lists `required` events, which must all be found, and `acceptable` ones,
which may be; any other extracted event is a false positive, and so is a second copy of an event
already matched, since counting one event twice is the error this project exists to avoid.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.errors import KgError
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


#: How much of an event must be right to count: its family and kind; those and every actor in its
#: role; all that and its status, mode and date.
LEVELS = ("event", "roles", "full")


def score(events: list[Event], expected: dict, level: str = "full") -> Score:
    """Match events one to one with expected ones, required first, at the given level.

    A negated event (the text says it did not happen) asserts no event: it counts only where the
    gold has that event with status denied, and is otherwise neither right nor wrong.
    """
    denied = [g for key in ("required", "acceptable") for g in expected.get(key, []) if g.get("status") == "denied"]
    events = [e for e in events if not e.negated or any(matches(e, g, "roles") for g in denied)]
    result = Score(required=len(expected["required"]), extracted=len(events))
    unmatched = list(events)
    for gold_list, required in ((expected["required"], True), (expected.get("acceptable", []), False)):
        for gold in gold_list:
            hit = next((e for e in unmatched if matches(e, gold, level)), None)
            if hit is None:
                if required:
                    result.missed.append(gold["id"])
                continue
            unmatched.remove(hit)
            result.correct += 1
            result.found_required += required
    result.false = [describe(e) for e in unmatched]
    return result


def matches(event: Event, gold: dict, level: str = "full") -> bool:
    """True when the event has the gold event's family and kind and, by level, its actors in their
    roles, then its status, mode and date."""
    if (event.family, event.kind) != (gold["family"], gold["kind"]):
        return False
    if level == "event":
        return True
    if not _actors_match(event, gold):
        return False
    return level == "roles" or (status_right(event, gold) and (not gold.get("mode") or event.mode == gold["mode"])
                                and date_right(event, gold))


def status_right(event: Event, gold: dict) -> bool:
    """The gold's status, where "denied" is met by the event's own status or by its negation."""
    if "status" not in gold:
        return True
    return event.status == gold["status"] or (gold["status"] == "denied" and event.negated)


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


def date_right(event: Event, gold: dict) -> bool:
    """The event's possible days lie inside the gold's day or range (no gold date: anything goes)."""
    wanted = gold.get("date")
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


# --- Evaluation runs over gold files (`kg eval`) -------------------------------------------------

FAMILIES = ("meeting", "sanction", "alignment", "claim")


@dataclass(frozen=True)
class GoldItem:
    """One annotated text: inline (a JSON Lines set) or an article file (a seed-style JSON file)."""

    id: str
    split: str
    published: date | None
    expected: dict
    text: str | None = None
    article: Path | None = None


def load_gold(path: Path) -> list[GoldItem]:
    """Gold items from a .jsonl set, a seed-style .json file, or a folder of either."""
    if path.is_dir():
        return [item for child in sorted(path.iterdir()) if child.suffix in (".json", ".jsonl")
                for item in load_gold(child)]
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            return [_inline_item(json.loads(line)) for line in text.splitlines() if line.strip()]
        return [_article_item(path, json.loads(text))]
    except OSError as error:
        raise KgError(f"cannot read gold file {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise KgError(f"{path} is not a gold file ({type(error).__name__}: {error})") from None


def _inline_item(raw: dict) -> GoldItem:
    published = date.fromisoformat(raw["published"]) if raw.get("published") else None
    return GoldItem(raw["id"], raw.get("split", "dev"), published, raw, text=raw["text"])


def _article_item(path: Path, raw: dict) -> GoldItem:
    """The article named in the file: relative to its folder, or to the folder above (the seed's)."""
    candidates = [path.parent / raw["article"], path.parent.parent / raw["article"]]
    article = next((c for c in candidates if c.exists()), None)
    if article is None:
        raise KgError(f"{path}: its article {raw['article']} is not there")
    published = date.fromisoformat(raw["published"]) if raw.get("published") else None
    return GoldItem(path.name, raw.get("split", "dev"), published, raw, article=article)


@dataclass
class Tally:
    """Counts for one family (or all) at every level, plus status and date on matched events."""

    scores: dict[str, Score] = field(default_factory=lambda: {level: Score() for level in LEVELS})
    status: Counter[bool] = field(default_factory=Counter)
    dates: Counter[bool] = field(default_factory=Counter)


@dataclass
class Evaluation:
    """Everything `kg eval` prints: tallies by family, a family confusion table, the quiet rate."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in ("all", *FAMILIES)})
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    quiet_items: int = 0
    noisy_items: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, item: GoldItem, text: str, events: list[Event]) -> None:
        expected = item.expected
        for family in ("all", *FAMILIES):
            self._tally(family, events, expected)
        if not expected["required"] and not expected.get("acceptable"):
            self.quiet_items += 1
            self.noisy_items += any(not e.negated for e in events)
        self._confuse(events, expected)
        result = score(events, expected, "roles")
        self.errors += [f"{item.id}: missed {gold} in {text[:160]!r}" for gold in result.missed]
        self.errors += [f"{item.id}: false {false}" for false in result.false]

    def _tally(self, family: str, events: list[Event], expected: dict) -> None:
        keep = (lambda f: True) if family == "all" else (lambda f: f == family)
        mine = [e for e in events if keep(e.family)]
        gold = {key: [g for g in expected.get(key, []) if keep(g["family"])] for key in ("required", "acceptable")}
        tally = self.tallies[family]
        for level in LEVELS:
            tally.scores[level].add(score(mine, gold, level))
        for event, wanted in _pairs(mine, gold["required"] + gold["acceptable"]):
            tally.status[status_right(event, wanted)] += 1
            if wanted.get("date"):
                tally.dates[date_right(event, wanted)] += 1

    def _confuse(self, events: list[Event], expected: dict) -> None:
        """Gold family against found family: same kind first, then the same actors under another
        family, then what is left against none."""
        left, unpaired = list(events), []
        for gold in expected["required"]:
            hit = next((e for e in left if matches(e, gold, "event")), None)
            if hit is None:
                unpaired.append(gold)
                continue
            left.remove(hit)
            self.confusion[(gold["family"], hit.family)] += 1
        for gold in unpaired:
            wanted = _gold_keys(gold.get("actors", []) + gold.get("source", []) + gold.get("target", []))
            hit = next((e for e in left if _keys(e.participants + e.sources + e.targets) == wanted), None)
            if hit is not None:
                left.remove(hit)
            self.confusion[(gold["family"], hit.family if hit else "none")] += 1
        for event in left:
            if not event.negated and not any(matches(event, g, "event") for g in expected.get("acceptable", [])):
                self.confusion[("none", event.family)] += 1


def _pairs(events: list[Event], golds: list[dict]) -> list[tuple[Event, dict]]:
    """Events paired one to one with gold events of the same kind and actors in their roles."""
    left, pairs = list(events), []
    for gold in golds:
        hit = next((e for e in left if matches(e, gold, "roles")), None)
        if hit is not None:
            left.remove(hit)
            pairs.append((hit, gold))
    return pairs


def render(evaluation: Evaluation, show_errors: bool) -> str:
    """The figures as a table: precision, recall and F1 by level, status and date accuracy."""
    lines = [f"{'':10} {'event P/R/F1':>18} {'roles P/R/F1':>18} {'full P/R/F1':>18} {'status':>7} {'date':>7}"]
    for family, tally in evaluation.tallies.items():
        cells = [_prf(tally.scores[level]) for level in LEVELS]
        lines.append(f"{family:10} {cells[0]:>18} {cells[1]:>18} {cells[2]:>18} "
                     f"{_share(tally.status):>7} {_share(tally.dates):>7}")
    quiet = evaluation.noisy_items / evaluation.quiet_items if evaluation.quiet_items else 0.0
    lines.append(f"events on {evaluation.noisy_items} of {evaluation.quiet_items} texts without events ({quiet:.1%})")
    lines.append("confusion (gold -> found): " + ", ".join(
        f"{g}->{f} {n}" for (g, f), n in sorted(evaluation.confusion.items()) if g != f))
    return "\n".join(lines + (evaluation.errors if show_errors else []))


def _prf(result: Score) -> str:
    f1 = 2 * result.precision * result.recall / (result.precision + result.recall) if result.precision + result.recall else 0.0
    return f"{result.precision:.2f}/{result.recall:.2f}/{f1:.2f}"


def _share(counts: Counter[bool]) -> str:
    total = counts[True] + counts[False]
    return f"{counts[True] / total:.2f}" if total else "-"
