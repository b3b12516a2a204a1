"""SHACL validation of the graphs the program writes, against ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph

SHAPES_FILE = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"


@dataclass(frozen=True)
class Verdict:
    """Whether a graph conforms, and the validator's report when it does not."""

    conforms: bool
    report: str


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def check(graph: Graph) -> Verdict:
    """Validate a data graph (an article's graph with the actors it uses, or a whole store)."""
    conforms, _, text = validate(graph, shacl_graph=shapes(), inference="none", advanced=True)
    return Verdict(bool(conforms), str(text))
