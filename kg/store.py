"""Where the graph lives: an on-disk Oxigraph store, rdflib's memory store, or a SPARQL endpoint.

All three are driven through one rdflib Dataset whose default graph is the union of the named
graphs, so queries join an article's events with the actors graph without naming graphs (an
endpoint must be set up that way too, e.g. `oxigraph serve --union-default-graph`). An article's
graph is replaced in one SPARQL update (drop and insert together) on Oxigraph and on endpoints, so
a crash or a bad article never leaves a half-written graph or loses an old one.

rdflib's Dataset methods that list graphs and quads differ by backend (graphs() always adds
rdflib's own default graph, quads() fails over a SPARQL store), so graphs and quads are asked for
in SPARQL, which every backend answers the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Node
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import KgError
from kg.rdf import bind_prefixes
from kg.vocab import DIPR

MEMORY = "memory"
#: Export formats: name -> (rdflib serializer for the memory store, Oxigraph format, keeps graphs).
FORMATS = {
    "turtle": ("turtle", ox.RdfFormat.TURTLE, False),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES, False),
    "trig": ("trig", ox.RdfFormat.TRIG, True),
    "nquads": ("nquads", ox.RdfFormat.N_QUADS, True),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD, True),
}
_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# Enough of SPARQL's lexical grammar to find the braces and WHERE keywords outside strings,
# IRIs and comments.
_TOKENS = re.compile(
    r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*'''
    r"|(?P<where>\bWHERE\b)|(?P<open>\{)|(?P<close>\})",
    re.IGNORECASE,
)


class Store:
    """The knowledge graph's store, whichever backend holds it."""

    def __init__(self, dataset: Dataset, kind: str, location: str) -> None:
        self.dataset = dataset
        self.kind = kind
        self.location = location
        bind_prefixes(dataset)

    @classmethod
    def open(cls, location: str, update_endpoint: str | None = None, create: bool = False) -> Store:
        """A store from a directory path, "memory", or a SPARQL query endpoint URL.

        Only a command that writes may create a store directory: reading from a mistyped path is
        an error, not a new empty store.
        """
        if location == MEMORY:
            return cls(Dataset(default_union=True), "memory", location)
        if location.startswith(("http://", "https://")):
            remote = SPARQLUpdateStore(query_endpoint=location, update_endpoint=update_endpoint or location,
                                       returnFormat="json", autocommit=True)
            return cls(Dataset(store=remote, default_union=True), "sparql", location)
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise KgError(f"store {location} is a file, not a store directory")
        if not path.exists() and not create:
            raise KgError(f"no store at {location}; build one with kg ingest, or give --store")
        try:
            dataset = Dataset(store="Oxigraph", default_union=True)
            dataset.open(str(path), create=False)
        except OSError as error:
            busy = "lock" in str(error).lower()
            raise KgError(f"store {location} is in use by another kg process" if busy
                          else f"cannot open store {location}: {error}") from None
        return cls(dataset, "oxigraph", location)

    def close(self) -> None:
        if self.kind == "oxigraph":
            self._oxigraph().flush()
        self.dataset.close()

    def _oxigraph(self) -> ox.Store:
        return self.dataset.store._inner  # type: ignore[attr-defined]

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        """Put a graph under a name, replacing what was there, all at once."""
        self.replace_graphs([(name, graph)])

    def replace_graphs(self, graphs: Sequence[tuple[URIRef, Graph]]) -> None:
        """Put graphs under their names, replacing what was there, in one transaction: after a crash
        either all of them are in or none."""
        if not graphs:
            return
        if self.kind == "memory":
            for name, graph in graphs:
                self.dataset.remove_graph(name)
                target = self.dataset.graph(name)
                self.dataset.addN((s, p, o, target) for s, p, o in graph)
            return
        update = " ;\n".join(f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n"
                              f"{graph.serialize(format='nt')}\n}} }}" for name, graph in graphs)
        if self.kind == "oxigraph":
            self._oxigraph().update(update)
        else:
            with self._endpoint_errors():
                self.dataset.update(update)

    def graph_names(self) -> list[URIRef]:
        """The names of the graphs that hold triples, sorted."""
        return sorted(row[0] for row in self.query(_GRAPH_NAMES) if isinstance(row[0], URIRef))

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a query with values bound as a VALUES block opening its WHERE group.

        rdflib's initBindings differ by backend: Oxigraph refuses a bound variable the query does
        not project, and a SPARQL store appends VALUES after the query, where FILTERs never see it.
        """
        with self._endpoint_errors():
            return self.dataset.query(with_values(sparql, bindings) if bindings else sparql)

    @contextmanager
    def _endpoint_errors(self) -> Iterator[None]:
        """An endpoint that cannot be reached or refuses a request is a one-line error, not a traceback."""
        try:
            yield
        except (OSError, SPARQLWrapperException, ValueError) as error:
            if self.kind != "sparql":
                raise
            reason = str(getattr(error, "reason", "") or error).splitlines()[0]
            raise KgError(f"SPARQL endpoint {self.location} failed: {reason}") from None

    def triples_count(self) -> int:
        """Triples summed over the named graphs (an edge two articles support counts twice)."""
        [row] = list(self.query(_COUNT))  # read to the end: an open Oxigraph result keeps the store locked
        return int(row[0])

    def union(self) -> Graph:
        """Every triple of every graph in one rdflib graph, for validation and small exports."""
        graph = Graph()
        bind_prefixes(graph)
        for s, p, o, _ in self._quads():
            graph.add((s, p, o))
        return graph

    def _quads(self) -> Iterator[tuple[Node, Node, Node, Node]]:
        for s, p, o, g in self.query(_QUADS):
            yield s, p, _plain(o), g

    def _named_graphs(self) -> Dataset:
        """A memory copy holding the named graphs only, for formats that keep graphs."""
        copy = Dataset()
        bind_prefixes(copy)
        for quad in self._quads():
            copy.add(quad)
        return copy

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the graph; Turtle and N-Triples get the union of all graphs, the others keep graphs."""
        rdflib_format, ox_format, keeps_graphs = FORMATS[fmt]
        prefixes = {p: str(ns) for p, ns in self.dataset.namespaces() if p}
        if self.kind == "oxigraph" and keeps_graphs:
            self._oxigraph().dump(out, format=ox_format, prefixes=prefixes if ox_format != ox.RdfFormat.N_QUADS else None)
        elif self.kind == "oxigraph":
            ox.serialize(_union_triples(self._oxigraph()), out, format=ox_format,
                         prefixes=prefixes if ox_format == ox.RdfFormat.TURTLE else None)
        elif keeps_graphs:
            self._named_graphs().serialize(out, format=rdflib_format, encoding="utf-8")
        else:
            self.union().serialize(out, format=rdflib_format, encoding="utf-8")


def with_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """The query with a one-row VALUES block opening its WHERE group, so every pattern and FILTER sees it.

    Values are RDF terms written in SPARQL's own syntax (rdflib refuses to write an invalid IRI and
    escapes literals), so a value can never change the query around it.
    """
    return with_value_rows(sparql, list(bindings), [list(bindings.values())])


def with_value_rows(sparql: str, names: Sequence[str], rows: Sequence[Sequence[Node]]) -> str:
    """The query with a VALUES block of several rows opening its WHERE group ("one row per entity
    of a batch"); values are written as RDF terms, so none can change the query around it."""
    if any(isinstance(value, BNode) for row in rows for value in row):
        raise KgError("a blank node cannot be bound in a query sent to an endpoint")
    header = " ".join(f"?{name}" for name in names)
    body = " ".join("(" + " ".join(value.n3() for value in row) + ")" for row in rows)
    at = _where_group(sparql)
    return f"{sparql[:at]}\n  VALUES ({header}) {{ {body} }}\n{sparql[at:]}"


def _where_group(sparql: str) -> int:
    """The offset just inside the brace that opens the query's WHERE group."""
    depth, after_where, first = 0, False, None
    for token in _TOKENS.finditer(sparql):
        if token["open"]:
            if depth == 0 and after_where:
                return token.end()
            first = token.end() if first is None and depth == 0 else first
            depth += 1
        elif token["close"]:
            depth -= 1
        elif token["where"] and depth == 0:
            after_where = True
    if first is None:
        raise KgError("the query has no WHERE group to bind parameters in")
    return first


def _plain(node: Node) -> Node:
    """An xsd:string literal as rdflib writes it, without a datatype.

    RDF 1.1 makes the two one term, but rdflib compares them unequal, and Oxigraph gives every
    plain string its datatype: without this a store's graph would not equal the graph written to it.
    """
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def _union_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """Each triple of the union of all graphs once, in constant memory: a triple held by several
    graphs (an event reported by several articles) is written with the graph the index lists first
    for it, found by a lookup rather than by remembering every triple written."""
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(_ARTICLE_SCOPED):
            yield quad.triple  # an article's own nodes are in its graph only: no lookup needed
            continue
        # the graph that the index lists first for this triple writes it; the others skip it
        first = next(store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None))
        if first.graph_name == quad.graph_name:
            yield quad.triple


#: Nodes minted from an article's id, which no other graph holds.
_ARTICLE_SCOPED = (str(DIPR["article/"]), str(DIPR["evidence/"]))
