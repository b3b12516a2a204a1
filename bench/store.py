"""The store at scale: bulk load, every bundled query and Turtle export on generated event graphs.

The generator makes graphs shaped like real ones: the example articles are read by the project's
own pipeline, and their named graphs are copied with fresh article and event IRIs (and actors
rotated through the knowledge base's states) until the wanted number of triples is reached, so the
data has the ontology's real shape and a realistic spread of actors. Each size is loaded into the
on-disk Oxigraph store (`kg`'s embedded store) and, for sizes up to `--rdflib-max` triples, into rdflib's
in-memory store, and both run every query in queries/ with sample parameters.

    .venv/bin/python bench/store.py [--triples 200000 1000000 10000000] [--rdflib-max 1000000] [--record FILE]
"""

from __future__ import annotations

import argparse
import io
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from figures import goal, record  # bench/figures.py, beside this script
from rdflib import Dataset

from kg.actors import load_kb
from kg.articles import Article, read_articles
from kg.pipeline import EventReader, Reading
from kg.queries import all_queries
from kg.rdf import ACTORS_GRAPH, actors_graph, article_graph, article_graph_iri
from kg.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
#: Sample values for the queries' parameters.
PARAMS = {"a": "Q148", "b": "Q159", "target": "Q159", "actor": "Q30", "org": "Q458", "min_events": "1",
          "min_articles": "1"}
#: The minted nodes that belong to one article's reading, renamed in each copy.
_MINTED = re.compile(r"(https://w3id\.org/dipkg/id/(?!actor/|group/)[a-z-]+/)([^>#]+)")
_STATE = re.compile(r"(https://w3id\.org/dipkg/id/actor/)(Q\d+)")


def templates() -> list[str]:
    """The example articles' named graphs as N-Quads, one string per article."""
    articles = [a for a in read_articles([EXAMPLES]) if isinstance(a, Article)]
    out = []
    for reading in EventReader().read(articles):
        if isinstance(reading, Reading):
            dataset = Dataset()
            name = article_graph_iri(reading.article.id)
            graph = dataset.graph(name)
            graph += article_graph(reading.article, reading.events)
            out.append(dataset.serialize(format="nquads"))
    return out


def generate(target: int, path: Path) -> int:
    """Write about `target` triples of copied article graphs to an N-Quads file; the count written."""
    parts = templates()
    states = sorted(iri.rsplit("/", 1)[-1] for iri, actor in load_kb().actors.items() if actor.type == "state")
    written, copy = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            for part in parts:
                out.write(_copied(part, copy, states))
                written += part.count("\n")
                copy += 1
    return written


def _copied(nquads: str, copy: int, states: list[str]) -> str:
    """A copy of an article graph with its own IRIs, and its states shifted along the list."""
    renamed = _MINTED.sub(lambda m: f"{m.group(1)}{m.group(2)}-{copy}", nquads)
    shift = copy % len(states)
    index = {qid: i for i, qid in enumerate(states)}
    return _STATE.sub(lambda m: m.group(1) + (states[(index[m.group(2)] + shift) % len(states)]
                                              if m.group(2) in index else m.group(2)), renamed)


def oxigraph_run(data: Path, triples: int, scratch: Path) -> dict[str, float]:
    directory = scratch / f"ox-{triples}"
    store = ox.Store(str(directory))
    store.bulk_load(io.BytesIO(actors_graph().serialize(format="nt", encoding="utf-8")),
                    format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(ACTORS_GRAPH)))
    started = time.perf_counter()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store.flush()
    times = {"load": time.perf_counter() - started}
    del store
    kg_store = Store.open(str(directory))
    times.update(_queries(kg_store))
    started = time.perf_counter()
    with (scratch / "export.ttl").open("wb") as out:
        kg_store.export("turtle", out)
    times["export"] = time.perf_counter() - started
    kg_store.close()
    return times


def rdflib_run(data: Path) -> dict[str, float]:
    dataset = Dataset(default_union=True)
    actors = dataset.graph(ACTORS_GRAPH)
    actors += actors_graph()
    started = time.perf_counter()
    dataset.parse(str(data), format="nquads")
    times = {"load": time.perf_counter() - started}
    store = Store("memory", "memory", dataset)
    times.update(_queries(store))
    started = time.perf_counter()
    store.union().serialize(io.BytesIO(), format="turtle")
    times["export"] = time.perf_counter() - started
    return times


def _queries(store: Store) -> Iterator[tuple[str, float]]:
    for named in all_queries():
        if "SERVICE" in named.text:
            continue  # the Wikidata query asks a remote endpoint
        given = {p.name: PARAMS[p.name] for p in named.params if p.name in PARAMS}
        if any(p.name not in given and p.default is None for p in named.params):
            continue
        started = time.perf_counter()
        rows = sum(1 for _ in store.query(named.text, named.bindings(given)))
        yield f"query {named.name} ({rows} rows)", time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[200_000, 1_000_000, 10_000_000])
    parser.add_argument("--rdflib-max", type=int, default=1_000_000,
                        help="largest size also run in rdflib's memory store (3.5 GB at 1M: 10M would not fit)")
    parser.add_argument("--record", type=Path, help="add the headline figures to this JSON file (bench/figures.py)")
    args = parser.parse_args()
    for target in args.triples:
        with tempfile.TemporaryDirectory() as scratch:
            data = Path(scratch) / "events.nq"
            triples = generate(target, data)
            rows = {"oxigraph (kg)": oxigraph_run(data, triples, Path(scratch))}
            if target <= args.rdflib_max:  # the generator overshoots the target a little
                rows["rdflib memory"] = rdflib_run(data)
        print(f"\n{triples:,} generated triples (+ the 30,000-triple knowledge base)")
        for store_name, times in rows.items():
            print(f"  {store_name}: load {times['load']:.1f} s ({triples / times['load']:,.0f} triples/s), "
                  f"Turtle export {times['export']:.1f} s ({triples / times['export']:,.0f} triples/s)")
            for name, seconds in times.items():
                if name.startswith("query"):
                    print(f"    {name:58} {seconds * 1000:9,.0f} ms")
        _record(args.record, target, triples, rows["oxigraph (kg)"])


def _record(figures: Path | None, target: int, triples: int, times: dict[str, float]) -> None:
    """The embedded store's load and export rates and its slowest query, for bench/figures.py."""
    record(figures, f"load {target}", triples / times["load"])
    record(figures, f"export {target}", triples / times["export"])
    queries = {name.removeprefix("query "): seconds for name, seconds in times.items() if name.startswith("query")}
    slowest = max(queries, key=queries.__getitem__)
    limit = goal(f"query {target}")
    within = "" if limit is None else f"; {sum(s <= limit for s in queries.values())} of {len(queries)} within it"
    record(figures, f"query {target}", queries[slowest], f"{slowest}{within}")


if __name__ == "__main__":
    main()
