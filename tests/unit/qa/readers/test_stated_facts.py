"""Test vectors of facts stated the way people state them: negations, conditions met, signs for bounds, dates
named rather than numbered, rates with their roles, amounts in words, distances from the ex-dividend date."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.dates import parse_dates
from service.qa.readers.facts import extract_facts
from service.qa.readers.flags import (
    parse_additional_requirements,
    parse_form_filed,
    parse_pension_business,
    parse_sale_location,
)
from service.qa.readers.fx import parse_fx_all, rate_role
from service.qa.readers.holders import parse_holder
from service.qa.readers.money import amount_roles, parse_money
from service.qa.readers.ownership import parse_voting_pct
from service.qa.readers.relative import qdi_offsets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the payouts are not derived from any business of the plan", False),
        ("its dividends aren't from any business it carries on", False),
        ("the income has never been derived from a business", False),
        ("the dividends come from its business", True),
    ],
)
def test_a_pension_funds_business_said_in_the_negative(text: str, expected: bool) -> None:
    assert parse_pension_business(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("our company does meet the treaty's additional requirements", True),
        ("we satisfy all of the additional treaty requirements", True),
        ("we do not meet the treaty's additional requirements", False),
    ],
)
def test_the_additional_requirements_said_met_or_not(text: str, expected: bool) -> None:
    assert parse_additional_requirements(text) is expected


@pytest.mark.parametrize("text", ["oops, I forgot the form this time", "we had forgotten the application"])
def test_a_forgotten_form_was_not_filed(text: str) -> None:
    assert parse_form_filed(text) is False


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a retail investor (not a corporation) holding 70%", "individual"),
        ("she is an individual, not a company", "individual"),
        ("it's a corporation rather than a fund", "corporation"),
    ],
)
def test_a_holder_kind_said_not_to_apply_is_not_read(text: str, kind: str) -> None:
    assert parse_holder(text).holder_type == kind


@pytest.mark.parametrize(
    ("text", "pct"), [("holding >50% of the voting shares", "51"), ("≥ 25% of the vote", "25")]
)
def test_stakes_bounded_by_a_sign(text: str, pct: str) -> None:
    ownership = parse_voting_pct(text)
    assert ownership is not None
    assert ownership.voting_pct == Decimal(pct)


@pytest.mark.parametrize(
    ("text", "iso", "span"),
    [
        ("the year closed on the last day of February 2004", "2004-02-29", "the last day of February 2004"),
        ("starting the first day of March 2005", "2005-03-01", "the first day of March 2005"),
        ("sold on Christmas Eve 2003", "2003-12-24", "Christmas Eve 2003"),
        ("sold it New Year's Eve, 2005", "2005-12-31", "New Year's Eve, 2005"),
        ("bought Oct 3 '04", "2004-10-03", "Oct 3 '04"),
        ("bought 3 Oct '04", "2004-10-03", "3 Oct '04"),
        ("ex-date 30/8/2004", "2004-08-30", "30/8/2004"),
    ],
)
def test_days_named_or_written_short(text: str, iso: str, span: str) -> None:
    (mention,) = parse_dates(text)
    assert mention.fact.iso == iso
    assert text[mention.start : mention.end] == span


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("we changed ¥1m into dollars at 99.5, having included it at 101", ["conversion", "inclusion"]),
        ("included at 0.0088 dollars per yen; 0.0091 when we converted", ["inclusion", "conversion"]),
        ("counted as income at 120 yen/$, converted when it was 118", ["inclusion", "conversion"]),
    ],
)
def test_each_rate_gets_the_role_the_nearest_verb_gives(text: str, roles: list[str]) -> None:
    assert [rate_role(text, rate) for rate in parse_fx_all(text)] == roles


def test_a_declared_dollars_per_yen_quote_reads_bare_small_decimals() -> None:
    text = "I quote in USD per JPY: 0.0080 at inclusion, 0.0082 at conversion"
    assert [r.inverted_from for r in parse_fx_all(text)] == [Decimal("0.0080"), Decimal("0.0082")]
    assert parse_fx_all("0.0080 of it was lost") == []


def test_one_rate_said_to_be_the_conversion_leaves_the_inclusion_rate_unknown() -> None:
    facts = extract_facts("turned my ¥250k into dollars at 107 per dollar, gain or loss?").facts
    assert "jpy_per_usd_conversion" not in facts  # one rate: read_fx gives it the conversion role


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("four thousand dollars", "4000"),
        ("seven hundred dollars", "700"),
        ("twenty-five million yen", "25000000"),
    ],
)
def test_amounts_in_words(text: str, value: str) -> None:
    (money,) = parse_money(f"a payout of {text} last year")
    assert money.value == Decimal(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the company distributed $9,000 to us; $7,000 is covered by accumulated E&P; our basis is $500",
            {"distribution_usd": "9000", "earnings_and_profits_usd": "7000", "basis_usd": "500"},
        ),
        ("they paid me $800 and I paid $600 for the shares", {"distribution_usd": "800", "basis_usd": "600"}),
        (
            "picked it up for $3,000 and unloaded it for $2,100",
            {"basis_usd": "3000", "amount_realized_usd": "2100"},
        ),
        (
            "sold the lot at a loss: cost basis $8,500, received $6,250",
            {"basis_usd": "8500", "amount_realized_usd": "6250"},
        ),
        ("basis $1,000 and I walked away with $1,700 when I sold", {"amount_realized_usd": "1700"}),
        ("sold some shares; separately I got $400 in dividends", {"amount_realized_usd": None}),
    ],
)
def test_amount_roles_from_the_verbs_around_them(text: str, expected: dict[str, str | None]) -> None:
    roles = {a.role: a.value for a in amount_roles(text, parse_money(text))}
    assert {k: roles.get(k) for k in expected} == {
        k: None if v is None else Decimal(v) for k, v in expected.items()
    }


def test_earnings_and_profits_said_to_be_nil_are_zero() -> None:
    assert extract_facts("zero E&P this year, $400 paid to me").facts["earnings_and_profits_usd"] == 0


@pytest.mark.parametrize(
    ("text", "offsets"),
    [
        ("picked them up 50 days ahead of the ex-dividend date and sold 12 days after it", (50, 12)),
        ("bought the day before the ex-date and still holding", (1, None)),
        ("bought two months before the ex-dividend date", None),  # not a day count
        ("if we buy 35 days before the ex-date and unload them 40 days after", (35, 40)),
        ("buying 70 days before the ex-dividend date, then we dump it 3 days after", (70, 3)),
        ("if I buy 20 days ahead of the ex-date and cash out 50 days after it", (20, 50)),
    ],
)
def test_distances_from_the_ex_dividend_date(text: str, offsets: tuple[int, int | None] | None) -> None:
    assert qdi_offsets(text) == offsets


def test_distances_from_a_stated_ex_dividend_date_become_dates() -> None:
    facts = extract_facts("ex-dividend 2004-03-29; bought 10 days before it and sold 70 days after it").facts
    assert (facts["acquisition_date"].iso, facts["disposition_date"].iso) == ("2004-03-19", "2004-06-07")


def test_a_resident_of_a_country_named_by_its_treaty_status() -> None:
    facts = extract_facts("tax resident of a small country without any tax treaty with Japan").facts
    assert facts["residence_kind"] == "UNLISTED"
    assert facts["treaty_with_japan"] is False


@pytest.mark.parametrize("text", ["sold them inside Japan", "a sale inside of Japan"])
def test_a_sale_inside_japan(text: str) -> None:
    assert parse_sale_location(text) == "within_japan"
