"""Relative dates resolved against the publication date (2021-12-13 was a Monday)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.dates import find_dates

MONDAY = date(2021, 12, 13)


@pytest.mark.parametrize(
    ("text", "future", "earliest", "latest", "precision"),
    [
        ("will meet on Wednesday", True, "2021-12-15", "2021-12-15", "day"),
        ("met on Wednesday", False, "2021-12-08", "2021-12-08", "day"),
        ("said on Monday", False, "2021-12-13", "2021-12-13", "day"),
        ("a call last week", False, "2021-12-06", "2021-12-12", "week"),
        ("a summit this week", True, "2021-12-13", "2021-12-19", "week"),
        ("designs for next year", True, "2022-01-01", "2022-12-31", "year"),
        ("talks next month", True, "2022-01-01", "2022-01-31", "month"),
        ("earlier this month", False, "2021-12-01", "2021-12-12", "month"),
        ("yesterday", False, "2021-12-12", "2021-12-12", "day"),
        ("on December 15, 2021", False, "2021-12-15", "2021-12-15", "day"),
        ("on 3 March", False, "2021-03-03", "2021-03-03", "day"),
        ("in March", True, "2022-03-01", "2022-03-31", "month"),
        ("in March", False, "2021-03-01", "2021-03-31", "month"),
        ("imposed in December 2020", False, "2020-12-01", "2020-12-31", "month"),
        ("in place since 2014", False, "2014-01-01", "2014-12-31", "year"),
        ("on 2021-02-29", False, None, None, None),
    ],
)
def test_resolution(text: str, future: bool, earliest: str | None, latest: str | None, precision: str | None) -> None:
    found = find_dates(text, MONDAY, future)
    if earliest is None:
        assert found == []
        return
    (mention,) = found
    assert mention.when.earliest == date.fromisoformat(earliest)
    assert mention.when.latest == date.fromisoformat(latest)
    assert mention.when.precision == precision
    assert text[mention.start:mention.end].strip()


def test_lower_case_words_are_not_dates() -> None:
    assert find_dates("the troops may march 10 miles", MONDAY, False) == []


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("last week", None, False) == []
    assert find_dates("on December 15, 2021", None, False)[0].when.earliest == date(2021, 12, 15)
