"""Events and articles to triples: the only module that knows how the ontology models them.

Each article becomes one named graph holding the article node, its events (n-ary nodes with roles,
status, time and provenance) and the direct actor-to-actor edges derived from them. Actors
themselves live once, in the actors graph built from the knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import permutations

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.articles import Article
from kg.codes import CAMEO, PLOVER, code_graph
from kg.events import Actor, Event
from kg.iri import actor_iri, group_iri, mint
from kg.vocab import DIP, DIPR, WD, WDT

#: The named graph that holds the actor knowledge base.
ACTORS_GRAPH = DIPR["graph/actors"]
_RDF_TYPE = ox.NamedNode(str(RDF.type))

ACTOR_CLASS = {"state": DIP.State, "organisation": DIP.Organisation, "person": DIP.Person, "group": DIP.Group,
               "territory": DIP.Territory, "body": DIP.GovernmentBody, "unresolved": DIP.Actor}
FAMILY_CLASS = {"meeting": DIP.Meeting, "sanction": DIP.Sanction, "alignment": DIP.Alignment, "claim": DIP.Claim}
KIND_CLASS = {
    ("meeting", "summit"): DIP.Summit,
    ("meeting", "talks"): DIP.Talks,
    ("meeting", "call"): DIP.Call,
    ("meeting", "visit"): DIP.Visit,
    ("sanction", "sanction"): DIP.Sanction,
    ("alignment", "cooperation"): DIP.Cooperation,
    ("alignment", "opposition"): DIP.Opposition,
    ("alignment", "rejection"): DIP.Rejection,
    ("claim", "territorial"): DIP.TerritorialClaim,
    ("claim", "demand"): DIP.Demand,
    ("claim", "accusation"): DIP.Accusation,
    ("claim", "denial"): DIP.Denial,
    ("claim", "threat"): DIP.Threat,
}
STATUS = {
    "planned": DIP.Planned,
    "occurred": DIP.Occurred,
    "threatened": DIP.Threatened,
    "imposed": DIP.Imposed,
    "lifted": DIP.Lifted,
    "cancelled": DIP.Cancelled,
    "denied": DIP.Denied,
}
MODE = {"virtual": DIP.Virtual, "in_person": DIP.InPerson, "phone": DIP.Phone}
PRECISION = {"day": DIP.Day, "week": DIP.Week, "month": DIP.Month, "year": DIP.Year}

#: Which events give which direct edge: (family, kind or None for any, status, edge). Symmetric
#: events give it both ways between every two participants; directed ones from source to target,
#: since criticism or a sanction need not be mutual.
EDGE_RULES = (
    ("meeting", None, "occurred", DIP.metWith),
    ("sanction", None, "imposed", DIP.sanctioned),
    ("alignment", "cooperation", "occurred", DIP.alignedWith),
    ("alignment", "opposition", "occurred", DIP.opposes),
    ("alignment", "rejection", "occurred", DIP.opposes),
    ("claim", "territorial", "occurred", DIP.claims),
)


@cache
def actors_graph() -> Graph:
    """The reference data stored under ACTORS_GRAPH beside the articles: the actor knowledge base,
    and the CAMEO and PLOVER concepts that events' codes and the ontology's classes point at."""
    graph = Graph()
    bind_prefixes(graph)
    # Oxigraph's parser reads the 30,000-triple file in a tenth of the time rdflib's takes.
    graph += _rdflib_triples(_kb_triples())
    graph += code_graph()
    return graph


@cache
def actors_ntriples() -> str:
    """actors_graph() as N-Triples, written by Oxigraph straight from the knowledge base's Turtle: what
    an ingest stores, without building the rdflib graph, which was a third of its start-up."""
    kb = ox.serialize(_kb_triples(), format=ox.RdfFormat.N_TRIPLES)
    assert kb is not None, "Oxigraph returns what it writes when given no file"
    return kb.decode() + code_graph().serialize(format="nt")


@cache
def actor_classes() -> dict[Node, tuple[Node, ...]]:
    """Each actor's classes in the knowledge base: all that the shapes of articles ask of an actor."""
    classes: dict[Node, list[Node]] = {}
    for triple in _kb_triples():
        if triple.predicate == _RDF_TYPE:
            classes.setdefault(rdflib_term(triple.subject), []).append(rdflib_term(triple.object))
    return {actor: tuple(found) for actor, found in classes.items()}


def _kb_triples() -> list[ox.Triple]:
    return list(ox.parse(resources.files("kg").joinpath("data", "actors.ttl").read_bytes(),
                         format=ox.RdfFormat.TURTLE))


def _rdflib_triples(triples: Iterable[ox.Triple]) -> Iterator[tuple[Node, Node, Node]]:
    """Oxigraph triples as rdflib terms, as rdflib's own parser gives them (plain strings untyped)."""
    for triple in triples:
        yield rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object)


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """An Oxigraph term as rdflib's parser gives it (a plain string untyped)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


def with_actors(graph: Graph) -> Graph:
    """An article graph plus the knowledge-base description of every actor it names, for validation."""
    kb = actors_graph()
    merged = Graph()
    merged += graph
    for node in _actors_named(graph):
        merged += _description(kb, node)
    return merged


def with_actor_classes(graph: Graph) -> Graph:
    """An article graph plus the classes of the actors it names: all that the shapes of articles and
    events ask of an actor (kg.validate.check_articles), for a tenth of a full description's cost."""
    classes = actor_classes()
    merged = Graph()
    merged += graph
    for node in _actors_named(graph):
        merged += ((node, RDF.type, found) for found in classes.get(node, ()))
    return merged


def _actors_named(graph: Graph) -> set[Node]:
    return {node for node in set(graph.objects()) | set(graph.subjects()) if str(node).startswith(str(DIPR["actor/"]))}


def _description(kb: Graph, actor: URIRef) -> Iterator[tuple]:
    """An actor's triples in the knowledge base, with a leader's tenures and the states they name."""
    for triple in kb.triples((actor, None, None)):
        yield triple
        if triple[1] == DIP.holds:
            yield from kb.triples((triple[2], None, None))
            for state in kb.objects(triple[2], DIP.officeOf):
                yield from kb.triples((state, None, None))


def bind_prefixes(graph: Graph) -> None:
    """Give serialisations the prefixes a reader expects."""
    for prefix, ns in (("dip", DIP._NS), ("dipr", DIPR), ("wd", WD), ("wdt", WDT), ("prov", PROV),
                       ("dcterms", DCTERMS), ("skos", SKOS), ("owl", OWL), ("cameo", CAMEO), ("plover", PLOVER)):
        graph.bind(prefix, ns, override=True)


def article_graph_iri(article_id: str) -> URIRef:
    """The named graph that holds everything derived from one article."""
    return mint("graph", article_id)


def article_iri(article_id: str) -> URIRef:
    """The node of the article itself."""
    return mint("article", article_id)


def actor_node(actor: Actor) -> URIRef:
    """The node of an actor: its Wikidata-keyed IRI, or a hashed one for a group without a QID."""
    return actor_iri(actor.qid) if actor.qid else group_iri(actor.label)


def event_iri(event: Event) -> URIRef:
    """The event's IRI from what makes it the event it is, not from the article telling it: the same
    family, kind, status, parties in their roles and dates (the same day, or the same week, month or
    year at that precision) give the same node, so every article reporting it attaches to one event,
    as GDELT counts the articles of one event. Its CAMEO code and mode are part of it, since the node
    carries one of each; an event dated only by its article stays apart from ones the text dates."""
    roles = ("|".join(sorted(a.key for a in group)) for group in (event.participants, event.sources, event.targets))
    when = f"{event.when.earliest}/{event.when.latest}/{event.when.from_article}" if event.when else ""
    return mint("event", event.family, event.kind, event.status, str(event.negated), *roles, when,
                event.cameo or "", event.mode or "")


#: Characters no XML 1.0 document may hold (C0 controls but tab and line ends, U+FFFE, U+FFFF, lone
#: surrogates): a literal holding one could not be written as RDF/XML or SPARQL XML results.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text_literal(text: str, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
    """A literal of text from an article, each character no RDF syntax can carry replaced by U+FFFD
    (one for one, so evidence offsets still point at the same characters)."""
    return Literal(_NOT_XML.sub("\ufffd", text), lang=lang, datatype=datatype)


def article_graph(article: Article, events: Iterable[Event]) -> Graph:
    """The triples of one article's named graph (returned as a plain graph to be stored under it).

    No prefixes are bound: the graph goes to the store as N-Triples and to the validator, and binding
    them took three quarters of the time spent building it (0.6 of 0.8 s over 841 Reuters stories).
    """
    graph = Graph()
    art = article_iri(article.id)
    for triple in _article_triples(art, article):
        graph.add(triple)
    for event in events:
        node = event_iri(event)
        for triple in _event_triples(node, art, article.id, event):
            graph.add(triple)
        for triple in _edges(event):
            graph.add(triple)
    return graph


def _article_triples(art: URIRef, article: Article) -> Iterator[tuple]:
    yield art, RDF.type, DIP.Article
    yield art, DIP.articleId, text_literal(article.id)
    if article.title:
        yield art, DCTERMS.title, text_literal(article.title)
    if article.published:
        yield art, DCTERMS.date, Literal(article.published, datatype=XSD.date)
    if article.url:
        yield art, DCTERMS.source, text_literal(article.url, datatype=XSD.anyURI)


def _event_triples(node: URIRef, art: URIRef, article_id: str, event: Event) -> Iterator[tuple]:
    yield node, RDF.type, DIP.Event
    yield node, RDF.type, FAMILY_CLASS[event.family]
    yield node, RDF.type, KIND_CLASS[(event.family, event.kind)]
    yield node, PROV.wasDerivedFrom, art
    yield node, DIP.status, STATUS[event.status]
    yield node, DIP.negated, Literal(event.negated)
    yield node, DIP.confidence, Literal(Decimal(str(round(event.confidence, 2))), datatype=XSD.decimal)
    for role, actors in ((DIP.participant, event.participants), (DIP.source, event.sources),
                         (DIP.target, event.targets), (DIP.agent, event.agents), (DIP.about, event.about)):
        for actor in actors:
            yield node, role, actor_node(actor)
            if not actor.qid:
                yield from _unlinked_triples(actor)
    if event.mode:
        yield node, DIP.mode, MODE[event.mode]
    if event.condition:
        yield node, DIP.condition, text_literal(event.condition)
    if event.when:
        yield node, DIP.earliestDate, Literal(event.when.earliest, datatype=XSD.date)
        yield node, DIP.latestDate, Literal(event.when.latest, datatype=XSD.date)
        yield node, DIP.datePrecision, PRECISION[event.when.precision]
        if event.when.from_article:
            yield node, DIP.dateFromArticle, Literal(True)
    if event.cameo:
        yield node, DIP.cameoCode, Literal(event.cameo)
    if event.plover:
        yield node, DIP.ploverCategory, Literal(event.plover)
    for evidence in event.evidence:
        ev = mint("evidence", article_id, str(evidence.start), str(evidence.end))
        yield node, DIP.evidence, ev
        yield ev, RDF.type, DIP.Evidence
        yield ev, RDF.value, text_literal(evidence.text)
        yield ev, DIP.charStart, Literal(evidence.start)
        yield ev, DIP.charEnd, Literal(evidence.end)
        yield ev, PROV.wasQuotedFrom, art


def _unlinked_triples(actor: Actor) -> Iterator[tuple]:
    """An actor without a Wikidata entity (a group, an unnamed official) is described where it is used."""
    node = group_iri(actor.label)
    yield node, RDF.type, ACTOR_CLASS[actor.type]
    yield node, SKOS.prefLabel, text_literal(actor.label, lang="en")


def _edges(event: Event) -> Iterator[tuple]:
    """The direct actor-to-actor edges an event supports; negated events support none."""
    if event.negated:
        return
    for family, kind, status, edge in EDGE_RULES:
        if (family, status) != (event.family, event.status) or kind not in (None, event.kind):
            continue
        for a, b in permutations(event.participants, 2):
            yield actor_node(a), edge, actor_node(b)
        for source in event.sources:
            for target in event.targets:
                yield actor_node(source), edge, actor_node(target)
