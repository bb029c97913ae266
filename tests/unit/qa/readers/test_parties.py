"""Test vectors of the holder, ownership and percentage readers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.holders import parse_holder
from service.qa.readers.ownership import parse_voting_pct, stake_mentions
from service.qa.readers.percentages import parse_ordinary_rate

# (text, holder type, special class)
HOLDERS = [
    ("we're a Delaware corp", "corporation", None),
    ("my IRA", "individual", "tax_exempt"),
    ("our pension fund", "pension_fund", "pension_fund"),
    ("a life insurance company", "corporation", "life_insurance"),
    ("a family trust", "other", None),
    ("I hold ADSs", "individual", None),
]


@pytest.mark.parametrize(("text", "holder_type", "special"), HOLDERS)
def test_holder_kinds(text: str, holder_type: str, special: str | None) -> None:
    holder = parse_holder(text)
    assert (holder.holder_type, holder.special_class) == (holder_type, special)


# (text, voting percentage, the text it was read from)
STAKES = [
    ("a US corp owning 30%", "30", "30%"),
    ("holds 5 percent of IIJ", "5", "5 percent"),
    ("owning more than 50% of the voting shares", "51", "50%"),
    ("a 25% stake", "25", "25%"),
    ("and for a Delaware LLC w/ 40%?", "40", "40%"),
]


@pytest.mark.parametrize(("text", "pct", "span"), STAKES)
def test_voting_stakes_with_span(text: str, pct: str, span: str) -> None:
    ownership = parse_voting_pct(text)
    assert ownership is not None
    assert ownership.voting_pct == Decimal(pct)
    ((_, start, end),) = stake_mentions(text)
    assert text[start:end] == span


@pytest.mark.parametrize(
    "text", ["10% withheld", "my top rate is 35%", "an interest factor of 8%", "w/h at 20%", "w/h/ 20%"]
)
def test_rates_are_not_stakes(text: str) -> None:
    assert parse_voting_pct(text) is None


@pytest.mark.parametrize(
    ("text", "rate"),
    [("my ordinary rate is 35%", "0.35"), ("in the 28% bracket", "0.28"), ("at my 33% tax rate", "0.33")],
)
def test_the_holders_own_ordinary_rate(text: str, rate: str) -> None:
    assert parse_ordinary_rate(text) == Decimal(rate)


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("US corporation, 68% since 2003-01-01, record date 2004-09-30", "68"),
        ("Delaware corp 45%, dividend paid 2004-10-01", "45"),
        ("a 52% American parent, paid in August 2004", "52"),
        ("an investor with 7%", "7"),
    ],
)
def test_a_percentage_beside_the_holders_noun_is_its_stake(text: str, pct: str) -> None:
    ownership = parse_voting_pct(text)
    assert ownership is not None
    assert ownership.voting_pct == Decimal(pct)


@pytest.mark.parametrize(
    "text", ["US corp, 10% rate?", "US company, 20% of the dividend withheld", "a 35% US corporation tax"]
)
def test_a_rate_beside_the_holders_noun_is_no_stake(text: str) -> None:
    assert parse_voting_pct(text) is None


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("we reached 57% on 2004-02-02", "57"),
        ("we crossed 50% on 2003-12-01", "51"),  # a threshold crossed: the stake is above it
        ("our share went past 50% in May", "51"),
    ],
)
def test_a_stake_arrived_at_or_a_threshold_crossed(text: str, pct: str) -> None:
    ownership = parse_voting_pct(text)
    assert ownership is not None
    assert ownership.voting_pct == Decimal(pct)


@pytest.mark.parametrize("text", ["the rate hit 20% in 2004", "passive income reached 80% of gross income"])
def test_a_rate_or_ratio_arriving_somewhere_is_no_stake(text: str) -> None:
    assert parse_voting_pct(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "held since 2000, gain of $5,000. is the 20% maximum rate available?",
        "long-held position; does the 20% cap apply",
        "we own shares and sit in the 30% bracket",
        "owned a while: the 20% LTCG rate?",
        "with the 15% qualified dividend rate?",
        "a PFIC with passive assets of 60%?",
        "held all year, with passive income of 80%",
    ],
)
def test_a_percentage_that_names_a_rate_is_no_stake_even_after_ownership_words(text: str) -> None:
    assert parse_voting_pct(text) is None
    assert stake_mentions(text) == []
