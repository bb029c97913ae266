"""A bare reply is read against the inputs the previous answer named as missing, not against its wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.numeric.replies import REPLY_FACTS, reply_to
from tests.conversations import answered, calculated

_DISTRIBUTION = "A $600 distribution exceeds IIJ's E&P of $400. What part is a return of capital?"


def test_a_reply_answers_the_input_the_clarification_named_even_when_its_question_says_u_s() -> None:
    asked = answered(_DISTRIBUTION)
    assert asked.route == "clarify"
    assert asked.missing == ["basis_usd"]
    answer = calculated(_DISTRIBUTION, asked.text, "$5,000")
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["basis_usd"] == "5000"


def test_the_assistant_wording_in_the_history_does_not_change_what_a_reply_answers() -> None:
    question = (
        "our US company gets ¥5,000,000 from IIJ paid 2004-10-20, with the form filed; what is withheld?"
    )
    for assistant_text in (
        "How much of IIJ's voting stock does the company hold?",
        "(reply shown elsewhere)",
    ):
        answer = calculated(question, assistant_text, "about 8%")
        assert answer.calculation is not None
        assert answer.calculation["inputs"]["voting_pct"] == 8


def test_a_corrected_figure_answers_an_input_that_was_rejected() -> None:
    question = "US corp owning 150% of IIJ, dividend paid 2004-09-30, withholding rate?"
    rejected = answered(question)
    assert rejected.missing == ["voting_pct"]
    answer = calculated(question, rejected.text, "15%")
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["voting_pct"] == 15


def test_rates_given_for_the_years_asked_are_paired_with_those_years_in_order() -> None:
    facts = reply_to("38.6% and 35%", ["top_rate_2002", "top_rate_2003"])
    assert facts["top_rates"] == {2002: Decimal("0.386"), 2003: Decimal("0.35")}


@pytest.mark.parametrize(("reply", "value"), [("yes", True), ("no, they are not", False)])
def test_yes_or_no_answers_a_yes_or_no_input(reply: str, value: bool) -> None:
    assert reply_to(reply, ["pension_dividends_from_business"]) == {"pension_dividends_from_business": value}


def test_inputs_a_reply_carries_its_own_cue_for_are_not_read_from_a_bare_reply() -> None:
    assert "payment_date" not in REPLY_FACTS
    assert reply_to("Germany", ["residence"]) == {}
