"""Faults during an ingest: a full disk, a read-only store, two ingests on one store, a store held by
`kg serve`, and the report that accounts for every article whatever happened.

The disk faults need a small tmpfs of their own, which only root (or a process with CAP_SYS_ADMIN)
can mount; elsewhere those tests skip and say so. Killing an ingest with SIGKILL is tested in
tests/test_cli.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clirun import Run, kg
from tests.serving import copy_store, serving
from tests.test_cli import count_articles

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
ARTICLES = sorted(str(path) for path in EXAMPLES.glob("*.txt"))
BLANK = ("--model", "blank")


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 600 kB tmpfs: room for a store's first files, not for the example articles' graphs."""
    where = tmp_path / "disk"
    where.mkdir()
    try:
        mount("-t", "tmpfs", "-o", "size=600k", "tmpfs", str(where))
    except (OSError, subprocess.SubprocessError):
        pytest.skip("mounting a small tmpfs needs root (CAP_SYS_ADMIN); the disk-fault tests skip")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def ingest(store: Path, *paths: str | Path, report: Path | None = None) -> Run:
    extra = ("--report", report) if report else ()
    return kg("--store", store, *BLANK, "ingest", *paths, *extra)


def accounted(report: dict) -> list[str]:
    """Every input the report names, stored or not: stored ones are what the others leave."""
    return sorted([item["source"] for item in report["failed"]] + report["not_read"])


def test_a_full_disk_stops_the_ingest_and_a_rerun_with_room_completes_it(small_disk: Path, tmp_path: Path) -> None:
    store, report_file = small_disk / "store", tmp_path / "report.json"
    run = ingest(store, EXAMPLES, report=report_file)
    assert run.code == 1 and "No space left on device" in run.err and "Traceback" not in run.err
    assert "run the same command again" in run.err
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["stopped"] and report["exit_code"] == 1
    # every article is stored, or listed as failed or not read, once
    assert report["stored"] + len(accounted(report)) == len(ARTICLES)
    assert set(accounted(report)) <= set(ARTICLES)
    mount("-o", "remount,size=50m", str(small_disk))
    assert kg("--store", store, "stats").code == 0  # the store opens and answers
    assert count_articles(store) == report["stored"]
    again = ingest(store, EXAMPLES)
    assert again.code == 0 and count_articles(store) == len(ARTICLES)
    assert kg("--store", store, "validate").code == 0


def test_a_read_only_store_answers_and_refuses_writes_with_a_line(small_disk: Path, example_store: Path,
                                                                  tmp_path: Path) -> None:
    mount("-o", "remount,size=50m", str(small_disk))
    store = copy_store(example_store, small_disk / "store")
    mount("-o", "remount,ro", str(small_disk))
    stats = kg("--store", store, "stats")
    assert stats.code == 0 and "14 articles" in stats.out
    query = kg("--store", store, "query", "sanctions-against", "--param", "target=Q159", "--format", "json")
    assert query.code == 0 and json.loads(query.out)
    export = kg("--store", store, "export", "--format", "nt", "-o", tmp_path / "graph.nt")
    assert export.code == 0 and (tmp_path / "graph.nt").read_text(encoding="utf-8").count("\n") > 10_000
    write = ingest(store, EXAMPLES)
    assert write.code == 1 and write.err.strip() == (
        f"kg: error: cannot open store {store} for writing: Read-only file system")


def test_a_second_ingest_on_a_busy_store_is_told_and_the_first_finishes(tmp_path: Path) -> None:
    corpus, store = tmp_path / "wire.jsonl", tmp_path / "store"
    with corpus.open("w", encoding="utf-8") as out:
        for n in range(1500):
            text = f"Japan and India held talks on trade on Monday. Officials said item {n} was agreed."
            out.write(json.dumps({"id": f"wire-{n}", "published": "2024-05-08", "text": text}) + "\n")
    first = subprocess.Popen([sys.executable, "-m", "kg.cli", "--store", str(store), *BLANK, "ingest", str(corpus)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    for _ in range(200):  # until the first ingest holds the store
        if (store / "LOCK").exists():
            break
        time.sleep(0.05)
    second = ingest(store, EXAMPLES)
    out, err = first.communicate(timeout=600)
    assert second.code == 1 and second.err.strip() == f"kg: error: store {store} is in use by another kg process"
    assert first.returncode == 0, err
    assert count_articles(store) == 1500


def test_an_ingest_on_a_served_store_is_told(example_store: Path, tmp_path: Path) -> None:
    store = copy_store(example_store, tmp_path / "store")
    with serving(store):
        run = ingest(store, EXAMPLES)
    assert run.code == 1 and "is in use by another kg process" in run.err
    assert count_articles(store) == len(ARTICLES)  # served, then free again, and whole


def test_the_report_accounts_for_every_article(tmp_path: Path) -> None:
    corpus, report_file = tmp_path / "corpus", tmp_path / "report.json"
    corpus.mkdir()
    for name in ARTICLES[:3]:
        (corpus / Path(name).name).write_bytes(Path(name).read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "copy.txt").write_bytes(Path(ARTICLES[0]).read_bytes())  # the same article id twice
    (corpus / "french.txt").write_text("Accord entre Paris et Berlin\n\n" + "La France et l'Allemagne ont "
                                       "sign\u00e9 mardi un accord sur l'\u00e9nergie, a indiqu\u00e9 le "
                                       "minist\u00e8re des affaires \u00e9trang\u00e8res. " * 5, encoding="utf-8")
    run = ingest(tmp_path / "store", corpus, report=report_file)
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert run.code == 0 and report["exit_code"] == 0 and report["stopped"] is None and report["not_read"] == []
    assert report["stored"] == 3 and report["stored"] + len(report["failed"]) == 6
    reasons = {Path(item["source"]).name: item["reason"] for item in report["failed"]}
    assert set(reasons) == {"empty.txt", "french.txt", "copy.txt"} or set(reasons) == {
        "empty.txt", "french.txt", Path(ARTICLES[0]).name}  # whichever of the two copies comes second
    assert sum(report["events"].values()) > 0
    assert all(f"failed: {item['source']}: {item['reason']}" in run.err for item in report["failed"])
    unwritable = ingest(tmp_path / "store", corpus, report=tmp_path / "missing" / "report.json")
    assert unwritable.code == 1 and f"cannot write {tmp_path / 'missing' / 'report.json'}" in unwritable.err
