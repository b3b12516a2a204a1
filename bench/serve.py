"""Load on `kg serve`: many clients at once, each asking the bundled queries over and over.

    python bench/serve.py                      # builds a store of the example articles and serves it
    python bench/serve.py http://127.0.0.1:8990 --clients 50 --requests 40 [--json]

Each client keeps one HTTP/1.1 connection and asks, in turn, every bundled query that needs no
other service (parameters at their defaults or the examples their descriptions give) and one plain
POSTed query. Any answer but 200, and any connection error, counts as an error. Prints requests,
errors, requests per second and latency percentiles.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLAIN = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
AN_EVENT = "SELECT ?e WHERE { ?e <https://w3id.org/dipkg/ontology#evidence> ?x } ORDER BY ?e LIMIT 1"


def requests_to_send(base: str) -> list[tuple[str, str, bytes | None]]:
    """(method, path, body) for each bundled query and the plain one."""
    with urllib.request.urlopen(f"{base}/queries.json", timeout=30) as answer:
        catalogue = json.load(answer)
    asks: list[tuple[str, str, bytes | None]] = []
    event = _first_event(base)
    for query in catalogue:
        if "SERVICE" in query["text"]:
            continue
        values = {p["name"]: p["default"] or (event if p["type"] == "event" else _example(p)) for p in query["params"]}
        asks.append(("GET", f"/queries/{query['name']}?{urlencode(values)}", None))
    asks.append(("POST", "/sparql", urlencode({"query": PLAIN}).encode()))
    return asks


def _first_event(base: str) -> str:
    with urllib.request.urlopen(f"{base}/sparql?" + urlencode({"query": AN_EVENT, "format": "json"}), timeout=30) as answer:
        rows = json.load(answer)["results"]["bindings"]
    if not rows:
        raise SystemExit("the store holds no event to ask about")
    return rows[0]["e"]["value"]


def _example(param: dict) -> str:
    found = re.search(r"\bQ\d+\b", param["doc"]) if param["type"] == "actor" else None
    if found is None:
        raise SystemExit(f"no value to give parameter {param['name']}")
    return found[0]


def client(base: str, asks: list, count: int, timings: list[float], errors: list[str]) -> None:
    """One client: `count` requests on one kept-alive connection, reconnecting after a failure."""
    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=120)
    for number in range(count):
        method, path, body = asks[number % len(asks)]
        headers = {"Accept": "application/sparql-results+json"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                errors.append(f"{answer.status} on {path[:80]}")
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{type(error).__name__} on {path[:80]}: {error}")
            connection.close()
            connection = http.client.HTTPConnection(where.hostname, where.port, timeout=120)
        timings.append(time.perf_counter() - started)
    connection.close()


def load(base: str, clients: int, requests: int) -> dict:
    """Run the clients at once; the figures as a dict."""
    asks = requests_to_send(base)
    timings: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=client, args=(base, asks, requests, timings, errors)) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    ordered = sorted(timings)
    return {
        "clients": clients,
        "requests": len(timings),
        "errors": len(errors),
        "first_errors": errors[:5],
        "seconds": round(seconds, 2),
        "per_second": round(len(timings) / seconds, 1),
        "median_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(1000 * ordered[-1], 1),
    }


def _own_server(clients: int, requests: int) -> dict:
    """Build a store of the example articles, serve it, and load it."""
    from tests.serving import build_example_store, serving

    with tempfile.TemporaryDirectory() as folder:
        store = build_example_store(Path(folder) / "store")
        with serving(store) as served:
            return load(served.base, clients, requests)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", help="the server's base URL (default: start one on the examples)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="requests per client")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    figures = load(args.base, args.clients, args.requests) if args.base else _own_server(args.clients, args.requests)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"kg serve under load: {figures['clients']} clients, {figures['requests']} requests in "
              f"{figures['seconds']} s = {figures['per_second']}/s; errors {figures['errors']}; latency median "
              f"{figures['median_ms']} ms, 95th percentile {figures['p95_ms']} ms, max {figures['max_ms']} ms")
        for error in figures["first_errors"]:
            print(f"  error: {error}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
