"""Dates said in a sentence, resolved against the article's publication date.

News rarely writes full dates: "on Wednesday", "last week", "next year". Each phrase becomes a
range of possible days with a precision, so "last week" is honest about being a week long.
A weekday is read backwards in a sentence about the past and forwards in one about the future.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from kg.events import DateRange

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

# Month and day names must be capitalised: "may", "march" and "sun" are ordinary words too.
_MONTH = r"\b(?P<month>" + "|".join(sorted((m.title() for m in _MONTHS), key=len, reverse=True)) + r")\b\.?"
_PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("month_day", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4}))?")),
    ("day_month", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?")),
    ("relative", re.compile(r"\b(?P<rel>last|this|next|earlier this|later this)\s+(?P<unit>week|month|year)\b", re.I)),
    ("weekday", re.compile(r"\b(?P<weekday>" + "|".join(d.title() for d in _WEEKDAYS) + r")\b")),
    ("deictic", re.compile(r"\b(?P<deictic>today|yesterday|tomorrow)\b", re.I)),
    ("in_month", re.compile(r"\bin\s+" + _MONTH + r"(?:\s+(?P<year>\d{4}))?")),
    ("in_year", re.compile(r"\b(?:in|since)\s+(?P<year>(?:19|20)\d{2})\b")),
]


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in a sentence: where it is (sentence offsets) and what it means."""

    start: int
    end: int
    when: DateRange


def find_dates(text: str, published: date | None, future: bool) -> list[DateMention]:
    """Every date phrase in the text that can be resolved, earliest-starting first, without overlaps."""
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(m.start < match.end() and match.start() < m.end for m in found):
                continue
            when = _resolve(kind, match, published, future)
            if when is not None:
                found.append(DateMention(match.start(), match.end(), when))
    return sorted(found, key=lambda m: m.start)


def _resolve(kind: str, match: re.Match[str], published: date | None, future: bool) -> DateRange | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    if kind == "iso":
        return _day(int(groups["y"]), int(groups["m"]), int(groups["d"]))
    if published is None and "year" not in groups:
        return None
    if kind in ("month_day", "day_month"):
        month = _MONTHS[groups["month"].lower()]
        year = int(groups["year"]) if "year" in groups else _year_of(month, published, future)
        return _day(year, month, int(groups["day"]))
    if kind == "in_month":
        month = _MONTHS[groups["month"].lower()]
        year = int(groups["year"]) if "year" in groups else _year_of(month, published, future)
        return _month(year, month)
    if kind == "in_year":
        year = int(groups["year"])
        return DateRange(date(year, 1, 1), date(year, 12, 31), "year")
    assert published is not None
    if kind == "relative":
        return _relative(groups["rel"].lower(), groups["unit"].lower(), published)
    if kind == "weekday":
        return _weekday(_WEEKDAYS[groups["weekday"].lower()], published, future)
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[groups["deictic"].lower()]
    day = published + timedelta(days=offset)
    return DateRange(day, day, "day")


def _day(year: int, month: int, day: int) -> DateRange | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return DateRange(d, d, "day")


def _month(year: int, month: int) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    return DateRange(date(year, month, 1), date(year, month, last), "month")


def _year_of(month: int, published: date, future: bool) -> int:
    """The year of a month named without one: the nearest such month in the sentence's direction."""
    if future and month < published.month:
        return published.year + 1
    if not future and month > published.month:
        return published.year - 1
    return published.year


def _weekday(weekday: int, published: date, future: bool) -> DateRange:
    delta = (weekday - published.weekday()) % 7
    day = published + timedelta(days=delta) if future else published - timedelta(days=(7 - delta) % 7)
    return DateRange(day, day, "day")


def _relative(rel: str, unit: str, published: date) -> DateRange:
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        first, last = monday, monday + timedelta(days=6)
    elif unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        first = date(month_index // 12, month_index % 12 + 1, 1)
        last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    else:
        first, last = date(published.year + step, 1, 1), date(published.year + step, 12, 31)
    if rel == "earlier this":
        last = max(first, published - timedelta(days=1))
    elif rel == "later this":
        first = published
    return DateRange(first, last, unit)  # type: ignore[arg-type]
