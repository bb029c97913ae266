"""Test vectors of the income-test reader: gross and passive income by the label beside each amount, and the
subsidiaries a company owns by value (the 25% look-through)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.facts import extract_facts
from service.qa.readers.income_test import income_test_facts, read_income_test
from service.qa.readers.quarters import quarterly_assets

M = 10**6
BN = 10**9
# (text, gross income, passive income); None: not stated
OWN = [
    ("gross income of $50m, of which $40m is passive", 50 * M, 40 * M),
    ("suppose ¥2.4bn of passive income out of ¥3bn total income", 3 * BN, int(2.4 * BN)),
    ("passive income was 900 and total income 1,000", 1000, 900),
    ("its gross income came to ¥8bn with ¥5bn passive", 8 * BN, 5 * BN),
    ("passive income ¥1.2bn this year: does it fail the income test?", None, int(1.2 * BN)),
    ("gross income was $7m; is IIJ a PFIC on the income test?", 7 * M, None),
    ("passive income just 60 out of gross income 80", 80, 60),
    ("the company made $9m gross, $6m of it passive", 9 * M, 6 * M),
    ("passive income 3bn yen on 4bn yen gross", 4 * BN, 3 * BN),
    # a passive share of gross income: percent units
    ("passive income makes up 35% of total income", 100, 35),
    ("passive income amounts to 76% of gross income", 100, 76),
    ("say 82.5 percent of its gross income is passive", 100, Decimal("82.5")),
    # a bare "passive" beside a gross-income figure in the same clause, asset figures in the next
    ("gross income 90m dollars, passive 30m; passive assets 10 of 40 at each quarter end", 90 * M, 30 * M),
    ("its gross was 600 / passive 150, total assets 900 every quarter", 600, 150),
    # a part of the gross figure said to be passive, with a pronoun between them
    ("suppose gross income of ¥50bn and ¥30bn of it was passive", 50 * BN, 30 * BN),
    ("total income $12m, $9m of which is passive", 12 * M, 9 * M),
]


@pytest.mark.parametrize(("text", "gross", "passive"), OWN)
def test_gross_and_passive_income_are_read_by_their_labels(
    text: str, gross: int | None, passive: int | None
) -> None:
    read = read_income_test(text)
    assert read is not None
    assert read.own.gross == (None if gross is None else Decimal(gross))
    assert read.own.passive == (None if passive is None else Decimal(passive))


def test_figures_after_a_holding_by_value_belong_to_that_subsidiary() -> None:
    text = (
        "Our gross income is $900 and $300 of it passive; we hold 40% by value of a subsidiary whose gross "
        "income is $500 with $450 passive, and 10% of another company."
    )
    facts = income_test_facts(text)
    assert facts["gross_income"] == Decimal(900)
    assert facts["passive_income"] == Decimal(300)
    assert facts["subsidiaries"] == [
        {"gross_income": Decimal(500), "passive_income": Decimal(450), "pct_by_value": Decimal(40)},
        {"pct_by_value": Decimal(10)},
    ]


def test_figures_after_naming_iij_itself_are_its_own_again() -> None:
    text = "It holds 60% by value of a company earning $50 gross, all passive. Its own gross income is $150, $30 passive."
    facts = income_test_facts(text)
    assert (facts["gross_income"], facts["passive_income"]) == (Decimal(150), Decimal(30))
    assert facts["subsidiaries"] == [
        {"gross_income": Decimal(50), "passive_income": Decimal(50), "pct_by_value": Decimal(60)}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "passive assets 30, 40, 40, 30 of total assets 100 each quarter",  # assets, not income
        "a US corporation owns 55% of the voting shares",
        "What counts as passive income for the PFIC test?",
    ],
)
def test_messages_without_income_figures_give_none(text: str) -> None:
    assert income_test_facts(text) == {}


def test_a_holding_by_value_in_a_company_named_by_its_name_is_looked_through() -> None:
    facts = income_test_facts(
        "Gross income 80, passive 20; it owns 35% by value of Acme KK (gross 40, passive 40)."
    )
    assert facts["subsidiaries"] == [
        {"gross_income": Decimal(40), "passive_income": Decimal(40), "pct_by_value": Decimal(35)}
    ]


def test_each_entity_keeps_its_own_quarterly_assets() -> None:
    text = (
        "holding company: gross income 80, passive 20; passive assets 50 and total 200 each quarter. "
        "It owns 30% by value of an affiliate with gross 100 / passive 90 and passive assets 70 / total 90 each quarter."
    )
    facts = extract_facts(text).facts
    assert facts["passive_income"] == Decimal(20)
    assert facts["passive_assets_q"] == [Decimal(50)] * 4
    assert facts["total_assets_q"] == [Decimal(200)] * 4
    (sub,) = facts["subsidiaries"]
    assert (sub["gross_income"], sub["passive_income"]) == (Decimal(100), Decimal(90))
    assert (sub["passive_assets_q"], sub["total_assets_q"]) == ([Decimal(70)] * 4, [Decimal(90)] * 4)


@pytest.mark.parametrize(
    ("text", "gross", "passive"),
    [
        ("gross income mostly passive (90 of 120), assets unknown", "120", "90"),
        ("passive income came to 7 out of 10 of the total", "10", "7"),
    ],
)
def test_a_passive_part_of_gross_income_said_as_a_fraction(text: str, gross: str, passive: str) -> None:
    assert income_test_facts(text) == {"gross_income": Decimal(gross), "passive_income": Decimal(passive)}


@pytest.mark.parametrize(
    "text",
    ["assets 60 of 100 passive", "held 45 of 60 days; passive income unknown"],
)
def test_a_fraction_not_of_income_is_not_the_income_test(text: str) -> None:
    assert income_test_facts(text) == {}


def test_passive_assets_said_as_a_share_of_the_total_are_the_asset_test_on_a_total_of_100() -> None:
    every = quarterly_assets("passive assets 35% at each quarter end")
    assert every is not None
    assert (every.passive, every.total) == ((Decimal(35),) * 4, (Decimal(100),) * 4)
    listed = quarterly_assets("passive assets 20%, 30%, 45% and 60%")
    assert listed is not None
    assert listed.passive == (Decimal(20), Decimal(30), Decimal(45), Decimal(60))
    assert quarterly_assets("passive assets 35% at year end") is None  # one figure is not four quarters
