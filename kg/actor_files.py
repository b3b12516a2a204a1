"""Gather actor records from the copied public files in ../shared/data/wikidata-sources.

No single file has what the linker needs: dr5hn gives QIDs, demonyms and capitals, mledoze short
names, aliases and sovereignty, key_igos the organisations, cfmessias the leaders' terms, and
everypolitician the leaders' offices, English labels and who was in office in October 2022.
This module joins them into kg.actor_records.Records; SOURCES.md there describes each file.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from kg.actor_records import (
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    ORGANISATION,
    STATE,
    TERRITORY,
    Actor,
    Incumbents,
    Person,
    Records,
    SourceFixes,
    Term,
    records_of,
    tenures_from_terms,
)
from kg.iri import is_qid

#: The day of the newest leaders file (cfmessias, commit 2e1e3b9): "today" for its terms.
SOURCES_DAY = date(2025, 10, 3)
#: The day of everypolitician's answer (commit be7039c): whom it lists was in office in 2022.
EVERYPOLITICIAN_DAY = date(2022, 10, 10)
#: Positions whose label names a head of government rather than a head of state.
HEAD_OF_GOVERNMENT_OFFICE = re.compile(
    r"prime minister|premier|chancellor|taoiseach|executive yuan|minister of state"
    r"|council of ministers|chief minister|pontifical commission",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T")
_ACRONYM = re.compile(r"[A-Z]{3,}")


def gather_from_files(sources: Path, fixes: SourceFixes) -> Records:
    """States, territories, organisations and leaders of 2000 on, from the copied files.

    The fixes apply while reading: sources join one another by country QID, and the rules that
    judge leaders' terms by other holders' terms must not see invented ones.
    """
    states = read_states(sources, fixes)
    actors = {**states, **read_organisations(sources)}
    persons, terms, incumbents = read_leaders(sources, states, fixes)
    return records_of(actors, persons, tenures_from_terms(terms, incumbents, SOURCES_DAY))


# ---------------------------------------------------------------------------------------------
# States and territories
# ---------------------------------------------------------------------------------------------


def read_states(sources: Path, fixes: SourceFixes) -> dict[str, Actor]:
    """The ISO 3166-1 entries of dr5hn, named with mledoze's short English names.

    mledoze's sovereignty flag makes an entry a state or a territory; the override table
    retypes the states it does not mark independent (Taiwan, Kosovo, Palestine).
    """
    dr5hn = _read_json(sources / "dr5hn-countries-states-cities-database" / "countries.json")
    mledoze = {c["cca2"]: c for c in _read_json(sources / "mledoze-countries" / "countries.json")}
    vocabulary = _english_name_words(dr5hn, mledoze.values())
    states: dict[str, Actor] = {}
    for row in dr5hn:
        entry = mledoze[row["iso2"]]
        qid = fixes.item(row["wikiDataId"])
        pref = entry["name"]["common"]
        names = {pref, row["name"], entry["name"]["official"]}
        states[qid] = Actor(
            key=qid,
            kind=STATE if entry.get("independent") else TERRITORY,
            pref_label=pref,
            alt_labels=_english_alt_names(row, entry, vocabulary) - {pref},
            demonyms=_demonyms(row, entry, names),
            capitals=_capitals(row),
            iso3=row["iso3"],
            un_member=bool(entry.get("independent") and entry.get("unMember")),
        )
    return states


def _english_name_words(dr5hn: list[dict], mledoze: Iterable[dict]) -> set[str]:
    """The words English country names are made of, to tell English aliases from native ones."""
    names = [row["name"] for row in dr5hn]
    for entry in mledoze:
        names += [entry["name"]["common"], entry["name"]["official"]]
    return {word.casefold() for name in names for word in name.split()} | {"the", "of", "and"}


def _english_alt_names(row: dict, entry: dict, vocabulary: set[str]) -> set[str]:
    """dr5hn's name, mledoze's official name, and those mledoze spellings that are English.

    mledoze's altSpellings mix ISO codes, native names and English variants; a spelling is kept
    when it is an acronym of three letters or more (UAE, DPRK) or every word of it is a word of
    some English country name ("Republic of China"), which drops "CN" and "Zhonghua".
    """
    kept = {name for name in (row["name"], entry["name"]["official"]) if plain(name)}
    for spelling in entry["altSpellings"]:
        words = spelling.split()
        if not plain(spelling):
            continue
        acronym = len(words) == 1 and _ACRONYM.fullmatch(spelling)
        if acronym or (len(words) > 1 and all(word.casefold() in vocabulary for word in words)):
            kept.add(spelling)
    return kept


def plain(name: str) -> bool:
    """False for catalogue forms such as "Korea, Republic of", "Man (Isle of)", "Macau S.A.R."."""
    return bool(name) and not any(char in name for char in ",().")


def _demonyms(row: dict, entry: dict, names: set[str]) -> set[str]:
    """Demonyms of dr5hn and mledoze, without the place names dr5hn lists as nationalities."""
    raw = [row["nationality"]]
    raw += entry.get("demonyms", {}).get("eng", {}).values()
    candidates = {part.strip() for text in raw for part in re.split(r",| or ", text)}
    return {c for c in candidates if c and not _is_place_name(c, names)}


def _is_place_name(candidate: str, names: set[str]) -> bool:
    """True for "UK", "Cook Island", "Luxembourg": codes and names of places, not of people."""
    if candidate.isupper() or re.search(r" Islands?$", candidate):
        return True
    return candidate.casefold() in {name.casefold() for name in names}


def _capitals(row: dict) -> set[str]:
    """dr5hn's capital, without the qualifier it sometimes appends ("Douglas, Isle of Man")."""
    capital = row["capital"].split(",")[0].strip()
    return {capital} if capital else set()


def read_organisations(sources: Path) -> dict[str, Actor]:
    """The 35 intergovernmental organisations of key_igos.csv, named by name and abbreviation."""
    organisations = {}
    for row in _read_csv(sources / "key_igos.csv"):
        aliases = {row["abbr"]} - {row["name_en"]}
        organisations[row["qid"]] = Actor(row["qid"], ORGANISATION, row["name_en"], aliases)
    return organisations


# ---------------------------------------------------------------------------------------------
# Leaders
# ---------------------------------------------------------------------------------------------


@dataclass
class _Positions:
    """everypolitician: which office each person held in each country, and English labels."""

    held: dict[tuple[str, str], set[str]]  # (country, person) -> offices
    titles: dict[str, str]  # office -> English title
    labels: dict[str, str]  # person -> English label


def read_leaders(
    sources: Path, states: Mapping[str, Actor], fixes: SourceFixes
) -> tuple[dict[str, Person], list[Term], Incumbents]:
    """Heads of state and government of cfmessias' history, with their offices where known.

    cfmessias gives the terms (noisy: fictional holders, stale open terms, duplicates) and
    labels, some in Portuguese; everypolitician gives English labels, the offices, and the
    incumbents of October 2022.
    """
    by_iso3 = {actor.iso3: qid for qid, actor in states.items() if actor.iso3}
    positions = _read_everypolitician(sources, fixes)
    role_offices = _role_offices(positions)
    persons: dict[str, Person] = {}
    terms = []
    for term, label in _read_history(sources, by_iso3):
        if (term.person, term.actor) in fixes.false_tenures:
            continue
        terms.append(replace(term, office=_office(term, positions, role_offices)))
        persons.setdefault(term.person, Person(term.person, positions.labels.get(term.person, label)))
    return persons, terms, _incumbents(positions, role_offices)


def _read_everypolitician(sources: Path, fixes: SourceFixes) -> _Positions:
    """Offices from everypolitician's Wikidata answer, countries read through the same_as rows."""
    positions = _Positions(defaultdict(set), {}, {})
    for row in _read_csv(sources / "everypolitician-world-leaders-2021" / "wikidata.csv"):
        country = fixes.item(row["countryid"])
        positions.held[(country, row["officeholder"])].add(row["position"])
        positions.titles[row["position"]] = row["positionLabel"]
        positions.labels[row["officeholder"]] = row["officeholderLabel"]
    return positions


def _read_history(sources: Path, by_iso3: Mapping[str, str]) -> Iterator[tuple[Term, str]]:
    """Rows with a real human holder, a real start and a known end if any, with their labels."""
    path = sources / "cfmessias-geografia-leaders" / "leaders_history.csv"
    for row in _read_csv(path):
        start, end = parse_date(row["start"]), parse_date(row["end"])
        if row["iso3"] not in by_iso3 or not is_qid(row["person_qid"]) or start is None:
            continue
        if row["person"] in ("", row["person_qid"]) or (row["end"] and end is None):
            continue  # no name to match, or an end Wikidata records as "unknown value"
        term = Term(row["person_qid"], by_iso3[row["iso3"]], row["role"], start, end)
        yield term, row["person"]


def parse_date(text: str) -> date | None:
    """The day of a Wikidata timestamp, or None for blanks, blank nodes and "+0000-00-00"."""
    match = _ISO_DATE.match(text)
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _role_offices(positions: _Positions) -> dict[tuple[str, str], set[str]]:
    """The offices through which each role of each country is held, told apart by their titles;
    where no title names a head of government, the head of state's office serves both roles
    (the US president is the head of government too, as cfmessias records)."""
    by_role: dict[tuple[str, str], set[str]] = defaultdict(set)
    of_country: dict[str, set[str]] = defaultdict(set)
    for (country, _), offices in positions.held.items():
        for office in offices:
            by_role[(country, _office_role(office, positions))].add(office)
            of_country[country].add(office)
    for country, offices in of_country.items():
        for role in (HEAD_OF_STATE, HEAD_OF_GOVERNMENT):
            by_role.setdefault((country, role), set(offices))
    return dict(by_role)


def _office_role(office: str, positions: _Positions) -> str:
    """The role an office's title names (an office naming neither counts as head of state)."""
    title = positions.titles.get(office, "")
    return HEAD_OF_GOVERNMENT if HEAD_OF_GOVERNMENT_OFFICE.search(title) else HEAD_OF_STATE


def _office(
    term: Term, positions: _Positions, role_offices: Mapping[tuple[str, str], set[str]]
) -> str | None:
    """The office of a term: the holder's own office of that role if everypolitician lists the
    holder (Brunei's sultan holds two), else the role's only office (Obama's is Biden's, Q11696)."""
    candidates = role_offices.get((term.actor, term.role), set())
    chosen = positions.held.get((term.actor, term.person), set()) & candidates or candidates
    return next(iter(chosen)) if len(chosen) == 1 else None


def _incumbents(
    positions: _Positions, role_offices: Mapping[tuple[str, str], set[str]]
) -> Incumbents:
    """Whom everypolitician lists in each role of each country in October 2022."""
    holders = {
        (country, role, person)
        for (country, person), offices in positions.held.items()
        for (place, role), role_set in role_offices.items()
        if place == country and offices & role_set
    }
    return Incumbents(EVERYPOLITICIAN_DAY, frozenset(holders))


def _read_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
