"""From a clean article to its events: the NLP, linking and extraction stages run in order.

The command line and the tests read articles through here, so there is one way an article
becomes events, whichever command asked.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
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
    """Reads events from articles with one spaCy pipeline, built once; with `processes` above one,
    forked copies of it read batches of articles side by side, start to finish (parse, link and
    extract), and the readings come back in input order."""

    def __init__(self, model: str = MODEL, processes: int = 1) -> None:
        self.kb = load_kb()
        self.nlp = build_pipeline(self.kb.patterns(), model)
        self.nlp.max_length = MAX_CHARS + 1
        self.parsed = has_parser(self.nlp)
        self.processes = max(1, processes)

    def read(self, items: Iterable[Article | ArticleProblem]) -> Iterator[Reading | ArticleProblem]:
        """Readings in input order; problems (unreadable, over-long or non-English articles) are
        passed through in their place."""
        chunks = _chunks(items)
        if self.processes == 1:
            for chunk in chunks:
                yield from self.read_chunk(chunk)
        else:
            yield from self._parallel(chunks)

    def read_chunk(self, chunk: list[Article | ArticleProblem]) -> list[Reading | ArticleProblem]:
        """One batch of items, the articles among them parsed together."""
        checked = [_checked(item) for item in chunk]
        readings = iter(self._analyse([item for item in checked if isinstance(item, Article)]))
        return [next(readings) if isinstance(item, Article) else item for item in checked]

    def _parallel(self, chunks: Iterator[list[Article | ArticleProblem]]) -> Iterator[Reading | ArticleProblem]:
        """Batches spread over forked workers that inherit this reader; a few batches per worker are
        in flight at a time, so memory does not grow with the corpus."""
        global _WORKER_READER
        _WORKER_READER = self
        with multiprocessing.get_context("fork").Pool(self.processes) as pool:
            while window := list(itertools.islice(chunks, self.processes * 4)):
                for readings in pool.imap(_read_in_worker, window):
                    yield from readings

    def _analyse(self, batch: list[Article]) -> Iterator[Reading | ArticleProblem]:
        for article, doc in zip(batch, self.nlp.pipe(a.text for a in batch)):
            try:
                mentions = link_mentions(doc, self.kb, article.published)
                yield Reading(article, extract_events(doc, mentions, article.published, self.parsed))
            except Exception as error:  # one article's failure must not cost the others theirs
                log.debug("analysing %s failed", article.source, exc_info=True)
                yield ArticleProblem(article.source, f"analysis failed ({type(error).__name__}: {error}); "
                                                     "please report this with the article")


#: The reader a forked worker inherits from its parent.
_WORKER_READER: EventReader | None = None


def _read_in_worker(chunk: list[Article | ArticleProblem]) -> list[Reading | ArticleProblem]:
    assert _WORKER_READER is not None
    return _WORKER_READER.read_chunk(chunk)


def _chunks(items: Iterable[Article | ArticleProblem]) -> Iterator[list[Article | ArticleProblem]]:
    """Items in order, cut into lists of at most _BATCH."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, _BATCH)):
        yield chunk


def _checked(item: Article | ArticleProblem) -> Article | ArticleProblem:
    """The article, or the problem that keeps it from being analysed."""
    if isinstance(item, ArticleProblem):
        return item
    if len(item.text) > MAX_CHARS:
        return ArticleProblem(item.source, f"too long to analyse ({len(item.text):,} characters > "
                                           f"{MAX_CHARS:,}); split it into articles")
    if not looks_english(item.text):
        return ArticleProblem(item.source, "not in English prose (too few English function words: another language "
                                           "or a table); skipped rather than read with English rules")
    return item
