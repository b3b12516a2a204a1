"""The `kg` command: ingest articles, query, export, extract, validate and count the graph, link
names and add facts through Wikidata, and build the actor knowledge base.

Every failure a user can cause (a missing file, an unreadable article, a bad query or parameter)
ends as one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import logging
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rdflib.term import Node
from tqdm import tqdm

from kg.api import KnowledgeGraph
from kg.articles import Article, ArticleProblem, in_shard, read_articles
from kg.errors import KgError
from kg.events import Actor, Event
from kg.evaluate import Evaluation, load_gold, render
from kg.linkeval import DEFAULT_SET, evaluate, load_cases, report
from kg.nlp import BLANK, MODEL
from kg.patience import DEFAULT_BACKOFF, DEFAULT_TIMEOUT, DEFAULT_TRIES, Patience
from kg.queries import NamedQuery, all_queries, find_query
from kg.rdf import ACTORS_GRAPH
from kg.serve import Settings, is_loopback, serve
from kg.store import FORMATS, MEMORY, Store, store_directory, write_whole
from kg.validate import check
from kg.wikidata import (
    DEFAULT_ENDPOINT,
    WIKIDATA_GRAPH,
    Candidate,
    Entity,
    Office,
    Resolution,
    WikidataClient,
    enrich,
    resolve,
    store_entities,
)
from kg.writer import IngestReport, first_violation, ingest

if TYPE_CHECKING:
    from kg.actors import ActorKB
    from kg.pipeline import Reading

DEFAULT_STORE = "kg-data"
PACKAGE = Path(__file__).resolve().parent
#: The knowledge base the package ships, which `kg actors build` and `kg actors refresh` rewrite.
KB_PATH = PACKAGE / "data" / "actors.ttl"
#: The copied reference data beside a checkout of the repository (absent from an installed package).
DEFAULT_SOURCES = PACKAGE.parent.parent / "shared" / "data" / "wikidata-sources"


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
    parser.add_argument("--update-endpoint", default=os.environ.get("KG_UPDATE_ENDPOINT"), metavar="URL",
                        help="the server's SPARQL update endpoint when --store is a query endpoint "
                             "(default: $KG_UPDATE_ENDPOINT)")
    parser.add_argument("--graph-store", default=os.environ.get("KG_GRAPH_STORE"), metavar="URL",
                        help="the server's Graph Store Protocol endpoint: each article's graph is then written in "
                             "one PUT, instead of each batch in one SPARQL update (default: $KG_GRAPH_STORE)")
    parser.add_argument("--store-timeout", type=_at_least(1, float), default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"how long to wait for one answer of a store server (default: {DEFAULT_TIMEOUT})")
    parser.add_argument("--store-tries", type=_at_least(1, int), default=DEFAULT_TRIES, metavar="N",
                        help="how often to send a request when the store server times out, is unreachable, busy "
                             f"or failing (default: {DEFAULT_TRIES})")
    parser.add_argument("--store-backoff", type=_at_least(0, float), default=DEFAULT_BACKOFF, metavar="SECONDS",
                        help=f"first wait before sending again, doubled each time (default: {DEFAULT_BACKOFF})")
    parser.add_argument("--model", default=MODEL,
                        help=f"spaCy pipeline to load, or '{BLANK}' for rule-based fallbacks (default: {MODEL})")
    parser.add_argument("--parse-all", action="store_true",
                        help="parse every sentence, not only those with a trigger word and an actor (slower; "
                             "for comparison)")
    parser.add_argument("--wikidata", default=os.environ.get("KG_WIKIDATA", DEFAULT_ENDPOINT), metavar="URL",
                        help=f"Wikidata SPARQL endpoint for link, enrich and actors refresh "
                             f"(default: $KG_WIKIDATA, else {DEFAULT_ENDPOINT})")
    parser.add_argument("--wikidata-cache", type=Path, default=os.environ.get("KG_WIKIDATA_CACHE"), metavar="DIR",
                        help="where Wikidata answers are cached (default: $KG_WIKIDATA_CACHE, else ~/.cache/dipkg/wikidata)")
    parser.add_argument("--wikidata-timeout", type=_at_least(1, int), default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"how long to wait for one Wikidata answer (default: {DEFAULT_TIMEOUT})")
    parser.add_argument("--wikidata-tries", type=_at_least(1, int), default=DEFAULT_TRIES, metavar="N",
                        help=f"how often to ask when Wikidata is busy or failing (default: {DEFAULT_TRIES})")
    parser.add_argument("--wikidata-backoff", type=_at_least(0, float), default=DEFAULT_BACKOFF, metavar="SECONDS",
                        help=f"first wait before asking again, doubled each time (default: {DEFAULT_BACKOFF})")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="read articles and store their events")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories")
    ingest.add_argument("--published", type=_iso_date, help="publication date for every article (YYYY-MM-DD)")
    ingest.add_argument("--processes", type=_processes, default=1, metavar="N",
                        help="analyse articles in N processes side by side (default: 1)")
    ingest.add_argument("--shard", type=_shard, default=(1, 1), metavar="K/N",
                        help="take only the K-th of N shares of the articles, chosen by a hash of each article's id, "
                             "so N machines given the same input write disjoint articles to one store")
    ingest.add_argument("--report", type=Path, metavar="FILE.json",
                        help="also write what the ingest did as JSON: counts, every failed article and why, every "
                             "article not read when it stopped")
    ingest.set_defaults(run=_ingest)

    extract = commands.add_parser("extract", help="print the events of articles without storing them")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories")
    extract.add_argument("--published", type=_iso_date, help="publication date for every article (YYYY-MM-DD)")
    extract.add_argument("--json", action="store_true", required=True, help="JSON Lines, one event per line")
    extract.add_argument("--processes", type=_processes, default=1, metavar="N",
                         help="analyse articles in N processes side by side (default: 1)")
    extract.add_argument("--shard", type=_shard, default=(1, 1), metavar="K/N",
                         help="take only the K-th of N shares of the articles (see ingest)")
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

    link = commands.add_parser("link", help="link names to Wikidata: the knowledge base, else the endpoint")
    link.add_argument("names", nargs="+", metavar="NAME", help="names as news writes them, e.g. 'Dmitry Medvedev'")
    link.add_argument("--date", type=_iso_date, help="the day a person's office is looked up for (YYYY-MM-DD)")
    link.add_argument("--json", action="store_true", help="JSON Lines, one object per name")
    link.set_defaults(run=_link)

    enrichment = commands.add_parser("enrich", help="add Wikidata facts about the stored actors in a graph of their own")
    enrichment.set_defaults(run=_enrich)

    serving = commands.add_parser("serve", help="answer SPARQL over HTTP, with a query page, until stopped")
    serving.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default: 127.0.0.1, this machine only)")
    serving.add_argument("--port", type=int, default=Settings.port, help=f"default: {Settings.port}; 0 picks a free one")
    serving.add_argument("--timeout", type=_at_least(0.1, float), default=Settings.timeout, metavar="SECONDS",
                         help=f"longest a query or update may run (default: {Settings.timeout:g})")
    serving.add_argument("--max-result-mb", type=_at_least(0.001, float), default=Settings.max_result_bytes / 1e6,
                         metavar="MB", help="largest answer sent; a larger one is refused with 422 "
                                            f"(default: {Settings.max_result_bytes / 1e6:g})")
    serving.add_argument("--max-request-mb", type=_at_least(0.001, float), default=Settings.max_request_bytes / 1e6,
                         metavar="MB", help=f"largest request body taken (default: {Settings.max_request_bytes / 1e6:g})")
    serving.add_argument("--client-timeout", type=_at_least(0.1, float), default=Settings.client_timeout,
                         metavar="SECONDS", help="longest a client may take to send a request, or leave a kept-alive "
                                                 f"connection idle (default: {Settings.client_timeout:g})")
    serving.add_argument("--concurrency", type=_processes, default=Settings.concurrency, metavar="N",
                         help=f"queries run at once; the others wait their turn (default: {Settings.concurrency})")
    serving.add_argument("--allow-update", action="store_true",
                         help="take SPARQL updates from clients that send the token in $KG_SERVE_TOKEN "
                              "(at least 16 characters) as 'Authorization: Bearer TOKEN'")
    serving.add_argument("--allow-service", action="store_true",
                         help="let queries call other endpoints with SERVICE (off: the server makes no requests "
                              "of its own)")
    serving.set_defaults(run=_serve)

    plot = commands.add_parser("plot", help="draw the relation network or a timeline")
    drawings = plot.add_subparsers(required=True, metavar="PICTURE")
    network = drawings.add_parser("network", help="states and organisations joined by their events, by relation")
    network.add_argument("-o", "--output", type=Path, required=True,
                         help="FILE.png, .svg or .pdf, or .html for an interactive page")
    network.add_argument("--from", dest="since", type=_iso_date, help="only events that may have happened on or after")
    network.add_argument("--to", dest="until", type=_iso_date, help="only events that may have happened on or before")
    network.set_defaults(run=_plot_network)
    timeline = drawings.add_parser("timeline", help="the events of one actor, or between two, along time")
    timeline.add_argument("actors", nargs="+", metavar="QID", help="one or two Wikidata QIDs, such as Q148 Q159")
    timeline.add_argument("-o", "--output", type=Path, required=True, help="FILE.png, .svg or .pdf")
    timeline.set_defaults(run=_plot_timeline)

    scoring = commands.add_parser("eval", help="score event extraction against gold files")
    scoring.add_argument("gold", nargs="+", type=Path, metavar="GOLD",
                         help="a .jsonl set (eval/events.jsonl), a seed-style .json file, or a folder of them")
    scoring.add_argument("--split", choices=("dev", "test", "all"), default="all", help="which items (default: all)")
    scoring.add_argument("--errors", action="store_true", help="also list every missed and false event")
    scoring.set_defaults(run=_eval_events)

    evaluation = commands.add_parser("eval-links", help="measure actor linking on mentions with known answers")
    evaluation.add_argument("file", nargs="?", type=Path, default=DEFAULT_SET,
                            help="JSON Lines of linking cases (default: eval/links.jsonl)")
    evaluation.add_argument("--errors", action="store_true", help="also list every wrong answer")
    evaluation.set_defaults(run=_eval_links)

    actors = commands.add_parser("actors", help="build or refresh the actor knowledge base")
    actions = actors.add_subparsers(required=True, metavar="ACTION")
    build = actions.add_parser("build", help="build the knowledge base from the copied reference data")
    build.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help=f"default: {DEFAULT_SOURCES}")
    build.add_argument("--out", type=Path, default=KB_PATH, help=f"default: {KB_PATH}")
    build.set_defaults(run=_actors_build)
    refresh = actions.add_parser("refresh", help="rebuild the knowledge base from a Wikidata endpoint")
    refresh.add_argument("--endpoint", metavar="URL", help="the endpoint to ask (default: the --wikidata setting)")
    refresh.add_argument("--out", type=Path, default=KB_PATH, help=f"default: {KB_PATH}")
    refresh.set_defaults(run=_actors_refresh)
    return parser


def _at_least(lowest: float, kind: Callable[[str], float]) -> Callable[[str], float]:
    """An argparse type: a number of the kind, no smaller than lowest."""
    def convert(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if number < lowest:
            raise argparse.ArgumentTypeError(f"must be at least {lowest}: {value!r}")
        return number
    return convert


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {value!r}") from None


def _open(args: argparse.Namespace, create: bool = False) -> Store:
    return Store.open(args.store, args.update_endpoint, create, args.graph_store,
                      Patience(args.store_timeout, args.store_tries, args.store_backoff))


def _shard(value: str) -> tuple[int, int]:
    """"K/N" with 1 <= K <= N, or an argparse error naming the bad value."""
    k, sep, n = value.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"not K/N with 1 <= K <= N: {value!r}")
    return int(k), int(n)


def _processes(value: str) -> int:
    """A process count from 1 to 64, or an argparse error naming the bad value."""
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"must be from 1 to 64, not {count}")
    return count


def _articles(args: argparse.Namespace) -> Iterator[Article | ArticleProblem]:
    """The articles of the paths (this machine's share of them, with --shard), in input order, unread."""
    items = read_articles(args.paths, args.published)
    return (item for item in items if in_shard(item, *args.shard)) if args.shard != (1, 1) else items


def _readings(args: argparse.Namespace) -> Iterator[Reading | ArticleProblem]:
    """Articles read and analysed, with a progress bar on stderr when it is a terminal.

    Not a generator: the paths are checked when it is called, so a mistyped path fails before a
    store is opened or a model loaded; the articles themselves are read one by one as analysed.
    """
    items = _articles(args)
    from kg.pipeline import (
        EventReader,  # the model loads only for the commands that read articles
    )

    reader = EventReader(args.model, args.processes, args.parse_all)
    progress = tqdm(items, desc="articles", unit="article", file=sys.stderr, disable=None)
    return reader.read(progress)


def _eval_events(args: argparse.Namespace) -> int:
    """Precision, recall and F1 of extraction by family and level, on the chosen split."""
    items = [i for path in args.gold for i in load_gold(path) if args.split in ("all", i.split)]
    if not items:
        raise KgError(f"no gold items in the {args.split} split of {', '.join(map(str, args.gold))}")
    from kg.pipeline import EventReader, Reading  # the model loads only for the commands that read text

    reader, evaluation = EventReader(args.model, parse_all=args.parse_all), Evaluation()
    for item in tqdm(items, desc="items", unit="item", file=sys.stderr, disable=None):
        article = (Article(item.id, item.text, None, item.published, None, item.id) if item.text is not None
                   else next(a for a in read_articles([item.article], item.published) if isinstance(a, Article)))
        (reading,) = list(reader.read([article]))
        if isinstance(reading, Reading):
            evaluation.add(item, article.text, reading.events)
    print(f"{len(items)} gold items ({args.split}), model {args.model}")
    print(render(evaluation, args.errors))
    return 0


def _eval_links(args: argparse.Namespace) -> int:
    """Accuracy, precision and coverage of the linker on the evaluation set, by rule."""
    cases = load_cases(args.file)
    from kg.pipeline import (
        EventReader,  # the model loads only for the commands that read text
    )

    reader = EventReader(args.model)
    lines = report(evaluate(cases, reader.nlp, reader.kb)).splitlines()
    print("\n".join(line for line in lines if args.errors or not line.startswith("  wrong:")))
    return 0


def _ingest(args: argparse.Namespace) -> int:
    started = datetime.now(timezone.utc)
    readings = _readings(args)
    store = _open(args, create=True)
    try:
        report = ingest(store, readings)
    finally:
        store.close()
    # the readings come in input order, so those after the last one taken were never read
    unread = [item.source for item in itertools.islice(_articles(args), report.read, None)] if report.stopped else []
    _summary(report.stored, report.families, report.problems)
    for source in unread:
        print(f"  not read: {source}", file=sys.stderr)
    code = _exit_code(report.stored, report.problems) if report.stopped is None else 1
    if args.report:
        content = json.dumps(_report_json(args, report, unread, started, code), ensure_ascii=False, indent=1)
        write_whole(args.report, lambda out: out.write(content.encode("utf-8") + b"\n"))
    if report.stopped is not None:
        print(f"kg: ingest stopped: the store took no more ({report.stopped}); {len(unread)} article(s) were not "
              "read; run the same command again to complete it", file=sys.stderr)
    return code


def _report_json(args: argparse.Namespace, report: IngestReport, unread: list[str], started: datetime,
                 code: int) -> dict:
    """Everything `kg ingest` did, for a program to read: no article goes unaccounted for."""
    return {
        "command": "ingest",
        "store": args.store,
        "inputs": [str(path) for path in args.paths],
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "stored": report.stored,
        "events": {family: report.families[family] for family in ("meeting", "sanction", "alignment", "claim")},
        "failed": [{"source": problem.source, "reason": problem.message} for problem in report.problems],
        "not_read": unread,
        "stopped": None if report.stopped is None else str(report.stopped),
        "exit_code": code,
    }


def _exit_code(done: int, problems: list[ArticleProblem]) -> int:
    """Failure only when no article got through: one bad file in a corpus is reported, not fatal."""
    return 1 if problems and not done else 0


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
    for named in sorted(all_queries(), key=lambda q: q.name):  # by name: "a-b" before "a-b-c"
        params = " ".join(f"{p.name}={p.type}" + (f"[={p.default}]" if p.default else "") for p in named.params)
        print(f"{named.name:28} {named.title}" + (f"  ({params})" if params else ""))
    return 0


def _export(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        if args.output:
            write_whole(Path(args.output), lambda out: store.export(args.format, out))
        else:
            store.export(args.format, sys.stdout.buffer)
    finally:
        store.close()
    return 0


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
    articles = len([name for name in names if name not in (ACTORS_GRAPH, WIKIDATA_GRAPH)])
    print(f"{triples} triples in {len(names)} named graphs ({articles} articles"
          f"{' and the actors graph' if ACTORS_GRAPH in names else ''}"
          f"{' and the Wikidata graph' if WIKIDATA_GRAPH in names else ''})")
    _print_rows(header, rows, "table", sys.stdout)
    return 0


def _plot_network(args: argparse.Namespace) -> int:
    with KnowledgeGraph(_open(args)) as graph:
        print(f"network drawn to {graph.plot_network(args.output, args.since, args.until)}")
    return 0


def _plot_timeline(args: argparse.Namespace) -> int:
    if len(args.actors) > 2:
        raise KgError("kg plot timeline takes one or two actors")
    with KnowledgeGraph(_open(args)) as graph:
        print(f"timeline drawn to {graph.plot_timeline(args.output, *args.actors)}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.store == MEMORY or args.store.startswith(("http://", "https://")):
        raise KgError("kg serve serves a store directory (a SPARQL server is an endpoint already)")
    store_directory(args.store)
    token = os.environ.get("KG_SERVE_TOKEN") if args.allow_update else None
    if args.allow_update and not token:
        raise KgError("--allow-update needs the token clients must send, in $KG_SERVE_TOKEN")
    settings = Settings(host=args.host, port=args.port, timeout=args.timeout,
                        max_result_bytes=int(args.max_result_mb * 1e6), max_request_bytes=int(args.max_request_mb * 1e6),
                        concurrency=args.concurrency, client_timeout=args.client_timeout, token=token,
                        allow_service=args.allow_service)
    if not is_loopback(args.host):
        print(f"kg: warning: listening on {args.host}: every machine that reaches it can query the store",
              file=sys.stderr)

    def started(url: str) -> None:
        mode = "takes updates with the token" if token else "read-only"
        print(f"kg serve: SPARQL endpoint {url}/sparql, query page {url}/ ({mode}; Ctrl-C stops)", flush=True)

    previous = signal.signal(signal.SIGTERM, _stop_serving)
    try:
        serve(args.store, settings, started)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _stop_serving(_signal: int, _frame: object) -> None:
    """SIGTERM ends `kg serve` as Ctrl-C does, closing the store first."""
    raise SystemExit(0)


def _client(args: argparse.Namespace, endpoint: str | None = None) -> WikidataClient:
    return WikidataClient(endpoint or args.wikidata, args.wikidata_cache, args.wikidata_timeout,
                          args.wikidata_tries, args.wikidata_backoff)


def _link(args: argparse.Namespace) -> int:
    """Names the offline knowledge base knows are answered from it; only the others cost a request."""
    names = [name.strip() for name in args.names]
    if not all(names):
        raise KgError("a name to link is empty")
    from kg.actors import (
        load_kb,  # the knowledge base loads spaCy, which the other commands here need not
    )

    kb, client = load_kb(), _client(args)
    for name in names:
        found = _known_offline(kb, name, args.date) or resolve(client, name, args.date)
        print(json.dumps(_resolution_json(found, args.date), ensure_ascii=False) if args.json
              else _describe(found, args.date))
    return 0


def _known_offline(kb: ActorKB, name: str, on: date | None) -> Resolution | None:
    """The name as the knowledge base links it, or None when it does not know the name."""
    iris = kb.candidates(name)
    if not iris:
        return None
    found = tuple(Candidate(Entity(kb.actors[iri].qid, kb.actors[iri].label), kb.actors[iri].type) for iri in iris)
    if kb.is_ambiguous(name):  # "Washington": the one entity the KB has, but not the name's only sense
        return Resolution(name, found, "knowledge base", other_senses=True)
    if len(iris) != 1 or found[0].type != "person":
        return Resolution(name, found, "knowledge base")
    state = kb.acts_for(iris[0], on or date.today())
    return Resolution(name, found, "knowledge base", acts_for=Entity(state.qid, state.label) if state else None)


def _describe(found: Resolution, on: date | None) -> str:
    """One line per name: what it stands for, and for a person the state they act for on the day."""
    if found.status == "unresolved":
        return f"{found.name}: unresolved"
    source = f" [{found.source}]" if found.source != "wikidata" else ""
    if found.status == "ambiguous":
        return (f"{found.name}: ambiguous, {len(found.candidates)} candidates: "
                + "; ".join(_entity_text(c) for c in found.candidates) + source)
    [candidate] = found.candidates
    person = _person_text(found, on) if candidate.type == "person" else ""
    return f"{found.name}: {_entity_text(candidate)}{person}{source}"


def _entity_text(candidate: Candidate) -> str:
    return f"{_entity(candidate.entity)} ({candidate.type})"


def _entity(entity: Entity) -> str:
    return f"{entity.qid} {entity.label}" if entity.qid else entity.label


def _person_text(found: Resolution, on: date | None) -> str:
    if found.standing is None:  # the knowledge base knows whom a person acts for, not through which office
        when = f" on {on.isoformat()}" if on else ""
        return f", acts for {_entity(found.acts_for)}{when}" if found.acts_for else ", holds no known office"
    day = f"on {on.isoformat()}" if on else "now"
    office = found.standing.office
    if found.standing.held:
        where = f"acts for {_entity(office.state)}" if office.state else "holds an office of no recorded state"
        return f", {where} {day}: {office.office.label} ({_office_details(office)})"
    if on is not None and office.start is not None and office.start > on:
        return f", holds no office {day}; takes office as {office.office.label} ({_office_details(office)})"
    return (f", holds no office {day}; latest: {office.office.label} ({_office_details(office)})"
            + (f", ended {office.end.isoformat()}" if office.end else ""))


def _office_details(office: Office) -> str:
    """Role, state and dates of an office: "head of state of Q159 Russia, 2008-05-07 to 2012-05-07"."""
    of = f" of {_entity(office.state)}" if office.state else ""
    what = f"{office.role}{of}" if office.role else f"office{of}"
    start = office.start.isoformat() if office.start else "?"
    return f"{what}, {start} to {office.end.isoformat() if office.end else 'now'}"


def _resolution_json(found: Resolution, on: date | None) -> dict:
    """A linked name as one JSON object; `qid`, `label` and `type` only when resolved."""
    result: dict = {"name": found.name, "status": found.status, "source": found.source,
                    "date": on.isoformat() if on else None,
                    "candidates": [{"qid": c.entity.qid, "label": c.entity.label, "type": c.type}
                                   for c in found.candidates]}
    if found.status == "resolved":
        result.update(result["candidates"][0])
        result["acts_for"] = _entity_json(found.acts_for)
        result["office"] = _office_json(found.standing.office, found.standing.held) if found.standing else None
    return result


def _entity_json(entity: Entity | None) -> dict | None:
    return {"qid": entity.qid, "label": entity.label} if entity else None


def _office_json(office: Office, held: bool) -> dict:
    return {"qid": office.office.qid, "label": office.office.label, "role": office.role,
            "state": _entity_json(office.state), "start": office.start.isoformat() if office.start else None,
            "end": office.end.isoformat() if office.end else None, "held": held}


def _enrich(args: argparse.Namespace) -> int:
    """Fetch everything first, then replace the Wikidata graph at once: a failure leaves the store as it was.

    The store is closed while the endpoint is asked, so a slow endpoint does not lock it.
    """
    store = _open(args)
    try:
        entities = store_entities(store)
    finally:
        store.close()
    if not entities:
        raise KgError("the store holds no states or organisations linked to Wikidata; run kg ingest first")
    found = enrich(_client(args), entities)
    verdict = check(found.graph)
    if not verdict.conforms:
        raise KgError("the Wikidata facts fail the SHACL shapes; not stored: " + first_violation(verdict.report))
    store = _open(args)
    try:
        store.replace_graph(WIKIDATA_GRAPH, found.graph)
    finally:
        store.close()
    print(f"enriched {found.actors} actor(s) from {args.wikidata}: {found.count('P463')} membership(s), "
          f"{found.count('P35')} head(s) of state, {found.count('P6')} head(s) of government, "
          f"{found.count('P47')} border(s), {found.count('P530')} diplomatic relation(s); "
          f"{len(found.graph)} triples in graph <{WIKIDATA_GRAPH}>")
    return 0


def _actors_build(args: argparse.Namespace) -> int:
    from kg import actor_kb  # the builder is needed by these two commands only

    print(_write_kb(args.out, lambda partial: actor_kb.build(args.sources, partial)))
    return 0


def _actors_refresh(args: argparse.Namespace) -> int:
    from kg import actor_kb

    client = _client(args, args.endpoint)
    print(_write_kb(args.out, lambda partial: actor_kb.refresh(client.select, partial)))
    return 0


def _write_kb(out: Path, write: Callable[[Path], str]) -> str:
    """Build beside the knowledge base and rename: a failed build keeps the old one whole."""
    partial = out.with_name(f".{out.stem}.partial{out.suffix}")
    try:
        summary = write(partial)
        partial.replace(out)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        raise KgError(f"cannot build {out}: {error.strerror or error}{where}") from None
    finally:
        with suppress(OSError):  # cleaning up must not hide why the build failed
            partial.unlink(missing_ok=True)
    return summary


if __name__ == "__main__":
    sys.exit(main())
