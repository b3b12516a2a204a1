"""CAMEO event codes and the PLOVER categories they convert to.

Read from the conversion table of the PLOVER project (kg/data/CAMEO2PLOVER-2021.txt, CC BY-SA 4.0,
attributed in NOTICE), so a code the extractors give is always one the table knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SKOS

#: SKOS concepts for CAMEO codes and PLOVER categories, which have no IRIs of their own; the
#: ontology's classes point at them with skos:closeMatch, and an event's dip:cameoCode literal is
#: the skos:notation of one of them.
CAMEO = Namespace("https://w3id.org/dipkg/code/cameo/")
PLOVER = Namespace("https://w3id.org/dipkg/code/plover/")

_LINE = re.compile(r"^(?P<code>\d{2,4}):\s*(?P<plover>[A-Z]+)\s*(?:,[^#]*)?(?:#\s*(?P<name>.*))?$")


@dataclass(frozen=True)
class Code:
    """One CAMEO code: its number, its name, and the PLOVER category it converts to."""

    cameo: str
    name: str
    plover: str


@cache
def cameo_table() -> dict[str, Code]:
    """Every CAMEO code in the conversion table, keyed by its number."""
    text = resources.files("kg").joinpath("data", "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    table: dict[str, Code] = {}
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:  # a two-digit heading has no name of its own ("06: COOPERATE")
            table.setdefault(match["code"], Code(match["code"], (match["name"] or "").strip(), match["plover"]))
    return table


def plover_of(cameo: str) -> str:
    """The PLOVER category of a CAMEO code; a code the table lacks is a programming error."""
    return cameo_table()[cameo].plover


@cache
def code_graph() -> Graph:
    """The CAMEO codes as a SKOS scheme (each under its two- or three-digit parent), each
    skos:closeMatch to the PLOVER category it converts to, and the PLOVER categories as a scheme."""
    graph = Graph()
    graph.bind("cameo", CAMEO)
    graph.bind("plover", PLOVER)
    for scheme, label in ((CAMEO[""], "CAMEO event codes"), (PLOVER[""], "PLOVER event categories")):
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((scheme, SKOS.prefLabel, Literal(label, lang="en")))
    table = cameo_table()
    for code in table.values():
        node = CAMEO[code.cameo]
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, CAMEO[""]))
        graph.add((node, SKOS.notation, Literal(code.cameo)))
        if code.name:
            graph.add((node, SKOS.prefLabel, Literal(code.name, lang="en")))
        graph.add((node, SKOS.closeMatch, PLOVER[code.plover]))
        parent = next((code.cameo[:n] for n in (3, 2) if n < len(code.cameo) and code.cameo[:n] in table), None)
        if parent:
            graph.add((node, SKOS.broader, CAMEO[parent]))
        plover = PLOVER[code.plover]
        graph.add((plover, RDF.type, SKOS.Concept))
        graph.add((plover, SKOS.inScheme, PLOVER[""]))
        graph.add((plover, SKOS.notation, Literal(code.plover)))
    return graph
