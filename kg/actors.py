"""Actor mentions linked to Wikidata: the knowledge base, its name patterns and the linker.

The knowledge base (kg/data/actors.ttl, built by scripts/build_actors.py) gives every state,
organisation, group and leader its names. A spaCy SpanRuler (added in kg/nlp.py) finds those names
with the entity's key as the span id; `link_mentions` then turns each span into the actor it stands
for at the article's date: a demonym or capital to its state, a leader to the state they led then,
and an otherwise unknown official ("Foreign Ministry spokesperson Wang Wenbin") to the state named
just before them.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
import unicodedata

import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, SKOS
from spacy.tokens import Doc, Span, Token

from kg.events import Actor, ActorType
from kg.iri import actor_iri
from kg.nlp import ACTOR_SPANS
from kg.vocab import DIP

KB_FILE = "actors.ttl"

# The knowledge base is parsed with pyoxigraph for speed; its terms are compared as strings.
_NS = str(DIP._NS)
_RDF_TYPE = str(RDF.type)
_OWL_SAME_AS = str(OWL.sameAs)
_PREF_LABEL = str(SKOS.prefLabel)
_AMBIGUOUS = _NS + "ambiguousName"
_TYPES: dict[str, ActorType] = {
    str(DIP.State): "state",
    str(DIP.Organisation): "organisation",
    str(DIP.Person): "person",
    str(DIP.Group): "group",
    str(DIP.Territory): "territory",
    str(DIP.GovernmentBody): "body",
}
#: How a name refers to its actor; the label of the matching span.
_NAME_KINDS = {
    _PREF_LABEL: "NAME",
    str(SKOS.altLabel): "NAME",
    str(DIP.demonym): "DEMONYM",
    str(DIP.capital): "METONYM",
    str(DIP.metonym): "METONYM",
}
#: Words that introduce an official speaking for the actor named before them.
OFFICIAL_TITLES = frozenset(
    "spokesperson spokesman spokeswoman minister president premier ambassador envoy adviser advisor "
    "secretary chancellor diplomat official counterpart leader".split()
)


#: Nouns after an actor's name that stand for the actor itself ("the US administration").
ACTOR_HEADS = frozenset(
    "government governments administration authorities leadership officials official ministry diplomats "
    "negotiators delegation side sides alliance bloc allies state regime cabinet parliament lawmakers "
    "leaders ministers envoys representatives delegates counterparts president premier".split()
)
#: Prepositions after which a capital or demonym names a place or language, not a government;
#: "to" is not one of them ("will travel to Beijing" names the host).
PLACE_PREPOSITIONS = frozenset("in at near outside around across throughout inside".split())
#: Words of organisations that are part of a state, which keep the state's name its own there.
GOVERNMENT_WORDS = frozenset("the of and for ministry department foreign office government treasury embassy army navy "
                             "air force forces military congress senate parliament council cabinet administration "
                             "presidency defence defense state affairs security intelligence coast guard commission "
                             "mission delegation justice interior trade finance central bank national federal "
                             "armed house white kremlin".split())
#: Words of rank and office before a name or a title ("Prime Minister", "Crown Prince", "Vice President").
_OFFICE_WORDS = frozenset("prime deputy vice acting assistant former supreme crown prince princess king queen emir "
                          "sultan sheikh chief special senior high first lady representative spokesman".split())
#: Bodies of a state that may follow its name after a word or two ("U.S. Arms control officials").
_OFFICE_BODIES = frozenset("officials ministry government authorities administration delegation leadership cabinet "
                           "negotiators diplomats".split())
_TITLES_AND_BODIES = OFFICIAL_TITLES | _OFFICE_BODIES
#: Capitalised words beside a state's name that keep the name the state's ("US Treasury", "Crown Prince").
_NOT_OTHER_NAMES = GOVERNMENT_WORDS | OFFICIAL_TITLES | ACTOR_HEADS | _OFFICE_WORDS
#: Words of a state's formal name, which do not make a place entity another place.
STATE_FORM_WORDS = frozenset("the The of Republic Kingdom State States Federation Islamic People's Democratic "
                             "Federal United Arab Sultanate Emirate Emirates Principality Grand Duchy Socialist "
                             "Plurinational Bolivarian Hashemite Cooperative".split())
#: Words in a sentence showing that an ambiguous name means something that is not a state actor.
OTHER_SENSES = {
    "Georgia": frozenset("Atlanta Savannah governor Governor county Republican Republicans Democrat Democrats "
                         "Senate runoff runoffs".split()),
    "Washington": frozenset("Seattle Spokane Tacoma Olympia".split()),
    "Macedonia": frozenset("Thessaloniki region province".split()),
    "Congo": frozenset("basin river River rainforest".split()),
}
_NOBODY = Actor("", "unresolved")
#: Days after leaving office during which a leader's words are still read as their state's.
_STILL_SPEAKS = 5 * 365
#: Lower-case words inside officials' titles ("foreign ministry spokeswoman", "chief cabinet secretary").
_TITLE_WORDS = frozenset("foreign ministry defence defense affairs external trade finance deputy chief prime cabinet "
                         "interior justice security national senior top".split())
#: Words that may close a title before the name ("Secretary-General", "Secretary of State").
_TITLE_TAILS = frozenset("general".split())
#: A word right after an ambiguous name that gives it another sense ("Washington state", "Guinea pigs").
NEXT_WORD_SENSES = {"Washington": frozenset({"state"}), "Guinea": frozenset({"pig", "pigs", "fowl"})}
#: Things named after a country that are not the country ("Brazil nuts", "Canada geese").
NON_ACTOR_HEADS = frozenset("fries food foods cuisine dish dishes restaurant restaurants nuts nut geese goose pig pigs "
                            "cat cats dog dogs breed ink hat hats delight cheese pastry pastries oven wave mule shepherd "
                            "tea coffee wine beer salad dressing toast rug rugs carpet carpets grand prix "
                            "dlrs dollar dollars".split())  # "47 mln U.S. dlrs" is money, not the state
#: Words after "its"/"their" that name someone else ("Ukraine and its allies").
_OTHERS = frozenset("allies counterpart counterparts".split())
_HEAD_OF_STATE = str(DIP.HeadOfState)
#: Offices that, after "the", refer back to the leader named last who held one ("the president added");
#: a president who also heads the government (the US) is no "prime minister".
_OFFICES = {"president": str(DIP.HeadOfState), "king": str(DIP.HeadOfState), "queen": str(DIP.HeadOfState),
            "prime minister": str(DIP.HeadOfGovernment), "premier": str(DIP.HeadOfGovernment),
            "chancellor": str(DIP.HeadOfGovernment)}
#: Nouns that, after "the", refer back to the organisation last named.
ORGANISATION_NOUNS = frozenset("bloc alliance union organisation organization grouping".split())


@dataclass(frozen=True)
class Tenure:
    """A person holding an office of an actor between two dates (end None while in office)."""

    actor: str
    start: date
    end: date | None
    role: str = ""  # the role's IRI: head of state, head of government, foreign minister

    def covers(self, day: date) -> bool:
        """True when the person held the office on that day."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names an actor: the actor it stands for and, for a person, who spoke."""

    start: int
    end: int
    text: str
    actor: Actor
    person: Actor | None
    via: str


def _unaccented(text: str) -> str:
    """The text with its letters' accents removed ("Bogotá" -> "Bogota")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class ActorKB:
    """The actors the program knows, their names, and who led which state when."""

    def __init__(self, triples: Iterator[ox.Triple]) -> None:
        labels: dict[str, str] = {}
        types: dict[str, ActorType] = {}
        self.names: dict[str, list[tuple[str, str]]] = {}
        self.part_of: dict[str, str] = {}
        holds: dict[str, list[str]] = {}
        tenure_fields: dict[str, dict[str, str]] = {}
        qids: dict[str, str] = {}
        for s, p, o in ((t.subject.value, t.predicate.value, t.object) for t in triples):
            if p == _RDF_TYPE and o.value in _TYPES:
                types[s] = _TYPES[o.value]
            elif p == _PREF_LABEL:
                labels[s] = o.value
            if p in _NAME_KINDS or p == _AMBIGUOUS:
                self.names.setdefault(o.value, []).append((s, _NAME_KINDS.get(p, "AMBIGUOUS")))
            elif p == _OWL_SAME_AS:
                qids[s] = o.value.rsplit("/", 1)[-1]
            elif p == str(DIP.holds):
                holds.setdefault(s, []).append(o.value)
            elif p == str(DIP.partOf):
                self.part_of[s] = o.value
            elif p in (str(DIP.officeOf), str(DIP.startDate), str(DIP.endDate), str(DIP.role)):
                tenure_fields.setdefault(s, {})[p] = o.value
        self.actors = {iri: Actor(labels.get(iri, iri), kind, qids.get(iri)) for iri, kind in types.items()}
        self._terms = Counter(fields[str(DIP.officeOf)] for fields in tenure_fields.values() if str(DIP.officeOf) in fields)
        self.tenures = {
            person: sorted((self._tenure(tenure_fields[t]) for t in ts if str(DIP.officeOf) in tenure_fields.get(t, {})),
                           key=lambda t: t.start)
            for person, ts in holds.items()
        }

    @staticmethod
    def _tenure(fields: dict[str, str]) -> Tenure:
        end = fields.get(str(DIP.endDate))
        return Tenure(fields[str(DIP.officeOf)], date.fromisoformat(fields[str(DIP.startDate)]),
                      date.fromisoformat(end) if end else None, fields.get(str(DIP.role), ""))

    def sovereign(self, actor: Actor) -> Actor | None:
        """The state a territory is part of in international law (Crimea: Ukraine), if the KB says."""
        if actor.type != "territory" or not actor.qid:
            return None
        owner = self.part_of.get(str(actor_iri(actor.qid)))
        return self.actors.get(owner) if owner else None

    def candidates(self, name: str) -> list[str]:
        """The actors a name may stand for: one for a plain name, several (or one with other,
        non-actor senses, like "Georgia") for a name the knowledge base marks as ambiguous."""
        return sorted({iri for iri, _ in self.names.get(name, []) if iri in self.actors})

    def usual_reading(self, name: str) -> str | None:
        """The candidate that also has the name as a plain name ("Brussels" is usually the EU), if one does."""
        plain = {iri for iri, kind in self.names.get(name, []) if kind != "AMBIGUOUS" and iri in self.actors}
        return plain.pop() if len(plain) == 1 else None

    def is_ambiguous(self, name: str) -> bool:
        entries = self.names.get(name, [])
        return len(self.candidates(name)) > 1 or any(kind == "AMBIGUOUS" for _, kind in entries)

    def patterns(self) -> list[dict[str, str]]:
        """SpanRuler phrase patterns: every name, with the actor's IRI as the span id.

        An ambiguous name gets the label AMBIGUOUS and the name itself as id, for the linker to
        settle by context; every name also gets its capitalised and its all-capitals forms, since
        sentence starts and wire headlines write them so.
        """
        patterns = []
        for name, entries in sorted(self.names.items()):
            iris = self.candidates(name)
            if not iris:
                continue
            if self.is_ambiguous(name):
                kind, key = "AMBIGUOUS", name
            else:
                kind, key = (entries[0][1] if self.actors[iris[0]].type != "person" else "PERSON"), iris[0]
            # "the West" and "developing countries" open sentences too; wire headlines may be in capitals
            forms = {name, name[0].upper() + name[1:], name.upper()}
            forms |= {_unaccented(form) for form in forms}  # wires often drop accents: "Bogota", "Sao Paulo"
            patterns.extend({"label": kind, "pattern": form, "id": key} for form in sorted(forms))
        return patterns

    def holds(self, person_iri: str, role: str, on: date | None) -> bool:
        """True when the person held an office of that role on the day (any day, without one)."""
        return any(t.role == role and (on is None or t.covers(on)) for t in self.tenures.get(person_iri, []))

    def acts_for(self, person_iri: str, on: date | None) -> Actor | None:
        """The actor a person speaks for on a day: the office held then, else one held in the few
        years before (Medvedev in 2023 is still a Russian official); a leader long out of office
        speaks for no state (Guterres in 2021 is not Portugal's)."""
        tenures = self.tenures.get(person_iri, [])
        if not tenures:
            return None
        if on is None:
            return self.actors.get(tenures[-1].actor)
        current = [t for t in tenures if t.covers(on)]
        recent = [t for t in tenures if t.start <= on and (t.end is None or (on - t.end).days <= _STILL_SPEAKS)]
        if not (current or recent):
            return None
        # Offices held together (France's president is also a co-prince of Andorra): the larger
        # state, by how many office terms the knowledge base holds for it, is the one spoken for.
        chosen = max(current or recent[-1:], key=lambda t: (self._terms[t.actor], t.start))
        return self.actors.get(chosen.actor)


@cache
def load_kb() -> ActorKB:
    """The knowledge base shipped with the package, parsed once per process."""
    data = resources.files("kg").joinpath("data", KB_FILE).read_bytes()
    return ActorKB(ox.parse(data, format=ox.RdfFormat.TURTLE))


def link_mentions(doc: Doc, kb: ActorKB, on: date | None) -> list[Mention]:
    """Every actor mention in a processed document, in text order, resolved at the given date."""
    matched = list(doc.spans.get(ACTOR_SPANS, []))
    spans = [span for span in matched if _names_an_actor(span, kb)]
    # Places count as context too: "the central bank in Seoul" says which Korea is meant.
    support = Counter(m.actor.key for m in (_mention(span, kb, on) for span in matched if span.label_ != "AMBIGUOUS")
                      if m is not None)

    def resolve(span: Span) -> Mention | None:
        return _settle(span, kb, support, on) if span.label_ == "AMBIGUOUS" else _mention(span, kb, on)

    places = [m for m in map(resolve, (span for span in matched if _is_place(span, kb))) if m is not None]
    known = [m for m in map(resolve, spans) if m is not None]
    known += [replace(m, via="PLACE") for m in places]  # kept, marked: a visit's host may be named as a place
    known += list(_elided(doc, known, kb, on))
    known += _officials(doc, known)
    known += _organisation_references(doc, known)
    known += _office_references(doc, known, kb, on)
    return sorted(known + list(_possessive_references(doc, known)), key=lambda m: m.start)


def _elided(doc: Doc, mentions: list[Mention], kb: ActorKB, on: date | None) -> Iterator[Mention]:
    """"North and South Korea", "East and West Germany": the first word borrows the rest of the
    name that follows, when the two make a name the KB knows."""
    for mention in mentions:
        first = mention.start - 2
        if first < 0 or doc[mention.start - 1].lower_ != "and" or mention.end - mention.start < 2:
            continue
        word = doc[first]
        name = " ".join([word.text, *(t.text for t in doc[mention.start + 1:mention.end])])
        iris = kb.candidates(name)
        if word.is_title and len(iris) == 1 and not kb.is_ambiguous(name):
            actor = kb.actors[iris[0]]
            if actor.type != "person" and not any(m.start <= first < m.end for m in mentions):
                yield Mention(first, first + 1, word.text, actor, None, "NAME")


def _mention(span: Span, kb: ActorKB, on: date | None, iri: str | None = None) -> Mention | None:
    """The actor a matched name stands for: a leader's state at the date, a ministry's state."""
    iri = iri or span.id_
    actor = kb.actors.get(iri)
    if actor is None:
        return None
    if actor.type == "person":
        state = kb.acts_for(iri, on)
        return Mention(span.start, span.end, span.text, state, actor, "PERSON") if state else None
    if actor.type == "body" and iri in kb.part_of:
        return Mention(span.start, span.end, span.text, kb.actors[kb.part_of[iri]], None, "BODY")
    return Mention(span.start, span.end, span.text, actor, None, span.label_)


def _is_place(span: Span, kb: ActorKB) -> bool:
    """A capital after "in" that names where something happened ("airports in Moscow"), not who acted."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before not in PLACE_PREPOSITIONS or not (span.label_ == "METONYM" or _city_like(span, kb)):
        return False
    return not (span.start > 1 and doc[span.start - 2].lower_ in ACTOR_HEADS | OFFICIAL_TITLES)


def _names_an_actor(span: Span, kb: ActorKB) -> bool:
    """False for a name used for something else: part of a longer name, a place, or a language."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end] if span.end < len(doc) else None
    if _is_place(span, kb):
        return False
    if before in PLACE_PREPOSITIONS and span.label_ == "DEMONYM":
        # "written in Russian" is a language, "in Russian hands" is Russia's
        return after is not None and _is_noun(after)
    if span.label_ == "PERSON" or kb.actors.get(_first_candidate(span, kb), _NOBODY).type == "person":
        return _same_person(span, kb)
    if after is not None and after.lower_ in NON_ACTOR_HEADS:
        return False  # "Brazil nuts", "French fries", "Persian cat": things named after a country
    return not _in_longer_name(span)


def _city_like(span: Span, kb: ActorKB) -> bool:
    """An ambiguous name that is a city somewhere ("Brussels", "Washington"): "in Brussels" is a place."""
    return span.label_ == "AMBIGUOUS" and any(kind == "METONYM" for _, kind in kb.names.get(span.id_, []))


def _first_candidate(span: Span, kb: ActorKB) -> str:
    return span.id_ if span.label_ != "AMBIGUOUS" else next(iter(kb.candidates(span.id_)), "")


def _is_noun(token: Token) -> bool:
    """A noun by the tagger, or, on a blank pipeline, any lower-case word."""
    return token.pos_ in ("NOUN", "PROPN") if token.pos_ else token.is_alpha and token.is_lower


def _in_longer_name(span: Span) -> bool:
    """True when capitalised proper nouns joined to the name make it the name of something else:
    "Taiwan Strait", "New Mexico", "East Azerbaijan", "Gulf of Guinea", "Jordan Ellis", "The Paris
    Agreement"; not "Japan Prime Minister", "Iranian Oil Minister", "U.S. Arms control officials",
    "Russian Foreign Ministry" or "the Kingdom of Saudi Arabia".

    Read from spelling and the tagger: the statistical entity recogniser found the same names but
    cost as much time as tagging and parsing together. Capitals say nothing in a headline set in
    capitals or title case, nor on a blank pipeline, which tags nothing: there every name counts.
    """
    doc = span.doc
    if not doc.has_annotation("TAG") or _headline(span.sent) or _office_follows(span):
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    # after "U.S." a capital may only mark the full stop some copy takes it for ("the U.S. Market")
    if after is not None and _name_word(after) and not span.text.endswith("."):
        return True  # "Taiwan Strait", "Jordan Ellis", "China Daily"
    if before is not None and _name_word(before):
        return True  # "New Mexico", "Goalkeeper Sam Holland"
    # "Gulf of Guinea", "the Commonwealth of Massachusetts"
    of_before = span.start >= 2 and doc[span.start - 1].lower_ == "of" and _name_word(doc[span.start - 2])
    of_after = after is not None and after.lower_ == "of" and span.end + 1 < len(doc) and _name_word(doc[span.end + 1])
    return of_before or of_after


def _office_follows(span: Span) -> bool:
    """A title or a body within the next few words: the name is of the state whose office it is
    ("Secretary of State Antony Blinken", "Iranian Oil Minister", "U.S. Arms control officials")."""
    following = list(itertools.takewhile(lambda t: t.is_alpha, span.doc[span.end:span.end + 3]))
    return any(t.lower_ in _TITLES_AND_BODIES for t in [*span, *following])


def _headline(sentence: Span) -> bool:
    """A sentence in capitals or title case, where a capital does not mark a name."""
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.85 * len(words)


def _name_word(token: Token) -> bool:
    """A capitalised proper noun that is neither part of a state's formal name nor a word of
    government or office, which keep the name the state's ("US Treasury", "Saudi Crown Prince")."""
    return (token.pos_ == "PROPN" and token.is_alpha and token.is_title and token.text not in STATE_FORM_WORDS
            and token.lower_ not in _NOT_OTHER_NAMES)


def _same_person(span: Span, kb: ActorKB) -> bool:
    """A leader's surname after another first name, or before another name, is someone else
    ("Antonio Guterres", "Abe Kaplan", "Trump Tower"); "Yoon Suk Yeol" is still Yoon Suk-yeol."""
    doc = span.doc
    if len(span) > 1:
        return True
    names = [_words(kb.actors[iri].label) for iri in ([span.id_] if span.label_ == "PERSON" else kb.candidates(span.id_))]
    previous = doc[span.start - 1] if span.start > 0 else None
    if previous is not None and previous.is_alpha and previous.text[0].isupper() and not previous.is_sent_start \
            and previous.lower_ not in OFFICIAL_TITLES and all(previous.lower_ != words[0] for words in names):
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or not (nxt.is_alpha and nxt.text[0].isupper()):
        return True
    continues_own_name = any(span.text.lower() in words[:-1] and nxt.lower_ in words for words in names)
    return continues_own_name or nxt.pos_ != "PROPN"


def _words(label: str) -> list[str]:
    return label.lower().replace("-", " ").split()


def _settle(span: Span, kb: ActorKB, support: Counter[str], on: date | None) -> Mention | None:
    """An ambiguous name read in context: the candidate the rest of the text names, else its usual
    reading (a candidate that also has it as a plain name: "Georgia", "Brussels") unless the text
    shows another sense, else kept without a QID ("the Republic", bare "Congo")."""
    words = {t.text for t in span.sent}
    following = span.doc[span.end].text if span.end < len(span.doc) else ""
    name = span.id_  # the name as the knowledge base spells it, whatever the case in the text
    if words & OTHER_SENSES.get(name, frozenset()) or following in NEXT_WORD_SENSES.get(name, ()):
        return None
    iris = kb.candidates(name)
    if kb.actors[iris[0]].type == "person":
        return _settle_person(span, kb, iris, on)
    candidates = [kb.actors[iri] for iri in iris]
    supported = [actor for actor in candidates if support[actor.key]]
    usual = kb.usual_reading(name)
    if len(supported) == 1:
        actor, via = supported[0], "CONTEXT"
    elif not supported and usual is not None:
        actor, via = kb.actors[usual], "DEFAULT"
    else:
        actor, via = Actor(name, "unresolved"), "UNRESOLVED"
    return Mention(span.start, span.end, span.text, actor, None, via)


def _settle_person(span: Span, kb: ActorKB, iris: list[str], on: date | None) -> Mention | None:
    """A name two leaders share ("Sharif", "Clinton"): the one in office at the article's date, if
    exactly one was; otherwise the name is left unlinked."""
    serving = [iri for iri in iris if on is not None and any(t.covers(on) for t in kb.tenures.get(iri, []))]
    return _mention(span, kb, on, serving[0]) if len(serving) == 1 else None


def _officials(doc: Doc, mentions: list[Mention]) -> Iterator[Mention]:
    """Officials the KB does not know, tied to the actor named in front of their title.

    "Chinese Foreign Ministry spokesperson Wang Wenbin" gives a mention of China for "Wang Wenbin",
    and a later "Wang" standing alone in the same article speaks for China too.
    """
    taken = {i for m in mentions for i in range(m.start, m.end)}
    surnames: dict[str, tuple[Actor, int]] = {}
    for mention in mentions:
        name = _name_after_title(doc, mention) or _name_before_title(doc, mention)
        if name is not None and not taken.intersection(range(name.start, name.end)):
            person = Actor(name.text, "person")
            # Either end of the name may be the family name ("Wang Wenbin", "Ned Price").
            for end in (doc[name.start].text, doc[name.end - 1].text):
                surnames.setdefault(end, (mention.actor, name.end))
            yield Mention(name.start, name.end, name.text, mention.actor, person, "OFFICIAL")
            taken.update(range(name.start, name.end))
    for token in doc:
        actor, after = surnames.get(token.text, (None, len(doc)))
        # only later, and only alone: "Ben" in "Ben Cardin" opens another person's name
        alone = token.i + 1 >= len(doc) or not _is_name(doc[token.i + 1])
        if actor is not None and token.i >= after and token.i not in taken and _is_name(token) and alone:
            yield Mention(token.i, token.i + 1, token.text, actor, Actor(token.text, "person"), "OFFICIAL")


def _organisation_references(doc: Doc, mentions: list[Mention]) -> Iterator[Mention]:
    """"the bloc", "the alliance": the organisation named last before, as a reader takes it."""
    organisations = [m for m in mentions if m.actor.type == "organisation" and m.via not in ("DEFAULT", "PLACE")]
    for token in doc[1:]:
        if token.lower_ in ORGANISATION_NOUNS and doc[token.i - 1].lower_ == "the":
            before = [m for m in organisations if m.end <= token.i - 1]
            if before:
                yield Mention(token.i - 1, token.i + 1, doc[token.i - 1:token.i + 1].text, before[-1].actor,
                              None, "REFERENCE")


def _office_references(doc: Doc, mentions: list[Mention], kb: ActorKB, on: date | None) -> Iterator[Mention]:
    """"the president", "the prime minister": the leader named last before who held that kind of
    office at the date, so "Trump spoke; the president added" is the United States in 2019 and in
    2025 alike, while "Johnson met Biden; the prime minister said" is the United Kingdom. "the
    president of X" is left to X."""
    leaders = [m for m in mentions if m.via == "PERSON" and m.person is not None]
    for token in doc[1:]:
        words = 2 if token.lower_ == "prime" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "minister" else 1
        role = _OFFICES.get("prime minister" if words == 2 else token.lower_)
        end = token.i + words
        if doc[token.i - 1].lower_ != "the" or role is None or (end < len(doc) and doc[end].lower_ == "of"):
            continue
        before = [m for m in leaders if m.end <= token.i - 1 and kb.holds(_person_iri(m), role, on)
                  and (role == _HEAD_OF_STATE or not kb.holds(_person_iri(m), _HEAD_OF_STATE, on))]
        if before:
            yield Mention(token.i - 1, end, doc[token.i - 1:end].text, before[-1].actor, before[-1].person, "REFERENCE")


def _person_iri(mention: Mention) -> str:
    return str(actor_iri(mention.person.qid)) if mention.person and mention.person.qid else ""


def _possessive_references(doc: Doc, mentions: list[Mention]) -> Iterator[Mention]:
    """"its officials", "their government": the actor named last before, in the same sentence."""
    for token in doc[:-1]:
        nxt = doc[token.i + 1]
        if token.lower_ in ("its", "their") and nxt.lower_ in (ACTOR_HEADS | OFFICIAL_TITLES) - _OTHERS:
            before = [m for m in mentions if m.end <= token.i and m.actor.type in ("state", "organisation")
                      and doc[m.start].sent == token.sent]
            if before:
                yield Mention(token.i, token.i + 2, doc[token.i:token.i + 2].text, before[-1].actor, None,
                              "REFERENCE")


def _name_after_title(doc: Doc, mention: Mention) -> Span | None:
    """The name after a title that follows an actor mention: "Chinese Foreign Ministry spokesperson
    Wang Wenbin", "Canada's foreign minister, Mélanie Joly", "NATO Secretary-General Jens Stoltenberg",
    or after a mention that is itself a title ("Secretary of State Antony Blinken")."""
    start = mention.end
    if any(t.lower_ in OFFICIAL_TITLES for t in doc[mention.start:mention.end]):
        return _name_at(doc, start)
    i = start + 1 if start < len(doc) and doc[start].lower_ in ("'s", "’s") else start
    while i < len(doc) and i - start < 6 and doc[i].lower_ not in OFFICIAL_TITLES and _in_title(doc[i]):
        i += 1
    if i >= len(doc) or doc[i].lower_ not in OFFICIAL_TITLES:
        return None
    i += 1
    while i < len(doc) and (doc[i].text in ("-", ",") or doc[i].lower_ in _TITLE_TAILS):
        i += 1
    return _name_at(doc, i)


def _name_before_title(doc: Doc, mention: Mention) -> Span | None:
    """The name before an appositive naming the actor: "Hua Chunying, a Chinese foreign ministry
    spokeswoman", "Maria Zakharova, the foreign ministry spokeswoman in Moscow"."""
    i = mention.start - 1
    while i > 0 and doc[i].lower_ not in (",", "a", "an", "the") and mention.start - i < 7:
        i -= 1
    if i < 2 or doc[i].lower_ not in ("a", "an", "the") or doc[i - 1].text != ",":
        return None
    if not any(t.lower_ in OFFICIAL_TITLES for t in doc[i:mention.end + 4]):
        return None
    end = i - 1
    begin = end
    while begin > 0 and end - begin < 3 and _is_name(doc[begin - 1]):
        begin -= 1
    return doc[begin:end] if end - begin >= 2 else None


def _name_at(doc: Doc, first: int) -> Span | None:
    """Two or three capitalised words from a position: a person's name."""
    end = first
    while end < len(doc) and end - first < 4 and _is_name(doc[end]) and doc[end].lower_ not in OFFICIAL_TITLES:
        end += 1
    return doc[first:end] if end - first >= 2 else None


def _in_title(token: Token) -> bool:
    """Words that may stand inside an official's title: "Foreign Ministry", "foreign affairs"."""
    return _is_name(token) or token.lower_ in _TITLE_WORDS


def _is_name(token: Token) -> bool:
    """A capitalised word: how names and ministry titles look with or without a tagger."""
    return token.is_alpha and token.text[0].isupper()
