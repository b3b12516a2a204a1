"""The remote store's write rate: article graphs written to an Oxigraph server as `kg ingest` writes
them, against the embedded store, in the same run.

The graphs are bench/store.py's generated copies of the example articles' graphs (realistic shape
and size). Each is written through kg's own Store, in batches of 256 as kg ingest does: (1) to the
embedded on-disk store (one transaction a batch); (2) to `oxigraph serve` on 127.0.0.1 through the
Graph Store Protocol (one PUT an article); (3) to a fresh server through SPARQL Update (one request
a batch). The client's own share (serialising graphs to N-Triples) is timed apart, so the figures
show where the time goes.

    .venv/bin/python bench/remote.py [--triples 200000] [--record FILE]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from figures import record  # bench/figures.py, beside this script
from rdflib import Graph, URIRef
from store import generate  # bench/store.py, beside this script

from kg.store import Store
from kg.writer import BATCH


def article_graphs(data: Path) -> list[tuple[URIRef, Graph]]:
    """The generated N-Quads as one rdflib graph per article, the form kg ingest writes."""
    triples: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS):
        triples[quad.graph_name.value].append(quad.triple)
    graphs = []
    for name, members in triples.items():
        graph = Graph()
        graph.parse(data=ox.serialize(members, format=ox.RdfFormat.N_TRIPLES), format="nt")
        graphs.append((URIRef(name), graph))
    return graphs


@contextmanager
def oxigraph_server(scratch: Path) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port with an on-disk store; yields its base URL."""
    binary = Path(sys.executable).parent / "oxigraph"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(binary), "serve", "--location", str(scratch), "--bind", f"127.0.0.1:{port}",
                               "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def write_all(store: Store, graphs: list[tuple[URIRef, Graph]]) -> float:
    """Seconds to write every graph in batches, as kg ingest's writer does."""
    started = time.perf_counter()
    for start in range(0, len(graphs), BATCH):
        store.replace_graphs(graphs[start:start + BATCH])
    store.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=200_000)
    parser.add_argument("--record", type=Path, help="add the headline figures to this JSON file (bench/figures.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "events.nq"
        triples = generate(args.triples, data)
        graphs = article_graphs(data)
        started = time.perf_counter()
        for _, graph in graphs:
            graph.serialize(format="nt", encoding="utf-8")
        client = time.perf_counter() - started
        times = {"embedded Oxigraph store": write_all(Store.open(f"{scratch}/embedded", create=True), graphs)}
        with oxigraph_server(Path(scratch) / "gsp") as base:
            times["server, Graph Store PUT"] = write_all(
                Store.open(f"{base}/query", graph_store=f"{base}/store"), graphs)
        with oxigraph_server(Path(scratch) / "update") as base:
            times["server, SPARQL Update"] = write_all(
                Store.open(f"{base}/query", update_endpoint=f"{base}/update"), graphs)
    print(f"\n{triples:,} triples in {len(graphs):,} article graphs, written in batches of {BATCH}")
    print(f"  serialising them to N-Triples (client side, part of every figure): {client:.1f} s")
    for name, seconds in times.items():
        print(f"  {name:26} {seconds:6.1f} s  {triples / seconds:9,.0f} triples/s  "
              f"({times['embedded Oxigraph store'] / seconds:.2f}x the embedded store)")
    best = min(("server, Graph Store PUT", "server, SPARQL Update"), key=times.__getitem__)
    record(args.record, "remote", triples / times[best], best.removeprefix("server, "))


if __name__ == "__main__":
    main()
