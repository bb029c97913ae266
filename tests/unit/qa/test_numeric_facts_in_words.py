"""Facts said in words reach the calculator instead of being asked for again (the real readers and calculator)."""

from __future__ import annotations

import pytest

from tests.conversations import calculated


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        (
            "Texas retiree with a small individual holding (well below 1%); dividend paid 2005-02-14. "
            "Top Japanese withholding rate?",
            "10%",
        ),
        (
            "A Delaware corp picked up a 75% block of IIJ's voting shares five months before the record date; "
            "the dividend is paid in 2005. Is the zero rate available?",
            "5%",
        ),
    ],
)
def test_a_stake_said_in_words_gives_the_rate(question: str, figure: str) -> None:
    assert figure in calculated(question).text


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        (
            "Our trust is organised in a jurisdiction without any tax treaty with Japan; it gets a ¥300,000 "
            "IIJ dividend. Withholding and net?",
            ("20%", "¥60,000", "¥240,000"),
        ),
        ("I reside in a non-treaty nation. What rate does Japan take from IIJ dividends?", ("20%",)),
    ],
)
def test_a_holder_in_a_country_without_a_treaty_gets_the_statutory_rate(
    question: str, figures: tuple[str, ...]
) -> None:
    text = calculated(question).text
    for figure in figures:
        assert figure in text


def test_a_purchase_year_alone_settles_a_holding_of_more_than_a_year() -> None:
    answer = calculated(
        "US individual, cost $3,000, sold for $4,000 on 2004-07-20, bought 2001. Maximum tax?"
    )
    assert "15%" in answer.text
    assert "$150.00" in answer.text


def test_a_purchase_year_alone_gives_a_loss_without_asking_the_day() -> None:
    answer = calculated(
        "my basis was $9,000, proceeds $7,500; I purchased 2000, sold 2004-11-02. how big is my loss?"
    )
    assert "$1,500.00" in answer.text


@pytest.mark.parametrize(
    ("question", "excess"),
    [
        (
            "IIJ a PFIC. I had $40, $40 and $40 of dividends in the previous three years and $80 this year. "
            "Excess distribution?",
            "$30.00",
        ),
        (
            "Payouts per year, earliest first: $20, $30, $40, $40, $40; this year $100. IIJ is a PFIC: excess "
            "distribution?",
            "$50.00",
        ),
    ],
)
def test_earlier_years_listed_give_the_excess_distribution(question: str, excess: str) -> None:
    answer = calculated(question)
    assert answer.calculation is not None
    assert answer.calculation["function"] == "pfic_excess_distribution"
    assert excess in answer.text


def test_a_holding_for_the_whole_of_the_year_named_is_the_year_held() -> None:
    answer = calculated(
        "IIJ was a PFIC for 2005 and I owned my ADSs for the entire year. Form 8621 for 2005?"
    )
    assert "8621" in answer.text
    assert "must file" in answer.text


def test_parent_and_sub_labels_give_each_entity_its_own_figures() -> None:
    answer = calculated(
        "IIJ holds 30% of a subsidiary: parent gross 2,000, passive 1,400; sub gross 1,000, all passive. "
        "Income test?"
    )
    assert answer.calculation is not None
    inputs = answer.calculation["inputs"]
    assert inputs["gross_income"] == 2000
    assert inputs["subsidiaries"] == [{"gross_income": 1000, "passive_income": 1000, "pct_by_value": 30}]


def test_a_misspelt_subsidiary_below_a_quarter_is_named_as_not_looked_through() -> None:
    answer = calculated(
        "IIJ owns 15% of a subsidary: parent gross 500, passive 300, sub gross 100 all passive. PFIC income test?"
    )
    assert "look-through rule does not apply" in answer.text
    assert "60%" in answer.text
