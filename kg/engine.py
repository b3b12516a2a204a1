"""The process that holds the store for `kg serve` and runs its queries and updates.

Oxigraph cannot stop a query halfway and Python cannot kill a thread, so a query that outlives its
time is stopped by killing the process that runs it; the server then starts a fresh one. Killing is
safe: Oxigraph commits an update in one transaction or not at all. Inside the process each request
runs in a thread of its own (Oxigraph lets go of the GIL while it evaluates), so a slow query does
not hold up the others. This module imports nothing heavier than pyoxigraph, so the process starts
in a fraction of a second.
"""

from __future__ import annotations

import multiprocessing
import signal
import os
import secrets
import shutil
import tempfile
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Client, Connection, Listener

import pyoxigraph as ox

from kg.errors import KgError

#: SELECT and ASK answers: name -> (media type, Oxigraph format).
RESULT_FORMATS = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
}
#: CONSTRUCT and DESCRIBE answers: name -> (media type, Oxigraph format).
GRAPH_FORMATS = {
    "turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
}
TEXT = "text/plain; charset=utf-8"
#: How often the engine checks that the server that started it is still there.
_ORPHAN_CHECK_SECONDS = 1.0
#: How long a new engine may take to open the store.
_START_SECONDS = 60.0


@dataclass(frozen=True)
class Ask:
    """A query, with the answer formats the client accepts (None: no acceptable one of that kind)."""

    text: str
    results_format: str | None
    graph_format: str | None
    max_bytes: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    own_dataset: bool = False  # the query names its graphs with FROM or FROM NAMED


@dataclass(frozen=True)
class Change:
    """A SPARQL update."""

    text: str


@dataclass(frozen=True)
class Answer:
    """What the server sends back: an HTTP status, a media type and the body."""

    status: int
    media_type: str
    body: bytes

    @classmethod
    def problem(cls, status: int, message: str) -> Answer:
        """An error answer: one plain-text line for the client."""
        return cls(status, TEXT, (message + "\n").encode("utf-8"))


class _TooLarge(Exception):
    """The answer grew past the server's limit."""


class _Bounded:
    """A file-like sink that refuses to grow past a size, so a huge answer stops early."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Oxigraph flushes its output at the end; everything is in memory already."""


def run(location: str, address: str, authkey: bytes, ready: Connection) -> None:
    """The engine process: open the store (holding its lock), say so, then answer each connection."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C at the terminal is the server's to handle
    try:
        store = ox.Store(location)
    except OSError as error:
        ready.send(str(error))
        return
    listener = Listener(address, family="AF_UNIX", authkey=authkey)
    writing = threading.Lock()
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    ready.send(None)
    while True:
        try:
            connection = listener.accept()
        except OSError:  # a client that failed the handshake or hung up during it
            continue
        threading.Thread(target=_serve, args=(store, writing, connection), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    """Stop when the server is gone (killed, say), so no orphan keeps the store locked."""
    while os.getppid() == parent:
        time.sleep(_ORPHAN_CHECK_SECONDS)
    os._exit(0)


def _serve(store: ox.Store, writing: threading.Lock, connection: Connection) -> None:
    with connection:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _change(store, writing, request) if isinstance(request, Change) else _ask(store, request)
        except Exception as error:  # noqa: BLE001 - the server turns any failure into a 500, not a dead engine
            answer = Answer.problem(500, f"the store failed on this request: {_first_line(error)}")
        try:
            connection.send(answer)
        except OSError:  # the server gave up on this request (its time ran out)
            pass


def _ask(store: ox.Store, ask: Ask) -> Answer:
    try:
        result = store.query(ask.text, **_dataset(ask))
    except SyntaxError as error:
        return Answer.problem(400, f"SPARQL syntax error: {error}")
    graph = isinstance(result, ox.QueryTriples)
    name = ask.graph_format if graph else ask.results_format
    table = GRAPH_FORMATS if graph else RESULT_FORMATS
    if name is None:
        offered = ", ".join(media for media, _ in table.values())
        return Answer.problem(406, f"this query's answer can be sent as {offered}; the request's Accept header "
                                   "allows none of them")
    media_type, fmt = table[name]
    sink = _Bounded(ask.max_bytes)
    try:
        result.serialize(sink, fmt)
    except _TooLarge:
        return Answer.problem(422, f"the answer is larger than this server's limit of {ask.max_bytes:,} bytes; "
                                   "add a LIMIT or narrow the query")
    return Answer(200, media_type, b"".join(sink.parts))


def _dataset(ask: Ask) -> dict:
    """The graphs a query runs on: the protocol's default-graph-uri and named-graph-uri when given (a
    list left out is empty, as the protocol says), else the query's own FROM, else the union of all."""
    if ask.default_graphs or ask.named_graphs:
        return {"default_graph": [ox.NamedNode(iri) for iri in ask.default_graphs],
                "named_graphs": [ox.NamedNode(iri) for iri in ask.named_graphs]}
    return {"use_default_graph_as_union": not ask.own_dataset}


def _change(store: ox.Store, writing: threading.Lock, change: Change) -> Answer:
    with writing:  # one update at a time, so two never race on the same graph
        try:
            store.update(change.text)
        except SyntaxError as error:
            return Answer.problem(400, f"SPARQL syntax error: {error}")
    return Answer(204, TEXT, b"")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


#: What a client should do about a request the engine did not finish, by kind of request.
_UNSURE = {Ask: "; narrow the query or add a LIMIT",
           Change: "; an update is applied in full or not at all, and this one may have been: check before "
                   "sending it again"}


class Engine:
    """The server's handle on the engine process: it starts the process, sends it each request with a
    deadline, and replaces it when a request outlives its time or the process dies.

    At most `concurrency` requests run at once; the others wait for a turn as long as a request may
    run. A query cut short by another's timeout is sent once more to the new process (queries change
    nothing); an update is not, since it may have committed just before the kill.
    """

    def __init__(self, location: str, timeout: float, concurrency: int) -> None:
        self.location = location
        self.timeout = timeout
        self._turns = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._folder = tempfile.mkdtemp(prefix="kg-serve-")  # private (0700): only this user reaches the socket
        self._authkey = secrets.token_bytes(32)
        self._generation = 0
        self._process: multiprocessing.process.BaseProcess | None = None
        self._address = ""
        with self._lock:
            self._start()

    def _start(self) -> None:
        """Start a process on the store (the caller holds the lock); a store it cannot open is a KgError."""
        self._generation += 1
        address = os.path.join(self._folder, f"engine-{self._generation}")
        context = multiprocessing.get_context("spawn")  # no fork: the server runs threads
        ready, child_end = context.Pipe(duplex=False)
        process = context.Process(target=run, args=(self.location, address, self._authkey, child_end),
                                  name="kg-serve-engine", daemon=True)
        process.start()
        child_end.close()
        try:
            problem = ready.recv() if ready.poll(_START_SECONDS) else "it did not start in time"
        except (EOFError, OSError):
            problem = f"it stopped at once (exit code {process.exitcode})"
        if problem is not None:
            _stop(process)
            busy = "lock" in problem.lower()
            raise KgError(f"store {self.location} is in use by another kg process" if busy
                          else f"cannot open store {self.location}: {problem}")
        self._process, self._address = process, address

    def ask(self, request: Ask | Change) -> Answer:
        """The answer to a request, or a 503 answer saying why there is none."""
        if not self._turns.acquire(timeout=self.timeout):
            return Answer.problem(503, f"the server is busy: every query slot stayed taken for {self.timeout:g} s; "
                                       "try again later")
        try:
            return self._send(request, again=isinstance(request, Ask))
        finally:
            self._turns.release()

    def _send(self, request: Ask | Change, again: bool) -> Answer:
        try:
            generation, address = self._current()
        except KgError as error:
            return Answer.problem(503, f"the query engine cannot start: {error}")
        try:
            with Client(address, family="AF_UNIX", authkey=self._authkey) as connection:
                connection.send(request)
                if connection.poll(self.timeout):
                    return connection.recv()
        except (EOFError, OSError):  # the process died under this request (killed for another's timeout?)
            self._replace(generation)
            if again:
                return self._send(request, again=False)
            return Answer.problem(503, "the query engine stopped while this request ran" + _UNSURE[type(request)])
        self._replace(generation)
        return Answer.problem(503, f"the request ran longer than this server's limit of {self.timeout:g} s and "
                                   "was stopped" + _UNSURE[type(request)])

    def _current(self) -> tuple[int, str]:
        """The live process's generation and address, starting one if the last could not start."""
        with self._lock:
            if self._process is None:
                self._start()
            return self._generation, self._address

    def _replace(self, generation: int) -> None:
        """Kill the process of that generation and start another, unless another request already did."""
        with self._lock:
            if generation != self._generation or self._process is None:
                return
            _stop(self._process)
            self._process = None
            with suppress(OSError):
                os.unlink(self._address)
            with suppress(KgError):  # the next request tries again and reports why
                self._start()

    def close(self) -> None:
        """Stop the process and remove its socket folder."""
        with self._lock:
            if self._process is not None:
                _stop(self._process, gently=True)
                self._process = None
            shutil.rmtree(self._folder, ignore_errors=True)


def _stop(process: multiprocessing.process.BaseProcess, gently: bool = False) -> None:
    """End the process: SIGTERM first when there is no hurry, SIGKILL otherwise or if it lingers."""
    if gently:
        process.terminate()
        process.join(5)
    if process.is_alive():
        process.kill()
    process.join()
