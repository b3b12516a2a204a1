"""The ontology (ontology/dip.ttl), the Python vocabulary (kg/vocab.py) and the SHACL shapes
(ontology/shapes.ttl) agree with one another and with what kg.rdf writes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import OWL, SH, SKOS

from kg import rdf as kgrdf
from kg.articles import Article
from kg.events import Event
from kg.rdf import event_iri
from kg.vocab import DIP, DIPR, WD

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "dip.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
DIP_NS = str(DIP._NS)
ONTOLOGY_IRI = URIRef("https://w3id.org/dipkg/ontology")

DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
EVENT_KIND_CLASSES = {
    DIP.Summit, DIP.Talks, DIP.Call, DIP.Visit, DIP.Sanction, DIP.Cooperation, DIP.Opposition,
    DIP.Rejection, DIP.TerritorialClaim, DIP.Demand, DIP.Accusation, DIP.Denial, DIP.Threat,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def vocab_terms() -> set[URIRef]:
    """Every term the Python vocabulary class declares."""
    return {DIP[name] for name in DIP.__annotations__}


def dip_iris(graph: Graph) -> set[URIRef]:
    """Every IRI in the dip: namespace used anywhere in a graph."""
    return {term for triple in graph for term in triple if isinstance(term, URIRef) and term.startswith(DIP_NS)}


# --- (a) the files parse ------------------------------------------------------------------------


def test_ontology_parses_and_names_itself(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, RDFS.label) is not None
    assert ontology.namespace_manager.store.namespace("dip") == URIRef(DIP_NS)


def test_shapes_parse_and_every_shape_has_a_message(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    # property shapes that report on their own; those nested in sh:or alternatives report through the node shape
    property_shapes = {p for s in node_shapes for p in shapes.objects(s, SH.property)}
    assert len(node_shapes) >= 10 and len(property_shapes) >= 40
    for shape in node_shapes | property_shapes:
        assert shapes.value(shape, SH.message) is not None, f"shape without sh:message: {shape}"


# --- (b) the ontology and kg/vocab.py declare the same terms ------------------------------------


def test_every_vocab_term_is_declared_with_label_and_comment(ontology: Graph) -> None:
    terms = vocab_terms()
    assert len(terms) == len(DIP.__annotations__) > 70
    for term in sorted(terms):
        types = set(ontology.objects(term, RDF.type))
        assert types & DECLARATION_TYPES, f"{term} is not declared in dip.ttl"
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"


def test_no_dip_term_outside_the_vocab(ontology: Graph, shapes: Graph) -> None:
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(DIP_NS)}
    assert declared == vocab_terms()
    assert dip_iris(ontology) <= vocab_terms()
    assert dip_iris(shapes) <= vocab_terms(), dip_iris(shapes) - vocab_terms()


def test_class_hierarchy(ontology: Graph) -> None:
    expected = {
        DIP.Actor: [DIP.State, DIP.Territory, DIP.Organisation, DIP.GovernmentBody, DIP.Person, DIP.Group],
        DIP.Event: [DIP.Meeting, DIP.Sanction, DIP.Alignment, DIP.Claim],
        DIP.Meeting: [DIP.Summit, DIP.Talks, DIP.Call, DIP.Visit],
        DIP.Alignment: [DIP.Cooperation, DIP.Opposition, DIP.Rejection],
        DIP.Claim: [DIP.TerritorialClaim, DIP.Demand, DIP.Accusation, DIP.Denial, DIP.Threat],
    }
    for parent, children in expected.items():
        assert set(ontology.subjects(RDFS.subClassOf, parent)) == set(children), parent
    for provenance in (DIP.Event, DIP.Article, DIP.Evidence):
        assert (provenance, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in ontology


def test_every_class_and_individual_kg_rdf_writes_is_typed_accordingly(ontology: Graph) -> None:
    for cls in [*kgrdf.FAMILY_CLASS.values(), *kgrdf.KIND_CLASS.values()]:
        assert (cls, RDF.type, OWL.Class) in ontology, cls
    for values, cls in ((kgrdf.STATUS, DIP.Status), (kgrdf.MODE, DIP.Mode), (kgrdf.PRECISION, DIP.DatePrecision)):
        members = set(ontology.subjects(RDF.type, cls))
        assert members == set(values.values()), cls
        for member in members:
            assert {OWL.NamedIndividual, SKOS.Concept} <= set(ontology.objects(member, RDF.type))


def test_properties_have_domain_range_and_symmetry(ontology: Graph) -> None:
    properties = {*ontology.subjects(RDF.type, OWL.ObjectProperty), *ontology.subjects(RDF.type, OWL.DatatypeProperty)}
    for prop in properties - {DIP.office}:  # a Wikidata office has no class of ours
        assert ontology.value(prop, RDFS.domain) is not None, f"{prop} has no rdfs:domain"
        assert ontology.value(prop, RDFS.range) is not None, f"{prop} has no rdfs:range"
    assert set(ontology.subjects(RDF.type, OWL.SymmetricProperty)) == {DIP.metWith, DIP.alignedWith}
    for edge in (DIP.metWith, DIP.sanctioned, DIP.alignedWith, DIP.opposes, DIP.claims):
        assert (edge, RDF.type, OWL.ObjectProperty) in ontology
    assert ontology.value(DIP.confidence, RDFS.range) == ns.XSD.decimal
    assert ontology.value(DIP.earliestDate, RDFS.range) == ns.XSD.date


def test_event_kinds_name_their_cameo_and_plover_counterparts(ontology: Graph) -> None:
    for cls in EVENT_KIND_CLASSES | {DIP.Meeting, DIP.Alignment, DIP.Claim}:
        note = " ".join(str(o) for o in ontology.objects(cls, SKOS.scopeNote))
        assert "CAMEO" in note and "PLOVER" in note, cls
    assert "041" in str(ontology.value(DIP.Call, SKOS.scopeNote))
    assert (DIP.State, SKOS.closeMatch, WD.Q3624078) in ontology


# --- (c) what kg.rdf writes passes the shapes, and each broken constraint is caught -------------


def validate(data: Graph, shapes: Graph) -> tuple[bool, list[str]]:
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=False)
    messages = [str(m) for m in report.objects(None, SH.resultMessage)]
    return conforms, messages


def test_sample_graph_conforms(sample_union_graph: Graph, shapes: Graph) -> None:
    conforms, messages = validate(sample_union_graph, shapes)
    assert conforms, messages


def test_article_graph_alone_lacks_the_actors(sample_article_graph: Graph, shapes: Graph) -> None:
    """Why the shapes are run over the union: the events' actors are in the actors graph."""
    conforms, messages = validate(sample_article_graph, shapes)
    assert not conforms
    assert any("must be an actor" in m for m in messages)


def _evidence_of(graph: Graph, event: URIRef) -> URIRef:
    return min(graph.objects(event, DIP.evidence), key=lambda e: int(graph.value(e, DIP.charStart)))


def _replace(graph: Graph, subject: URIRef, predicate: URIRef, value) -> None:
    graph.remove((subject, predicate, None))
    graph.add((subject, predicate, value))


Mutation = Callable[[Graph, Callable[[str], URIRef]], None]

MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "no status": (
        lambda g, ev: g.remove((ev("summit"), DIP.status, None)),
        "exactly one dip:status"),
    "two statuses": (
        lambda g, ev: g.add((ev("summit"), DIP.status, DIP.Occurred)),
        "exactly one dip:status"),
    "status not a Status": (
        lambda g, ev: _replace(g, ev("summit"), DIP.status, DIP.Virtual),
        "exactly one dip:status"),
    "confidence above one": (
        lambda g, ev: _replace(g, ev("summit"), DIP.confidence, Literal(Decimal("1.5"), datatype=ns.XSD.decimal)),
        "an xsd:decimal between 0 and 1"),
    "negated missing": (
        lambda g, ev: g.remove((ev("summit"), DIP.negated, None)),
        "exactly one dip:negated"),
    "no evidence": (
        lambda g, ev: g.remove((ev("cooperation"), DIP.evidence, None)),
        "at least one dip:evidence"),
    "not derived from an article": (
        lambda g, ev: g.remove((ev("cooperation"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None)),
        "prov:wasDerivedFrom at least one dip:Article"),
    "start after end": (
        lambda g, ev: _replace(g, _evidence_of(g, ev("summit")), DIP.charStart, Literal(500)),
        "smaller than its dip:charEnd"),
    "negative start": (
        lambda g, ev: _replace(g, _evidence_of(g, ev("summit")), DIP.charStart, Literal(-1)),
        "non-negative integer"),
    "neither participants nor target": (
        lambda g, ev: g.remove((ev("imposed_sanction"), DIP.target, None)),
        "either two or more dip:participant"),
    "one participant only": (
        lambda g, ev: g.remove((ev("cooperation"), DIP.participant, DIPR["actor/Q148"])),
        "either two or more dip:participant"),
    "participants and a target": (
        lambda g, ev: g.add((ev("summit"), DIP.target, DIPR["actor/Q30"])),
        "either two or more dip:participant"),
    "participant not an actor": (
        lambda g, ev: g.add((ev("summit"), DIP.participant, DIPR["actor/Q999999"])),
        "Every dip:participant must be an actor"),
    "source not an actor": (
        lambda g, ev: _replace(g, ev("threatened_sanction"), DIP.source, URIRef("http://example.org/somebody")),
        "Every dip:source must be an actor"),
    "state without sameAs": (
        lambda g, ev: g.remove((DIPR["actor/Q148"], OWL.sameAs, None)),
        "A state needs exactly one owl:sameAs"),
    "sameAs not Wikidata": (
        lambda g, ev: _replace(g, DIPR["actor/Q148"], OWL.sameAs, URIRef("http://dbpedia.org/resource/China")),
        "must be a Wikidata item IRI"),
    "state without English label": (
        lambda g, ev: _replace(g, DIPR["actor/Q159"], SKOS.prefLabel, Literal("Россия", lang="ru")),
        "exactly one English skos:prefLabel"),
    "group without English label": (
        lambda g, ev: g.remove((next(g.subjects(RDF.type, DIP.Group)), SKOS.prefLabel, None)),
        "A group needs an English skos:prefLabel"),
    "group with sameAs": (
        lambda g, ev: g.add((next(g.subjects(RDF.type, DIP.Group)), OWL.sameAs, WD.Q12345)),
        "A group has no owl:sameAs"),
    "date without precision": (
        lambda g, ev: g.remove((ev("summit"), DIP.datePrecision, None)),
        "all three or none"),
    "earliest after latest": (
        lambda g, ev: _replace(g, ev("summit"), DIP.earliestDate, Literal("2022-01-01", datatype=ns.XSD.date)),
        "no later than its dip:latestDate"),
    "date not an xsd:date": (
        lambda g, ev: _replace(g, ev("summit"), DIP.latestDate, Literal("2021-12-15T00:00", datatype=ns.XSD.dateTime)),
        "dip:latestDate, an xsd:date"),
    "two modes": (
        lambda g, ev: g.add((ev("summit"), DIP.mode, DIP.Phone)),
        "at most one dip:mode"),
    "bad CAMEO code": (
        lambda g, ev: _replace(g, ev("summit"), DIP.cameoCode, Literal("04a")),
        "dip:cameoCode, a string of two to four digits"),
    "lower-case PLOVER category": (
        lambda g, ev: _replace(g, ev("summit"), DIP.ploverCategory, Literal("consult")),
        "PLOVER categories"),
    "kind without its family": (
        lambda g, ev: g.remove((ev("summit"), RDF.type, DIP.Meeting)),
        "must also be typed dip:Meeting"),
    "article without id": (
        lambda g, ev: g.remove((None, DIP.articleId, None)),
        "exactly one dip:articleId"),
    "tenure without start": (
        lambda g, ev: g.remove((None, DIP.startDate, None)),
        "exactly one dip:startDate"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_broken_graph_fails_with_its_message(
    name: str, sample_union_graph: Graph, shapes: Graph, sample_article: Article, sample_events: dict[str, Event]
) -> None:
    mutate, expected = MUTATIONS[name]
    before = set(sample_union_graph)
    mutate(sample_union_graph, lambda key: event_iri(sample_events[key]))
    assert set(sample_union_graph) != before, "the mutation changed nothing"
    conforms, messages = validate(sample_union_graph, shapes)
    assert not conforms
    assert any(expected in m for m in messages), f"{expected!r} not in {messages}"


def test_classes_align_with_cameo_and_plover_concepts_the_store_holds() -> None:
    from kg.codes import CAMEO, PLOVER, code_graph, cameo_table

    ontology = Graph().parse(ONTOLOGY, format="turtle")
    codes = code_graph()
    matched = {o for o in ontology.objects(None, SKOS.closeMatch) if str(o).startswith((str(CAMEO), str(PLOVER)))}
    assert len(matched) >= 20
    for concept in matched:
        assert (concept, RDF.type, SKOS.Concept) in codes, f"{concept} is not a concept of the code schemes"
    for kind in (DIP.Summit, DIP.Sanction, DIP.Accusation, DIP.Threat):
        assert any(str(o).startswith(str(CAMEO)) for o in ontology.objects(kind, SKOS.closeMatch)), kind
    # every CAMEO code is one concept, under its parent, close to its PLOVER category
    assert len(set(codes.subjects(SKOS.inScheme, CAMEO[""]))) == len(cameo_table())
    assert (CAMEO["1125"], SKOS.broader, CAMEO["112"]) in codes
    assert (CAMEO["163"], SKOS.closeMatch, PLOVER[cameo_table()["163"].plover]) in codes
