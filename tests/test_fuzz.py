"""Fuzzing the article readers (text, HTML, JSON Lines, SGML) and the extractor with hypothesis: no
input may crash them, hang them or slip an article past the accounting. A short run in `make test`,
a long one in `make fuzz`; a crash found becomes an @example here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kg.articles import Article, ArticleProblem, read_articles
from kg.pipeline import EventReader, Reading
from kg.rdf import article_graph, with_actors
from kg.validate import check

#: The slowest an input may take to read or analyse: a hang shows as a failure, not a stuck run.
SECONDS = 20
WORDS = ["China", "Russia", "the United States", "Putin", "Xi Jinping", "Washington", "Moscow", "the EU",
         "NATO", "Japan", "Taiwan", "Iran", "met", "held talks with", "imposed sanctions on", "lifted sanctions on",
         "accused", "claims", "denied", "would never", "could face sanctions if", "plans to visit",
         "called off the summit", "said", "that", "and", "not", "\"", "'", "(", ")", ";", ",", ".", "\n", "\n\n",
         "SANCTIONS", "TALKS", "-", "|", "\t", "€", "über", "的", "\u202e", "\U0001f600", "1,000", "on Monday",
         "next month", "in 2019", "\x00", "<b>", "</p>", "&amp;"]
PROSE = st.lists(st.sampled_from(WORDS) | st.text(max_size=8), min_size=1, max_size=120).map(" ".join)
BYTES = st.binary(max_size=3000) | PROSE.map(lambda text: text.encode("utf-8", "surrogatepass"))


def read(name: str, data: bytes) -> list[Article | ArticleProblem]:
    """Every item read from a file of that name holding the data, within the time limit."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        started = time.monotonic()
        items = list(read_articles([path]))
        assert time.monotonic() - started < SECONDS
    assert items and all(isinstance(item, (Article, ArticleProblem)) for item in items)
    for item in items:
        if isinstance(item, Article):
            assert item.text.strip() and item.id
    return items


@given(BYTES)
@example(b"")
@example(b"\xff\xfe\x00\x00")
def test_text_files(data: bytes) -> None:
    read("article.txt", data)


@given(st.lists(st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<script>", "</script>", "<title>",
                                 "</title>", "<article>", "<!--", "-->", "<![CDATA[", "]]>", "&#0;", "&#x110000;",
                                 "<meta charset='latin-1'>", "<h1>"]) | PROSE, max_size=60).map("".join))
@example("<html><title></title><body><p>\x00</p></body></html>")
def test_html_files(page: str) -> None:
    read("page.html", page.encode("utf-8", "surrogatepass"))


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | PROSE,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=8)
RECORDS = st.fixed_dictionaries({}, optional={"id": JSON_VALUES, "text": JSON_VALUES | PROSE, "title": JSON_VALUES,
                                              "published": JSON_VALUES | st.dates().map(str), "url": JSON_VALUES})


@given(st.lists(RECORDS.map(json.dumps) | st.text(max_size=30), max_size=6))
@example(['{"id": "a", "text": "China and Russia held talks \\ud800 on Monday."}'])
@example(['{"id": "\\u0000", "text": "\\udfff"}'])
@example(["0\n0"])
def test_json_lines_files(lines: list[str]) -> None:
    """Each line is an article or a problem naming its line; none is lost."""
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = read("wire.jsonl", data)
    if not (isinstance(items[0], ArticleProblem) and "binary" in items[0].message):
        assert len(items) == max(1, sum(1 for line in data.split(b"\n") if line.strip()))


@given(st.lists(st.sampled_from(["<REUTERS NEWID=\"1\">", "</REUTERS>", "<DATE>", "</DATE>", "<TITLE>", "</TITLE>",
                                 "<BODY>", "</BODY>", "26-FEB-1987 15:01:01.79", "&#3;", "REUTER", "\x05"]) | PROSE,
                max_size=60).map("".join))
def test_sgml_files(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reut.sgm"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        items = list(read_articles([path]))
    assert items and all(isinstance(item, (Article, ArticleProblem)) for item in items)
    assert len(items) <= max(1, text.count("<REUTERS"))


@cache
def reader() -> EventReader:
    """The pipeline, loaded once, when the extractor is first fuzzed."""
    return EventReader()


@given(PROSE, PROSE)
@example("CHINA AND RUSSIA HOLD TALKS", "China " * 1000 + "held talks with Russia.")
@example("Lists", "China, Russia, Iran, Japan, Taiwan; China, Russia | Iran | Japan\t\tTaiwan " * 40)
def test_the_extractor_reads_anything_into_valid_events(title: str, body: str) -> None:
    """Whatever the text: no crash, no hang, evidence that points into the text, and graphs that
    pass the shapes (or the writer would refuse them and the article would be reported)."""
    text = f"{title.strip() or 'Headline'}\n\n{body}"
    article = Article(id="fuzz", text=text, title=title, published=None, url=None, source="fuzz")
    started = time.monotonic()
    [item] = reader().read_chunk([article])
    assert time.monotonic() - started < SECONDS
    if isinstance(item, ArticleProblem):
        return
    assert isinstance(item, Reading)
    for event in item.events:
        for evidence in event.evidence:
            assert item.article.text[evidence.start:evidence.end] == evidence.text
    verdict = check(with_actors(article_graph(item.article, item.events)))
    assert verdict.conforms, verdict.report


@pytest.mark.parametrize(("name", "head", "tail"), [
    ("wire.jsonl", b'{"id": "x", "text": "', b'"}\n{"id": "y", "text": "China and Russia held talks."}\n'),
    ("reut.sgm", b'<REUTERS NEWID="1"><BODY>', b"</BODY></REUTERS>\n<REUTERS NEWID=\"2\"><BODY>Talks.</BODY></REUTERS>\n"),
    ("page.txt", b"Title\n\n", b""),
])
def test_a_huge_record_is_refused_in_bounded_memory(tmp_path: Path, name: str, head: bytes, tail: bytes) -> None:
    """A 200 MB line, record or file is reported as too large, read in pieces: the reader's peak
    memory stays far below the input's size, and the record after it is still read."""
    path = tmp_path / name
    with path.open("wb") as out:
        out.write(head)
        for _ in range(200):
            out.write(b"China and Russia " * 61680)  # 1 MB a piece, on one line
        out.write(tail)
    # VmHWM, not getrusage: a child's ru_maxrss starts from its parent's (this test run's) peak
    probe = ("import re, sys; from kg.articles import read_articles; "
             "items = [(type(i).__name__, getattr(i, 'message', '')) for i in read_articles([sys.argv[1]])]; "
             "status = open('/proc/self/status').read(); "
             "print(int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) // 1024); print(items)")
    run = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[1])
    peak, items = run.stdout.splitlines()
    assert int(peak) < 250, f"peak {peak} MB reading a 200 MB input"
    assert "too large" in items and (name == "page.txt" or "'Article'" in items), items
