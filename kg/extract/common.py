"""What every extractor needs from a sentence: its actors, clauses, roles, modality and date.

Extractors find a trigger word and ask this module who stands where around it. The rules read word
order inside a clause, so they work on a blank pipeline; where a dependency parse exists it sharpens
them (modifier nouns such as "Russian troops", negation). Actors in place or topic phrases
("in Moscow", "over Taiwan") are kept apart from the parties to the event.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.actors import ACTOR_HEADS, OFFICIAL_TITLES, Mention
from kg.codes import plover_of
from kg.dates import find_dates
from kg.events import Actor, DateRange, Event, Evidence

#: Words that start a new clause: roles never cross them.
CLAUSE_BREAKS = frozenset(
    "; amid while whereas although though because if unless which who whom whose according saying "
    "citing despite when after before".split()
)
#: Prepositions whose object is a place or topic, not a party to the event.
OBLIQUE_PREPS = frozenset("in over about near across into amid inside within throughout since".split())
#: Words that may stand between a preposition and the actor it governs.
_NP_FILLERS = frozenset("the a an its their his her our this that these those both all some".split())
#: Words that mark a clause as speaking of the future.
FUTURE_CUES = frozenset(
    "will 'll shall to plan plans planned planning expected scheduled set due upcoming next "
    "would intends intend intended aims aim prepare prepares preparing".split()
)
#: Words that open a date after "on" ("a call on Thursday").
DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                      "june july august september october november december jan. feb. aug. sept. oct. nov. dec.".split())
NEGATION_CUES = frozenset("not n't no never neither nor without".split())
#: Words of sanctions, shared: a threat of sanctions is a sanction event, not a second threat.
SANCTION_WORDS = frozenset("sanction sanctions sanctioned sanctioning embargo embargoes blacklisted blacklist".split())
#: Punitive trade and financial measures: sanctions when one actor aims them at another.
MEASURE_WORDS = frozenset("tariff tariffs restrictions curbs controls ban bans freeze duties levies".split())
#: Nouns of accusation, shared: rejecting one is a denial (a claim), not an alignment.
ACCUSATION_NOUNS = frozenset("accusation accusations allegation allegations charge charges claim claims".split())
#: Nouns of turning something down, whose possessor does it ("Seoul's rejection of Tokyo's claim").
REJECTION_NOUNS = frozenset("rejection rejections".split())
#: Verbs of denial, shared: a denied meeting has status denied, and the denial is a claim of its own.
DENY_WORDS = frozenset("denied denies deny denying".split())
#: Verbs of accusing, shared: what someone is accused of is not an event of its own.
ACCUSE_WORDS = frozenset("accused accuses accuse accusing blamed blames blame blaming".split())
#: Verbs of demanding, shared: what is demanded has not happened ("demanded that Kyiv recognise ...").
DEMAND_WORDS = frozenset("demanded demands demanding urged urges urge urging insisted insists".split())
#: Verbs whose content is said, not done.
_CLAIM_VERBS = DENY_WORDS | ACCUSE_WORDS | DEMAND_WORDS
#: Words that open a condition.
CONDITION_WORDS = frozenset(("if", "unless"))
#: Pronouns that point back to the two or more actors of the previous sentence.
PLURAL_ANAPHORA = ("both", "the two", "they", "the two countries", "the two sides", "the two nations",
                   "the two leaders", "both countries", "both sides", "the leaders")


@dataclass(frozen=True)
class Reference:
    """A sentence that speaks again of an event told before ("after Wednesday's video meeting")."""

    family: str
    kind: str
    when: DateRange | None
    mode: str | None
    evidence: Evidence


@dataclass
class SentenceContext:
    """One sentence as the extractors see it."""

    sent: Span
    mentions: list[Mention]
    published: date | None
    parsed: bool
    #: Every token of the document in lower case, made once per document: the rules ask for a
    #: token's lower case form over a million times in a thousand stories.
    lowers: list[str]
    previous: list[Actor] = field(default_factory=list)
    history: list[Event] = field(default_factory=list)
    #: The actors of the latest sentence that named two or more, which "both" and "the two" mean.
    pair: list[Actor] = field(default_factory=list)

    @property
    def doc(self) -> Doc:
        return self.sent.doc

    def token(self, i: int) -> Token:
        return self.doc[i]

    def lower(self, i: int) -> str:
        return self.lowers[i]

    def clause(self, i: int) -> tuple[int, int]:
        """Token range [start, end) of the clause around token i."""
        start = i
        while start > self.sent.start and not self._breaks(start - 1):
            start -= 1
        end = i + 1
        while end < self.sent.end and not self._breaks(end):
            end += 1
        return start, end

    def _breaks(self, i: int) -> bool:
        word = self.lower(i)
        if word == "that":
            return self._is_complementizer(i)
        # A sentence opening with "After ..." or "While ..." has its main clause after the comma.
        return word in CLAUSE_BREAKS and not self._opens_sentence(i)

    def _opens_sentence(self, i: int) -> bool:
        return all(self.doc[j].is_punct or self.doc[j].is_space or self.doc[j].is_upper
                   for j in range(self.sent.start, i))

    def _is_complementizer(self, i: int) -> bool:
        """"that" opening a clause ("warned that Russia would..."), not pointing ("that meeting")."""
        if self.parsed:
            return self.doc[i].dep_ in ("mark", "nsubj", "dobj", "nsubjpass")
        nxt = self.doc[i + 1] if i + 1 < self.sent.end else None
        return nxt is None or not nxt.is_lower or nxt.lower_ in _NP_FILLERS or nxt.lower_ in ("it", "they")

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def is_oblique(self, mention: Mention, trigger: int | None = None) -> bool:
        """True when the actor only names a place or topic ("talks in Moscow", "at odds over Taiwan").

        After a trigger, everything past a place or topic preposition stays oblique, so the
        coordinated "trade, technology and China's ..." after "over" is topic through and through.
        """
        if self._seat_of(mention):
            return False  # "the foreign ministry in Hanoi" speaks for Vietnam
        if mention.via == "PLACE" or self.preposition_before(mention) in OBLIQUE_PREPS or self._is_modifier(mention):
            return True
        if self._venue(mention):
            return True
        if trigger is not None and mention.start > trigger:
            return any(self.lower(i) in OBLIQUE_PREPS for i in range(trigger + 1, mention.start))
        return False

    def _venue(self, mention: Mention) -> bool:
        """"on the sidelines of the UN General Assembly": a gathering where something happened."""
        j = mention.start - 1
        while j > self.sent.start and self.lower(j) in _NP_FILLERS:
            j -= 1
        return self.lower(j) == "of" and j > self.sent.start and self.lower(j - 1) in ("sidelines", "margins", "margin")

    def _seat_of(self, mention: Mention) -> bool:
        """"the foreign ministry in Hanoi", "officials in Beijing": a body named by where it sits."""
        i = mention.start
        if mention.via == "PLACE" or i - 2 < self.sent.start or self.lower(i - 1) != "in" or self.lower(i - 2) not in _SEATED:
            return False
        # "Iranian officials in Baghdad" are Iran's, met where they were
        return not any(i - 6 <= m.end <= i - 2 for m in self.mentions)

    def preposition_before(self, mention: Mention) -> str | None:
        """The preposition governing a mention, looking past articles, possessives and adjectives."""
        i = mention.start - 1
        while i >= self.sent.start and (self.lower(i) in _NP_FILLERS or self._is_adjective(i)):
            i -= 1
        if i < self.sent.start:
            return None
        word = self.lower(i)
        return word if self.doc[i].pos_ == "ADP" or word in OBLIQUE_PREPS | ROLE_PREPS else None

    def _is_adjective(self, i: int) -> bool:
        tok = self.doc[i]
        return tok.pos_ in ("ADJ", "NUM") if self.parsed else False

    def _is_modifier(self, mention: Mention) -> bool:
        """A name used as an adjective of a thing ("Russian troops", "US domination"), not as a party.

        Nouns that stand for the actor itself ("the Russian government", "US officials") keep it a party.
        """
        if mention.person is not None or mention.end >= self.sent.end:
            return False
        nxt = self.doc[mention.end]
        if nxt.lower_ in OFFICIAL_TITLES | ACTOR_HEADS or not nxt.is_alpha:
            return False
        if any(m.start == mention.end for m in self.mentions):
            return False
        if mention.via != "DEMONYM" and mention.start > self.sent.start and self.lower(mention.start - 1) == "that":
            return False  # "demanded that Pyongyang account for ...": a name opening a clause is its subject
        if self.parsed:
            last = self.doc[mention.end - 1]
            return (last.dep_ in ("compound", "amod", "nmod") and last.head.pos_ == "NOUN"
                    and last.head.lower_ not in ACTOR_HEADS | OFFICIAL_TITLES)
        return mention.via == "DEMONYM" and nxt.is_lower

    def first_group(self, mentions: list[Mention]) -> list[Mention]:
        """The first mention and those coordinated with it ("on Russia and Belarus"), not later ones.

        A directed event's target is the phrase right after its trigger; actors further on belong
        to other clauses ("..., a step that followed talks between the two NATO allies").
        """
        group = mentions[:1]
        for mention in mentions[1:]:
            if not all(self.lower(j) in _COORDINATION for j in range(group[-1].end, mention.start)):
                break
            group.append(mention)
        return group

    def subject(self, i: int) -> list[Mention] | None:
        """The actors in the grammatical subject of the verb at token i, from the parse: through verbs
        it is coordinated with or governs ("accused X and demanded ...", "agreed to restore"), and from
        a relative pronoun to its antecedent ("China, which claims ..."). None without a parse or a
        subject; an empty list when the subject names no actor ("The talks ...")."""
        if not self.parsed:
            return None
        verb = self.doc[i]
        if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("dobj", "pobj") and verb.head.pos_ in ("VERB", "ADP"):
            # "hold talks", "imposed sanctions", "for talks": the subject of the verb holding the noun
            verb = verb.head if verb.head.pos_ == "VERB" else verb.head.head
        for _ in range(4):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                head = subjects[0]
                if head.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                    head = verb.head
                if (head.lower_ in ("it", "they") or _owned_by_it(head)) and self._says_of_itself(verb):
                    return self.subject(verb.head.i)  # "Russia said it (its navy) would take countermeasures"
                found = self._mentions_in(head)
                if not found and self._refers_back(head):
                    # "He accused France's president ...", "The Foreign Office said ...": the actor the
                    # sentence before spoke of
                    return [Mention(head.i, head.i + 1, head.text, self.previous[0], None, "ANAPHOR")]
                return found
            # "..., accusing them of spying": a participle clause shares the main verb's subject
            participle = verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBG"
            if verb.dep_ not in ("conj", "xcomp") and not participle or verb.head == verb:
                return None
            verb = verb.head
        return None

    @staticmethod
    def _says_of_itself(verb: Token) -> bool:
        """A clause reported by a speech verb with no one spoken to, whose "it" is the speaker
        ("Russia said it would ..."), not the one told ("warned Ethiopia that it could face ...")."""
        speech = verb.head
        return (verb.dep_ == "ccomp" and speech.i != verb.i and speech.lower_ in _SPEECH
                and not any(c.dep_ in ("dobj", "dative") for c in speech.children))

    def _refers_back(self, head: Token) -> bool:
        """A subject that names no actor but speaks for the one named before: "he", "she", or a state
        body with "the" ("the foreign ministry", "the Foreign Office"), opening its sentence."""
        if not self.previous or self.mentions_between(self.sent.start, head.i):
            return False
        if head.lower_ in ("he", "she"):
            return True
        return head.lower_ in _BODIES and any(c.lower_ == "the" for c in head.children)

    def _mentions_in(self, head: Token) -> list[Mention]:
        """Mentions in a noun phrase: the head with its coordinates and modifiers, without clauses
        and prepositional phrases hanging off it (other than "of": "the leaders of Kenya")."""
        keep = [head]
        for child in head.children:
            if child.dep_ in ("conj", "compound", "poss", "amod", "nmod", "appos", "cc"):
                keep.extend(child.subtree)
            elif child.dep_ == "prep" and (child.lower_ == "of" or child.lower_ == "in" and head.lower_ in _SEATED):
                keep.extend(child.subtree)  # "the leaders of Kenya", "the foreign ministry in Hanoi"
        indices = {t.i for t in keep}
        return [m for m in self.mentions if any(j in indices for j in range(m.start, m.end)) and m.via != "PLACE"]

    def group_start(self, mention: Mention) -> int:
        """Where the coordinated phrase holding a mention begins ("Kenya" for "Tanzania" in "the
        leaders of Kenya, Tanzania and Uganda"), so words before the phrase speak for all of it."""
        start = mention.start
        for other in sorted(self.mentions, key=lambda m: -m.start):
            if other.end <= start and all(self.lower(j) in _COORDINATION for j in range(other.end, start)):
                start = other.start
        return start

    def claimed(self, i: int) -> bool:
        """True when token i tells what is denied, accused or demanded ("denied supplying drones to
        Russia", "accused the US of provoking tensions", "demanded that Kyiv recognise Crimea"): a
        claim's content, not an event of its own."""
        if self.parsed:
            token = self.doc[i]
            while token.head.i != token.i:
                if token.dep_ in ("relcl", "appos"):
                    return False  # "..., a demand the alliance rejected": the writer's own telling
                if token.head.lower_ in _CLAIM_VERBS:
                    return token.dep_ != "conj"  # "accused Japan ... and clashed": a second act
                token = token.head
            return False
        return self.has_word(_CLAIM_VERBS, self.clause(i)[0], i)

    def welcomes_guest(self, i: int) -> bool:
        """"welcomed Abe to Ahmedabad", "welcomed his Turkish counterpart to Cairo", "was welcomed in
        Pyongyang by Kim": a host receiving a visitor, not "welcomed the decision"."""
        if i > self.sent.start and self.lower(i - 1) in ("was", "were", "been"):
            return i + 1 < self.sent.end and self.lower(i + 1) in ("in", "to", "at")
        guest = next((m for m in self.mentions if m.start == i + 1 or m.start == i + 2 and self.lower(i + 1) in _NP_FILLERS),
                     None)
        return guest is not None and any(self.lower(j) in ("to", "in")
                                         for j in range(guest.end, min(guest.end + 4, self.sent.end)))

    def passive(self, i: int, end: int) -> bool:
        """True when the trigger is followed by its agent ("a demand rejected by the US")."""
        return i + 1 < end and self.lower(i + 1) == "by"

    def by_agents(self, i: int, end: int) -> list[Mention]:
        """Actors introduced by "by" after the trigger, with those coordinated with them: the doers of a
        passive ("by France, Germany and Italy")."""
        found: list[Mention] = []
        for mention in self.mentions_between(i + 1, end):
            if self.preposition_before(mention) == "by":
                found += [m for m in self.first_group(self.mentions_between(mention.start, end)) if m not in found]
        return found

    def passive_verb(self, i: int) -> bool:
        """True when the verb at token i is a passive participle ("was suspended", "were expelled")."""
        return i > self.sent.start and self.lower(i - 1) in ("was", "were", "been", "being", "is", "are")

    def from_whom(self, i: int, end: int) -> list[Mention]:
        """Who something received comes from: "could face sanctions from Washington"."""
        return self.first_group([m for m in self.mentions_between(i + 1, min(end, i + 5))
                                 if self.preposition_before(m) == "from"])

    def possessor(self, i: int) -> list[Mention]:
        """The actor owning a noun trigger a few words before it ("China's military intimidation")."""
        for mention in self.mentions:
            if i - 4 <= mention.end < i and self.lower(mention.end) in ("'s", "’s", "'", "’"):  # "Athens' demand"
                return [mention]
        return []

    def owner(self, i: int) -> list[Mention]:
        """Whose a noun trigger is: its possessor, or a name right before it ("Polish accusations")."""
        return self.possessor(i) or [m for m in self.mentions if m.end == i and m.via != "PLACE"]

    def between(self, trigger: int) -> list[Mention]:
        """The actors of "between X and Y" right after a trigger ("tensions between Moscow and the West")."""
        end = self.clause(trigger)[1]
        # "talks between A and B", "talks on a treaty were held between A and B"
        at = next((j for j in range(trigger + 1, min(end, trigger + 9)) if self.lower(j) == "between"), None)
        if at is None:
            return []
        trigger = at - 1
        stop = trigger + 2
        # "between the leaders of Thailand and Cambodia": "of" after a noun of people belongs to the phrase
        while stop < end and (self.lower(stop) in ("and", ",") or self._of_whom(stop) or self.doc[stop].pos_ != "ADP"
                              and self.lower(stop) not in OBLIQUE_PREPS):
            stop += 1
        return self.mentions_between(trigger + 2, stop)

    def core(self, start: int, end: int, trigger: int | None = None) -> list[Mention]:
        """Mentions in a token range that can be parties to an event."""
        return [m for m in self.mentions_between(start, end) if not self.is_oblique(m, trigger)]

    def aimed_at(self, trigger: int, end: int, exclude: frozenset[str] | set[str] = frozenset()) -> list[Mention]:
        """What a directed act is aimed at: the first actor phrase after the trigger.

        Here a name used as an adjective counts ("sanctions on Russian banks", "condemned the Israeli
        strike"): the thing hit or criticised belongs to that actor.
        """
        after = [m for m in self.mentions_between(trigger + 1, end)
                 if m.actor.key not in exclude and self.preposition_before(m) not in OBLIQUE_PREPS
                 and self._prepositions(trigger + 1, m.start) <= 1]
        return self.first_group(after)

    def _prepositions(self, start: int, end: int) -> int:
        """How many prepositions stand in a range: more than one means the actor hangs off something
        else ("sanctions with the backing of the U.N.")."""
        return sum(1 for i in range(start, end) if (self.doc[i].pos_ == "ADP" or self.lower(i) in OBLIQUE_PREPS | ROLE_PREPS)
                   and self.doc[i].dep_ != "prt" and not self._of_whom(i) and not self._of_amount(i)
                   and not self._origin(i))

    def _origin(self, i: int) -> bool:
        """"a ban on pork imports from Belarus": "from" after goods leads to whose goods they are."""
        return self.lower(i) == "from" and i > self.sent.start and self.lower(i - 1) in _GOODS

    def _of_amount(self, i: int) -> bool:
        """"tariffs of 25 percent on Mexican goods": "of" before an amount qualifies the trigger."""
        return self.lower(i) == "of" and i + 1 < self.sent.end and self.doc[i + 1].like_num

    def _of_whom(self, i: int) -> bool:
        """"members of the European Parliament": "of" after a noun of people or bodies leads to whom
        they belong, so it does not put the actor further from the trigger."""
        return self.lower(i) == "of" and i > self.sent.start and self.lower(i - 1) in _BELONGING

    def future(self, start: int, trigger: int) -> bool:
        """True when the clause speaks of what is still to come, before the trigger or, for a trigger
        that is the clause's subject ("talks ... are due to resume"), between it and its verb."""
        token = self.doc[trigger]
        if any(self._future_cue(i) for i in range(start, trigger)):
            return True
        if self.parsed and token.dep_ in ("nsubj", "nsubjpass") and token.head.i > trigger:
            end = self.clause(trigger)[1]
            return any(self.lower(i) in FUTURE_CUES - {"to"} for i in range(trigger + 1, end))
        return False

    def _future_cue(self, i: int) -> bool:
        """A future marker; "to" only before a verb ("to hold"), not as a preposition ("to Moscow")."""
        word = self.lower(i)
        if word != "to":
            return word in FUTURE_CUES
        nxt = self.doc[i + 1] if i + 1 < self.sent.end else None
        if nxt is None or self.doc[i - 1].lower_ in ("face", "-"):
            return False
        return nxt.pos_ in ("VERB", "AUX") if self.parsed else nxt.is_lower and nxt.lower_ not in _NP_FILLERS

    def negated(self, start: int, end: int) -> bool:
        """A negation in the trigger's own phrase: after the last comma before it, so "would never
        include Ukraine, a demand rejected by the US" does not negate the rejection; after the "and"
        joining a verb to the one before, so "had no right to interfere ... and demanded" is no
        negated demand."""
        commas = [i for i in range(start, end) if self.lower(i) == "," or self.lower(i) in ("and", "but")
                  and self.parsed and end < self.sent.end and self.doc[end].dep_ == "conj"
                  and self.doc[end].pos_ == "VERB"]
        return any(self.lower(i) in NEGATION_CUES for i in range(commas[-1] + 1 if commas else start, end))

    def has_word(self, words: frozenset[str], start: int, end: int) -> bool:
        return any(self.lower(i) in words for i in range(start, end))

    def date_near(self, i: int, future: bool) -> DateRange | None:
        """The date phrase of token i's clause nearest to it, resolved against the publication date."""
        offset = self.sent.start_char
        start, end = self.clause(i)
        low, high = self.doc[start].idx - offset, self.doc[end - 1].idx + len(self.doc[end - 1]) - offset
        trigger_char = self.doc[i].idx - offset
        found = find_dates(self.sent.text, self.published, future)
        # The trigger's own clause dates it, else a clause before it ("warned on Wednesday that ...",
        # "since 2014, when Moscow annexed ..."), never a later one ("..., since they cut ties in 2016").
        dates = ([d for d in found if low <= d.start and d.end <= high]
                 or [d for d in found if d.end <= trigger_char])
        if not dates:
            return None
        return min(dates, key=lambda d: min(abs(d.start - trigger_char), abs(d.end - trigger_char))).when

    def plural_antecedent(self, start: int, end: int) -> list[Actor]:
        """Actors named together before (in the previous sentence if it names two) when the clause
        speaks of "both", "the two leaders", "they"."""
        group = self.previous if len(self.previous) >= 2 else self.pair
        if len(group) < 2:
            return []
        text = " " + " ".join(self.lower(i) for i in range(start, end)) + " "
        if not any(f" {a} " in text for a in PLURAL_ANAPHORA):
            return []
        states = [a for a in group if a.type == "state"]
        # "both countries" are the states of the group, not the alliance they applied to
        group = states if (" countries " in text or " nations " in text) and len(states) >= 2 else group
        # "the two leaders" after "Macron urged Xi to bring Russia back": the first two named
        return group[:2] if " two " in text or " both " in text else group

    def asserted(self) -> Iterator[int]:
        """The sentence's token positions outside "if" and "unless" clauses: what a condition tells
        ("if Seoul and Washington held joint drills") has not happened, so it holds no event."""
        inside = False
        for i in range(self.sent.start, self.sent.end):
            word = self.lower(i)
            if word in CONDITION_WORDS:
                inside = True
            elif inside and word in (",", ";", ":"):
                inside = False
            if not inside:
                yield i

    def condition_after(self, i: int) -> tuple[int, int] | None:
        """The token range of the first "if" or "unless" clause after token i, up to its punctuation."""
        for j in range(i + 1, self.sent.end):
            if self.lower(j) in CONDITION_WORDS:
                end = j + 1
                while end < self.sent.end and not self.doc[end].is_punct:
                    end += 1
                return j, end
        return None

    def land_claim(self, i: int) -> bool:
        """"Turkey's claims to gas fields", "Tokyo's claim over the islands": a possessed claim to
        something is a claim to land or sea, not an accusation ("Beijing's claim that ...")."""
        if self.lower(i) not in ("claim", "claims") or i + 2 >= self.sent.end or self.lower(i + 1) not in ("to", "over"):
            return False
        # "claims to have evidence" says something; "claims to the islands" wants something
        return bool(self.possessor(i)) and not (self.parsed and self.doc[i + 2].pos_ in ("VERB", "AUX"))

    def has_accusation(self, start: int, end: int) -> bool:
        """An accusation noun in the range, not a possessed claim to land."""
        return any(self.lower(i) in ACCUSATION_NOUNS and not self.land_claim(i) for i in range(start, end))

    def rejecters(self, i: int) -> tuple[Actor, ...]:
        """Who turns something down at token i: the possessor of "rejection" ("Moscow's rejection of"),
        the agent of a passive ("rejected by the US"), else the subject before the verb."""
        if self.lower(i) in REJECTION_NOUNS:
            return actors_of(self.possessor(i))
        start, end = self.clause(i)
        by = i + 2 if i + 1 < self.sent.end and self.lower(i + 1) in ("down", "aside") else i + 1
        if by < end and self.lower(by) == "by":
            return actors_of(self.first_group(self.core(by + 1, end)))
        return actors_of(self.subject(i) or self.core(start, i))

    def last_author_against(self, actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        """Who last made a demand, threat or criticism aimed at these actors, told earlier in the article."""
        keys = {a.key for a in actors}
        for event in reversed(self.history):
            if event.sources and keys & {t.key for t in event.targets}:
                return event.sources
        return ()

    def evidence(self) -> Evidence:
        """The sentence as evidence, without the spaces and stray quote marks at its edges."""
        text = self.sent.text
        start = len(text) - len(text.lstrip(_EDGE))
        end = len(text.rstrip(_EDGE))
        if end <= start:
            start, end = 0, len(text)
        return Evidence(text[start:end], self.sent.start_char + start, self.sent.start_char + end)


#: Words that may join coordinated actors ("Russia and Belarus", "the US, Britain and France").
_COORDINATION = frozenset("and , or as well".split()) | _NP_FILLERS
#: Characters trimmed from the edges of an evidence sentence.
_EDGE = " \t\n\r\"'“”‘’—–-"
#: Verbs that report a speaker's own words.
_SPEECH = frozenset("said says say added adds stated announced announces declared".split())
#: Bodies named by the capital they sit in ("the foreign ministry in Hanoi").
_SEATED = frozenset("ministry government authorities leadership officials office".split())
#: State bodies that, with "the" and no name, speak for the actor named before ("The ministry said").
_BODIES = frozenset("ministry office government spokesman spokeswoman spokesperson".split())
#: Nouns of people and bodies whose "of" phrase names the actor they belong to.
_BELONGING = frozenset("members member officials companies firms banks entities citizens nationals diplomats "
                       "leaders institutions bodies lawmakers ministers presidents".split())
#: Nouns of traded goods, whose "from" phrase names the actor they come from.
_GOODS = frozenset("imports import goods products shipments produce".split())
#: Prepositions that introduce a party to the event ("sanctions on Iran", "talks with India").
ROLE_PREPS = frozenset("with between against on to toward towards by from of targeting".split())


def _owned_by_it(head: Token) -> bool:
    """"its navy", "their troops": a subject that belongs to an actor told of by a pronoun."""
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children)


def actors_of(mentions: list[Mention]) -> tuple[Actor, ...]:
    """Distinct actors of some mentions, in order of first appearance."""
    seen: dict[str, Actor] = {}
    for mention in mentions:
        seen.setdefault(mention.actor.key, mention.actor)
    return tuple(seen.values())


def without(actors: tuple[Actor, ...], others: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """Actors not among the others: nobody is on both sides of a directed event."""
    keys = {a.key for a in others}
    return tuple(a for a in actors if a.key not in keys)


def persons_of(mentions: list[Mention]) -> tuple[Actor, ...]:
    """Distinct Wikidata-linked persons who acted in the mentions (leaders, not unnamed officials)."""
    seen: dict[str, Actor] = {}
    for mention in mentions:
        if mention.person is not None and mention.person.qid:
            seen.setdefault(mention.person.key, mention.person)
    return tuple(seen.values())


def make_event(ctx: SentenceContext, cameo: str | None, **fields) -> Event:
    """An event with its evidence sentence and the PLOVER category of its CAMEO code."""
    return Event(cameo=cameo, plover=plover_of(cameo) if cameo else None, evidence=[ctx.evidence()], **fields)


def words(text: str) -> frozenset[str]:
    """A lexicon from a space-separated string, for readable trigger lists."""
    return frozenset(text.split())
