"""Meetings: summits, talks, calls and visits (CAMEO 036 and 04x, PLOVER CONSULT)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kg.actors import Mention
from kg.events import DateRange, Event
from kg.extract.common import (
    DAY_WORDS,
    DENY_WORDS,
    Reference,
    SentenceContext,
    actors_of,
    make_event,
    persons_of,
    without,
    words,
)

TRIGGERS = {
    **dict.fromkeys(words("summit summits"), "summit"),
    **dict.fromkeys(words("talks meeting meetings met meet meets negotiations negotiated consultations discussions"),
                    "talks"),
    **dict.fromkeys(words("call phoned telephoned spoke spoken talked"), "call"),
    **dict.fromkeys(words("visit visits visited visiting trip toured tours touring"), "visit"),
    **dict.fromkeys(words("travel travels travelled traveled travelling traveling flew fly flies flying"), "visit"),
    **dict.fromkeys(words("received receives receiving"), "visit"),
    **dict.fromkeys(words("conversation conversations"), "call"),
    **dict.fromkeys(words("sat conference"), "talks"),
    **dict.fromkeys(words("hosted hosts hosting host welcomed welcomes welcoming"), "visit"),
    **dict.fromkeys(words("arrived arrives arriving landed touched expected stopped"), "visit"),
}
#: Words of sport, where states' names stand for their teams.
_SPORT = words("match matches football soccer qualifier qualifiers tournament cup league squad stadium "
               "goal goals striker coach fixture fixtures olympic olympics championship final semifinal trophy")
#: "arrived in Moscow", "stopped in Hanoi"; "is expected in Ankara next week" is an arrival to come.
_ARRIVE = words("arrived arrives arriving landed touched expected stopped")
#: A host receives the visit: the guest after the verb is the visitor (CAMEO 043).
_HOST = words("hosted hosts hosting host welcomed welcomes welcoming received receives receiving")
_WELCOME = words("welcomed welcomes welcoming received receives receiving")
_FLY = words("flew fly flies flying")
#: "attended the G20 summit in New Delhi", "joined other leaders at the summit": a guest went there.
_ATTEND = words("attend attends attended attending join joins joined joining")
#: Gatherings whose guests travel to the state that holds them (sport is left out: teams, not states).
_GATHERINGS = words("summit summits ceremony ceremonies inauguration funeral parade celebrations conference forum")
#: A meeting only offered or asked for has not happened ("rejected Pakistan's offer of talks").
_PROPOSED = words("offer offers offered proposal proposals proposed invitation call calls request requests bid")
_MEET_VERBS = words("met meet meets")
#: Words that may follow "met" when it means a meeting of people.
_AFTER_MEET = words("with on in at again for last next this today yesterday tomorrow later soon early separately "
                    "briefly privately twice") | DAY_WORDS
#: Words before "call" that make it a phone call rather than a call for something.
_CALL_CUES = words("a phone telephone video the during in their")
_CANCELLED = words("cancel cancelled canceled cancels postponed postpone postpones scrapped scrap suspended "
                   "suspend suspends")
_CALL_OFF = words("call called calls calling")
#: "did not take place", "never took place": a planned meeting that was not held.
_NOT_HELD = re.compile(r"\b(?:did not|didn't|never|failed to) take place\b|\bnever took place\b", re.I)
_VIRTUAL = words("virtual virtually video videoconference online")
_PHONE = words("phone telephone phoned telephoned call")
_IN_PERSON = words("visit visited visiting trip hosted")
_IN_PERSON_PHRASE = re.compile(r"\b(?:face-to-face|in[- ]person)\b", re.I)
#: "talked on the sidelines of the summit", "talked for an hour": a conversation where they met.
_IN_PERSON_TALK = re.compile(r"^(?:on the sidelines|for (?:an|two|three|several) hours?|face-to-face)", re.I)
#: Triggers that make a meeting of heads of state or government a summit; "talks" stay talks.
_SUMMIT_WHEN_LEADERS = words("met meet meets meeting meetings conference")
#: Titles of heads of state or government, before a name or a "... of X and Y" phrase.
_LEADER_WORDS = words("leader leaders president presidents premier premiers chancellor king emir sultan prime "
                      "presidential heads")
#: Words of other offices that make "prime"/"president" not the head ("foreign minister", "vice president").
_NOT_HEAD = words("foreign defence defense trade vice deputy finance minister ministers")
#: Words that show a meeting noun refers back to one already told ("the meeting", "Wednesday's talks").
_ANAPHORIC = words("the this that 's bilateral their")


def find(ctx: SentenceContext) -> Iterator[Event | Reference]:
    """Meetings told in one sentence, or references back to a meeting told earlier."""
    if ctx.has_word(_SPORT, ctx.sent.start, ctx.sent.end):
        return  # national teams "meet", "host" and "visit" each other too
    for i in ctx.asserted():
        if ctx.lower(i) in _ATTEND:
            yield from _attendance(ctx, i)
        kind = TRIGGERS.get(ctx.lower(i))
        if kind is None or not _is_trigger(ctx, i, kind):
            continue
        found = _meeting(ctx, i, kind)
        if isinstance(found, Event) and found.kind == "visit" and len(found.targets) > 1:
            yield from (replace(found, targets=(host,)) for host in found.targets)  # a trip to two capitals is two visits
        elif found is not None:
            yield found


def _is_trigger(ctx: SentenceContext, i: int, kind: str) -> bool:
    token = ctx.token(i)
    if ctx.has_word(_PROPOSED, max(ctx.sent.start, i - 3), i):
        return False
    if token.lower_ in _ARRIVE:  # "arrived in Moscow", "touched down in Pyongyang", not "arrived at a decision"
        nxt = i + 2 if token.lower_ == "touched" and ctx.lower(min(i + 1, ctx.sent.end - 1)) == "down" else i + 1
        return nxt < ctx.sent.end and ctx.lower(nxt) == "in"
    if token.lower_ in ("conversation", "conversations", "conference"):  # "a phone conversation", "a video conference"
        return ctx.has_word(_PHONE | _VIRTUAL, max(ctx.sent.start, i - 2), i)
    if token.lower_ == "sat":  # "sat down with his Polish counterpart"
        return ctx.lower(min(i + 1, ctx.sent.end - 1)) == "down" and ctx.lower(min(i + 2, ctx.sent.end - 1)) == "with"
    if token.lower_.startswith("trav") or token.lower_ in _FLY:  # "will travel to Tokyo", not "boost travel to the U.S."
        verb = token.pos_ == "VERB" if ctx.parsed else True
        return verb and i + 1 < ctx.sent.end and ctx.lower(i + 1) == "to"
    if token.lower_ in ("spoke", "spoken", "talked") and _spoke_together(ctx, i):
        return True  # "the Turkish and Israeli foreign ministers spoke on Monday"
    if token.lower_ in ("spoke", "spoken", "talked"):  # "spoke by phone", "talked over video link"
        return any(ctx.lower(j) in _PHONE | _VIRTUAL for j in range(i + 1, min(i + 12, ctx.sent.end))) or (
            token.lower_ == "talked" and _IN_PERSON_TALK.search(ctx.doc[i + 1:min(i + 5, ctx.sent.end)].text) is not None)
    if kind == "call":
        return token.lower_ != "call" or (i > ctx.sent.start and ctx.lower(i - 1) in _CALL_CUES
                                          and not _call_for(ctx, i))
    if token.lower_ in _MEET_VERBS:
        return _meets_someone(ctx, i)
    if token.lower_ in _WELCOME:
        return ctx.welcomes_guest(i)
    if kind == "summit" and ctx.has_word(words("sidelines margins"), max(ctx.sent.start, i - 5), i):
        return False  # "talked on the sidelines of the G20 summit": the summit is only where they met
    if i > ctx.sent.start and ctx.lower(i - 1) == "against":
        return False  # "warned Taiwan's leader against meeting the speaker"
    if token.lower_ == "consultations" and i > ctx.sent.start and ctx.lower(i - 1) == "for":
        return False  # "recalled its ambassador for consultations"
    if ctx.parsed and token.lower_ in ("meeting", "visit", "visits", "talks", "trip"):
        return token.pos_ in ("NOUN", "VERB", "PROPN")
    return True


def _spoke_together(ctx: SentenceContext, i: int) -> bool:
    """Two parties as the subject of "spoke" or "talked", with no listener after it ("to reporters")."""
    start = ctx.clause(i)[0]
    after = ctx.lower(i + 1) if i + 1 < ctx.sent.end else ""
    return after not in ("to", "about", "of", "at", "out") and len(actors_of(ctx.core(start, i))) >= 2


def _call_for(ctx: SentenceContext, i: int) -> bool:
    """"a call for restraint", "the call on Israel to ..." — but "a call on Thursday" is a phone call."""
    nxt = ctx.lower(i + 1) if i + 1 < ctx.sent.end else ""
    if nxt == "for":
        return True
    return nxt == "on" and not (i + 2 < ctx.sent.end and ctx.lower(i + 2) in DAY_WORDS)


def _meets_someone(ctx: SentenceContext, i: int) -> bool:
    """"met with Putin", "the two leaders met on Monday" — not "to meet demands" or "met targets"."""
    nxt = i + 1
    if nxt >= ctx.sent.end or ctx.token(nxt).is_punct or ctx.lower(nxt) in _AFTER_MEET:
        return True
    if ctx.lower(nxt) in ("by", "via", "over") and nxt + 1 < ctx.sent.end and ctx.lower(nxt + 1) in _VIRTUAL | _PHONE:
        return True  # "met by video link"
    met = next((m for m in ctx.mentions if m.start in (nxt, nxt + 1)), None)
    # "to meet the bloc's standards": a possessor is not the one met
    owner = met is not None and met.end < ctx.sent.end and ctx.lower(met.end) in ("'s", "’s")
    return met is not None and not owner and not ctx.is_oblique(met)


def _meeting(ctx: SentenceContext, i: int, kind: str) -> Event | Reference | None:
    start, end = ctx.clause(i)
    future = ctx.future(start, i) or ctx.lower(i) == "expected"
    when = ctx.date_near(i, future)
    mode = _mode(ctx, start, end, kind)
    if kind == "visit":
        return _visit(ctx, i, start, end, future, when, mode)
    mentions = ctx.between(i) or _hyphen_pair(ctx, i) or [m for m in ctx.core(start, end, trigger=i) if not _topic(ctx, i, m)]
    if ctx.between(i) and len(actors_of(mentions)) == 1 and ctx.has_word(words("its their"), i + 1, mentions[0].start):
        # "between its foreign minister and her Pakistani counterpart": "its" is the subject's
        mentions = (ctx.subject(i) or ctx.core(start, i)[:1]) + mentions
    if kind == "summit" and len(actors_of(mentions)) < 2:  # "postponed the ASEAN summit": the forum itself
        mentions = mentions + [m for m in ctx.mentions if m.end == i and m.actor.type == "organisation"]
    if len(actors_of(mentions)) == 1:  # "He is expected to hold talks with Xi": he is the one named before
        mentions = [m for m in ctx.subject(i) or [] if m.via == "ANAPHOR"] + mentions
    if not ctx.between(i) and not any(m.start < i for m in mentions):
        mentions = []  # "talks with the IMF and the World Bank": the other side is not named
    participants = actors_of(mentions) if len(actors_of(mentions)) >= 2 else tuple(ctx.plural_antecedent(start, i))
    if len(participants) < 2:
        if i > ctx.sent.start and ctx.lower(i - 1) in _ANAPHORIC | {"virtual", "video"}:
            return Reference("meeting", kind, when, mode, ctx.evidence())
        return None
    status = _status(ctx, i, start, end, future, when)
    if ctx.lower(i) in _SUMMIT_WHEN_LEADERS and _leaders_meet(ctx, mentions, i):
        kind = "summit"
    if ctx.lower(i) == "talked" and not ctx.has_word(_PHONE | _VIRTUAL, i + 1, end):
        kind = "talks"  # they talked where they met
    states = tuple(a for a in participants if a.type == "state")
    if kind == "summit" and len(states) >= 2:
        participants = states  # "G20 leaders ... opened their summit": the states present, not the forum
    return make_event(
        ctx, _cameo(kind, status, ctx, start, end), family="meeting", kind=kind, status=status,
        participants=participants, agents=persons_of(mentions), mode=mode, when=when,
        negated=ctx.negated(start, i) and status != "denied", confidence=0.8 if ctx.parsed else 0.6,
    )


def _topic(ctx: SentenceContext, i: int, mention: Mention) -> bool:
    """An actor the meeting is about, not one who meets: "talks on Gaza", "discussed the peace
    process with Armenia" (a "with" phrase hanging off a noun that is no meeting)."""
    if ctx.preposition_before(mention) == "on":
        return mention.start > i
    if not ctx.parsed or ctx.preposition_before(mention) != "with":
        return False
    holder = next((t.head for t in ctx.doc[mention.start:mention.end] if t.head.lower_ == "with"), None)
    return holder is not None and holder.head.pos_ == "NOUN" and holder.head.lower_ not in TRIGGERS


def _hyphen_pair(ctx: SentenceContext, i: int) -> list[Mention]:
    """"the Xi-Putin summit", "EU-China talks": names joined by hyphens right before the trigger."""
    j, found = i - 1, []
    while j > ctx.sent.start:
        mention = next((m for m in ctx.mentions if m.end == j + 1), None)
        if mention is None:
            break
        found.insert(0, mention)
        j = mention.start - 1
        if ctx.lower(j) not in ("-", "–"):
            break
        j -= 1
    return found if len(actors_of(found)) >= 2 else []


def _leaders_meet(ctx: SentenceContext, mentions: list[Mention], i: int) -> bool:
    """True when every party is there in the person of its head of state or government: a leader
    the KB knows by name, or a state under a title ("the presidents of Russia and Iran")."""
    if i + 3 < ctx.sent.end and ctx.lower(i + 1) == "of" and ctx.lower(i + 3) == "leaders":
        return True  # "a meeting of their leaders"
    start = ctx.clause(i)[0]
    opening = next((j for j in range(start, i) if ctx.lower(j) != "the"), i)
    if ctx.lower(opening) in _LEADER_WORDS and all(m.start < i for m in mentions):
        return True  # "Leaders of the Caspian states, including Russia and Iran, will meet"
    # each party is there in person: "Chinese President Xi Jinping" counts by its name, not "Chinese"
    leaders = {m.actor.key for m in mentions
               if m.via in ("PERSON", "ANAPHOR") or _titled_leader(ctx, ctx.group_start(m)) or _leader_of(ctx, m)}
    # "Kazakhstan's president met his Uzbek counterpart": a leader's counterpart is a leader
    counterparts = {m.actor.key for m in mentions if m.end < ctx.sent.end and ctx.lower(m.end) in ("counterpart", "counterparts")}
    return bool(mentions) and bool(leaders) and all(m.actor.key in leaders | counterparts for m in mentions)


def _leader_of(ctx: SentenceContext, mention: Mention) -> bool:
    """"Kazakhstan's president": a state's leader named by the title after its name."""
    end = mention.end
    if end + 1 >= ctx.sent.end or ctx.lower(end) not in ("'s", "’s") or ctx.lower(end + 1) not in _LEADER_WORDS:
        return False
    return ctx.lower(end + 1) != "prime" or ctx.lower(min(end + 2, ctx.sent.end - 1)) == "minister"


def _titled_leader(ctx: SentenceContext, start: int) -> bool:
    before = [ctx.lower(j) for j in range(max(ctx.sent.start, start - 3), start)]
    return any(w in _LEADER_WORDS for w in before) and not any(w in _NOT_HEAD for w in before)


def _visit(ctx: SentenceContext, i: int, start: int, end: int, future: bool, when: DateRange | None,
           mode: str | None) -> Event | Reference | None:
    """A visit runs from visitor to host: "X visited Y", "X will travel to Y", "Y hosted X"."""
    agents = ctx.by_agents(i, end)
    # "arrived in New York for the UN General Assembly": what a trip is for is not its host
    following = [m for m in ctx.mentions_between(i + 1, end) if m not in agents and ctx.preposition_before(m) != "for"
                 and (not ctx.is_oblique(m) or ctx.preposition_before(m) == "in")]
    after = ctx.first_group(following)
    # "the first G7 leader to visit Beijing" names the forum of the visitor, not the visitor
    forum = [m for m in ctx.core(start, i) if m.actor.type == "organisation" and m.end < ctx.sent.end
             and ctx.lower(m.end) in ("leader", "leaders", "member")]
    before = [m for m in ctx.core(start, i) if m not in forum][-1:]
    if forum and not before:  # "Scholz ..., the first G7 leader to visit China": the sentence's subject
        before = ctx.core(ctx.sent.start, forum[0].start)[:1]
    guests, hosts = (after, before) if ctx.lower(i) in _HOST else (before, after)
    if agents:  # "was welcomed in Pyongyang by Kim", "a visit to France by King Charles"
        guests, hosts = (before, ctx.first_group(agents)) if ctx.lower(i) in _HOST else (
            ctx.first_group(agents),
            ctx.first_group([m for m in following if ctx.preposition_before(m) in ("to", "in")]) or before)
    targets = actors_of(hosts)
    visitors = [m for m in guests if m.actor.key not in {t.key for t in targets}]
    sources = actors_of(visitors)
    if not sources or not targets:
        return Reference("meeting", "visit", when, mode, ctx.evidence()) if sources or targets else None
    status = _status(ctx, i, start, end, future, when)
    return make_event(
        ctx, _cameo("visit", status, ctx, start, end), family="meeting", kind="visit", status=status,
        sources=sources, targets=targets, agents=persons_of(visitors + hosts), mode=mode, when=when,
        negated=ctx.negated(start, i) and status != "denied", confidence=0.75 if ctx.parsed else 0.55,
    )


def _attendance(ctx: SentenceContext, verb: int) -> Iterator[Event]:
    """"Lula attended the G20 summit in New Delhi", "attended the funeral in London": going to a
    gathering abroad is a visit to its host (CAMEO 042), the state of the place it is held in."""
    start, end = ctx.clause(verb)
    i = next((j for j in range(verb + 1, min(verb + 8, end)) if ctx.lower(j) in _GATHERINGS), None)
    if i is None:
        return
    hosts = actors_of([m for m in ctx.mentions_between(i + 1, end) if m.via == "PLACE"][:1])
    guests = [m for m in ctx.subject(verb) or ctx.core(start, verb) if m.actor.type == "state"]
    sources = without(actors_of(guests), hosts)
    if not sources or not hosts:
        return
    future = ctx.future(start, verb)
    when = ctx.date_near(i, future)
    status = _status(ctx, verb, start, end, future, when)
    yield make_event(
        ctx, _cameo("visit", status, ctx, start, end), family="meeting", kind="visit", status=status,
        sources=sources, targets=hosts, agents=persons_of(guests), mode="in_person", when=when,
        negated=ctx.negated(start, verb) and status != "denied", confidence=0.7 if ctx.parsed else 0.5,
    )


def _status(ctx: SentenceContext, i: int, start: int, end: int, future: bool, when: DateRange | None) -> str:
    """Cancelled, denied, planned (told in the future, or dated after the article: "kick off talks
    tomorrow") or occurred."""
    if ctx.has_word(_CANCELLED, start, end) or _called_off(ctx, start, end) or _called_off_later(ctx, i):
        return "cancelled"
    if ctx.has_word(DENY_WORDS, ctx.sent.start, end):
        return "denied"
    ahead = when is not None and ctx.published is not None and when.earliest > ctx.published
    return "planned" if future or ahead else "occurred"


def _called_off(ctx: SentenceContext, start: int, end: int) -> bool:
    """"called off the summit"; not "kick off", "set off" or "off the coast"."""
    return any(ctx.lower(j) == "off" and ctx.lower(j - 1) in _CALL_OFF for j in range(max(start, 1), end))


def _called_off_later(ctx: SentenceContext, i: int) -> bool:
    """"talks that were due on Saturday were postponed", "planned talks did not take place": the
    meeting's fate told after its trigger, in its clause or the next."""
    rest = ctx.doc[i + 1:ctx.sent.end]
    return bool(_NOT_HELD.search(rest.text)) or any(
        t.lower_ in ("postponed", "cancelled", "canceled", "scrapped") and ctx.lower(t.i - 1) in ("was", "were", "been")
        for t in rest)


def _mode(ctx: SentenceContext, start: int, end: int, kind: str) -> str | None:
    if _IN_PERSON_PHRASE.search(ctx.doc[start:end].text):
        return "in_person"
    if ctx.has_word(_VIRTUAL, start, end):
        return "virtual"
    if kind == "call" or ctx.has_word(_PHONE, start, end):
        return "phone"
    if kind == "visit" or ctx.has_word(_IN_PERSON | _MEET_VERBS, start, end) or _held_at_a_place(ctx, start, end):
        return "in_person"  # people who "met", with no word of video or phone, met in person
    return None


def _held_at_a_place(ctx: SentenceContext, start: int, end: int) -> bool:
    """A meeting "in Baghdad", "in Geneva" or "at Camp David" took people to one place: a proper name
    (after "the" too) or a known seat after "in" or "at"; not a date ("in March", "on Monday")."""
    return any(ctx.lower(j) in ("in", "at") and (_place_name(ctx, j + 1) or ctx.lower(j + 1) == "the" and _place_name(ctx, j + 2)
                                                 or any(m.start in (j + 1, j + 2) and m.via in ("METONYM", "PLACE", "BODY")
                                                        for m in ctx.mentions))
               for j in range(start, end - 2))


def _place_name(ctx: SentenceContext, i: int) -> bool:
    token = ctx.token(i)
    return token.pos_ == "PROPN" and token.is_title and ctx.lower(i) not in DAY_WORDS


def _cameo(kind: str, status: str, ctx: SentenceContext, start: int, end: int) -> str | None:
    if status in ("cancelled", "denied"):
        return None
    if status == "planned":
        return "036"
    if kind == "call":
        return "041"
    if kind == "visit":
        return "043" if ctx.has_word(_HOST, start, end) else "042"
    return "046" if ctx.has_word(words("negotiations negotiated negotiate"), start, end) else "040"


#: Words one of which a sentence must hold for this module to find a meeting in it: the trigger
#: words, so a sentence without any is not parsed (see kg.pipeline).
CUES = frozenset(TRIGGERS) | _ATTEND
