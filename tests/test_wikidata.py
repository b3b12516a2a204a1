"""`kg link`, `kg enrich` and `kg actors` against a real SPARQL endpoint standing in for Wikidata.

The endpoint is a local Oxigraph server holding tests/data/wikidata-fixture.ttl (the
`wikidata_endpoint` fixture). Misbehaving endpoints (slow, garbage, busy, failing) are small HTTP
servers on 127.0.0.1 (tests/httpfakes.py); the busy one passes its second request on to the Oxigraph server.
Nothing is mocked and nothing leaves the machine. Back-off is cut to milliseconds so the file runs fast.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, SKOS

from kg.cli import DEFAULT_SOURCES
from kg.iri import actor_iri
from kg.rdf import actors_graph
from kg.store import Store
from kg.validate import check
from kg.vocab import DIP, DIPR, WD, WDT
from kg.wikidata import PQ, PS, WDS, WIKIDATA_GRAPH, P, WikidataClient, link_name
from tests.clirun import Run, kg
from tests.httpfakes import answer, busy_once_then, failing, forward_to, garbage, local_server, slow

# rdflib 7.6 itself reads its deprecated Dataset.default_context on every union-graph lookup
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
#: Wikidata's alias with the patronymic: a form the offline knowledge base is not expected to hold, so
#: the name is always looked up on the endpoint.
MEDVEDEV = "Dmitry Anatolyevich Medvedev"
TRIES = 3
ARTICLES = {  # file name -> (publication day, text)
    "russia.txt": ("2023-03-01", "US sanctions Russia\n\nThe United States imposed sanctions on Russia.\n"),
    # Pakistan joined the SCO in 2017 (the fixture's start qualifier): not a member when this was published
    "pakistan.txt": ("2010-05-01", "US sanctions Pakistan\n\nThe United States imposed sanctions on Pakistan.\n"),
}




def online(endpoint: str, cache: Path, *args: str | Path, store: Path | None = None) -> Run:
    """A command against an endpoint, with its own cache, one-second timeout and millisecond back-off."""
    settings = ["--wikidata", endpoint, "--wikidata-cache", cache, "--wikidata-timeout", "1",
                "--wikidata-tries", str(TRIES), "--wikidata-backoff", "0.01", "--model", "blank"]
    return kg(*(["--store", store] if store else []), *settings, *args)


def assert_one_line_error(run: Run) -> None:
    assert run.code != 0
    assert run.err.startswith("kg: error:") and run.err.count("\n") == 1, run.err


# --- Local HTTP servers that misbehave -----------------------------------------------------------


@pytest.fixture
def closed_port() -> str:
    """The URL of a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/sparql"


# --- A small store to enrich ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two one-line articles about US sanctions, ingested on the blank pipeline; copied by each test."""
    folder = tmp_path_factory.mktemp("articles")
    store = tmp_path_factory.mktemp("pristine") / "store"
    for name, (published, text) in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        run = kg("--store", store, "--model", "blank", "ingest", folder / name, "--published", published)
        assert run.code == 0 and "1 sanction" in run.out, run
    return store


@pytest.fixture
def store(pristine_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(pristine_store, copy)
    return copy


def snapshot(store: Path) -> bytes:
    """Everything the store holds, graph by graph, in a canonical order."""
    opened = Store.open(str(store))
    try:
        out = io.BytesIO()
        opened.export("nquads", out)
    finally:
        opened.close()
    return b"\n".join(sorted(out.getvalue().splitlines()))


def wikidata_graph(store: Path) -> Graph:
    opened = Store.open(str(store))
    try:
        graph = Graph()
        for s, p, o in opened.dataset.graph(WIKIDATA_GRAPH):
            graph.add((s, p, o))
        return graph
    finally:
        opened.close()


def cache_files(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(cache.glob("*"))} if cache.exists() else {}


# --- kg link -------------------------------------------------------------------------------------


def test_a_newly_appointed_minister_resolves_to_their_state(wikidata_endpoint: str, tmp_path: Path) -> None:
    run = online(wikidata_endpoint, tmp_path / "cache", "link", "Ilsa Testmark", "--json")
    assert run.code == 0, run.err
    [found] = run.json_lines()
    assert (found["status"], found["source"], found["qid"], found["type"]) == (
        "resolved", "wikidata", "Q999999901", "person")
    assert found["acts_for"] == {"qid": "Q230", "label": "Georgia"}  # through the office's P17
    assert found["office"]["qid"] == "Q999999902" and found["office"]["held"]
    text = online(wikidata_endpoint, tmp_path / "cache", "link", "Ilsa Testmark")
    assert text.out.startswith("Ilsa Testmark: Q999999901 Ilsa Testmark (fictional) (person), acts for Q230 Georgia")


def test_a_shared_alias_is_ambiguous_and_not_resolved(wikidata_endpoint: str, tmp_path: Path) -> None:
    run = online(wikidata_endpoint, tmp_path / "cache", "link", "A. Duplicat", "--json")
    [found] = run.json_lines()
    assert found["status"] == "ambiguous" and "qid" not in found
    assert [c["qid"] for c in found["candidates"]] == ["Q999999911", "Q999999912"]
    text = online(wikidata_endpoint, tmp_path / "cache", "link", "A. Duplicat")
    assert text.out.startswith("A. Duplicat: ambiguous, 2 candidates: Q999999911 Arno Duplicat")


def test_the_date_decides_which_office_counts(wikidata_endpoint: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    in_2010 = online(wikidata_endpoint, cache, "link", MEDVEDEV, "--date", "2010-06-01", "--json")
    [then] = in_2010.json_lines()
    assert then["acts_for"] == {"qid": "Q159", "label": "Russia"}
    assert (then["office"]["qid"], then["office"]["role"], then["office"]["held"]) == (
        "Q218295", "head of state", True)
    in_2023 = online(wikidata_endpoint, cache, "link", MEDVEDEV, "--date", "2023-06-01", "--json")
    [later] = in_2023.json_lines()
    assert later["qid"] == "Q23530" and later["acts_for"] is None
    assert (later["office"]["label"], later["office"]["role"], later["office"]["end"], later["office"]["held"]) == (
        "Prime Minister of Russia", "head of government", "2020-01-16", False)
    text = online(wikidata_endpoint, cache, "link", MEDVEDEV, "--date", "2023-06-01").out
    assert text.startswith(f"{MEDVEDEV}: Q23530 Dmitry Medvedev (person), holds no office on 2023-06-01; latest: "
                           "Prime Minister of Russia (head of government of Q159 Russia") and "ended 2020-01-16" in text


def test_only_states_organisations_and_office_holders_are_candidates(wikidata_endpoint: str, tmp_path: Path) -> None:
    client = WikidataClient(wikidata_endpoint, tmp_path / "cache", timeout=5, tries=1)
    [georgia] = link_name(client, "Georgia")  # not the U.S. state of the same name
    assert (georgia.entity.qid, georgia.type) == ("Q230", "state")
    [union] = link_name(client, "Test Union")  # an instance of a subclass of intergovernmental organisation
    assert (union.entity.qid, union.type) == ("Q999999941", "organisation")
    assert link_name(client, "Nobody Atall") == []
    run = online(wikidata_endpoint, tmp_path / "cache", "link", "Nobody Atall")
    assert (run.code, run.out) == (0, "Nobody Atall: unresolved\n")


def test_names_the_knowledge_base_knows_ask_no_endpoint(closed_port: str, tmp_path: Path) -> None:
    run = online(closed_port, tmp_path / "cache", "link", "Russia", "Vladimir Putin", "--date", "2021-06-01", "--json")
    assert run.code == 0, run.err
    russia, putin = run.json_lines()
    assert (russia["qid"], russia["source"]) == ("Q159", "knowledge base")
    assert putin["acts_for"]["qid"] == "Q159"
    assert not (tmp_path / "cache").exists()


def test_a_cached_answer_needs_no_endpoint(wikidata_endpoint: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with local_server(forward_to(wikidata_endpoint)) as endpoint:
        first = online(endpoint.url, cache, "link", MEDVEDEV, "--date", "2010-06-01")
        assert first.code == 0 and len(endpoint.requests) == 1
        assert endpoint.requests[0]["User-Agent"].startswith("dipkg/")
    [entry] = cache.glob("*.json")
    assert json.loads(entry.read_text(encoding="utf-8"))["rows"]
    again = online(endpoint.url, cache, "link", MEDVEDEV, "--date", "2010-06-01")  # the server is gone
    assert (again.code, again.out) == (0, first.out)


def test_a_corrupt_cache_entry_is_asked_again_and_replaced(wikidata_endpoint: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with local_server(forward_to(wikidata_endpoint)) as endpoint:
        first = online(endpoint.url, cache, "link", "Ilsa Testmark")
        [entry] = cache.glob("*.json")
        entry.write_text('{"rows": [{"item": ', encoding="utf-8")
        again = online(endpoint.url, cache, "link", "Ilsa Testmark")
        assert len(endpoint.requests) == 2
    assert (again.code, again.out) == (0, first.out)
    assert json.loads(entry.read_text(encoding="utf-8"))["rows"]
    assert [p.name for p in cache.iterdir()] == [entry.name]  # no temporary file left behind


def test_a_cache_that_cannot_be_written_costs_no_answer(wikidata_endpoint: str, tmp_path: Path) -> None:
    """Run as a child process: the warning goes through logging to the real stderr."""
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    child = subprocess.run([sys.executable, "-m", "kg.cli", "--wikidata", wikidata_endpoint, "--wikidata-cache",
                            str(blocked), "link", "Ilsa Testmark"], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)
    assert child.returncode == 0 and "acts for Q230 Georgia" in child.stdout
    assert child.stderr.startswith("kg: cannot write the Wikidata cache") and child.stderr.count("\n") == 1


def test_busy_endpoint_is_asked_again_after_retry_after(wikidata_endpoint: str, tmp_path: Path) -> None:
    with local_server(busy_once_then(forward_to(wikidata_endpoint))) as endpoint:
        started = time.monotonic()
        run = online(endpoint.url, tmp_path / "cache", "link", "Ilsa Testmark", "--json")
        waited = time.monotonic() - started
    assert run.code == 0, run.err
    assert run.json_lines()[0]["acts_for"]["qid"] == "Q230"
    assert len(endpoint.requests) == 2 and waited >= 1  # Retry-After: 1, though the back-off is 0.01 s


# --- kg enrich -----------------------------------------------------------------------------------


def test_enrich_lets_a_local_query_find_sanctions_against_members(wikidata_endpoint: str, store: Path,
                                                                 tmp_path: Path) -> None:
    run = online(wikidata_endpoint, tmp_path / "cache", "enrich", store=store)
    assert run.code == 0, run.err
    assert run.out.startswith("enriched ") and "membership(s)" in run.out
    graph = wikidata_graph(store)
    assert (WD.Q159, WDT.P463, WD.Q485207) in graph
    assert (WD.Q159, WDT.P35, WD.Q7747) in graph
    assert (WD.Q159, WDT.P47, WD.Q212) in graph and (WD.Q159, WDT.P530, WD.Q148) in graph
    statement = WDS["Q230-fixture-P463-Q7779"]  # Wikidata's own statement node, with both qualifiers
    assert (WD.Q230, P.P463, statement) in graph and (statement, PS.P463, WD.Q7779) in graph
    assert str(graph.value(statement, PQ.P582)).startswith("2009-08-18T00:00:00")
    assert check(actors_graph() + graph).conforms

    sco = json.loads(kg("--store", store, "query", "sanctions-against-members", "--param", "org=Q485207",
                        "--format", "json").out)
    assert [(row["targetLabel"], row["sourceLabel"], row["status"]) for row in sco] == [
        ("Russia", "United States", "imposed")]  # Pakistan joined after its article, so it is left out
    nato = kg("--store", store, "query", "sanctions-against-members", "--param", "org=Q7184", "--format", "json")
    assert json.loads(nato.out) == []

    before = snapshot(store)
    assert online(wikidata_endpoint, tmp_path / "cache", "enrich", store=store).code == 0
    assert snapshot(store) == before  # the graph is replaced, not added to


def test_statement_nodes_are_minted_when_the_endpoint_gives_none(store: Path, tmp_path: Path) -> None:
    row = {"item": {"type": "uri", "value": str(WD.Q159)}, "property": {"type": "uri", "value": str(P.P463)},
           "value": {"type": "uri", "value": str(WD.Q485207)}, "statement": {"type": "bnode", "value": "b0"},
           "start": {"type": "literal", "value": "2001-06-15T00:00:00Z"}}
    body = json.dumps({"head": {"vars": list(row)}, "results": {"bindings": [row]}}).encode()
    with local_server(lambda handler, count: answer(handler, 200, body)) as endpoint:
        run = online(endpoint.url, tmp_path / "cache", "enrich", store=store)
    assert run.code == 0, run.err
    graph = wikidata_graph(store)
    [statement] = graph.objects(WD.Q159, P.P463)
    assert isinstance(statement, URIRef) and statement.startswith(DIPR["statement/"])
    assert (statement, PS.P463, WD.Q485207) in graph


# --- Bad endpoints -------------------------------------------------------------------------------

BAD = {
    "slow": (slow, "no answer within 1 s"),
    "malformed JSON": (garbage, "malformed JSON"),
    "HTTP 500": (failing, "HTTP 500"),
}


@pytest.mark.parametrize("command", [("enrich",), ("link", MEDVEDEV)], ids=["enrich", "link"])
@pytest.mark.parametrize("kind", BAD, ids=BAD.keys())
def test_a_bad_endpoint_is_one_line_and_changes_nothing(kind: str, command: tuple[str, ...], store: Path,
                                                         tmp_path: Path) -> None:
    behaviour, message = BAD[kind]
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "earlier.json").write_text('{"rows": []}', encoding="utf-8")
    before, cached = snapshot(store), cache_files(cache)
    with local_server(behaviour) as endpoint:
        run = online(endpoint.url, cache, *command, store=store)
    assert_one_line_error(run)
    assert message in run.err
    assert len(endpoint.requests) == (1 if kind == "malformed JSON" else TRIES)
    assert snapshot(store) == before and cache_files(cache) == cached


@pytest.mark.parametrize("command", [("enrich",), ("link", MEDVEDEV)], ids=["enrich", "link"])
def test_an_unreachable_endpoint_is_one_line_and_changes_nothing(command: tuple[str, ...], closed_port: str,
                                                                  store: Path, tmp_path: Path) -> None:
    before = snapshot(store)
    run = online(closed_port, tmp_path / "cache", *command, store=store)
    assert_one_line_error(run)
    assert "cannot reach it" in run.err and f"after {TRIES} tries" in run.err
    assert snapshot(store) == before and cache_files(tmp_path / "cache") == {}


def test_settings_are_checked(tmp_path: Path) -> None:
    assert_one_line_error(kg("--wikidata", "ftp://example.org/sparql", "link", "Russia"))
    assert kg("--wikidata-tries", "0", "link", "Russia").code == 2  # argparse's usage error


# --- kg actors -----------------------------------------------------------------------------------


def test_build_without_sources_is_one_line(tmp_path: Path) -> None:
    run = kg("actors", "build", "--sources", tmp_path / "none", "--out", tmp_path / "actors.ttl")
    assert_one_line_error(run)
    assert not (tmp_path / "actors.ttl").exists()


def test_refresh_builds_a_valid_knowledge_base_from_the_endpoint(wikidata_endpoint: str, tmp_path: Path) -> None:
    out = tmp_path / "actors.ttl"
    run = online(wikidata_endpoint, tmp_path / "cache", "actors", "refresh", "--endpoint", wikidata_endpoint,
                 "--out", out)
    assert run.code == 0, run.err
    assert run.out.count("\n") == 1 and "foreign-minister" in run.out
    kb = Graph().parse(out, format="turtle")
    verdict = check(kb)
    assert verdict.conforms, verdict.report
    labels = {str(o) for o in kb.objects(None, SKOS.prefLabel)}
    assert {"Russia", "Taiwan", "Hong Kong", "Dmitry Medvedev", "Oksana Testenko (fictional)"} <= labels
    assert "Soviet Union" not in labels  # dissolved (P576)
    medvedev = [t for t in kb.objects(actor_iri("Q23530"), DIP.holds) if (t, DIP.role, DIP.HeadOfState) in kb]
    assert [str(kb.value(t, DIP.startDate)) for t in medvedev] == ["2008-05-07"]


def test_a_failed_refresh_keeps_the_knowledge_base(closed_port: str, tmp_path: Path) -> None:
    out = tmp_path / "actors.ttl"
    out.write_text("# the knowledge base as it was\n", encoding="utf-8")
    run = online(closed_port, tmp_path / "cache", "actors", "refresh", "--out", out)
    assert_one_line_error(run)
    assert out.read_text(encoding="utf-8") == "# the knowledge base as it was\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == ["actors.ttl"]


def test_a_knowledge_base_that_cannot_be_written_is_one_line(wikidata_endpoint: str, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    run = online(wikidata_endpoint, tmp_path / "cache", "actors", "refresh", "--out", tmp_path / "file" / "actors.ttl")
    assert_one_line_error(run)
    assert "cannot build" in run.err


@pytest.mark.skipif(not DEFAULT_SOURCES.is_dir(), reason="../shared/data/wikidata-sources is not present")
def test_build_from_the_copied_sources(tmp_path: Path) -> None:
    out = tmp_path / "actors.ttl"
    run = kg("actors", "build", "--out", out)
    assert run.code == 0, run.err
    assert run.out.count("\n") == 1 and "states" in run.out
    assert (actor_iri("Q159"), OWL.sameAs, WD.Q159) in Graph().parse(out, format="turtle")
