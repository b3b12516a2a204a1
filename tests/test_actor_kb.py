"""The actor knowledge base: the committed file holds the real facts the linker relies on, the
build reproduces it, and a refresh from a Wikidata-shaped endpoint gives a KB of the same shape.

Most tests read kg/data/actors.ttl as a user's checkout has it; those that need the copied sources
in ../shared (the UN member list, the rebuild) skip where that folder is absent. The refresh tests
evaluate the queries of queries/wikidata/ with rdflib's SPARQL engine over
tests/data/kb-wikidata-fixture.ttl, a small graph in Wikidata's own model.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg.actor_kb import OVERRIDES, load_overrides, refresh, year_ranges
from kg.iri import actor_iri, group_iri, is_qid, wikidata
from kg.queries import QUERY_DIR, parse_query_file
from kg.vocab import DIP, WD

REPO = Path(__file__).resolve().parents[1]
KB = REPO / "kg" / "data" / "actors.ttl"
SHAPES = REPO / "ontology" / "shapes.ttl"
FIXTURE = Path(__file__).resolve().parent / "data" / "kb-wikidata-fixture.ttl"
SHARED = REPO.parent / "shared"
SOURCES = SHARED / "data" / "wikidata-sources"
needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared is not present")

#: Vatican City is marked a UN member by mledoze, but the Holy See is an observer (SOURCES.md).
MLEDOZE_UN_MEMBER_ERRORS = {"VA"}
OBSERVER_AND_PARTIALLY_RECOGNISED = {
    "Q237": "Holy See", "Q219060": "State of Palestine", "Q865": "Taiwan", "Q1246": "Kosovo",
    "Q40362": "Sahrawi Arab Democratic Republic", "Q23334": "Abkhazia", "Q23427": "South Ossetia",
    "Q23681": "Northern Cyprus", "Q34754": "Somaliland",
}
TERRITORIES = {
    "Q8646": "Hong Kong", "Q14773": "Macau", "Q223": "Greenland", "Q1183": "Puerto Rico",
    "Q39760": "Gaza Strip", "Q36678": "West Bank", "Q7835": "Crimea",
}
NATO = {
    "Q222", "Q31", "Q219", "Q16", "Q224", "Q213", "Q35", "Q191", "Q33", "Q142", "Q183", "Q41",
    "Q28", "Q189", "Q38", "Q211", "Q37", "Q32", "Q236", "Q29999", "Q221", "Q20", "Q36", "Q45",
    "Q218", "Q214", "Q215", "Q29", "Q34", "Q43", "Q145", "Q30",
}
EU_OUTSIDE_NATO = {"Q40", "Q229", "Q27", "Q233"}
GCC = {"Q851", "Q878", "Q846", "Q817", "Q398", "Q842"}
#: The actor classes and the names a reader may link without context.
ACTOR_CLASSES = (DIP.State, DIP.Territory, DIP.Organisation, DIP.Group, DIP.GovernmentBody, DIP.Person)
PLAIN_NAMES = (SKOS.prefLabel, SKOS.altLabel, DIP.demonym, DIP.capital, DIP.metonym)


@pytest.fixture(scope="module")
def kb() -> Graph:
    return Graph().parse(KB, format="turtle")


def names(graph: Graph, qid: str, predicate: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(actor_iri(qid), predicate)}


def plain_owners(graph: Graph, name: str) -> set[URIRef]:
    """The actors that hold a name as a label, alias, demonym, capital or metonym."""
    return {s for p in PLAIN_NAMES for s in graph.subjects(p, Literal(name, lang="en"))}


def tenures(graph: Graph, person_qid: str, state_qid: str, role: URIRef) -> list[dict]:
    """The person's tenures of one role of one actor, with their dates, sorted by start."""
    found = []
    for node in graph.objects(actor_iri(person_qid), DIP.holds):
        if (node, DIP.role, role) in graph and (node, DIP.officeOf, actor_iri(state_qid)) in graph:
            end = graph.value(node, DIP.endDate)
            found.append(
                {
                    "start": graph.value(node, DIP.startDate).toPython(),
                    "end": end.toPython() if end is not None else None,
                    "office": graph.value(node, DIP.office),
                }
            )
    return sorted(found, key=lambda t: t["start"])


def spans(found: list[dict]) -> list[tuple[date, date | None]]:
    return [(t["start"], t["end"]) for t in found]


def covers(tenure: dict, day: date) -> bool:
    return tenure["start"] <= day and (tenure["end"] is None or tenure["end"] >= day)


def heads_on(graph: Graph, state_qid: str, role: URIRef, day: date) -> set[URIRef]:
    """Who held a role of a state on a day."""
    found = set()
    for node in graph.subjects(DIP.officeOf, actor_iri(state_qid)):
        end = graph.value(node, DIP.endDate)
        tenure = {"start": graph.value(node, DIP.startDate).toPython(),
                  "end": end.toPython() if end is not None else None}
        if (node, DIP.role, role) in graph and covers(tenure, day):
            found |= set(graph.subjects(DIP.holds, node))
    return found


# --- the file --------------------------------------------------------------------------------


def test_kb_parses_with_pyoxigraph_too(kb: Graph) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(KB), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(kb) > 20000


def test_kb_stays_small() -> None:
    assert KB.stat().st_size < 2_000_000


def test_kb_passes_the_shapes(kb: Graph) -> None:
    conforms, _report, text = pyshacl.validate(kb, shacl_graph=Graph().parse(SHAPES), allow_warnings=False)
    assert conforms, text[:2000]


def test_every_actor_has_one_class_and_a_wikidata_item_unless_a_group(kb: Graph) -> None:
    for cls in ACTOR_CLASSES:
        for node in kb.subjects(RDF.type, cls):
            assert len(set(kb.objects(node, RDF.type))) == 1, node
            same = set(kb.objects(node, OWL.sameAs))
            if cls == DIP.Group:
                assert not same
            else:
                (entity,) = same
                assert node == actor_iri(str(entity).removeprefix(str(WD)))


# --- coverage: states, territories, organisations, groups, bodies -------------------------------


def test_coverage_counts(kb: Graph) -> None:
    counts = {cls: len(set(kb.subjects(RDF.type, cls))) for cls in ACTOR_CLASSES}
    assert counts[DIP.State] >= 193 + len(OBSERVER_AND_PARTIALLY_RECOGNISED) - 1  # VA counts once
    assert counts[DIP.Territory] >= len(TERRITORIES)
    assert counts[DIP.Organisation] >= 35
    assert counts[DIP.Group] >= 20 and counts[DIP.GovernmentBody] == 6  # with the UN General Assembly
    assert counts[DIP.Person] > 1500
    assert len(set(kb.subjects(RDF.type, DIP.Tenure))) > 2000


def test_states_are_linked_by_well_formed_qids(kb: Graph) -> None:
    for state in kb.subjects(RDF.type, DIP.State):
        (entity,) = kb.objects(state, OWL.sameAs)
        assert is_qid(str(entity).removeprefix(str(WD)))
        assert len(set(kb.objects(state, DIP.iso3))) <= 1
        for iso3 in kb.objects(state, DIP.iso3):
            assert re.fullmatch(r"[A-Z]{3}", str(iso3)) and iso3.language is None
        (label,) = kb.objects(state, SKOS.prefLabel)
        assert label.language == "en"


def test_every_un_member_is_a_state(kb: Graph) -> None:
    states = set(kb.subjects(RDF.type, DIP.State))
    if not SOURCES.is_dir():
        assert len(states) >= 193
        return
    members = _un_member_qids()
    assert len(members) == 193
    missing = {iso2: qid for iso2, qid in members.items() if actor_iri(qid) not in states}
    assert not missing


def _un_member_qids() -> dict[str, str]:
    """ISO2 -> QID of UN members: membership from mledoze, QIDs from OWID, not the build's dr5hn."""
    with (SOURCES / "mledoze-countries" / "countries.json").open(encoding="utf-8") as handle:
        member_codes = {c["cca2"] for c in json.load(handle) if c.get("unMember")}
    member_codes -= MLEDOZE_UN_MEMBER_ERRORS
    with (SOURCES / "owid-etl-regions" / "regions.codes.csv").open(encoding="utf-8") as handle:
        qids = {row["iso_alpha2"]: row["wikidata_code"] for row in csv.DictReader(handle)}
    return {code: qids[code] for code in member_codes}


@pytest.mark.parametrize("qid", sorted(OBSERVER_AND_PARTIALLY_RECOGNISED))
def test_observer_and_partially_recognised_states(kb: Graph, qid: str) -> None:
    assert (actor_iri(qid), RDF.type, DIP.State) in kb
    assert (actor_iri(qid), OWL.sameAs, wikidata(qid)) in kb


@pytest.mark.parametrize("qid,label", sorted(TERRITORIES.items()))
def test_territories_and_disputed_regions(kb: Graph, qid: str, label: str) -> None:
    assert (actor_iri(qid), RDF.type, DIP.Territory) in kb
    assert (actor_iri(qid), OWL.sameAs, wikidata(qid)) in kb
    assert names(kb, qid, SKOS.prefLabel) == {label}


def test_dependent_territories_are_not_states(kb: Graph) -> None:
    for qid in ("Q21203", "Q16635", "Q1410", "Q6250"):  # Aruba, Guam, Gibraltar, Western Sahara
        assert (actor_iri(qid), RDF.type, DIP.Territory) in kb


def test_palestine_is_the_state_of_palestine(kb: Graph) -> None:
    assert (actor_iri("Q219060"), RDF.type, DIP.State) in kb
    for term in (actor_iri("Q407199"), WD.Q407199):
        assert (term, None, None) not in kb and (None, None, term) not in kb


def test_netherlands_is_the_kingdom(kb: Graph) -> None:
    assert (actor_iri("Q29999"), RDF.type, DIP.State) in kb
    assert names(kb, "Q29999", SKOS.prefLabel) == {"Netherlands"}
    assert (actor_iri("Q55"), None, None) not in kb


@pytest.mark.parametrize(
    "qid,label",
    [
        ("Q1065", "United Nations"), ("Q37470", "UN Security Council"), ("Q7184", "NATO"),
        ("Q458", "European Union"), ("Q7159", "African Union"), ("Q7768", "ASEAN"),
        ("Q1764511", "G7"), ("Q19771", "G20"), ("Q243630", "BRICS"),
        ("Q485207", "Shanghai Cooperation Organisation"),
        ("Q7795", "Organization of the Petroleum Exporting Countries"), ("Q7172", "Arab League"),
        ("Q217172", "Gulf Cooperation Council"),
        ("Q81299", "Organization for Security and Co-operation in Europe"),
        ("Q8908", "Council of Europe"), ("Q318693", "Collective Security Treaty Organization"),
        ("Q41984", "International Atomic Energy Agency"), ("Q7825", "World Trade Organization"),
        ("Q7804", "International Monetary Fund"), ("Q7164", "World Bank"),
    ],
)
def test_key_organisations(kb: Graph, qid: str, label: str) -> None:
    assert (actor_iri(qid), RDF.type, DIP.Organisation) in kb
    assert (actor_iri(qid), OWL.sameAs, wikidata(qid)) in kb
    assert names(kb, qid, SKOS.prefLabel) == {label}


@pytest.mark.parametrize(
    "qid,aliases",
    [
        ("Q1065", {"UN", "U.N."}), ("Q37470", {"UNSC", "Security Council"}),
        ("Q7184", {"North Atlantic Treaty Organization", "the North Atlantic Treaty Organisation"}),
        ("Q458", {"EU", "the European Union"}), ("Q7159", {"the African Union"}),
        ("Q1764511", {"Group of Seven", "G-7"}),
        ("Q19771", {"Group of Twenty", "G-20"}), ("Q485207", {"SCO"}), ("Q7795", {"OPEC"}),
        ("Q217172", {"GCC"}), ("Q81299", {"OSCE"}), ("Q8908", {"CoE"}), ("Q318693", {"CSTO"}),
        ("Q41984", {"IAEA"}), ("Q7825", {"WTO"}), ("Q7804", {"IMF"}),
    ],
)
def test_organisations_keep_full_names_and_abbreviations(kb: Graph, qid: str, aliases: set[str]) -> None:
    assert aliases <= names(kb, qid, SKOS.altLabel)


def test_the_west_is_nato_and_eu_members(kb: Graph) -> None:
    west = group_iri("the West")
    assert (west, RDF.type, DIP.Group) in kb and (west, OWL.sameAs, None) not in kb
    labels = {str(o) for o in kb.objects(west, SKOS.altLabel)}
    assert {"Western allies", "Western powers", "Western countries", "Western nations"} <= labels
    assert set(kb.objects(west, DIP.member)) == {actor_iri(q) for q in NATO | EU_OUTSIDE_NATO}


def test_the_gulf_states_are_the_gcc_members(kb: Graph) -> None:
    gulf = group_iri("Gulf states")
    assert (gulf, RDF.type, DIP.Group) in kb and (gulf, OWL.sameAs, None) not in kb
    labels = {str(o) for o in kb.objects(gulf, SKOS.altLabel)}
    assert {"Gulf Arab states", "the Gulf monarchies"} <= labels
    assert set(kb.objects(gulf, DIP.member)) == {actor_iri(q) for q in GCC}


def test_members_are_states_and_bodies_belong_to_states_or_organisations(kb: Graph) -> None:
    members = set(kb.objects(None, DIP.member))
    assert members and all((node, RDF.type, DIP.State) in kb for node in members)
    owners = set(kb.objects(None, DIP.partOf))
    assert owners and all((node, RDF.type, DIP.State) in kb or (node, RDF.type, DIP.Organisation) in kb
                          for node in owners)


def test_eu_institutions_speak_for_the_eu(kb: Graph) -> None:
    for qid, name in (("Q8880", "European Commission"), ("Q8889", "European Parliament"),
                      ("Q8896", "Council of the European Union")):
        assert (actor_iri(qid), RDF.type, DIP.GovernmentBody) in kb
        assert (actor_iri(qid), DIP.partOf, actor_iri("Q458")) in kb
        assert plain_owners(kb, name) == {actor_iri(qid)}


@pytest.mark.parametrize(
    "qid,aliases,metonyms",
    [
        ("Q789915", {"State Department", "the State Department", "Department of State"}, {"Foggy Bottom"}),
        ("Q11209", {"Defense Department", "the Defense Department", "Department of Defense"}, {"the Pentagon"}),
    ],
)
def test_us_government_bodies_speak_for_the_us(kb: Graph, qid: str, aliases: set[str], metonyms: set[str]) -> None:
    assert (actor_iri(qid), RDF.type, DIP.GovernmentBody) in kb
    assert (actor_iri(qid), OWL.sameAs, wikidata(qid)) in kb
    assert (actor_iri(qid), DIP.partOf, actor_iri("Q30")) in kb
    assert aliases <= names(kb, qid, SKOS.altLabel)
    assert metonyms <= names(kb, qid, DIP.metonym)
    for name in aliases | metonyms:
        assert plain_owners(kb, name) == {actor_iri(qid)}


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,qid",
    [
        ("US", "Q30"), ("U.S.", "Q30"), ("USA", "Q30"), ("U.S.A.", "Q30"), ("America", "Q30"),
        ("United States of America", "Q30"), ("UK", "Q145"), ("U.K.", "Q145"), ("Britain", "Q145"),
        ("Great Britain", "Q145"), ("DPRK", "Q423"), ("North Korea", "Q423"), ("ROK", "Q884"),
        ("South Korea", "Q884"), ("Republic of Korea", "Q884"), ("PRC", "Q148"),
        ("People's Republic of China", "Q148"), ("ROC", "Q865"), ("Republic of China", "Q865"),
        ("UAE", "Q878"), ("KSA", "Q851"), ("Saudi", "Q851"), ("Chinese", "Q148"), ("American", "Q30"),
        ("Beijing", "Q148"), ("Moscow", "Q159"), ("Washington", "Q30"), ("Kyiv", "Q212"), ("Kiev", "Q212"),
        ("the Kremlin", "Q159"), ("the White House", "Q30"), ("Downing Street", "Q145"),
        ("the Elysee", "Q142"), ("the Élysée", "Q142"), ("Zhongnanhai", "Q148"), ("the Blue House", "Q884"),
        ("Whitehall", "Q145"), ("Quai d'Orsay", "Q142"), ("Foggy Bottom", "Q789915"),
        ("Guinea", "Q1006"), ("Guinea-Bissau", "Q1007"), ("Equatorial Guinea", "Q983"),
    ],
)
def test_names_link_to_one_actor(kb: Graph, name: str, qid: str) -> None:
    assert plain_owners(kb, name) == {actor_iri(qid)}


def test_taiwan_is_not_called_chinese(kb: Graph) -> None:
    assert "Taiwanese" in names(kb, "Q865", DIP.demonym)
    every_name = {str(o) for _, o in kb.predicate_objects(actor_iri("Q865"))}
    assert "Chinese" not in every_name


def test_each_demonym_names_one_actor(kb: Graph) -> None:
    owners: dict[str, set] = defaultdict(set)
    for subject, demonym in kb.subject_objects(DIP.demonym):
        owners[str(demonym)].add(subject)
    assert not {d: s for d, s in owners.items() if len(s) > 1}


def test_brussels_is_the_eu_as_usual_but_ambiguous_with_belgium(kb: Graph) -> None:
    assert plain_owners(kb, "Brussels") == {actor_iri("Q458")}
    assert set(kb.subjects(DIP.ambiguousName, Literal("Brussels", lang="en"))) == {
        actor_iri("Q31"), actor_iri("Q458"),
    }


@pytest.mark.parametrize(
    "name,qids",
    [
        ("Georgia", {"Q230"}), ("Congo", {"Q974", "Q971"}), ("Congolese", {"Q974", "Q971"}),
        ("Guinea", {"Q1006"}), ("Korea", {"Q423", "Q884"}), ("Macedonia", {"Q221"}),
        ("Washington", {"Q30"}), ("the Republic", {"Q27"}),
    ],
)
def test_classic_ambiguous_names_are_recorded(kb: Graph, name: str, qids: set[str]) -> None:
    holders = set(kb.subjects(DIP.ambiguousName, Literal(name, lang="en")))
    assert holders == {actor_iri(q) for q in qids}


def test_an_ambiguous_name_is_no_plain_name_of_another_actor(kb: Graph) -> None:
    for name in set(kb.objects(None, DIP.ambiguousName)):
        holders = set(kb.subjects(DIP.ambiguousName, name))
        assert plain_owners(kb, str(name)) <= holders, name


def test_the_kremlin_stands_for_russia_alone(kb: Graph) -> None:
    assert plain_owners(kb, "the Kremlin") == {actor_iri("Q159")}


def test_no_two_letter_aliases_but_us_uk_eu_un(kb: Graph) -> None:
    codes = {str(o) for o in kb.objects(None, SKOS.altLabel) if re.fullmatch(r"[A-Z]{2}", str(o))}
    assert codes == {"US", "UK", "EU", "UN"}


# --- leaders over time --------------------------------------------------------------------------


def test_trump_is_us_head_of_state_twice(kb: Graph) -> None:
    found = tenures(kb, "Q22686", "Q30", DIP.HeadOfState)
    assert spans(found) == [(date(2017, 1, 20), date(2021, 1, 20)), (date(2025, 1, 20), None)]
    assert {t["office"] for t in found} == {wikidata("Q11696")}


def test_obama_and_biden_in_between(kb: Graph) -> None:
    assert spans(tenures(kb, "Q76", "Q30", DIP.HeadOfState)) == [(date(2009, 1, 20), date(2017, 1, 20))]
    assert spans(tenures(kb, "Q6279", "Q30", DIP.HeadOfState)) == [(date(2021, 1, 20), date(2025, 1, 20))]


def test_putin_president_prime_minister_president(kb: Graph) -> None:
    assert spans(tenures(kb, "Q7747", "Q159", DIP.HeadOfState)) == [
        (date(2000, 5, 7), date(2008, 5, 7)), (date(2012, 5, 7), None),
    ]
    assert spans(tenures(kb, "Q7747", "Q159", DIP.HeadOfGovernment)) == [
        (date(1999, 8, 9), date(2000, 5, 7)), (date(2008, 5, 8), date(2012, 5, 7)),
    ]
    assert {t["office"] for t in tenures(kb, "Q7747", "Q159", DIP.HeadOfGovernment)} == {wikidata("Q842386")}


def test_medvedev_president_then_prime_minister(kb: Graph) -> None:
    assert spans(tenures(kb, "Q23530", "Q159", DIP.HeadOfState)) == [(date(2008, 5, 7), date(2012, 5, 7))]
    (premiership,) = tenures(kb, "Q23530", "Q159", DIP.HeadOfGovernment)
    assert premiership["start"].year == 2012 and premiership["end"] == date(2020, 1, 16)
    assert actor_iri("Q23530") in heads_on(kb, "Q159", DIP.HeadOfState, date(2010, 6, 1))
    assert actor_iri("Q23530") not in heads_on(kb, "Q159", DIP.HeadOfState, date(2023, 6, 1))
    assert actor_iri("Q23530") not in heads_on(kb, "Q159", DIP.HeadOfGovernment, date(2023, 6, 1))


@pytest.mark.parametrize(
    "person,state,role,start,end",
    [
        ("Q15031", "Q148", DIP.HeadOfState, date(2013, 3, 14), None),  # Xi Jinping
        ("Q567", "Q183", DIP.HeadOfGovernment, date(2005, 11, 22), date(2021, 12, 8)),  # Merkel
        ("Q1058", "Q668", DIP.HeadOfGovernment, date(2014, 5, 26), None),  # Modi
    ],
)
def test_leaders_with_their_dates(
    kb: Graph, person: str, state: str, role: URIRef, start: date, end: date | None
) -> None:
    assert spans(tenures(kb, person, state, role)) == [(start, end)]


@pytest.mark.parametrize(
    "person,state,role",
    [
        ("Q180589", "Q145", DIP.HeadOfGovernment),  # Boris Johnson
        ("Q3052772", "Q142", DIP.HeadOfState),  # Emmanuel Macron
        ("Q61053", "Q183", DIP.HeadOfGovernment),  # Olaf Scholz
        ("Q122465", "Q17", DIP.HeadOfGovernment),  # Yoshihide Suga
        ("Q359480", "Q17", DIP.HeadOfGovernment),  # Fumio Kishida
        ("Q3874799", "Q212", DIP.HeadOfState),  # Volodymyr Zelensky
        ("Q348144", "Q794", DIP.HeadOfGovernment),  # Hassan Rouhani
        ("Q5947347", "Q794", DIP.HeadOfGovernment),  # Ebrahim Raisi
        ("Q43723", "Q801", DIP.HeadOfGovernment),  # Benjamin Netanyahu
        ("Q39318", "Q801", DIP.HeadOfGovernment),  # Naftali Bennett
        ("Q233984", "Q865", DIP.HeadOfState),  # Tsai Ing-wen
        ("Q56226", "Q423", DIP.HeadOfState),  # Kim Jong Un
        ("Q21001", "Q884", DIP.HeadOfState),  # Moon Jae-in
        ("Q102139", "Q35", DIP.HeadOfState),  # Margrethe II, through Denmark's same_as
    ],
)
def test_leaders_in_office_in_2021(kb: Graph, person: str, state: str, role: URIRef) -> None:
    found = tenures(kb, person, state, role)
    assert any(t["start"] <= date(2021, 12, 31) and (t["end"] or date.max) >= date(2021, 1, 1) for t in found)


def test_every_tenure_is_from_2000_on_and_well_ordered(kb: Graph) -> None:
    for node in kb.subjects(RDF.type, DIP.Tenure):
        start, end = kb.value(node, DIP.startDate).toPython(), kb.value(node, DIP.endDate)
        if end is not None:
            assert end.toPython() >= max(start, date(2000, 1, 1))
        assert len(set(kb.subjects(DIP.holds, node))) == 1


def test_every_person_holds_a_tenure(kb: Graph) -> None:
    for person in kb.subjects(RDF.type, DIP.Person):
        assert (person, DIP.holds, None) in kb


def test_fictional_stale_and_non_human_holders_are_gone(kb: Graph) -> None:
    # Trembley and Baker (fictional US presidents), the Swiss Federal Council, Haiti's council
    for qid in ("Q113227667", "Q107054330", "Q30917", "Q124846311"):
        assert (actor_iri(qid), None, None) not in kb


def test_offline_kb_has_no_foreign_ministers(kb: Graph) -> None:
    """The copied sources have none (NOTICE says so); `kg actors refresh` fetches them."""
    assert (None, DIP.role, DIP.ForeignMinister) not in kb


def test_coverage_notes_list_exactly_the_uncovered_years(kb: Graph) -> None:
    covered: dict[tuple[URIRef, str], set[int]] = defaultdict(set)
    words = {DIP.HeadOfState: "head-of-state", DIP.HeadOfGovernment: "head-of-government"}
    for node in kb.subjects(RDF.type, DIP.Tenure):
        end = kb.value(node, DIP.endDate)
        first = max(kb.value(node, DIP.startDate).toPython().year, 2000)
        last = min(end.toPython().year if end is not None else 2025, 2025)
        key = (kb.value(node, DIP.officeOf), words[kb.value(node, DIP.role)])
        covered[key] |= set(range(first, last + 1))
    for state in kb.subjects(RDF.type, DIP.State):
        notes = {str(n) for n in kb.objects(state, DIP.coverageNote)}
        expected = set()
        for word in words.values():
            gaps = sorted(set(range(2000, 2026)) - covered[(state, word)])
            if gaps:
                expected.add(f"no {word} term in the sources for {year_ranges(gaps)}")
        assert notes == expected, state


@pytest.mark.parametrize(
    "qid,note",
    [
        ("Q142", "no head-of-government term in the sources for 2000-2006"),  # Jospin to Villepin
        ("Q23681", "no head-of-state term in the sources for 2000-2025"),  # Northern Cyprus
    ],
)
def test_known_gaps_are_noted(kb: Graph, qid: str, note: str) -> None:
    assert note in names(kb, qid, DIP.coverageNote)


def test_g20_and_big_states_have_heads_in_2024(kb: Graph) -> None:
    for qid in ("Q30", "Q148", "Q159", "Q668", "Q183", "Q142", "Q145", "Q17", "Q155", "Q96", "Q252", "Q843"):
        heads = heads_on(kb, qid, DIP.HeadOfState, date(2024, 6, 1)) | heads_on(
            kb, qid, DIP.HeadOfGovernment, date(2024, 6, 1))
        assert heads, qid


@pytest.mark.parametrize(
    "qid,short",
    [("Q7747", "Putin"), ("Q15031", "Xi"), ("Q6279", "Biden"), ("Q21001", "Moon"), ("Q22686", "Trump"),
     ("Q76", "Obama"), ("Q567", "Merkel"), ("Q1058", "Modi"), ("Q23530", "Medvedev"), ("Q37181", "Lula"),
     ("Q10800073", "Phuc")],
)
def test_short_names_are_aliases(kb: Graph, qid: str, short: str) -> None:
    assert short in names(kb, qid, SKOS.altLabel)


def test_a_name_two_leaders_share_is_ambiguous_not_an_alias(kb: Graph) -> None:
    for qid in ("Q134068", "Q2096387"):  # Nawaz Sharif, Shehbaz Sharif
        assert "Sharif" in names(kb, qid, DIP.ambiguousName)
    owners: dict[str, set] = defaultdict(set)
    for person in kb.subjects(RDF.type, DIP.Person):
        for alias in kb.objects(person, SKOS.altLabel):
            owners[str(alias)].add(person)
    assert not {alias for alias, people in owners.items() if len(people) > 1}


def test_common_words_and_family_names_are_no_aliases(kb: Graph) -> None:
    aliases = {str(o) for p in kb.subjects(RDF.type, DIP.Person) for o in kb.objects(p, SKOS.altLabel)}
    assert not aliases & {"Kim", "To", "Key", "English", "Note", "Parts", "Fox", "Charles", "Diallo", "Nieto"}
    assert "Kim Jong Un" in names(kb, "Q56226", SKOS.altLabel)


def test_person_labels_are_english(kb: Graph) -> None:
    # cfmessias' Portuguese labels: "Isabel II do Reino Unido", "Papa Bento XVI", ...
    portuguese = re.compile(
        r"Reino Unido|Países Baixos|Dinamarca|Luxemburgo|Papa |Príncipe |Duque de| da [A-Z]\w+ \w+$"
        r"|Arábia|Bélgica|Espanha|Mónaco|Bulgária|Leão|Quedá"
    )
    for person in kb.subjects(RDF.type, DIP.Person):
        (label,) = kb.objects(person, SKOS.prefLabel)
        assert not portuguese.search(str(label)), label


# --- the override table and the build -------------------------------------------------------------


def test_every_override_has_a_reason() -> None:
    with OVERRIDES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["qid", "field", "value", "reason"]
    for row in rows[1:]:
        assert len(row) == 4 and row[3].strip(), row
    assert len(load_overrides(OVERRIDES)) == len(rows) - 1


@needs_sources
def test_build_reproduces_committed_kb(tmp_path: Path) -> None:
    out = tmp_path / "actors.ttl"
    script = REPO / "scripts" / "build_actors.py"
    command = [sys.executable, str(script), "--sources", str(SOURCES), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path)
    assert out.read_bytes() == KB.read_bytes()


def test_build_reports_a_missing_sources_folder(tmp_path: Path) -> None:
    script = REPO / "scripts" / "build_actors.py"
    command = [sys.executable, str(script), "--sources", str(tmp_path / "nowhere"), "--out", str(tmp_path / "kb.ttl")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: sources directory not found") and result.stderr.count("\n") == 1


# --- the Wikidata queries and a refresh from a Wikidata-shaped graph --------------------------------


@pytest.mark.parametrize("name", ["kb-states", "kb-organisations", "kb-leaders", "kb-incumbents"])
def test_wikidata_queries_have_headers(name: str) -> None:
    query = parse_query_file(QUERY_DIR / "wikidata" / f"{name}.rq")
    text = query.text.splitlines()
    assert text[0].startswith("# title: ") and text[1].startswith("# description: ")
    assert query.title != name and query.description and not query.params


def test_refresh_asks_for_the_organisations_of_the_kb(kb: Graph) -> None:
    text = parse_query_file(QUERY_DIR / "wikidata" / "kb-organisations.rq").text
    asked = set(re.findall(r"wd:(Q\d+)", text))
    held = {str(o).removeprefix(str(WD)) for s in kb.subjects(RDF.type, DIP.Organisation)
            for o in kb.objects(s, OWL.sameAs)}
    assert asked == held


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, str]:
    """The KB `refresh` writes from the fixture, each query evaluated by rdflib's SPARQL engine."""
    wikidata_graph = Graph().parse(FIXTURE, format="turtle")

    def select(query: str) -> list[dict[str, str]]:
        return [{str(k): str(v) for k, v in row.asdict().items()} for row in wikidata_graph.query(query)]

    out = tmp_path_factory.mktemp("refresh") / "actors.ttl"
    summary = refresh(select, out, today=date(2025, 12, 31))
    return Graph().parse(out, format="turtle"), summary


def test_refresh_summary_counts_what_it_wrote(refreshed: tuple[Graph, str]) -> None:
    graph, summary = refreshed
    groups = sum(1 for row in load_overrides(OVERRIDES) if row.field == "add_group")
    bodies = sum(1 for row in load_overrides(OVERRIDES) if row.field == "add_body")
    assert summary.startswith(f"14 states, 7 territories, 4 organisations, {groups} groups, {bodies} government bodies")
    assert "1 foreign-minister" in summary and f"{len(graph)} triples" in summary
    assert "override rows matched nothing" in summary


def test_refreshed_kb_passes_the_shapes(refreshed: tuple[Graph, str]) -> None:
    graph, _ = refreshed
    conforms, _report, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES), allow_warnings=False)
    assert conforms, text[:2000]


def test_refresh_reads_states_territories_and_names(refreshed: tuple[Graph, str]) -> None:
    graph, _ = refreshed
    assert names(graph, "Q30", SKOS.prefLabel) == {"United States"}  # the override over Wikidata's label
    assert {"US", "U.S.", "America", "United States of America", "U.S.A."} <= names(graph, "Q30", SKOS.altLabel)
    assert names(graph, "Q30", DIP.capital) == {"Washington"}
    assert (actor_iri("Q865"), RDF.type, DIP.State) in graph  # limited recognition
    assert names(graph, "Q148", DIP.demonym) == {"Chinese"} and "Chinese" not in names(graph, "Q865", DIP.demonym)
    assert (actor_iri("Q8646"), RDF.type, DIP.Territory) in graph  # ISO code, no sovereignty
    assert names(graph, "Q29999", SKOS.prefLabel) == {"Netherlands"}  # Q55 folded in
    assert {"Holland", "Kingdom of the Netherlands"} <= names(graph, "Q29999", SKOS.altLabel)
    assert names(graph, "Q29999", DIP.iso3) == {"NLD"}
    for absent in ("Q15180", "Q55"):  # dissolved; folded
        assert (actor_iri(absent), None, None) not in graph
    assert not {"🇺🇸", "RU", "Estados Unidos"} & {str(o) for o in graph.objects(None, SKOS.altLabel)}


def test_refresh_applies_the_override_table(refreshed: tuple[Graph, str]) -> None:
    graph, _ = refreshed
    assert (actor_iri("Q7835"), RDF.type, DIP.Territory) in graph  # Crimea, added by the table
    assert (actor_iri("Q789915"), DIP.partOf, actor_iri("Q30")) in graph
    assert set(graph.objects(group_iri("the West"), DIP.member)) == {
        actor_iri(q) for q in ("Q30", "Q183", "Q29999")  # the members the endpoint holds
    }
    assert set(graph.subjects(DIP.ambiguousName, Literal("Brussels", lang="en"))) == {actor_iri("Q458")}


def test_refresh_reads_tenures(refreshed: tuple[Graph, str]) -> None:
    graph, _ = refreshed
    assert spans(tenures(graph, "Q22686", "Q30", DIP.HeadOfState)) == [
        (date(2017, 1, 20), date(2021, 1, 20)), (date(2025, 1, 20), None),
    ]
    assert spans(tenures(graph, "Q7747", "Q159", DIP.HeadOfState)) == [
        (date(2000, 5, 7), date(2008, 5, 7)), (date(2012, 5, 7), None),
    ]
    assert spans(tenures(graph, "Q7747", "Q159", DIP.HeadOfGovernment)) == [
        (date(1999, 8, 9), date(2000, 5, 7)), (date(2008, 5, 8), date(2012, 5, 7)),
    ]
    assert spans(tenures(graph, "Q23530", "Q159", DIP.HeadOfGovernment)) == [(date(2012, 5, 8), date(2020, 1, 16))]
    assert spans(tenures(graph, "Q567", "Q183", DIP.HeadOfGovernment)) == [(date(2005, 11, 22), date(2021, 12, 8))]
    (secretary,) = tenures(graph, "Q6294", "Q30", DIP.ForeignMinister)
    assert (secretary["start"], secretary["end"], secretary["office"]) == (
        date(2009, 1, 21), date(2013, 2, 1), wikidata("Q14213"))
    assert (actor_iri("Q107054330"), None, None) not in graph  # fictional, not human


def test_refresh_notes_gaps_including_foreign_ministers(refreshed: tuple[Graph, str]) -> None:
    graph, _ = refreshed
    assert names(graph, "Q30", DIP.coverageNote) == {"no foreign-minister term in the sources for 2000-2008, 2014-2025"}
    assert "no head-of-government term in the sources for 2000-2004" in names(graph, "Q183", DIP.coverageNote)
