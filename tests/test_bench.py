"""The benchmarks' own plumbing: what they record and the table `make bench` ends with."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from kg.queries import all_queries

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _figures_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("figures", BENCH / "figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["figures"] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def test_the_table_says_by_how_much_each_target_is_met_or_missed(tmp_path: Path) -> None:
    figures = _figures_module()
    path = tmp_path / "figures.json"
    figures.record(path, "ingest ratio", 3.09, "4.1x without start-up")
    figures.record(path, "load 10000000", 150_000)
    figures.record(path, "query 10000000", 8.0, "relation-network (2,525 rows)")
    figures.record(None, "remote", 1.0)  # no file asked for: nothing written
    lines = {line.split("  ")[0]: line for line in figures.table(json.loads(path.read_text()))}
    assert lines["ingestion words/s against spaCy parsing everything, 2 processes"].endswith(
        "met (4.1x without start-up)")
    assert "missed: 0.50 of the target" in lines["bulk load, 10M triples"]
    assert "missed: 4.0 times the limit (relation-network" in lines["slowest bundled query, 10M triples"]
    assert "not measured" in lines["ingest into the Oxigraph server (best of its two protocols)"]
    assert len(lines) == len(figures.TARGETS) + 2  # header and rule


def test_the_store_benchmark_records_its_figures(tmp_path: Path) -> None:
    """A small run of bench/store.py: every bundled query runs, and the figures land in the file."""
    path = tmp_path / "figures.json"
    run = subprocess.run([sys.executable, str(BENCH / "store.py"), "--triples", "3000", "--rdflib-max", "0",
                          "--record", str(path)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    recorded = json.loads(path.read_text())
    assert {"load 3000", "export 3000", "query 3000"} <= set(recorded)
    assert all(figure["value"] > 0 for figure in recorded.values())
    local = [q.name for q in all_queries() if "SERVICE" not in q.text]
    assert recorded["query 3000"]["note"].split(" (")[0] in local
    assert all(f"query {name} (" in run.stdout for name in local if name != "event-evidence")
