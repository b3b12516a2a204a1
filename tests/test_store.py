"""The store, on each backend: an Oxigraph directory, rdflib's memory store, and a real SPARQL endpoint.

Every test runs on all three, so a behaviour that differs by backend (graph listing, bound
parameters, exports, literal datatypes) shows up as a failure on the backend that differs.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result
from rdflib.term import Node

from kg.articles import Article
from kg.errors import KgError
from kg.events import Event
from kg.queries import all_queries, find_query
from kg.rdf import ACTORS_GRAPH, article_graph_iri, event_iri
from kg.patience import Patience
from kg.sparql import query_form, with_values
from kg.store import FORMATS, Store, plain_term
from kg.vocab import DIP
from kg.wikidata import WIKIDATA_GRAPH

# rdflib 7.6 itself reads its deprecated Dataset.default_context on every union-graph lookup
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

#: "sparql" writes through SPARQL Update, "graph-store" through the Graph Store Protocol.
BACKENDS = ("oxigraph", "memory", "sparql", "graph-store")
PREFIXES = "PREFIX dip: <https://w3id.org/dipkg/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on one backend; the endpoint is only started when a test needs it."""
    if request.param == "oxigraph":
        opened = Store.open(str(tmp_path / "store"), create=True)
    elif request.param == "memory":
        opened = Store.open("memory")
    elif request.param == "sparql":
        base = request.getfixturevalue("sparql_endpoint")
        opened = Store.open(f"{base}/query", update_endpoint=f"{base}/update")
    else:
        base = request.getfixturevalue("sparql_endpoint")
        opened = Store.open(f"{base}/query", graph_store=f"{base}/store")
    yield opened
    opened.close()


@pytest.fixture
def filled(store: Store, sample_article: Article, sample_article_graph: Graph, sample_actors_graph: Graph) -> Store:
    """The store holding the sample article's graph and the actors graph, as `kg ingest` lays them out."""
    store.replace_graph(ACTORS_GRAPH, sample_actors_graph)
    store.replace_graph(article_graph_iri(sample_article.id), sample_article_graph)
    return store


@pytest.fixture
def expected_quads(sample_article: Article, sample_article_graph: Graph,
                   sample_actors_graph: Graph) -> set[tuple]:
    name = article_graph_iri(sample_article.id)
    return {(s, p, o, name) for s, p, o in sample_article_graph} | {(s, p, o, ACTORS_GRAPH)
                                                                   for s, p, o in sample_actors_graph}


def test_the_store_holds_what_was_written(filled: Store, sample_union_graph: Graph, expected_quads: set) -> None:
    assert filled.triples_count() == len(expected_quads)
    assert set(filled.union()) == set(sample_union_graph)


def test_replacing_a_graph_with_the_same_graph_keeps_the_count(filled: Store, sample_article: Article,
                                                                sample_article_graph: Graph,
                                                                expected_quads: set) -> None:
    filled.replace_graph(article_graph_iri(sample_article.id), sample_article_graph)
    filled.replace_graph(article_graph_iri(sample_article.id), sample_article_graph)
    assert filled.triples_count() == len(expected_quads)


def test_replacing_a_graph_drops_its_old_triples(filled: Store, sample_article: Article,
                                                 sample_actors_graph: Graph) -> None:
    smaller = Graph()
    smaller.add((URIRef("https://example.org/a"), DIP.articleId, Literal("replacement")))
    filled.replace_graph(article_graph_iri(sample_article.id), smaller)
    assert set(filled.union()) == set(sample_actors_graph) | set(smaller)
    assert filled.triples_count() == len(sample_actors_graph) + 1


def test_graph_names_are_the_named_graphs_only(filled: Store, sample_article: Article) -> None:
    assert filled.graph_names() == sorted([ACTORS_GRAPH, article_graph_iri(sample_article.id)])


def test_an_empty_store_has_no_graphs(store: Store) -> None:
    assert store.graph_names() == []
    assert store.triples_count() == 0


def test_the_default_graph_joins_the_actors_graph_with_an_article_graph(filled: Store) -> None:
    rows = filled.query(PREFIXES + "SELECT ?label WHERE { ?e a dip:Summit ; dip:participant ?a . "
                                   "?a skos:prefLabel ?label }")
    assert {str(row[0]) for row in rows} == {"China", "Russia"}


def test_bound_parameters_reach_the_filters(filled: Store, sample_article: Article,
                                            sample_events: dict[str, Event]) -> None:
    """The date range is checked in a FILTER: a binding joined after the query would let nothing through."""
    summits = find_query("summits-between")
    rows = list(filled.query(summits.text, summits.bindings({"a": "Q148", "b": "Q159"})))
    assert [row[0] for row in rows] == [event_iri(sample_events["summit"])]
    assert len(list(filled.query(summits.text, summits.bindings({"a": "Q148", "b": "Q159", "to": "2021-12-15"})))) == 1
    assert list(filled.query(summits.text, summits.bindings({"a": "Q148", "b": "Q159", "from": "2021-12-16"}))) == []
    assert list(filled.query(summits.text, summits.bindings({"a": "Q148", "b": "Q30"}))) == []


def test_a_variable_need_not_be_projected_to_be_bound(filled: Store) -> None:
    rows = filled.query(PREFIXES + "SELECT ?label WHERE { ?a skos:prefLabel ?label }",
                        {"a": URIRef("https://w3id.org/dipkg/id/actor/Q148")})
    assert [str(row[0]) for row in rows] == ["China"]


def test_a_bound_value_cannot_change_the_query(filled: Store, expected_quads: set) -> None:
    hostile = Literal('x" } } ; DROP ALL ; #\n"""')
    assert list(filled.query("SELECT ?s WHERE { ?s ?p ?o }", {"o": hostile})) == []
    assert filled.triples_count() == len(expected_quads)


@pytest.mark.parametrize("name", [q.name for q in all_queries() if "SERVICE" not in q.text])
def test_named_queries_give_the_rows_rdflib_gives(filled: Store, sample_dataset: Dataset, sample_article: Article,
                                                  sample_events: dict[str, Event], sample_wikidata_graph: Graph,
                                                  name: str) -> None:
    """Every shipped query, bound the store's way, answers as rdflib's own initBindings do."""
    example = {"actor": "Q159", "date": "2021-12-15", "integer": "0",
               "event": str(event_iri(sample_events["summit"]))}
    by_name = {"a": "Q148", "org": "Q485207"}  # the SCO, of which the sample's Wikidata graph makes Russia a member
    filled.replace_graph(WIKIDATA_GRAPH, sample_wikidata_graph)
    named = find_query(name)
    given = {p.name: by_name.get(p.name, example[p.type]) for p in named.params}
    bindings = named.bindings(given)
    expected = rows_as_text(sample_dataset.query(named.text, initBindings=bindings))
    assert rows_as_text(filled.query(named.text, bindings)) == expected
    assert expected, f"{name} finds nothing in the sample, so this test could not tell backends apart"


def plain(graph: Graph) -> Graph:
    """The graph with xsd:string literals written plain: one RDF term, which rdflib tells apart."""
    copy = Graph()
    for s, p, o in graph:
        copy.add((s, p, plain_term(o)))
    return copy


def rows_as_text(result: Result) -> list[tuple[str, ...]]:
    """Rows as text, with the liberties SPARQL gives engines taken back.

    Engines concatenate GROUP_CONCAT lists in their own order and may write a computed number
    as "0" or "0.0"; neither is a difference in the answer.
    """
    return sorted(tuple(_cell(value) for value in row) for row in result)


def _cell(value: Node | None) -> str:
    if value is None:
        return ""
    number = value.toPython() if isinstance(value, Literal) else None
    if isinstance(number, (int, float, Decimal)) and not isinstance(number, bool):
        return repr(float(number))
    return " | ".join(sorted(str(value).split(" | ")))


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_triple_formats_hold_the_union(filled: Store, sample_union_graph: Graph, fmt: str) -> None:
    parsed = Graph().parse(data=_export(filled, fmt), format=FORMATS[fmt][0])
    assert isomorphic(parsed, filled.union())
    assert isomorphic(parsed, sample_union_graph)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_quad_formats_keep_the_graphs(filled: Store, expected_quads: set, fmt: str) -> None:
    parsed = Dataset().parse(data=_export(filled, fmt), format=FORMATS[fmt][0])
    assert set(parsed.quads()) == expected_quads


def _export(store: Store, fmt: str) -> bytes:
    out = BytesIO()
    store.export(fmt, out)
    return out.getvalue()


def test_a_store_directory_can_be_opened_again_after_closing(tmp_path: Path, sample_actors_graph: Graph) -> None:
    """An unfinished Oxigraph result kept the directory locked after close, so a second open failed."""
    for _ in range(2):
        store = Store.open(str(tmp_path / "store"), create=True)
        store.replace_graph(ACTORS_GRAPH, sample_actors_graph)
        assert store.triples_count() == len(sample_actors_graph)
        store.close()


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    file = tmp_path / "store"
    file.write_text("not a store", encoding="utf-8")
    with pytest.raises(KgError, match="is a file"):
        Store.open(str(file))


@pytest.mark.parametrize("query", [
    "SELECT ?o # not this {\nWHERE { ?s <http://example.org/p> ?o }",
    'SELECT ?o WHERE { ?s <http://example.org/p> ?o FILTER(?o != "{ }") }',
    "CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { ?s <http://example.org/p> ?o }",
    "SELECT ?o { { SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } } }",
])
def test_values_open_the_where_group(query: str) -> None:
    graph = Graph()
    for subject, value in (("a", "1"), ("b", "2")):
        graph.add((URIRef(f"http://example.org/{subject}"), URIRef("http://example.org/p"), Literal(value)))
    bound = with_values(query, {"s": URIRef("http://example.org/a")})
    assert {str(row[-1]) for row in graph.query(bound)} == {"1"}


def test_a_query_without_a_group_cannot_take_bindings() -> None:
    with pytest.raises(KgError, match="no WHERE group"):
        with_values("DESCRIBE <http://example.org/a>", {"s": URIRef("http://example.org/a")})


def test_reading_a_missing_store_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo"
    with pytest.raises(KgError, match="no store at"):
        Store.open(str(missing))
    assert not missing.exists()


def test_an_unreachable_endpoint_is_a_one_line_error() -> None:
    with socket.socket() as sock:  # a port nothing listens on: bound here, never listened to
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        store = Store.open(f"http://127.0.0.1:{port}/query", patience=Patience(tries=2, backoff=0))
        with pytest.raises(KgError, match="SPARQL endpoint .*: cannot reach it .*, after 2 tries") as caught:
            store.triples_count()
    assert "\n" not in str(caught.value)


def test_a_server_without_a_way_to_write_is_told_so() -> None:
    store = Store.open("http://127.0.0.1:9/query")
    with pytest.raises(KgError, match="takes no writes: give --update-endpoint or --graph-store"):
        store.replace_graph(ACTORS_GRAPH, Graph())
    with pytest.raises(KgError, match="must be an http\\(s\\) URL with a host"):
        Store.open("http://127.0.0.1:9/query", graph_store="ftp://example.org/store")


@pytest.mark.parametrize(("query", "form"), [
    ("# description: the address of an article\nSELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ask: <http://example.org/ask#>\nCONSTRUCT { ?s ask:x ?o } WHERE { ?s ask:y ?o }", "CONSTRUCT"),
    ('SELECT ?describe WHERE { ?s ?p "ASK me" }', "SELECT"),
    ("ask { ?s ?p ?o }", "ASK"),
])
def test_the_query_form_is_read_outside_comments_strings_and_names(query: str, form: str) -> None:
    """SPARQLWrapper guessed "ADD" from a comment saying "address" and sent a query as an update."""
    assert query_form(query) == form
    with pytest.raises(KgError, match="not a SPARQL query"):
        query_form("DROP ALL # select")


def test_the_union_export_writes_a_triple_two_graphs_hold_once_and_every_other_triple(tmp_path: Path) -> None:
    """An event reported by two articles sits in both graphs; Turtle and N-Triples hold it once."""
    event = URIRef("https://w3id.org/dipkg/id/event/shared")
    first, second = Graph(), Graph()
    for graph, name in ((first, "a"), (second, "b")):
        graph.add((event, DIP.articleId, Literal("talks")))
        graph.add((URIRef(f"https://w3id.org/dipkg/id/article/{name}"), DIP.evidence, event))
    store = Store.open(str(tmp_path / "store"), create=True)
    try:
        store.replace_graphs([(article_graph_iri("a"), first), (article_graph_iri("b"), second)])
        for fmt in ("turtle", "nt"):
            out = BytesIO()
            store.export(fmt, out)
            exported = Graph().parse(data=out.getvalue(), format=FORMATS[fmt][0])
            assert set(exported) == set(first) | set(second) and len(exported) == 3
            assert out.getvalue().count(b"talks") == 1
    finally:
        store.close()
