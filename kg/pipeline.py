"""From a clean article to its events: the NLP, linking and extraction stages run in order.

The command line and the tests read articles through here, so there is one way an article
becomes events, whichever command asked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.actors import link_mentions, load_kb
from kg.articles import Article, ArticleProblem
from kg.events import Event
from kg.extract import extract_events
from kg.nlp import MODEL, build_pipeline, has_parser

#: Longer texts are refused with a message: no news article is near this long, and the parser's
#: memory grows with the text.
MAX_CHARS = 2_000_000
_BATCH = 16
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    """An article with the events read from it."""

    article: Article
    events: list[Event]


#: The commonest English function words: a fifth or more of ordinary English prose.
_ENGLISH = frozenset("the of and to in a is that for on with said was as by it at from are be has have will "
                     "its an not were which this their after would".split())


def looks_english(text: str) -> bool:
    """True unless the text is long enough to tell and has almost none of English's commonest words.

    The extractors' rules are English; a French or Chinese article read by them gives nonsense.
    """
    words = [w.lower().strip(".,;:\"'()") for w in text[:20_000].split()]
    if len(words) < 30:
        return True
    return sum(w in _ENGLISH for w in words) / len(words) >= 0.08


class EventReader:
    """Reads events from articles with one spaCy pipeline, built once."""

    def __init__(self, model: str = MODEL) -> None:
        self.kb = load_kb()
        self.nlp = build_pipeline(self.kb.patterns(), model)
        self.nlp.max_length = MAX_CHARS + 1
        self.parsed = has_parser(self.nlp)

    def read(self, items: Iterable[Article | ArticleProblem]) -> Iterator[Reading | ArticleProblem]:
        """Readings in input order; problems (unreadable or over-long articles) are passed through."""
        batch: list[Article] = []
        for item in items:
            if isinstance(item, ArticleProblem):
                yield from self._flush(batch)
                yield item
            elif len(item.text) > MAX_CHARS:
                yield from self._flush(batch)
                yield ArticleProblem(item.source, f"too long to analyse ({len(item.text):,} characters > "
                                                  f"{MAX_CHARS:,}); split it into articles")
            elif not looks_english(item.text):
                yield from self._flush(batch)
                yield ArticleProblem(item.source, "not in English (too few English function words); skipped "
                                                  "rather than read with English rules")
            else:
                batch.append(item)
                if len(batch) >= _BATCH:
                    yield from self._flush(batch)
        yield from self._flush(batch)

    def _flush(self, batch: list[Article]) -> Iterator[Reading | ArticleProblem]:
        for article, doc in zip(batch, self.nlp.pipe(a.text for a in batch)):
            try:
                mentions = link_mentions(doc, self.kb, article.published)
                yield Reading(article, extract_events(doc, mentions, article.published, self.parsed))
            except Exception as error:  # one article's failure must not cost the others theirs
                log.debug("analysing %s failed", article.source, exc_info=True)
                yield ArticleProblem(article.source, f"analysis failed ({type(error).__name__}: {error}); "
                                                     "please report this with the article")
        batch.clear()
