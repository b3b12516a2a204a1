"""Build the actor knowledge base, kg/data/actors.ttl, from copied Wikidata-linked sources.

The linker needs one dictionary of every state, organisation and leader with the names English
news uses for them, each tied to its Wikidata entity. No single source has that: dr5hn gives QIDs,
demonyms and capitals, mledoze short names and aliases, key_igos the organisations, cfmessias and
everypolitician the leaders and their offices. This script joins them in three steps:

1. gather   records from the sources (``gather_from_files``; a live-Wikidata gatherer can
            replace it, returning the same ``Records``),
2. override apply the project's hand decisions from kg/data/actor_overrides.csv and its rules for
            names that several actors claim,
3. emit     deterministic Turtle, so a rebuild that changes nothing changes no byte.

Override rows are ``qid,field,value,reason``. ``qid`` is a Wikidata item, or ``group:<label>`` for a
group without one. Fields:
``same_as`` (read the source item ``qid`` as item ``value``), ``prefLabel`` (replace; an actor keeps
its old name as an alias, a person's wrong-language label is discarded), ``altLabel``, ``demonym``,
``metonym`` (add), ``capital`` (replace), ``surname`` (the short name of a person),
``drop_altLabel``, ``drop_demonym``, ``drop_capital`` (remove, also from derived names),
``drop_tenure`` (the person ``qid`` held no office of actor ``value``: noise no rule catches).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS, XSD

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.errors import KgError  # noqa: E402
from kg.iri import actor_iri, group_iri, is_qid, mint, wikidata  # noqa: E402
from kg.vocab import DIP, DIPR, WD  # noqa: E402

DEFAULT_SOURCES = REPO.parent / "shared" / "data" / "wikidata-sources"
DEFAULT_OVERRIDES = REPO / "kg" / "data" / "actor_overrides.csv"
DEFAULT_OUT = REPO / "kg" / "data" / "actors.ttl"

STATE, ORGANISATION, GROUP = "state", "organisation", "group"
HEAD_OF_STATE, HEAD_OF_GOVERNMENT = "head_of_state", "head_of_government"
ROLE_TERMS = {HEAD_OF_STATE: DIP.HeadOfState, HEAD_OF_GOVERNMENT: DIP.HeadOfGovernment}
KIND_TERMS = {STATE: DIP.State, ORGANISATION: DIP.Organisation, GROUP: DIP.Group}

#: The leaders the KB holds are those in office at any time in this window.
WINDOW_START, WINDOW_END = date(2021, 1, 1), date(2021, 12, 31)
#: No real tenure is this long (Elizabeth II had reigned 69 years in 2021); longer ones are fiction.
MAX_TENURE_YEARS = 75
#: A person is called by the first token of the name: family name first (Chinese, Korean,
#: Vietnamese, Cambodian, Singaporean Chinese) or the given name alone (Thai, Ethiopian, Eritrean).
FIRST_TOKEN_NAMES = {
    "CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM", "KHM", "SGP", "THA", "ETH", "ERI",
}
#: Burmese names have no family name, and news never shortens them.
UNSHORTENED_NAMES = {"MMR"}
#: Lower-case particles that belong to a family name ("Van der Bellen", "von der Leyen").
SURNAME_PARTICLES = {
    "van", "von", "der", "den", "de", "du", "da", "del", "della", "di", "le", "la", "st",
}
#: Generational suffixes, which are never what a person is called by.
NAME_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr"}
#: Short names too common to point at one leader: family names shared by millions, English words,
#: given names and brands that news uses far more often for someone or something else.
SURNAME_STOPLIST = {
    "kim", "lee", "li", "park", "wang", "zhang", "khan", "ali", "ahmed", "mohamed", "mohammed",
    "singh", "silva", "saeed", "ho", "brown", "mason", "young", "king", "white", "black", "green",
    "price", "hope", "may", "long", "little", "major", "bishop", "meta", "jesus", "moses",
    "allen", "francis", "pierre", "martin", "harris", "robert", "bryan", "joseph", "henry",
}
#: Positions whose label names a head of government rather than a head of state.
HEAD_OF_GOVERNMENT_OFFICE = re.compile(
    r"prime minister|premier|chancellor|taoiseach|executive yuan|minister of state"
    r"|council of ministers",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T")
_ROMAN = re.compile(r"[IVX]+")
_ACRONYM = re.compile(r"[A-Z]{3,}")
_TWO_LETTER_CODE = re.compile(r"[A-Z]{2}")
#: The only two-letter codes English news uses as names; "CN", "RU" or "AU" would match noise.
TWO_LETTER_NAMES = {"US", "UK", "EU", "UN"}


@dataclass
class Actor:
    """A state, organisation or group with every name the linker may meet it by."""

    key: str  # QID, or the label of a group
    kind: str
    pref_label: str
    alt_labels: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    capitals: set[str] = field(default_factory=set)
    metonyms: set[str] = field(default_factory=set)
    iso3: str | None = None
    un_member: bool = False  # decides which actor keeps a name that several claim

    def names(self) -> set[str]:
        """Every string that links to this actor."""
        return {self.pref_label} | self.alt_labels | self.demonyms | self.capitals | self.metonyms


@dataclass
class Person:
    """A leader: the full name, aliases, and the short names news uses on second mention."""

    qid: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    short_names: set[str] = field(default_factory=set)
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


@dataclass(frozen=True)
class SourceFixes:
    """Hand decisions a gatherer applies while it joins sources, before any rule sees them."""

    same_as: dict[str, str]  # source item -> KB item (Q55 -> Q29999)
    false_tenures: set[tuple[str, str]]  # (person, actor) pairs the sources invent


@dataclass(frozen=True)
class Override:
    """One hand decision of kg/data/actor_overrides.csv."""

    qid: str
    field: str
    value: str
    reason: str


# ---------------------------------------------------------------------------------------------
# Step 1: gather records from the copied files
# ---------------------------------------------------------------------------------------------


def gather_from_files(sources: Path, fixes: SourceFixes) -> Records:
    """Read states, organisations and 2021 leaders from the copied source files.

    The fixes apply while reading: sources join one another by country QID, and the rules that
    judge leaders' terms by other holders' terms must not see invented ones.
    """
    states = read_states(sources, fixes.same_as)
    actors = {**states, **read_organisations(sources)}
    persons, tenures = read_leaders(sources, states, fixes)
    return Records(actors=actors, persons=persons, tenures=tenures)


def read_states(sources: Path, same_as: Mapping[str, str]) -> dict[str, Actor]:
    """States and territories of dr5hn, named with mledoze's short English names."""
    dr5hn = _read_json(sources / "dr5hn-countries-states-cities-database" / "countries.json")
    mledoze = {c["cca2"]: c for c in _read_json(sources / "mledoze-countries" / "countries.json")}
    vocabulary = _english_name_words(dr5hn, mledoze.values())
    states: dict[str, Actor] = {}
    for row in dr5hn:
        entry = mledoze[row["iso2"]]
        qid = same_as.get(row["wikiDataId"], row["wikiDataId"])
        pref = entry["name"]["common"]
        names = {pref, row["name"], entry["name"]["official"]}
        states[qid] = Actor(
            key=qid,
            kind=STATE,
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
    kept = {name for name in (row["name"], entry["name"]["official"]) if _plain(name)}
    for spelling in entry["altSpellings"]:
        words = spelling.split()
        if not _plain(spelling):
            continue
        if len(words) == 1 and _ACRONYM.fullmatch(spelling):
            kept.add(spelling)
        elif len(words) > 1 and all(word.casefold() in vocabulary for word in words):
            kept.add(spelling)
    return kept


def _plain(name: str) -> bool:
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


@dataclass(frozen=True)
class _Term:
    """One cleaned row of cfmessias' leader history."""

    person: str
    label: str
    actor: str
    role: str
    start: date
    end: date | None


def read_leaders(
    sources: Path, states: Mapping[str, Actor], fixes: SourceFixes
) -> tuple[dict[str, Person], list[Tenure]]:
    """Heads of state and government in office in 2021, with their offices where known.

    cfmessias gives the terms (noisy: fictional holders, stale open terms, duplicates);
    everypolitician gives English labels, the offices, and who was really in office in 2022.
    """
    by_iso3 = {actor.iso3: qid for qid, actor in states.items()}
    positions = _read_everypolitician(sources, fixes.same_as)
    terms = [
        t for t in _read_terms(sources, by_iso3) if (t.person, t.actor) not in fixes.false_tenures
    ]
    own = _own_offices(terms, positions)
    by_role = _offices_by_role(own)
    terms = [t for t in terms if _plausible(t, positions, by_role)]
    terms = _drop_superseded(terms, by_role)
    persons: dict[str, Person] = {}
    tenures: list[Tenure] = []
    for group in _group_terms(terms).values():
        for merged in _merge_terms(group):
            key = (merged.person, merged.actor, merged.role)
            office = own.get(key) or _only(by_role.get((merged.actor, merged.role), set()))
            tenures.append(Tenure(*key, merged.start, merged.end, office))
        first = group[0]
        label = positions.labels.get(first.person, first.label)
        persons.setdefault(first.person, Person(first.person, label))
    return persons, tenures


@dataclass
class _Positions:
    """everypolitician: which office each person held in each country, and English labels."""

    held: dict[tuple[str, str], set[str]]  # (country, person) -> offices
    titles: dict[str, str]  # office -> English title
    labels: dict[str, str]  # person -> English label


def _read_everypolitician(sources: Path, same_as: Mapping[str, str]) -> _Positions:
    """Offices from everypolitician's Wikidata answer, countries read through same_as."""
    positions = _Positions(defaultdict(set), {}, {})
    for row in _read_csv(sources / "everypolitician-world-leaders-2021" / "wikidata.csv"):
        country = same_as.get(row["countryid"], row["countryid"])
        positions.held[(country, row["officeholder"])].add(row["position"])
        positions.titles[row["position"]] = row["positionLabel"]
        positions.labels[row["officeholder"]] = row["officeholderLabel"]
    return positions


def _read_terms(sources: Path, by_iso3: Mapping[str, str]) -> Iterable[_Term]:
    """Rows with a real holder, a real start, a known end if any, overlapping the window."""
    path = sources / "cfmessias-geografia-leaders" / "leaders_history.csv"
    for row in _read_csv(path):
        start, end = _parse_date(row["start"]), _parse_date(row["end"])
        if row["iso3"] not in by_iso3 or not is_qid(row["person_qid"]) or start is None:
            continue
        if row["person"] in ("", row["person_qid"]) or (row["end"] and end is None):
            continue  # no name to match, or an end Wikidata records as "unknown value"
        if start <= WINDOW_END and (end is None or end >= WINDOW_START):
            yield _Term(
                row["person_qid"], row["person"], by_iso3[row["iso3"]], row["role"], start, end
            )


def _parse_date(text: str) -> date | None:
    """The day of a Wikidata timestamp, or None for blanks, blank nodes and "+0000-00-00"."""
    match = _ISO_DATE.match(text)
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _own_offices(terms: list[_Term], positions: _Positions) -> dict[tuple[str, str, str], str]:
    """The office each (person, actor, role) held by the holder's own everypolitician row; a
    holder of several offices (Brunei's sultan is also prime minister) by the office's title."""
    own = {}
    for term in terms:
        held = positions.held.get((term.actor, term.person), set())
        if len(held) > 1:
            held = {o for o in held if _office_role(o, positions) == term.role}
        if len(held) == 1:
            own[(term.person, term.actor, term.role)] = next(iter(held))
    return own


def _office_role(office: str, positions: _Positions) -> str:
    """The role an office's title names (an office naming neither counts as head of state)."""
    title = positions.titles.get(office, "")
    return HEAD_OF_GOVERNMENT if HEAD_OF_GOVERNMENT_OFFICE.search(title) else HEAD_OF_STATE


def _offices_by_role(own: Mapping[tuple[str, str, str], str]) -> dict[tuple[str, str], set[str]]:
    """The offices each role of each actor is held through, learnt from the holders
    everypolitician lists: Biden shows that the US head of government's office is Q11696."""
    by_role: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (_, actor, role), office in own.items():
        by_role[(actor, role)].add(office)
    return by_role


def _only(offices: set[str]) -> str | None:
    """The office, when the role is held through exactly one."""
    return next(iter(offices)) if len(offices) == 1 else None


def _plausible(
    term: _Term, positions: _Positions, by_role: Mapping[tuple[str, str], set[str]]
) -> bool:
    """Drop fictional and stale terms by rule.

    A term longer than any real one is fiction ("Quentin Trembley", US head of state since 1837).
    An open term claims its holder is still in office; everypolitician lists everyone who held the
    role's office in 2022, so an open term of someone it does not list for that country is stale
    ("Peter Cosgrove", Nauru's presidents of 2001-2011, "Phil Baker").
    """
    if (WINDOW_START - term.start).days > MAX_TENURE_YEARS * 365:
        return False
    if term.end is not None or not by_role.get((term.actor, term.role)):
        return True
    return (term.actor, term.person) in positions.held


def _drop_superseded(
    terms: list[_Term], by_role: Mapping[tuple[str, str], set[str]]
) -> list[_Term]:
    """Drop an open term when someone else's term of the same role starts later.

    Only where everypolitician cannot judge (territories, offices it lacks): there the source's
    open terms are often stale (Faroe Islands' Johannesen, superseded in 2019). Members of a
    collective head (Bosnia's presidency) start together, so none supersedes another.
    """
    latest: dict[tuple[str, str], dict[str, date]] = defaultdict(dict)
    for term in terms:
        starts = latest[(term.actor, term.role)]
        starts[term.person] = max(term.start, starts.get(term.person, term.start))
    return [
        term
        for term in terms
        if term.end is not None
        or by_role.get((term.actor, term.role))
        or all(
            start <= term.start
            for person, start in latest[(term.actor, term.role)].items()
            if person != term.person
        )
    ]


def _group_terms(terms: Iterable[_Term]) -> dict[tuple[str, str, str], list[_Term]]:
    """Terms by (person, actor, role), each group sorted, so duplicates sit together."""
    groups: dict[tuple[str, str, str], list[_Term]] = defaultdict(list)
    for term in terms:
        groups[(term.person, term.actor, term.role)].append(term)
    return {key: sorted(group, key=_term_order) for key, group in sorted(groups.items())}


def _term_order(term: _Term) -> tuple[date, date]:
    """Sort by start, open terms last among equals."""
    return term.start, term.end or date.max


def _merge_terms(terms: list[_Term]) -> list[_Term]:
    """One tenure per run of overlapping or touching terms of the same person, actor and role."""
    runs: list[list[_Term]] = []
    for term in terms:
        if runs and term.start <= max(t.end or date.max for t in runs[-1]):
            runs[-1].append(term)
        else:
            runs.append([term])
    return [replace(run[0], start=_run_start(run), end=_run_end(run)) for run in runs]


def _run_start(run: list[_Term]) -> date:
    """The earliest start, where a 1 January start is only the year of a more precise one."""
    precise_years = {t.start.year for t in run if (t.start.month, t.start.day) != (1, 1)}
    starts = [
        t.start
        for t in run
        if (t.start.month, t.start.day) != (1, 1) or t.start.year not in precise_years
    ]
    return min(starts)


def _run_end(run: list[_Term]) -> date | None:
    """Open while some open term is not superseded by a dated term starting no earlier."""
    for term in run:
        if term.end is None and not any(t.end and t.start >= term.start for t in run):
            return None
    return max(t.end for t in run if t.end)


# ---------------------------------------------------------------------------------------------
# Step 2: overrides and the rules for shared names
# ---------------------------------------------------------------------------------------------

FIELDS = {
    "same_as", "prefLabel", "altLabel", "demonym", "metonym", "capital", "surname",
    "drop_altLabel", "drop_demonym", "drop_capital", "drop_tenure",
}
#: Fields the gatherer applies to source records; their QIDs need not be in the KB.
SOURCE_FIELDS = {"same_as", "drop_tenure"}
#: Fields a row about a person may use.
PERSON_FIELDS = {"prefLabel", "altLabel", "surname", "drop_altLabel"}


def load_overrides(path: Path) -> list[Override]:
    """The override rows; a row with an unknown field, a bad key or no reason is an error."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    if not lines or lines[0] != ["qid", "field", "value", "reason"]:
        raise KgError(f"{path}: header must be qid,field,value,reason")
    for number, line in enumerate(lines[1:], start=2):
        if len(line) != 4:
            raise KgError(f"{path}:{number}: {len(line)} columns, expected 4 (quote commas)")
    rows = [Override(*line) for line in lines[1:]]
    for number, row in enumerate(rows, start=2):
        if row.field not in FIELDS:
            raise KgError(f"{path}:{number}: unknown override field {row.field!r}")
        if not (is_qid(row.qid) or row.qid.startswith("group:")):
            raise KgError(f"{path}:{number}: {row.qid!r} is neither a QID nor group:<label>")
        if not row.value.strip() or not row.reason.strip():
            raise KgError(f"{path}:{number}: override needs a value and a reason")
        if _is_noise_code(row.value):
            raise KgError(f"{path}:{number}: {row.value!r} is a two-letter code, not a name")
    return rows


def source_fixes(overrides: list[Override]) -> SourceFixes:
    """The rows a gatherer applies: same_as and drop_tenure."""
    return SourceFixes(
        same_as={row.qid: row.value for row in _rows(overrides, "same_as")},
        false_tenures={(row.qid, row.value) for row in _rows(overrides, "drop_tenure")},
    )


def apply_overrides_and_rules(records: Records, overrides: list[Override]) -> Records:
    """Hand decisions first fix names, rules then derive and share out names, and the hand
    decisions' additions and removals have the last word."""
    _add_groups(records, overrides)
    _check_keys(records, overrides)
    for row in _rows(overrides, "prefLabel", "capital", "surname"):
        _set(records, row)
    _derive_names(records)
    _resolve_shared_actor_names(records.actors)
    _resolve_shared_short_names(records)
    for row in _rows(overrides, "altLabel", "demonym", "metonym"):
        _add(records, row)
    for row in _rows(overrides, "drop_altLabel", "drop_demonym", "drop_capital"):
        _drop(records, row)
    return records


def _rows(overrides: list[Override], *fields: str) -> list[Override]:
    return [row for row in overrides if row.field in fields]


def _add_groups(records: Records, overrides: list[Override]) -> None:
    """A group exists once a row gives its prefLabel."""
    for row in overrides:
        if row.qid.startswith("group:") and row.field == "prefLabel":
            records.actors[row.qid] = Actor(row.qid, GROUP, row.value)


def _check_keys(records: Records, overrides: list[Override]) -> None:
    """A row about an item the KB does not hold, or a field its kind lacks, is a mistake."""
    for row in overrides:
        if row.field in SOURCE_FIELDS:
            continue
        if row.qid not in records.actors | records.persons:
            raise KgError(f"override for {row.qid} ({row.field}): no such actor or person")
        is_person = row.qid in records.persons
        if (row.field not in PERSON_FIELDS) if is_person else (row.field == "surname"):
            raise KgError(f"override for {row.qid}: {row.field} does not apply to it")


def _set(records: Records, row: Override) -> None:
    """Replace a single-valued name."""
    if row.qid in records.persons:
        person = records.persons[row.qid]
        if row.field == "surname":
            person.short_names, person.fixed_short_name = {row.value}, True
        else:
            person.label = row.value
        return
    actor = records.actors[row.qid]
    if row.field == "capital":
        actor.capitals = {row.value}
    elif actor.pref_label != row.value:
        actor.alt_labels = (actor.alt_labels | {actor.pref_label}) - {row.value}
        actor.pref_label = row.value


def _add(records: Records, row: Override) -> None:
    """Add an alias, demonym or metonym."""
    if row.qid in records.persons:
        records.persons[row.qid].alt_labels.add(row.value)
        return
    actor = records.actors[row.qid]
    {"altLabel": actor.alt_labels, "demonym": actor.demonyms, "metonym": actor.metonyms}[
        row.field
    ].add(row.value)


def _drop(records: Records, row: Override) -> None:
    """Remove a name, whether a source gave it or a rule derived it."""
    if row.qid in records.persons:
        person = records.persons[row.qid]
        person.alt_labels.discard(row.value)
        person.short_names.discard(row.value)
        return
    actor = records.actors[row.qid]
    {"drop_altLabel": actor.alt_labels, "drop_demonym": actor.demonyms,
     "drop_capital": actor.capitals}[row.field].discard(row.value)


def _derive_names(records: Records) -> None:
    """Accent-free variants of labels ("Turkiye", "Erdogan"), "the" before organisation names,
    each person's short name; and no two-letter codes but the four news uses."""
    for actor in records.actors.values():
        actor.alt_labels |= {_fold(name) for name in actor.alt_labels | {actor.pref_label}}
        if actor.kind == ORGANISATION:
            names = actor.alt_labels | {actor.pref_label}
            actor.alt_labels |= {f"the {name}" for name in names if " " in name}
        actor.alt_labels -= {n for n in actor.alt_labels if _is_noise_code(n)}
        actor.alt_labels -= {actor.pref_label}
    iso3_of: dict[str, str | None] = {}
    for tenure in sorted(records.tenures, key=_key):
        iso3_of.setdefault(tenure.person, records.actors[tenure.actor].iso3)
    for person in records.persons.values():
        if not person.fixed_short_name:
            person.short_names = _short_names(person.label, iso3_of.get(person.qid))
        person.short_names |= {_fold(name) for name in person.short_names}
        person.alt_labels |= {_fold(person.label)} - {person.label}


def _is_noise_code(name: str) -> bool:
    """True for two-letter codes such as "CN" that are not one of the four news uses."""
    return bool(_TWO_LETTER_CODE.fullmatch(name)) and name not in TWO_LETTER_NAMES


def _key(tenure: Tenure) -> tuple:
    """A total order on tenures, so every derived choice is the same on every run."""
    return tenure.person, tenure.actor, tenure.role, tenure.start


def _fold(text: str) -> str:
    """The text without diacritics, as much English news writes foreign names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _short_names(label: str, iso3: str | None) -> set[str]:
    """The name news uses on second mention ("Putin", "Xi", "Van der Bellen"), if there is one.

    Regnal names ("Elizabeth II"), styles ("Salman of Saudi Arabia"), Arabic nasab names
    ("Tamim bin Hamad Al Thani") and one-word names have none a reader would recognise.
    """
    words = [word for word in label.split() if word not in NAME_SUFFIXES]
    if iso3 in UNSHORTENED_NAMES or len(words) < 2:
        return set()
    if any(_ROMAN.fullmatch(w) or w in ("of", "bin", "ibn", "bint") for w in words):
        return set()
    if iso3 in FIRST_TOKEN_NAMES:
        return {words[0]}
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in SURNAME_PARTICLES:
        start -= 1
    short = " ".join(words[start:])
    stripped = re.sub(r"^(al|el)-", "", short, flags=re.IGNORECASE)
    return {stripped} if stripped != short else {short}


def _resolve_shared_actor_names(actors: Mapping[str, Actor]) -> None:
    """A name several actors claim goes to the one UN member among them, or to none.

    "Chinese" (China, Taiwan, Macau) goes to China; "Congolese" (both Congos) to neither.
    A name that is another actor's prefLabel stays with that actor alone.
    """
    claims: dict[str, set[str]] = defaultdict(set)
    for key, actor in actors.items():
        for name in actor.names():
            claims[name.casefold()].add(key)
    preferred = {actor.pref_label.casefold(): key for key, actor in actors.items()}
    for name, keys in claims.items():
        if len(keys) < 2:
            continue
        members = [k for k in keys if actors[k].un_member]
        winner = preferred.get(name) or (members[0] if len(members) == 1 else None)
        for key in keys - {winner}:
            _discard_name(actors[key], name)


def _discard_name(actor: Actor, folded: str) -> None:
    """Remove a name, compared case-insensitively, from every name set of an actor."""
    for names in (actor.alt_labels, actor.demonyms, actor.capitals, actor.metonyms):
        names -= {n for n in names if n.casefold() == folded}


def _resolve_shared_short_names(records: Records) -> None:
    """Drop a short name two people share, or that names an actor, or that is a common word."""
    owners = Counter(n.casefold() for p in records.persons.values() for n in p.short_names)
    taken = {n.casefold() for actor in records.actors.values() for n in actor.names()}
    for person in records.persons.values():
        if person.fixed_short_name:
            continue
        person.short_names = {
            n
            for n in person.short_names
            if owners[n.casefold()] == 1 and n.casefold() not in taken | SURNAME_STOPLIST
        }


# ---------------------------------------------------------------------------------------------
# Step 3: emit RDF
# ---------------------------------------------------------------------------------------------


def to_graph(records: Records) -> Graph:
    """The KB as an rdflib graph: actors, persons and their tenures."""
    graph = Graph()
    for prefix, namespace in (("dip", DIP._NS), ("skos", SKOS), ("owl", OWL), ("wd", WD)):
        graph.bind(prefix, namespace)
    graph.bind("actor", DIPR["actor/"])
    graph.bind("tenure", DIPR["tenure/"])
    for actor in records.actors.values():
        _emit_actor(graph, actor)
    for person in records.persons.values():
        _emit_person(graph, person)
    for tenure in records.tenures:
        _emit_tenure(graph, tenure)
    return graph


def _node(key: str) -> URIRef:
    """The IRI of an actor: its QID, or the hash of a group's label."""
    return group_iri(key.removeprefix("group:")) if key.startswith("group:") else actor_iri(key)


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _emit_actor(graph: Graph, actor: Actor) -> None:
    node = _node(actor.key)
    graph.add((node, RDF.type, KIND_TERMS[actor.kind]))
    graph.add((node, SKOS.prefLabel, _en(actor.pref_label)))
    for predicate, names in (
        (SKOS.altLabel, actor.alt_labels - {actor.pref_label}),
        (DIP.demonym, actor.demonyms),
        (DIP.capital, actor.capitals),
        (DIP.metonym, actor.metonyms),
    ):
        for name in names:
            graph.add((node, predicate, _en(name)))
    if actor.iso3:
        graph.add((node, DIP.iso3, Literal(actor.iso3)))
    if actor.kind != GROUP:
        graph.add((node, OWL.sameAs, wikidata(actor.key)))


def _emit_person(graph: Graph, person: Person) -> None:
    node = actor_iri(person.qid)
    graph.add((node, RDF.type, DIP.Person))
    graph.add((node, SKOS.prefLabel, _en(person.label)))
    for name in (person.alt_labels | person.short_names) - {person.label}:
        graph.add((node, SKOS.altLabel, _en(name)))
    graph.add((node, OWL.sameAs, wikidata(person.qid)))


def _emit_tenure(graph: Graph, tenure: Tenure) -> None:
    node = mint("tenure", tenure.person, tenure.actor, tenure.role, tenure.start.isoformat())
    graph.add((actor_iri(tenure.person), DIP.holds, node))
    graph.add((node, RDF.type, DIP.Tenure))
    graph.add((node, DIP.role, ROLE_TERMS[tenure.role]))
    graph.add((node, DIP.officeOf, actor_iri(tenure.actor)))
    graph.add((node, DIP.startDate, Literal(tenure.start.isoformat(), datatype=XSD.date)))
    if tenure.end:
        graph.add((node, DIP.endDate, Literal(tenure.end.isoformat(), datatype=XSD.date)))
    if tenure.office:
        graph.add((node, DIP.office, wikidata(tenure.office)))


def summary(records: Records, graph: Graph) -> str:
    """One line of counts, for the person who ran the build."""
    kinds = Counter(actor.kind for actor in records.actors.values())
    parts = [f"{kinds[k]} {k}s" for k in (STATE, ORGANISATION, GROUP)]
    parts += [f"{len(records.persons)} persons", f"{len(records.tenures)} tenures"]
    return ", ".join(parts) + f"; {len(graph)} triples"


# ---------------------------------------------------------------------------------------------


def _read_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build(sources: Path, overrides_path: Path, out: Path) -> str:
    """Gather, override, emit; returns the summary line."""
    if not sources.is_dir():
        raise KgError(f"sources directory not found: {sources}")
    overrides = load_overrides(overrides_path)
    records = gather_from_files(sources, source_fixes(overrides))
    records = apply_overrides_and_rules(records, overrides)
    graph = to_graph(records)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    return summary(records, graph)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--overrides", type=Path, default=DEFAULT_OVERRIDES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        print(build(args.sources, args.overrides, args.out))
    except KgError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
