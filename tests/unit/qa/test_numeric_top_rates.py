"""The top US rate for a year of the PFIC rules is a figure the report never gives; the prior treaty's highest
rate is not that figure."""

from __future__ import annotations

import pytest

from service.qa.numeric.routes import detect_intent
from service.qa.readers.facts import extract_facts


def _intent(question: str) -> str | None:
    return detect_intent(question, extract_facts(question).facts)


@pytest.mark.parametrize(
    "question",
    [
        "Which top federal marginal rate does the PFIC allocation use for 2001?",
        "What is the highest rate for 2002 under the excess distribution rules?",
        "For the deferred tax on my excess distribution, what was the top individual rate in 2003?",
    ],
)
def test_the_top_rate_of_a_year_for_the_pfic_rules_is_not_stated(question: str) -> None:
    assert _intent(question) == "not_stated:pfic_top_rates"


def test_an_amount_to_allocate_still_goes_to_the_allocation() -> None:
    assert (
        _intent("Allocate my $1,200 excess distribution over 2001-2003 at the highest rate.")
        == "pfic_allocate"
    )


def test_the_highest_rate_of_the_prior_treaty_is_not_a_pfic_top_rate() -> None:
    assert _intent("What was the highest rate under the prior treaty?") != "not_stated:pfic_top_rates"
