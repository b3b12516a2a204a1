"""`kg serve`: a real SPARQL 1.1 Protocol endpoint over the example store, asked by SPARQLWrapper,
rdflib's SPARQLStore and plain HTTP, compared with the embedded store, and attacked with bad
requests, endless queries, huge answers and updates it must refuse; a second process loads it with
50 clients at once.
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.errors import KgError
from kg.queries import NamedQuery, all_queries
from kg.serve import negotiate
from kg.sparql import calls_service, with_values
from kg.store import Store
from tests.clirun import kg
from tests.serving import Served, copy_store, serving
from tests.test_store import plain, rows_as_text

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {"a": "Q148", "b": "Q159", "target": "Q159", "org": "Q458", "actor": "Q159"}
BY_TYPE = {"actor": "Q30", "date": "2021-01-01", "integer": "1"}
AN_EVENT = "SELECT ?e WHERE { ?e <https://w3id.org/dipkg/ontology#evidence> ?x } ORDER BY ?e LIMIT 1"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/dipkg/ontology#Event> ; ?p ?o }"
TOKEN = "a-test-token-of-some-length"
LOCAL = [q for q in all_queries() if not calls_service(q.text)]


@pytest.fixture(scope="module")
def reference(example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The same data opened in this process: what the server's answers must equal."""
    store = Store.open(str(copy_store(example_store, tmp_path_factory.mktemp("reference") / "store")))
    yield store
    store.close()


@pytest.fixture(scope="module")
def served(example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A read-only server on a copy of the example store, with a short timeout and a small answer limit."""
    store = copy_store(example_store, tmp_path_factory.mktemp("served") / "store")
    with serving(store, "--timeout", "3", "--max-result-mb", "2", "--client-timeout", "2") as server:
        yield server


def sample_values(named: NamedQuery, reference: Store) -> dict[str, str]:
    """A value for each parameter of the query without a default, as a client would give it."""
    [[event]] = list(reference.query(AN_EVENT))
    by_type = {**BY_TYPE, "event": str(event)}
    return {p.name: PARAMS.get(p.name, by_type[p.type]) for p in named.params if p.default is None}


def text_of(named: NamedQuery, reference: Store) -> str:
    """The query with sample values bound, as a client would send it."""
    if not named.params:
        return named.text
    return with_values(named.text, named.bindings(sample_values(named, reference)))


def call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one request, whatever the status."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def ask(served: Served, query: str, accept: str = "application/sparql-results+json", **extra: str) -> tuple[int, dict, bytes]:
    return call(served.sparql, urlencode({"query": query, **extra}).encode(),
                {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})


def still_answers(served: Served) -> None:
    status, _, body = ask(served, "ASK { ?s ?p ?o }")
    assert (status, json.loads(body)["boolean"]) == (200, True)
    assert served.process.poll() is None


# --- what clients get ---------------------------------------------------------------------------


@pytest.mark.parametrize("named", LOCAL, ids=[q.name for q in LOCAL])
def test_sparqlwrapper_gets_what_the_embedded_store_answers(served: Served, reference: Store, named: NamedQuery) -> None:
    text = text_of(named, reference)
    client = SPARQLWrapper(served.sparql)
    client.setQuery(text)
    client.queryType = "SELECT"  # SPARQLWrapper's own guess takes a comment saying "address" for an ADD update
    client.setReturnFormat(JSON)
    answer = client.query().response.read()
    assert rows_as_text(Result.parse(io.BytesIO(answer), format="json")) == rows_as_text(reference.query(text))


@pytest.mark.parametrize("named", LOCAL, ids=[q.name for q in LOCAL])
def test_rdflib_sparqlstore_gets_what_the_embedded_store_answers(served: Served, reference: Store,
                                                                 named: NamedQuery) -> None:
    text = text_of(named, reference)
    remote = Graph(store=SPARQLStore(served.sparql, returnFormat="xml"))
    assert rows_as_text(remote.query(text)) == rows_as_text(reference.query(text))


def test_a_construct_through_sparqlstore_and_every_graph_format(served: Served, reference: Store) -> None:
    expected = plain(reference.query(CONSTRUCT).graph)
    assert len(expected) > 100
    assert isomorphic(plain(Graph(store=SPARQLStore(served.sparql)).query(CONSTRUCT).graph), expected)
    for accept, rdflib_format in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                  ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")):
        status, headers, body = ask(served, CONSTRUCT, accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        assert isomorphic(plain(Graph().parse(data=body, format=rdflib_format)), expected), accept


def test_select_answers_in_every_results_format(served: Served, reference: Store) -> None:
    query = text_of(next(q for q in LOCAL if q.name == "sanctions-against"), reference)
    expected = rows_as_text(reference.query(query))
    assert expected
    for accept, rdflib_format in (("application/sparql-results+json", "json"),
                                  ("application/sparql-results+xml", "xml")):
        status, _, body = ask(served, query, accept)
        assert status == 200 and rows_as_text(Result.parse(io.BytesIO(body), format=rdflib_format)) == expected
    for accept, separator in (("text/csv", ","), ("text/tab-separated-values", "\t")):
        status, headers, body = ask(served, query, accept)
        lines = body.decode().splitlines()
        assert status == 200 and headers["Content-Type"].startswith(accept)
        assert len(lines) == len(expected) + 1 and separator in lines[0]


def test_ask_and_the_format_parameter(served: Served) -> None:
    status, headers, body = call(f"{served.sparql}?" + urlencode({"query": "ASK { ?s ?p ?o }", "format": "xml"}))
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    assert b"<boolean>true</boolean>" in body


@pytest.mark.parametrize(("accept", "expected"), [
    ("*/*", ("json", "turtle")),
    ("text/csv;q=0.5, application/sparql-results+xml", ("xml", None)),
    ("text/*", ("csv", "turtle")),
    ("application/rdf+xml;q=0.9, text/turtle;q=0.2", (None, "rdfxml")),
    ("image/png", (None, None)),
    ("application/json;q=0", (None, None)),
])
def test_accept_headers_pick_formats_by_quality(accept: str, expected: tuple) -> None:
    assert negotiate(accept) == expected


def test_named_queries_with_parameters_and_the_catalogue(served: Served, reference: Store) -> None:
    catalogue = json.loads(call(f"{served.base}/queries.json")[2])
    assert sorted(q["name"] for q in catalogue) == sorted(q.name for q in all_queries())
    summits = next(q for q in LOCAL if q.name == "summits-between")
    status, _, body = call(f"{served.base}/queries/summits-between?" + urlencode(sample_values(summits, reference)))
    expected = rows_as_text(reference.query(text_of(summits, reference)))
    assert expected
    assert status == 200 and rows_as_text(Result.parse(io.BytesIO(body), format="json")) == expected
    assert call(f"{served.base}/queries/summits-between?a=Q148")[0] == 400
    status, _, body = call(f"{served.base}/queries/sanctions-against?target=%22%7D%3B%20DROP%20ALL%3B%20%23")
    assert status == 400 and b"must be a Wikidata QID" in body
    assert call(f"{served.base}/queries/..%2F..%2Fetc%2Fpasswd")[0] == 404


def test_the_query_page_and_its_files(served: Served) -> None:
    status, headers, body = call(f"{served.base}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"page.js" in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    for path, media in (("/page.js", "text/javascript"), ("/page.css", "text/css")):
        status, headers, _ = call(served.base + path)
        assert status == 200 and headers["Content-Type"].startswith(media)


# --- bad requests and bad queries -----------------------------------------------------------------


def test_a_query_that_never_ends_is_stopped_and_the_others_are_answered(served: Served) -> None:
    outcome: list[tuple[int, float, bytes]] = []

    def endless() -> None:
        started = time.monotonic()
        status, _, body = ask(served, ENDLESS)
        outcome.append((status, time.monotonic() - started, body))

    runner = threading.Thread(target=endless)
    runner.start()
    time.sleep(0.5)
    for _ in range(5):  # answered while the endless query runs beside them
        still_answers(served)
    runner.join(30)
    [(status, seconds, body)] = outcome
    assert status == 503 and 3 <= seconds < 10
    assert b"longer than this server's limit of 3 s" in body
    still_answers(served)  # by the engine started after the kill


def test_an_answer_over_the_limit_is_refused(served: Served) -> None:
    status, _, body = ask(served, HUGE)
    assert status == 422 and b"larger than this server's limit of 2,000,000 bytes" in body
    still_answers(served)


@pytest.mark.parametrize(("how", "status", "says"), [
    ("syntax", 400, b"SPARQL syntax error"),
    ("no query", 400, b"no 'query' parameter"),
    ("two queries", 400, b"exactly one 'query'"),
    ("query and update", 400, b"a query or an update, not both"),
    ("update on GET", 405, b"sent with POST"),
    ("update on a read-only server", 403, b"read-only"),
    ("update body on a read-only server", 403, b"read-only"),
    ("SERVICE", 403, b"does not call other SPARQL services"),
    ("unknown path", 404, b"nothing at /nowhere"),
    ("PUT", 405, b"PUT is not served here"),
    ("DELETE", 405, b"DELETE is not served here"),
    ("unknown body type", 415, b"a POST body is"),
    ("not UTF-8", 400, b"not UTF-8"),
    ("no acceptable format", 406, b"Accept header allows none"),
    ("unknown format", 400, b"unknown format"),
    ("bad graph IRI", 400, b"is not an IRI"),
    ("huge integer", 400, b"an integer of at most 18 digits"),
    ("SERVICE after a long string with an escaped quote", 403, b"does not call other SPARQL services"),
    ("SERVICE after an escaped hash", 403, b"does not call other SPARQL services"),
])
def test_bad_requests_get_their_status_and_a_line(served: Served, how: str, status: int, says: bytes) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    requests = {
        "syntax": lambda: ask(served, "SELEC ?x"),
        "no query": lambda: call(served.sparql, b"", form),
        "two queries": lambda: call(served.sparql, b"query=ASK%7B%7D&query=ASK%7B%7D", form),
        "query and update": lambda: call(served.sparql, b"query=ASK%7B%7D&update=DROP%20ALL", form),
        "update on GET": lambda: call(f"{served.sparql}?update=DROP%20ALL"),
        "update on a read-only server": lambda: call(served.sparql, b"update=DROP%20ALL", form),
        "update body on a read-only server": lambda: call(served.sparql, b"DROP ALL",
                                                          {"Content-Type": "application/sparql-update"}),
        "SERVICE": lambda: ask(served, "SELECT * WHERE { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
        "unknown path": lambda: call(f"{served.base}/nowhere"),
        "PUT": lambda: call(served.sparql, b"x", {"Content-Type": "text/turtle"}, "PUT"),
        "DELETE": lambda: call(served.sparql, method="DELETE"),
        "unknown body type": lambda: call(served.sparql, b"ASK {}", {"Content-Type": "text/plain"}),
        "not UTF-8": lambda: call(served.sparql, b"ASK { ?s ?p \"\xff\" }", {"Content-Type": "application/sparql-query"}),
        "no acceptable format": lambda: ask(served, "ASK {}", "image/png"),
        "unknown format": lambda: ask(served, "ASK {}", format="yaml"),
        "bad graph IRI": lambda: ask(served, "ASK {}", **{"default-graph-uri": "not an iri"}),
        "huge integer": lambda: call(f"{served.base}/queries/actors?min_events={'9' * 5000}"),
        "SERVICE after a long string with an escaped quote": lambda: ask(
            served, 'SELECT * WHERE { BIND("""a\\"""" AS ?s) SERVICE <http://127.0.0.1:9/q> { ?a ?b ?c } BIND("x" AS ?t) }'),
        "SERVICE after an escaped hash": lambda: ask(
            served, "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\# ?o SERVICE <http://127.0.0.1:9/q> { ?a ?b ?c } }"),
    }
    got, headers, body = requests[how]()
    assert got == status, body
    assert says in body and body.count(b"\n") == 1 and b"Traceback" not in body
    assert headers["Content-Type"].startswith("text/plain")
    still_answers(served)


def raw(served: Served, request: bytes) -> bytes:
    """What the server sends back to bytes written straight to its socket (then closed)."""
    host, port = served.base.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        return b"".join(iter(lambda: connection.recv(65536), b""))


@pytest.mark.parametrize(("request_bytes", "status"), [
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n\r\nASK {}", b"411"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
     b"Content-Length: 999999999999\r\n\r\nASK {}", b"413"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n", b"400"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
     b"Content-Length: 1_0\r\n\r\nASK { }   ", b"400"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
     b"Content-Length: 6\r\nContent-Length: 60\r\n\r\nASK {}", b"400"),
    (b"GET /sparql?query=" + b"A" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
    (b"NONSENSE\r\n\r\n", b"400"),
    (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(200)) + b"\r\n", b"431"),
])
def test_malformed_http_gets_its_status(served: Served, request_bytes: bytes, status: bytes) -> None:
    answer = raw(served, request_bytes)
    assert answer.split(b" ", 2)[1] == status, answer[:200]
    assert b"Traceback" not in answer
    still_answers(served)


def test_a_huge_body_is_refused_before_it_is_read(served: Served) -> None:
    answer = raw(served, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 10000001\r\n\r\nSELECT")
    assert answer.startswith(b"HTTP/1.1 413 ") and b"this server takes at most 10,000,000" in answer
    still_answers(served)


# --- updates --------------------------------------------------------------------------------------


def test_updates_need_the_token(example_store: Path, tmp_path: Path) -> None:
    store = copy_store(example_store, tmp_path / "store")
    insert = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }"
    with serving(store, "--allow-update", env={"KG_SERVE_TOKEN": TOKEN}) as server:
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        body = urlencode({"update": insert}).encode()
        assert call(server.sparql, body, form)[0] == 401
        assert call(server.sparql, body, {**form, "Authorization": "Bearer not-the-token"})[0] == 401
        client = SPARQLWrapper(server.sparql)
        client.setMethod(POST)
        client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
        client.setQuery(insert)
        answer = client.query().response
        assert answer.status == 204 and answer.headers.get("Content-Length") is None
        status, _, answer = ask(server, "ASK { <https://example.org/a> <https://example.org/b> 1 }")
        assert (status, json.loads(answer)["boolean"]) == (200, True)
    reopened = Store.open(str(store))  # the server has let go of the store, and the update is in it
    try:
        assert rows_as_text(reopened.query("SELECT ?g WHERE { GRAPH ?g { <https://example.org/a> ?p ?o } }")) == [
            ("https://example.org/g",)]
    finally:
        reopened.close()


# --- starting, refusing to start, stopping ---------------------------------------------------------


def test_it_listens_on_loopback_by_default(served: Served) -> None:
    assert served.base.startswith("http://127.0.0.1:")


def test_a_store_served_is_locked_and_a_second_server_is_told(served: Served, example_store: Path) -> None:
    store = served.log.parent / "store"
    run = kg("--store", store, "serve", "--port", "0")
    assert run.code == 1 and "in use by another kg process" in run.err


@pytest.mark.parametrize(("args", "env", "says"), [
    (["--store", "memory", "serve"], {}, "serves a store directory"),
    (["--store", "http://127.0.0.1:1/sparql", "serve"], {}, "serves a store directory"),
    (["--store", "{missing}", "serve"], {}, "no store at"),
    (["--store", "{store}", "serve", "--allow-update"], {}, "needs the token"),
    (["--store", "{store}", "serve", "--allow-update"], {"KG_SERVE_TOKEN": "short"}, "at least 16 characters"),
    (["--store", "{store}", "serve", "--port", "70000"], {}, "from 0 to 65535"),
])
def test_it_refuses_to_start_with_a_line(example_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         args: list[str], env: dict[str, str], says: str) -> None:
    store = copy_store(example_store, tmp_path / "store")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    run = kg(*[a.format(store=store, missing=tmp_path / "none") for a in args])
    assert run.code == 1 and says in run.err and run.err.count("\n") == 1, run.err


def test_a_port_in_use_is_a_line(served: Served, example_store: Path, tmp_path: Path) -> None:
    store = copy_store(example_store, tmp_path / "store")
    run = kg("--store", store, "serve", "--port", served.base.rsplit(":", 1)[1])
    assert run.code == 1 and "cannot listen on 127.0.0.1" in run.err


def test_sigterm_stops_it_and_frees_the_store(example_store: Path, tmp_path: Path) -> None:
    store = copy_store(example_store, tmp_path / "store")
    with serving(store) as server:
        still_answers(server)
    assert server.process.returncode == 0
    Store.open(str(store)).close()  # no lock left behind


# --- load -----------------------------------------------------------------------------------------


def test_fifty_clients_at_once_get_no_errors(example_store: Path, tmp_path: Path) -> None:
    """A second process loads a server started with the default settings."""
    with serving(copy_store(example_store, tmp_path / "store")) as server:
        run = subprocess.run([sys.executable, str(ROOT / "bench" / "serve.py"), server.base, "--clients", "50",
                              "--requests", "8", "--json"], capture_output=True, text=True, timeout=600)
        figures = json.loads(run.stdout)
        print(f"\nload on kg serve: {figures}")
        assert figures["requests"] == 400 and figures["errors"] == 0, figures["first_errors"]
        assert run.returncode == 0
        still_answers(server)



def test_a_killed_server_leaves_no_engine_holding_the_store(example_store: Path, tmp_path: Path) -> None:
    store = copy_store(example_store, tmp_path / "store")
    with serving(store) as server:
        still_answers(server)
        server.process.kill()  # SIGKILL: the server cannot stop its engine; the engine sees it gone
        server.process.wait()
        for _ in range(50):
            try:
                Store.open(str(store)).close()
                break
            except KgError:
                time.sleep(0.1)
        else:
            pytest.fail("the store stayed locked after the server was killed")


def test_a_get_with_a_body_does_not_poison_the_connection(served: Served) -> None:
    """The unread body of a GET would be read as the next request on a kept-alive connection."""
    query = urlencode({"query": "ASK { ?s ?p ?o }"})
    answer = raw(served, f"GET /sparql?{query} HTTP/1.1\r\nHost: x\r\nContent-Length: 19\r\n\r\n".encode()
                 + b"GET /nowhere HTTP/1.1" + f"GET /sparql?{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 200 ") and b"Connection: close" in answer
    assert answer.count(b"HTTP/1.1 ") == 1


def test_head_gets_no_body_and_the_connection_stays_in_step(served: Served) -> None:
    query = urlencode({"query": "ASK { ?s ?p ?o }"})
    answer = raw(served, f"HEAD /sparql?{query} HTTP/1.1\r\nHost: x\r\n\r\nGET /sparql?{query} HTTP/1.1\r\n"
                         "Host: x\r\nConnection: close\r\n\r\n".encode())
    first, second = answer.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"405 ") and first.endswith(b"\r\n\r\n")  # headers only
    assert second.startswith(b"200 ") and second.endswith(b'"boolean":true}')


def test_a_client_that_trickles_its_request_is_hung_up_on(served: Served) -> None:
    host, port = served.base.removeprefix("http://").rsplit(":", 1)
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        try:
            for piece in (b"GET /sparql", b"?query=ASK", b"%7B%7D HTTP/1.1\r\n", b"Host: x\r\n"):
                connection.sendall(piece)
                time.sleep(0.9)  # each piece inside the 2 s client timeout, the whole request not
            connection.sendall(b"\r\n")
            left = connection.recv(1000)
        except (ConnectionError, OSError):
            left = b""
    assert left == b"" and time.monotonic() - started < 6
    still_answers(served)


def test_the_dataset_of_the_protocol_and_of_from(served: Served, reference: Store) -> None:
    graph = reference.graph_names()[0]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    [[expected]] = list(reference.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))
    numbers = []
    for query, extra in ((count, {"default-graph-uri": str(graph)}),
                         (f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}", {}),
                         (count, {"named-graph-uri": str(graph)})):
        status, _, body = ask(served, query, **extra)
        assert status == 200
        numbers.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
    assert numbers == [int(expected), int(expected), 0]  # named graphs only: an empty default graph


def test_connections_past_the_limit_are_told_503_and_closed(example_store: Path, tmp_path: Path) -> None:
    """Each connection holds a thread; past max_connections a new one is answered 503 at once."""
    from kg.engine import Engine
    from kg.serve import Server, Settings

    store = copy_store(example_store, tmp_path / "store")
    engine = Engine(str(store), timeout=10, concurrency=2)
    server = Server(Settings(port=0, max_connections=2, client_timeout=5), engine, {})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        held = [socket.create_connection((host, port), timeout=10) for _ in range(2)]
        time.sleep(0.3)  # both accepted and waiting for a request
        with socket.create_connection((host, port), timeout=10) as extra:
            answer = extra.recv(1000)
        assert answer.startswith(b"HTTP/1.1 503 ") and b"too many connections" in answer
        for connection in held:
            connection.close()
        time.sleep(0.3)
        with socket.create_connection((host, port), timeout=10) as again:
            again.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert again.recv(1000).startswith(b"HTTP/1.1 200 ")
    finally:
        server.shutdown()
        server.server_close()
        engine.close()
