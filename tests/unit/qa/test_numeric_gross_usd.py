"""The dividend's gross amount in dollars, or whether the 15% maximum still applies, asks the U.S. side of the
dividend even when the Japanese withholding facts are given; a dividend outside the 15% rate's years says its year."""

from __future__ import annotations

import pytest

from service.qa.numeric import answer_numeric
from service.qa.numeric.cues import asked_side


@pytest.mark.parametrize(
    "question",
    [
        "Treaty rate withheld, form filed. What is the gross in dollars?",
        "10% was withheld in Japan. USD gross please?",
        "Form filed, so what's the gross amount in USD and is the 15% max still available?",
        "Holding period met: is the dividend capped at 15%?",
    ],
)
def test_the_gross_in_dollars_or_the_fifteen_percent_cap_asks_the_us_side(question: str) -> None:
    assert asked_side(question) == "us"


def test_the_fifteen_percent_cap_of_a_treaty_is_not_the_us_side() -> None:
    assert asked_side("Was the old treaty's 15% max withheld in Japan?") == "jp"


def test_a_dividend_after_the_qualified_years_is_said_to_fall_outside_them_by_its_year() -> None:
    answer = answer_numeric(
        "US individual, ¥400,000 IIJ dividend paid 2009-03-02 at ¥98 per dollar, the treaty form was filed and the "
        "holding period is met. Gross USD, and does the 15% maximum still apply?"
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "$4,081.63" in answer.text
    assert "2009, outside the taxable years the 15% rate covers" in answer.text


@pytest.mark.parametrize(
    "asked", ["Gross USD?", "How many dollars of income is that?", "What is the USD equivalent to report?"]
)
def test_the_gross_in_dollars_is_given_without_the_holding_period(asked: str) -> None:
    answer = answer_numeric(
        f"US individual, ¥330,000 IIJ dividend paid 2005-04-04 at ¥110 per dollar, form filed. {asked}"
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "$3,000" in answer.text
