"""PFIC questions through the numeric layer, each rule on wording of its own (the real readers and calculator)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conversations import answered, calculated


def test_income_figures_alone_get_the_income_test_with_its_ratio() -> None:
    answer = calculated("Would IIJ be a PFIC if ¥4bn of its ¥5bn gross income were passive?")
    assert "80%" in answer.text
    assert answer.calculation is not None
    assert answer.calculation["result"]["income_test"] is True
    assert answer.calculation["result"]["asset_test"] is None


def test_an_asset_test_not_met_says_the_income_test_is_still_open() -> None:
    answer = calculated(
        "PFIC asset test: passive assets per quarter 20, 25, 30, 25 and total assets 100 at each quarter end?"
    )
    assert "25%" in answer.text
    assert "does not meet the 50% asset test" in answer.text
    assert "income test" in answer.text
    assert "would not be a PFIC" not in answer.text


def test_a_subsidiary_owned_a_quarter_or_more_by_value_is_looked_through() -> None:
    answer = calculated(
        "IIJ's gross income is $800 with $400 passive, and it owns 50% by value of a sub with gross income "
        "$400, $400 passive. Passive share for the PFIC income test?"
    )
    # (400 + 200) / (800 + 200) = 60%
    assert "60%" in answer.text
    assert answer.calculation is not None
    assert answer.calculation["result"]["combined_gross_income"] == "1000"


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        (
            "Our total assets were ¥60bn at every quarter end. Does IIJ pass the PFIC asset test?",
            "passive_assets_q",
        ),
        ("gross income came to $2m — is IIJ a PFIC by the income test?", "passive_income"),
        ("The passive income is $750k. Does that make IIJ a PFIC under the income test?", "gross_income"),
    ],
)
def test_one_missing_figure_of_the_test_asked_about_is_asked_for_alone(question: str, missing: str) -> None:
    answer = answered(question)
    assert answer.route == "clarify"
    assert answer.missing == [missing]


def test_an_excess_distribution_without_earlier_years_asks_for_them() -> None:
    answer = answered("Got $1,500 from IIJ this year, and it is a PFIC. What part is an excess distribution?")
    assert answer.route == "clarify"
    assert answer.missing == ["prior_year_distributions_usd"]


def test_earlier_years_listed_after_their_label_are_read() -> None:
    answer = calculated("Preceding two years: $200 then $300. This year $500. Excess distribution?")
    # threshold 1.25 × 250 = 312.50, excess 187.50
    assert "$312.50" in answer.text
    assert "$187.50" in answer.text


def test_the_first_year_held_has_no_excess_distribution_rule() -> None:
    answer = answered("First year we have owned IIJ (a PFIC); $300 of distributions. Excess distribution?")
    assert answer.route == "out_of_scope"


def test_a_gain_without_the_election_is_allocated_with_the_current_years_tax() -> None:
    answer = calculated(
        "No mark-to-market election. I sold my IIJ ADSs on 2004-12-31 for a $1,000 gain, bought 2003-12-31. "
        "Top rate 35% for 2004... sorry, for 2003; my ordinary rate this year is 25%. Allocation and tax?"
    )
    assert answer.calculation is not None
    assert answer.calculation["function"] == "pfic_allocate"
    assert answer.calculation["inputs"]["current_year_ordinary_rate"] == "0.25"
    assert "current year" in answer.text


def test_calendar_year_labels_inside_a_value_list_keep_the_list_going() -> None:
    answer = calculated("MTM election, basis $1,000. Year-end values: 2003 $1,200, 2004 $900, 2005 $1,100.")
    assert answer.calculation is not None
    years = answer.calculation["inputs"]["years"]
    assert [(y["year"], Decimal(str(y["fmv_usd"]))) for y in years] == [
        (2003, Decimal(1200)),
        (2004, Decimal(900)),
        (2005, Decimal(1100)),
    ]


def test_a_sale_the_next_year_is_a_sale_not_a_value() -> None:
    answer = calculated(
        "Mark-to-market election: basis $500, worth $600 at the year end, then sold the following year for $650."
    )
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["sale"] == {"year": 2, "price_usd": 650}


def test_a_follow_up_value_for_a_later_year_extends_the_series() -> None:
    first = "Mark-to-market election. Basis $1,000. Year-end values: 2003 $1,200, 2004 $900."
    answer = calculated(
        first, "2003: $200 income; 2004: $200 loss.", "what if in 2005 the value rose to $1,300?"
    )
    assert answer.calculation is not None
    assert [y["year"] for y in answer.calculation["inputs"]["years"]] == [2003, 2004, 2005]


@pytest.mark.parametrize(
    ("question", "held"),
    [
        ("Owned IIJ 2002–2004 and IIJ was a PFIC in 2003. Form 8621?", [2002, 2003, 2004]),
        ("holding period 2001 thru 2003; PFIC in 2002 — which years are not qualified?", [2001, 2002, 2003]),
        ("I held IIJ from 2003 to 2005; it was a PFIC in 2004. Do I file Form 8621?", [2003, 2004, 2005]),
        ("We owned IIJ between 2001 and 2003; PFIC in 2002. Form 8621?", [2001, 2002, 2003]),
    ],
)
def test_holding_year_ranges_are_read(question: str, held: list[int]) -> None:
    answer = calculated(question)
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["held_years"] == held


def test_held_since_a_year_asks_only_for_the_pfic_years() -> None:
    answer = answered("We have owned IIJ ADSs since 2002. Must we file Form 8621?")
    assert answer.route == "clarify"
    assert answer.missing == ["pfic_years"]


def test_a_bare_list_of_years_answers_the_pfic_years_asked_for() -> None:
    question = "We have owned IIJ ADSs since 2002. Must we file Form 8621?"
    asked = answered(question)
    answer = calculated(question, asked.text, "2003 and 2004")
    assert answer.calculation is not None
    assert answer.calculation["inputs"]["pfic_years"] == [2003, 2004]
    # held since 2002 and still held: through the year after the last PFIC year
    assert answer.calculation["inputs"]["held_years"] == [2002, 2003, 2004, 2005]
