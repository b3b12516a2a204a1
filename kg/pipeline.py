"""From a clean article to its events: the NLP, linking and extraction stages run in order.

The command line and the tests read articles through here, so there is one way an article
becomes events, whichever command asked.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.pool import AsyncResult

from spacy.pipeline import Sentencizer

from kg.actors import link_mentions, load_kb
from kg.articles import Article, ArticleProblem
from kg.events import Event, Evidence
from kg.extract import CUES, extract_events
from kg.nlp import ACTOR_SPANS, MODEL, build_pipeline, has_parser, paragraph_breaks

#: Longer texts are refused with a message: no news article is near this long, and the parser's
#: memory grows with the text.
MAX_CHARS = 2_000_000
_BATCH = 16
#: Sentences kept before each one worth parsing, for the people and pronouns it refers back to.
_CONTEXT = 2
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
    extract), and the readings come back in input order.

    Unless `parse_all` is set, only the sentences that can hold an event go through the statistical
    pipeline: those with a trigger word of some extractor and an actor's name in them or in the
    sentence before, found by the tokenizer and the actor ruler alone, each with the two sentences
    before it for context. Most newswire sentences have neither, and the parser is the slow part.
    """

    def __init__(self, model: str = MODEL, processes: int = 1, parse_all: bool = False) -> None:
        self.kb = load_kb()
        self.nlp = build_pipeline(self.kb.patterns(), model)
        self.nlp.max_length = MAX_CHARS + 1
        self.parsed = has_parser(self.nlp)
        self.processes = max(1, processes)
        self.parse_all = parse_all
        self._sentencizer = Sentencizer()

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
            in_flight: deque[AsyncResult] = deque()
            for chunk in itertools.chain(chunks, [None]):
                if chunk is not None:
                    in_flight.append(pool.apply_async(_read_in_worker, (chunk,)))
                # workers stay busy while the caller stores what came back; the oldest batch comes first
                while in_flight and (chunk is None or len(in_flight) > self.processes * 4):
                    yield from in_flight.popleft().get()

    def _analyse(self, batch: list[Article]) -> Iterator[Reading | ArticleProblem]:
        plans = [_Plan.whole(a.text) if self.parse_all else self._plan(a.text) for a in batch]
        docs = self.nlp.pipe(plan.text for plan in plans if plan.segments)
        for article, plan in zip(batch, plans):
            if not plan.segments:
                yield Reading(article, [])
                continue
            doc = next(docs)
            try:
                mentions = link_mentions(doc, self.kb, article.published)
                events = extract_events(doc, mentions, article.published, self.parsed)
                yield Reading(article, [plan.restore(event) for event in events])
            except Exception as error:  # one article's failure must not cost the others theirs
                log.debug("analysing %s failed", article.source, exc_info=True)
                yield ArticleProblem(article.source, f"analysis failed ({type(error).__name__}: {error}); "
                                                     "please report this with the article")

    def _plan(self, text: str) -> _Plan:
        """The sentences worth parsing, found with the tokenizer, a sentencizer and the actor ruler."""
        doc = paragraph_breaks(self._sentencizer(self.nlp.get_pipe("actor_ruler")(self.nlp.make_doc(text))))
        sentences = list(doc.sents)
        names = {span.start for span in doc.spans[ACTOR_SPANS]}
        named = [any(i in names for i in range(s.start, s.end)) for s in sentences]
        keep: set[int] = set()
        for k, sentence in enumerate(sentences):
            if (named[k] or k and named[k - 1]) and any(t.lower_ in CUES for t in sentence):
                keep.update(range(max(0, k - _CONTEXT), k + 1))
        return _Plan.of(text, [(sentences[k].start_char, sentences[k].end_char) for k in sorted(keep)])


@dataclass(frozen=True)
class _Plan:
    """The text to parse for an article: some of its sentences, one to a line, and where each came
    from, so that evidence offsets point into the article again."""

    text: str
    #: (offset in `text`, offset in the article, length) of each sentence kept.
    segments: tuple[tuple[int, int, int], ...]

    @classmethod
    def whole(cls, text: str) -> _Plan:
        return cls(text, ((0, 0, len(text)),))

    @classmethod
    def of(cls, text: str, spans: list[tuple[int, int]]) -> _Plan:
        parts, segments, at = [], [], 0
        for start, end in spans:
            parts.append(text[start:end])
            segments.append((at, start, end - start))
            at += end - start + 2
        return cls("\n\n".join(parts), tuple(segments))

    def restore(self, event: Event) -> Event:
        """The event with its evidence offsets in the article's text."""
        return replace(event, evidence=[self._moved(e) for e in event.evidence])

    def _moved(self, evidence: Evidence) -> Evidence:
        shift = next(orig - at for at, orig, length in self.segments if at <= evidence.start <= at + length)
        return replace(evidence, start=evidence.start + shift, end=evidence.end + shift)


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
