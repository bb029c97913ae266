"""Follow-up turns: the follow-up's own asking clause decides what it asks, facts it states replace the same
facts from earlier turns, and facts it does not restate are kept."""

from __future__ import annotations

import pytest

from service.qa.numeric.own_ask import asks_elsewhere
from service.qa.readers.facts import extract_facts, merge_facts
from tests.conversations import ask, calculated

_US_DIVIDEND = (
    "I'm a US individual; IIJ paid me a ¥900,000 dividend on 2004-10-05 and I never sent in the advance form. "
    "What was taken?"
)


@pytest.mark.parametrize(
    "follow_up",
    [
        "ok so which IRS form goes with that?",
        "is there a form I need to send for this?",
        "what do I have to file for those years?",
        "and what would my state income tax be?",
        "how much would Oregon tax on top of that?",
        "and what would I owe in New Jersey?",
        "do we have to submit anything to the IRS?",
        "how would I go about reclaiming the excess?",
        "and what's the requirement on the holding period?",
        "what counts as a pension fund here?",
        "and who do I hand the form to?",
        "when is that form due, then?",
        "why is that?",
        "fine, and how come?",
    ],
)
def test_a_follow_up_asking_for_a_form_a_state_tax_or_a_reason_is_not_the_previous_calculation(
    follow_up: str,
) -> None:
    assert calculated(_US_DIVIDEND)
    assert ask(_US_DIVIDEND, "¥180,000 was withheld.", follow_up) is None


@pytest.mark.parametrize(
    "follow_up",
    [
        "and if the form had gone in beforehand?",
        "what would the Bank of New York charge?",
        "and the net amount?",
        "suppose I lived in California, what would be withheld?",
        "and for a Delaware corporation?",
        "how much would come back to me?",
        "do I get anything refunded?",
        "what is the rate?",
    ],
)
def test_follow_ups_that_ask_a_calculation_are_not_taken_for_other_questions(follow_up: str) -> None:
    assert not asks_elsewhere(follow_up)


def test_a_follow_up_asking_which_form_after_a_pfic_test_is_left_to_retrieval() -> None:
    first = "Gross income was 5,000 of which 4,100 was passive. Would IIJ be a PFIC?"
    assert calculated(first).calculation["function"] == "pfic_test"  # type: ignore[index]
    assert ask(first, "82% is passive, so yes.", "which form must be filed for such a year?") is None


def test_a_follow_up_asking_for_the_credit_switches_to_the_us_side_and_keeps_the_dividend() -> None:
    answer = calculated(
        _US_DIVIDEND, "¥180,000 was withheld.", "how much of it is creditable in dollars at 120?"
    )
    assert answer.calculation is not None
    assert answer.calculation["function"] == "us_dividend_tax"
    inputs = answer.calculation["inputs"]
    assert inputs["gross_dividend_jpy"] == 900000
    assert inputs["advance_form_filed"] is False
    # the refundable excess over the 10% treaty rate is not creditable: ¥90,000 of ¥180,000 is, $750.00 at 120
    assert "$750.00" in answer.text


def test_a_credit_set_against_us_tax_is_answered_without_asking_for_the_holding_period() -> None:
    answer = calculated(
        _US_DIVIDEND, "¥180,000 was withheld.", "what can I credit against my US tax, at 120 yen?"
    )
    assert answer.route == "calculator"
    assert "$750.00" in answer.text


def test_a_follow_up_about_a_country_without_a_treaty_replaces_the_named_country() -> None:
    answer = calculated(
        "Which withholding rate applies to IIJ dividends for a Finnish resident?",
        "Finland is a treaty country, but the report gives no rate.",
        "alright, and if the country had no treaty with Japan whatsoever?",
    )
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["residence"] == "a country without a tax treaty with Japan"
    assert "20%" in answer.text


def test_merging_a_treaty_denial_keeps_an_unnamed_country_and_other_facts() -> None:
    older = extract_facts("a Finnish company with 30% of IIJ").facts
    newer = extract_facts("what if there is no tax treaty?").facts
    merged = merge_facts(older, newer)
    assert merged["residence_kind"] == "UNLISTED"
    assert merged["voting_pct"] == 30


def test_a_bare_date_in_a_follow_up_replaces_the_fiscal_year_end() -> None:
    answer = calculated(
        "Our fiscal year closes March 31, 2002. By when must the second ADS treaty form be in?",
        "By November 30, 2002.",
        "and the year ending March 31 2007?",
    )
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["fiscal_year_end"] == "2007-03-31"
    assert "November 30, 2007" in answer.text


def test_what_if_the_form_had_been_filed_keeps_the_stake_stated_as_a_holding() -> None:
    answer = calculated(
        "US resident individual, ¥3,000,000 IIJ dividend paid 2004-04-20, a 4% holding, no form sent in advance. "
        "Withholding and refund?",
        "20% was withheld.",
        "and had I filed the form ahead of time, what would have been withheld and what would I have kept?",
    )
    assert answer.calculation is not None
    inputs = answer.calculation["inputs"]
    assert inputs["voting_pct"] == 4
    assert inputs["advance_form_filed"] is True
    # Prior Treaty, under 10%: 15% of ¥3,000,000
    assert "¥450,000" in answer.text
    assert "¥2,550,000" in answer.text


def test_a_stake_stated_as_a_holding_is_read_but_a_holding_period_is_not() -> None:
    assert extract_facts("about a 6% holding").facts["voting_pct"] == 6
    assert "voting_pct" not in extract_facts("a 6% holding period").facts


def test_a_new_sale_date_in_a_follow_up_keeps_the_purchase_and_names_the_holding_period_rule() -> None:
    answer = calculated(
        "US individual: I bought IIJ shares on 2002-06-14 for $7,000 and sold them on 2003-06-20 for $9,500. "
        "Gain, and the most US tax on it?",
        "A $2,500 gain held over a year: 15% at most, $375.",
        "and had the sale been on 2003-06-14 instead?",
    )
    assert answer.calculation is not None
    inputs = answer.calculation["inputs"]
    assert inputs["acquisition_date"] == "2002-06-14"
    assert inputs["disposition_date"] == "2003-06-14"
    assert "$2,500.00" in answer.text
    assert "greater than one year" in answer.text
    assert "$375" not in answer.text


_US_TAX = (
    "US individual; IIJ paid me ¥400,000 on 2004-11-30, converted at 125 yen per dollar, form filed, shares held "
    "for years. What is my US tax?"
)


def test_a_bare_question_for_the_japanese_figure_after_a_us_tax_answer_works_on_the_same_dividend() -> None:
    answer = calculated(_US_TAX, "At most $480.00.", "how much did Japan keep?")
    assert answer.calculation is not None
    assert answer.calculation["function"] == "jp_withholding_amounts"
    assert answer.calculation["inputs"]["gross_dividend_jpy"] == 400000
    assert "¥40,000" in answer.text


def test_a_bare_question_that_asks_no_figure_is_not_carried_into_the_calculation() -> None:
    assert ask(_US_TAX, "At most $480.00.", "is the credit limited in some way?") is None


def test_an_inverted_what_if_on_the_form_flips_only_that_fact() -> None:
    answer = calculated(
        "US individual, ¥2,400,000 IIJ dividend paid 2004-02-16, a 1% stake, no advance form. What was withheld?",
        "20%: ¥480,000.",
        "had the paperwork been lodged beforehand, what would have been taken and what would I have netted?",
    )
    assert answer.calculation is not None
    inputs = answer.calculation["inputs"]
    assert inputs["advance_form_filed"] is True
    assert inputs["gross_dividend_jpy"] == 2400000
    assert "¥360,000" in answer.text  # the Prior Treaty's 15% for holders under 10%
    assert "¥2,040,000" in answer.text


def test_a_how_question_that_states_a_new_fact_is_still_the_calculation() -> None:
    answer = calculated(
        _US_DIVIDEND, "¥180,000 was withheld.", "how would it change had the form been filed?"
    )
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["advance_form_filed"] is True
    assert "¥90,000" in answer.text
