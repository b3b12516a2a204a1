"""Where the graph lives: an on-disk Oxigraph store, rdflib's memory store, or a SPARQL endpoint.

All three are driven through one rdflib Dataset whose default graph is the union of the named
graphs, so queries join an article's events with the actors graph without naming graphs. An
article's graph is replaced in one SPARQL update (drop and insert together) on Oxigraph and on
endpoints, so a crash or a bad article never leaves a half-written graph or loses an old one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError
from kg.rdf import bind_prefixes

MEMORY = "memory"
#: Export formats: name -> (rdflib serializer for the memory store, Oxigraph format, keeps graphs).
FORMATS = {
    "turtle": ("turtle", ox.RdfFormat.TURTLE, False),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES, False),
    "trig": ("trig", ox.RdfFormat.TRIG, True),
    "nquads": ("nquads", ox.RdfFormat.N_QUADS, True),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD, True),
}


class Store:
    """The knowledge graph's store, whichever backend holds it."""

    def __init__(self, dataset: Dataset, kind: str) -> None:
        self.dataset = dataset
        self.kind = kind
        bind_prefixes(dataset)

    @classmethod
    def open(cls, location: str, update_endpoint: str | None = None) -> Store:
        """A store from a directory path, "memory", or a SPARQL query endpoint URL."""
        if location == MEMORY:
            return cls(Dataset(default_union=True), "memory")
        if location.startswith(("http://", "https://")):
            remote = SPARQLUpdateStore(query_endpoint=location, update_endpoint=update_endpoint or location,
                                       returnFormat="json", autocommit=True)
            return cls(Dataset(store=remote, default_union=True), "sparql")
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise KgError(f"store {location} is a file, not a store directory")
        try:
            dataset = Dataset(store="Oxigraph", default_union=True)
            dataset.open(str(path), create=False)
        except OSError as error:
            raise KgError(f"cannot open store {location}: {error}") from error
        return cls(dataset, "oxigraph")

    def close(self) -> None:
        if self.kind == "oxigraph":
            self._oxigraph().flush()
        self.dataset.close()

    def _oxigraph(self) -> ox.Store:
        return self.dataset.store._inner  # type: ignore[attr-defined]

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        """Put a graph under a name, replacing what was there, all at once."""
        if self.kind == "memory":
            self.dataset.remove_graph(name)
            target = self.dataset.graph(name)
            self.dataset.addN((s, p, o, target) for s, p, o in graph)
            return
        body = graph.serialize(format="nt")
        update = f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}"
        if self.kind == "oxigraph":
            self._oxigraph().update(update)
        else:
            self.dataset.update(update)

    def graph_names(self) -> list[URIRef]:
        return sorted(g.identifier for g in self.dataset.contexts() if isinstance(g.identifier, URIRef))

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a query with values bound from outside the query text, never pasted into it."""
        return self.dataset.query(sparql, initBindings=dict(bindings or {}))

    def triples_count(self) -> int:
        row = next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
        return int(row[0])

    def union(self) -> Graph:
        """Every triple of every graph in one rdflib graph, for validation and small exports."""
        graph = Graph()
        bind_prefixes(graph)
        for s, p, o, _ in self._quads():
            graph.add((s, p, o))
        return graph

    def _quads(self) -> Iterator[tuple]:
        yield from self.dataset.quads((None, None, None, None))

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the graph; Turtle and N-Triples get the union of all graphs, the others keep graphs."""
        rdflib_format, ox_format, keeps_graphs = FORMATS[fmt]
        prefixes = {p: str(ns) for p, ns in self.dataset.namespaces() if p}
        if self.kind == "oxigraph" and keeps_graphs:
            self._oxigraph().dump(out, format=ox_format, prefixes=prefixes if ox_format != ox.RdfFormat.N_QUADS else None)
        elif self.kind == "oxigraph":
            triples = (q.triple for q in self._oxigraph().quads_for_pattern(None, None, None, None))
            ox.serialize(_distinct(triples), out, format=ox_format,
                         prefixes=prefixes if ox_format == ox.RdfFormat.TURTLE else None)
        elif keeps_graphs:
            self.dataset.serialize(out, format=rdflib_format)
        else:
            self.union().serialize(out, format=rdflib_format)


def _distinct(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
    """Triples without repeats, since the same edge may come from several articles' graphs."""
    seen: set[ox.Triple] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple
