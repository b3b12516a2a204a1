"""SHACL validation of the graphs the program writes, against ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from kg.vocab import DIP

SHAPES_FILE = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"


@dataclass(frozen=True)
class Verdict:
    """Whether a graph conforms, and the validator's report when it does not."""

    conforms: bool
    report: str


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


#: Classes only the knowledge base describes. It passes their shapes as a whole (tests/test_rdf.py),
#: and an article graph never adds to their descriptions, so checking an ingest batch leaves them out.
KB_CLASSES = frozenset(DIP[name] for name in "State Territory GovernmentBody Organisation Person Group Tenure".split())


@cache
def article_shapes() -> Graph:
    """The shapes without the targets of the knowledge base's classes: what an article graph must meet."""
    graph = Graph()
    graph += ((s, p, o) for s, p, o in shapes() if not (p == SH.targetClass and o in KB_CLASSES))
    return graph


def check(graph: Graph) -> Verdict:
    """Validate a data graph (an article's graph with the actors it uses, or a whole store)."""
    return _verdict(graph, shapes())


def check_articles(graph: Graph) -> Verdict:
    """Validate article graphs given with the classes of the actors they name (kg.rdf.with_actor_classes):
    three times faster than `check` with the actors' whole descriptions, which batch after batch
    re-validated the same states and leaders."""
    return _verdict(graph, article_shapes())


def _verdict(graph: Graph, shacl: Graph) -> Verdict:
    conforms, _, text = validate(graph, shacl_graph=shacl, inference="none", advanced=True)
    return Verdict(bool(conforms), str(text))
