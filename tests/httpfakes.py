"""Small HTTP servers on 127.0.0.1 that misbehave on purpose, or pass requests on to a real server.

The Wikidata and remote-store tests use them to play a busy, failing, slow or vanishing service in
front of a real Oxigraph server; nothing is mocked and nothing leaves the machine.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Endpoint:
    """A local HTTP server: its URL (path /query), the headers of the requests it received, and
    their request lines ("PUT /store?graph=...")."""

    url: str
    requests: list[dict[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.url.removesuffix("/query")


class Handler(BaseHTTPRequestHandler):
    """Reads the request, counts it, and leaves the answer to the server's behaviour."""

    body = b""

    def do_POST(self) -> None:  # noqa: N802 (the names http.server dispatches to)
        self.body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        endpoint: Endpoint = self.server.endpoint  # type: ignore[attr-defined]
        endpoint.requests.append(dict(self.headers))
        endpoint.lines.append(f"{self.command} {self.path}")
        self.server.behaviour(self, len(endpoint.requests))  # type: ignore[attr-defined]

    do_GET = do_PUT = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        """Quiet: the tests read the requests, not a log."""


#: How a local server answers: the request, and how many requests it has received including this one.
Behaviour = Callable[[Handler, int], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (the timeout tests) is expected, not worth a traceback."""


@contextmanager
def local_server(behaviour: Behaviour) -> Iterator[Endpoint]:
    """An HTTP server on 127.0.0.1 answering every request with the behaviour, in a thread of its own."""
    server = _Server(("127.0.0.1", 0), Handler)
    server.endpoint = Endpoint(f"http://127.0.0.1:{server.server_address[1]}/query")  # type: ignore[attr-defined]
    server.behaviour = behaviour  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.endpoint  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def answer(handler: Handler, status: int, body: bytes = b"", **headers: str) -> None:
    handler.send_response(status)
    for name, value in {"Content-Type": "application/sparql-results+json", **headers}.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def forward_to(target: str) -> Behaviour:
    """Pass the request on to the same path of the real server at `target`, and its answer back,
    as a proxy would."""
    parts = urlsplit(target)

    def forward(handler: Handler, count: int) -> None:
        request = urllib.request.Request(f"{parts.scheme}://{parts.netloc}{handler.path}", method=handler.command,
                                         data=handler.body if handler.command != "GET" else None,
                                         headers={name: handler.headers[name] for name in ("Content-Type", "Accept")
                                                  if handler.headers[name]})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                answer(handler, response.status, response.read(), Content_Type=response.headers["Content-Type"] or "")
        except urllib.error.HTTPError as error:
            answer(handler, error.code, error.read(), Content_Type="text/plain")
    return forward


def slow(handler: Handler, count: int) -> None:
    time.sleep(2)  # the client gives up after one second
    answer(handler, 200, b'{"head": {"vars": []}, "results": {"bindings": []}}')


def garbage(handler: Handler, count: int) -> None:
    answer(handler, 200, b"<html>Service temporarily unavailable</html>{")


def failing(handler: Handler, count: int) -> None:
    answer(handler, 500, b"internal error", Content_Type="text/plain")


def hang_up(handler: Handler, count: int) -> None:
    """Close the connection without a word, as a server that goes away does."""
    handler.close_connection = True
    handler.connection.close()


def busy_once_then(then: Behaviour) -> Behaviour:
    """HTTP 429 with Retry-After: 1 for the first request, then the other behaviour."""
    def behaviour(handler: Handler, count: int) -> None:
        if count == 1:
            answer(handler, 429, b"slow down", Content_Type="text/plain", Retry_After="1")
        else:
            then(handler, count)
    return behaviour
