"""Calculator answers follow the user's own facts: each figure for the year, holder or event it was stated with, a
fact the user does not know left open, the question routed by what it asks, every missing fact asked in words.

The questions are worded afresh; the real calculator and answer builders run, nothing is mocked.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from service.qa.numeric import NumericAnswer, question_for
from service.tools.tax import FUNCTIONS
from service.tools.tax_rules import RULES
from tests.conversations import answered as _ask
from tests.conversations import calculated as _calculated


def _inputs(answer: NumericAnswer) -> dict[str, object]:
    assert answer.calculation is not None
    return dict(answer.calculation["inputs"])


# ---------------------------------------------------------------------------------------------------- top rates

_GAIN = "IIJ is a PFIC: $1,800 gain on ADSs bought 2001-09-30 and sold 2003-09-30, {rates}. Deferred tax?"


@pytest.mark.parametrize(
    "rates",
    [
        "top rate 39.1% for 2001 and 38.6% for 2002",
        "highest rates 39.1% in 2001 and 38.6% in 2002",
        "the highest rates were 39.1% (2001) and 38.6% (2002)",
        "39.1% top rate for 2001, 38.6% for 2002",
        "top rates for 2001 and 2002 of 39.1% and 38.6%",
    ],
)
def test_deferred_tax_uses_each_years_own_top_rate(rates: str) -> None:
    answer = _calculated(_GAIN.format(rates=rates))
    assert _inputs(answer)["top_rate_by_year"] == {"2001": "0.391", "2002": "0.386"}
    assert "$88.70 + $347.40 = $436.10" in answer.text
    assert answer.rules_cited[0] == "R-71"


def test_a_top_rate_stated_without_its_year_is_asked_for_not_guessed() -> None:
    answer = _ask(_GAIN.format(rates="top rate 39.1% for 2001 and 38.6%"))
    assert answer.route == "clarify", answer.text
    assert "top_rate_by_year" not in _inputs(answer)
    assert answer.missing == ["top_rate_2001", "top_rate_2002"]


def test_a_top_rate_for_one_of_two_years_asks_only_for_the_other() -> None:
    answer = _ask(_GAIN.format(rates="top rate 39.1% for 2001"))
    assert answer.route == "clarify", answer.text
    assert _inputs(answer)["top_rate_by_year"] == {"2001": "0.391"}
    assert answer.missing == ["top_rate_2002"]
    assert "What was the highest tax rate in effect for 2002?" in answer.text


@pytest.mark.parametrize(
    "reply", ["39.1% and 38.6%", "38.6% for 2002 and 39.1% for 2001", "2001: 39.1%, 2002: 38.6%"]
)
def test_top_rates_given_in_reply_complete_the_deferred_tax(reply: str) -> None:
    question = "PFIC gain of $1,800 on ADSs bought 2001-09-30 and sold 2003-09-30: how much deferred tax?"
    first = _ask(question)
    assert first.route == "clarify"
    answer = _calculated(question, first.text, reply)
    assert _inputs(answer)["top_rate_by_year"] == {"2001": "0.391", "2002": "0.386"}
    assert "$436.10" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "IIJ counts as a PFIC for me; a $3,000 excess distribution on shares held from 2001-03-31 to 2004-03-31. "
        "What deferred tax applies?",
        "pfic for me: excess distribution of $3,000, held 2001-03-31 to 2004-03-31 - deferred tax per year?",
    ],
)
def test_a_pfic_holder_asking_for_deferred_tax_gets_the_allocation(question: str) -> None:
    answer = _ask(question)
    assert answer.calculation is not None
    assert answer.calculation["function"] == "pfic_allocate"
    assert answer.missing == ["top_rate_2001", "top_rate_2002", "top_rate_2003"]
    assert "What was the highest tax rate in effect for 2001, 2002 and 2003?" in answer.text


# ---------------------------------------------------------------------------------------------------- form unknown


@pytest.mark.parametrize(
    "question",
    [
        "US individual, ¥600,000 dividend paid 2004-11-01; not sure whether the form was filed. How much is withheld?",
        "I don't know if my broker filed the treaty form. Japanese tax on ¥600,000 paid 2004-11-01 to me, a US "
        "individual?",
        "¥600,000 IIJ dividend, paid 2004-11-01, US individual, can't remember whether the application was "
        "submitted - withholding?",
    ],
)
def test_not_knowing_whether_the_form_was_filed_gets_both_branches(question: str) -> None:
    answer = _calculated(question)
    assert answer.calculation is not None
    assert "advance_form_filed" not in answer.calculation["inputs"]
    assert set(answer.calculation["result"]) == {"form_filed", "form_not_filed"}
    for figure in ("¥60,000", "¥120,000"):
        assert figure in answer.text


@pytest.mark.parametrize(("status", "withheld"), [("form filed", "¥60,000"), ("no form filed", "¥120,000")])
def test_a_known_form_status_still_gives_one_branch(status: str, withheld: str) -> None:
    answer = _calculated(f"US individual, ¥600,000 dividend paid 2004-11-01, {status}. How much is withheld?")
    assert answer.calculation is not None
    assert "form_filed" not in answer.calculation["result"]
    assert withheld in answer.text


# ---------------------------------------------------------------------------------------------------- route by the ask


@pytest.mark.parametrize(
    "question",
    [
        "US individual; IIJ paid me ¥440,000 on 2004-10-20 and 10% was withheld, rate ¥110/$. How much income do "
        "I report?",
        "US individual, ¥440,000 IIJ dividend paid 2004-10-20, Japanese tax withheld at 10%, ¥110 to the dollar. "
        "What goes on my US return?",
        "¥440,000 dividend paid 2004-10-20 to me (US individual) at 110 yen per dollar, 10% withheld - what income "
        "do I include?",
    ],
)
def test_a_dividend_question_asking_for_us_income_is_answered_for_the_us_side(question: str) -> None:
    answer = _calculated(question)
    assert answer.calculation is not None
    assert answer.calculation["function"] == "us_dividend_tax"
    assert "$4,000.00" in answer.text
    assert answer.rules_cited[0] == "R-40"


@pytest.mark.parametrize(
    "question",
    [
        "US individual, ¥440,000 dividend paid 2004-10-20, form filed, 110 yen per dollar. US consequences?",
        "US individual got ¥440,000 from IIJ on 2004-10-20, rate ¥110/$, Japanese tax withheld. How is it taxed in "
        "the US?",
    ],
)
def test_a_dividend_question_asking_for_the_us_treatment_goes_to_the_us_calculator(question: str) -> None:
    answer = _ask(question)
    assert answer.calculation is not None
    assert answer.calculation["function"] == "us_dividend_tax"


@pytest.mark.parametrize(
    "question",
    [
        "US individual, ¥440,000 dividend paid 2004-10-20 at ¥110/$, form filed: how much Japanese tax is withheld?",
        "I report my income in dollars; what is withheld in Japan from ¥440,000 paid 2004-10-20 to me, a US "
        "individual, form filed?",
    ],
)
def test_a_dividend_question_asking_for_japanese_tax_stays_with_withholding(question: str) -> None:
    answer = _calculated(question)
    assert answer.calculation is not None
    assert answer.calculation["function"] == "jp_withholding_amounts"
    assert "¥44,000" in answer.text


# ---------------------------------------------------------------------------------------------------- gains and marks


@pytest.mark.parametrize(
    "question",
    [
        "US individual: bought ADSs 2002-05-05, sold 2004-06-06 and made $1,200 on the sale. Most US tax?",
        "I made a $1,200 profit when I sold my IIJ shares on 2004-06-06 (bought 2002-05-05, US individual). Max "
        "US tax?",
    ],
)
def test_money_made_on_a_sale_is_taxed_as_the_gain(question: str) -> None:
    answer = _calculated(question)
    assert "$180.00" in answer.text
    assert "basis_usd" in _inputs(answer)


@pytest.mark.parametrize(
    "question",
    [
        "mark-to-market: basis $250, value $290 at the first year end and $260 at the second. Income or loss each "
        "year?",
        "mark-to-market: basis $250, worth $290 at the first year end and $260 at the second. Income or loss each "
        "year?",
        "Under the MTM election I paid $250; year-end values $290 then $260. Ordinary income or loss?",
    ],
)
def test_mark_to_market_reads_every_year_end_value(question: str) -> None:
    answer = _calculated(question)
    assert _inputs(answer)["years"] == [{"year": 1, "fmv_usd": 290}, {"year": 2, "fmv_usd": 260}]
    assert "$40.00 ordinary income" in answer.text
    assert "$30.00 ordinary loss" in answer.text


def test_mark_to_market_values_given_in_reply_complete_the_calculation() -> None:
    question = "mark-to-market election: my basis is $250. How much ordinary income?"
    first = _ask(question)
    assert first.route == "clarify"
    assert first.missing == ["years"]
    answer = _calculated(question, first.text, "290, then 260")
    assert _inputs(answer)["years"] == [{"year": 1, "fmv_usd": 290}, {"year": 2, "fmv_usd": 260}]


def test_mark_to_market_amounts_no_word_explains_are_asked_for_in_words() -> None:
    answer = _ask("mark to market: 100, 130, 110. income?")
    assert answer.route == "clarify"
    assert answer.missing == ["initial_basis_usd", "years"]
    assert "_" not in answer.text
    assert "fair market value of the shares at the end of each taxable year" in answer.text


# ---------------------------------------------------------------------------------------------------- missing facts in words


def _fields_the_calculator_can_miss() -> set[str]:
    names = {name for function in FUNCTIONS.values() for name in inspect.signature(function).parameters}
    package = Path(__file__).resolve().parents[3] / "service" / "tools" / "tax"
    source = "\n".join(module.read_text("utf-8") for module in sorted(package.glob("*.py")))
    names |= set(re.findall(r'need\(\s*"(\w+)"', source))
    names |= set(
        re.findall(r'\(\s*"(\w+)",\s*\w+\s*\),?\s*\n', source)
    )  # need(name) loops over (name, value)
    return names | {
        "top_rate_2003",
        "years[1].fmv_usd",
        "sale.price_usd",
        "jpy_per_usd_inclusion",
        "holding_period",
    }


@pytest.mark.parametrize("name", sorted(_fields_the_calculator_can_miss()))
def test_every_fact_the_calculator_can_miss_is_asked_in_words(name: str) -> None:
    question = question_for(name)
    assert "?" in question, question
    assert "_" not in question, question
    assert not question.startswith("Please give")


# ---------------------------------------------------------------------------------------------------- PFIC facts


@pytest.mark.parametrize(
    "pfic",
    [
        "IIJ was a PFIC in the preceding year",
        "iij was a pfic the year before",
        "IIJ was a PFIC for the prior year",
    ],
)
def test_a_pfic_in_the_preceding_year_is_cited_and_not_assumed_away(pfic: str) -> None:
    answer = _calculated(
        f"US individual, ¥770,000 dividend paid 2004-08-16 at ¥110/$, form filed; {pfic}. US tax on it at my 28% rate?"
    )
    assert _inputs(answer)["pfic_preceding_year"] is True
    assert answer.rules_cited[:2] == ["R-80", "R-81"]
    assert "not qualified dividend income (IIJ was a PFIC in the preceding taxable year [1])" in answer.text
    assert "$1,960.00" in answer.text
    assert "assumes IIJ is not a PFIC" not in answer.text


def test_without_a_pfic_fact_the_answer_still_states_the_assumption() -> None:
    answer = _calculated(
        "US individual, ¥770,000 dividend paid 2004-08-16 at ¥110/$, form filed, shares held since 2001. US tax?"
    )
    assert "assumes IIJ is not a PFIC" in answer.text
    assert "R-80" not in answer.rules_cited


def test_a_corporate_holder_is_cited_to_the_rule_that_limits_the_rate_to_noncorporate_holders() -> None:
    answer = _calculated(
        "We're a US corporation with 4%; ¥770,000 dividend paid 2004-08-16 at ¥110/$, form filed. US tax?"
    )
    assert "not qualified dividend income (the holder is a corporation [1])" in answer.text
    assert answer.rules_cited[0] == "R-34"


# ---------------------------------------------------------------------------------------------------- two cases


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        (
            "¥900,000 paid 2004-11-02, forms filed: withholding for a US individual, and for a US company with 40%?",
            ("For an individual:", "For a corporation owning 40%:"),
        ),
        (
            "what is withheld from ¥900,000 paid 2004-11-02 to an individual in Ohio or to a Texas corporation "
            "owning 15%, forms filed?",
            ("For an individual:", "For a corporation owning 15%:"),
        ),
    ],
)
def test_two_holders_in_one_question_are_both_answered(question: str, labels: tuple[str, str]) -> None:
    answer = _calculated(question)
    assert answer.calculation is not None
    assert set(answer.calculation["result"]) == {"case_1", "case_2"}
    assert answer.calculation["result"]["case_1"]["withheld_jpy"] == 90000
    assert answer.calculation["result"]["case_2"]["withheld_jpy"] == 45000
    assert answer.text.startswith(labels[0])
    assert answer.text.index("¥90,000") < answer.text.index(labels[1]) < answer.text.index("¥45,000")


def test_two_sale_dates_in_one_question_are_both_answered() -> None:
    answer = _calculated(
        "US individual, basis $3,000 from 2003-03-03: gain if I sell on 2004-02-02 vs 2004-04-04 for $3,500, and "
        "the most US tax?"
    )
    assert answer.calculation is not None
    cases = answer.calculation["result"]
    assert (cases["case_1"]["long_term"], cases["case_2"]["long_term"]) == (False, True)
    assert answer.text.startswith("For a sale on 2004-02-02:")
    assert "For a sale on 2004-04-04:" in answer.text
    assert "$75.00" in answer.text


def test_a_closing_question_for_another_sale_date_is_answered_too() -> None:
    answer = _calculated(
        "ex-dividend 2004-05-14; bought 2004-03-20, sold 2004-05-15. Holding period met? What if I sold on 05-22?"
    )
    assert "held 56 days in it — not more than 60 days" in answer.text
    assert "held 63 days in it — more than 60 days" in answer.text


def test_two_case_answers_number_their_citations_across_both_cases() -> None:
    answer = _calculated(
        "¥900,000 paid 2004-11-02, forms filed: withholding for a US individual, and for a US company with 40%?"
    )
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", answer.text)]
    assert list(dict.fromkeys(markers)) == list(range(1, len(answer.rules_cited) + 1))
    assert all(rule in RULES for rule in answer.rules_cited)
    assert answer.rules_cited[0] == "R-08"
    assert "R-09" in answer.rules_cited


def test_two_cases_whose_facts_cannot_be_told_apart_are_not_calculated() -> None:
    answer = _ask(
        "US individual, form filed, ¥500,000 dividend paid 2004-10-01: withholding for me and what about my wife who is a German resident?"
    )
    assert answer.route == "clarify"
    assert answer.calculation is None
    assert "one case per question" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "We're a US corporation owning 30%; ¥2m paid 2004-10-15 and the form was filed. Withholding?",
        "US individual, bought 2003-01-15 and sold 2004-06-01 for $8,000 with a $5,000 basis. Gain and max tax?",
    ],
)
def test_a_one_case_question_gets_one_calculation(question: str) -> None:
    answer = _calculated(question)
    assert answer.calculation is not None
    assert "case_1" not in answer.calculation["result"]
    assert not answer.text.startswith("For ")


def test_a_year_stated_with_its_cue_word_is_quoted_once_in_answers_and_receipts() -> None:
    since = _calculated(
        "I'm a US individual and have held IIJ ADSs since 2001. A dividend of ¥10,000 was paid on June 30, 2005 "
        "at 110 yen per dollar. What is my US tax?"
    )
    assert since.calculation is not None
    steps = " ".join(str(step) for step in since.calculation["steps"])
    assert "held since 2001," in steps
    assert "since since" not in steps
    during = _calculated(
        "I'm a US resident individual, form filed. What is the Japanese withholding on a ¥100,000 dividend paid "
        "in 2005?"
    )
    assert "(Any day in 2005 gives the same result.)" in during.text
    assert "in in" not in during.text
