"""A date given as a month or a year: settled when every day in it gives the same result, asked for otherwise."""

from __future__ import annotations

import pytest

from service.qa.numeric import answer_numeric
from service.qa.numeric.run import coarse_to_fine

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
