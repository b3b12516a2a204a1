"""`kg serve`: the store as a SPARQL 1.1 Protocol endpoint, a query page, and the named queries.

    GET|POST /sparql          queries (and, with --allow-update and the token, updates)
    GET /queries/NAME?P=V     a bundled query with its parameters bound, answered as /sparql answers
    GET /queries.json         the bundled queries: titles, descriptions, parameters and text
    GET /                     the query page (page.js and page.css beside it)

Every answer comes from the engine process (kg.engine), which a query that runs too long costs its
life, never the server's. Whatever the request, the client gets a status and one plain-text line:
400 for bad SPARQL or parameters, 401/403 for updates without the token or on a read-only server,
404, 405, 406 when the Accept header allows no format of the answer, 411/413/414/431 for requests
without a length or too large, 415 for an unknown body type, 422 for an answer over the size
limit, 503 for a timeout or a full server; never a stack trace, which goes to the server's log.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.engine import GRAPH_FORMATS, RESULT_FORMATS, Answer, Ask, Change, Engine
from kg.errors import KgError
from kg.queries import NamedQuery, all_queries
from kg.sparql import calls_service, names_dataset, with_values

log = logging.getLogger("kg.serve")

#: Media types a client may ask for -> the format's name (kg.engine's tables).
_MEDIA = {media.split(";")[0]: name for name, (media, _) in {**RESULT_FORMATS, **GRAPH_FORMATS}.items()}
_MEDIA.update({"application/json": "json", "text/xml": "xml", "application/xml": "xml",
               "text/plain": "ntriples", "application/x-turtle": "turtle"})
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
_PAGE_FILES = {"/": ("index.html", "text/html; charset=utf-8"),
               "/page.js": ("page.js", "text/javascript; charset=utf-8"),
               "/page.css": ("page.css", "text/css; charset=utf-8")}
#: Security headers on every answer: no sniffing, no framing, scripts and styles from this server only.
_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
            "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
            "Cache-Control": "no-store"}
_MAX_FIELDS = 100
_PIECE = 1 << 16
_BUSY = b"the server has too many connections open; try again shortly\n"
_TOO_MANY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
             b"Content-Length: %d\r\n\r\n%s" % (len(_BUSY), _BUSY))
MIN_TOKEN = 16


@dataclass(frozen=True)
class Settings:
    """How `kg serve` runs: where it listens, what it allows, and its limits."""

    host: str = "127.0.0.1"
    port: int = 8990
    timeout: float = 30.0
    max_result_bytes: int = 64_000_000
    max_request_bytes: int = 10_000_000
    concurrency: int = 4
    max_connections: int = 256
    client_timeout: float = 20.0
    token: str | None = None
    allow_service: bool = False

    def check(self) -> None:
        """Refuse settings that would make an unsafe or useless server."""
        if self.token is not None and len(self.token) < MIN_TOKEN:
            raise KgError(f"the update token must be at least {MIN_TOKEN} characters long")
        if not 0 <= self.port <= 65535:
            raise KgError(f"--port must be from 0 to 65535, not {self.port}")


class _Failure(Exception):
    """A request the server refuses: the status and the line the client reads."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class Server(ThreadingHTTPServer):
    """A thread per connection, at most `max_connections` of them; one more is told 503 and closed."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, settings: Settings, engine: Engine, queries: dict[str, NamedQuery]) -> None:
        self.settings = settings
        self.engine = engine
        self.queries = queries
        self.catalogue = _catalogue(queries)  # the queries do not change while the server runs
        self._connections = threading.BoundedSemaphore(settings.max_connections)
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        self.address_family = family
        super().__init__((settings.host, settings.port), Handler)

    def process_request(self, request: socket.socket, client_address: tuple) -> None:  # type: ignore[override]
        if not self._connections.acquire(blocking=False):
            with suppress(OSError):  # a peer that vanished is no loss
                request.sendall(_TOO_MANY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: socket.socket, client_address: tuple) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def handle_error(self, request: socket.socket, client_address: tuple) -> None:  # type: ignore[override]
        """A client that went away is no error of the server's; anything else is logged in full."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        log.exception("a request from %s failed", client_address[0])

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}"


class Handler(BaseHTTPRequestHandler):
    """One HTTP connection: each request routed, checked, answered, and every failure turned into a
    status and a line."""

    server: Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes; Nagle would hold the body 40 ms

    def setup(self) -> None:
        # seconds a client may idle or take to send a request: a slow one cannot hold a thread for ever
        self.timeout = self.server.settings.client_timeout
        super().setup()

    def handle_one_request(self) -> None:
        """Each request must arrive whole within `timeout` seconds, and an idle kept-alive connection
        is closed after as long: a watchdog hangs up on a client that trickles its request in."""
        self._watchdog = threading.Timer(self.timeout, self._hang_up)
        self._watchdog.daemon = True
        self._watchdog.start()
        try:
            super().handle_one_request()
        finally:
            self._watchdog.cancel()

    def _hang_up(self) -> None:
        with suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def do_GET(self) -> None:
        self._watchdog.cancel()  # the request is in; answering may take longer than receiving may
        self._answer(self._get)

    def do_POST(self) -> None:
        self._answer(self._post)

    def _refuse_method(self) -> None:
        self._watchdog.cancel()
        self._answer(self._wrong_method)

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _refuse_method

    def version_string(self) -> str:
        """The Server header: the program's name, not Python's version."""
        return "kg-serve"

    def _wrong_method(self) -> Answer:
        raise _Failure(405, f"{self.command} is not served here; use GET or POST", {"Allow": "GET, POST"})

    def _answer(self, route: Callable[[], Answer]) -> None:
        started = time.monotonic()
        try:
            answer, headers = route(), {}
        except _Failure as failure:
            answer, headers = Answer.problem(failure.status, str(failure)), failure.headers
        except Exception:  # noqa: BLE001 - the client gets a line, the log gets the traceback
            log.exception("serving %s %s failed", self.command, self.path[:200])
            answer, headers = Answer.problem(500, "internal error; the server's log has the details"), {}
        if answer.status >= 500:
            log.warning("%s %s -> %d (%.0f ms): %s", self.command, urlsplit(self.path).path[:100],
                        answer.status, 1000 * (time.monotonic() - started), answer.body[:200].decode(errors="replace").strip())
        self._send(answer, headers)

    def _send(self, answer: Answer, headers: dict[str, str]) -> None:
        self.send_response(answer.status)
        for name, value in {**_HEADERS, **headers}.items():
            self.send_header(name, value)
        if answer.status != 204:  # a 204 has no content, and says nothing of its length
            self.send_header("Content-Type", answer.media_type)
            self.send_header("Content-Length", str(len(answer.body)))
        if self._body_left_unread(answer.status):  # the next request would start inside it
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD" or answer.status == 204:
            return
        # in pieces: the socket's timeout bounds each write, so a large answer to a slow reader is not cut off
        for start in range(0, len(answer.body), _PIECE):
            self.wfile.write(answer.body[start:start + _PIECE])

    def _body_left_unread(self, status: int) -> bool:
        """Whether the request's body may still sit on the connection: a POST refused (perhaps before
        it was read), or a body sent with another method, which is never read."""
        if self.command == "POST":
            return status >= 400
        headers = getattr(self, "headers", None)  # absent when the request line itself was refused
        return headers is not None and ("Transfer-Encoding" in headers or headers.get("Content-Length", "0").strip() != "0")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (a request line too long, bad headers) as plain lines."""
        self.close_connection = True
        self.request_version = "HTTP/1.1"  # a request too garbled to read its version still gets a status line
        reason = message or HTTPStatus(code).phrase
        self._send(Answer.problem(code, f"bad request: {reason}"), {})

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
        """Requests are not logged one by one; failures are, by _answer."""

    # --- routes

    def _get(self) -> Answer:
        url = urlsplit(self.path)
        params = _params(url.query)
        if url.path in _PAGE_FILES:
            return _page_file(url.path)
        if url.path == "/queries.json":
            return Answer(200, "application/json", self.server.catalogue)
        if url.path.startswith("/queries/"):
            return self._named(url.path.removeprefix("/queries/"), params)
        if url.path != "/sparql":
            raise _Failure(404, f"nothing at {url.path[:100]}; the endpoint is /sparql and the query page is /")
        if "update" in params:
            raise _Failure(405, "an update is sent with POST", {"Allow": "POST"})
        return self._query(_one(params, "query"), params)

    def _post(self) -> Answer:
        url = urlsplit(self.path)
        body = self._body()  # read first, so a refused request leaves nothing unread on the connection
        if url.path != "/sparql":
            raise _Failure(404, f"POST is taken at /sparql only, not at {url.path[:100]}")
        media = self.headers.get_content_type()
        params = _params(url.query)
        if media == _FORM:
            params.update(_params(_text(body)))
            if "update" in params and "query" in params:
                raise _Failure(400, "a request holds a query or an update, not both")
            if "update" in params:
                return self._update(_one(params, "update"), params)
            return self._query(_one(params, "query"), params)
        if media == _QUERY_BODY:
            return self._query(_text(body), params)
        if media == _UPDATE_BODY:
            return self._update(_text(body), params)
        raise _Failure(415, f"a POST body is {_FORM}, {_QUERY_BODY} or {_UPDATE_BODY}, not {media}")

    def _body(self) -> bytes:
        sizes = self.headers.get_all("Content-Length") or []
        if "Transfer-Encoding" in self.headers or not sizes:
            raise _Failure(411, "a POST needs a Content-Length header")
        # read strictly, so no proxy in front can read the length another way (int() takes "1_0" and "+1")
        if len(sizes) != 1 or not (sizes[0].isascii() and sizes[0].isdigit()):
            raise _Failure(400, "give one Content-Length, in digits")
        length = int(sizes[0])
        if length > self.server.settings.max_request_bytes:
            raise _Failure(413, f"the request body is {length:,} bytes; this server takes at most "
                                f"{self.server.settings.max_request_bytes:,}")
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            raise _Failure(408, f"the request body did not arrive within {self.timeout} s") from None
        if len(body) < length:
            raise _Failure(400, "the request body is shorter than its Content-Length")
        self._watchdog.cancel()
        return body

    def _query(self, text: str, params: dict[str, list[str]]) -> Answer:
        if calls_service(text) and not self.server.settings.allow_service:
            raise _Failure(403, "this endpoint does not call other SPARQL services (SERVICE); start kg serve with "
                                "--allow-service to let it")
        results, graph = self._formats(params)
        return self.server.engine.ask(Ask(text, results, graph, self.server.settings.max_result_bytes,
                                          _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"),
                                          names_dataset(text)))

    def _update(self, text: str, params: dict[str, list[str]]) -> Answer:
        token = self.server.settings.token
        if token is None:
            raise _Failure(403, "this endpoint is read-only; start kg serve with --allow-update to take updates")
        given = self.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), f"Bearer {token}".encode()):
            raise _Failure(401, "an update needs the server's token as 'Authorization: Bearer TOKEN'",
                           {"WWW-Authenticate": 'Bearer realm="kg"'})
        if params.keys() & {"using-graph-uri", "using-named-graph-uri"}:
            raise _Failure(400, "using-graph-uri and using-named-graph-uri are not supported; write USING in the update")
        return self.server.engine.ask(Change(text))

    def _named(self, name: str, params: dict[str, list[str]]) -> Answer:
        named = self.server.queries.get(name)
        if named is None:
            raise _Failure(404, f"no bundled query named {name[:100]!r}; /queries.json lists them")
        given = {key: _one(params, key) for key in params if key != "format"}
        try:
            text = with_values(named.text, named.bindings(given)) if named.params else named.text
        except KgError as error:
            raise _Failure(400, str(error)) from None
        return self._query(text, {"format": params["format"]} if "format" in params else {})

    def _formats(self, params: dict[str, list[str]]) -> tuple[str | None, str | None]:
        """The answer's format for a SELECT/ASK and for a CONSTRUCT/DESCRIBE: `format=` if given
        (SPARQLWrapper sends it), else the Accept header, else JSON and Turtle."""
        if "format" in params:
            name = _one(params, "format")
            name = _MEDIA.get(name, name)
            if name not in RESULT_FORMATS and name not in GRAPH_FORMATS:
                known = ", ".join([*RESULT_FORMATS, *GRAPH_FORMATS])
                raise _Failure(400, f"unknown format {name[:40]!r}; formats: {known}")
            return (name if name in RESULT_FORMATS else None), (name if name in GRAPH_FORMATS else None)
        return negotiate(self.headers.get("Accept", "*/*"))


def negotiate(accept: str) -> tuple[str | None, str | None]:
    """The best result format and graph format the Accept header allows (q-values honoured)."""
    ranked: list[tuple[float, int, str]] = []
    for order, item in enumerate(accept.split(",")):
        media, *options = [part.strip() for part in item.split(";")]
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, order, media.lower()))
    ranked.sort()
    return _pick(ranked, RESULT_FORMATS), _pick(ranked, GRAPH_FORMATS)


def _pick(ranked: list[tuple[float, int, str]], table: dict[str, tuple[str, object]]) -> str | None:
    """The first acceptable format of the table: */* takes its first, text/* its first text/ type."""
    for _, _, media in ranked:
        if media == "*/*":
            return next(iter(table))
        if media.endswith("/*"):
            kind = media[:-1]
            found = [name for name, (full, _) in table.items() if full.startswith(kind)]
            if found:
                return found[0]
        elif _MEDIA.get(media) in table:
            return _MEDIA[media]
    return None


def _params(query: str) -> dict[str, list[str]]:
    try:
        return parse_qs(query, keep_blank_values=True, errors="strict", max_num_fields=_MAX_FIELDS)
    except UnicodeDecodeError:
        raise _Failure(400, "the parameters are not UTF-8") from None
    except ValueError:
        raise _Failure(400, f"more than {_MAX_FIELDS} parameters") from None


def _one(params: dict[str, list[str]], key: str) -> str:
    values = params.get(key, [])
    if len(values) != 1:
        raise _Failure(400, f"give exactly one {key!r} parameter" if values else f"no {key!r} parameter")
    return values[0]


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _Failure(400, "the request body is not UTF-8") from None


def _graphs(params: dict[str, list[str]], key: str) -> tuple[str, ...]:
    for iri in params.get(key, []):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise _Failure(400, f"{key} {iri[:100]!r} is not an IRI") from None
    return tuple(params.get(key, []))


def _page_file(path: str) -> Answer:
    name, media = _PAGE_FILES[path]
    return Answer(200, media, resources.files("kg").joinpath("web", name).read_bytes())


def _catalogue(queries: dict[str, NamedQuery]) -> bytes:
    """The bundled queries as the page lists them."""
    return json.dumps([{"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                        "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc}
                                   for p in q.params]}
                       for q in queries.values()], ensure_ascii=False).encode("utf-8")


def serve(location: str, settings: Settings, started: Callable[[str], None]) -> None:
    """Run until interrupted: the engine on the store, the HTTP server in front of it."""
    settings.check()
    queries = {q.name: q for q in all_queries()}
    engine = Engine(location, settings.timeout, settings.concurrency)
    try:
        try:
            server = Server(settings, engine, queries)
        except OSError as error:
            raise KgError(f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}") from None
        with server:
            started(server.url)
            server.serve_forever()
    finally:
        engine.close()


def is_loopback(host: str) -> bool:
    """Whether a listening address reaches this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
