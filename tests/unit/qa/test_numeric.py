"""End-to-end tests of the numeric layer over tests/data/numeric_questions.yaml (no mocks: the real calculator)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.qa.numeric import NumericAnswer, answer_numeric
from service.qa.types import Turn
from service.tools.tax_rules import RULES
from tests.numbers import collect_numbers, numbers_in

DATA = Path(__file__).resolve().parents[2] / "data" / "numeric_questions.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["cases"]
IDS = [case["id"] for case in CASES]


def _ask(case: dict[str, Any]) -> NumericAnswer | None:
    history = [Turn(role=t["role"], content=t["content"]) for t in case.get("history", [])]
    return answer_numeric(case["question"], history)


def allowed_numbers(answer: NumericAnswer) -> set[Decimal]:
    allowed: set[Decimal] = set()
    for rule_id in answer.rules_cited:
        collect_numbers(RULES[rule_id].quote, allowed)
    if answer.calculation is not None:
        collect_numbers(answer.calculation["inputs"], allowed)
        collect_numbers(answer.calculation["result"], allowed)
    return allowed


def test_data_file_has_at_least_sixty_questions_with_unique_ids() -> None:
    assert len(CASES) >= 60
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_question_gets_expected_route_numbers_and_missing_facts(case: dict[str, Any]) -> None:
    answer = _ask(case)
    if case["route"] == "none":
        assert answer is None
        return
    assert answer is not None
    assert answer.route == case["route"], answer.text
    for number in case.get("numbers", []):
        assert number in answer.text, f"{number!r} not in {answer.text!r}"
    if "missing" in case:
        assert answer.missing == case["missing"]
    if "status" in case:
        assert answer.calculation is not None
        assert answer.calculation["status"] == case["status"]


@pytest.mark.parametrize("case", [c for c in CASES if c["route"] != "none"], ids=lambda c: c["id"])
def test_every_number_in_the_answer_comes_from_cited_rules_or_the_calculation(case: dict[str, Any]) -> None:
    answer = _ask(case)
    assert answer is not None
    allowed = allowed_numbers(answer)
    stray = [token for token, values in numbers_in(answer.text) if not values & allowed]
    assert not stray, f"numbers {stray} in {answer.text!r} are in neither the cited rules nor the calculation"


@pytest.mark.parametrize("case", [c for c in CASES if c["route"] != "none"], ids=lambda c: c["id"])
def test_markers_match_the_cited_rules_in_order(case: dict[str, Any]) -> None:
    answer = _ask(case)
    assert answer is not None
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", answer.text)]
    first_seen = list(dict.fromkeys(markers))
    assert first_seen == list(range(1, len(answer.rules_cited) + 1))
    assert all(rule_id in RULES for rule_id in answer.rules_cited)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c["route"] == "out_of_scope" and c.get("status") != "NOT_STATED"],
    ids=lambda c: c["id"],
)
def test_out_of_scope_answers_cite_the_scope_rule_and_keep_the_calculation(case: dict[str, Any]) -> None:
    answer = _ask(case)
    assert answer is not None
    assert {"R-01", "R-31"} & set(answer.rules_cited)
    assert answer.calculation is not None
    assert answer.calculation["status"] == "OUT_OF_SCOPE"
    assert "does not cover" in answer.text


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c["route"] == "out_of_scope" and c.get("status") == "NOT_STATED"],
    ids=lambda c: c["id"],
)
def test_figures_the_report_never_gives_are_out_of_scope_and_say_the_report_gives_none(
    case: dict[str, Any],
) -> None:
    answer = _ask(case)
    assert answer is not None
    assert answer.calculation is not None
    assert answer.calculation["status"] == "NOT_STATED"
    assert "report" in answer.text
    assert "no " in answer.text or "not " in answer.text
    assert answer.rules_cited, "the answer cites what the report does say"


@pytest.mark.parametrize("case", [c for c in CASES if c["route"] == "clarify"], ids=lambda c: c["id"])
def test_clarify_answers_ask_a_question_and_ask_about_the_form_only_when_nothing_else_is_missing(
    case: dict[str, Any],
) -> None:
    answer = _ask(case)
    assert answer is not None
    assert "?" in answer.text
    assert answer.missing
    assert "advance_form_filed" not in answer.missing or answer.missing == ["advance_form_filed"]


def test_an_unmentioned_form_is_asked_for_after_both_branches_of_the_amounts() -> None:
    answer = answer_numeric("US individual, ¥1,000,000 dividend paid 2004-09-30: how much is withheld?")
    assert answer is not None
    assert (answer.route, answer.missing) == ("clarify", ["advance_form_filed"])
    assert answer.calculation is not None
    assert set(answer.calculation["result"]) == {"form_filed", "form_not_filed"}


def test_unknown_form_is_answered_for_both_branches_with_honest_inputs() -> None:
    answer = answer_numeric(
        "US individual, ¥1,000,000 dividend paid 2004-09-30, not sure the form was filed: how much is withheld?"
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert answer.calculation is not None
    assert "advance_form_filed" not in answer.calculation["inputs"]
    assert set(answer.calculation["result"]) == {"form_filed", "form_not_filed"}
    assert answer.calculation["result"]["form_filed"]["withheld_jpy"] == 100000
    assert answer.calculation["result"]["form_not_filed"]["refund_claimable_jpy"] == 100000


def test_conditional_zero_rate_is_disclosed_in_words() -> None:
    answer = answer_numeric(
        "withholding rate for a US corp owning 70% for 3 years, dividend paid 2004-12-01?"
    )
    assert answer is not None
    assert "0% if IIJ's additional treaty requirements (not defined in the 20-F) are met" in answer.text
    assert "otherwise 5%" in answer.text


def test_us_dividend_discloses_pfic_assumption_and_fifteen_percent_cap() -> None:
    answer = answer_numeric(
        "US individual, ¥1,000,000 dividend paid 2004-09-30 at 110, filed the form, held for 2 years: US tax?"
    )
    assert answer is not None
    assert "assumes IIJ is not a PFIC" in answer.text
    assert "maximum rate of 15%" in answer.text
    assert "at most" in answer.text


def test_payment_after_2004_discloses_that_the_report_states_older_law() -> None:
    answer = answer_numeric("US individual, ¥1m dividend paid 2005-03-31, filed the form. how much withheld?")
    assert answer is not None
    assert "as at the date hereof" in answer.text
    assert "R-02" in answer.rules_cited


def test_negative_or_impossible_input_becomes_a_clarification_not_an_exception() -> None:
    answer = answer_numeric("US corp owning 150% of IIJ, dividend paid 2004-09-30, withholding rate?")
    assert answer is not None
    assert answer.route == "clarify"
    assert answer.calculation is not None
    assert answer.calculation["result"]["error"] == "PCT_OUT_OF_RANGE"


def test_follow_up_carries_earlier_facts_into_the_inputs() -> None:
    history = [
        Turn("user", "how much is withheld on a ¥1m dividend paid Sept 30 2004 to a US corp owning 30%?"),
        Turn("assistant", "5% ..."),
    ]
    answer = answer_numeric("and if it had owned 60% for two years?", history)
    assert answer is not None
    assert answer.calculation is not None
    inputs = answer.calculation["inputs"]
    assert inputs["voting_pct"] == 60
    assert inputs["held_over_50pct_12m"] is True
    assert inputs["gross_dividend_jpy"] == 1000000
    assert inputs["payment_date"] == "2004-09-30"
    assert inputs["residence"] == "United States"


def test_follow_up_with_day_only_keeps_the_year() -> None:
    history = [Turn("user", "US individual owning 2%, ¥1m paid June 30, 2004, form filed: withholding?")]
    answer = answer_numeric("what if it was paid July 1 instead?", history)
    assert answer is not None
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["payment_date"] == "2004-07-01"


def test_history_without_a_numeric_question_is_not_carried() -> None:
    history = [Turn("user", "Who is the depositary?"), Turn("assistant", "The Bank of New York.")]
    assert answer_numeric("and what does PFIC mean?", history) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥1,000,000", {Decimal(1000000)}),
        ("10%", {Decimal(10), Decimal("0.1")}),
        ("$1,363.64", {Decimal("1363.64")}),
    ],
)
def test_number_normalisation_of_the_checker(text: str, expected: set[Decimal]) -> None:
    assert numbers_in(text)[0][1] == expected
