"""Shared fixtures.

The `sample_*` fixtures are one small article read into events by hand, mapped to triples with
kg.rdf, and the few actors its events point to. tests/test_ontology.py validates them against the
SHACL shapes and tests/test_queries_files.py runs the named queries over them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from rdflib import RDF, Dataset, Graph, Literal
from rdflib.namespace import OWL, SKOS

from kg.articles import Article
from kg.events import Actor, DateRange, Event, Evidence
from kg.iri import actor_iri
from kg.rdf import ACTORS_GRAPH, article_graph, article_graph_iri
from kg.vocab import DIP, DIPR, WD, WDT
from kg.wikidata import P, PQ, PS, WDS, WIKIDATA_GRAPH

CHINA = Actor("China", "state", "Q148")
RUSSIA = Actor("Russia", "state", "Q159")
USA = Actor("United States", "state", "Q30")
TAIWAN = Actor("Taiwan", "state", "Q865")
PUTIN = Actor("Vladimir Putin", "person", "Q7747")
THE_WEST = Actor("the West", "group")
#: A state of the knowledge base that no sample event mentions.
FRANCE = Actor("France", "state", "Q142")

#: A small Wikidata-shaped graph (wd:, wdt:, p:, ps:, pq:) the project wrote for its Wikidata tests.
WIKIDATA_FIXTURE = Path(__file__).resolve().parent / "data" / "wikidata-fixture.ttl"
#: How many times, 0.1 s apart, the test server is asked whether it is up before the tests give up.
SERVER_START_TRIES = 100

SAMPLE_SENTENCES = (
    "China and Russia will hold a virtual summit on 15 December.",
    "Xi Jinping and Vladimir Putin are to speak by video link, the Kremlin said.",
    "The United States threatened Russia with sanctions if it invaded Ukraine.",
    "Separately, new sanctions on Russia were imposed on Friday.",
    "China reiterated its claim to Taiwan.",
    "Russia denounced the West for its support of Kyiv.",
    "China and Russia agreed to deepen their cooperation.",
)
SAMPLE_TEXT = "Xi and Putin to hold video summit\n\n" + " ".join(SAMPLE_SENTENCES)


def _evidence(sentence: str) -> Evidence:
    start = SAMPLE_TEXT.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def _day(day: date) -> DateRange:
    return DateRange(day, day, "day")


@pytest.fixture
def sample_article() -> Article:
    return Article(
        id="test:sample-article",
        text=SAMPLE_TEXT,
        title="Xi and Putin to hold video summit",
        published=date(2021, 12, 8),
        url="https://example.org/news/xi-putin-summit",
        source="tests/conftest.py",
    )


@pytest.fixture
def sample_events() -> dict[str, Event]:
    """The events of the sample article, by a name the tests use to find them."""
    s = SAMPLE_SENTENCES
    return {
        "summit": Event(
            "meeting", "summit", "planned", participants=(CHINA, RUSSIA), agents=(PUTIN,),
            mode="virtual", when=_day(date(2021, 12, 15)), cameo="040", plover="CONSULT",
            confidence=0.9, evidence=[_evidence(s[0]), _evidence(s[1])],
        ),
        "threatened_sanction": Event(
            "sanction", "sanction", "threatened", sources=(USA,), targets=(RUSSIA,),
            condition="if it invaded Ukraine", cameo="1312", plover="THREATEN",
            confidence=0.8, evidence=[_evidence(s[2])],
        ),
        "imposed_sanction": Event(
            "sanction", "sanction", "imposed", targets=(RUSSIA,), when=_day(date(2021, 12, 3)),
            cameo="163", plover="COERCE", confidence=0.6, evidence=[_evidence(s[3])],
        ),
        "territorial_claim": Event(
            "claim", "territorial", "occurred", sources=(CHINA,), targets=(TAIWAN,),
            confidence=0.7, evidence=[_evidence(s[4])],
        ),
        "opposition": Event(
            "alignment", "opposition", "occurred", sources=(RUSSIA,), targets=(THE_WEST,),
            cameo="111", plover="ACCUSE", confidence=0.75, evidence=[_evidence(s[5])],
        ),
        "cooperation": Event(
            "alignment", "cooperation", "occurred", participants=(CHINA, RUSSIA),
            cameo="030", plover="AGREE", confidence=0.5, evidence=[_evidence(s[6])],
        ),
    }


@pytest.fixture
def sample_article_graph(sample_article: Article, sample_events: dict[str, Event]) -> Graph:
    return article_graph(sample_article, sample_events.values())


@pytest.fixture
def sample_actors_graph() -> Graph:
    """The actors the sample events point to (plus France, in no event), as the knowledge base has them."""
    graph = Graph()
    for actor in (CHINA, RUSSIA, USA, TAIWAN, FRANCE):
        node = actor_iri(actor.qid)
        graph.add((node, RDF.type, DIP.State))
        graph.add((node, SKOS.prefLabel, Literal(actor.label, lang="en")))
        graph.add((node, OWL.sameAs, WD[actor.qid]))
    putin, tenure = actor_iri(PUTIN.qid), DIPR["tenure/Q7747-president-2012"]
    graph.add((putin, RDF.type, DIP.Person))
    graph.add((putin, SKOS.prefLabel, Literal(PUTIN.label, lang="en")))
    graph.add((putin, OWL.sameAs, WD[PUTIN.qid]))
    graph.add((putin, DIP.holds, tenure))
    graph.add((tenure, RDF.type, DIP.Tenure))
    graph.add((tenure, DIP.role, DIP.HeadOfState))
    graph.add((tenure, DIP.officeOf, actor_iri(RUSSIA.qid)))
    graph.add((tenure, DIP.startDate, Literal(date(2012, 5, 7))))
    return graph


@pytest.fixture
def sample_union_graph(sample_article_graph: Graph, sample_actors_graph: Graph) -> Graph:
    """Article and actors in one plain graph, as SHACL validation sees them; a fresh copy per test."""
    graph = Graph()
    for triple in sample_article_graph:
        graph.add(triple)
    for triple in sample_actors_graph:
        graph.add(triple)
    return graph


@pytest.fixture
def sample_wikidata_graph() -> Graph:
    """What `kg enrich` stores about Russia, cut down: its membership of the SCO, truthy and as a statement."""
    graph = Graph()
    statement = WDS["Q159-sample-P463-Q485207"]
    graph.add((WD.Q159, WDT.P463, WD.Q485207))
    graph.add((WD.Q159, P.P463, statement))
    graph.add((statement, PS.P463, WD.Q485207))
    graph.add((statement, PQ.P580, Literal(datetime(2001, 6, 15, tzinfo=timezone.utc))))
    return graph


@pytest.fixture
def sample_dataset(sample_article: Article, sample_article_graph: Graph, sample_actors_graph: Graph,
                   sample_wikidata_graph: Graph) -> Dataset:
    """In memory, laid out as the store lays it out: one named graph per article, one for the actors, and
    the Wikidata graph of `kg enrich`."""
    dataset = Dataset(default_union=True)
    layout = ((article_graph_iri(sample_article.id), sample_article_graph), (ACTORS_GRAPH, sample_actors_graph),
              (WIKIDATA_GRAPH, sample_wikidata_graph))
    for name, graph in layout:
        target = dataset.graph(name)
        for triple in graph:
            target.add(triple)
    return dataset


def oxigraph_server_binary() -> Path | None:
    """The `oxigraph` server of the PyPI package: beside this Python in a virtualenv, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real SPARQL endpoint on 127.0.0.1, started for this test run; yields its base URL."""
    binary = oxigraph_server_binary()
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # in memory: a disk store's deletions leave tombstones that make each later test's writes slower
    server = subprocess.Popen(
        [str(binary), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def wikidata_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A stand-in for Wikidata's query service: a read-only server holding tests/data/wikidata-fixture.ttl.

    Yields the SPARQL query endpoint URL; its default graph is the fixture, as Wikidata's is its data.
    """
    binary = oxigraph_server_binary()
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    location = tmp_path_factory.mktemp("wikidata-fixture")
    subprocess.run([str(binary), "load", "--location", str(location), "--file", str(WIKIDATA_FIXTURE)],
                   check=True, capture_output=True, timeout=60)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(binary), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield f"{base}/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    ask = f"{base}/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    for _ in range(SERVER_START_TRIES):
        if server.poll() is not None:
            pytest.fail(f"the oxigraph server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(ask, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail("the oxigraph server did not answer")


@pytest.fixture
def sparql_endpoint(oxigraph_server: str) -> str:
    """The test server, emptied: each test starts from an empty dataset."""
    request = urllib.request.Request(f"{oxigraph_server}/update", data=b"DROP ALL",
                                     headers={"Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(request, timeout=10):
        pass
    return oxigraph_server


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example articles ingested once (blank pipeline) into an on-disk store; tests that
    serve it or change it work on copies (tests/serving.py)."""
    from tests.serving import build_example_store

    return build_example_store(tmp_path_factory.mktemp("examples") / "store")


# Property-based tests: a short run in `make test`, a long one in `make fuzz` (HYPOTHESIS_PROFILE=fuzz).
settings.register_profile("test", max_examples=25, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))
