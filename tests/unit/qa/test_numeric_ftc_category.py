"""The foreign tax credit category of a dividend, asked in any of its usual wordings, is stated: passive income,
or financial services income for a holder that is a financial institution."""

from __future__ import annotations

import pytest

from service.qa.numeric import answer_numeric

_DIVIDEND = "¥250,000 IIJ dividend paid 2005-02-14 at ¥125 per dollar, treaty form filed, held three years."


@pytest.mark.parametrize(
    "asked",
    [
        "What category of income is it for the credit?",
        "Which FTC bucket does it fall in?",
        "Passive or financial services income?",
    ],
)
def test_the_credit_category_asked_is_passive_income_for_an_individual(asked: str) -> None:
    answer = answer_numeric(f"US individual, {_DIVIDEND} {asked}")
    assert answer is not None
    assert "“passive income”" in answer.text


def test_the_credit_category_of_a_bank_is_financial_services_income() -> None:
    answer = answer_numeric(f"A US regional bank received a {_DIVIDEND} Which credit category applies?")
    assert answer is not None
    assert "“financial services income”" in answer.text
    assert "R-47" in answer.rules_cited


def test_the_category_is_not_stated_when_not_asked() -> None:
    answer = answer_numeric(f"US individual, {_DIVIDEND} How much income do I report?")
    assert answer is not None
    assert "passive income" not in answer.text
