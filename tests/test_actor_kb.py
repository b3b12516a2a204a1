"""The committed actor knowledge base holds the real facts the linker relies on.

These read kg/data/actors.ttl as a user's checkout has it; the tests that need the copied sources in
../shared (the UN member list, the rebuild) skip where that folder is absent.
"""

import csv
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg.iri import actor_iri, group_iri, is_qid, wikidata
from kg.vocab import DIP, WD

REPO = Path(__file__).resolve().parents[1]
KB = REPO / "kg" / "data" / "actors.ttl"
OVERRIDES = REPO / "kg" / "data" / "actor_overrides.csv"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SOURCES = SHARED / "data" / "wikidata-sources"
needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared is not present")

#: Vatican City is marked a UN member by mledoze, but the Holy See is an observer (SOURCES.md).
MLEDOZE_UN_MEMBER_ERRORS = {"VA"}


@pytest.fixture(scope="module")
def kb() -> Graph:
    return Graph().parse(KB, format="turtle")


def names(graph: Graph, qid: str, predicate: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(actor_iri(qid), predicate)}


def tenures(graph: Graph, person_qid: str, state_qid: str, role: URIRef) -> list[dict]:
    """The person's tenures of one role of one actor, with their dates."""
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
    return found


def covers(tenure: dict, day: date) -> bool:
    return tenure["start"] <= day and (tenure["end"] is None or tenure["end"] >= day)


def overlaps_2021(tenure: dict) -> bool:
    return tenure["start"] <= date(2021, 12, 31) and (
        tenure["end"] is None or tenure["end"] >= date(2021, 1, 1)
    )


def test_kb_parses_with_pyoxigraph_too(kb: Graph) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(KB), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(kb) > 5000


def test_china_is_chinese_with_capital_beijing(kb: Graph) -> None:
    assert (actor_iri("Q148"), RDF.type, DIP.State) in kb
    assert "Chinese" in names(kb, "Q148", DIP.demonym)
    assert names(kb, "Q148", DIP.capital) == {"Beijing"}
    assert names(kb, "Q148", SKOS.prefLabel) == {"China"}


def test_taiwan_is_not_called_chinese(kb: Graph) -> None:
    assert (actor_iri("Q865"), RDF.type, DIP.State) in kb
    assert "Taiwanese" in names(kb, "Q865", DIP.demonym)
    every_name = {str(o) for _, o in kb.predicate_objects(actor_iri("Q865"))}
    assert "Chinese" not in every_name


def test_each_demonym_names_one_actor(kb: Graph) -> None:
    owners: dict[str, set] = {}
    for subject, demonym in kb.subject_objects(DIP.demonym):
        owners.setdefault(str(demonym), set()).add(subject)
    shared = {d: s for d, s in owners.items() if len(s) > 1}
    assert not shared
    assert owners["American"] == {actor_iri("Q30")}


def test_palestine_is_the_state_of_palestine(kb: Graph) -> None:
    assert (actor_iri("Q219060"), RDF.type, DIP.State) in kb
    assert (actor_iri("Q219060"), OWL.sameAs, wikidata("Q219060")) in kb
    for term in (actor_iri("Q407199"), WD.Q407199):
        assert (term, None, None) not in kb and (None, None, term) not in kb


def test_netherlands_is_the_kingdom(kb: Graph) -> None:
    assert (actor_iri("Q29999"), RDF.type, DIP.State) in kb
    assert names(kb, "Q29999", SKOS.prefLabel) == {"Netherlands"}
    assert (actor_iri("Q55"), None, None) not in kb


def test_states_are_linked_by_well_formed_qids(kb: Graph) -> None:
    states = set(kb.subjects(RDF.type, DIP.State))
    assert len(states) >= 250
    for state in states:
        (entity,) = kb.objects(state, OWL.sameAs)
        qid = str(entity).removeprefix(str(WD))
        assert is_qid(qid) and state == actor_iri(qid)
        (iso3,) = kb.objects(state, DIP.iso3)
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


@pytest.mark.parametrize(
    "qid,label",
    [
        ("Q7184", "NATO"),
        ("Q458", "European Union"),
        ("Q1065", "United Nations"),
        ("Q1764511", "G7"),
        ("Q19771", "G20"),
        ("Q243630", "BRICS"),
    ],
)
def test_key_organisations(kb: Graph, qid: str, label: str) -> None:
    assert (actor_iri(qid), RDF.type, DIP.Organisation) in kb
    assert (actor_iri(qid), OWL.sameAs, wikidata(qid)) in kb
    assert names(kb, qid, SKOS.prefLabel) == {label}


def test_organisations_keep_full_names_and_abbreviations(kb: Graph) -> None:
    nato = names(kb, "Q7184", SKOS.altLabel)
    assert {"North Atlantic Treaty Organization", "the North Atlantic Treaty Organisation"} <= nato
    assert {"EU", "the European Union"} <= names(kb, "Q458", SKOS.altLabel)
    assert "Group of Seven" in names(kb, "Q1764511", SKOS.altLabel)


def test_the_west_is_a_group_without_wikidata_item(kb: Graph) -> None:
    west = group_iri("the West")
    assert (west, RDF.type, DIP.Group) in kb
    assert "Western powers" in {str(o) for o in kb.objects(west, SKOS.altLabel)}
    assert (west, OWL.sameAs, None) not in kb


def test_xi_is_head_of_state_of_china_on_13_december_2021(kb: Graph) -> None:
    found = tenures(kb, "Q15031", "Q148", DIP.HeadOfState)
    assert any(covers(t, date(2021, 12, 13)) for t in found)


def test_putin_is_head_of_state_of_russia_in_2021(kb: Graph) -> None:
    found = tenures(kb, "Q7747", "Q159", DIP.HeadOfState)
    assert any(covers(t, date(2021, 1, 1)) and covers(t, date(2021, 12, 31)) for t in found)


def test_biden_heads_the_us_from_inauguration_day(kb: Graph) -> None:
    (tenure,) = tenures(kb, "Q6279", "Q30", DIP.HeadOfState)
    assert tenure["start"] == date(2021, 1, 20)
    assert tenure["office"] == wikidata("Q11696")


def test_trump_tenures_end_on_inauguration_day(kb: Graph) -> None:
    found = tenures(kb, "Q22686", "Q30", DIP.HeadOfState)
    found += tenures(kb, "Q22686", "Q30", DIP.HeadOfGovernment)
    assert found and {t["end"] for t in found} == {date(2021, 1, 20)}


@pytest.mark.parametrize(
    "person,state,role",
    [
        ("Q180589", "Q145", DIP.HeadOfGovernment),  # Boris Johnson
        ("Q3052772", "Q142", DIP.HeadOfState),  # Emmanuel Macron
        ("Q567", "Q183", DIP.HeadOfGovernment),  # Angela Merkel
        ("Q61053", "Q183", DIP.HeadOfGovernment),  # Olaf Scholz
        ("Q122465", "Q17", DIP.HeadOfGovernment),  # Yoshihide Suga
        ("Q359480", "Q17", DIP.HeadOfGovernment),  # Fumio Kishida
        ("Q1058", "Q668", DIP.HeadOfGovernment),  # Narendra Modi
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
    assert any(overlaps_2021(t) for t in tenures(kb, person, state, role))


def test_every_tenure_overlaps_2021(kb: Graph) -> None:
    for node in kb.subjects(RDF.type, DIP.Tenure):
        end = kb.value(node, DIP.endDate)
        tenure = {
            "start": kb.value(node, DIP.startDate).toPython(),
            "end": end.toPython() if end is not None else None,
        }
        assert overlaps_2021(tenure) and (tenure["end"] or tenure["start"]) >= tenure["start"]


def test_fictional_and_stale_holders_are_gone(kb: Graph) -> None:
    for qid in ("Q113227667", "Q107054330", "Q976974"):  # Trembley, Baker, Cosgrove (2014-2019)
        assert (actor_iri(qid), None, None) not in kb


@pytest.mark.parametrize(
    "qid,short", [("Q7747", "Putin"), ("Q15031", "Xi"), ("Q6279", "Biden"), ("Q21001", "Moon")]
)
def test_short_names_are_aliases(kb: Graph, qid: str, short: str) -> None:
    assert short in names(kb, qid, SKOS.altLabel)


def test_kim_has_no_bare_family_name(kb: Graph) -> None:
    labels = {str(o) for o in kb.objects(None, SKOS.altLabel)}
    assert "Kim" not in labels
    assert "Kim Jong Un" in names(kb, "Q56226", SKOS.altLabel)


def test_person_labels_are_english(kb: Graph) -> None:
    # cfmessias' Portuguese labels: "Isabel II do Reino Unido", "Filipe, Duque de Brabante", ...
    portuguese = re.compile(
        r"Reino Unido|Países Baixos|Dinamarca|Luxemburgo|Papa |Príncipe |Duque de"
    )
    for person in kb.subjects(RDF.type, DIP.Person):
        (label,) = kb.objects(person, SKOS.prefLabel)
        assert not portuguese.search(str(label)), label


def test_the_kremlin_stands_for_russia_alone(kb: Graph) -> None:
    owners = set(kb.subjects(DIP.metonym, Literal("the Kremlin", lang="en")))
    assert owners == {actor_iri("Q159")}


def test_no_two_letter_aliases_but_us_uk_eu_un(kb: Graph) -> None:
    codes = {str(o) for o in kb.objects(None, SKOS.altLabel) if re.fullmatch(r"[A-Z]{2}", str(o))}
    assert codes == {"US", "UK", "EU", "UN"}


def test_every_override_has_a_reason() -> None:
    with OVERRIDES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["qid", "field", "value", "reason"]
    for row in rows[1:]:
        assert len(row) == 4 and row[3].strip(), row


@needs_sources
def test_build_reproduces_committed_kb(tmp_path: Path) -> None:
    out = tmp_path / "actors.ttl"
    script = REPO / "scripts" / "build_actors.py"
    command = [sys.executable, str(script), "--sources", str(SOURCES), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path)
    assert out.read_bytes() == KB.read_bytes()
