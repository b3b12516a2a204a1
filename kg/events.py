"""Plain typed values passed from extraction to RDF.

Extractors build these and never touch rdflib; the RDF mapper reads them and never touches spaCy,
so either side can change without the other noticing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Family = Literal["meeting", "sanction", "alignment", "claim"]
Status = Literal["planned", "occurred", "threatened", "imposed", "lifted", "cancelled", "denied"]
Mode = Literal["virtual", "in_person", "phone"]
Precision = Literal["day", "week", "month", "year"]
#: "unresolved" is a name that could be several entities and that the context did not settle:
#: kept with its label and no QID rather than forced onto a wrong entity.
ActorType = Literal["state", "organisation", "person", "group", "territory", "body", "unresolved"]

#: The kinds each family may carry; the RDF mapper has a class for each.
KINDS: dict[str, tuple[str, ...]] = {
    "meeting": ("summit", "talks", "call", "visit"),
    "sanction": ("sanction",),
    "alignment": ("cooperation", "opposition", "rejection"),
    "claim": ("territorial", "demand", "accusation", "denial", "threat"),
}


@dataclass(frozen=True)
class Actor:
    """An actor as the graph knows it: a Wikidata entity, or a labelled group without one."""

    label: str
    type: ActorType
    qid: str | None = None

    @property
    def key(self) -> str:
        """What identifies the actor when comparing events: its QID, else its label."""
        return self.qid or self.label.casefold()


@dataclass(frozen=True)
class Evidence:
    """A sentence that reports the event, located by character offsets in the article text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DateRange:
    """When an event happened or will happen, as far as the text tells: first and last possible day."""

    earliest: date
    latest: date
    precision: Precision
    #: True when the text gave no date and the article's publication day stands in for it.
    from_article: bool = False

    @property
    def width(self) -> int:
        """Days between the first and last possible day; smaller is more precise."""
        return (self.latest - self.earliest).days


@dataclass
class Event:
    """One reported interaction between actors, possibly told in several sentences."""

    family: Family
    kind: str
    status: Status
    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    participants: tuple[Actor, ...] = ()
    agents: tuple[Actor, ...] = ()
    about: tuple[Actor, ...] = ()
    mode: Mode | None = None
    when: DateRange | None = None
    negated: bool = False
    condition: str | None = None
    cameo: str | None = None
    plover: str | None = None
    confidence: float = 0.5
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS[self.family]:
            raise ValueError(f"{self.kind!r} is not a kind of {self.family}")
        if self.participants and (self.sources or self.targets):
            raise ValueError("an event is either symmetric (participants) or directed (sources, targets)")

    @property
    def symmetric(self) -> bool:
        """Symmetric events have participants without direction (a summit); others source and target."""
        return bool(self.participants)

    @property
    def actors(self) -> frozenset[str]:
        """Keys of every party to the event, whatever its role."""
        return frozenset(a.key for a in self.participants + self.sources + self.targets)
