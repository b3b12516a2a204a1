"""The `kg` command: ingest articles, query, export, extract, validate and count the graph.

Every failure a user can cause (a missing file, an unreadable article, a bad query or parameter)
ends as one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rdflib.term import Node
from tqdm import tqdm

from kg.articles import Article, ArticleProblem, read_articles
from kg.errors import KgError
from kg.events import Actor, Event
from kg.nlp import BLANK, MODEL
from kg.queries import NamedQuery, all_queries, find_query
from kg.rdf import ACTORS_GRAPH, actors_graph, article_graph, article_graph_iri, with_actors
from kg.store import FORMATS, Store
from kg.validate import check

if TYPE_CHECKING:
    from kg.pipeline import Reading

DEFAULT_STORE = "kg-data"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = _parser().parse_args(argv)
    _configure_logging()
    try:
        return args.run(args)
    except KgError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_gone()


def _configure_logging() -> None:
    """Warnings of kg itself go to stderr as "kg: ..."; the HTML extractor's chatter is kept out."""
    log = logging.getLogger("kg")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("kg: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.WARNING)
        log.propagate = False
    for chatty in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(chatty).setLevel(logging.ERROR)


def _reader_gone() -> int:
    """The reader of stdout quit early (`kg export | head`): stop quietly, as other Unix tools do.

    Python flushes stdout again at exit; pointing it at /dev/null keeps that flush from raising.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="A diplomatic-relations knowledge graph from news.")
    parser.add_argument("--store", default=os.environ.get("KG_STORE", DEFAULT_STORE),
                        help="store directory, 'memory', or a SPARQL query endpoint URL (default: $KG_STORE, else kg-data)")
    parser.add_argument("--update-endpoint", help="SPARQL update endpoint URL when --store is an endpoint")
    parser.add_argument("--model", default=MODEL,
                        help=f"spaCy pipeline to load, or '{BLANK}' for rule-based fallbacks (default: {MODEL})")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="read articles and store their events")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories")
    ingest.add_argument("--published", type=_iso_date, help="publication date for every article (YYYY-MM-DD)")
    ingest.set_defaults(run=_ingest)

    extract = commands.add_parser("extract", help="print the events of articles without storing them")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories")
    extract.add_argument("--published", type=_iso_date, help="publication date for every article (YYYY-MM-DD)")
    extract.add_argument("--json", action="store_true", required=True, help="JSON Lines, one event per line")
    extract.set_defaults(run=_extract)

    query = commands.add_parser("query", help="run a named query or a .rq file")
    query.add_argument("query", metavar="FILE.rq|NAME", help="a named query (see kg queries) or a .rq file")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output (default: table)")
    query.set_defaults(run=_query)

    queries = commands.add_parser("queries", help="list the named queries and their parameters")
    queries.set_defaults(run=_list_queries)

    export = commands.add_parser("export", help="write the whole graph")
    export.add_argument("--format", choices=sorted(FORMATS), default="turtle")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(run=_export)

    validate = commands.add_parser("validate", help="check the stored graph against the SHACL shapes")
    validate.set_defaults(run=_validate)

    stats = commands.add_parser("stats", help="count what the store holds")
    stats.set_defaults(run=_stats)
    return parser


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {value!r}") from None


def _open(args: argparse.Namespace, create: bool = False) -> Store:
    return Store.open(args.store, args.update_endpoint, create)


def _readings(args: argparse.Namespace) -> Iterator[Reading | ArticleProblem]:
    """Articles read and analysed, with a progress bar on stderr when it is a terminal.

    Not a generator: the paths are checked when it is called, so a mistyped path fails before a
    store is opened or a model loaded; the articles themselves are read one by one as analysed.
    """
    items = read_articles(args.paths, args.published)
    from kg.pipeline import EventReader  # the model loads only for the commands that read articles

    reader = EventReader(args.model)
    progress = tqdm(items, desc="articles", unit="article", file=sys.stderr, disable=None)
    return reader.read(progress)


def _ingest(args: argparse.Namespace) -> int:
    readings = _readings(args)
    store = _open(args, create=True)
    try:
        store.replace_graph(ACTORS_GRAPH, actors_graph())
        families: Counter[str] = Counter()
        stored, problems = 0, []
        seen: dict[str, str] = {}
        for item in readings:
            if isinstance(item, ArticleProblem):
                problems.append(item)
                continue
            if item.article.id in seen:  # a second article with the same id would silently replace the first
                problems.append(ArticleProblem(item.article.source, f"same article id as {seen[item.article.id]} "
                                               f"({item.article.id}); only the first is stored"))
                continue
            seen[item.article.id] = item.article.source
            problem = _store_article(store, item.article, item.events)
            if problem:
                problems.append(problem)
            else:
                stored += 1
                families.update(e.family for e in item.events)
    finally:
        store.close()
    _summary(stored, families, problems)
    return _exit_code(stored, problems)


def _exit_code(done: int, problems: list[ArticleProblem]) -> int:
    """Failure only when no article got through: one bad file in a corpus is reported, not fatal."""
    return 1 if problems and not done else 0


def _store_article(store: Store, article: Article, events: list[Event]) -> ArticleProblem | None:
    """Write one article's graph if it passes the shapes; a failing graph is reported, not stored."""
    graph = article_graph(article, events)
    verdict = check(with_actors(graph))
    if not verdict.conforms:
        return ArticleProblem(article.source, "its graph fails the SHACL shapes; not stored: "
                              + _first_violation(verdict.report))
    store.replace_graph(article_graph_iri(article.id), graph)
    return None


def _first_violation(report: str) -> str:
    messages = [line.strip() for line in report.splitlines() if line.strip().startswith("Message:")]
    return messages[0] if messages else "see kg validate"


def _summary(stored: int, families: Counter[str], problems: list[ArticleProblem]) -> None:
    by_family = ", ".join(f"{families[f]} {f}" for f in ("meeting", "sanction", "alignment", "claim"))
    print(f"ingested {stored} article(s): {sum(families.values())} event(s) ({by_family}); "
          f"{len(problems)} failure(s)")
    for problem in problems:
        print(f"  failed: {problem.source}: {problem.message}", file=sys.stderr)


def _extract(args: argparse.Namespace) -> int:
    read, problems = 0, []
    for item in _readings(args):
        if isinstance(item, ArticleProblem):
            print(f"kg: skipped {item.source}: {item.message}", file=sys.stderr)
            problems.append(item)
            continue
        read += 1
        for event in item.events:
            print(json.dumps(event_json(item.article, event), ensure_ascii=False))
    return _exit_code(read, problems)


def event_json(article: Article, event: Event) -> dict:
    """An event as one JSON object, actors as Wikidata QIDs (or labels for groups without one)."""
    when = event.when
    return {
        "article": article.id,
        "family": event.family,
        "kind": event.kind,
        "source": _ids(event.sources),
        "target": _ids(event.targets),
        "participants": _ids(event.participants),
        "about": _ids(event.about),
        "agents": _ids(event.agents),
        "status": event.status,
        "negated": event.negated,
        "mode": event.mode,
        "condition": event.condition,
        "date": None if when is None else (when.earliest.isoformat() if when.precision == "day"
                                           else [when.earliest.isoformat(), when.latest.isoformat()]),
        "date_precision": when.precision if when else None,
        "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in event.evidence],
        "cameo": event.cameo,
        "plover": event.plover,
        "confidence": round(event.confidence, 2),
    }


def _ids(actors: Iterable[Actor]) -> list[str]:
    return [a.qid or a.label for a in actors]


def _query(args: argparse.Namespace) -> int:
    named = find_query(args.query)
    bindings = named.bindings(dict(_param(p) for p in args.param))
    store = _open(args)
    try:
        header, rows = _table(store, named, bindings)
    finally:
        store.close()
    _print_rows(header, rows, args.format, sys.stdout)
    return 0


def _table(store: Store, named: NamedQuery, bindings: dict[str, Node]) -> tuple[list[str], list[list[str]]]:
    """A query's column names and rows as text; a query the store rejects is a one-line error."""
    try:
        result = store.query(named.text, bindings)
        return [str(v) for v in result.vars or []], [[_cell(v) for v in row] for row in result]
    except KgError:
        raise
    except Exception as error:  # a store may reject a query at run time (e.g. a SERVICE call offline)
        first = str(error).splitlines()[0] if str(error) else repr(error)
        raise KgError(f"query {named.name} failed: {first}") from None


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise KgError(f"--param takes NAME=VALUE, not {text!r}")
    return name, value


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _print_rows(header: list[str], rows: list[list[str]], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump([dict(zip(header, row)) for row in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    else:
        widths = [min(60, max([len(h)] + [len(r[i]) for r in rows])) for i, h in enumerate(header)]
        for line in [header, ["-" * w for w in widths]] + rows:
            out.write("  ".join(cell[:60].ljust(w) for cell, w in zip(line, widths)).rstrip() + "\n")
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _list_queries(args: argparse.Namespace) -> int:
    for named in all_queries():
        params = " ".join(f"{p.name}={p.type}" + (f"[={p.default}]" if p.default else "") for p in named.params)
        print(f"{named.name:28} {named.title}" + (f"  ({params})" if params else ""))
    return 0


def _export(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        if args.output:
            _export_file(store, args.format, Path(args.output))
        else:
            store.export(args.format, sys.stdout.buffer)
    finally:
        store.close()
    return 0


def _export_file(store: Store, fmt: str, target: Path) -> None:
    """Write beside the target and rename, so a failed export never leaves a truncated file behind."""
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("wb") as out:
            store.export(fmt, out)
        partial.replace(target)
    except OSError as error:
        raise KgError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)


def _validate(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        union = store.union()
    finally:
        store.close()
    verdict = check(union)
    if verdict.conforms:
        print(f"valid: {len(union)} triples conform to the shapes")
        return 0
    print(verdict.report)
    return 1


def _stats(args: argparse.Namespace) -> int:
    counts = find_query("events-by-family")
    store = _open(args)
    try:
        triples = store.triples_count()
        names = store.graph_names()
        header, rows = _table(store, counts, counts.bindings({}))
    finally:
        store.close()
    articles = len([name for name in names if name != ACTORS_GRAPH])
    print(f"{triples} triples in {len(names)} named graphs ({articles} articles"
          f"{' and the actors graph' if ACTORS_GRAPH in names else ''})")
    _print_rows(header, rows, "table", sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
