"""Build the actor knowledge base, kg/data/actors.ttl, offline from copied sources or from Wikidata.

The linker needs one dictionary of every state, territory, organisation, named group, government
body and leader with the names English news uses for them, each tied to its Wikidata entity, and
who led which state when. Building it takes three steps:

1. gather   records from the copied files (kg.actor_files, for `build`) or from a Wikidata-shaped
            SPARQL endpoint (kg.actor_wikidata, for `refresh`); both return the same Records,
2. decide   apply the project's hand decisions from kg/data/actor_overrides.csv and its rules for
            names that several actors claim, and note where the leaders' data has gaps,
3. emit     deterministic Turtle, so a rebuild that changes nothing changes no byte.

Override rows are ``qid,field,value,reason``; ``qid`` is a Wikidata item, or ``group:<label>`` for
a group without one, and every row needs a reason. Fields:

- ``add_state``, ``add_territory``, ``add_organisation``, ``add_group``, ``add_body``: the KB holds
  the actor ``qid`` as that kind; ``value`` is its English label when no source has it (a source's
  actor keeps its own label and takes the kind: Taiwan is a state, not mledoze's territory),
- ``same_as`` (read the source item ``qid`` as item ``value``), ``drop_tenure`` (the person ``qid``
  held no office of actor ``value``: noise no rule catches); both apply while gathering,
- ``prefLabel`` (replace; an actor keeps its old name as an alias, a person's wrong-language label
  is discarded), ``capital`` (replace), ``surname`` (the short name of a person),
- ``altLabel``, ``demonym``, ``metonym`` (add a name that links without context),
  ``ambiguousName`` (a name the actor goes by that also names something else: the runtime links
  it only where context decides), ``member`` (a group's member ``value``), ``part_of`` (the state
  ``value`` a government body speaks for),
- ``drop_altLabel``, ``drop_demonym``, ``drop_capital`` (remove, also from derived names).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS, XSD

from kg.actor_files import SOURCES_DAY, gather_from_files
from kg.actor_records import (
    ACTOR_KINDS,
    BODY,
    FOREIGN_MINISTER,
    GROUP,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    ORGANISATION,
    ROLES,
    STATE,
    TERMS_FROM,
    TERRITORY,
    Actor,
    Person,
    Records,
    SourceFixes,
    Tenure,
)
from kg.actor_wikidata import Select, gather_from_wikidata
from kg.errors import KgError
from kg.iri import actor_iri, group_iri, is_qid, mint, wikidata
from kg.vocab import DIP, DIPR, WD

OVERRIDES = Path(__file__).resolve().parent / "data" / "actor_overrides.csv"

KIND_TERMS = {
    STATE: DIP.State, TERRITORY: DIP.Territory, ORGANISATION: DIP.Organisation,
    GROUP: DIP.Group, BODY: DIP.GovernmentBody,
}
ROLE_TERMS = {
    HEAD_OF_STATE: DIP.HeadOfState, HEAD_OF_GOVERNMENT: DIP.HeadOfGovernment,
    FOREIGN_MINISTER: DIP.ForeignMinister,
}
PLURALS = {
    STATE: "states", TERRITORY: "territories", ORGANISATION: "organisations", GROUP: "groups",
    BODY: "government bodies",
}
#: How a coverage note names a role: "no head-of-state term in the sources for 2000-2004".
ROLE_WORDS = {
    HEAD_OF_STATE: "head-of-state", HEAD_OF_GOVERNMENT: "head-of-government",
    FOREIGN_MINISTER: "foreign-minister",
}

#: A person is called by the first token of the name: family name first (Chinese, Korean,
#: Cambodian, Singaporean Chinese) or the given name alone (Thai, Ethiopian, Eritrean). Vietnamese
#: leaders are called by the last token, their given name ("Trong", "Phuc"), as the default does.
FIRST_TOKEN_NAMES = {
    "CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "KHM", "SGP", "THA", "ETH", "ERI",
}
#: Burmese names have no family name, and news never shortens them.
UNSHORTENED_NAMES = {"MMR"}
#: Lower-case particles that belong to a family name ("Van der Bellen", "von der Leyen").
SURNAME_PARTICLES = {
    "van", "von", "der", "den", "de", "du", "da", "del", "della", "di", "le", "la", "st",
}
#: Generational suffixes, which are never what a person is called by.
NAME_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "Júnior", "Junior"}
#: Short names too common to point at one leader, which news uses far more often for someone or
#: something else: English words ("Key", "Note", "Parts", "To"), given names ("Charles",
#: "Jonathan"), and family names shared by millions, English, Spanish and Portuguese, West African,
#: Arabic, South and East Asian. Leaders' names news does use alone (Johnson, Sall, Hu) stay.
SURNAME_STOPLIST = frozenset(
    # English words and brands
    "to note parts key english bird cross fox bell hall banks blah mills drew gross vital wade "
    "sam dan fall burg may long little major bishop meta hope price king white black green young "
    # given names
    "john james george thomas charles anthony arthur alexandre alphonse donald edmund fernando "
    "howard jonathan philip philippe roger simon stephen tony vivian michal filip franco rosa "
    "guillaume allen francis pierre martin robert bryan joseph henry jesus moses "
    # English family names
    "brown mason harris miller moore morgan roberts robinson richards thompson harrison simpson "
    "walker spencer clark duncan christie stuart webster lawrence shaw cox burton bryant cooke "
    "browne manning patterson tucker ewing compton hammond taylor "
    # Spanish and Portuguese family names
    "silva garcia garcía gonzalez gonzález hernandez hernández perez pérez lopez lópez torres ramos "
    "cruz flores rivera rivas moreno medina molina gomes lopes neves vieira "
    # West African family names
    "diallo toure touré cisse cissé coulibaly ouedraogo ouédraogo sylla konate konaté traore "
    "traoré sy ly faye camara ba "
    # Arabic given and family names
    "ali ahmed mohamed mohammed saeed ibrahim ismail musa moussa omar yusuf idris rashid salim "
    "aziz hakim osman bilal farah "
    # South and East Asian family names
    "khan singh yadav thapa chand karki kim lee li park wang zhang ho lin yang hong tang tong mao "
    "cho ling chen liu wu zhou sun huang".split()
)
_ROMAN = re.compile(r"[IVX]+")
_TWO_LETTER_CODE = re.compile(r"[A-Z]{2}")
#: The only two-letter codes English news uses as names; "CN", "RU" or "AU" would match noise.
TWO_LETTER_NAMES = {"US", "UK", "EU", "UN"}


@dataclass(frozen=True)
class Override:
    """One hand decision of kg/data/actor_overrides.csv."""

    qid: str
    field: str
    value: str
    reason: str


# ---------------------------------------------------------------------------------------------
# The two entry points
# ---------------------------------------------------------------------------------------------


def build(sources: Path, out: Path) -> str:
    """Build the KB from the copied sources; returns a one-line summary.

    Every override row must apply: against the copied sources a row that matches nothing is a
    mistake in the table, not missing data.
    """
    if not sources.is_dir():
        raise KgError(f"sources directory not found: {sources}")
    overrides = load_overrides(OVERRIDES)
    records = gather_from_files(sources, source_fixes(overrides))
    unmatched = apply_overrides_and_rules(records, overrides)
    if unmatched:
        row = unmatched[0]
        raise KgError(f"override for {row.qid} ({row.field} {row.value}): no such actor or person")
    note_coverage(records, through=SOURCES_DAY.year)
    return _write(records, out)


def refresh(select: Select, out: Path, today: date | None = None) -> str:
    """Build the KB from a Wikidata-shaped SPARQL endpoint; returns a one-line summary.

    ``select`` runs one SPARQL query and returns its rows as {variable: lexical value}. Override
    rows about items the endpoint does not hold (a small mirror, a deleted item) are skipped and
    counted in the summary rather than failing the refresh.
    """
    day = today or date.today()
    overrides = load_overrides(OVERRIDES)
    records = gather_from_wikidata(select, source_fixes(overrides), day)
    if not records.actors or not records.persons:
        # an endpoint that answers with nothing (a wrong URL, an empty mirror) must not empty the KB
        raise KgError("the endpoint returned no states or no leaders; the knowledge base is left as it was")
    unmatched = apply_overrides_and_rules(records, overrides)
    note_coverage(records, through=day.year)
    return _write(records, out) + f"; {len(unmatched)} override rows matched nothing"


def _write(records: Records, out: Path) -> str:
    graph = to_graph(records)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    return summary(records, graph)


# ---------------------------------------------------------------------------------------------
# The override table
# ---------------------------------------------------------------------------------------------

ADD_FIELDS = {
    "add_state": STATE, "add_territory": TERRITORY, "add_organisation": ORGANISATION,
    "add_group": GROUP, "add_body": BODY,
}
#: Fields whose value is a Wikidata item.
ITEM_FIELDS = {"same_as", "drop_tenure", "member", "part_of"}
#: Fields a gatherer applies to source records; their QIDs need not be in the KB.
SOURCE_FIELDS = {"same_as", "drop_tenure"}
NAME_FIELDS = {"altLabel", "demonym", "metonym", "ambiguousName"}
DROP_FIELDS = {"drop_altLabel", "drop_demonym", "drop_capital"}
FIELDS = (
    set(ADD_FIELDS) | ITEM_FIELDS | NAME_FIELDS | DROP_FIELDS | {"prefLabel", "capital", "surname"}
)
#: Fields a row about a person may use.
PERSON_FIELDS = {"prefLabel", "altLabel", "surname", "drop_altLabel"}


def load_overrides(path: Path) -> list[Override]:
    """The override rows; a row with an unknown field, a bad key or no reason is an error."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    if not lines or lines[0] != ["qid", "field", "value", "reason"]:
        raise KgError(f"{path}: header must be qid,field,value,reason")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if len(line) != 4:
            raise KgError(f"{path}:{number}: {len(line)} columns, expected 4 (quote commas)")
        row = Override(*line)
        problem = _row_problem(row)
        if problem:
            raise KgError(f"{path}:{number}: {problem}")
        rows.append(row)
    return rows


def _row_problem(row: Override) -> str | None:
    """What is wrong with one row, or None."""
    if row.field not in FIELDS:
        return f"unknown override field {row.field!r}"
    if not (is_qid(row.qid) or row.qid.startswith("group:")):
        return f"{row.qid!r} is neither a QID nor group:<label>"
    if row.field in ADD_FIELDS and (row.field == "add_group") != row.qid.startswith("group:"):
        return "a group is added under a group:<label> key, every other actor under its QID"
    if not row.value.strip() or not row.reason.strip():
        return "override needs a value and a reason"
    if row.field in ITEM_FIELDS and not is_qid(row.value):
        return f"{row.field} needs a QID as value, not {row.value!r}"
    if is_noise_code(row.value):
        return f"{row.value!r} is a two-letter code, not a name"
    return None


def source_fixes(overrides: list[Override]) -> SourceFixes:
    """The rows a gatherer applies: same_as and drop_tenure."""
    return SourceFixes(
        same_as={row.qid: row.value for row in _rows(overrides, "same_as")},
        false_tenures={(row.qid, row.value) for row in _rows(overrides, "drop_tenure")},
    )


def apply_overrides_and_rules(records: Records, overrides: list[Override]) -> list[Override]:
    """Hand decisions first fix kinds and names, rules then derive and share out names, and the
    hand decisions' additions and removals have the last word. Returns the rows that matched
    no actor or person, which the caller judges."""
    _add_actors(records, _rows(overrides, *ADD_FIELDS))
    applicable = [row for row in overrides if row.field not in SOURCE_FIELDS | set(ADD_FIELDS)]
    unmatched = [row for row in applicable if not _matches(records, row)]
    rows = [row for row in applicable if row not in unmatched]
    for row in _rows(rows, "prefLabel", "capital", "surname"):
        _set(records, row)
    _derive_names(records)
    _resolve_shared_actor_names(records.actors)
    _resolve_shared_person_names(records)
    for row in _rows(rows, *NAME_FIELDS, "member", "part_of"):
        _add(records, row)
    for row in _rows(rows, *DROP_FIELDS):
        _drop(records, row)
    return unmatched


def _rows(overrides: Iterable[Override], *fields: str) -> list[Override]:
    return [row for row in overrides if row.field in fields]


def _add_actors(records: Records, rows: list[Override]) -> None:
    """Create the actors no source has; retype those a source has under another kind."""
    for row in rows:
        kind = ADD_FIELDS[row.field]
        actor = records.actors.get(row.qid)
        if actor is None:
            records.actors[row.qid] = Actor(row.qid, kind, row.value)
        else:
            actor.kind = kind


def _matches(records: Records, row: Override) -> bool:
    """True when the row's actor or person (and the item it points to) is in the records.

    A field the row's kind of entity lacks (a surname of a state) is a mistake in the table.
    """
    if row.qid in records.persons:
        if row.field not in PERSON_FIELDS:
            raise KgError(f"override for {row.qid}: {row.field} does not apply to a person")
        return True
    actor = records.actors.get(row.qid)
    if actor is None:
        return False
    misplaced = (
        row.field == "surname"
        or (row.field == "member" and actor.kind != GROUP)
        or (row.field == "part_of" and actor.kind not in (BODY, TERRITORY))
    )
    if misplaced:
        raise KgError(f"override for {row.qid}: {row.field} does not apply to a {actor.kind}")
    return row.field not in ("member", "part_of") or row.value in records.actors


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
    """Add a name, a member or the state a body is part of."""
    if row.qid in records.persons:
        records.persons[row.qid].alt_labels.add(row.value)
        return
    actor = records.actors[row.qid]
    if row.field == "part_of":
        actor.part_of = row.value
        return
    {
        "altLabel": actor.alt_labels, "demonym": actor.demonyms, "metonym": actor.metonyms,
        "ambiguousName": actor.ambiguous, "member": actor.members,
    }[row.field].add(row.value)


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


# ---------------------------------------------------------------------------------------------
# Rules for names
# ---------------------------------------------------------------------------------------------


def _derive_names(records: Records) -> None:
    """Accent-free variants of labels ("Turkiye", "Erdogan"), "the" before the names of
    organisations and government bodies, each person's short name; and no two-letter codes but
    the four news uses."""
    for actor in records.actors.values():
        actor.alt_labels |= {fold(name) for name in actor.alt_labels | {actor.pref_label}}
        if actor.kind in (ORGANISATION, BODY):
            names = actor.alt_labels | {actor.pref_label}
            actor.alt_labels |= {f"the {name}" for name in names if " " in name}
        actor.alt_labels -= {n for n in actor.alt_labels if is_noise_code(n)}
        actor.alt_labels -= {actor.pref_label}
    iso3_of: dict[str, str | None] = {}
    for tenure in sorted(records.tenures, key=_key):
        iso3_of.setdefault(tenure.person, records.actors[tenure.actor].iso3)
    for person in records.persons.values():
        if not person.fixed_short_name:
            person.short_names = _short_names(person.label, iso3_of.get(person.qid))
        person.short_names |= {fold(name) for name in person.short_names}
        person.alt_labels |= {fold(person.label)} - {person.label}


def is_noise_code(name: str) -> bool:
    """True for two-letter codes such as "CN" that are not one of the four news uses."""
    return bool(_TWO_LETTER_CODE.fullmatch(name)) and name not in TWO_LETTER_NAMES


def _key(tenure: Tenure) -> tuple:
    """A total order on tenures, so every derived choice is the same on every run."""
    return tenure.person, tenure.actor, tenure.role, tenure.start


def fold(text: str) -> str:
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

    "Chinese" (China, Taiwan, Macau) goes to China. "Congolese" (both Congos) goes to neither and
    becomes an ambiguous name of each, for the runtime to decide by context. A name that is
    another actor's prefLabel stays with that actor alone.
    """
    claims: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, str] = {}
    for key, actor in sorted(actors.items()):
        for name in sorted(actor.names()):
            claims[name.casefold()].add(key)
            spellings.setdefault(name.casefold(), name)
    preferred = {actor.pref_label.casefold(): key for key, actor in actors.items()}
    for name, keys in claims.items():
        if len(keys) < 2:
            continue
        members = [k for k in keys if actors[k].un_member]
        winner = preferred.get(name) or (members[0] if len(members) == 1 else None)
        for key in keys - {winner}:
            _discard_name(actors[key], name)
            if winner is None:
                actors[key].ambiguous.add(spellings[name])


def _discard_name(actor: Actor, folded: str) -> None:
    """Remove a name, compared case-insensitively, from every name set of an actor."""
    for names in (actor.alt_labels, actor.demonyms, actor.capitals, actor.metonyms):
        names -= {n for n in names if n.casefold() == folded}


def _resolve_shared_person_names(records: Records) -> None:
    """A name two leaders share is no alias of either but an ambiguous name of each ("Sharif":
    Nawaz and Shehbaz; "Lam": Carrie Lam and To Lam; "Andris Bērziņš": Latvia's president of 2011
    and its prime minister of 2000), for the runtime to decide by the article's date; a short
    name that names an actor or is a common word is dropped."""
    taken = {
        n.casefold() for actor in records.actors.values() for n in actor.names() | actor.ambiguous
    }
    for person in records.persons.values():
        if not person.fixed_short_name:  # an override's short name is no common word
            person.short_names = {
                n for n in person.short_names if n.casefold() not in taken | SURNAME_STOPLIST
            }
    owners = Counter(
        folded for person in records.persons.values() for folded in _folded_names(person)
    )
    for person in records.persons.values():
        every = {person.label} | person.alt_labels | person.short_names
        shared = {n for n in every if owners[n.casefold()] > 1}
        person.ambiguous |= shared
        person.alt_labels -= shared
        person.short_names -= shared


def _folded_names(person: Person) -> set[str]:
    """Every name of a person, compared case-insensitively."""
    return {n.casefold() for n in {person.label} | person.alt_labels | person.short_names}


# ---------------------------------------------------------------------------------------------
# Coverage notes
# ---------------------------------------------------------------------------------------------


def note_coverage(records: Records, through: int) -> None:
    """Say on each state which years from 2000 no term of a role covers, rather than guess.

    A role is noted only where the gatherer provides it at all: the copied sources have no
    foreign ministers, so an offline KB notes heads of state and government only. A year counts
    as covered when some term of the role overlaps it.
    """
    roles = [role for role in ROLES if any(t.role == role for t in records.tenures)]
    spans: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
    for tenure in records.tenures:
        spans[(tenure.actor, tenure.role)].append(tenure)
    for actor in records.actors.values():
        if actor.kind != STATE:
            continue
        for role in roles:
            years = [
                year
                for year in range(TERMS_FROM.year, through + 1)
                if not any(_overlaps(t, year) for t in spans[(actor.key, role)])
            ]
            if years:
                actor.coverage_notes.add(
                    f"no {ROLE_WORDS[role]} term in the sources for {year_ranges(years)}"
                )


def _overlaps(tenure: Tenure, year: int) -> bool:
    return tenure.start <= date(year, 12, 31) and (tenure.end is None or tenure.end >= date(year, 1, 1))


def year_ranges(years: list[int]) -> str:
    """Sorted years as ranges: [2000, 2001, 2002, 2019] -> "2000-2002, 2019"."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


# ---------------------------------------------------------------------------------------------
# Emit RDF
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


def node(key: str) -> URIRef:
    """The IRI of an actor: its QID, or the hash of a group's label."""
    return group_iri(key.removeprefix("group:")) if key.startswith("group:") else actor_iri(key)


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _emit_actor(graph: Graph, actor: Actor) -> None:
    subject = node(actor.key)
    graph.add((subject, RDF.type, KIND_TERMS[actor.kind]))
    graph.add((subject, SKOS.prefLabel, _en(actor.pref_label)))
    for predicate, names in (
        (SKOS.altLabel, actor.alt_labels - {actor.pref_label}),
        (DIP.demonym, actor.demonyms),
        (DIP.capital, actor.capitals),
        (DIP.metonym, actor.metonyms),
        (DIP.ambiguousName, actor.ambiguous),
    ):
        for name in names:
            graph.add((subject, predicate, _en(name)))
    for note in actor.coverage_notes:
        graph.add((subject, DIP.coverageNote, Literal(note)))
    if actor.iso3:
        graph.add((subject, DIP.iso3, Literal(actor.iso3)))
    for member in actor.members:
        graph.add((subject, DIP.member, node(member)))
    if actor.part_of:
        graph.add((subject, DIP.partOf, node(actor.part_of)))
    if actor.kind != GROUP:
        graph.add((subject, OWL.sameAs, wikidata(actor.key)))


def _emit_person(graph: Graph, person: Person) -> None:
    subject = actor_iri(person.qid)
    graph.add((subject, RDF.type, DIP.Person))
    graph.add((subject, SKOS.prefLabel, _en(person.label)))
    for name in (person.alt_labels | person.short_names) - {person.label}:
        graph.add((subject, SKOS.altLabel, _en(name)))
    for name in person.ambiguous:
        graph.add((subject, DIP.ambiguousName, _en(name)))
    graph.add((subject, OWL.sameAs, wikidata(person.qid)))


def _emit_tenure(graph: Graph, tenure: Tenure) -> None:
    subject = mint("tenure", tenure.person, tenure.actor, tenure.role, tenure.start.isoformat())
    graph.add((actor_iri(tenure.person), DIP.holds, subject))
    graph.add((subject, RDF.type, DIP.Tenure))
    graph.add((subject, DIP.role, ROLE_TERMS[tenure.role]))
    graph.add((subject, DIP.officeOf, node(tenure.actor)))
    graph.add((subject, DIP.startDate, Literal(tenure.start.isoformat(), datatype=XSD.date)))
    if tenure.end:
        graph.add((subject, DIP.endDate, Literal(tenure.end.isoformat(), datatype=XSD.date)))
    if tenure.office:
        graph.add((subject, DIP.office, wikidata(tenure.office)))


def summary(records: Records, graph: Graph) -> str:
    """One line of counts, for the person who ran the build."""
    kinds = Counter(actor.kind for actor in records.actors.values())
    roles = Counter(tenure.role for tenure in records.tenures)
    parts = [f"{kinds[kind]} {PLURALS[kind]}" for kind in ACTOR_KINDS]
    parts.append(f"{len(records.persons)} persons")
    parts.append(
        f"{len(records.tenures)} tenures ("
        + ", ".join(f"{roles[role]} {ROLE_WORDS[role]}" for role in ROLES)
        + ")"
    )
    return ", ".join(parts) + f"; {len(graph)} triples"
