"""The one place that mints IRIs for instance data.

IRIs are deterministic (the same input always gives the same IRI, so re-ingesting an article
replaces its triples instead of duplicating them) and never contain user text: free text is
hashed, and the only readable part, a Wikidata QID, is checked against its grammar first.
"""

import hashlib
import re

from rdflib import URIRef

from kg.vocab import DIPR, WD

_QID = re.compile(r"Q[1-9][0-9]*")
_KIND = re.compile(r"[a-z]+")


def is_qid(value: str) -> bool:
    """True when value is a well-formed Wikidata item id such as Q148."""
    return _QID.fullmatch(value) is not None


def mint(kind: str, *parts: str) -> URIRef:
    """An IRI for a node of the given kind, identified by the hash of its parts."""
    if not _KIND.fullmatch(kind):
        raise ValueError(f"IRI kind must be lower-case letters: {kind!r}")
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return DIPR[f"{kind}/{digest}"]


def actor_iri(qid: str) -> URIRef:
    """The node of a Wikidata-linked actor: readable, since a QID is already a safe identifier."""
    if not is_qid(qid):
        raise ValueError(f"not a Wikidata item id: {qid!r}")
    return DIPR[f"actor/{qid}"]


def group_iri(label: str) -> URIRef:
    """The node of an actor that has no Wikidata entity, such as "the West"."""
    return mint("actor", label.casefold())


def wikidata(qid: str) -> URIRef:
    """The Wikidata entity IRI of a QID."""
    if not is_qid(qid):
        raise ValueError(f"not a Wikidata item id: {qid!r}")
    return WD[qid]
