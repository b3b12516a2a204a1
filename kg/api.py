"""The Python API, for notebooks and scripts: open a store, ingest articles, ask the named queries, read
the events back as records, and plot them.

    import kg

    with kg.open("kg-data", create=True) as graph:
        graph.ingest(["examples/articles"])
        rows = graph.query("summits-between", a="Q148", b="Q159")   # a list of dicts
        frame = graph.dataframe("alignment-network")                  # a pandas DataFrame
        sanctions = graph.events(family="sanction", involving="Q159")  # StoredEvent records
        graph.plot_network("network.svg")                             # or .png, .pdf, .html
        graph.plot_timeline("china-russia.png", "Q148", "Q159")

The same calls work on "memory" and on a SPARQL endpoint URL. Parameters are checked and bound as
the command line binds them (kg.queries), never pasted into the query text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from rdflib import Literal

from kg.articles import read_articles
from kg.errors import KgError
from kg.iri import actor_iri, is_qid
from kg.nlp import MODEL
from kg.plot import Link, Moment, check_output, draw_network, draw_timeline
from kg.queries import find_query
from kg.store import FORMATS, Store, write_whole
from kg.wikidata import Entity
from kg.writer import IngestReport, ingest

if TYPE_CHECKING:
    import pandas

_ACTOR_PREFIX = "https://w3id.org/dipkg/id/actor/"
#: The English label of one actor (a small query the API generates; the actor is bound, not pasted).
_LABEL = ("SELECT ?label WHERE { ?actor <http://www.w3.org/2004/02/skos/core#prefLabel> ?label . "
          'FILTER(LANGMATCHES(LANG(?label), "en")) } ORDER BY ?label LIMIT 1')
_EARLIEST, _LATEST = "0001-01-01", "9999-12-31"


@dataclass(frozen=True)
class StoredEvent:
    """One event of the graph with its parties by role (as Wikidata items, or labels alone for groups
    without one) and the articles that report it."""

    iri: str
    family: str
    kind: str
    status: str
    negated: bool
    earliest: date | None
    latest: date | None
    cameo: str | None
    plover: str | None
    sources: tuple[Entity, ...] = ()
    targets: tuple[Entity, ...] = ()
    participants: tuple[Entity, ...] = ()
    agents: tuple[Entity, ...] = ()
    about: tuple[Entity, ...] = ()
    articles: tuple[str, ...] = ()

    def involves(self, qid: str) -> bool:
        """Whether the actor has any role in the event."""
        return any(p.qid == qid for p in self.sources + self.targets + self.participants + self.agents + self.about)


@dataclass
class _Gathered:
    row: dict[str, object]
    roles: dict[str, list[Entity]] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)


class KnowledgeGraph:
    """An open store with the few calls an analyst needs; use it in a `with` block or call close()."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the store (an on-disk store stays locked while it is open)."""
        self.store.close()

    def ingest(self, paths: Iterable[str | Path], published: date | None = None, model: str = MODEL,
               processes: int = 1) -> IngestReport:
        """Read the articles under the paths and store their events, as `kg ingest` does."""
        from kg.pipeline import EventReader  # the language model loads only when articles are read

        articles = read_articles(list(paths), published)
        return ingest(self.store, EventReader(model, processes).read(articles))

    def query(self, name: str, **params: str) -> list[dict[str, object]]:
        """A named query (or a .rq file) with its parameters, as rows of Python values (None if unbound)."""
        named = find_query(name)
        result = self.store.query(named.text, named.bindings({key: str(value) for key, value in params.items()}))
        columns = [str(v) for v in result.vars or []]
        return [{column: _python(value) for column, value in zip(columns, row)} for row in result]

    def dataframe(self, name: str, **params: str) -> pandas.DataFrame:
        """The rows of query() as a pandas DataFrame, columns in the query's order."""
        import pandas  # only the callers of this method pay for importing pandas

        named = find_query(name)
        rows = self.query(name, **params)
        columns = list(rows[0]) if rows else _projected(named.text)
        return pandas.DataFrame(rows, columns=columns)

    def events(self, family: str | None = None, involving: str | None = None) -> list[StoredEvent]:
        """Every event as a record, optionally of one family and with one actor (a QID) in any role."""
        gathered: dict[str, _Gathered] = {}
        # the query leaves the order to its reader (the store sorts slowly); records come by IRI
        for row in sorted(self.query("events"), key=lambda r: (str(r["event"]), str(r["role"]), str(r["party"]))):
            entry = gathered.setdefault(str(row["event"]), _Gathered(row))
            party = _party(str(row["party"]), row["partyLabel"])
            roles = entry.roles.setdefault(str(row["role"]), [])
            if party not in roles:
                roles.append(party)
            if str(row["article"]) not in entry.articles:
                entry.articles.append(str(row["article"]))
        records = [_record(iri, entry) for iri, entry in gathered.items()]
        return [r for r in records if (family is None or r.family == family) and (involving is None or r.involves(involving))]

    def plot_network(self, path: str | Path, since: date | None = None, until: date | None = None) -> Path:
        """Draw the relation network of the events that may have happened in the range: PNG, SVG or PDF
        by the file name, or an interactive page for .html."""
        target = Path(path)
        check_output(target, interactive=True)
        first, last = str(since or _EARLIEST), str(until or _LATEST)
        links = [Link(_qid(row["a"]), str(row["aLabel"]), _qid(row["b"]), str(row["bLabel"]), str(row["relation"]),
                      int(row["events"]))  # type: ignore[call-overload]
                 for row in self.query("relation-network", **{"from": first, "to": last})]
        window = "all dates" if since is None and until is None else f"{since or 'the start'} to {until or 'now'}"
        draw_network(links, target, f"Relations between states and organisations, {window} "
                                    f"({sum(link.events for link in links)} event links)")
        return target

    def plot_timeline(self, path: str | Path, a: str, b: str | None = None) -> Path:
        """Draw the events of one actor, or between two (QIDs), along time: PNG, SVG or PDF."""
        target = Path(path)
        check_output(target, interactive=False)
        if b is None:
            rows = self.query("events-involving", actor=a)
            # this query gives no publication day to stand in for a missing date: undated events are counted
            moments = [_moment(row, None, f"{row['role']} with {row['others'] or 'no one named'}") for row in rows]
            title = f"Events involving {self.label(a)}"
        else:
            rows = self.query("timeline", a=a, b=b)
            moments = [_moment(row, row["published"], _direction(row)) for row in rows]
            title = f"Events between {self.label(a)} and {self.label(b)}"
        dated = [m for m in moments if m is not None]
        draw_timeline(dated, target, title, undated=len(moments) - len(dated))
        return target

    def label(self, qid: str) -> str:
        """An actor's English label, or its QID when the graph has none."""
        if not is_qid(qid):
            raise KgError(f"not a Wikidata QID: {qid!r}")
        found = list(self.store.query(_LABEL, {"actor": actor_iri(qid)}))
        return str(found[0][0]) if found else qid

    def export(self, path: str | Path, fmt: str = "turtle") -> Path:
        """Write the whole graph to a file (turtle, nt, trig, nquads or jsonld), as `kg export` does."""
        if fmt not in FORMATS:
            raise KgError(f"unknown format {fmt!r}; formats: {', '.join(sorted(FORMATS))}")
        target = Path(path)
        write_whole(target, lambda out: self.store.export(fmt, out))
        return target


def open(location: str | Path = "kg-data", create: bool = False) -> KnowledgeGraph:  # noqa: A001 - kg.open reads well
    """A store directory (created if `create`), "memory", or a SPARQL endpoint URL."""
    return KnowledgeGraph(Store.open(str(location), create=create))


def _python(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.toPython()
    return str(value)


def _party(iri: str, label: object) -> Entity:
    qid = iri.removeprefix(_ACTOR_PREFIX) if iri.startswith(_ACTOR_PREFIX) else None
    return Entity(qid, str(label) if label is not None else (qid or iri))


def _record(iri: str, entry: _Gathered) -> StoredEvent:
    row = entry.row
    return StoredEvent(
        iri=iri, family=str(row["family"]), kind=str(row["kind"]), status=str(row["status"]),
        negated=bool(row["negated"]), earliest=row["earliest"], latest=row["latest"],  # type: ignore[arg-type]
        cameo=_text(row["cameo"]), plover=_text(row["plover"]),
        sources=tuple(entry.roles.get("source", [])), targets=tuple(entry.roles.get("target", [])),
        participants=tuple(entry.roles.get("participant", [])), agents=tuple(entry.roles.get("agent", [])),
        about=tuple(entry.roles.get("about", [])), articles=tuple(entry.articles),
    )


def _qid(value: object) -> str:
    return str(value).removeprefix(_ACTOR_PREFIX)


def _moment(row: dict[str, object], fallback: object | None, between: str) -> Moment | None:
    """A timeline entry from a query row; None when the event has no date and no fallback day."""
    earliest = row["earliest"] if row["earliest"] is not None else fallback
    latest = row["latest"] if row["latest"] is not None else fallback
    if not isinstance(earliest, date) or not isinstance(latest, date):
        return None
    return Moment(str(row["kind"]), str(row["status"]), bool(row["negated"]), earliest, latest, between)


def _direction(row: dict[str, object]) -> str:
    arrow = {"a to b": f"{row['aLabel']} → {row['bLabel']}", "b to a": f"{row['bLabel']} → {row['aLabel']}"}
    return arrow.get(str(row["direction"]), f"{row['aLabel']} and {row['bLabel']}")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _projected(text: str) -> list[str]:
    """The variables a SELECT projects, for the columns of an empty frame."""
    from rdflib.plugins.sparql import prepareQuery

    return [str(v) for v in prepareQuery(text).algebra["PV"]]


__all__ = ["KnowledgeGraph", "Entity", "StoredEvent", "IngestReport", "open"]
