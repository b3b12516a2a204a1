"""Events to triples: shapes pass, IRIs are deterministic, Turtle round-trips, edges follow events."""

from __future__ import annotations

from dataclasses import replace

from rdflib import RDF, Graph
from rdflib.compare import isomorphic

from kg.articles import Article
from kg.events import Event
from kg.iri import actor_iri, mint
from kg.rdf import actor_classes, actors_graph, actors_ntriples, article_graph, event_iri, with_actor_classes, with_actors
from kg.validate import check, check_articles
from kg.vocab import DIP, DIPR
from tests.conftest import CHINA, RUSSIA, USA


def test_sample_graph_with_kb_actors_passes_the_shapes(sample_article: Article,
                                                        sample_events: dict[str, Event]) -> None:
    verdict = check(with_actors(article_graph(sample_article, sample_events.values())))
    assert verdict.conforms, verdict.report


def test_the_ingest_check_agrees_with_the_full_one(sample_article: Article, sample_events: dict[str, Event]) -> None:
    """Articles are checked with their actors' classes against the shapes that can apply to them; the
    verdict is the full check's, for a good graph and for graphs broken in each kind of way."""
    good = article_graph(sample_article, sample_events.values())
    event = next(good.subjects(DIP.status, None))
    no_evidence = Graph()
    no_evidence += (t for t in good if t[1] != DIP.evidence)
    unknown_actor = Graph() + good
    unknown_actor.add((event, DIP.participant, actor_iri("Q1")))  # an IRI the KB has no class for
    wrong_literal = Graph() + good
    wrong_literal.add((event, DIP.status, DIP.Visit))  # a class where a status must be
    verdicts = [(check(with_actors(g)).conforms, check_articles(with_actor_classes(g)).conforms)
                for g in (good, no_evidence, unknown_actor, wrong_literal)]
    assert verdicts == [(True, True), (False, False), (False, False), (False, False)]


def test_the_stored_reference_graph_is_the_one_rdflib_builds() -> None:
    """An ingest stores the reference graph as Oxigraph writes it and checks actors' classes from
    an index of the knowledge base, neither by way of actors_graph(): both must say the same."""
    reference = actors_graph()
    assert set(Graph().parse(data=actors_ntriples(), format="nt")) == set(reference)
    actors = {s for s in reference.subjects(RDF.type, None) if str(s).startswith(str(DIPR["actor/"]))}
    classes = actor_classes()
    assert len(actors) > 1000
    assert {a: set(reference.objects(a, RDF.type)) for a in actors} == {a: set(classes[a]) for a in actors}


def test_knowledge_base_passes_the_shapes() -> None:
    verdict = check(actors_graph())
    assert verdict.conforms, verdict.report


def test_same_reading_gives_the_same_iris(sample_article: Article, sample_events: dict[str, Event]) -> None:
    first = article_graph(sample_article, sample_events.values())
    second = article_graph(sample_article, list(sample_events.values()))
    assert set(first) == set(second)


def test_turtle_round_trips(sample_article: Article, sample_events: dict[str, Event]) -> None:
    graph = article_graph(sample_article, sample_events.values())
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(graph, again)


def test_events_differing_in_status_get_different_iris(sample_events: dict[str, Event]) -> None:
    event = next(iter(sample_events.values()))
    other = replace(event, status="cancelled")
    assert event_iri(event) != event_iri(other)


def test_direct_edges_follow_status_and_polarity(sample_article: Article, sample_events: dict[str, Event]) -> None:
    event = next(e for e in sample_events.values() if e.family == "meeting")
    met = replace(event, status="occurred", participants=(CHINA, RUSSIA))
    edges = article_graph(sample_article, [met])
    assert (actor_iri("Q148"), DIP.metWith, actor_iri("Q159")) in edges
    assert (actor_iri("Q159"), DIP.metWith, actor_iri("Q148")) in edges
    denied = article_graph(sample_article, [replace(met, negated=True)])
    assert not list(denied.triples((None, DIP.metWith, None)))
    planned = article_graph(sample_article, [replace(met, status="planned")])
    assert not list(planned.triples((None, DIP.metWith, None)))


def test_threatened_sanction_is_no_sanctioned_edge(sample_article: Article, sample_events: dict[str, Event]) -> None:
    sanction = next(e for e in sample_events.values() if e.family == "sanction")
    threat = replace(sanction, status="threatened", sources=(USA,), targets=(RUSSIA,))
    assert not list(article_graph(sample_article, [threat]).triples((None, DIP.sanctioned, None)))
    imposed = replace(threat, status="imposed")
    assert (actor_iri("Q30"), DIP.sanctioned, actor_iri("Q159")) in article_graph(sample_article, [imposed])


def test_minted_iris_hide_user_text() -> None:
    iri = mint("event", "<script>alert(1)</script> ?x }")
    assert "script" not in iri and " " not in iri and iri.startswith("https://w3id.org/dipkg/id/event/")
