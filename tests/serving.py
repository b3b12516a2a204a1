"""`kg serve` started as users start it, in a process of its own, for the server, API and browser tests."""

from __future__ import annotations

import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.clirun import kg

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
KG = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]
#: The line `kg serve` prints once it listens.
STARTED = re.compile(r"kg serve: SPARQL endpoint (?P<base>http://\S+)/sparql, query page ")
START_SECONDS = 60


@dataclass
class Served:
    """A running `kg serve`: its base URL, its process and its log."""

    base: str
    process: subprocess.Popen
    log: Path

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def build_example_store(where: Path) -> Path:
    """The bundled example articles ingested (blank pipeline, as the CLI tests do) into a new store."""
    run = kg("--store", where, "--model", "blank", "ingest", EXAMPLES)
    assert run.code == 0, run.err
    return where


def copy_store(store: Path, where: Path) -> Path:
    """A copy of a closed store, for a test that needs the same data unlocked or to change it."""
    shutil.copytree(store, where)
    return where


@contextmanager
def serving(store: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """`kg --store STORE serve --port 0 ARGS`, up and answering until the block ends (then SIGTERM)."""
    log = store.parent / f"{store.name}-serve.log"
    with log.open("wb") as errors:
        process = subprocess.Popen([*KG, "--store", str(store), "serve", "--port", "0", *args],
                                   stdout=subprocess.PIPE, stderr=errors, env={**os.environ, **(env or {})})
    try:
        yield Served(_base(process, log), process, log)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()


def _base(process: subprocess.Popen, log: Path) -> str:
    """The base URL from the server's first line, or the test fails with what it said instead."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if selector.select(START_SECONDS):
            line = process.stdout.readline().decode()
            found = STARTED.match(line)
            if found:
                return found["base"]
    process.kill()
    process.wait()
    pytest.fail(f"kg serve did not start: {log.read_text(errors='replace')[-2000:]}")
