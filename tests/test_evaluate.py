"""Scoring extraction against gold: the levels of matching, the gold readers and `kg eval`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.evaluate import Evaluation, GoldItem, load_gold, matches, render, score
from kg.events import Actor, DateRange, Event, Evidence
from tests.clirun import kg
from tests.extraction import EXAMPLES

US, RUSSIA, IRAN = Actor("United States", "state", "Q30"), Actor("Russia", "state", "Q159"), Actor("Iran", "state", "Q794")
GOLD = {"id": "g", "family": "sanction", "kind": "sanction", "source": ["Q30"], "target": ["Q794"],
        "status": "imposed", "date": ["2021-03-01", "2021-03-07"]}


def _sanction(source: Actor, target: Actor, status: str = "imposed", day: date = date(2021, 3, 2)) -> Event:
    return Event("sanction", "sanction", status, sources=(source,), targets=(target,),
                 when=DateRange(day, day, "day"), evidence=[Evidence("x", 0, 1)])


def test_levels_ask_for_more_and_more() -> None:
    backwards = _sanction(IRAN, US)
    assert matches(backwards, GOLD, "event") and not matches(backwards, GOLD, "roles")
    wrong_status = _sanction(US, IRAN, "threatened")
    assert matches(wrong_status, GOLD, "roles") and not matches(wrong_status, GOLD, "full")
    late = _sanction(US, IRAN, day=date(2021, 4, 1))
    assert matches(late, GOLD, "roles") and not matches(late, GOLD, "full")
    assert matches(_sanction(US, IRAN), GOLD, "full")


def test_a_second_copy_of_an_event_is_a_false_event() -> None:
    result = score([_sanction(US, IRAN), _sanction(US, IRAN)], {"required": [GOLD]})
    assert (result.correct, result.extracted, result.recall) == (1, 2, 1.0)


def test_evaluation_counts_families_status_and_quiet_texts() -> None:
    evaluation = Evaluation()
    evaluation.add(GoldItem("a", "dev", None, {"required": [GOLD]}), "text", [_sanction(US, IRAN, "threatened")])
    evaluation.add(GoldItem("b", "dev", None, {"required": []}), "quiet text", [_sanction(US, RUSSIA)])
    sanctions = evaluation.tallies["sanction"]
    assert sanctions.scores["roles"].correct == 1 and sanctions.scores["full"].correct == 0
    assert sanctions.status[False] == 1 and (evaluation.quiet_items, evaluation.noisy_items) == (1, 1)
    assert ("none", "sanction") in evaluation.confusion
    assert "events on 1 of 2 texts" not in render(evaluation, False) and "1 of 1 texts" in render(evaluation, False)


def test_gold_readers(tmp_path: Path) -> None:
    items = load_gold(EXAMPLES / "expected")
    assert len(items) >= 8 and all(item.article is not None and item.article.exists() for item in items)
    lines = tmp_path / "set.jsonl"
    lines.write_text(json.dumps({"id": "e1", "split": "test", "published": "2021-03-05",
                                 "text": "The US imposed sanctions on Iran.", "required": [GOLD]}) + "\n",
                     encoding="utf-8")
    (item,) = load_gold(lines)
    assert (item.split, item.published, item.text) == ("test", date(2021, 3, 5), "The US imposed sanctions on Iran.")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(KgError, match="not a gold file"):
        load_gold(broken)


def test_kg_eval_prints_the_table(tmp_path: Path) -> None:
    lines = tmp_path / "set.jsonl"
    items = [{"id": "e1", "split": "test", "published": "2021-03-05", "text": "The US imposed sanctions on Iran.",
              "required": [dict(GOLD, date=None)]},
             {"id": "e2", "split": "dev", "published": "2021-03-05", "text": "Brazil beat Argentina 2-1.",
              "required": []}]
    lines.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    run = kg("--model", "blank", "eval", lines, "--split", "test", "--errors")
    assert run.code == 0, run.err
    assert "1 gold items (test)" in run.out
    assert "sanction       1.00/1.00/1.00" in run.out
    assert kg("eval", tmp_path / "missing.jsonl").err.startswith("kg: error: cannot read gold file")


def test_a_negated_event_asserts_nothing_unless_the_gold_has_it_denied() -> None:
    negated = Event("meeting", "talks", "occurred", participants=(US, IRAN), negated=True,
                    evidence=[Evidence("x", 0, 1)])
    assert score([negated], {"required": []}).extracted == 0
    denied = {"id": "d", "family": "meeting", "kind": "talks", "symmetric": True, "actors": ["Q30", "Q794"],
              "status": "denied"}
    result = score([negated], {"required": [], "acceptable": [denied]})
    assert (result.extracted, result.correct) == (1, 1)


def test_the_event_set_is_well_formed() -> None:
    from kg.actors import load_kb
    from kg.events import KINDS

    known = {iri.rsplit("/", 1)[-1] for iri in load_kb().actors}
    items = [json.loads(line) for line in (Path(__file__).resolve().parents[1] / "eval" / "events.jsonl").open()]
    assert len({i["id"] for i in items}) == len(items) >= 500
    assert {i["split"] for i in items} == {"dev", "test"}
    for item in items:
        for gold in item["required"] + item["acceptable"]:
            assert gold["kind"] in KINDS[gold["family"]], (item["id"], gold)
            assert gold.get("evidence", "") in item["text"], (item["id"], gold["id"])
            for qid in gold.get("actors", []) + gold.get("source", []) + gold.get("target", []):
                assert not qid.startswith("Q") or qid in known, (item["id"], qid)
