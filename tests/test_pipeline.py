"""From articles to events with the statistical model: order, provenance, refusals, real readings.

One EventReader is built for the module: loading the model is the slow part.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from kg.articles import Article, ArticleProblem, read_articles
from kg.nlp import MODEL
from kg.pipeline import MAX_CHARS, EventReader, Reading

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

pytestmark = pytest.mark.skipif(not spacy.util.is_package(MODEL), reason=f"the spaCy model {MODEL} is not installed")


@pytest.fixture(scope="module")
def reader() -> EventReader:
    return EventReader()


@pytest.fixture(scope="module")
def examples() -> dict[str, Article]:
    """The example articles by file name."""
    articles = [a for a in read_articles([EXAMPLES]) if isinstance(a, Article)]
    return {Path(a.source).name: a for a in articles}


def test_readings_keep_the_input_order_across_batches(reader: EventReader, examples: dict[str, Article]) -> None:
    """Three rounds of the examples with problems between them: more than two batches, none misaligned."""
    items: list[Article | ArticleProblem] = []
    for round_ in range(3):
        items.extend(examples.values())
        items.append(ArticleProblem(f"problem-{round_}", "unreadable"))
    out = list(reader.read(items))
    assert [r.article if isinstance(r, Reading) else r for r in out] == items
    assert all(out[i] is items[i] for i, item in enumerate(items) if isinstance(item, ArticleProblem))
    readings = [r for r in out if isinstance(r, Reading)]
    assert sum(len(r.events) for r in readings) > 0
    for reading in readings:
        for event in reading.events:
            for evidence in event.evidence:
                assert reading.article.text[evidence.start:evidence.end] == evidence.text


def test_two_processes_read_the_same_events_in_the_same_order(reader: EventReader, examples: dict[str, Article]) -> None:
    """Forked workers give what one process gives, problems in their places, over several batches."""
    items: list[Article | ArticleProblem] = []
    for round_ in range(3):
        items.extend(examples.values())
        items.append(ArticleProblem(f"problem-{round_}", "unreadable"))
    reader.processes = 2
    try:
        parallel = list(reader.read(items))
    finally:
        reader.processes = 1
    single = list(reader.read(items))
    assert parallel == single and len(parallel) == len(items)


def test_an_over_long_text_is_refused_and_the_next_article_still_read(reader: EventReader,
                                                                      examples: dict[str, Article]) -> None:
    long = Article("test:long", "word " * (MAX_CHARS // 5 + 1), None, None, None, "long.txt")
    good = examples["03-us-lifts-turkey-sanctions.txt"]
    problem, reading = reader.read([long, good])
    assert isinstance(problem, ArticleProblem) and problem.source == "long.txt"
    assert "too long to analyse" in problem.message
    assert isinstance(reading, Reading) and reading.article is good and reading.events


def test_the_model_reads_a_summit(reader: EventReader, examples: dict[str, Article]) -> None:
    [reading] = reader.read([examples["01-xi-putin-beijing-summit.txt"]])
    summits = [e for e in reading.events if (e.family, e.kind, e.status) == ("meeting", "summit", "occurred")]
    assert [sorted(a.qid for a in e.participants) for e in summits] == [["Q148", "Q159"]]
    assert summits[0].when is not None and summits[0].when.earliest == date(2021, 7, 15)


def test_the_model_reads_a_lifted_sanction(reader: EventReader, examples: dict[str, Article]) -> None:
    [reading] = reader.read([examples["03-us-lifts-turkey-sanctions.txt"]])
    lifted = [e for e in reading.events if (e.family, e.status) == ("sanction", "lifted")]
    assert [([a.qid for a in e.sources], [a.qid for a in e.targets]) for e in lifted] == [(["Q30"], ["Q43"])]


def test_an_article_without_a_date_gives_events_without_dates(reader: EventReader) -> None:
    text = ("Japan and Australia hold talks on defence\n\nTOKYO — Japan and Australia held talks in Tokyo on "
            "Monday on closer defence cooperation, officials said.")
    [reading] = reader.read([Article("test:undated", text, None, None, None, "undated.txt")])
    assert reading.events
    assert all(event.when is None for event in reading.events)


def test_a_failing_analysis_costs_only_its_own_article(reader: EventReader, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline

    real = kg.pipeline.extract_events

    def fragile(doc, mentions, published, parsed):
        if "boom" in doc.text:
            raise RuntimeError("boom")
        return real(doc, mentions, published, parsed)

    monkeypatch.setattr(kg.pipeline, "extract_events", fragile)
    articles = [Article(name, text, None, date(2021, 3, 1), None, name)
                for name, text in (("a", "China and Russia met on Monday."), ("b", "boom: Cuba and Peru met."),
                                   ("c", "Japan and India held talks."))]
    results = list(reader.read(articles))
    assert [type(r).__name__ for r in results] == ["Reading", "ArticleProblem", "Reading"]
    assert isinstance(results[1], ArticleProblem) and "RuntimeError: boom" in results[1].message


def test_a_non_english_article_is_skipped_with_a_message(reader: EventReader) -> None:
    french = ("La France et l'Allemagne ont signé mardi un accord de coopération militaire, a annoncé le "
              "ministère des Affaires étrangères. Les deux pays veulent renforcer leur défense commune face "
              "aux menaces et développer ensemble de nouveaux équipements pour leurs armées dans les années à venir.")
    english = "Japan and India held talks in Tokyo on Friday."
    results = list(reader.read([Article("fr", french, None, None, None, "fr.txt"),
                                Article("en", english, None, None, None, "en.txt")]))
    assert isinstance(results[0], ArticleProblem) and "not in English" in results[0].message
    assert isinstance(results[1], Reading) and results[1].events


def test_capital_letter_headlines_and_very_long_sentences(reader: EventReader) -> None:
    headline = "CHINA, RUSSIA TO HOLD SUMMIT IN BEIJING NEXT WEEK\n\nOfficials gave no details."
    (reading,) = list(reader.read([Article("caps", headline, None, date(2021, 12, 13), None, "caps")]))
    assert isinstance(reading, Reading)
    assert [(e.family, e.kind, e.status) for e in reading.events] == [("meeting", "summit", "planned")]
    long_text = "Japan and India held talks in Tokyo, " + "and officials discussed trade, " * 300 + "said a spokesman."
    (long_reading,) = list(reader.read([Article("long", long_text, None, None, None, "long")]))
    assert isinstance(long_reading, Reading) and len(long_reading.events) == 1


def test_only_sentences_that_can_hold_an_event_are_parsed_and_evidence_points_into_the_article() -> None:
    reader = EventReader("blank")
    text = ("Wheat prices rose on Monday. Traders expect a good harvest. Rain fell overnight. "
            "The crop was large. Exporters were busy.\n\nJapan and China held talks in Beijing on Tuesday.")
    plan = reader._plan(text)
    assert plan.text.endswith("Japan and China held talks in Beijing on Tuesday.")
    assert "Wheat prices" not in plan.text and len(plan.segments) == 3  # the talks and two sentences before
    assert reader._plan("Wheat prices rose on Monday. Traders expect a good harvest.").segments == ()
    (reading,) = reader.read([Article("t", text, None, date(2024, 5, 8), None, "t")])
    (event,) = reading.events
    assert text[event.evidence[0].start:event.evidence[0].end] == event.evidence[0].text
    reader.parse_all = True
    (whole,) = reader.read([Article("t", text, None, date(2024, 5, 8), None, "t")])
    assert whole.events == reading.events
