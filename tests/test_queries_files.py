"""The named queries in queries/*.rq: headers well formed, SPARQL valid, results as expected.

Each query is run the way the program runs it: read by kg.queries, over a dataset whose default
graph is the union of the article graphs and the actors graph, with its parameters bound by
kg.sparql.with_values (a one-row VALUES block opening the WHERE group).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.articles import Article
from kg.errors import KgError
from kg.events import Actor, Event, Evidence
from kg.iri import actor_iri, is_qid
from kg.queries import find_query, parse_query_file
from kg.rdf import ACTORS_GRAPH, article_graph, article_graph_iri, event_iri
from kg.sparql import with_values
from kg.vocab import DIP, WD

# rdflib 7.6 itself reads its deprecated Dataset.default_context on every union-graph lookup
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

QUERIES = Path(__file__).resolve().parents[1] / "queries"
REQUIRED = {
    "summits-between", "events-involving", "sanctions-against", "alignment-network", "territorial-claims",
    "event-evidence", "timeline", "wikidata-heads-of-state", "actors", "events-by-family",
}
NEEDS_NETWORK = {"wikidata-heads-of-state"}
PARAM_TYPES = {"actor", "event", "date", "string", "integer"}


def run(dataset: Dataset, name: str, **values: str) -> list[dict[str, object]]:
    """Run a named query with parameters given as the user gives them (QIDs, ISO dates, text)."""
    query = find_query(name)
    bindings = query.bindings(values)
    rows = dataset.query(with_values(query.text, bindings) if bindings else query.text)
    return [{str(k): v.toPython() if isinstance(v, Literal) else v for k, v in row.asdict().items()} for row in rows]


ALL_FILES = sorted(QUERIES.glob("*.rq"))
RUNNABLE = [path.stem for path in ALL_FILES if path.stem not in NEEDS_NETWORK]


# --- The files ---------------------------------------------------------------------------------


def test_the_named_queries_exist() -> None:
    names = {path.stem for path in ALL_FILES}
    assert REQUIRED <= names, REQUIRED - names
    assert len(names) >= 9


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_header_is_well_formed(path: Path) -> None:
    query = parse_query_file(path)
    assert 10 <= len(query.title) <= 80
    assert len(query.description) >= 40
    names = [p.name for p in query.params]
    assert len(names) == len(set(names)), "a parameter is declared twice"
    for param in query.params:
        assert param.type in PARAM_TYPES, f"{param.name}: unknown type {param.type}"
        if param.default is not None:
            if param.type == "date":
                date.fromisoformat(param.default)
            elif param.type == "integer":
                int(param.default)
            elif param.type == "actor":
                assert is_qid(param.default)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_query_parses_and_uses_its_parameters(path: Path) -> None:
    query = parse_query_file(path)  # raises KgError on a syntax error
    assert query.text.count("PREFIX ") >= 1
    body = query.text[query.text.index("WHERE"):]
    for param in query.params:
        assert re.search(rf"\?{param.name}\b", body), f"?{param.name} is not used in the query body"
    assert "SERVICE" not in query.text or path.stem in NEEDS_NETWORK


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_query_uses_only_vocabulary_terms(path: Path) -> None:
    used = set(re.findall(r"\bdip:([A-Za-z]+)", path.read_text(encoding="utf-8")))
    assert used <= set(DIP.__annotations__), used - set(DIP.__annotations__)


def _optional_groups(node: object) -> Iterator[object]:
    """The right-hand side of every OPTIONAL (a LeftJoin) in a query's algebra."""
    if isinstance(node, CompValue):
        if node.name == "LeftJoin":
            yield node.p2
        for value in node.values():
            yield from _optional_groups(value)
    elif isinstance(node, list):
        for value in node:
            yield from _optional_groups(value)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_each_optional_group_holds_one_triple_pattern(path: Path) -> None:
    """Oxigraph evaluates an OPTIONAL group of several patterns over the whole graph before joining
    it: `OPTIONAL { ?event dip:earliestDate ?e ; dip:latestDate ?l }` took 477 ms on 1M triples
    where two one-pattern OPTIONALs took 3 ms (bench/store.py). A nested OPTIONAL is fine."""
    algebra = prepareQuery(parse_query_file(path).text).algebra
    for group in _optional_groups(algebra):
        while isinstance(group, CompValue) and group.name == "Filter":
            group = group.p
        if isinstance(group, CompValue) and group.name == "BGP":
            assert len(group.triples) == 1, f"an OPTIONAL group of {len(group.triples)} patterns in {path.name}"


TITLE = "# title: A query for the header tests\n"
DESCRIPTION = "# description: Every subject of the graph, listed to see how headers are read.\n"
BAD_HEADERS = {
    "empty title": ("# title:  \n" + DESCRIPTION, "line 1"),
    "second description": (TITLE + DESCRIPTION + DESCRIPTION, "line 3"),
    "unknown parameter type": (TITLE + DESCRIPTION + "# param: s number -- a subject\n", "line 3"),
    "parameter without a description": (TITLE + DESCRIPTION + "# param: s actor\n", "line 3"),
    "parameter without a name": (TITLE + DESCRIPTION + "# param: actor -- a subject\n", "line 3"),
}


@pytest.mark.parametrize(("header", "where"), BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_a_malformed_header_is_a_one_line_error(tmp_path: Path, header: str, where: str) -> None:
    """The program's own reader refuses a header the shipped queries must not have."""
    path = tmp_path / "bad.rq"
    path.write_text(header + "SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(KgError) as caught:
        parse_query_file(path)
    message = str(caught.value)
    assert str(path) in message and where in message and "\n" not in message


def test_a_users_query_without_a_header_is_named_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    query = parse_query_file(path)
    assert (query.name, query.title, query.description, query.params) == ("mine", "mine", "", ())


def test_a_well_formed_header_is_read(tmp_path: Path) -> None:
    path = tmp_path / "good.rq"
    path.write_text(TITLE + DESCRIPTION + "#  param:  s   actor=Q148 --  a subject\nSELECT ?o WHERE { ?s ?p ?o }\n",
                    encoding="utf-8")
    query = parse_query_file(path)
    assert (query.name, query.title) == ("good", "A query for the header tests")
    assert [(p.name, p.type, p.default, p.doc) for p in query.params] == [("s", "actor", "Q148", "a subject")]


def test_wikidata_query_says_it_needs_the_network() -> None:
    query = find_query("wikidata-heads-of-state")
    assert "network" in query.description
    assert "SERVICE <https://query.wikidata.org/sparql>" in query.text
    assert "wdt:P35" in query.text


def _oxigraph_binary() -> str | None:
    """The server of the `oxigraph` PyPI package, installed beside this Python or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


STAND_IN_WIKIDATA = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
wd:Q148 wdt:P35 wd:Q15031 . wd:Q15031 rdfs:label "Xi Jinping"@en, "Xi Jinping"@fr .
wd:Q159 wdt:P35 wd:Q7747 . wd:Q7747 rdfs:label "Vladimir Putin"@en .
wd:Q30 wdt:P35 wd:Q6279 .
"""


@pytest.fixture
def stand_in_wikidata(tmp_path: Path) -> Iterator[str]:
    """A local Oxigraph server holding a few Wikidata statements; yields its query endpoint."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    data = tmp_path / "wikidata.ttl"
    data.write_text(STAND_IN_WIKIDATA, encoding="utf-8")
    subprocess.run([binary, "load", "--location", str(tmp_path / "db"), "--file", str(data)],
                   check=True, capture_output=True, timeout=60)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "serve-read-only", "--location", str(tmp_path / "db"),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("the oxigraph server did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("store", ["default", "Oxigraph"], ids=["memory", "oxigraph"])
def test_wikidata_query_against_a_local_stand_in(store: str, stand_in_wikidata: str, sample_article: Article,
                                                 sample_article_graph: Graph, sample_actors_graph: Graph) -> None:
    """The federated query runs, with the Wikidata endpoint swapped for a local server."""
    data = Dataset(store=store, default_union=True)
    _load(data, article_graph_iri(sample_article.id), sample_article_graph)
    _load(data, ACTORS_GRAPH, sample_actors_graph)
    china, russia = actor_iri("Q148"), actor_iri("Q159")
    data.graph(article_graph_iri("test:meeting")).add((china, DIP.metWith, russia))
    data.graph(article_graph_iri("test:meeting")).add((russia, DIP.metWith, china))
    text = find_query("wikidata-heads-of-state").text
    text = text.replace("<https://query.wikidata.org/sparql>", f"<{stand_in_wikidata}>")
    rows = {str(row.stateLabel): row for row in data.query(text)}
    assert set(rows) == {"China", "Russia"}  # the United States met nobody
    assert str(rows["China"].headLabel) == "Xi Jinping" and rows["China"].localHead is None
    assert rows["Russia"].localHead == actor_iri("Q7747")
    assert str(rows["Russia"].headLabel) == str(rows["Russia"].localHeadLabel) == "Vladimir Putin"


# --- Results over the sample graph -------------------------------------------------------------

UNDATED_TEXT = "Russian and Chinese diplomats held talks in Moscow."


@pytest.fixture(params=["default", "Oxigraph"], ids=["memory", "oxigraph"])
def dataset(request: pytest.FixtureRequest, sample_article: Article, sample_article_graph: Graph,
            sample_actors_graph: Graph) -> Dataset:
    """The sample laid out as the program stores it, in rdflib's memory store and in Oxigraph."""
    data = Dataset(store=request.param, default_union=True)
    _load(data, article_graph_iri(sample_article.id), sample_article_graph)
    _load(data, ACTORS_GRAPH, sample_actors_graph)
    return data


@pytest.fixture
def undated_talks() -> tuple[Article, Event]:
    """Talks with no date, reported in an article with no date either."""
    article = Article("test:undated", UNDATED_TEXT, None, None, None, "tests/test_queries_files.py")
    talks = Event("meeting", "talks", "occurred",
                  participants=(Actor("Russia", "state", "Q159"), Actor("China", "state", "Q148")),
                  confidence=0.6, evidence=[Evidence(UNDATED_TEXT, 0, len(UNDATED_TEXT))])
    return article, talks


@pytest.fixture
def dataset_with_undated(dataset: Dataset, undated_talks: tuple[Article, Event]) -> Dataset:
    article, talks = undated_talks
    _load(dataset, article_graph_iri(article.id), article_graph(article, [talks]))
    return dataset


def _load(dataset: Dataset, name: URIRef, graph: Graph) -> None:
    target = dataset.graph(name)
    for triple in graph:
        target.add(triple)


@pytest.mark.parametrize("name", RUNNABLE)
def test_every_query_runs_with_its_defaults(dataset: Dataset, name: str) -> None:
    example = {"actor": "Q159", "date": "2021-12-15", "event": "https://w3id.org/dipkg/id/event/" + "0" * 24,
               "integer": "1"}
    params = find_query(name).params
    values = {p.name: example[p.type] for p in params if p.default is None}
    if name in {"summits-between", "timeline"}:
        values["a"] = "Q148"
    run(dataset, name, **values)


def test_summits_between(dataset: Dataset, sample_article: Article, sample_events: dict[str, Event]) -> None:
    rows = run(dataset, "summits-between", a="Q148", b="Q159")
    assert len(rows) == 1
    row = rows[0]
    assert row["event"] == event_iri(sample_events["summit"])
    assert (row["kind"], row["status"], row["mode"], row["negated"]) == ("summit", "planned", "virtual", False)
    assert row["earliest"] == row["latest"] == date(2021, 12, 15)
    for evidence in sample_events["summit"].evidence:
        assert evidence.text in row["evidence"]
    assert (row["aLabel"], row["bLabel"]) == ("China", "Russia")
    reverse = run(dataset, "summits-between", a="Q159", b="Q148")[0]
    assert reverse["event"] == row["event"] and (reverse["aLabel"], reverse["bLabel"]) == ("Russia", "China")


def test_summits_between_respects_the_date_range(dataset: Dataset) -> None:
    assert len(run(dataset, "summits-between", a="Q148", b="Q159", to="2021-12-15")) == 1
    assert run(dataset, "summits-between", a="Q148", b="Q159", **{"from": "2021-12-16"}) == []
    assert run(dataset, "summits-between", a="Q148", b="Q30") == []


def test_undated_events_only_without_a_range(dataset_with_undated: Dataset) -> None:
    kinds = [row["kind"] for row in run(dataset_with_undated, "summits-between", a="Q148", b="Q159")]
    assert kinds == ["talks", "summit"]  # the undated talks sort first
    ranged = run(dataset_with_undated, "summits-between", a="Q148", b="Q159", **{"from": "2021-01-01"})
    assert [row["kind"] for row in ranged] == ["summit"]


def test_events_involving(dataset_with_undated: Dataset) -> None:
    every = run(dataset_with_undated, "events-involving", actor="Q159")
    assert sorted((r["family"], r["kind"], r["role"]) for r in every) == [
        ("alignment", "cooperation", "participant"),
        ("alignment", "opposition", "source"),
        ("meeting", "summit", "participant"),
        ("meeting", "talks", "participant"),
        ("sanction", "sanction", "target"),
        ("sanction", "sanction", "target"),
    ]
    opposition = next(r for r in every if r["kind"] == "opposition")
    assert opposition["others"] == "the West"
    # 1-9 December: the sanction dated the 3rd, and the undated events of the article of the 8th
    early = run(dataset_with_undated, "events-involving", actor="Q159", **{"from": "2021-12-01", "to": "2021-12-09"})
    assert sorted(r["kind"] for r in early) == ["cooperation", "opposition", "sanction", "sanction"]
    # 10-31 December: only the summit on the 15th; the undated talks of an undated article are out
    late = run(dataset_with_undated, "events-involving", actor="Q159", **{"from": "2021-12-10", "to": "2021-12-31"})
    assert [r["kind"] for r in late] == ["summit"]


def test_sanctions_against(dataset: Dataset) -> None:
    rows = run(dataset, "sanctions-against", target="Q159")
    by_status = {row["status"]: row for row in rows}
    assert sorted(by_status) == ["imposed", "threatened"] and len(rows) == 2
    assert by_status["threatened"]["sourceLabel"] == "United States"
    assert by_status["threatened"]["condition"] == "if it invaded Ukraine"
    assert by_status["imposed"]["sourceLabel"] == "(unnamed)"
    assert by_status["imposed"]["earliest"] == date(2021, 12, 3)
    assert "imposed on Friday" in by_status["imposed"]["evidence"]
    assert run(dataset, "sanctions-against", target="Q30") == []


def test_alignment_network(dataset: Dataset) -> None:
    rows = run(dataset, "alignment-network")
    pairs = {frozenset((r["aLabel"], r["bLabel"])): r for r in rows}
    assert set(pairs) == {frozenset(("China", "Russia")), frozenset(("Russia", "the West"))}
    china_russia, russia_west = pairs[frozenset(("China", "Russia"))], pairs[frozenset(("Russia", "the West"))]
    assert (int(china_russia["cooperation"]), int(china_russia["opposition"])) == (1, 0)
    assert (int(russia_west["cooperation"]), int(russia_west["opposition"])) == (0, 1)
    assert Decimal(str(china_russia["weight"])) == Decimal("0.5")
    assert Decimal(str(russia_west["weight"])) == Decimal("-0.75")
    assert [r["aLabel"] for r in rows][0] == "China"  # friends first
    for row in rows:
        assert str(row["a"]) < str(row["b"])


def test_a_second_label_does_not_count_twice(dataset: Dataset) -> None:
    """Two articles may spell a group differently; kg.rdf gives the one node both labels."""
    west = next(dataset.subjects(RDF.type, DIP.Group))
    dataset.graph(URIRef("https://w3id.org/dipkg/id/graph/second-spelling")).add(
        (west, SKOS.prefLabel, Literal("The West", lang="en")))
    rows = run(dataset, "alignment-network")
    assert len(rows) == 2
    assert sum(int(r["opposition"]) for r in rows) == 1
    assert int(next(r for r in run(dataset, "actors") if r["actor"] == west)["events"]) == 1


def test_territorial_claims(dataset: Dataset, sample_article: Article) -> None:
    rows = run(dataset, "territorial-claims")
    assert len(rows) == 1
    row = rows[0]
    assert (row["claimantLabel"], row["claimedLabel"], row["status"]) == ("China", "Taiwan", "occurred")
    assert row["evidence"] == "China reiterated its claim to Taiwan."
    assert row["url"] == sample_article.url


def test_event_evidence(dataset: Dataset, sample_article: Article, sample_events: dict[str, Event]) -> None:
    summit = event_iri(sample_events["summit"])
    rows = run(dataset, "event-evidence", event=str(summit))
    assert [row["text"] for row in rows] == [e.text for e in sample_events["summit"].evidence]
    for row in rows:
        assert sample_article.text[row["charStart"]:row["charEnd"]] == row["text"]
        assert row["articleId"] == sample_article.id
    assert run(dataset, "event-evidence", event="https://w3id.org/dipkg/id/event/" + "0" * 24) == []
    for bad in ("foo bar", "", "https://w3id.org/dipkg/id/event/none"):
        with pytest.raises(KgError):
            run(dataset, "event-evidence", event=bad)


def test_timeline(dataset: Dataset) -> None:
    rows = run(dataset, "timeline", a="Q148", b="Q159")
    # the undated cooperation is placed on its article's day (8 December), before the summit (15th)
    assert [(r["family"], r["kind"], r["status"]) for r in rows] == [
        ("alignment", "cooperation", "occurred"), ("meeting", "summit", "planned")]
    us_russia = run(dataset, "timeline", a="Q30", b="Q159")
    assert [(r["kind"], r["status"], r["direction"]) for r in us_russia] == [("sanction", "threatened", "a to b")]
    assert (us_russia[0]["aLabel"], us_russia[0]["bLabel"]) == ("United States", "Russia")
    assert run(dataset, "timeline", a="Q159", b="Q30")[0]["direction"] == "b to a"


def test_actors(dataset: Dataset) -> None:
    rows = {row["label"]: row for row in run(dataset, "actors")}
    assert set(rows) == {"China", "Russia", "United States", "Taiwan", "France", "Vladimir Putin", "the West"}
    assert (rows["Russia"]["type"], int(rows["Russia"]["events"])) == ("state", 5)
    assert int(rows["China"]["events"]) == 3
    assert rows["China"]["wikidata"] == WD.Q148
    assert (rows["the West"]["type"], rows["the West"].get("wikidata")) == ("group", None)
    assert rows["Vladimir Putin"]["type"] == "person"
    assert int(rows["France"]["events"]) == 0
    active = {row["label"] for row in run(dataset, "actors", min_events="1")}
    assert active == set(rows) - {"France"}


def test_events_by_family(dataset: Dataset) -> None:
    rows = run(dataset, "events-by-family")
    counts = {(r["family"], r["kind"], r["status"]): int(r["events"]) for r in rows}
    assert counts == {
        ("alignment", "cooperation", "occurred"): 1,
        ("alignment", "opposition", "occurred"): 1,
        ("claim", "territorial", "occurred"): 1,
        ("meeting", "summit", "planned"): 1,
        ("sanction", "sanction", "imposed"): 1,
        ("sanction", "sanction", "threatened"): 1,
    }
    assert all(int(r["negated"]) == 0 for r in rows)


def test_bound_parameter_is_a_constant_not_a_join(dataset: Dataset) -> None:
    """Binding ?a must restrict the query, not be ignored: unbound it would match every pair."""
    china = {r["event"] for r in run(dataset, "timeline", a="Q148", b="Q159")}
    usa = {r["event"] for r in run(dataset, "timeline", a="Q30", b="Q159")}
    assert china and usa and not china & usa
