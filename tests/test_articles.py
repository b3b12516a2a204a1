"""Tests for kg.articles: files in, clean articles (or one problem per bad article) out."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from kg.articles import MAX_BYTES, Article, ArticleProblem, read_articles
from kg.errors import KgError

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seed-article.txt"

BODY = (
    "The foreign ministers of France and Germany met in Berlin on Tuesday to prepare a joint "
    "position on sanctions, officials said after the talks."
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Leaders meet in Geneva | Example News</title>
<meta property="og:title" content="Leaders meet in Geneva">
<meta property="article:published_time" content="2021-06-16T10:00:00Z">
<style>body { color: red; } .STYLE_MARKER { }</style>
<script>var tracker = "SCRIPT_MARKER";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> NAV_MARKER</nav>
<article>
<h1>Leaders meet in Geneva</h1>
<p>The presidents of the United States and Russia met in Geneva on Wednesday for their first
summit, agreeing to return ambassadors to each other's capitals after months of tension.</p>
<script>document.write("INLINE_SCRIPT_MARKER");</script>
<p>Both leaders described the talks as constructive, although they acknowledged deep
disagreements on cyber security, human rights and the situation in Ukraine.</p>
<p>Officials said working groups on strategic stability would begin meeting within weeks,
a step that analysts said could lead to new arms control negotiations.</p>
</article>
<footer>Copyright 2021 Example News. FOOTER_MARKER</footer>
</body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_one(path: Path, published: date | None = None) -> Article | ArticleProblem:
    items = list(read_articles([path], published=published))
    assert len(items) == 1, items
    return items[0]


def read_article(path: Path, published: date | None = None) -> Article:
    item = read_one(path, published)
    assert isinstance(item, Article), item
    return item


def problem_of(path: Path) -> str:
    item = read_one(path)
    assert isinstance(item, ArticleProblem), item
    assert item.source == str(path)
    return item.message


# --- The seed article ---------------------------------------------------------------------------


@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED


def test_seed_article_title_date_and_body(seed: Path) -> None:
    article = read_article(seed)
    assert article.title == "China's Xi, Russia's Putin to hold virtual summit Wednesday"
    assert article.text.startswith(article.title + "\n\n")
    assert article.published == date(2021, 12, 13)
    assert article.source == str(seed)
    assert article.url is None
    assert (
        "Putin has sought guarantees that an expansion of the NATO military alliance would never "
        "include Ukraine, a demand rejected by the US and its NATO allies." in article.text
    )
    assert "Wang added the leaders will also" in article.text


def test_seed_article_furniture_removed(seed: Path) -> None:
    text = read_article(seed).text
    for furniture in (
        "Subscribe",
        "₹",
        "Topics",
        "Next Story",
        "Only the headline",
        "min read",
        "SAVE 25%",
        "First Published",
        "Last Updated",
        "•",
        "More From This Section",
    ):
        assert furniture not in text, furniture
    lines = text.split("\n")
    assert "AP Beijing" not in lines
    assert "Russian President Vladimir Putin" not in lines
    assert text.endswith("a demand rejected by the US and its NATO allies.")


def test_seed_article_paragraphs_separated_by_blank_lines(seed: Path) -> None:
    text = read_article(seed).text
    assert "\n\n\n" not in text
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in text.split("\n\n"))


def test_published_argument_overrides_found_date(seed: Path) -> None:
    assert read_article(seed, published=date(2022, 1, 2)).published == date(2022, 1, 2)


# --- Plain text ---------------------------------------------------------------------------------


def test_headline_becomes_title_and_first_paragraph(tmp_path: Path) -> None:
    article = read_article(write(tmp_path / "a.txt", f"France and Germany prepare sanctions\n\n{BODY}\n"))
    assert article.title == "France and Germany prepare sanctions"
    assert article.text == f"France and Germany prepare sanctions\n\n{BODY}"


def test_sentence_first_line_is_not_a_headline(tmp_path: Path) -> None:
    article = read_article(write(tmp_path / "a.txt", f"{BODY}\n\n{BODY}\n"))
    assert article.title is None
    assert article.text == f"{BODY}\n\n{BODY}"


def test_first_line_of_hard_wrapped_paragraph_is_not_a_headline(tmp_path: Path) -> None:
    wrapped = "Chinese leader Xi Jinping and his Russian counterpart Vladimir Putin will\nhold a virtual summit this week, officials said.\n"
    article = read_article(write(tmp_path / "a.txt", wrapped))
    assert article.title is None
    assert article.text == wrapped.strip()


def test_article_without_date_has_no_published(tmp_path: Path) -> None:
    article = read_article(write(tmp_path / "a.txt", f"Ministers meet\n\n{BODY}\n"))
    assert article.published is None


def test_date_inside_a_sentence_is_not_a_publication_date(tmp_path: Path) -> None:
    text = "The talks ended on January 5, 2020 without agreement, officials in Geneva said on Monday."
    article = read_article(write(tmp_path / "a.txt", text))
    assert article.published is None
    assert article.text == text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: 13 December 2021", date(2021, 12, 13)),
        ("Updated 2021-12-13", date(2021, 12, 13)),
        ("December 13, 2021", date(2021, 12, 13)),
        ("Last Updated : Sept 3 2021 | 4:26 PM IST", date(2021, 9, 3)),
        ("Monday, 13th December 2021 at 10:30 GMT", date(2021, 12, 13)),
    ],
)
def test_dateline_formats_are_recognised_and_dropped(tmp_path: Path, line: str, expected: date) -> None:
    article = read_article(write(tmp_path / "a.txt", f"Ministers meet\n{line}\n\n{BODY}\n"))
    assert article.published == expected
    assert article.text == f"Ministers meet\n\n{BODY}"


def test_first_published_preferred_over_last_updated(tmp_path: Path) -> None:
    text = f"Ministers meet\n\nLast Updated: Dec 14 2021 | 4:26 PM IST\n\n{BODY}\n\nFirst Published: Dec 13 2021 | 1:00 PM IST\n"
    assert read_article(write(tmp_path / "a.txt", text)).published == date(2021, 12, 13)


def test_impossible_date_is_ignored(tmp_path: Path) -> None:
    article = read_article(write(tmp_path / "a.txt", f"Published: 31 February 2021\n\n{BODY}\n"))
    assert article.published is None


def test_bylines_captions_and_short_furniture_lines_dropped(tmp_path: Path) -> None:
    lines = [
        "Ministers meet in Berlin",
        "",
        "By Jane Doe",
        "Reuters",
        "Foreign Minister Annalena Baerbock",
        "Share this article",
        "Advertisement",
        "  •  ",
        "₹300/Month",
        "SAVE 40%",
        "3 min read",
        "Click here to read more",
        "We use cookies to improve your experience",
        BODY,
    ]
    article = read_article(write(tmp_path / "a.txt", "\n".join(lines)))
    assert article.text == f"Ministers meet in Berlin\n\n{BODY}"


def test_title_case_headline_is_kept_though_it_looks_like_a_caption(tmp_path: Path) -> None:
    article = read_article(write(tmp_path / "a.txt", f"Xi And Putin Hold Summit\n\n{BODY}\n"))
    assert article.title == "Xi And Putin Hold Summit"


def test_end_marker_after_body_truncates(tmp_path: Path) -> None:
    text = f"Ministers meet\n\n{BODY}\n\nRelated Stories\n\n{BODY.replace('Berlin', 'Paris')}\n"
    article = read_article(write(tmp_path / "a.txt", text))
    assert article.text == f"Ministers meet\n\n{BODY}"


def test_end_marker_before_any_body_does_not_truncate(tmp_path: Path) -> None:
    text = (
        "Subscribe to the news: how paywalls changed journalism\n\n"
        "Subscribe to our service, the publishers said, and readers did so in record numbers.\n\n"
        f"{BODY}\n\n{BODY}\n\n{BODY}\n"
    )
    article = read_article(write(tmp_path / "a.txt", text))
    assert article.title == "Subscribe to the news: how paywalls changed journalism"
    assert "Subscribe to our service, the publishers said" in article.text
    assert article.text.endswith(BODY)


def test_crlf_line_endings_and_bom_normalised(tmp_path: Path) -> None:
    data = f"\ufeffMinisters meet\r\n\r\n{BODY}\r\n\r\n{BODY}\r".encode()
    article = read_article(write(tmp_path / "a.txt", data))
    assert article.title == "Ministers meet"
    assert article.text == f"Ministers meet\n\n{BODY}\n\n{BODY}"


def test_unknown_suffix_given_explicitly_is_read_as_text(tmp_path: Path) -> None:
    article = read_article(write(tmp_path / "story.md", f"Ministers meet\n\n{BODY}\n"))
    assert article.text == f"Ministers meet\n\n{BODY}"


# --- Bad files ----------------------------------------------------------------------------------


def test_empty_file_is_a_problem(tmp_path: Path) -> None:
    assert problem_of(write(tmp_path / "a.txt", b"")) == "empty article"


def test_whitespace_file_is_a_problem(tmp_path: Path) -> None:
    assert problem_of(write(tmp_path / "a.txt", " \n\t\r\n\u00a0\n")) == "empty article"


def test_file_of_only_furniture_is_a_problem(tmp_path: Path) -> None:
    assert problem_of(write(tmp_path / "a.txt", "AP Beijing\n2 min read\nSAVE 25%\n")) == "empty article"


def test_binary_file_is_a_problem(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    assert problem_of(write(tmp_path / "image.txt", data)) == "looks like a binary file"


def test_nul_byte_in_otherwise_text_file_means_binary(tmp_path: Path) -> None:
    data = f"Ministers meet\n\n{BODY}".encode() + b"\x00" + BODY.encode() * 10
    assert problem_of(write(tmp_path / "a.txt", data)) == "looks like a binary file"


def test_control_character_file_without_nul_is_binary(tmp_path: Path) -> None:
    data = bytes([1, 2, 3, 4, 5, 6, 7, 14, 15, 16]) * 100
    assert problem_of(write(tmp_path / "a.txt", data)) == "looks like a binary file"


def test_invalid_utf8_is_a_problem_with_byte_and_offset(tmp_path: Path) -> None:
    data = "Ministers meet in Zürich".encode("latin-1")
    assert problem_of(write(tmp_path / "a.txt", data)) == "not valid UTF-8 (byte 0xfc at offset 19)"


def test_too_large_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)  # sparse: nothing is written to disk
    assert problem_of(path) == "too large (51 MB > 50 MB)"


def test_problem_does_not_stop_the_other_files(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"")
    write(tmp_path / "b.txt", BODY)
    items = list(read_articles([tmp_path]))
    assert [type(item) for item in items] == [ArticleProblem, Article]


def test_20_mb_article_is_read(tmp_path: Path) -> None:
    paragraph = (BODY + " ") * 4
    count = 20 * 2**20 // len(paragraph) + 1
    text = "Ministers meet\n\n" + "\n\n".join([paragraph.strip()] * count)
    article = read_article(write(tmp_path / "big.txt", text))
    assert article.title == "Ministers meet"
    assert len(article.text) == len(text) > 20 * 2**20


# --- Paths --------------------------------------------------------------------------------------


def test_missing_path_raises_before_anything_is_read(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    with pytest.raises(KgError, match="no such file or directory: .*missing.txt"):
        read_articles([tmp_path / "a.txt", tmp_path / "missing.txt"])


def test_directory_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", f"Second story\n\n{BODY}")
    write(tmp_path / "a.html", HTML_PAGE)
    write(tmp_path / "sub" / "c.jsonl", json.dumps({"text": BODY}) + "\n")
    write(tmp_path / "sub" / "d.htm", HTML_PAGE)
    write(tmp_path / "notes.md", "not an article")
    write(tmp_path / "image.png", b"\x89PNG\x00")
    write(tmp_path / "C.TXT", f"Upper case suffix\n\n{BODY}")
    sources = [item.source for item in read_articles([tmp_path])]
    expected = ["C.TXT", "a.html", "b.txt", "sub/c.jsonl:1", "sub/d.htm"]
    assert sources == [str(tmp_path / name) for name in expected]


def test_id_is_stable_across_reads_and_directories(tmp_path: Path) -> None:
    first = write(tmp_path / "one" / "story.txt", f"Ministers meet\n\n{BODY}")
    second = tmp_path / "two" / "copy.txt"
    second.parent.mkdir()
    shutil.copy(first, second)
    ids = [read_article(first).id, read_article(first).id, read_article(second).id]
    assert ids[0].startswith("sha256:") and len(ids[0]) == len("sha256:") + 16
    assert len(set(ids)) == 1


def test_different_texts_get_different_ids(tmp_path: Path) -> None:
    one = read_article(write(tmp_path / "one.txt", BODY))
    two = read_article(write(tmp_path / "two.txt", BODY.replace("Berlin", "Paris")))
    assert one.id != two.id


# --- HTML ---------------------------------------------------------------------------------------


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    article = read_article(write(tmp_path / "page.html", HTML_PAGE))
    assert article.title == "Leaders meet in Geneva"
    assert article.published == date(2021, 6, 16)
    assert article.text.startswith("Leaders meet in Geneva\n\nThe presidents of the United States")
    assert "situation in Ukraine." in article.text
    assert "arms control negotiations." in article.text
    for marker in ("SCRIPT_MARKER", "STYLE_MARKER", "NAV_MARKER", "FOOTER_MARKER", "color: red"):
        assert marker not in article.text, marker


def test_html_without_main_text_is_a_problem(tmp_path: Path) -> None:
    page = "<html><head><script>var x = 1;</script></head><body><div></div></body></html>"
    assert problem_of(write(tmp_path / "page.htm", page)) == "no main text found in HTML"


def test_html_of_only_navigation_is_a_problem(tmp_path: Path) -> None:
    page = "<html><body><nav>Home</nav><p>Share this article</p></body></html>"
    assert problem_of(write(tmp_path / "page.html", page)) == "empty article"


def test_html_without_date_metadata_has_no_published(tmp_path: Path) -> None:
    page = HTML_PAGE.replace('<meta property="article:published_time" content="2021-06-16T10:00:00Z">', "")
    assert read_article(write(tmp_path / "page.html", page)).published is None


# --- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    good = {
        "id": "a1",
        "url": "https://example.org/1",
        "title": "Ministers meet",
        "published": "2021-12-13",
        "text": BODY,
    }
    lines = [
        json.dumps(good),
        "{not json",
        "[1, 2]",
        json.dumps({"title": "No text"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": BODY, "published": "13/12/2021"}),
        "",
        json.dumps({"text": BODY, "title": 7}),
        json.dumps({"text": BODY, "url": "https://example.org/9", "published": "2021-12-13T23:30:00+05:30"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = list(read_articles([path]))
    assert [item.source for item in items] == [f"{path}:{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9)]
    assert items[0] == Article(
        "a1", f"Ministers meet\n\n{BODY}", "Ministers meet", date(2021, 12, 13), "https://example.org/1", f"{path}:1"
    )
    messages = [item.message for item in items[1:7] if isinstance(item, ArticleProblem)]
    assert messages[0].startswith("invalid JSON (")
    assert messages[1:] == [
        "not a JSON object",
        'missing or empty "text"',
        'missing or empty "text"',
        "bad \"published\" date: '13/12/2021'",
        '"title" must be a string',
    ]
    last = items[7]
    assert isinstance(last, Article)
    assert (last.id, last.url, last.published, last.title) == (
        "https://example.org/9",
        "https://example.org/9",
        date(2021, 12, 13),
        None,
    )


def test_jsonl_title_not_repeated_when_text_starts_with_it(tmp_path: Path) -> None:
    record = {"title": "Ministers meet", "text": f"Ministers meet\n\n{BODY}"}
    article = read_article(write(tmp_path / "feed.jsonl", json.dumps(record)))
    assert article.text == f"Ministers meet\n\n{BODY}"


def test_jsonl_text_gets_furniture_rules_and_hash_id(tmp_path: Path) -> None:
    record = {"text": f"{BODY}\n\nAP Beijing\n\n{BODY}\n\nRelated Stories\n\nAnother story"}
    article = read_article(write(tmp_path / "feed.jsonl", json.dumps(record)))
    assert article.text == f"{BODY}\n\n{BODY}"
    assert article.id.startswith("sha256:")


def test_jsonl_invalid_utf8_line_is_a_problem_and_others_read(tmp_path: Path) -> None:
    data = json.dumps({"text": BODY}).encode() + b'\n{"text": "Z\xfcrich"}\n' + json.dumps({"text": BODY}).encode()
    items = list(read_articles([write(tmp_path / "feed.jsonl", data)]))
    assert [type(item) for item in items] == [Article, ArticleProblem, Article]
    assert items[1] == ArticleProblem(f"{tmp_path / 'feed.jsonl'}:2", "not valid UTF-8 (byte 0xfc at offset 11)")


def test_published_argument_overrides_jsonl_date(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", json.dumps({"text": BODY, "published": "2020-01-01"}))
    assert read_article(path, published=date(2022, 2, 2)).published == date(2022, 2, 2)


def test_jsonl_timestamps_with_z_give_their_day(tmp_path: Path) -> None:
    path = tmp_path / "z.jsonl"
    path.write_text('{"id": "z", "text": "Japan and India held talks.", "published": "2021-12-13T10:00:00Z"}\n'
                    '{"id": "y", "text": "Japan and India held talks.", "published": "2021-12-13x"}\n',
                    encoding="utf-8")
    first, second = read_articles([path])
    assert isinstance(first, Article) and first.published == date(2021, 12, 13)
    assert isinstance(second, ArticleProblem) and 'bad "published"' in second.message


_SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="7">
<DATE> 3-MAR-1987 09:15:00.00&#5;&#5;F</DATE>
<TEXT>&#2;
<TITLE>ALPHA AND BETA AGREE ON TRADE &amp; TARIFFS</TITLE>
<DATELINE>    GENEVA, March 3 - </DATELINE><BODY>Alpha and Beta said they agreed
on a schedule of tariff cuts.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE>3-MAR-1987 09:16:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>QUOTES ONLY</TITLE>
&#3;</TEXT>
</REUTERS>
"""


def test_sgml_newswire_records_are_articles_with_their_day_and_id(tmp_path: Path) -> None:
    path = tmp_path / "wire.sgm"
    path.write_bytes(_SGML.encode("latin-1"))
    first, second = list(read_articles([path]))
    assert isinstance(first, Article) and isinstance(second, ArticleProblem)
    assert (first.id, first.published, first.title) == ("reuters-7", date(1987, 3, 3), "ALPHA AND BETA AGREE ON TRADE & TARIFFS")
    assert first.text.endswith("on a schedule of tariff cuts.") and "\x02" not in first.text and "Reuter" not in first.text
    assert second.source.endswith("wire.sgm#NEWID=8") and "no <BODY>" in second.message


def test_an_oversized_sgml_record_is_reported_and_the_next_still_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("kg.articles.MAX_BYTES", 200)
    path = tmp_path / "wire.sgm"
    big = _SGML.replace("on a schedule of tariff cuts.", "x " * 300)
    path.write_bytes(big.encode("latin-1"))
    first, second = list(read_articles([path]))
    assert isinstance(first, ArticleProblem) and "too large" in first.message
    assert isinstance(second, ArticleProblem) and "no <BODY>" in second.message


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578").is_dir(),
                    reason="needs ../shared/corpus/reuters21578")
def test_the_reuters_collection_reads_as_records() -> None:
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578" / "reut2-000.sgm"
    items = list(read_articles([corpus]))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(items) == 1000 and len(articles) >= 900
    assert len({a.id for a in articles}) == len(articles) and all(a.published.year == 1987 for a in articles)
