"""A date given as a month or a year: settled when every day in it gives the same result, asked for otherwise."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date, timedelta
from pathlib import Path

import pytest

from service.qa.numeric import answer_numeric
from service.qa.numeric.spans import coarse_to_fine, keep_watch, span_outcomes, watched

RATE_QUESTION = (
    "What Japanese withholding rate applies to a dividend paid in {} to a US individual holding 1%?"
)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 28, 31, 365, 366, 731])
def test_every_day_of_a_span_is_tried_once(n: int) -> None:
    order = coarse_to_fine(n)
    assert sorted(order) == list(range(n))


def test_the_first_and_last_days_are_tried_first_then_the_middle() -> None:
    assert coarse_to_fine(9)[:3] == [0, 8, 4]
    assert coarse_to_fine(365)[:3] == [0, 364, 256]


def test_a_year_in_which_the_treaty_starts_to_apply_asks_for_the_day() -> None:
    answer = answer_numeric(RATE_QUESTION.format("2004"))
    assert answer is not None
    assert answer.route == "clarify"
    assert answer.missing == ["payment_date"]


@pytest.mark.parametrize(("when", "rate"), [("March 2003", "15%"), ("2005", "10%")])
def test_a_month_or_year_on_one_side_of_the_change_is_answered(when: str, rate: str) -> None:
    answer = answer_numeric(RATE_QUESTION.format(when))
    assert answer is not None
    assert answer.route == "calculator"
    assert rate in answer.text
    assert f"Any day in {when} gives the same result" in answer.text


def _days(first: date, last: date) -> list[date]:
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


YEAR_2003 = _days(date(2003, 1, 1), date(2003, 12, 31))
YEAR_2004 = _days(date(2004, 1, 1), date(2004, 12, 31))
TREATY_APPLIES = date(2004, 7, 1)


class Counted:
    """An outcome function that counts its calls."""

    def __init__(self, outcome: Callable[[date], Hashable]) -> None:
        self.outcome = outcome
        self.calls = 0

    def __call__(self, day: date) -> Hashable:
        self.calls += 1
        return self.outcome(day)


def test_a_span_only_compared_with_a_rule_date_is_settled_by_one_call_per_side() -> None:
    before = Counted(lambda day: "prior" if day < TREATY_APPLIES else "treaty")
    assert span_outcomes(YEAR_2003, before) == {"prior"}
    assert before.calls == 1
    across = Counted(lambda day: "prior" if day < TREATY_APPLIES else "treaty")
    assert span_outcomes(YEAR_2004, across) == {"prior", "treaty"}
    assert across.calls == 2


def test_a_comparison_with_a_plain_date_on_the_left_is_noted_too() -> None:
    counted = Counted(lambda day: day < TREATY_APPLIES)
    assert span_outcomes(YEAR_2003, counted) == {True}
    assert counted.calls == 1


def test_a_day_read_other_than_by_comparing_is_tried_on_every_day() -> None:
    by_year = Counted(lambda day: day.year)  # the same outcome every day, but read from the day itself
    assert span_outcomes(YEAR_2003, by_year) == {2003}
    assert by_year.calls == 365
    shifted = Counted(lambda day: day + timedelta(days=1) > date(2003, 12, 31))
    assert span_outcomes(YEAR_2003, shifted) == {False, True}


def test_a_day_the_result_keeps_counts_as_read() -> None:
    def kept(day: date) -> Hashable:
        result = {"dates": [day]}
        keep_watch(day, result)
        return "same"

    counted = Counted(kept)
    assert span_outcomes(YEAR_2003[:31], counted) == {"same"}
    assert counted.calls == 31


def test_a_watched_day_is_the_same_day() -> None:
    day = watched(date(2004, 3, 31))
    assert isinstance(day, date)
    assert day == date(2004, 3, 31)
    assert day.isoformat() == "2004-03-31"
    assert day + timedelta(days=1) == date(2004, 4, 1)


def test_the_calculators_read_dates_only_through_the_days_themselves() -> None:
    # a method called on the class ("date.toordinal(day)") would read a WatchedDay without its noticing
    tax = Path(__file__).resolve().parents[3] / "service" / "tools" / "tax"
    sources = {path.name: path.read_text(encoding="utf-8") for path in tax.glob("*.py")}
    assert sources
    unbound = {
        name: found
        for name, text in sources.items()
        if (found := re.findall(r"\b(?:date|datetime)\.(?!fromisoformat\b|today\b)[a-z_]+\(", text))
    }
    assert unbound == {}
