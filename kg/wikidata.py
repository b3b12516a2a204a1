"""Wikidata, live: a client for any Wikidata-shaped SPARQL endpoint, name linking and enrichment.

The offline knowledge base cannot know a minister appointed last week, and Wikidata's own facts
(who belongs to the SCO, who borders whom) are worth having beside the events so one local query
can join them. Both come from a SPARQL endpoint that speaks Wikidata's RDF model: the public
Wikidata Query Service by default, or any mirror (QLever, a local Oxigraph loaded with a dump).

The endpoint is someone else's service, so the client behaves as its rules ask: it names itself in
the User-Agent, waits and retries when told to slow down (HTTP 429, Retry-After) or when the
service stumbles (timeouts, dropped connections, 5xx), and keeps every answer in an on-disk cache
so the same question is never asked twice. Whatever still goes wrong is one KgError line, and a
failed request never leaves a cache entry behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from urllib.parse import urlsplit
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.actor_wikidata import item
from kg.errors import KgError
from kg.patience import DEFAULT_BACKOFF, DEFAULT_TIMEOUT, DEFAULT_TRIES, USER_AGENT, Patience, patiently
from kg.iri import mint
from kg.queries import wikidata_query
from kg.sparql import with_value_rows, with_values
from kg.store import Store
from kg.vocab import DIPR, WD, WDT

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
#: How many entities one enrichment request asks about: Wikidata's service answers this many quickly.
BATCH = 200
#: The named graph that holds what kg enrich fetched, apart from the articles and the actors.
WIKIDATA_GRAPH = DIPR["graph/wikidata"]

# Wikidata's statement model, as its RDF dumps and query service spell it.
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
WDS = Namespace("http://www.wikidata.org/entity/statement/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")

_log = logging.getLogger(__name__)
_TIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def default_cache_dir() -> Path:
    """~/.cache/dipkg/wikidata, or under $XDG_CACHE_HOME where the user has set one."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dipkg" / "wikidata"


class WikidataClient:
    """SELECT queries against one Wikidata-shaped endpoint, retried politely and cached on disk."""

    def __init__(self, endpoint: str = DEFAULT_ENDPOINT, cache_dir: Path | None = None,
                 timeout: float = DEFAULT_TIMEOUT, tries: int = DEFAULT_TRIES, backoff: float = DEFAULT_BACKOFF) -> None:
        if not endpoint.startswith(("http://", "https://")) or not _host(endpoint):
            raise KgError(f"the Wikidata endpoint must be an http(s) URL with a host, not {endpoint!r}")
        self.endpoint = endpoint
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self.patience = Patience(timeout, tries, backoff)

    def select(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, str]]:
        """The rows of a SELECT query, each variable to its lexical value (IRIs in full).

        The cache is read first; only a complete, well-formed answer is written to it.
        """
        text = with_values(query_text, bindings) if bindings else query_text
        path = self._cache_path(text)
        rows = _read_cache(path)
        if rows is None:
            rows = self._fetch(text)
            _write_cache(path, {"endpoint": self.endpoint, "query": text, "rows": rows})
        return rows

    def _cache_path(self, text: str) -> Path:
        digest = hashlib.sha256(f"{self.endpoint}\n{text}".encode()).hexdigest()
        return self.cache_dir / f"{digest}.json"

    def _fetch(self, text: str) -> list[dict[str, str]]:
        """Ask until answered, waiting longer each time (or as long as the server says)."""
        return _rows(patiently(lambda: self._request(text), self.patience, f"Wikidata endpoint {self.endpoint}"),
                     self.endpoint)

    def _request(self, text: str) -> bytes:
        sparql = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        sparql.setQuery(text)
        sparql.setReturnFormat(JSON)
        sparql.setMethod(POST)  # long VALUES lists would overflow a GET URL
        sparql.setOnlyConneg(True)
        sparql.setTimeout(self.patience.timeout)
        return sparql.query().response.read()


def _rows(body: bytes, endpoint: str) -> list[dict[str, str]]:
    """The bindings of a SPARQL JSON result as plain strings; anything else is malformed."""
    try:
        bindings = json.loads(body)["results"]["bindings"]
        rows = [{name: str(cell["value"]) for name, cell in binding.items()} for binding in bindings]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KgError(f"Wikidata endpoint {endpoint} returned malformed JSON, not SPARQL results") from None
    return rows


def _read_cache(path: Path) -> list[dict[str, str]] | None:
    """A cached answer, or None when there is none or it is unreadable (then it is fetched anew)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if isinstance(rows, list) and all(isinstance(r, dict) and all(isinstance(v, str) for v in r.values())
                                      for r in rows):
        return rows
    return None


def _write_cache(path: Path, entry: dict) -> None:
    """Write beside the entry and rename, so a reader never sees half a file.

    A cache that cannot be written costs a repeated request later, not the answer in hand.
    """
    partial: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".partial",
                                         delete=False) as handle:
            partial = Path(handle.name)
            json.dump(entry, handle, ensure_ascii=False)
        partial.replace(path)
    except OSError as error:
        if partial is not None:
            partial.unlink(missing_ok=True)
        _log.warning("cannot write the Wikidata cache in %s: %s", path.parent, error.strerror or error)


def with_item_list(sparql: str, items: Sequence[URIRef]) -> str:
    """The query with ?item bound to every entity of a batch."""
    return with_value_rows(sparql, ["item"], [[URIRef(item)] for item in items])


def _day(value: str | None) -> date | None:
    """The day of a Wikidata time value ("2008-05-07T00:00:00Z"), or None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# --- Linking names -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """A Wikidata item and its English label (a group of the knowledge base may have no item)."""

    qid: str | None
    label: str


@dataclass(frozen=True)
class Office:
    """A position a person held: of which state, as which role, between which days."""

    office: Entity
    state: Entity | None
    role: str | None
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        """True when the office was held on that day (an open end means still held)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Candidate:
    """An entity a name may stand for, with a person's offices."""

    entity: Entity
    type: str
    offices: tuple[Office, ...] = ()


@dataclass(frozen=True)
class Standing:
    """Where a person stands on a day: the office that tells, and whether it was held then."""

    office: Office
    held: bool


@dataclass(frozen=True)
class Resolution:
    """What a name was linked to: one entity, several (ambiguous), or none, and for a person where they stood."""

    name: str
    candidates: tuple[Candidate, ...]
    source: str = "wikidata"
    standing: Standing | None = None
    acts_for: Entity | None = None
    other_senses: bool = False  # the name also means things that are not this entity ("Washington")

    @property
    def status(self) -> str:
        """"resolved", "ambiguous" (never guessed between candidates) or "unresolved"."""
        if self.other_senses and self.candidates:
            return "ambiguous"
        return {0: "unresolved", 1: "resolved"}.get(len(self.candidates), "ambiguous")


def resolve(client: WikidataClient, name: str, on: date | None) -> Resolution:
    """The name linked through the endpoint and, for one person, the state they acted for on the day."""
    found = tuple(link_name(client, name))
    if len(found) != 1:
        return Resolution(name, found)
    position = standing(found[0], on)
    acts_for = position.office.state if position is not None and position.held else None
    return Resolution(name, found, standing=position, acts_for=acts_for)


def link_name(client: WikidataClient, name: str) -> list[Candidate]:
    """Every entity whose English label or alias is exactly the name, with a person's offices."""
    rows = client.select(wikidata_query("link"), {"name": Literal(name, lang="en")})
    return candidates(rows)


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # "http://[bad/sparql"
        return None


def candidates(rows: Iterable[dict[str, str]]) -> list[Candidate]:
    """Link query rows grouped per entity, a person with their offices; rows about non-items are skipped."""
    entities: dict[str, Entity] = {}
    types: dict[str, set[str]] = {}
    offices: dict[str, dict[str, Office]] = {}
    for row in rows:
        qid = item(row.get("item", ""))
        if qid is None or row.get("type") not in _TYPES:
            continue  # rows about non-items, or of a type this program does not link, carry nothing
        entities.setdefault(qid, Entity(qid, row.get("itemLabel") or qid))
        types.setdefault(qid, set()).add(row["type"])
        office = _office(row)
        if office is not None:
            offices.setdefault(qid, {}).setdefault(row["held"], office)
    return [Candidate(entities[qid], _main_type(types[qid]),
                      tuple(sorted(offices.get(qid, {}).values(), key=_started)))
            for qid in sorted(entities, key=lambda q: int(q[1:]))]


#: The entity types the link query returns, most specific first.
_TYPES = ("state", "organisation", "person")


def _main_type(types: set[str]) -> str:
    """One type for an entity the query found under several (a state that is also an organisation)."""
    return next(kind for kind in _TYPES if kind in types)


def _office(row: dict[str, str]) -> Office | None:
    """The position of a person's row (an entity that is not a person has none)."""
    office = item(row.get("office", ""))
    if office is None or "held" not in row:
        return None
    state_qid = item(row.get("state", ""))
    state = Entity(state_qid, row.get("stateLabel") or state_qid) if state_qid else None
    return Office(Entity(office, row.get("officeLabel") or office), state, row.get("role") or None,
                  _day(row.get("start")), _day(row.get("end")))


def _started(office: Office) -> date:
    return office.start or date.min


def standing(candidate: Candidate, on: date | None) -> Standing | None:
    """The office that says whom a person acts for on a day, or today without one.

    An office held then wins, a head of state's before a head of government's before any other.
    When none was held, the latest office begun by then tells (it has ended); when none had begun,
    the first one to come.
    """
    if not candidate.offices:
        return None
    if on is None:
        held = [o for o in candidate.offices if o.end is None]
    else:
        held = [o for o in candidate.offices if o.covers(on)]
    if held:
        return Standing(max(held, key=_precedence), True)
    begun = [o for o in candidate.offices if on is None or o.start is None or o.start <= on]
    return Standing(max(begun, key=_started) if begun else min(candidate.offices, key=_started), False)


def _precedence(office: Office) -> tuple[int, date]:
    rank = {"head of state": 2, "head of government": 1}.get(office.role or "", 0)
    return rank, _started(office)


# --- Enrichment ----------------------------------------------------------------------------------


@dataclass
class Enrichment:
    """The facts fetched about the store's actors, as a graph in Wikidata's own model, with counts."""

    graph: Graph
    actors: int

    def count(self, prop: str) -> int:
        """How many truthy claims of one Wikidata property (P463, P35, ...) the graph holds."""
        return sum(1 for _ in self.graph.subject_objects(WDT[prop]))


def store_entities(store: Store) -> list[URIRef]:
    """The Wikidata entities of the states and organisations the store holds."""
    return [row[0] for row in store.query(wikidata_query("store-actors"))]


def enrich(client: WikidataClient, entities: Sequence[URIRef], batch: int = BATCH) -> Enrichment:
    """Membership, heads of state and government, borders and diplomatic relations of the entities.

    Everything is fetched before anything is returned, so a failed request changes no store.
    """
    graph = Graph()
    bind_wikidata_prefixes(graph)
    query = wikidata_query("enrich")
    for first in range(0, len(entities), batch):
        for row in client.select(with_item_list(query, entities[first:first + batch])):
            _add_fact(graph, row)
    return Enrichment(graph, len(entities))


def bind_wikidata_prefixes(graph: Graph) -> None:
    """The prefixes Wikidata's own dumps use, so the graph reads as Wikidata does."""
    for prefix, namespace in (("wd", WD), ("wdt", WDT), ("p", P), ("ps", PS), ("pq", PQ), ("wds", WDS),
                              ("wikibase", WIKIBASE)):
        graph.bind(prefix, namespace, override=True)


_PROPERTY = re.compile(re.escape(str(WDT)) + r"P[1-9][0-9]*")
_STATEMENT = re.compile(re.escape(str(WDS)) + r"[A-Za-z0-9-]+")


def _add_fact(graph: Graph, row: dict[str, str]) -> None:
    """One result row as triples: a truthy edge, or a membership statement node with its qualifiers."""
    subject, value = item(row.get("item", "")), item(row.get("value", ""))
    prop = row.get("property", "")
    if subject is None or value is None:
        return  # "unknown value" and other non-items carry nothing a local query can join on
    if _PROPERTY.fullmatch(prop):  # checked whole: an answer's text never becomes an IRI unread
        graph.add((WD[subject], URIRef(prop), WD[value]))
    elif prop == str(P.P463):
        statement = _statement_node(row, subject, value)
        graph.add((WD[subject], P.P463, statement))
        graph.add((statement, RDF.type, WIKIBASE.Statement))
        graph.add((statement, PS.P463, WD[value]))
        for qualifier, key in ((PQ.P580, "start"), (PQ.P582, "end")):
            if _TIME.fullmatch(row.get(key, "")):
                graph.add((statement, qualifier, Literal(row[key], datatype=XSD.dateTime, normalize=False)))


def _statement_node(row: dict[str, str], item: str, value: str) -> URIRef:
    """Wikidata's own statement IRI when the endpoint gives one; a minted, stable one otherwise."""
    statement = row.get("statement", "")
    if _STATEMENT.fullmatch(statement):
        return URIRef(statement)
    return mint("statement", item, "P463", value, row.get("start", ""), row.get("end", ""))
