"""Test vectors of the date reader: text → kind, year, month, day, span."""

from __future__ import annotations

from datetime import date

import pytest

from service.qa.readers.dates import parse_dates

# (text, kind, year, month, day, the text the date was read from)
VECTORS = [
    ("paid 2004-09-30", "day", 2004, 9, 30, "2004-09-30"),
    ("paid on Sept 30, 2004", "day", 2004, 9, 30, "Sept 30, 2004"),
    ("paid 30th of September 2004", "day", 2004, 9, 30, "30th of September 2004"),
    # day first with dots or dashes, and a month name between dashes
    ("payment 30.09.2004, form filed", "day", 2004, 9, 30, "30.09.2004"),
    ("paid 21-7-2004", "day", 2004, 7, 21, "21-7-2004"),  # a part over 12 is the day
    ("paid 30-Sep-2004", "day", 2004, 9, 30, "30-Sep-2004"),
    # a whole month
    ("paid in May 2004", "month", 2004, 5, None, "May 2004"),
    ("the May '04 dividend", "month", 2004, 5, None, "May '04"),
    ("paid during May of 2004", "month", 2004, 5, None, "May of 2004"),
    ("dividend paid 2004-05", "month", 2004, 5, None, "2004-05"),
    ("paid 6/2004", "month", 2004, 6, None, "6/2004"),
    ("held since 1999", "year", 1999, None, None, "since 1999"),
    ("paid mid-2004", "vague", 2004, None, None, "mid-2004"),
]


@pytest.mark.parametrize(("text", "kind", "year", "month", "day", "span"), VECTORS)
def test_dates_keep_the_precision_they_were_given(
    text: str, kind: str, year: int, month: int | None, day: int | None, span: str
) -> None:
    (mention,) = parse_dates(text)
    fact = mention.fact
    assert (fact.kind, fact.year, fact.month, fact.day) == (kind, year, month, day)
    assert text[mention.start : mention.end] == span


def test_a_month_spans_its_first_to_its_last_day() -> None:
    (mention,) = parse_dates("paid in February 2004")
    assert mention.fact.span() == (date(2004, 2, 1), date(2004, 2, 29))
    assert len(mention.fact.days()) == 29


@pytest.mark.parametrize(
    "text", ["held 2002-2004", "the 2003-2004 years", "a 13/2004 typo", "rates of 2004-15%"]
)
def test_year_ranges_and_impossible_months_are_not_months(text: str) -> None:
    assert all(mention.fact.kind != "month" for mention in parse_dates(text))


def test_each_caller_gets_a_list_of_its_own_when_the_same_message_is_read_again() -> None:
    text = "bought 2004-01-15, sold 2004-03-01"
    first = parse_dates(text)
    first.clear()  # a reader that edits what it was given
    again = parse_dates(text)
    assert [mention.fact.iso for mention in again] == ["2004-01-15", "2004-03-01"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # month first, as slashed dates are read, when neither part is over 12
        ("paid 03-04-2004", [date(2004, 3, 4)]),
        ("paid 03/04/2004", [date(2004, 3, 4)]),
        # a part over 12 settles the order
        ("paid 28-02-2004", [date(2004, 2, 28)]),
        ("paid 02-28-2004", [date(2004, 2, 28)]),
        # another date of the message that puts the day first settles the ambiguous one
        ("bought 20-11-2003, paid 03-04-2004", [date(2003, 11, 20), date(2004, 4, 3)]),
        ("bought 20/11/2003, paid 03/04/2004", [date(2003, 11, 20), date(2004, 4, 3)]),
        ("bought 11-20-2003, paid 03-04-2004", [date(2003, 11, 20), date(2004, 3, 4)]),
        # dots are day first, as written in Europe
        ("paid 03.04.2004", [date(2004, 4, 3)]),
    ],
)
def test_dashed_dates_are_read_as_slashed_ones_are(text: str, days: list[date]) -> None:
    assert [date.fromisoformat(str(m.fact.iso)) for m in parse_dates(text)] == days


def test_a_slashed_date_that_can_only_be_day_first_makes_the_others_day_first() -> None:
    first, second = parse_dates("sold 25/06/2005 after buying 03/02/2004")
    assert (second.fact.month, second.fact.day) == (2, 3)
    assert (first.fact.month, first.fact.day) == (6, 25)


def test_slashed_dates_that_could_be_either_stay_month_first() -> None:
    (only,) = parse_dates("bought 03/02/2004")
    assert (only.fact.month, only.fact.day) == (3, 2)
