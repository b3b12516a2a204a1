"""The `kg` command as a user meets it: summaries, exit codes, one-line errors, files written.

Most tests call `kg.cli.main` in-process on the blank pipeline (fast, and the model is built once
per process); a few run `python -m kg.cli` in a child process, as a shell would, to see the real
standard streams and the real statistical model.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
import spacy
from rdflib import RDF, BNode, Graph, URIRef

from kg import writer
from kg.articles import Article
from kg.events import Event
from kg.nlp import MODEL
from kg.store import Store
from kg.vocab import DIP
from kg.writer import BATCH
from tests.clirun import Run, kg

# rdflib 7.6 itself reads its deprecated Dataset.default_context on every union-graph lookup
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SUMMARY = re.compile(r"ingested (?P<articles>\d+) article\(s\): (?P<events>\d+) event\(s\) "
                     r"\((?P<meeting>\d+) meeting, (?P<sanction>\d+) sanction, (?P<alignment>\d+) alignment, "
                     r"(?P<claim>\d+) claim\); (?P<failures>\d+) failure\(s\)")
ARTICLE_COUNT = "PREFIX dip: <https://w3id.org/dipkg/ontology#> SELECT (COUNT(?a) AS ?n) WHERE { ?a a dip:Article }"
needs_model = pytest.mark.skipif(not spacy.util.is_package(MODEL), reason=f"the spaCy model {MODEL} is not installed")
EVENT_KEYS = {"article", "family", "kind", "source", "target", "participants", "status", "date", "evidence",
              "cameo", "plover", "confidence"}




def kg_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the command as a child process, with pipes (not a terminal) for its streams."""
    return subprocess.run(child_command(*args), capture_output=True, text=True, env=child_env(), timeout=120,
                          check=False)


def child_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *map(str, args)]


def child_env() -> dict[str, str]:
    """This environment, with the project importable whether or not it is installed."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


def count_articles(store_path: Path) -> int:
    store = Store.open(str(store_path))
    try:
        [row] = list(store.query(ARTICLE_COUNT))
        return int(row[0])
    finally:
        store.close()


def stored_union(store_path: Path) -> Graph:
    store = Store.open(str(store_path))
    try:
        return store.union()
    finally:
        store.close()


def summary(run: Run) -> dict[str, int]:
    match = SUMMARY.fullmatch(run.out.strip())
    assert match, f"no summary line in {run.out!r}"
    return {key: int(value) for key, value in match.groupdict().items()}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """The examples ingested once into an on-disk store that the read-only tests share."""
    store = tmp_path_factory.mktemp("cli") / "store"
    return store, kg("--store", store, "--model", "blank", "ingest", EXAMPLES)


# --- ingest ------------------------------------------------------------------------------------


def test_ingest_prints_one_summary_line(ingested: tuple[Path, Run]) -> None:
    store, run = ingested
    counts = summary(run)
    assert run.code == 0
    assert counts["articles"] + counts["failures"] == len(list(EXAMPLES.glob("*.txt")))
    assert counts["events"] == sum(counts[f] for f in ("meeting", "sanction", "alignment", "claim")) > 0
    assert run.err.count("failed: ") == counts["failures"]
    assert count_articles(store) == counts["articles"]


def test_the_progress_bar_stays_off_a_stream_that_is_not_a_terminal(ingested: tuple[Path, Run]) -> None:
    _, run = ingested
    assert "article/s" not in run.err
    assert "\r" not in run.err


def test_ingesting_again_replaces_rather_than_adds(tmp_path: Path) -> None:
    store, articles = tmp_path / "store", tmp_path / "articles"
    articles.mkdir()
    for name in ("02-eu-sanctions-russian-officials.txt", "03-us-lifts-turkey-sanctions.txt"):
        (articles / name).write_bytes((EXAMPLES / name).read_bytes())
    assert kg("--store", store, "--model", "blank", "ingest", articles).code == 0
    first_stats, first_union = kg("--store", store, "stats"), stored_union(store)
    assert kg("--store", store, "--model", "blank", "ingest", articles).code == 0
    second_stats = kg("--store", store, "stats")
    assert second_stats.out.splitlines()[0] == first_stats.out.splitlines()[0]
    assert first_stats.out.startswith(f"{len(first_union)} triples in 3 named graphs (2 articles")
    assert set(stored_union(store)) == set(first_union)


def _report(article_id: str, url: str, text: str) -> str:
    return json.dumps({"id": article_id, "url": url, "published": "2024-03-06", "text": text})


def test_one_event_reported_by_several_articles_is_one_node_counted_once_per_article(tmp_path: Path) -> None:
    store, feed = tmp_path / "store", tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        _report("wire-1", "https://wire.example/a1",
                "Japan and India held talks in Tokyo on Monday. Japan and India signed a defence pact on Monday."),
        _report("wire-2", "https://wire.example/a2",
                "India and Japan held talks in Tokyo on Monday on trade. Japan and India signed a defence pact on Monday."),
        _report("daily-1", "http://daily.example/b", "Officials said Japan and India had held talks in Tokyo on Monday."),
        _report("daily-2", "http://daily.example/c", "Japan and India will hold talks in Delhi next month."),
    ]) + "\n", encoding="utf-8")
    assert kg("--store", store, "ingest", feed).code == 0
    assert kg("--store", store, "ingest", feed).code == 0  # again: replaces, never adds a report
    rows = json.loads(kg("--store", store, "query", "event-reports", "--format", "json").out)
    talks = [r for r in rows if r["kind"] == "talks"]
    assert [(r["status"], r["articles"], r["sources"]) for r in talks] == [("occurred", "3", "2"), ("planned", "1", "1")]
    twice = json.loads(kg("--store", store, "query", "event-reports", "--param", "min_articles=2", "--format", "json").out)
    assert [(r["kind"], r["articles"]) for r in twice] == [("talks", "3"), ("cooperation", "2")]
    network = json.loads(kg("--store", store, "query", "alignment-network", "--format", "json").out)
    assert [(r["cooperation"], r["opposition"]) for r in network] == [("1", "0")]
    by_family = json.loads(kg("--store", store, "query", "events-by-family", "--format", "json").out)
    assert {(r["kind"], r["status"]): r["events"] for r in by_family} == {
        ("talks", "occurred"): "1", ("talks", "planned"): "1", ("cooperation", "occurred"): "1"}
    assert kg("--store", store, "validate").code == 0


def test_a_graph_failing_the_shapes_is_reported_and_not_stored(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real_article_graph = writer.article_graph
    broken = "03-us-lifts-turkey-sanctions.txt"

    def with_a_broken_event(article: Article, events: Iterable[Event]) -> Graph:
        graph = real_article_graph(article, events)
        if article.source.endswith(broken):
            graph.add((URIRef("https://w3id.org/dipkg/id/event/broken"), RDF.type, DIP.Meeting))
        return graph

    monkeypatch.setattr(writer, "article_graph", with_a_broken_event)
    store = tmp_path / "store"
    run = kg("--store", store, "--model", "blank", "ingest", EXAMPLES / broken)
    assert run.code == 1
    assert summary(run)["failures"] == 1
    assert "fails the SHACL shapes; not stored" in run.err
    assert count_articles(store) == 0
    # in a batch with a good article, only the broken one is left out
    run = kg("--store", store, "--model", "blank", "ingest", EXAMPLES / broken, EXAMPLES / "01-xi-putin-beijing-summit.txt")
    assert run.code == 0 and summary(run)["failures"] == 1 and count_articles(store) == 1


def test_bad_articles_are_reported_and_the_good_ones_stored(tmp_path: Path) -> None:
    store, corpus = tmp_path / "store", tmp_path / "corpus"
    corpus.mkdir()
    first = EXAMPLES / "02-eu-sanctions-russian-officials.txt"
    assert kg("--store", store, "--model", "blank", "ingest", first).code == 0
    before = stored_union(store)
    good = [EXAMPLES / "03-us-lifts-turkey-sanctions.txt", EXAMPLES / "14-kremlin-beijing-naval-patrol.txt"]
    for article in good:
        (corpus / article.name).write_bytes(article.read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "latin1.txt").write_bytes("Paris et Berlin ont sign\u00e9 un accord mardi.\n".encode("latin-1"))
    (corpus / "page.html").write_text(SCRIPTED_PAGE, encoding="utf-8")
    (corpus / "undated.txt").write_text(UNDATED, encoding="utf-8")
    sentence = "Diplomats from many states gathered in Geneva on Tuesday to discuss shipping rules.\n\n"
    huge = "A very long report\n\n" + sentence * (20_000_000 // len(sentence))
    (corpus / "huge.txt").write_text(huge, encoding="utf-8")

    run = kg("--store", store, "--model", "blank", "ingest", corpus)

    assert run.code == 0
    assert summary(run)["articles"] == 4 and summary(run)["failures"] == 4
    failed = {Path(line.split(": ", 2)[1]).name: line for line in run.err.splitlines() if "failed: " in line}
    assert set(failed) == {"empty.txt", "binary.txt", "latin1.txt", "huge.txt"}
    assert "empty article" in failed["empty.txt"]
    assert "binary" in failed["binary.txt"]
    assert "not valid UTF-8" in failed["latin1.txt"]
    assert "too long to analyse" in failed["huge.txt"]
    assert count_articles(store) == 5
    after = stored_union(store)
    assert set(before) <= set(after)
    literals = " ".join(str(o) for o in after.objects())
    assert "Scripted mission statement" in literals  # the page's main text was stored ...
    assert "SCRIPT-SECRET" not in literals  # ... and its scripts were not
    assert _undated_events_have_no_dates(after)


SCRIPTED_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Turkey and Greece hold talks in Ankara</title>
<script>var tracker = "SCRIPT-SECRET-1: China imposed sanctions on Japan";</script></head>
<body><article><h1>Turkey and Greece hold talks in Ankara</h1>
<p>Scripted mission statement: Turkey and Greece held talks in Ankara on Tuesday on maritime boundaries in the
Aegean, the foreign ministries of both countries said in a joint statement after the meeting ended.</p>
<script>document.write("SCRIPT-SECRET-2: Russia sanctioned France");</script>
<p>The two NATO members agreed to continue the talks next month and to set up a joint working group on
fisheries, officials said, adding that the atmosphere of the talks had been constructive.</p>
<p>Relations between the neighbours have been strained for years by disputes over airspace, islands and
energy exploration in the eastern Mediterranean.</p>
</article></body></html>
"""

UNDATED_TITLE = "Japan and Australia hold talks on defence"
UNDATED = f"""{UNDATED_TITLE}

TOKYO — Japan and Australia held talks in Tokyo on Monday on closer defence cooperation, officials said.

The two countries agreed to expand joint exercises, according to a statement issued after the talks.
"""


def _undated_events_have_no_dates(graph: Graph) -> bool:
    """The undated article's events are stored (at least one) and none has a date."""
    [article] = [s for s, o in graph.subject_objects(URIRef("http://purl.org/dc/terms/title"))
                 if str(o) == UNDATED_TITLE]
    events = set(graph.subjects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), article))
    return bool(events) and not any((e, DIP.earliestDate, None) in graph for e in events)


# --- query -------------------------------------------------------------------------------------

SUMMITS = ("query", "summits-between", "--param", "a=Q148", "--param", "b=Q159")


def test_query_as_json(ingested: tuple[Path, Run]) -> None:
    store, _ = ingested
    run = kg("--store", store, *SUMMITS, "--format", "json")
    rows = json.loads(run.out)
    assert run.code == 0 and rows
    assert {(row["aLabel"], row["bLabel"]) for row in rows} == {("China", "Russia")}
    assert all(row["kind"] in {"summit", "talks", "call", "visit"} and row["evidence"] for row in rows)


def test_query_as_csv_and_as_a_table(ingested: tuple[Path, Run]) -> None:
    store, _ = ingested
    rows = json.loads(kg("--store", store, *SUMMITS, "--format", "json").out)
    table = list(csv.reader(io.StringIO(kg("--store", store, *SUMMITS, "--format", "csv").out)))
    assert table[0] == list(rows[0])
    assert [dict(zip(table[0], line)) for line in table[1:]] == rows
    printed = kg("--store", store, *SUMMITS).out.splitlines()
    assert printed[0].split()[:3] == ["event", "kind", "earliest"]
    assert printed[-1] == f"({len(rows)} row{'s' if len(rows) != 1 else ''})"


def test_queries_lists_every_named_query() -> None:
    run = kg("queries")
    names = [line.split()[0] for line in run.out.splitlines()]
    assert run.code == 0
    assert names == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


# --- errors ------------------------------------------------------------------------------------


@pytest.fixture
def bad_rq(tmp_path: Path) -> Path:
    path = tmp_path / "broken.rq"
    path.write_text("# title: broken\nSELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    return path


ERRORS = {
    "unknown query": ("query", "no-such-query"),
    "unknown parameter": (*SUMMITS, "--param", "c=1"),
    "missing parameter": ("query", "summits-between", "--param", "a=Q148"),
    "bad QID": ("query", "summits-between", "--param", "a=Q148; DROP", "--param", "b=Q159"),
    "bad date": (*SUMMITS, "--param", "from=2021-13-01"),
    "param without =": (*SUMMITS, "--param", "from"),
    "missing .rq file": ("query", "missing.rq"),
}


@pytest.mark.parametrize("args", ERRORS.values(), ids=ERRORS.keys())
def test_a_bad_query_is_one_line_on_stderr(ingested: tuple[Path, Run], args: tuple[str, ...]) -> None:
    store, _ = ingested
    assert_one_line_error(kg("--store", store, *args))


def test_a_query_with_a_syntax_error_is_one_line_on_stderr(ingested: tuple[Path, Run], bad_rq: Path) -> None:
    store, _ = ingested
    run = kg("--store", store, "query", bad_rq)
    assert_one_line_error(run)
    assert "SPARQL syntax error" in run.err


@pytest.mark.parametrize("command", [("ingest",), ("extract", "--json")])
def test_a_missing_path_is_reported_before_anything_is_written(tmp_path: Path, command: tuple[str, ...]) -> None:
    store = tmp_path / "store"
    run = kg("--store", store, "--model", "blank", *command, tmp_path / "nowhere")
    assert_one_line_error(run)
    assert "no such file or directory" in run.err
    assert not store.exists()


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    file = tmp_path / "store"
    file.write_text("a file\n", encoding="utf-8")
    run = kg("--store", file, "stats")
    assert_one_line_error(run)
    assert "is a file" in run.err


def assert_one_line_error(run: Run) -> None:
    assert run.code != 0
    assert "Traceback" not in run.err
    assert len(run.err.splitlines()) == 1 and run.err.startswith("kg: error: "), run.err


# --- export and validate ------------------------------------------------------------------------


def test_export_writes_the_union_as_turtle(ingested: tuple[Path, Run], tmp_path: Path) -> None:
    store, _ = ingested
    target = tmp_path / "graph.ttl"
    run = kg("--store", store, "export", "--format", "turtle", "-o", target)
    assert run.code == 0 and run.out == ""
    written = Graph().parse(target, format="turtle")
    union = stored_union(store)
    assert not any(isinstance(node, BNode) for triple in union for node in triple)  # so set equality is isomorphism
    assert len(written) == len(union) > 0
    assert set(written) == set(union)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


@pytest.mark.parametrize("directory", [False, True], ids=["in a missing directory", "a directory"])
def test_an_unwritable_export_target_is_one_line_and_leaves_nothing(ingested: tuple[Path, Run], tmp_path: Path,
                                                                    directory: bool) -> None:
    store, _ = ingested
    target = tmp_path / "graph.ttl" if directory else tmp_path / "no-such-dir" / "graph.ttl"
    if directory:
        target.mkdir()
    run = kg("--store", store, "export", "-o", target)
    assert_one_line_error(run)
    assert "cannot write" in run.err
    assert [p.name for p in tmp_path.iterdir()] == (["graph.ttl"] if directory else [])


def test_export_stops_quietly_when_its_reader_goes_away(ingested: tuple[Path, Run]) -> None:
    """`kg export | head -1`: the rest of the output has nowhere to go, which is no error to shout about."""
    store, _ = ingested
    child = subprocess.Popen(child_command("--store", store, "export", "--format", "nt"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
    assert child.stdout is not None and child.stdout.readline().startswith(b"<")
    child.stdout.close()
    _, err = child.communicate(timeout=60)
    assert err == b""
    assert child.returncode == 1


def test_a_fresh_ingest_validates(ingested: tuple[Path, Run]) -> None:
    store, _ = ingested
    run = kg("--store", store, "validate")
    assert run.code == 0, run.out
    assert run.out.startswith(f"valid: {len(stored_union(store))} triples conform")


# --- extract -----------------------------------------------------------------------------------


def test_extract_prints_json_lines_and_touches_no_store(tmp_path: Path) -> None:
    store = tmp_path / "no-store"
    run = kg("--store", store, "--model", "blank", "extract", "--json", EXAMPLES)
    events = [json.loads(line) for line in run.out.splitlines()]
    assert run.code == 0 and events
    assert all(EVENT_KEYS <= set(event) for event in events)
    assert {event["family"] for event in events} == {"meeting", "sanction", "alignment", "claim"}
    assert not store.exists()


def test_extract_skips_a_bad_article_and_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_bytes((EXAMPLES / "03-us-lifts-turkey-sanctions.txt").read_bytes())
    run = kg("--model", "blank", "extract", "--json", tmp_path)
    assert run.code == 0
    assert run.err == f"kg: skipped {tmp_path / 'empty.txt'}: empty article\n"
    assert {json.loads(line)["family"] for line in run.out.splitlines()} >= {"sanction"}


@needs_model
def test_extract_with_the_real_model_in_a_child_process(tmp_path: Path) -> None:
    """The default model, as a user runs it: events found, and stderr free of progress bars."""
    store = tmp_path / "no-store"
    done = kg_process("--store", store, "extract", "--json", EXAMPLES / "01-xi-putin-beijing-summit.txt",
                      EXAMPLES / "03-us-lifts-turkey-sanctions.txt")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    events = [json.loads(line) for line in done.stdout.splitlines()]
    readings = {(e["family"], e["kind"], e["status"], tuple(sorted(e["participants"])), tuple(e["source"]),
                 tuple(e["target"])) for e in events}
    assert ("meeting", "summit", "occurred", ("Q148", "Q159"), (), ()) in readings
    assert ("sanction", "sanction", "lifted", (), ("Q30",), ("Q43",)) in readings
    assert not store.exists()


@needs_model
def test_ingest_and_query_against_a_sparql_endpoint(sparql_endpoint: str) -> None:
    """End to end with the real model and a real server: what is ingested there can be queried there."""
    endpoint = ("--store", f"{sparql_endpoint}/query", "--update-endpoint", f"{sparql_endpoint}/update")
    ingest = kg_process(*endpoint, "ingest", EXAMPLES / "03-us-lifts-turkey-sanctions.txt")
    assert ingest.returncode == 0, ingest.stderr
    assert summary(Run(ingest.returncode, ingest.stdout, ingest.stderr))["articles"] == 1
    query = kg_process(*endpoint, "query", "sanctions-against", "--param", "target=Q43", "--format", "json")
    assert query.returncode == 0, query.stderr
    assert any("lifted" in json.dumps(row) for row in json.loads(query.stdout))


def test_two_articles_with_one_id_are_not_both_stored(tmp_path: Path) -> None:
    lines = [{"id": "same", "text": "China and Russia held talks in Beijing on Monday."},
             {"id": "same", "text": "Japan and India held talks in Tokyo on Tuesday."}]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    run = kg("--store", tmp_path / "store", "--model", "blank", "ingest", corpus)
    assert run.code == 0
    assert SUMMARY.search(run.out)["articles"] == "1" and SUMMARY.search(run.out)["failures"] == "1"
    assert "same article id" in run.err


def test_reading_commands_do_not_create_a_store(tmp_path: Path) -> None:
    for command in (["stats"], ["validate"], ["export"], ["query", "actors"]):
        run = kg("--store", tmp_path / "typo", *command)
        assert run.code == 1 and run.err.startswith("kg: error: no store at"), (command, run.err)
    assert not (tmp_path / "typo").exists()


def test_ingest_in_two_processes_stores_what_one_stores(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert kg("--store", one, "--model", "blank", "ingest", EXAMPLES).code == 0
    run = kg("--store", two, "--model", "blank", "ingest", EXAMPLES, "--processes", "2")
    assert run.code == 0 and count_articles(two) == count_articles(one) > 0
    bad = kg("--store", two, "ingest", EXAMPLES, "--processes", "0")
    assert bad.code == 2 and "must be from 1 to 64" in bad.err


def test_an_ingest_killed_midway_leaves_a_usable_store_and_a_rerun_completes_it(tmp_path: Path) -> None:
    """SIGKILL between batches or inside one: every batch is one transaction, so the store opens,
    holds whole batches only, and ingesting the same files again ends with each article once."""
    corpus = tmp_path / "wire.jsonl"
    states = ["Japan", "China", "India", "Brazil", "Kenya", "Peru", "Chile", "Egypt", "Ghana", "Spain"]
    with corpus.open("w", encoding="utf-8") as out:
        for n in range(3000):
            a, b = states[n % 10], states[(n // 10) % 10]
            text = f"{a} and {b} held talks on trade on Monday. Officials from {a} said item {n} was agreed."
            out.write(json.dumps({"id": f"wire-{n}", "published": "2024-05-08", "text": text}) + "\n")
    store = tmp_path / "store"
    command = [sys.executable, "-m", "kg.cli", "--store", str(store), "--model", "blank", "ingest", str(corpus)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(8)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the ingest finished before it could be killed"
    partial = count_articles(store)
    assert partial % BATCH == 0 and partial < 3000  # whole batches only
    run = kg("--store", store, "--model", "blank", "ingest", corpus)
    assert run.code == 0 and count_articles(store) == 3000
    assert kg("--store", store, "validate").code == 0


def test_shards_split_the_articles_and_together_store_them_all(tmp_path: Path) -> None:
    whole, sharded = tmp_path / "whole", tmp_path / "sharded"
    assert kg("--store", whole, "--model", "blank", "ingest", EXAMPLES).code == 0
    counts = []
    for k in (1, 2, 3):
        run = kg("--store", sharded, "--model", "blank", "ingest", EXAMPLES, "--shard", f"{k}/3")
        assert run.code == 0
        counts.append(summary(run)["articles"])
    assert sum(counts) == count_articles(whole) == count_articles(sharded) and all(c < sum(counts) for c in counts)
    bad = kg("--store", sharded, "ingest", EXAMPLES, "--shard", "4/3")
    assert bad.code == 2 and "not K/N" in bad.err
