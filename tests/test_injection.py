"""No value a user gives becomes SPARQL: hostile parameter values on every command that takes one,
against the embedded store, the Oxigraph server as a remote store, `kg serve`, the Python API and
the Wikidata client. A value is either refused with one line or matched as the literal it is; the
stores hold the same triples afterwards.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg as api
from kg.errors import KgError
from kg.queries import all_queries
from tests.clirun import kg
from tests.serving import EXAMPLES, copy_store, serving

HOSTILE = [
    '"}; DROP ALL; #',
    "> <",
    "\u0000",
    "SELECT * WHERE { ?s ?p ?o }",
    "Q159> } ; DROP ALL ; #",
    "Q159\n",
    "<http://example.org/evil>",
    "Q159 } UNION { ?s ?p ?o",
    "\\u0022 } DROP ALL #",
]
QUERIES = {q.name: q for q in all_queries()}  # read once: rdflib's parser takes a while over each file
PARAMS = [(q.name, p.name) for q in QUERIES.values() for p in q.params]
#: A valid value of each parameter type, for the parameters beside the one under attack.
VALID = {"actor": "Q30", "date": "2021-01-01", "integer": "1", "string": "x",
         "event": "https://w3id.org/dipkg/id/event/0123456789abcdef01234567"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
#: A user's query with a string parameter: the only type whose value reaches the query as given.
LABELLED = """# title: Actors with a label
# description: The actors whose English label is the given text.
# param: name string -- the label
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor WHERE { ?actor skos:prefLabel ?label . FILTER(STR(?label) = ?name) }
"""


def values(query: str, attacked: str, value: str) -> dict[str, str]:
    """Every parameter of the query: the attacked one given the hostile value, the others valid ones."""
    return {p.name: value if p.name == attacked else VALID[p.type] for p in QUERIES[query].params}


def cli_params(query: str, attacked: str, value: str) -> list[str]:
    return [item for name, given in values(query, attacked, value).items() for item in ("--param", f"{name}={given}")]


def triples(store: str | Path) -> int:
    run = kg("--store", store, "stats")
    assert run.code == 0, run.err
    return int(run.out.split()[0])


@pytest.fixture(scope="module")
def store(example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_store(example_store, tmp_path_factory.mktemp("injection") / "store")


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.rq"
    path.write_text(LABELLED, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", HOSTILE)
def test_every_parameter_refuses_a_hostile_value_with_a_line(store: Path, value: str) -> None:
    before = triples(store)
    for query, param in PARAMS:
        run = kg("--store", store, "query", query, *cli_params(query, param, value))
        assert run.code == 1 and run.err.startswith(f"kg: error: parameter {param} must be ") and \
            run.err.count("\n") == 1, run.err
    assert triples(store) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_a_string_parameter_is_matched_as_text(store: Path, labelled: Path, value: str) -> None:
    before = triples(store)
    run = kg("--store", store, "query", labelled, "--param", f"name={value}", "--format", "json")
    assert run.code == 0 and json.loads(run.out) == []
    assert triples(store) == before


def test_the_string_parameter_does_match_a_real_label(store: Path, labelled: Path) -> None:
    run = kg("--store", store, "query", labelled, "--param", "name=Russia", "--format", "json")
    assert [row["actor"] for row in json.loads(run.out)] == ["https://w3id.org/dipkg/id/actor/Q159"]


@pytest.fixture(scope="module")
def remote(oxigraph_server: str) -> Iterator[str]:
    """The example articles in the Oxigraph server (blank pipeline), as `kg --store URL` reaches it."""
    for update in ("DROP ALL",):
        request = urllib.request.Request(f"{oxigraph_server}/update", data=update.encode(),
                                          headers={"Content-Type": "application/sparql-update"})
        with urllib.request.urlopen(request, timeout=30):
            pass
    url = f"{oxigraph_server}/query"
    run = kg("--store", url, "--graph-store", f"{oxigraph_server}/store", "--model", "blank", "ingest", EXAMPLES)
    assert run.code == 0, run.err
    yield url


@pytest.mark.parametrize("value", HOSTILE)
def test_a_remote_store_gets_no_hostile_text(remote: str, labelled: Path, value: str) -> None:
    before = triples(remote)
    for query, param in PARAMS:
        run = kg("--store", remote, "query", query, *cli_params(query, param, value))
        assert run.code == 1 and run.err.startswith(f"kg: error: parameter {param} must be "), run.err
    run = kg("--store", remote, "query", labelled, "--param", f"name={value}", "--format", "json")
    assert run.code == 0 and json.loads(run.out) == []
    assert triples(remote) == before


def test_kg_serve_refuses_hostile_parameters(store: Path, tmp_path: Path) -> None:
    with serving(copy_store(store, tmp_path / "served")) as served:
        for value in HOSTILE:
            for query, param in PARAMS:
                url = f"{served.base}/queries/{query}?" + urllib.parse.urlencode(values(query, param, value))
                try:
                    urllib.request.urlopen(url, timeout=30)
                    status = 200
                except urllib.error.HTTPError as error:
                    status, body = error.code, error.read()
                assert status == 400 and body.startswith(f"parameter {param} must be ".encode()), (query, param, value)
        ask = f"{served.sparql}?" + urllib.parse.urlencode({"query": COUNT})
        with urllib.request.urlopen(ask, timeout=30) as answer:
            served_count = int(json.load(answer)["results"]["bindings"][0]["n"]["value"])
    assert served_count == triples(store)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_python_api_refuses_hostile_parameters(store: Path, tmp_path: Path, value: str) -> None:
    with api.open(copy_store(store, tmp_path / "store")) as graph:
        for query, param in PARAMS:
            with pytest.raises(KgError, match=f"parameter {param} must be "):
                graph.query(query, **values(query, param, value))
        with pytest.raises(KgError):
            graph.plot_timeline(tmp_path / "t.png", value)


@pytest.mark.parametrize("value", HOSTILE)
def test_kg_link_sends_a_hostile_name_as_a_literal(wikidata_endpoint: str, tmp_path: Path, value: str) -> None:
    """The name goes to the Wikidata endpoint bound as a literal: no match, no error from the server."""
    run = kg("--wikidata", wikidata_endpoint, "--wikidata-cache", tmp_path / "cache", "link", value, "--json")
    assert run.code == 0, run.err
    [answer] = run.json_lines()
    assert answer["name"] == value.strip() and answer.get("qid") is None and answer["status"] != "resolved"


class HostileWikidata:
    """A Wikidata client whose answers carry IRIs built to break out of the triples they land in."""

    def select(self, query: str, bindings: object = None) -> list[dict[str, str]]:
        wd, wdt = "http://www.wikidata.org/entity/", "http://www.wikidata.org/prop/direct/"
        return [
            {"item": f"{wd}Q159", "property": f"{wdt}P47> <{wd}Q1> . <{wd}Q2", "value": f"{wd}Q212"},
            {"item": f"{wd}Q159", "property": "http://www.wikidata.org/prop/P463",
             "statement": f"{wd}statement/X> }} ; DROP ALL ; #", "value": f"{wd}Q7184"},
            {"item": f"{wd}Q159> }} DROP ALL #", "property": f"{wdt}P47", "value": f"{wd}Q212"},
            {"item": f"{wd}Q159", "property": f"{wdt}P47", "value": f"{wd}Q212"},
        ]


def test_values_from_wikidata_answers_never_become_iris_unchecked() -> None:
    from rdflib import URIRef

    from kg.wikidata import enrich

    graph = enrich(HostileWikidata(), [URIRef("http://www.wikidata.org/entity/Q159")]).graph
    iris = {str(node) for triple in graph for node in triple if isinstance(node, URIRef)}
    assert all(">" not in iri and " " not in iri for iri in iris), iris
    assert ("http://www.wikidata.org/entity/Q159", "http://www.wikidata.org/prop/direct/P47",
            "http://www.wikidata.org/entity/Q212") in {tuple(map(str, t)) for t in graph}
    graph.serialize(format="nt")  # writes: no IRI in it that N-Triples cannot hold
