"""Figures no calculator computes, however they are worded: a state's own tax, the credit's limitation, a top rate."""

from __future__ import annotations

import pytest

from service.qa.numeric.routes import detect_intent
from service.qa.readers.facts import extract_facts


def _intent(message: str) -> str | None:
    return detect_intent(message, extract_facts(message).facts)


@pytest.mark.parametrize(
    "message",
    [
        "We are based in Georgia. How much state tax on a ¥80,000 dividend?",
        "What local income tax do I pay in my city on the IIJ payout, how much?",
        "How much Massachusetts income tax applies to $700 of IIJ dividends?",
        "my county taxes on the dividend, how much?",
    ],
)
def test_a_us_states_or_citys_own_tax_is_left_to_retrieval(message: str) -> None:
    assert _intent(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "I live in Ohio; how much Japanese withholding on a ¥80,000 dividend?",
        "How much federal and state tax on a ¥70,000 dividend?",
        "How much estate tax would apply to inherited ADSs?",
    ],
)
def test_a_state_named_beside_the_federal_or_japanese_tax_is_still_calculated(message: str) -> None:
    assert _intent(message) is not None


@pytest.mark.parametrize(
    "message",
    [
        "How much of the credit will the FTC limit... er, the foreign tax credit's limitation let me keep?",
        "Given ¥30,000 withheld, how much foreign tax credit survives the limitation?",
        "How much does the limitation on the foreign tax credit allow me to claim for $200 of Japanese tax?",
    ],
)
def test_what_the_credits_limitation_allows_is_not_stated(message: str) -> None:
    assert _intent(message) == "not_stated:ftc_limitation"


def test_the_credit_before_limitations_is_no_question_about_the_limitation() -> None:
    message = (
        "¥50,000 dividend, ¥5,000 withheld: how much foreign tax credit before any limitation, in dollars?"
    )
    assert _intent(message) != "not_stated:ftc_limitation"


@pytest.mark.parametrize(
    "message",
    [
        "Which top US individual income tax rate should I use for 2001 in the PFIC allocation?",
        "What was the highest federal marginal individual income tax rate for 2002 under the excess distribution rules?",
    ],
)
def test_a_top_rate_named_in_many_words_with_the_pfic_rules_is_not_stated(message: str) -> None:
    assert _intent(message) == "not_stated:pfic_top_rates"
