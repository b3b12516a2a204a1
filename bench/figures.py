"""The headline figures of `make bench` beside issue 5's targets, in one table.

Each benchmark script given `--record FILE` adds its headline figures to FILE (one JSON object);
this script prints them against the targets, saying by how much each is met or missed, so one run
of `make bench` ends with the whole picture. A figure no script recorded shows as not measured.

    .venv/bin/python bench/figures.py FILE
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Target:
    key: str
    what: str
    goal: float
    unit: str
    higher_is_better: bool


TARGETS = [
    Target("ingest ratio", "ingestion words/s against spaCy parsing everything, 2 processes", 3.0, "x", True),
    Target("reuters seconds", "the whole Reuters-21578 collection ingested", 600, "s", False),
    Target("reuters peak", "peak memory of that ingest, all processes", 1536, "MB", False),
    Target("load 1000000", "bulk load, 1M triples", 300_000, "triples/s", True),
    Target("query 1000000", "slowest bundled query, 1M triples", 0.2, "s", False),
    Target("export 1000000", "Turtle export, 1M triples", 1_000_000, "triples/s", True),
    Target("load 10000000", "bulk load, 10M triples", 300_000, "triples/s", True),
    Target("query 10000000", "slowest bundled query, 10M triples", 2.0, "s", False),
    Target("export 10000000", "Turtle export, 10M triples", 1_000_000, "triples/s", True),
    Target("remote", "ingest into the Oxigraph server (best of its two protocols)", 100_000, "triples/s", True),
]


def record(path: Path | None, key: str, value: float, note: str = "") -> None:
    """Add one figure to the file (created if need be); nothing when no file was asked for."""
    if path is None:
        return
    figures = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    figures[key] = {"value": value, "note": note}
    path.write_text(json.dumps(figures, indent=1), encoding="utf-8")


def goal(key: str) -> float | None:
    """The target a figure is held to, if it has one."""
    return next((t.goal for t in TARGETS if t.key == key), None)


def verdict(target: Target, value: float) -> str:
    """'met', or how far off the target is: the share of a rate reached, the multiple of a limit taken."""
    if target.higher_is_better:
        return "met" if value >= target.goal else f"missed: {value / target.goal:.2f} of the target"
    return "met" if value <= target.goal else f"missed: {value / target.goal:.1f} times the limit"


def table(figures: dict[str, dict[str, object]]) -> list[str]:
    """The table's lines, one a target."""
    lines = [f"{'what':62} {'target':>22} {'measured':>18}  verdict", "-" * 130]
    for target in TARGETS:
        limit = f"{'>=' if target.higher_is_better else '<='} {_number(target.goal)} {target.unit}"
        found = figures.get(target.key)
        if found is None:
            lines.append(f"{target.what:62} {limit:>22} {'not measured':>18}")
            continue
        value = float(found["value"])  # type: ignore[arg-type]
        note = f" ({found['note']})" if found.get("note") else ""
        lines.append(f"{target.what:62} {limit:>22} {f'{_number(value)} {target.unit}':>18}  "
                     f"{verdict(target, value)}{note}")
    return lines


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value < 10 else f"{value:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the JSON file the benchmarks recorded into")
    args = parser.parse_args()
    figures = json.loads(args.file.read_text(encoding="utf-8")) if args.file.exists() else {}
    print("\n".join(table(figures)))


if __name__ == "__main__":
    main()
