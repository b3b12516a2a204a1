"""What the actor knowledge base is built from: records of actors, leaders and their terms.

Two gatherers fill these records, kg.actor_files from the copied public files and kg.actor_wikidata
from a Wikidata SPARQL endpoint; kg.actor_kb then applies the project's decisions and writes Turtle.
Both gatherers read the same kind of raw material, Wikidata "position held" (P39) statements, and
meet the same noise in it (fictional holders, stale open terms, one term split into several
statements), so the rules that turn raw terms into tenures live here, once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

STATE, TERRITORY, ORGANISATION, GROUP, BODY = "state", "territory", "organisation", "group", "body"
#: Every kind of actor, in the order summaries list them.
ACTOR_KINDS = (STATE, TERRITORY, ORGANISATION, GROUP, BODY)
HEAD_OF_STATE, HEAD_OF_GOVERNMENT, FOREIGN_MINISTER = (
    "head_of_state", "head_of_government", "foreign_minister",
)
ROLES = (HEAD_OF_STATE, HEAD_OF_GOVERNMENT, FOREIGN_MINISTER)

#: The KB holds the terms in force on or after this day: news the program reads is from 2000 on.
TERMS_FROM = date(2000, 1, 1)
#: No real tenure is this long (Elizabeth II reigned 70 years); longer ones are fiction.
MAX_TENURE_YEARS = 75


@dataclass
class Actor:
    """A state, territory, organisation, group or government body, with every name it goes by."""

    key: str  # QID, or "group:<label>" for a group without one
    kind: str
    pref_label: str
    alt_labels: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    capitals: set[str] = field(default_factory=set)
    metonyms: set[str] = field(default_factory=set)
    ambiguous: set[str] = field(default_factory=set)  # names that need context to resolve
    iso3: str | None = None
    un_member: bool = False  # decides which actor keeps a name that several claim
    members: set[str] = field(default_factory=set)  # a group's member actors
    part_of: str | None = None  # the state a government body speaks for
    coverage_notes: set[str] = field(default_factory=set)

    def names(self) -> set[str]:
        """Every string that links to this actor without needing context."""
        return {self.pref_label} | self.alt_labels | self.demonyms | self.capitals | self.metonyms


@dataclass
class Person:
    """A leader: the full name, aliases, and the short names news uses on second mention."""

    qid: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    short_names: set[str] = field(default_factory=set)
    ambiguous: set[str] = field(default_factory=set)  # short names other leaders share
    fixed_short_name: bool = False  # set by an override, so no rule derives another


@dataclass(frozen=True)
class Tenure:
    """A person holding one role of one actor between two dates (end None while in office)."""

    person: str
    actor: str
    role: str
    start: date
    end: date | None
    office: str | None = None


@dataclass
class Records:
    """What a gatherer returns and every later step works on."""

    actors: dict[str, Actor]
    persons: dict[str, Person]
    tenures: list[Tenure]


def records_of(actors: dict[str, Actor], persons: dict[str, Person], tenures: list[Tenure]) -> Records:
    """Records of the actors, the tenures, and those persons who hold one of them: a holder all
    of whose terms the rules dropped (fiction, stale, before 2000) is no leader of the KB."""
    holders = {tenure.person for tenure in tenures}
    return Records(actors, {qid: p for qid, p in persons.items() if qid in holders}, tenures)


@dataclass(frozen=True)
class SourceFixes:
    """Hand decisions a gatherer applies while it reads, before any rule sees the records."""

    same_as: dict[str, str]  # source item -> KB item (Q55 -> Q29999)
    false_tenures: set[tuple[str, str]]  # (person, actor) pairs the sources invent

    def item(self, qid: str) -> str:
        """The KB item a source's item stands for."""
        return self.same_as.get(qid, qid)


#: One raw position-held statement from a source, before the rules merge and close terms: the
#: same fields as a cleaned tenure, so one type serves both.
Term = Tenure


@dataclass(frozen=True)
class Incumbents:
    """Who held each role on one day according to a second source: the judge of open terms.

    A term without an end claims its holder is still in office. For the roles the second source
    records (everypolitician's 2022 answer; Wikidata's head of state P35 and head of government P6
    today), a holder it does not list on its day has left: the open term is stale. Terms that
    start after its day, or roles it does not record, it cannot judge.
    """

    as_of: date
    holders: frozenset[tuple[str, str, str]]  # (actor, role, person)

    @cached_property
    def roles(self) -> frozenset[tuple[str, str]]:
        """The (actor, role) pairs this source records holders of."""
        return frozenset((actor, role) for actor, role, _ in self.holders)

    def judges(self, term: Term) -> bool:
        """True when this source can tell whether the term's holder was in office on its day."""
        return term.start <= self.as_of and (term.actor, term.role) in self.roles

    def confirms(self, term: Term) -> bool:
        """True when this source lists the term's holder in the term's role of the term's actor."""
        return (term.actor, term.role, term.person) in self.holders


def tenures_from_terms(terms: Iterable[Term], incumbents: Incumbents, today: date) -> list[Tenure]:
    """Tenures from raw terms: in force from 2000 on, not fiction, not stale, open terms closed
    where a successor took over, duplicates merged."""
    kept = [t for t in terms if not _fictional(t, today) and not _stale(t, incumbents)]
    rivals: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in kept:
        rivals[(term.actor, term.role)].append(term)
    kept = [_close_superseded(t, rivals[(t.actor, t.role)], incumbents) for t in kept]
    kept = [t for t in kept if t.end is None or t.end >= TERMS_FROM]
    tenures = []
    for group in _group_terms(kept).values():
        for run in _runs(group):
            first = run[0]
            offices = sorted({t.office for t in run if t.office})
            tenures.append(
                Tenure(first.person, first.actor, first.role, _run_start(run), _run_end(run),
                       offices[0] if offices else None)
            )
    return tenures


def _fictional(term: Term, today: date) -> bool:
    """A term longer than any real one ("Quentin Trembley", US head of state since 1837)."""
    return ((term.end or today) - term.start).days > MAX_TENURE_YEARS * 365


def _stale(term: Term, incumbents: Incumbents) -> bool:
    """An open term of a holder the incumbents do not list: the holder had left by their day
    ("Phil Baker", a fictional US president from 2018)."""
    return term.end is None and incumbents.judges(term) and not incumbents.confirms(term)


def _close_superseded(term: Term, rivals: list[Term], incumbents: Incumbents) -> Term:
    """An open term ends where someone else's term of the same role starts later: the source
    never recorded the end (Faroe Islands' Johannesen, succeeded in 2019; North Korea's Kim
    Tok-hun, confirmed in 2022 and succeeded in 2024). For a holder the incumbents confirm,
    only a successor after their day counts, and none where another confirmed holder was in
    office beside them on it: collective heads (Switzerland's Federal Council, Andorra's two
    co-princes) take office one by one without replacing one another."""
    if term.end is not None:
        return term
    others = [o for o in rivals if o.person != term.person]
    if incumbents.judges(term):
        if any(incumbents.confirms(o) and _covers(o, incumbents.as_of) for o in others):
            return term
        starts = [o.start for o in others if o.start > incumbents.as_of]
    else:
        starts = [o.start for o in others if o.start > term.start]
    return replace(term, end=min(starts)) if starts else term


def _covers(term: Term, day: date) -> bool:
    return term.start <= day and (term.end is None or term.end >= day)


def _group_terms(terms: Iterable[Term]) -> dict[tuple[str, str, str], list[Term]]:
    """Terms by (person, actor, role), each group sorted, so duplicates sit together."""
    groups: dict[tuple[str, str, str], list[Term]] = defaultdict(list)
    for term in terms:
        groups[(term.person, term.actor, term.role)].append(term)
    return {key: sorted(group, key=_term_order) for key, group in sorted(groups.items())}


def _term_order(term: Term) -> tuple[date, date, str]:
    """Sort by start, open terms last among equals, then by office for a total order."""
    return term.start, term.end or date.max, term.office or ""


def _runs(terms: list[Term]) -> list[list[Term]]:
    """Runs of overlapping or touching terms: one tenure each (Abe's four statements of
    2012-2020 are one tenure; Trump's 2017-2021 and 2025- terms are two)."""
    runs: list[list[Term]] = []
    for term in terms:
        if runs and term.start <= max(t.end or date.max for t in runs[-1]):
            runs[-1].append(term)
        else:
            runs.append([term])
    return runs


def _run_start(run: list[Term]) -> date:
    """The earliest start, where a 1 January start is only the year of a more precise one."""
    precise_years = {t.start.year for t in run if (t.start.month, t.start.day) != (1, 1)}
    starts = [
        t.start
        for t in run
        if (t.start.month, t.start.day) != (1, 1) or t.start.year not in precise_years
    ]
    return min(starts)


def _run_end(run: list[Term]) -> date | None:
    """Open while some open term is not superseded by a dated term starting no earlier."""
    for term in run:
        if term.end is None and not any(t.end and t.start >= term.start for t in run):
            return None
    return max(t.end for t in run if t.end)


def merge_actor(actors: dict[str, Actor], actor: Actor) -> None:
    """Add an actor, or fold its names into the one already under its key.

    Two source items can stand for one KB item (Q55 and Q29999 both read as the Kingdom of the
    Netherlands): the first keeps its label and the merged actor is a state if either is.
    """
    known = actors.get(actor.key)
    if known is None:
        actors[actor.key] = actor
        return
    known.alt_labels |= ({actor.pref_label} | actor.alt_labels) - {known.pref_label}
    known.demonyms |= actor.demonyms
    known.capitals |= actor.capitals
    known.iso3 = known.iso3 or actor.iso3
    known.un_member = known.un_member or actor.un_member
    if actor.kind == STATE:
        known.kind = STATE
