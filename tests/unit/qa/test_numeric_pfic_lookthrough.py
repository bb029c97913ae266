"""A stake in another company below 25% by value is not looked through: the PFIC test answer says so, citing the
25% rule, and still applies the test to the company's own figures."""

from __future__ import annotations

from service.qa.numeric import answer_numeric


def test_a_stake_below_a_quarter_is_said_not_to_be_looked_through_and_the_test_is_still_applied() -> None:
    answer = answer_numeric(
        "Gross income 2,000 of which passive 1,700; it owns 15% by value of a second corporation. "
        "Is the look-through relevant, and does the income test catch it?"
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "does not apply to a stake of 15% by value" in answer.text
    assert "R-65" in answer.rules_cited
    assert "85%" in answer.text


def test_figures_with_no_other_company_say_nothing_of_the_look_through() -> None:
    answer = answer_numeric("PFIC income test: gross income 1,000, passive income 900?")
    assert answer is not None
    assert "look-through" not in answer.text
