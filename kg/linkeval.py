"""Measuring actor linking against a set of mentions with known answers (eval/links.jsonl).

Each line gives a sentence, its date, one mention in it and the Wikidata item it stands for, or
null where the right answer is no entity at all ("Turkey" the bird, bare "Congo"). Three figures:
accuracy (right answer, right nulls included, over all mentions), precision (right QIDs over the
mentions the linker gave a QID) and coverage (mentions with an answer that the linker linked).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.actors import ActorKB, Mention, link_mentions
from kg.errors import KgError

DEFAULT_SET = Path(__file__).resolve().parent.parent / "eval" / "links.jsonl"


@dataclass(frozen=True)
class Case:
    """One mention with its expected answer: a QID, a group key such as "group:the West", or None."""

    id: str
    sentence: str
    start: int
    end: int
    published: date | None
    expected: str | None
    rule: str


@dataclass
class LinkScore:
    """Counts behind the three figures, and the cases that went wrong, for reading."""

    total: int = 0
    right: int = 0
    linked: int = 0
    linked_right: int = 0
    answerable: int = 0
    answerable_linked: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    wrong_by_rule: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        return self.linked_right / self.linked if self.linked else 1.0

    @property
    def coverage(self) -> float:
        return self.answerable_linked / self.answerable if self.answerable else 1.0


def load_cases(path: Path) -> list[Case]:
    """The evaluation set; a malformed line is a one-line error naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise KgError(f"cannot read {path}: {error.strerror}") from None
    return [_case(path, number, line) for number, line in enumerate(lines, 1) if line.strip()]


def _case(path: Path, number: int, line: str) -> Case:
    try:
        raw = json.loads(line)
        start = int(raw["start"])
        mention = raw["mention"]
        if raw["sentence"][start:start + len(mention)] != mention:
            raise ValueError("mention is not at start")
        expected = raw.get("group") or raw.get("qid")
        published = date.fromisoformat(raw["published"]) if raw.get("published") else None
        return Case(raw["id"], raw["sentence"], start, start + len(mention), published, expected, raw.get("rule", ""))
    except (ValueError, KeyError, TypeError) as error:
        raise KgError(f"{path}, line {number}: not a linking case ({error})") from None


def evaluate(cases: list[Case], nlp: Language, kb: ActorKB) -> LinkScore:
    """Link every case's sentence and compare the mention's answer with the expected one."""
    score = LinkScore()
    for case, doc in zip(cases, nlp.pipe(c.sentence for c in cases), strict=True):
        found = _answer(doc, link_mentions(doc, kb, case.published), case)
        _count(score, case, found)
    return score


def _answer(doc: Doc, mentions: list[Mention], case: Case) -> str | None:
    """The linker's answer for the case's stretch of text: the mention overlapping it, if any."""
    for mention in mentions:
        span = doc[mention.start:mention.end]
        if span.start_char < case.end and case.start < span.end_char:
            return _key(mention)
    return None


def _key(mention: Mention) -> str | None:
    """The answer a mention gives: none for a place ("airports in Moscow"), else its actor's key."""
    actor = mention.actor
    if mention.via == "PLACE":
        return None
    if actor.qid:
        return actor.qid
    return f"group:{actor.label}" if actor.type == "group" else None


def _count(score: LinkScore, case: Case, found: str | None) -> None:
    score.total += 1
    score.by_rule[case.rule] += 1
    score.right += found == case.expected
    if found is not None:
        score.linked += 1
        score.linked_right += found == case.expected
    if case.expected is not None:
        score.answerable += 1
        score.answerable_linked += found is not None
    if found != case.expected:
        score.wrong_by_rule[case.rule] += 1
        score.wrong.append(f"{case.id} [{case.rule}] {case.sentence[case.start:case.end]!r}: "
                           f"expected {case.expected}, got {found}")


def report(score: LinkScore) -> str:
    """The figures, then errors by rule, as printed by `kg eval-links`."""
    lines = [f"{score.total} mentions: accuracy {score.accuracy:.3f}, precision {score.precision:.3f} "
             f"({score.linked_right}/{score.linked} linked right), coverage {score.coverage:.3f} "
             f"({score.answerable_linked}/{score.answerable})"]
    lines += [f"  {rule:14} {score.by_rule[rule] - score.wrong_by_rule[rule]}/{score.by_rule[rule]} right"
              for rule in sorted(score.by_rule)]
    return "\n".join(lines + [f"  wrong: {w}" for w in score.wrong])
