"""Article files in, clean `Article` values out: the first stage of the data flow.

Every later stage indexes into `Article.text` by character offset, so the text is produced here
once, with page furniture (subscription offers, bylines, share buttons, metadata lines) already
removed, and is never altered afterwards. One unreadable article is reported as an
`ArticleProblem` rather than raised, so a run over a thousand files is not stopped by one of them.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.errors import KgError

if TYPE_CHECKING:
    from configparser import ConfigParser

#: Larger files are refused: no news article is this long, so such a file is a mistake.
MAX_BYTES = 50 * 1024 * 1024

_KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".sgm": "sgml", ".sgml": "sgml"}
_SNIFF_BYTES = 8192  # how much of a file decides whether it is binary
_SHORT_LINE = 120  # furniture lines are short; longer lines are body and skip the line rules
_MAX_HEADLINE = 200
_MAX_CAPTION = 60


@dataclass(frozen=True)
class Article:
    """One news article, cleaned; `text` is final because later stages store offsets into it."""

    id: str
    text: str
    title: str | None
    published: date | None
    url: str | None
    source: str


@dataclass(frozen=True)
class ArticleProblem:
    """One article that could not be read, yielded so the caller can report it and go on."""

    source: str
    message: str


@dataclass(frozen=True)
class _Cleaned:
    text: str
    title: str | None
    published: date | None


# --- Page furniture -------------------------------------------------------------------------

# A line starting like this ends the article: what follows is the page around it. Applied only
# after some body prose or in the latter half, so an article about subscriptions is not cut at
# its first line.
_END_MARKERS: list[re.Pattern[str]] = [
    # syndication disclaimers ("(Only the headline and picture of this report may have been ...")
    re.compile(r"\((?:only the headline|this (?:story|article) has not been edited)", re.I),
    # subscription offers ("*Subscribe to ...", a bare "Subscribe" button)
    re.compile(r"\*?\s*subscribe\b", re.I),
    # headers of link lists to other stories ("Related Stories")
    re.compile(r"(?:related|recommended|trending|popular) (?:stories|articles|news|posts|videos)\s*:?$", re.I),
    # section navigation ("More From This Section")
    re.compile(r"more (?:from|in) this (?:section|topic)\b", re.I),
    # pager links
    re.compile(r"(?:next|previous) (?:story|article)\b", re.I),
    # tag lists ("Topics :ChinaRussia")
    re.compile(r"(?:topics|tags|keywords)\s*:", re.I),
    # copyright notices with a year
    re.compile(r"(?:©|copyright\s*(?:©|\(c\))?\s*\d{4})", re.I),
    # comment sections and author boxes
    re.compile(r"(?:\d+\s+)?comments?$|leave a (?:comment|reply)\b|about the author\b", re.I),
]

# A short line matching one of these is dropped wherever it stands.
_FURNITURE_LINES: list[re.Pattern[str]] = [
    # prices, as in subscription tables ("₹900", "₹300/Month", "Rs 99")
    re.compile(r"(?:[₹$€£¥]|rs\.?|inr|usd)\s*\d[\d,.]*(?:\s*/\s*[a-z]+)?$", re.I),
    # reading time ("2 min read ...")
    re.compile(r"\d+\s*min(?:ute)?s?\s+read\b", re.I),
    # discounts ("SAVE 25%", "40% off")
    re.compile(r"(?:save\s+(?:up to\s+)?\d+\s*%|\d+\s*%\s+off)$", re.I),
    # share buttons ("Share this article", "Share on Twitter")
    re.compile(r"share (?:this|on|via)\b", re.I),
    # calls to click
    re.compile(r"(?:click|tap) here\b", re.I),
    # cookie notices
    re.compile(
        r".*?\b(?:we use cookies|uses cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences))", re.I
    ),
    # lone bullets
    re.compile(r"[•·▪◦‣∙*-]+$"),
    # ad slots between paragraphs
    re.compile(r"(?:advertisement|sponsored(?: content)?|promoted(?: content)?)$", re.I),
    # inline links to other stories ("Also Read: ...") interrupt the body rather than end it
    re.compile(r"(?:also read|read also|read more|see also)\b", re.I),
    # newsletter and social prompts
    re.compile(r"(?:sign up (?:for|to)|follow us on)\b", re.I),
    # picture credits
    re.compile(r"(?:photo|image|picture)(?: credit)?\s*:", re.I),
    # bylines with "By" ("By Jane Doe", "By Jane Doe and John Roe"); bare bylines are captions
    re.compile(r"By\s+[A-Z][\w.'’-]*,?(?:\s+(?:[A-Z][\w.'’-]*,?|and|&))*$"),
]


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of a rule list, keeping each rule's case flag: one match call per line, not twelve."""
    return re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p in patterns))


_END_MARKER = _any_of(_END_MARKERS)
_FURNITURE_LINE = _any_of(_FURNITURE_LINES)

# Lowercase words a caption or byline may contain ("Prime Minister of India").
_CONNECTORS = frozenset(
    {"of", "and", "the", "de", "al", "bin", "van", "von", "der", "la", "le", "da", "&", "-", "–", "—", "/", "|"}
)
_CLOSERS = "\"'”’)]"
_FINAL_PUNCTUATION = ".!?…,;:\"'”’"
_SENTENCE_END = (".", "!", "?", "…")

# --- Publication dates ----------------------------------------------------------------------

_MONTH_DAY_YEAR = r"(?P<m1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
_DAY_MONTH_YEAR = r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[a-z]{3,9})\.?,?\s+(?P<y2>\d{4})"
_ISO_DATE = r"(?P<iso>\d{4}-\d{2}-\d{2})"
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:z|[+-]\d{2}:?\d{2}|\(?[a-z]{2,5}\)?)?"
# A whole line that is a dateline ("2 min read Last Updated : Dec 13 2021 | 4:26 PM IST",
# "Published: 13 December 2021", "Updated 2021-12-13", "December 13, 2021"). Only whole short
# lines match, so a date inside a body sentence is neither taken nor dropped.
_DATE_LINE = re.compile(
    r"(?:\d+\s*min(?:ute)?s?\s+read\b\s*[|·•,-]?\s*)?"
    r"(?:(?P<label>(?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+on)?)\s*:?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:{_MONTH_DAY_YEAR}|{_DAY_MONTH_YEAR}|{_ISO_DATE})"
    rf"(?:\s*(?:[|,·•-]|at|t)?\s*{_TIME})?\s*$",
    re.I,
)


# --- Reading --------------------------------------------------------------------------------


def read_articles(paths: Iterable[str | Path], published: date | None = None) -> Iterator[Article | ArticleProblem]:
    """Read articles from files and directories, in a stable order.

    All paths are checked before anything is read, so a mistyped path fails at once instead of
    after minutes of work. `published`, when given, overrides any date found in an article.
    """
    files = [file for path in paths for file in _expand(Path(path))]
    return _read_all(files, published)


def _read_all(files: list[Path], published: date | None) -> Iterator[Article | ArticleProblem]:
    for file in files:
        kind = _KINDS.get(file.suffix.lower(), "text")
        items = _read_jsonl(file) if kind == "jsonl" else _read_sgml(file) if kind == "sgml" else [
            _read_document(file, kind)]
        found = False
        for item in items:
            found = True
            yield _with_date(item, published)
        if not found:  # a corpus file with no record in it is worth a line, not silence
            yield ArticleProblem(str(file), f"holds no {'JSON lines' if kind == 'jsonl' else '<REUTERS> records'}")


def _expand(path: Path) -> list[Path]:
    """The files a path stands for: itself, or the known article files under a directory."""
    if path.is_dir():
        return _walk(path)
    if not path.exists():
        raise KgError(f"no such file or directory: {path}")
    return [path]


def _walk(directory: Path) -> list[Path]:
    def fail(error: OSError) -> None:
        raise KgError(f"cannot read directory {error.filename}: {error.strerror}")

    found = [
        Path(root, name)
        for root, _dirs, names in os.walk(directory, onerror=fail)
        for name in names
        if Path(name).suffix.lower() in _KINDS
    ]
    return sorted(found)


def in_shard(item: Article | ArticleProblem, k: int, n: int) -> bool:
    """True when the item falls in the K-th of N shares: by a hash of the article's id (of its source
    for a problem), so the same article lands in the same share whatever the order of the input."""
    key = item.id if isinstance(item, Article) else item.source
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % n == k - 1


def _with_date(item: Article | ArticleProblem, published: date | None) -> Article | ArticleProblem:
    if published is None or isinstance(item, ArticleProblem):
        return item
    return replace(item, published=published)


def _read_document(path: Path, kind: str) -> Article | ArticleProblem:
    """A .txt or .html file (or one of unknown kind, read as text) holding one article."""
    data = _load(path)
    if isinstance(data, bytes):
        result = _check_bytes(data) or (_from_html(data) if kind == "html" else _decode(data))
    else:
        result = data
    if isinstance(result, str):
        return ArticleProblem(str(path), result)
    return _article(result, str(path))


def _load(path: Path) -> bytes | str:
    """The file's bytes, or why they were not read; the size is checked before reading."""
    try:
        size = path.stat().st_size
        return _too_large(size) if size > MAX_BYTES else path.read_bytes()
    except OSError as error:
        return f"cannot read ({error.strerror})"


def _check_bytes(data: bytes) -> str | None:
    """Why raw bytes are not an article at all, or None."""
    if not data.strip():
        return "empty article"
    if _looks_binary(data[:_SNIFF_BYTES]):
        return "looks like a binary file"
    return None


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes, or mostly control characters and undecodable bytes, mean this is not text."""
    if b"\0" in sample:
        return True
    chars = sample.decode("utf-8", errors="replace")
    odd = sum(1 for c in chars if c == "\ufffd" or (c < " " and c not in "\t\n\r\f\v"))
    return odd > 0.3 * len(chars)


def _decode(data: bytes) -> _Cleaned | str:
    """Strict UTF-8: a wrong guess at an encoding would silently corrupt names."""
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _not_utf8(data, error)
    return _clean(raw) or "empty article"


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"


def _too_large(size: int) -> str:
    return f"too large ({math.ceil(size / 2**20)} MB > {MAX_BYTES // 2**20} MB)"


def _article(cleaned: _Cleaned, source: str, url: str | None = None, explicit_id: str | None = None) -> Article:
    """The id is the explicit one, else the url, else a hash of the text, so it never depends on where a file lies."""
    digest = hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()[:16]
    article_id = explicit_id or url or f"sha256:{digest}"
    return Article(article_id, cleaned.text, cleaned.title, cleaned.published, url, source)


# --- HTML -----------------------------------------------------------------------------------


def _from_html(data: bytes) -> _Cleaned | str:
    """Main text and metadata by trafilatura, then the same furniture rules as plain text.

    Bytes go in undecoded so trafilatura can honour the page's declared charset.
    """
    # imported here: only HTML input needs trafilatura
    from trafilatura import bare_extraction
    from trafilatura.settings import Document

    document = bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # extensive search guesses dates from copyright lines and the like
        date_extraction_params={"original_date": True, "extensive_search": False},
        config=_trafilatura_config(),
    )
    if not isinstance(document, Document) or not document.text or not document.text.strip():
        return "no main text found in HTML"
    # trafilatura puts one block element per line: each is a paragraph
    cleaned = _clean("\n\n".join(document.text.split("\n")), known_title=_one_line(document.title))
    if cleaned is None:
        return "empty article"
    try:
        published = _iso_day(document.date)
    except ValueError:  # a page's metadata date is a hint; the text's own dateline may still serve
        published = None
    return replace(cleaned, published=published or cleaned.published)


@cache
def _trafilatura_config() -> ConfigParser:
    """trafilatura's defaults, but accepting pages up to our own size limit (its default is 20 MB)."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_BYTES))
    return config


# --- JSON Lines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    text: str
    title: str | None
    published: date | None
    url: str | None
    id: str | None


def _read_jsonl(path: Path) -> Iterator[Article | ArticleProblem]:
    """One article per line; a bad line is reported with its line number and the rest still read.

    The file is streamed, so a corpus file may be far larger than MAX_BYTES; the limit holds per line.
    """
    try:
        with path.open("rb") as stream:
            if _looks_binary(stream.read(_SNIFF_BYTES)):
                yield ArticleProblem(str(path), "looks like a binary file")
                return
            stream.seek(0)
            for lineno, line in enumerate(_bounded_lines(stream), start=1):
                if isinstance(line, int):
                    yield ArticleProblem(f"{path}:{lineno}", _too_large(line))
                elif line.strip():
                    yield _jsonl_article(line, f"{path}:{lineno}")
    except OSError as error:
        yield ArticleProblem(str(path), f"cannot read ({error.strerror})")


# --- SGML newswire records ------------------------------------------------------------------

#: A record of the Reuters-21578 layout: <REUTERS NEWID="..."> with <DATE>, <TITLE> and <BODY>.
_RECORD_START = re.compile(rb"<REUTERS\b([^>]*)>")
_RECORD_END = b"</REUTERS>"
_NEWID = re.compile(r'\bNEWID="(\d+)"')
_SGML_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}
_SGML_DAY = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
#: Control characters the wire service put around its text (&#2; &#3; &#5; ...).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The agency's sign-off line at the end of a story.
_SIGN_OFF = re.compile(r"\n\s*REUTER\s*$", re.I)


def _read_sgml(path: Path) -> Iterator[Article | ArticleProblem]:
    """One article per <REUTERS> record, streamed record by record; a record over MAX_BYTES or
    without a body is reported by its NEWID and the rest still read."""
    try:
        with path.open("rb") as stream:
            for number, record in enumerate(_sgml_records(stream), start=1):
                source = f"{path}#{number}"
                if isinstance(record, int):
                    yield ArticleProblem(source, _too_large(record))
                else:
                    yield _sgml_article(record, str(path), source)
    except OSError as error:
        yield ArticleProblem(str(path), f"cannot read ({error.strerror})")


def _sgml_records(stream: BinaryIO) -> Iterator[bytes | int]:
    """The bytes of each record, or the size of one too large to hold, read line by line."""
    record: list[bytes] | None = None
    size = 0
    for line in iter(lambda: stream.readline(2**20), b""):
        if record is None:
            start = _RECORD_START.search(line)
            if start is None:
                continue
            record, size, line = [], 0, line[start.start():]
        size += len(line)
        if size <= MAX_BYTES:
            record.append(line)
        if _RECORD_END in line:
            yield b"".join(record) if size <= MAX_BYTES else size
            record = None


def _sgml_article(record: bytes, path: str, source: str) -> Article | ArticleProblem:
    """An article from one record: its title, its body without the sign-off, its day."""
    raw = record.decode("latin-1")  # the collection is ASCII with a few Latin-1 bytes; this never fails
    newid = _NEWID.search(raw[:200])
    if newid:
        source = f"{path}#NEWID={newid.group(1)}"
    fields = {name: pattern.search(raw) for name, pattern in _SGML_FIELD.items()}
    body = _sgml_text(fields["BODY"])
    if not body:
        return ArticleProblem(source, "record has no <BODY> text (a table or a headline only)")
    title = _one_line(_sgml_text(fields["TITLE"]))
    cleaned = _clean(f"{title}\n\n{body}" if title else body, known_title=title)
    if cleaned is None:
        return ArticleProblem(source, "empty article")
    cleaned = replace(cleaned, published=_sgml_day(_sgml_text(fields["DATE"])) or cleaned.published)
    return _article(cleaned, source, explicit_id=f"reuters-{newid.group(1)}" if newid else None)


def _sgml_text(match: re.Match[str] | None) -> str:
    """A field's text: entities resolved, control characters and the sign-off dropped, and the wire's
    hard-wrapped lines joined into paragraphs (an indented line opens one), since every later line
    break is read as the end of a sentence."""
    if match is None:
        return ""
    text = _SIGN_OFF.sub("", _CONTROL.sub("", html.unescape(match.group(1)))).strip()
    return _WRAPPED.sub(" ", text)


#: A line break inside a paragraph: not followed by an indent or another line break.
_WRAPPED = re.compile(r"[ \t]*\n(?![ \t]|\n)")


def _sgml_day(value: str) -> date | None:
    """The day of "26-FEB-1987 15:01:01.79"."""
    match = _SGML_DAY.search(value)
    if match is None or match.group(2).lower() not in _MONTHS:
        return None
    try:
        return date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


def _bounded_lines(stream: BinaryIO) -> Iterator[bytes | int]:
    """Each line, or the size of a line over MAX_BYTES, which is skipped without being held in memory."""
    while line := stream.readline(MAX_BYTES + 1):
        if len(line.rstrip(b"\r\n")) <= MAX_BYTES:
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := stream.readline(2**20)):
            size += len(line)
        yield size


def _jsonl_article(line: bytes, source: str) -> Article | ArticleProblem:
    record = _parse_record(line)
    if isinstance(record, str):
        return ArticleProblem(source, record)
    cleaned = _clean(record.text, known_title=record.title)
    if cleaned is None:
        return ArticleProblem(source, "empty article")
    cleaned = replace(cleaned, published=record.published or cleaned.published)
    return _article(cleaned, source, url=record.url, explicit_id=record.id)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse_record(line: bytes) -> _Record | str:
    """The checked fields of one line, or the reason it is unusable."""
    try:
        record = json.loads(line.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as error:
        return _not_utf8(line, error)
    except json.JSONDecodeError as error:
        return f"invalid JSON ({error.msg} at column {error.colno})"
    if not isinstance(record, dict):
        return "not a JSON object"
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return 'missing or empty "text"'
    for key in ("id", "url", "title", "published"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f'"{key}" must be a string'
    for key in ("text", "id", "url", "title", "published"):
        # JSON may spell half a surrogate pair (\ud800); no text holds one, and it cannot be written out
        if isinstance(record.get(key), str) and _SURROGATE.search(record[key]):
            return f'"{key}" holds half a surrogate pair (a broken \\u escape), which is not text'
    try:
        published = _iso_day(record.get("published"))
    except ValueError:
        return f'bad "published" date: {record["published"]!r}'
    return _Record(text, _one_line(record.get("title")), published, record.get("url") or None, record.get("id") or None)


def _one_line(title: str | None) -> str | None:
    """A title as one line, so it can be matched against the text's first line."""
    return " ".join(title.split()) or None if title else None


def _iso_day(value: str | None) -> date | None:
    """The day of "2021-12-13" or of a timestamp ("2021-12-13T10:00:00Z"); ValueError for anything else.

    Read by hand rather than by datetime.fromisoformat, which before Python 3.11 refuses a final "Z".
    """
    if not value:
        return None
    if len(value) > 10 and value[10] not in "T ":
        raise ValueError(value)
    return date.fromisoformat(value[:10])


# --- Cleaning plain text --------------------------------------------------------------------


def _clean(raw: str, known_title: str | None = None) -> _Cleaned | None:
    """Furniture removed, headline found, date found; None when nothing of the article is left.

    Paragraphs are separated by one blank line; lines inside a paragraph keep their breaks.
    """
    lines = [line.strip() for line in _normalise(raw).split("\n")]
    published = _find_date(lines)
    blocks = _blocks([line for line in _truncate(lines) if not line or not _is_furniture(line)])
    title, headline, blocks = _headline(blocks, known_title)
    body = [kept for block in blocks if (kept := _drop_captions(block))]
    if not body:  # a headline with nothing under it is no article
        return None
    paragraphs = ([headline] if headline else []) + ["\n".join(block) for block in body]
    return _Cleaned("\n\n".join(paragraphs), title, published)


def _normalise(raw: str) -> str:
    return raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _truncate(lines: list[str]) -> list[str]:
    """Everything from the first end-of-article marker on, once the article body has begun."""
    half = sum(len(line) + 1 for line in lines) / 2
    offset = 0
    body_seen = False
    for index, line in enumerate(lines):
        if line and (body_seen or offset >= half) and _END_MARKER.match(line):
            return lines[:index]
        body_seen = body_seen or _is_prose(line)
        offset += len(line) + 1
    return lines


def _is_furniture(line: str) -> bool:
    if len(line) > _SHORT_LINE:
        return False
    return _DATE_LINE.match(line) is not None or _FURNITURE_LINE.match(line) is not None


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-empty lines: the paragraphs."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _headline(blocks: list[list[str]], known_title: str | None) -> tuple[str | None, str | None, list[list[str]]]:
    """The title, the headline paragraph, and the blocks without the headline's line.

    A known title (from metadata) is the headline; if the text does not begin with it, it is put
    first so headlines are searchable. Otherwise the first line is the headline when it is short,
    not a sentence, and stands alone or before a longer sentence (so the first line of a
    hard-wrapped paragraph is not taken for one). The headline is split off before captions are
    dropped, as a Title Case headline looks like one.
    """
    first, rest = (blocks[0], blocks[1:]) if blocks else ([], [])
    if known_title and not (first and first[0].startswith(known_title)):
        return known_title, known_title, blocks
    if not known_title and not _looks_like_headline(first, more=bool(rest)):
        return None, None, blocks
    remaining = [first[1:], *rest] if len(first) > 1 else rest
    return known_title or first[0], first[0], remaining


def _looks_like_headline(block: list[str], more: bool) -> bool:
    """`more`: other paragraphs follow; a lone line is the article itself, not its headline."""
    if not block or len(block[0]) > _MAX_HEADLINE or _ends_sentence(block[0]):
        return False
    if len(block) == 1:
        return more
    return _ends_sentence(block[1]) and len(block[1]) > len(block[0])


def _drop_captions(block: list[str]) -> list[str]:
    return [line for line in block if not _is_caption(line)]


def _is_caption(line: str) -> bool:
    """A picture caption or bare byline: a few capitalised words and no final punctuation.

    Body sentences contain lowercase words (verbs), so "Russian President Vladimir Putin",
    "AP Beijing" or "Reuters" are dropped and a real sentence is not.
    """
    words = line.split()
    if len(line) > _MAX_CAPTION or len(words) > 6 or line[-1] in _FINAL_PUNCTUATION:
        return False
    return _capitalised(words[0]) and all(word in _CONNECTORS or _capitalised(word) for word in words)


def _capitalised(word: str) -> bool:
    letters = word.lstrip("\"'“‘(")
    return bool(letters) and (letters[0].isupper() or letters[0].isdigit())


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _is_prose(line: str) -> bool:
    """A line of running text: eight words or more, with a sentence ending in or at the end of it."""
    return len(line.split(maxsplit=7)) == 8 and (_ends_sentence(line) or ". " in line)


def _find_date(lines: list[str]) -> date | None:
    """The publication date from metadata lines: "published" beats a bare date beats "updated"."""
    found: list[tuple[int, date]] = []
    for line in lines:
        if len(line) <= _SHORT_LINE and (match := _DATE_LINE.match(line)) and (day := _parse_date(match)):
            found.append((_date_rank(match), day))
    # min keeps the first of equal ranks: the earliest line
    return min(found, key=lambda ranked: ranked[0])[1] if found else None


def _date_rank(match: re.Match[str]) -> int:
    label = (match["label"] or "").lower()
    if "updated" in label or "modified" in label:
        return 2
    return 0 if label else 1


def _parse_date(match: re.Match[str]) -> date | None:
    if match["iso"]:
        formats, text = ["%Y-%m-%d"], match["iso"]
    else:
        month, day, year = (
            (match["m1"], match["d1"], match["y1"]) if match["m1"] else (match["m2"], match["d2"], match["y2"])
        )
        month = "Sep" if month.lower() == "sept" else month
        formats, text = ["%d %B %Y", "%d %b %Y"], f"{day} {month} {year}"
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
