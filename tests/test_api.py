"""The Python API (`import kg`), the pictures (`kg plot` and the API's plot calls) and the notebook
example, on the example articles."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import kg
from kg.api import KnowledgeGraph, StoredEvent
from kg.errors import KgError
from kg.plot import Link, draw_network
from kg.store import Store
from tests.clirun import kg as run_kg
from tests.serving import copy_store

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n"
EVENT_COUNT = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e <https://w3id.org/dipkg/ontology#status> ?s }"


@pytest.fixture(scope="module")
def graph(example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    with kg.open(copy_store(example_store, tmp_path_factory.mktemp("api") / "store")) as opened:
        yield opened


def test_ingest_through_the_api_equals_the_command_line(example_store: Path, tmp_path: Path) -> None:
    with kg.open(tmp_path / "store", create=True) as fresh:
        report = fresh.ingest([ROOT / "examples" / "articles"], model="blank")
        assert report.stored == 14 and not report.problems and report.stopped is None
        mine = {str(name) for name in fresh.store.graph_names()}
    reference = Store.open(str(copy_store(example_store, tmp_path / "reference")))
    try:
        assert mine == {str(name) for name in reference.graph_names()}
    finally:
        reference.close()


def test_query_rows_are_the_command_lines_rows(graph: KnowledgeGraph, example_store: Path, tmp_path: Path) -> None:
    rows = graph.query("sanctions-against", target="Q159")
    printed = run_kg("--store", copy_store(example_store, tmp_path / "store"), "query", "sanctions-against",
                     "--param", "target=Q159", "--format", "json")
    columns = ("event", "sourceLabel", "status", "condition", "earliest", "latest")  # evidence lists come in any order
    mine = [tuple("" if row[c] is None else str(row[c]) for c in columns) for row in rows]
    assert rows and mine == [tuple(row[c] for c in columns) for row in json.loads(printed.out)]
    assert all(row["negated"] is False for row in rows)


def test_bad_parameters_are_errors(graph: KnowledgeGraph) -> None:
    with pytest.raises(KgError, match="must be a Wikidata QID"):
        graph.query("sanctions-against", target='"} ; DROP ALL ; #')
    with pytest.raises(KgError, match="has no parameter 'country'"):
        graph.query("sanctions-against", country="Q159")


def test_dataframes_keep_the_columns_even_when_empty(graph: KnowledgeGraph) -> None:
    frame = graph.dataframe("alignment-network")
    assert list(frame.columns)[:3] == ["aLabel", "bLabel", "cooperation"] and len(frame) > 3
    assert ("China", "Russia") in set(zip(frame["aLabel"], frame["bLabel"]))
    empty = graph.dataframe("summits-between", a="Q30", b="Q142")
    assert empty.empty and "status" in empty.columns


def test_events_are_records_with_their_parties(graph: KnowledgeGraph) -> None:
    events = graph.events()
    [[count]] = list(graph.store.query(EVENT_COUNT))
    assert len(events) == int(count) and all(isinstance(e, StoredEvent) and e.articles for e in events)
    [eu_sanction] = [e for e in graph.events(family="sanction", involving="Q159") if e.status == "imposed"]
    assert [p.qid for p in eu_sanction.sources] == ["Q458"] and [p.qid for p in eu_sanction.targets] == ["Q159"]
    assert eu_sanction.cameo and eu_sanction.plover
    assert all(e.involves("Q148") for e in graph.events(involving="Q148"))
    assert {e.family for e in events} == {"meeting", "sanction", "alignment", "claim"}


def test_export_parses_back_to_the_stored_graph(graph: KnowledgeGraph, tmp_path: Path) -> None:
    written = graph.export(tmp_path / "graph.ttl")
    assert isomorphic(Graph().parse(written, format="turtle"), graph.store.union())
    with pytest.raises(KgError, match="unknown format"):
        graph.export(tmp_path / "graph.x", "yaml")


def test_the_network_as_png_svg_and_an_interactive_page(graph: KnowledgeGraph, tmp_path: Path) -> None:
    pairs = {(row["aLabel"], row["bLabel"]) for row in graph.query("relation-network")}
    labels = {label for pair in pairs for label in pair}
    assert graph.plot_network(tmp_path / "n.png").read_bytes().startswith(PNG)
    svg = ElementTree.parse(graph.plot_network(tmp_path / "n.svg"))
    texts = {"".join(t.itertext()).strip() for t in svg.iter("{http://www.w3.org/2000/svg}text")} - {""}
    assert labels <= texts
    page = graph.plot_network(tmp_path / "n.html").read_text(encoding="utf-8")
    data = json.loads(_script(page, "data"))
    assert {n["label"] for n in data["nodes"]} == labels
    assert sum(link["events"] for link in data["links"]) == sum(int(r["events"]) for r in graph.query("relation-network"))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from elsewhere


def _script(page: str, element_id: str) -> str:
    """The text of the <script> with that id, read by an HTML parser as a browser reads it."""
    found: list[str] = []

    class Reader(HTMLParser):
        inside = False

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.inside = tag == "script" and ("id", element_id) in attrs

        def handle_data(self, data: str) -> None:
            if self.inside:
                found.append(data)

        def handle_endtag(self, tag: str) -> None:
            self.inside = False

    Reader().feed(page)
    return "".join(found)


def test_a_label_cannot_break_out_of_the_page(tmp_path: Path) -> None:
    hostile = '</script><script>alert("x")</script>'
    draw_network([Link("Q1", hostile, "Q2", "B", "claim", 1)], tmp_path / "n.html", "title </script>")
    page = (tmp_path / "n.html").read_text(encoding="utf-8")
    assert json.loads(_script(page, "data"))["nodes"][0]["label"] == hostile
    assert page.count("<script") == 2  # the data and the page's own script, nothing more


def test_a_timeline_of_one_and_of_two_actors(graph: KnowledgeGraph, tmp_path: Path) -> None:
    assert graph.plot_timeline(tmp_path / "two.png", "Q148", "Q159").read_bytes().startswith(PNG)
    svg = graph.plot_timeline(tmp_path / "one.svg", "Q159").read_text(encoding="utf-8")
    assert "Events involving Russia" in svg


@pytest.mark.parametrize(("args", "says"), [
    (["plot", "network", "-o", "{tmp}/n.gif"], "must end in .png, .svg, .pdf, .html"),
    (["plot", "network", "-o", "{tmp}/missing/n.png"], "there is no folder"),
    (["plot", "network", "--from", "1900-01-01", "--to", "1900-12-31", "-o", "{tmp}/n.png"], "nothing to draw"),
    (["plot", "timeline", "Q148", "-o", "{tmp}/t.html"], "must end in .png, .svg, .pdf"),
    (["plot", "timeline", "Q148", "Q159", "Q30", "-o", "{tmp}/t.png"], "one or two actors"),
    (["plot", "timeline", "nonsense", "-o", "{tmp}/t.png"], "must be a Wikidata QID"),
    (["plot", "timeline", "Q142", "Q17", "-o", "{tmp}/t.png"], "no dated events"),
])
def test_plot_errors_are_one_line(example_store: Path, tmp_path: Path, args: list[str], says: str) -> None:
    store = copy_store(example_store, tmp_path / "store")
    run = run_kg("--store", store, *[a.format(tmp=tmp_path) for a in args])
    assert run.code == 1 and says in run.err and run.err.count("\n") == 1, run.err


def test_kg_plot_writes_the_pictures(example_store: Path, tmp_path: Path) -> None:
    store = copy_store(example_store, tmp_path / "store")
    network = run_kg("--store", store, "plot", "network", "--from", "2021-01-01", "--to", "2021-12-31",
                     "-o", tmp_path / "n.svg")
    timeline = run_kg("--store", store, "plot", "timeline", "Q148", "Q159", "-o", tmp_path / "t.pdf")
    assert (network.code, timeline.code) == (0, 0)
    assert "2021-01-01 to 2021-12-31" in (tmp_path / "n.svg").read_text(encoding="utf-8")
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")


def test_the_api_loads_only_when_asked() -> None:
    """`import kg` and the serve engine stay light: the API, rdflib and spaCy load on first use."""
    probe = "import sys, kg, kg.engine; print(sorted(m for m in ('kg.api', 'rdflib', 'spacy') if m in sys.modules))"
    light = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert light.stdout.strip() == "[]"
    assert kg.open is kg.api.open and "open" in dir(kg)


def test_the_notebook_example_runs(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "examples" / "notebook.py"), str(tmp_path), "--blank"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "14 articles stored" in run.stdout
    for name in ("network.png", "network.html", "china-russia.png", "graph.ttl"):
        assert (tmp_path / name).stat().st_size > 1000, name
