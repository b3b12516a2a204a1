"""The spaCy pipeline: the pinned statistical model is the one we measured, and the blank fallback runs."""

from __future__ import annotations

import logging

import pytest
import spacy

from kg.nlp import BLANK, MODEL, _base_pipeline, has_parser
from tests.extraction import reader

# Published figures of en_core_web_sm 3.8.0, which the republished wheel must carry unchanged.
EXPECTED_ACCURACY = {"tag_acc": 0.9729, "dep_uas": 0.9177, "dep_las": 0.8992, "ents_f": 0.8433, "sents_f": 0.9068}
EXPECTED_COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
EXPECTED_NER = {"CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
                "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART"}


@pytest.fixture(scope="module")
def model_meta() -> dict:
    return spacy.load(MODEL).meta


def test_model_is_the_measured_release(model_meta: dict) -> None:
    assert model_meta["version"] == "3.8.0"
    assert model_meta["lang"] == "en"
    assert model_meta["pipeline"] == EXPECTED_COMPONENTS
    assert set(model_meta["labels"]["ner"]) == EXPECTED_NER
    for key, value in EXPECTED_ACCURACY.items():
        assert model_meta["performance"][key] == pytest.approx(value, abs=1e-4), key


def test_pipeline_has_actor_ruler_and_paragraph_breaks() -> None:
    nlp = reader().nlp
    assert nlp.pipe_names[:2] == ["actor_ruler", "paragraph_breaks"]
    assert has_parser(nlp)
    doc = nlp("Russia's Putin to meet Xi\n\nThe Kremlin said the talks would be held online.")
    assert [s.text.strip() for s in doc.sents][0] == "Russia's Putin to meet Xi"
    assert {span.id_ for span in doc.spans["actors"]} >= {"https://w3id.org/dipkg/id/actor/Q159"}


def test_missing_model_falls_back_to_blank_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        nlp = _base_pipeline("no_such_model_installed")
    assert "blank English pipeline" in caplog.text
    assert not has_parser(nlp)
    assert nlp.pipe_names == ["sentencizer"]


def test_blank_pipeline_finds_actors_and_sentences() -> None:
    nlp = reader(BLANK).nlp
    doc = nlp("Moscow rejected the demand. Beijing agreed.")
    assert len(list(doc.sents)) == 2
    assert len(doc.spans["actors"]) == 2
