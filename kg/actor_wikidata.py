"""Gather actor records from a Wikidata-shaped SPARQL endpoint, for `kg actors refresh`.

The same records kg.actor_files reads from the copied files, asked of Wikidata itself (or of a
mirror using its wd:/wdt:/p:/ps:/pq: model) with the queries in queries/wikidata/. The endpoint
is reached through a `select` function the caller passes in, so this module knows SPARQL and the
Wikidata data model but nothing of HTTP, retries or caches (kg/wikidata.py provides those).

Wikidata has what the copied files lack: foreign ministers (offices that are subclasses of
"minister of foreign affairs" Q7330070 and apply to a state, P1001), and today's heads (P35, P6),
which judge open terms as everypolitician's 2022 answer does offline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from kg.actor_files import parse_date
from kg.actor_records import (
    ORGANISATION,
    ROLES,
    STATE,
    TERRITORY,
    Actor,
    Incumbents,
    Person,
    Records,
    SourceFixes,
    Term,
    merge_actor,
    records_of,
    tenures_from_terms,
)
from kg.iri import is_qid
from kg.queries import wikidata_query
from kg.vocab import WD

#: Runs one SPARQL SELECT and returns its rows as {variable: lexical value}; IRIs as full strings,
#: unbound variables absent.
Select = Callable[[str], list[dict[str, str]]]

#: A name as English news writes it: a letter first, then letters, digits, spaces, dots,
#: apostrophes (straight or curly) and hyphens; no catalogue commas or brackets, no flag emoji.
_NAME = re.compile(r"[^\W\d_][\w .'\u2019-]*")


def gather_from_wikidata(select: Select, fixes: SourceFixes, today: date) -> Records:
    """States, territories, organisations and leaders of 2000 on, from the endpoint."""
    actors = read_states(select, fixes)
    actors.update(read_organisations(select))
    persons, terms = read_leaders(select, actors, fixes)
    incumbents = Incumbents(today, frozenset(read_incumbents(select, fixes)))
    return records_of(actors, persons, tenures_from_terms(terms, incumbents, today))


def item(value: str | None) -> str | None:
    """The QID of a Wikidata entity IRI, or None for anything else (blank nodes, literals)."""
    qid = (value or "").removeprefix(str(WD))
    return qid if is_qid(qid) else None


def read_states(select: Select, fixes: SourceFixes) -> dict[str, Actor]:
    """States and territories, one Actor per KB item (Q55 and Q29999 fold into Q29999)."""
    found: dict[str, Actor] = {}
    for row in select(wikidata_query("kb-states")):
        qid = item(row.get("item"))
        if qid is None:
            continue
        actor = found.setdefault(qid, Actor(fixes.item(qid), TERRITORY, ""))
        if row.get("state") == "true":
            actor.kind = STATE
        actor.un_member = actor.un_member or row.get("unMember") == "true"
        iso3 = row.get("iso3")
        if iso3 and re.fullmatch(r"[A-Z]{3}", iso3):
            actor.iso3 = min(filter(None, (actor.iso3, iso3)))
        _add_name(actor, row.get("field", ""), row.get("name", ""))
    return _fold(found)


def read_organisations(select: Select) -> dict[str, Actor]:
    """The organisations the project follows (listed in kb-organisations.rq), by label and alias."""
    found: dict[str, Actor] = {}
    for row in select(wikidata_query("kb-organisations")):
        qid = item(row.get("item"))
        if qid is not None:
            actor = found.setdefault(qid, Actor(qid, ORGANISATION, ""))
            _add_name(actor, row.get("field", ""), row.get("name", ""))
    return _fold(found)


def _add_name(actor: Actor, field: str, name: str) -> None:
    """File one English name of a row under the field the query gave it; a label is kept as
    Wikidata spells it ("Bonaire, Sint Eustatius and Saba"), other names only in news' form."""
    name = name.split(",")[0].strip() if field == "capital" else name.strip()
    if field == "label" and name:
        actor.pref_label = min(filter(None, (actor.pref_label, name)))
    elif field in ("alias", "demonym", "capital") and _NAME.fullmatch(name):
        {"alias": actor.alt_labels, "demonym": actor.demonyms, "capital": actor.capitals}[
            field
        ].add(name)


def _fold(found: dict[str, Actor]) -> dict[str, Actor]:
    """Actors by KB key; the item that is its own KB key comes first and keeps its label, and an
    item without an English label is dropped, having no name to be found by."""
    actors: dict[str, Actor] = {}
    for qid in sorted(found, key=lambda q: (found[q].key != q, q)):
        actor = found[qid]
        if actor.pref_label:
            actor.alt_labels.discard(actor.pref_label)
            merge_actor(actors, actor)
    return actors


def read_leaders(
    select: Select, actors: dict[str, Actor], fixes: SourceFixes
) -> tuple[dict[str, Person], list[Term]]:
    """Heads of state, heads of government and foreign ministers of the gathered actors."""
    persons: dict[str, Person] = {}
    terms: list[Term] = []
    for row in select(wikidata_query("kb-leaders")):
        term = _term(row, fixes)
        label = row.get("personLabel", "").strip()
        if term is None or term.actor not in actors or not label:
            continue
        if (term.person, term.actor) in fixes.false_tenures:
            continue
        terms.append(term)
        persons.setdefault(term.person, Person(term.person, label))
    return persons, terms


def _term(row: dict[str, str], fixes: SourceFixes) -> Term | None:
    """One row as a term, or None when a part is missing or is not a plain value."""
    state, person, office = item(row.get("state")), item(row.get("person")), item(row.get("office"))
    start = parse_date(row.get("start", ""))
    end = parse_date(row.get("end", "")) if row.get("end") else None
    if state is None or person is None or start is None or (row.get("end") and end is None):
        return None
    if row.get("role") not in ROLES:
        return None
    return Term(person, fixes.item(state), row.get("role", ""), start, end, office)


def read_incumbents(select: Select, fixes: SourceFixes) -> Iterator[tuple[str, str, str]]:
    """(actor, role, person) of every head of state (P35) and of government (P6) today."""
    for row in select(wikidata_query("kb-incumbents")):
        state, person = item(row.get("state")), item(row.get("person"))
        if state and person and row.get("role") in ROLES:
            yield fixes.item(state), row.get("role", ""), person

