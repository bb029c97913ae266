"""Facts stated in words rather than figures: a stake described, a country named only as having no treaty,
exchange rates quoted either way round or said once for both moments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.facts import extract_facts
from service.qa.readers.ownership import parse_voting_pct
from service.qa.readers.residence import parse_residence


@pytest.mark.parametrize(
    ("text", "below_ten"),
    [
        ("a US holder (far below 1%) received a dividend in 2005", True),
        ("an individual investor, well under 2%, got a dividend", True),
        ("I'm a minuscule American shareholder of IIJ", True),
        ("we hold a negligible stake in IIJ", True),
        ("a small private investor in IIJ", True),
    ],
)
def test_a_stake_described_as_small_is_read_as_one_under_ten_percent(text: str, below_ten: bool) -> None:
    ownership = parse_voting_pct(text)
    assert ownership is not None
    assert (ownership.voting_pct < 10) is below_ten
    assert ownership.voting_pct > 0


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("a Texas company bought a 70% block of IIJ's voting shares in 2001", Decimal(70)),
        ("we picked up a 12% position in IIJ last year", Decimal(12)),
        ("the parent holds a 55% slice of the voting stock", Decimal(55)),
    ],
)
def test_a_percentage_named_by_what_was_bought_is_the_stake(text: str, pct: Decimal) -> None:
    ownership = parse_voting_pct(text)
    assert ownership is not None
    assert ownership.voting_pct == pct


@pytest.mark.parametrize(
    "text",
    [
        "a US holder under the 10% rate",
        "the holder pays below 15% tax",
    ],
)
def test_a_bound_on_a_rate_is_not_a_stake(text: str) -> None:
    assert parse_voting_pct(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Our trust resides in a nation that has no tax treaty with Japan.",
        "My company is organised in a jurisdiction without any tax treaty with Japan.",
        "I am resident in a non-treaty country.",
        "we are in a place that never signed a tax treaty with Japan",
    ],
)
def test_a_country_said_only_to_lack_a_treaty_is_a_residence_without_one(text: str) -> None:
    residence = parse_residence(text)
    assert residence is not None
    assert residence.kind == "UNLISTED"
    assert "without" in residence.country


def test_a_named_country_still_wins_over_a_treaty_remark() -> None:
    residence = parse_residence("I live in Brazil, which has no tax treaty with Japan")
    assert residence is not None
    assert residence.country == "Brazil"


@pytest.mark.parametrize(
    ("text", "inclusion", "conversion"),
    [
        (
            "A ¥600,000 dividend was included when 104 yen = 1 dollar and converted at 0.0097 dollars per yen.",
            Decimal(104),
            Decimal("103.092784"),
        ),
        (
            "I booked ¥90,000 of dividend when 120 yen equals one dollar; I converted at 118 yen per dollar.",
            Decimal(120),
            Decimal(118),
        ),
    ],
)
def test_rates_quoted_either_way_round_give_inclusion_and_conversion(
    text: str, inclusion: Decimal, conversion: Decimal
) -> None:
    facts = extract_facts(text).facts
    assert facts["jpy_per_usd"] == inclusion
    assert facts["jpy_per_usd_conversion"] == conversion


@pytest.mark.parametrize(
    "text",
    [
        "The spot was 115 yen per dollar both when I included the ¥50,000 dividend and when I converted it.",
        "It was 99 yen per dollar on the day I included ¥20,000 and on the day I converted it as well.",
        "At 101 yen to the dollar at inclusion as well as at conversion, what is the gain on ¥10,000?",
    ],
)
def test_one_rate_said_for_both_moments_is_the_conversion_rate_too(text: str) -> None:
    facts = extract_facts(text).facts
    assert facts["jpy_per_usd_conversion"] == facts["jpy_per_usd"]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("bought 2001, sold 2004-08-10 for $5,000", 2001),
        ("purchased in 1999 for $7,000 and sold in March 2004", 1999),
        ("acquired 2002; sold on 2004-12-01", 2002),
    ],
)
def test_a_year_said_right_after_the_purchase_dates_it(text: str, year: int) -> None:
    fact = extract_facts(text).facts["acquisition_date"]
    assert fact.kind == "year"
    assert fact.year == year


def test_a_count_bought_is_not_a_year() -> None:
    assert "acquisition_date" not in extract_facts("I bought 2000 shares and sold them later").facts


def test_a_second_moment_named_without_its_rate_is_not_the_same_rate() -> None:
    facts = extract_facts(
        "The rate was 110 when I included ¥100,000, and at conversion I also paid a fee."
    ).facts
    assert "jpy_per_usd_conversion" not in facts
