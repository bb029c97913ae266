"""Calculator answers lead with the figure asked for, and their first citation is the rule that sets that figure.

Context rules (which treaty applies by date, the treaty form) follow. The questions here are worded afresh; the
real calculator and the real answer builders run, nothing is mocked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.qa.numeric import NumericAnswer, answer_numeric
from service.qa.types import Turn

DATA = Path(__file__).resolve().parents[2] / "data" / "numeric_questions.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["cases"]


def _solve(question: str) -> NumericAnswer:
    answer = answer_numeric(question)
    assert answer is not None
    assert answer.route == "calculator", answer.text
    return answer


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text, maxsplit=1)[0]


def assert_leads(answer: NumericAnswer, rule: str, *figures: str) -> None:
    lead = first_sentence(answer.text)
    assert answer.rules_cited[0] == rule, answer.text
    assert "[1]" in lead, answer.text
    for figure in figures:
        assert figure in lead, f"{figure!r} not in the first sentence {lead!r}"


# ---------------------------------------------------------------------------------------------------- Japan


def test_withholding_rate_answer_cites_the_rate_row_before_the_treaty_date() -> None:
    answer = _solve(
        "What is the Japanese withholding rate for an American individual shareholder on a dividend paid 2004-11-20?"
    )
    assert_leads(answer, "R-08", "10%")
    assert answer.rules_cited.index("R-07") > 0


@pytest.mark.parametrize(
    ("question", "rule", "figures"),
    [
        (
            "Form submitted ahead of time: a US individual gets ¥3,000,000 from IIJ on 2004-12-15. How much "
            "Japanese tax comes off?",
            "R-08",
            ("10%", "¥300,000", "¥2,700,000"),
        ),
        (
            "A US company holding 25% of IIJ's voting shares receives ¥2,000,000 on 2004-12-15 with the form "
            "submitted. How much Japanese tax is taken?",
            "R-09",
            ("5%", "¥100,000"),
        ),
        (
            "A US pension fund whose dividends are not business income receives ¥800,000 on 2004-12-15, form "
            "submitted: Japanese withholding?",
            "R-10c",
            ("0%", "¥0"),
        ),
        (
            "A US individual owning 3% receives ¥400,000 on 2004-03-15 with the form submitted. How much Japanese "
            "tax is withheld?",
            "R-11",
            ("15%", "¥60,000"),
        ),
        (
            "A Brazilian individual (Brazil has no treaty with Japan) receives ¥300,000. How much Japanese tax is "
            "withheld?",
            "R-13a",
            ("20%", "¥60,000"),
        ),
    ],
    ids=["treaty_individual", "treaty_corporation_5pct", "pension_fund_0pct", "prior_treaty", "no_treaty"],
)
def test_withholding_amount_leads_with_the_amount_and_the_rate_rule_that_sets_it(
    question: str, rule: str, figures: tuple[str, ...]
) -> None:
    answer = _solve(question)
    assert_leads(answer, rule, *figures)


def test_date_and_form_rules_follow_the_rate_rule_in_a_filed_form_answer() -> None:
    answer = _solve(
        "Form submitted ahead of time: a US individual gets ¥3,000,000 from IIJ on 2004-12-15. How much Japanese "
        "tax comes off?"
    )
    assert answer.rules_cited == ["R-08", "R-07", "R-14"]
    assert "July 1, 2004" in answer.text
    assert "filed in advance" in answer.text


def test_without_the_form_the_refund_rule_leads_the_amount_withheld_and_the_refund() -> None:
    answer = _solve(
        "A US individual never sent in the treaty form; ¥3,000,000 dividend paid 2004-12-15. How much Japanese "
        "tax is withheld?"
    )
    assert_leads(answer, "R-16", "¥600,000", "¥2,400,000", "¥300,000")
    assert "20%" in answer.text
    assert "10%" in answer.text
    assert answer.rules_cited[1] == "R-13a"


def test_unknown_form_leads_with_the_treaty_rate() -> None:
    answer = _solve(
        "US individual, ¥3,000,000 dividend paid 2004-12-15, unsure if the form was filed: how much Japanese tax "
        "is withheld?"
    )
    assert_leads(answer, "R-08", "10%", "¥300,000", "¥600,000")


def test_unknown_form_leads_with_the_refund_when_the_refund_is_asked() -> None:
    answer = _solve(
        "US individual, ¥3,000,000 dividend paid 2004-12-15, unsure if the form was filed: how much could be "
        "reclaimed as a refund?"
    )
    assert_leads(answer, "R-16", "¥300,000")
    assert "¥2,700,000" in answer.text, "the filed-form branch is still given"


def test_tax_actually_withheld_leads_with_the_refund_rule() -> None:
    answer = _solve(
        "A US individual had ¥600,000 taken from a ¥3,000,000 dividend paid 2004-12-15. What refund can be claimed?"
    )
    assert_leads(answer, "R-16", "¥300,000")


# ---------------------------------------------------------------------------------------------------- U.S. dividend

_DIVIDEND = (
    "US individual who has held the shares for three years: ¥880,000 dividend paid 2004-11-10, form {form}, "
    "¥110 per dollar. "
)


@pytest.mark.parametrize(
    ("ask", "rule", "figure"),
    [
        ("What US federal tax do I owe at most?", "R-34", "$1,200.00"),
        ("How much of the Japanese tax can I credit?", "R-44", "$800.00"),
        ("What gross income do I include?", "R-40", "$8,000.00"),
        ("What credit can I take, and what US tax is left at most?", "R-44", "$800.00"),
        ("What US tax at most, and what credit can I take?", "R-34", "$1,200.00"),
    ],
    ids=["us_tax", "credit", "income", "credit_asked_first", "tax_asked_first"],
)
def test_us_dividend_answer_leads_with_the_figure_asked_first(ask: str, rule: str, figure: str) -> None:
    answer = _solve(_DIVIDEND.format(form="submitted") + ask)
    assert_leads(answer, rule, figure)
    for number in ("$8,000.00", "$1,200.00", "$800.00"):
        assert number in answer.text, "every figure stays in the answer"


def test_refundable_tax_rule_leads_the_creditable_figure_when_a_refund_is_available() -> None:
    answer = _solve(_DIVIDEND.format(form="not submitted") + "How much of the Japanese tax can I credit?")
    assert_leads(answer, "R-46", "¥88,000", "$800.00", "¥176,000")
    assert answer.rules_cited[1] == "R-44"


# ---------------------------------------------------------------------------------------------------- capital gain

_SALE = "US individual bought ADSs 2002-02-01 for $2,000 and sold 2004-08-01 for $2,600. "


def test_capital_gain_leads_with_the_rate_rule_when_the_tax_is_asked() -> None:
    answer = _solve(_SALE + "What rate applies to the gain?")
    assert_leads(answer, "R-49", "15%", "$600.00", "$90.00")
    assert answer.rules_cited[1] == "R-48"


def test_capital_gain_leads_with_the_gain_rule_when_only_the_gain_is_asked() -> None:
    answer = _solve(_SALE + "How big is my gain?")
    assert_leads(answer, "R-48", "$600.00")


def test_gain_the_holder_states_leads_with_the_rate_rule() -> None:
    answer = _solve(
        "US individual held IIJ from 2001-05-01 to 2004-09-01 and sold at a gain of $750. Tax on it?"
    )
    assert_leads(answer, "R-49", "$750.00", "$112.50")


# ---------------------------------------------------------------------------------------------------- PFIC

_EXCESS = "$600 excess distribution, held 2002-12-31 to 2005-12-31, top rate 35% in each prior year"


@pytest.mark.parametrize(
    ("ask", "rule", "figure"),
    [
        (": how much deferred tax?", "R-71", "$140.07"),
        (": how is it allocated?", "R-69", "$199.82"),
        (", interest factors 8% and 4%: how much interest charge?", "R-72", "$8.41"),
    ],
    ids=["deferred_tax", "allocation", "interest"],
)
def test_pfic_allocation_answer_leads_with_the_figure_asked(ask: str, rule: str, figure: str) -> None:
    answer = _solve(_EXCESS + ask)
    assert_leads(answer, rule, figure)
    assert "$140.07" in answer.text
    assert "$200.36" in answer.text


_MTM = "After making the mark-to-market election my adjusted basis is $400; the ADSs are worth ${value} at the first year end. "


def test_mark_to_market_loss_leads_with_the_loss_limit() -> None:
    answer = _solve(_MTM.format(value=340) + "How much ordinary loss is allowed?")
    assert_leads(answer, "R-78", "$0.00", "$60.00")


def test_mark_to_market_income_leads_with_the_inclusion_rule() -> None:
    answer = _solve(_MTM.format(value=470) + "How much ordinary income?")
    assert_leads(answer, "R-76", "$70.00")
    assert "R-78" not in answer.rules_cited


def test_mark_to_market_basis_question_leads_with_the_basis_rule() -> None:
    answer = _solve(_MTM.format(value=470) + "What is my new basis?")
    assert_leads(answer, "R-79", "$470.00")
    assert "$70.00" in answer.text


def test_pfic_holder_status_leads_with_the_form_rule_when_filing_is_asked() -> None:
    answer = _solve(
        "I held IIJ shares in 2004, 2005 and 2006 and IIJ was a PFIC in 2005. Must I file Form 8621, and for "
        "which years?"
    )
    assert_leads(answer, "R-82", "2005")


def test_pfic_holder_status_leads_with_the_qualified_dividend_rule_when_that_is_asked() -> None:
    answer = _solve(
        "I held IIJ shares in 2004, 2005 and 2006 and IIJ was a PFIC in 2005. Which of my dividends are qualified?"
    )
    assert_leads(answer, "R-80", "2005 and 2006")
    assert "Form 8621" in answer.text


# ---------------------------------------------------------------------------------------------------- distribution


def test_distribution_above_earnings_and_profits_leads_with_the_return_of_capital_rule() -> None:
    answer = _solve("A $2,000 distribution with E&P of $1,500 and my basis of $100: how is it treated?")
    assert_leads(answer, "R-43", "$100.00", "$400.00", "$1,500.00")


def test_distribution_within_earnings_and_profits_leads_with_the_dividend_rule() -> None:
    answer = _solve("A $1,000 distribution with E&P of $1,500 and my basis of $100: how is it treated?")
    assert_leads(answer, "R-33", "$1,000.00")


# ---------------------------------------------------------------------------------------------------- every answer


@pytest.mark.parametrize("case", [c for c in CASES if c["route"] == "calculator"], ids=lambda c: c["id"])
def test_first_sentence_of_every_calculator_answer_carries_the_first_citation(case: dict[str, Any]) -> None:
    history = [Turn(role=t["role"], content=t["content"]) for t in case.get("history", [])]
    answer = answer_numeric(case["question"], history)
    assert answer is not None
    if answer.rules_cited:
        assert "[1]" in first_sentence(answer.text), answer.text
