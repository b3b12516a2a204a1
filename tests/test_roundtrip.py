"""Property-based round trips: articles whose ids, titles, URLs, sources, sentences, conditions and
group names hold quotes, backslashes, newlines, angle brackets, control characters, right-to-left
marks, astral characters and very long tokens. Every graph kg writes must parse back, in every
format, to the same graph, pass the SHACL shapes, and name nothing with an IRI that is not one.
"""

from __future__ import annotations

import io
import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.articles import Article
from kg.events import Actor, DateRange, Event, Evidence
from kg.rdf import article_graph, article_graph_iri, text_literal, with_actors
from kg.store import FORMATS, Store
from kg.validate import check
from tests.test_store import plain

CHINA = Actor("China", "state", "Q148")
RUSSIA = Actor("Russia", "state", "Q159")
#: Characters that break naive writers, mixed into otherwise arbitrary text.
AWKWARD = ['"', "'", "\\", "\n", "\r", "\t", "<", ">", "{", "}", "#", "@", "\x00", "\x07", "\x1b", "\u202e",
           "\u200f", "\U0001d518", "\U0001f600", '"""', "'''", "\\u0022", "%", " ", "_:b0", "^^"]
TEXT = st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(AWKWARD),
                min_size=1, max_size=8).map("".join).filter(bool)
LONG_TOKEN = st.text(st.sampled_from(["a", "\\", '"', "\U0001d518", "<"]), min_size=2000, max_size=5000)
SENTENCE = "China and Russia held talks in Beijing."

# RFC 3987: an IRI is a scheme, then unreserved, reserved and percent-encoded characters, or ucschar.
_UCSCHAR = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd\U000e1000-\U000efffd"
_IRI = re.compile(rf"[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]{_UCSCHAR}]|%[0-9A-Fa-f]{{2}})*")


def is_iri(text: str) -> bool:
    return _IRI.fullmatch(text) is not None


@st.composite
def articles(draw: st.DrawFn) -> tuple[Article, list[Event]]:
    """An article with awkward fields, one event whose evidence is a real sentence of its text, and
    one whose group actor and condition are awkward text."""
    title, noise = draw(TEXT), draw(st.one_of(TEXT, LONG_TOKEN))
    text = f"{title}\n\n{noise} {SENTENCE} {draw(TEXT)}"
    start = text.index(SENTENCE)
    group = Actor(draw(TEXT).strip() or "a group", "group")
    article = Article(id=draw(TEXT), text=text, title=title, published=draw(st.dates(date(1900, 1, 1))),
                      url=draw(st.one_of(st.none(), TEXT)), source=draw(TEXT))
    talks = Event("meeting", "talks", "occurred", participants=(CHINA, RUSSIA), confidence=0.8,
                  when=DateRange(article.published, article.published, "day"),
                  evidence=[Evidence(SENTENCE, start, start + len(SENTENCE))])
    claim = Event("claim", "accusation", "occurred", sources=(CHINA,), targets=(group,), confidence=0.5,
                  condition=draw(TEXT), evidence=[Evidence(SENTENCE, start, start + len(SENTENCE))])
    return article, [talks, claim]


@given(articles())
def test_every_format_parses_back_to_the_same_graph(case: tuple[Article, list[Event]]) -> None:
    graph = article_graph(*case)
    for fmt in ("turtle", "nt", "json-ld", "xml"):
        assert isomorphic(Graph().parse(data=graph.serialize(format=fmt), format=fmt), graph), fmt
    dataset = Dataset()
    named = dataset.graph(article_graph_iri(case[0].id))
    for triple in graph:
        named.add(triple)
    for fmt in ("trig", "nquads"):
        back = Dataset().parse(data=dataset.serialize(format=fmt), format=fmt)
        assert isomorphic(back.graph(article_graph_iri(case[0].id)), graph), fmt


@given(articles())
def test_every_graph_passes_the_shapes_and_holds_only_iris(case: tuple[Article, list[Event]]) -> None:
    graph = article_graph(*case)
    verdict = check(with_actors(graph))
    assert verdict.conforms, verdict.report
    nodes = {node for triple in graph for node in triple if isinstance(node, URIRef)}
    assert all(is_iri(str(node)) for node in nodes), [str(n) for n in nodes if not is_iri(str(n))]
    literals = {str(node) for triple in graph for node in triple if isinstance(node, Literal)}
    # the text is kept as text, but for characters no RDF syntax can carry
    assert {str(text_literal(case[0].title)), str(text_literal(case[0].id))} <= literals


@given(articles())
def test_the_store_gives_back_what_it_was_given(case: tuple[Article, list[Event]]) -> None:
    """Through Oxigraph (a SPARQL Update built from the graph) and out again in every export format."""
    graph = article_graph(*case)
    name = article_graph_iri(case[0].id)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(str(Path(folder) / "store"), create=True)
        try:
            store.replace_graph(name, graph)
            exports = {}
            for fmt in FORMATS:
                out = io.BytesIO()
                store.export(fmt, out)
                exports[fmt] = out.getvalue()
        finally:
            store.close()
    for fmt, data in exports.items():
        rdflib_format, _, keeps_graphs = FORMATS[fmt]
        if keeps_graphs:
            back = Dataset().parse(data=data, format=rdflib_format).graph(name)
        else:
            back = Graph().parse(data=data, format=rdflib_format)
        assert isomorphic(plain(back), plain(graph)), fmt
