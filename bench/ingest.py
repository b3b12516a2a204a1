"""Ingestion speed and memory on real newswire, as ratios measured in the same run.

Reads the first N stories of Reuters-21578 (../shared/corpus/reuters21578) and times, on the same
text: (1) spaCy's own `nlp.pipe` over every sentence with the statistical model on P processes, the
cost of parsing everything; (2) `kg ingest` of the same stories into a fresh on-disk store with
P processes, as a user runs it (model loading included, so the ratio is conservative). Peak memory
is the resident memory of `kg ingest` and its worker processes together, sampled every 0.2 s.
With --whole, `kg ingest` reads the whole collection's SGML files itself, for its time and peak memory.

    .venv/bin/python bench/ingest.py [--limit N | --whole] [--processes P] [--record FILE]
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import spacy
from figures import record  # bench/figures.py, beside this script

from kg.articles import Article, read_articles
from kg.nlp import MODEL

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578"


def stories(limit: int) -> list[Article]:
    found = (item for item in read_articles(sorted(CORPUS.glob("reut2-*.sgm"))) if isinstance(item, Article))
    return list(itertools.islice(found, limit))


def parse_everything(texts: list[str], processes: int) -> float:
    """Seconds spaCy takes to run the whole statistical pipeline over the texts (model loaded first)."""
    nlp = spacy.load(MODEL)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=64):
        pass
    return time.perf_counter() - started


def ingest(inputs: list[Path], store: Path, processes: int) -> tuple[float, int, str]:
    """Seconds, peak resident kB of the process tree, and the summary line of `kg ingest`."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "kg.cli", "--store", str(store), "ingest", *map(str, inputs),
               "--processes", str(processes)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = [0]
    sampler = threading.Thread(target=_sample, args=(process, peak), daemon=True)
    sampler.start()
    out, _ = process.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    return elapsed, peak[0], out.strip().splitlines()[-1] if out.strip() else "(no summary)"


def _sample(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], sum(_rss(pid) for pid in _tree(process.pid)))
        time.sleep(0.2)


def _tree(pid: int) -> list[int]:
    """A process and its descendants, from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=3000, help="stories to read (default 3000)")
    parser.add_argument("--whole", action="store_true", help="only `kg ingest` of the whole collection")
    parser.add_argument("--processes", type=int, default=2, help="processes for both runs (default 2)")
    parser.add_argument("--record", type=Path, help="add the headline figures to this JSON file (bench/figures.py)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"no corpus at {CORPUS}")
    if args.whole:
        whole(args.processes, args.record)
    else:
        compare(args.limit, args.processes, args.record)


def whole(processes: int, figures: Path | None) -> None:
    """The whole collection through `kg ingest`, straight from its SGML files."""
    files = sorted(CORPUS.glob("reut2-*.sgm"))
    with tempfile.TemporaryDirectory() as scratch:
        seconds, peak_kb, summary = ingest(files, Path(scratch) / "store", processes)
    print(f"the whole Reuters-21578 collection ({len(files)} files), {processes} processes: {seconds:.1f} s, "
          f"peak memory {peak_kb / 1024:,.0f} MB (all processes together)\n  {summary}")
    record(figures, "reuters seconds", seconds)
    record(figures, "reuters peak", peak_kb / 1024)


def compare(limit: int, processes: int, figures: Path | None) -> None:
    """spaCy parsing every sentence against `kg ingest`, on the same stories."""
    articles = stories(limit)
    words = sum(len(a.text.split()) for a in articles)
    with tempfile.TemporaryDirectory() as scratch:
        stories_file = Path(scratch) / "stories.jsonl"
        with stories_file.open("w", encoding="utf-8") as out:
            for a in articles:
                out.write(json.dumps({"id": a.id, "title": a.title, "text": a.text,
                                      "published": a.published.isoformat() if a.published else None}) + "\n")
        spacy_seconds = parse_everything([a.text for a in articles], processes)
        kg_seconds, peak_kb, summary = ingest([stories_file], Path(scratch) / "store", processes)
        empty = Path(scratch) / "empty.jsonl"
        empty.write_text("")
        startup, _, _ = ingest([empty], Path(scratch) / "empty-store", processes)
    print(f"{len(articles):,} Reuters-21578 stories, {words:,} words, {processes} processes")
    print(f"  spaCy nlp.pipe, every sentence : {spacy_seconds:7.1f} s  {words / spacy_seconds:9,.0f} words/s")
    print(f"  kg ingest (load, read, store)  : {kg_seconds:7.1f} s  {words / kg_seconds:9,.0f} words/s  "
          f"peak memory {peak_kb / 1024:,.0f} MB")
    steady = kg_seconds - startup
    print(f"  kg ingest less its start-up    : {steady:7.1f} s  {words / steady:9,.0f} words/s  "
          f"(start-up {startup:.1f} s: model, knowledge base, shapes)")
    print(f"  ratio kg ingest / spaCy        : {spacy_seconds / kg_seconds:7.2f}x, {spacy_seconds / steady:.2f}x "
          "without start-up")
    print(f"  {summary}")
    record(figures, "ingest ratio", spacy_seconds / kg_seconds,
           f"{spacy_seconds / steady:.2f}x without start-up; {limit:,} stories")


if __name__ == "__main__":
    main()
