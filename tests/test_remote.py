"""The remote store: the whole ingest, query and export cycle on a real Oxigraph server, compared with
the embedded store, and a server that is busy, refuses, hangs or goes away in the middle of an ingest.

The misbehaving server is a small proxy (tests/httpfakes.py) in front of the real one, so what did
land can be read back from the real server afterwards.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
import pyoxigraph as ox

from kg.queries import all_queries
from kg.rdf import ACTORS_GRAPH
from kg.store import Store
from tests.clirun import Run, kg
from tests.httpfakes import Behaviour, Handler, answer, failing, forward_to, hang_up, local_server
from tests.test_store import rows_as_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
ARTICLES = len(list(EXAMPLES.glob("*.txt")))
#: Sample values for the named queries' parameters, by parameter name and then by type.
PARAMS = {"a": "Q148", "b": "Q159", "target": "Q159", "org": "Q458"}
BY_TYPE = {"actor": "Q30", "date": "2021-01-01", "integer": "1"}
#: The first event with evidence, for the queries about one event.
FIRST_EVENT = "SELECT ?e WHERE { ?e <https://w3id.org/dipkg/ontology#evidence> ?x } ORDER BY ?e LIMIT 1"
#: Patience cut to the bone: two tries, no back-off, a two-second timeout (the actors graph, 30,000
#: triples, takes a fraction of that through the proxy).
QUICK = ("--store-tries", "2", "--store-backoff", "0", "--store-timeout", "2")
#: The actors graph's name as a Graph Store request spells it; the misbehaving proxies let it through.
ACTORS_PUT = "graph=" + quote(str(ACTORS_GRAPH), safe="")


def on_server(base: str, *args: str | Path, writes: str = "graph-store") -> Run:
    """kg against the server at `base`, writing through the Graph Store Protocol or SPARQL Update."""
    target = ("--graph-store", f"{base}/store") if writes == "graph-store" else ("--update-endpoint", f"{base}/update")
    return kg("--store", f"{base}/query", *target, "--model", "blank", *args)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles ingested into the embedded store: what a server must end up holding."""
    store = tmp_path_factory.mktemp("embedded") / "store"
    run = kg("--store", store, "--model", "blank", "ingest", EXAMPLES)
    assert run.code == 0, run.err
    return store


def quads(location: str) -> set[ox.Quad]:
    """Every quad of a store, read back through an N-Quads export (by Oxigraph: rdflib's parser
    would take most of this file's time)."""
    store = Store.open(location)
    out = io.BytesIO()
    try:
        store.export("nquads", out)
    finally:
        store.close()
    return set(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))


def graphs(location: str) -> dict[str, set[ox.Triple]]:
    by_graph: dict[str, set[ox.Triple]] = {}
    for quad in quads(location):
        by_graph.setdefault(quad.graph_name.value, set()).add(quad.triple)
    return by_graph


@pytest.mark.parametrize("writes", ["graph-store", "sparql-update"])
def test_the_whole_cycle_on_a_server_gives_what_the_embedded_store_gives(sparql_endpoint: str, embedded: Path,
                                                                       writes: str, tmp_path: Path) -> None:
    run = on_server(sparql_endpoint, "ingest", EXAMPLES, writes=writes)
    assert run.code == 0, run.err
    assert quads(f"{sparql_endpoint}/query") == quads(str(embedded))
    remote, local = Store.open(f"{sparql_endpoint}/query"), Store.open(str(embedded))
    try:
        [(event,)] = list(local.query(FIRST_EVENT))
        for named in (q for q in all_queries() if "SERVICE" not in q.text):
            values = {**BY_TYPE, "event": str(event)}
            bindings = named.bindings({p.name: PARAMS.get(p.name, values[p.type]) for p in named.params})
            assert rows_as_text(remote.query(named.text, bindings)) == rows_as_text(local.query(named.text, bindings)), \
                named.name
    finally:
        remote.close()
        local.close()
    for fmt, syntax in (("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG), ("jsonld", ox.RdfFormat.JSON_LD)):
        exported = []
        for where in (f"{sparql_endpoint}/query", embedded):
            target = tmp_path / f"export.{fmt}"
            assert kg("--store", where, "export", "--format", fmt, "-o", target).code == 0
            exported.append(set(ox.parse(path=target, format=syntax)))
        assert exported[0] == exported[1], fmt
    stats = [kg("--store", where, "stats").out for where in (f"{sparql_endpoint}/query", embedded)]
    assert stats[0] == stats[1]


def on_puts(which: Callable[[int], bool], then: Behaviour, target: str) -> Behaviour:
    """Forward everything to the real server, except the Graph Store PUTs of articles whose count
    (from 1) `which` picks: those get `then`."""
    forward, puts = forward_to(target), []

    def behaviour(handler: Handler, count: int) -> None:
        if handler.command == "PUT" and not handler.path.endswith(ACTORS_PUT):
            puts.append(handler.path)
            if which(len(puts)):
                then(handler, count)
                return
        forward(handler, count)
    return behaviour


def busy(handler: Handler, count: int) -> None:
    answer(handler, 503, b"try later", Content_Type="text/plain", Retry_After="0")


def hang(handler: Handler, count: int) -> None:
    time.sleep(3)  # the client gives up after two seconds
    answer(handler, 204)


def refuse(handler: Handler, count: int) -> None:
    answer(handler, 403, b"read-only", Content_Type="text/plain")


PASSING: dict[str, Behaviour] = {"HTTP 503": busy, "hang-up": hang_up, "timeout": hang}
LASTING: dict[str, tuple[Behaviour, str]] = {
    "HTTP 500": (failing, "HTTP 500 (Internal Server Error), after 2 tries"),
    "hang-up": (hang_up, "the connection failed"),
    "timeout": (hang, "no answer within 2 s, after 2 tries"),
    "HTTP 403": (refuse, "answered HTTP 403 (Forbidden)"),
}


@pytest.mark.parametrize("kind", PASSING)
def test_a_passing_failure_is_asked_again_and_the_ingest_completes(kind: str, sparql_endpoint: str,
                                                                   embedded: Path) -> None:
    with local_server(on_puts(lambda n: n == 1, PASSING[kind], sparql_endpoint)) as proxy:
        run = kg("--store", proxy.url, "--graph-store", f"{proxy.base}/store", "--model", "blank", *QUICK,
                 "ingest", EXAMPLES)
    assert run.code == 0, (run.err, proxy.lines)
    puts = [line for line in proxy.lines if line.startswith("PUT ")]
    assert len(puts) == ARTICLES + 2  # each article and the actors graph, and the first one twice
    assert quads(f"{sparql_endpoint}/query") == quads(str(embedded))


@pytest.mark.parametrize("kind", LASTING)
def test_a_lasting_failure_stops_the_ingest_lists_what_did_not_land_and_a_rerun_completes_it(
        kind: str, sparql_endpoint: str, embedded: Path) -> None:
    behaviour, message = LASTING[kind]
    landed = 4
    with local_server(on_puts(lambda n: n > landed, behaviour, sparql_endpoint)) as proxy:
        run = kg("--store", proxy.url, "--graph-store", f"{proxy.base}/store", "--model", "blank", *QUICK,
                 "ingest", EXAMPLES)
    assert run.code == 1
    assert f"ingested {landed} article(s)" in run.out
    lost = [line for line in run.err.splitlines() if "did not land in the store" in line]
    assert len(lost) == ARTICLES - landed and all(message in line for line in lost), run.err
    assert "ingest stopped" in run.err and "run the same command again" in run.err
    tries = 1 if kind == "HTTP 403" else 2
    assert len([line for line in proxy.lines if line.startswith("PUT ")]) == 1 + landed + tries
    # what landed is whole: each graph on the server equals the embedded store's graph of that article
    held, expected = graphs(f"{sparql_endpoint}/query"), graphs(str(embedded))
    assert len(held) == 1 + landed and all(held[name] == expected[name] for name in held)
    assert str(ACTORS_GRAPH) in held
    again = on_server(sparql_endpoint, "ingest", EXAMPLES)
    assert again.code == 0, again.err
    assert quads(f"{sparql_endpoint}/query") == quads(str(embedded))


def test_a_failed_sparql_update_loses_its_whole_batch_and_nothing_of_it_lands(sparql_endpoint: str) -> None:
    updates: list[str] = []

    def behaviour(handler: Handler, count: int) -> None:
        if handler.path.startswith("/update"):
            updates.append(handler.path)
            if len(updates) > 1:  # the actors graph lands, the batch of articles does not
                failing(handler, count)
                return
        forward_to(sparql_endpoint)(handler, count)
    with local_server(behaviour) as proxy:
        run = kg("--store", proxy.url, "--update-endpoint", f"{proxy.base}/update", "--model", "blank", *QUICK,
                 "ingest", EXAMPLES)
    assert run.code == 1 and "ingested 0 article(s)" in run.out
    assert run.err.count("did not land in the store") == ARTICLES
    assert set(graphs(f"{sparql_endpoint}/query")) == {str(ACTORS_GRAPH)}


def test_settings_of_the_store_server_are_checked() -> None:
    for flag, value, problem in (("--store-tries", "0", "must be at least 1"),
                                 ("--store-timeout", "soon", "not a number"),
                                 ("--store-backoff", "-1", "must be at least 0")):
        run = kg("--store", "http://127.0.0.1:9/query", flag, value, "stats")
        assert run.code == 2 and problem in run.err, (flag, run.err)


def test_export_from_a_server_that_breaks_off_leaves_no_file(sparql_endpoint: str, tmp_path: Path) -> None:
    assert on_server(sparql_endpoint, "ingest", EXAMPLES).code == 0
    def cut(handler: Handler, count: int) -> None:
        answer(handler, 200, b'<https://example.org/s> <https://example.org/p> "a literal never clo',
               Content_Type="text/turtle")
    with local_server(cut) as proxy:
        run = kg("--store", proxy.url, *QUICK, "export", "-o", tmp_path / "out.ttl")
    assert run.code == 1 and run.err.startswith("kg: error:") and run.err.count("\n") == 1, run.err
    assert list(tmp_path.iterdir()) == []
