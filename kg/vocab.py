"""The project's ontology terms, as one rdflib vocabulary class.

Python code names ontology terms only through this module, so a typo is an AttributeError
rather than a silent new IRI; tests/test_ontology.py checks that every term here is declared in
ontology/dip.ttl and the other way round.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

#: Instance data (actors, articles, events, graphs) lives under this base.
DIPR = Namespace("https://w3id.org/dipkg/id/")
#: Wikidata entities and direct properties, as Wikidata itself spells them.
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")


class DIP(DefinedNamespace):
    """The dipkg ontology: events between states as nodes, with roles, status, time and provenance."""

    _NS = Namespace("https://w3id.org/dipkg/ontology#")
    _fail = True

    # Actors
    Actor: URIRef  # anything that acts in international relations
    State: URIRef  # a sovereign or partially recognised state
    Organisation: URIRef  # an intergovernmental organisation or bloc
    Person: URIRef  # a leader or official who speaks or acts for an actor
    Group: URIRef  # a named grouping used as an actor ("the West") without its own Wikidata entity
    Territory: URIRef  # a dependent or autonomous territory, or a disputed region (Hong Kong, Crimea)
    GovernmentBody: URIRef  # a ministry or agency that speaks for a state (the State Department)
    Tenure: URIRef  # a person holding an office of an actor between two dates
    HeadOfState: URIRef  # role of a tenure
    HeadOfGovernment: URIRef  # role of a tenure
    ForeignMinister: URIRef  # role of a tenure
    demonym: URIRef  # adjective or noun for an actor's people ("Chinese")
    metonym: URIRef  # a place or building that stands for an actor ("Beijing", "the Kremlin")
    capital: URIRef  # name of the capital city (also a metonym)
    iso3: URIRef  # ISO 3166-1 alpha-3 code of a state
    ambiguousName: URIRef  # a name the actor goes by that also names something else ("Brussels")
    member: URIRef  # group -> member actor
    partOf: URIRef  # government body -> the state it speaks for
    coverageNote: URIRef  # where the knowledge base's data on an actor has gaps, in words
    holds: URIRef  # person -> tenure
    office: URIRef  # tenure -> Wikidata office held
    officeOf: URIRef  # tenure -> actor the office belongs to
    role: URIRef  # tenure -> HeadOfState / HeadOfGovernment / ForeignMinister
    startDate: URIRef  # tenure start
    endDate: URIRef  # tenure end (absent while in office)

    # Articles and evidence
    Article: URIRef  # a news article the graph was built from
    Evidence: URIRef  # a sentence of an article that reports an event
    articleId: URIRef  # the article's stable identifier (given id, URL or content hash)
    evidence: URIRef  # event -> evidence sentence
    charStart: URIRef  # offset of the evidence's first character in the article text
    charEnd: URIRef  # offset just past the evidence's last character

    # Events: families and kinds
    Event: URIRef  # a reported interaction between actors
    Meeting: URIRef  # family: summits, talks, calls, visits
    Summit: URIRef
    Talks: URIRef
    Call: URIRef
    Visit: URIRef
    Sanction: URIRef  # family: sanctions, embargoes, restrictions
    Alignment: URIRef  # family: cooperation and opposition between actors
    Cooperation: URIRef
    Opposition: URIRef
    Rejection: URIRef
    Claim: URIRef  # family: claims of one actor on or against another
    TerritorialClaim: URIRef
    Demand: URIRef
    Accusation: URIRef
    Denial: URIRef
    Threat: URIRef

    # Events: roles and qualifiers
    source: URIRef  # the actor that initiates a directed event
    target: URIRef  # the actor a directed event is aimed at
    participant: URIRef  # a party to a symmetric event
    agent: URIRef  # a person who acted for a party in the event
    about: URIRef  # an actor the event concerns without taking part (Ukraine in a demand about NATO)
    status: URIRef  # event -> Status
    mode: URIRef  # event -> Mode
    negated: URIRef  # true when the sentence says the event did not happen
    condition: URIRef  # the condition a threatened or conditional event depends on, as said
    earliestDate: URIRef  # first day the event may have happened on
    latestDate: URIRef  # last day the event may have happened on
    datePrecision: URIRef  # event -> DatePrecision
    dateFromArticle: URIRef  # true when the text gave no date and the publication day stands in
    cameoCode: URIRef  # the CAMEO event code the event corresponds to
    ploverCategory: URIRef  # the PLOVER event category the CAMEO code converts to
    confidence: URIRef  # the extractor's confidence in one report of the event, 0 to 1

    Status: URIRef
    Planned: URIRef
    Occurred: URIRef
    Threatened: URIRef
    Imposed: URIRef
    Lifted: URIRef
    Cancelled: URIRef
    Denied: URIRef

    Mode: URIRef
    Virtual: URIRef
    InPerson: URIRef
    Phone: URIRef

    DatePrecision: URIRef
    Day: URIRef
    Week: URIRef
    Month: URIRef
    Year: URIRef

    # Direct state-to-state edges, like Wikidata's truthy statements
    metWith: URIRef
    sanctioned: URIRef
    alignedWith: URIRef
    opposes: URIRef
    claims: URIRef
