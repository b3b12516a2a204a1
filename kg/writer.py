"""Article graphs into the store in batches: each batch checked against the shapes at once and
written in one transaction.

Checking and writing article by article spent more time in the SHACL validator's set-up and in
store round trips than in the checks themselves; a batch pays them once. An article whose graph
fails the shapes is found by checking the failed batch's articles one by one, reported, and left
out; the others are written. A server that will not take a batch stops the writer: the articles
that did not land are kept in `lost` for the report, and a re-run writes them.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.articles import Article, ArticleProblem
from kg.events import Event
from kg.rdf import ACTORS_GRAPH, actors_ntriples, article_graph, article_graph_iri, with_actor_classes
from kg.remote import NotWritten
from kg.store import Store
from kg.validate import check_articles

if TYPE_CHECKING:
    from kg.pipeline import Reading

#: Articles per batch: large enough to amortise the validator, small enough to lose little on a crash.
BATCH = 256


@dataclass
class BatchWriter:
    """Collects article graphs and writes each full batch; `flush` writes what is left. It keeps
    counts, not articles, so its memory does not grow with the corpus."""

    store: Store
    batch: int = BATCH
    problems: list[ArticleProblem] = field(default_factory=list)
    lost: list[Article] = field(default_factory=list)
    stored: int = 0
    families: Counter[str] = field(default_factory=Counter)
    _pending: list[tuple[Article, list[Event], Graph]] = field(default_factory=list)

    def add(self, article: Article, events: list[Event]) -> None:
        self._pending.append((article, events, article_graph(article, events)))
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Check the pending graphs together (one by one if that fails) and write the good ones."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        good = pending if _conforms([graph for _, _, graph in pending]) else [
            item for item in pending if self._alone_conforms(*item)]
        try:
            self.store.replace_graphs([(article_graph_iri(article.id), graph) for article, _, graph in good])
        except NotWritten as error:
            self._count(good[:error.landed])
            self.lost = [article for article, _, _ in good[error.landed:]]
            raise
        self._count(good)

    def _count(self, written: list[tuple[Article, list[Event], Graph]]) -> None:
        self.stored += len(written)
        self.families.update(event.family for _, events, _ in written for event in events)

    def _alone_conforms(self, article: Article, _events: list[Event], graph: Graph) -> bool:
        verdict = check_articles(with_actor_classes(graph))
        if not verdict.conforms:
            self.problems.append(ArticleProblem(article.source, "its graph fails the SHACL shapes; not stored: "
                                                + first_violation(verdict.report)))
        return verdict.conforms


@dataclass
class IngestReport:
    """What an ingest did: articles stored, events by family, every article that failed and why, and
    the server's refusal when one stopped it (the articles after those listed were not read)."""

    stored: int
    families: Counter[str]
    problems: list[ArticleProblem]
    stopped: NotWritten | None = None
    read: int = 0  # items taken from the readings, in input order: those after them were not read


def ingest(store: Store, readings: Iterable[Reading | ArticleProblem]) -> IngestReport:
    """Write the actors graph and every article read, in batches; a second article with an id already
    seen is reported, not written over the first."""
    problems: list[ArticleProblem] = []
    stopped: NotWritten | None = None
    writer = BatchWriter(store)
    read = 0
    try:
        items = iter(readings)
        # the first reading sets the readers going; the reference data is written while they read on
        first = list(itertools.islice(items, 1))
        store.replace_graph(ACTORS_GRAPH, actors_ntriples())
        seen: dict[str, str] = {}
        for item in itertools.chain(first, items):
            read += 1
            if isinstance(item, ArticleProblem):
                problems.append(item)
            elif item.article.id in seen:
                problems.append(ArticleProblem(item.article.source, f"same article id as {seen[item.article.id]} "
                                               f"({item.article.id}); only the first is stored"))
            else:
                seen[item.article.id] = item.article.source
                writer.add(item.article, item.events)
        writer.flush()
    except NotWritten as error:
        stopped = error
    problems += writer.problems
    problems += [ArticleProblem(article.source, f"did not land in the store: {stopped}") for article in writer.lost]
    return IngestReport(writer.stored, writer.families, problems, stopped, read)


def _conforms(graphs: list[Graph]) -> bool:
    union = Graph()
    for graph in graphs:
        union += graph
    return check_articles(with_actor_classes(union)).conforms


def first_violation(report: str) -> str:
    messages = [line.strip() for line in report.splitlines() if line.strip().startswith("Message:")]
    return messages[0] if messages else "see kg validate"

