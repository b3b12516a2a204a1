"""A SPARQL 1.1 server as the store: Oxigraph's server, Apache Jena Fuseki, Virtuoso, GraphDB...

Queries go through SPARQLWrapper. Each article's graph is replaced in one Graph Store Protocol
request (PUT, N-Triples), which every such server makes atomic, so a server that fails mid-batch
leaves each article wholly in or wholly out; a server without a Graph Store endpoint gets the batch
as one SPARQL Update instead. Exports read SELECT results as a stream, so they run in constant
memory however large the remote graph. Every request is asked again on timeouts, dropped
connections, HTTP 429 and 5xx, as `kg.patience` says.
"""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.query import Result
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from kg.errors import KgError
from kg.patience import USER_AGENT, Patience, http_problem, patiently
from kg.sparql import query_form


@dataclass(frozen=True)
class Endpoints:
    """Where a server answers queries, takes updates, and holds graphs (the last two optional)."""

    query: str
    update: str | None = None
    graph_store: str | None = None

    def check(self) -> None:
        """Each URL is http(s) with a host, and there is a way to write."""
        for url in (self.query, self.update, self.graph_store):
            if url is not None and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname):
                raise KgError(f"a store endpoint must be an http(s) URL with a host, not {url!r}")


class NotWritten(KgError):
    """A write the server did not take; `landed` graphs of the batch, in order, were written first."""

    def __init__(self, message: str, landed: int) -> None:
        super().__init__(message)
        self.landed = landed


#: A graph to store: rdflib's, or its triples already written as N-Triples (the reference graph,
#: which Oxigraph writes from its Turtle far faster than rdflib builds it).
GraphData = Graph | str


def ntriples(graph: GraphData) -> str:
    """A graph's triples as N-Triples."""
    return graph if isinstance(graph, str) else graph.serialize(format="nt")


def replacing_update(graphs: Sequence[tuple[URIRef, GraphData]]) -> str:
    """One SPARQL Update that replaces each named graph with its new triples (the embedded store's
    way too): the graphs of one request change together or not at all."""
    return " ;\n".join(f"DROP SILENT GRAPH {name.n3()} ;\nINSERT DATA {{ GRAPH {name.n3()} {{\n"
                       f"{ntriples(graph)}\n}} }}" for name, graph in graphs)


class Remote:
    """One server, asked patiently; writes reuse one HTTP connection while it lasts."""

    def __init__(self, endpoints: Endpoints, patience: Patience) -> None:
        endpoints.check()
        self.endpoints = endpoints
        self.patience = patience
        self.service = f"SPARQL endpoint {endpoints.query}"
        self._connection: http.client.HTTPConnection | None = None
        self._netloc = ""

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def query(self, text: str) -> Result:
        """The whole result of a query, as rdflib gives it for a local one."""
        return patiently(lambda: self._query(text), self.patience, self.service)

    def _query(self, text: str) -> Result:
        sparql = self._sparql(text)
        graph_result = sparql.queryType in ("CONSTRUCT", "DESCRIBE")
        sparql.setReturnFormat(TURTLE if graph_result else JSON)
        body = sparql.query().response.read()
        if not graph_result:
            return Result.parse(io.BytesIO(body), format="json")
        result = Result("CONSTRUCT")
        result.graph = Graph().parse(data=body, format="turtle")
        return result

    def _sparql(self, text: str) -> SPARQLWrapper:
        sparql = SPARQLWrapper(self.endpoints.query, agent=USER_AGENT)
        sparql.setQuery(text)
        sparql.queryType = query_form(text)  # SPARQLWrapper's own guess can read a comment as an update
        sparql.setMethod(POST)  # VALUES blocks and long queries would overflow a GET URL
        sparql.setOnlyConneg(True)
        sparql.setTimeout(self.patience.timeout)
        return sparql

    def stream(self, text: str) -> Iterator[ox.QuerySolution | ox.Triple]:
        """The rows of a SELECT or the triples of a CONSTRUCT as they arrive; a connection lost
        midway is an error, never a silently short answer."""
        graph_result = query_form(text) == "CONSTRUCT"

        def ask() -> Iterator[ox.QuerySolution | ox.Triple]:
            sparql = self._sparql(text)
            sparql.setReturnFormat(TURTLE if graph_result else JSON)
            response = sparql.query().response
            if graph_result:
                return (quad.triple for quad in ox.parse(response, format=ox.RdfFormat.TURTLE))
            return iter(ox.parse_query_results(response, ox.QueryResultsFormat.JSON))  # type: ignore[arg-type]
        items = patiently(ask, self.patience, self.service)
        try:
            yield from items
        except (OSError, SyntaxError, http.client.HTTPException) as error:
            raise KgError(f"{self.service} broke off its answer: {error}") from None

    def replace(self, graphs: Sequence[tuple[URIRef, GraphData]]) -> None:
        """Replace each named graph: one Graph Store PUT each, else one SPARQL Update for all."""
        if self.endpoints.graph_store is None:
            if self.endpoints.update is None:
                raise KgError(f"the store {self.endpoints.query} takes no writes: give --update-endpoint "
                              "or --graph-store")
            body = replacing_update(graphs).encode()
            self._write("POST", self.endpoints.update, body, "application/sparql-update", 0)
            return
        for landed, (name, graph) in enumerate(graphs):
            target = self.endpoints.graph_store + ("&" if "?" in self.endpoints.graph_store else "?")
            self._write("PUT", target + "graph=" + quote(str(name), safe=""),
                        ntriples(graph).encode(), "application/n-triples", landed)

    def _write(self, method: str, url: str, body: bytes, media_type: str, landed: int) -> None:
        service = f"SPARQL endpoint {url.split('?')[0]}"
        try:
            patiently(lambda: self._send(method, url, body, media_type, service), self.patience, service)
        except KgError as error:
            raise NotWritten(str(error), landed) from None

    def _send(self, method: str, url: str, body: bytes, media_type: str, service: str) -> None:
        """One request on the kept connection; any failure drops the connection, so the next try
        starts on a fresh one."""
        parts = urlsplit(url)
        try:
            connection = self._connected(parts.scheme, parts.netloc)
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body,
                               headers={"Content-Type": media_type, "User-Agent": USER_AGENT})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.status >= 300:
            self.close()
            raise http_problem(response.status, response.reason, response.getheader("Retry-After"), service)

    def _connected(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        if self._connection is None or self._netloc != netloc:
            self.close()
            kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            self._connection, self._netloc = kind(netloc, timeout=self.patience.timeout), netloc
        return self._connection
