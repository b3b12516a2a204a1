"""Where the graph lives: an on-disk Oxigraph store, rdflib's memory store, or a SPARQL server.

All three hold one named graph per article plus the actors graph, and answer queries over the
union of the named graphs, so queries join an article's events with the actors graph without
naming graphs (a server must be set up that way too, e.g. `oxigraph serve --union-default-graph`).
An article's graph is replaced all at once (one Oxigraph transaction, one request to a server), so
a crash or a bad article never leaves a half-written graph or loses an old one.

rdflib's Dataset methods that list graphs and quads differ by backend (graphs() always adds
rdflib's own default graph), so graphs and quads are asked for in SPARQL, which every backend
answers the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import XSD, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg import hashjoin
from kg.errors import KgError
from kg.patience import Patience
from kg.rdf import bind_prefixes, rdflib_term
from kg.remote import Endpoints, GraphData, NotWritten, Remote, replacing_update
from kg.sparql import with_values

log = logging.getLogger(__name__)
hashjoin.install()
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
# Oxigraph writes a CONSTRUCT's triples once each while it has seen fewer than a million (then it
# forgets them, to bound its memory; a rare repeat changes no graph): twice the speed of checking
# each triple against the index from Python, the way the union export was first written.
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
class Store:
    """The knowledge graph's store, whichever backend holds it: a local rdflib Dataset (memory or
    Oxigraph on disk), or a remote server."""

    def __init__(self, kind: str, location: str, dataset: Dataset | None = None, remote: Remote | None = None) -> None:
        self.kind = kind
        self.location = location
        self.dataset = dataset
        self.remote = remote
        if dataset is not None:
            bind_prefixes(dataset)

    @classmethod
    def open(cls, location: str, update_endpoint: str | None = None, create: bool = False,
             graph_store: str | None = None, patience: Patience = Patience()) -> Store:
        """A store from a directory path, "memory", or a SPARQL query endpoint URL (with the
        server's update or Graph Store endpoint for writing, and how patiently to ask it).

        Only a command that writes may create a store directory: reading from a mistyped path is
        an error, not a new empty store.
        """
        if location == MEMORY:
            return cls("memory", location, Dataset(default_union=True))
        if location.startswith(("http://", "https://")):
            return cls("sparql", location, remote=Remote(Endpoints(location, update_endpoint, graph_store), patience))
        path = store_directory(location, create)
        try:
            dataset = Dataset(store="Oxigraph", default_union=True)
            dataset.open(str(path), create=False)
        except OSError as error:
            if "lock" in str(error).lower():
                raise KgError(f"store {location} is in use by another kg process") from None
            if create or not _unwritable(error):
                raise KgError(f"cannot open store {location} for writing: {_reason(error)}") from None
            # a store on a read-only disk, or of another user's, can still be read: nobody can write it
            dataset = Dataset(store=OxigraphStore(store=ox.Store.read_only(str(path))), default_union=True)
            return cls("oxigraph-read-only", location, dataset)
        return cls("oxigraph", location, dataset)

    def close(self) -> None:
        if self.remote is not None:
            self.remote.close()
            return
        try:
            if self.kind == "oxigraph":
                self._oxigraph().flush()
        except OSError as error:  # what was committed is in the store's log, replayed when next opened
            log.warning("the store could not flush its memory to disk (%s); the next open replays its log",
                        _reason(error))
        self._local().close()

    def _local(self) -> Dataset:
        assert self.dataset is not None, "a remote store has no local dataset"
        return self.dataset

    def _oxigraph(self) -> ox.Store:
        return self._local().store._inner  # type: ignore[attr-defined]

    def replace_graph(self, name: URIRef, graph: GraphData) -> None:
        """Put a graph under a name, replacing what was there, all at once."""
        self.replace_graphs([(name, graph)])

    def replace_graphs(self, graphs: Sequence[tuple[URIRef, GraphData]]) -> None:
        """Put graphs under their names, replacing what was there. Locally in one transaction (after
        a crash all of them are in or none); on a server each graph at once, and a failure raises
        kg.remote.NotWritten saying how many of them landed."""
        if not graphs:
            return
        if self.remote is not None:
            self.remote.replace(graphs)
        elif self.kind.startswith("oxigraph"):
            try:
                self._oxigraph().update(replacing_update(graphs))
            except OSError as error:  # a full disk, a read-only one: the transaction left nothing behind
                raise NotWritten(f"store {self.location} could not be written: {_reason(error)}", 0) from None
        else:
            for name, graph in graphs:
                self._local().remove_graph(name)
                target = self._local().graph(name)
                triples = Graph().parse(data=graph, format="nt") if isinstance(graph, str) else graph
                self._local().addN((s, p, o, target) for s, p, o in triples)

    def graph_names(self) -> list[URIRef]:
        """The names of the graphs that hold triples, sorted."""
        return sorted(row[0] for row in self.query(_GRAPH_NAMES) if isinstance(row[0], URIRef))

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a query with values bound as a VALUES block opening its WHERE group, or, in rdflib's
        memory store, as initial bindings.

        A server needs the values written into the text, and Oxigraph refuses a bound variable the
        query does not project. rdflib's engine uses initial bindings in every pattern, where it
        joins a VALUES block only after reading the patterns whole: a query about one actor ran
        five times faster on 50,000 triples.
        """
        if self.remote is None and not self.kind.startswith("oxigraph"):
            return self._local().query(sparql, initBindings=bindings or {})
        text = with_values(sparql, bindings) if bindings else sparql
        if self.remote is not None:
            return self.remote.query(text)
        prefixes = {prefix: str(namespace) for prefix, namespace in self._local().namespaces()}
        return _rdflib_result(self._oxigraph().query(text, use_default_graph_as_union=True, prefixes=prefixes))

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
            yield s, p, plain_term(o), g

    def _named_graphs(self) -> Dataset:
        """A memory copy holding the named graphs only, for formats that keep graphs."""
        copy = Dataset()
        bind_prefixes(copy)
        for quad in self._quads():
            copy.add(quad)
        return copy

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the graph; Turtle and N-Triples get the union of all graphs, the others keep graphs.

        Oxigraph and servers stream in bounded memory; rdflib's memory store is small by nature.
        """
        rdflib_format, ox_format, keeps_graphs = FORMATS[fmt]
        prefixes = _prefixes() if ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD) else None
        if self.remote is not None:
            items = ((ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in self.remote.stream(_QUADS))
                     if keeps_graphs else self.remote.stream(_UNION))
            ox.serialize(items, out, format=ox_format, prefixes=prefixes)
        elif self.kind.startswith("oxigraph") and keeps_graphs:
            self._oxigraph().dump(out, format=ox_format, prefixes=prefixes)
        elif self.kind.startswith("oxigraph"):
            ox.serialize(self._oxigraph().query(_UNION, use_default_graph_as_union=True), out, format=ox_format,
                         prefixes=prefixes)
        elif keeps_graphs:
            self._named_graphs().serialize(out, format=rdflib_format, encoding="utf-8")
        else:
            self.union().serialize(out, format=rdflib_format, encoding="utf-8")


def write_whole(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write beside the target and rename, so a failed write never leaves a truncated file behind
    and a reader never sees half of one."""
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("wb") as out:
            write(out)
        partial.replace(target)
    except OSError as error:
        raise KgError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)


def _rdflib_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    """An Oxigraph result as rdflib's, its terms converted as they are read."""
    if isinstance(result, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(result)
        return out
    terms = _Terms()
    if isinstance(result, ox.QueryTriples):
        out = Result("CONSTRUCT")
        out.graph = Graph()
        out.graph += ((terms(t.subject), terms(t.predicate), terms(t.object)) for t in result)
        return out
    out = Result("SELECT")
    out.vars = [Variable(v.value) for v in result.variables]
    out.bindings = ({name: terms(value) for name, value in zip(out.vars, row) if value is not None} for row in result)
    return out


class _Terms:
    """rdflib terms for Oxigraph's, each made once a result: making an rdflib Literal parses its
    value, which took most of the time of a large result, and results repeat few distinct kinds,
    statuses, counts and days. The memory is forgotten when full, so a long result stays bounded."""

    _LIMIT = 100_000

    def __init__(self) -> None:
        self.made: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        made = self.made.get(term)
        if made is None:
            if len(self.made) >= self._LIMIT:
                self.made.clear()
            made = self.made[term] = rdflib_term(term)
        return made


def store_directory(location: str, create: bool = False) -> Path:
    """The directory of an on-disk store; only a command that writes may name one that is not there yet."""
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise KgError(f"store {location} is a file, not a store directory")
    if not path.exists() and not create:
        raise KgError(f"no store at {location}; build one with kg ingest, or give --store")
    return path


_REASONS = ("No space left on device", "Disk quota exceeded", "Read-only file system", "Permission denied")


def _unwritable(error: OSError) -> bool:
    text = str(error).lower()
    return "read-only file system" in text or "permission denied" in text


def _reason(error: OSError) -> str:
    """The system's reason inside RocksDB's long message ("No space left on device"), else the message."""
    text = str(error)
    known = [reason for reason in _REASONS if reason.lower() in text.lower()]
    return known[0] if known else text[:300]


def _prefixes() -> dict[str, str]:
    """The project's prefixes, for the formats that abbreviate IRIs."""
    graph = Graph()
    bind_prefixes(graph)
    return {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}


def plain_term(node: Node) -> Node:
    """An xsd:string literal as rdflib writes it, without a datatype.

    RDF 1.1 makes the two one term, but rdflib compares them unequal, and Oxigraph gives every
    plain string its datatype: without this a store's graph would not equal the graph written to it.
    """
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node
