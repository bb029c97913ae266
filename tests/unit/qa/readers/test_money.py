"""Test vectors of the money readers: text → currency, value, span; the role each amount plays; per-share."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.money import amount_roles, parse_money
from service.qa.readers.per_share import share_count

# (text, currency, value, the text the amount was read from)
VECTORS = [
    ("a ¥1,000,000 dividend", "JPY", "1000000", "¥1,000,000"),
    ("1.2 million yen", "JPY", "1200000", "1.2 million yen"),
    ("JPY 500k", "JPY", "500000", "JPY 500k"),
    ("USD 3k", "USD", "3000", "USD 3k"),
    ("3,000 bucks", "USD", "3000", "3,000 bucks"),
    ("US$1,363.64", "USD", "1363.64", "US$1,363.64"),
]


@pytest.mark.parametrize(("text", "currency", "value", "span"), VECTORS)
def test_amounts_with_currency_and_span(text: str, currency: str, value: str, span: str) -> None:
    (money,) = parse_money(text)
    assert (money.currency, money.value) == (currency, Decimal(value))
    assert text[money.start : money.end] == span


# (text, role of the only amount, value)
ROLES = [
    ("a ¥1,000,000 dividend", "gross_dividend_jpy", "1000000"),
    ("¥25,000 of Japanese tax was withheld", "actually_withheld_jpy", "25000"),
    ("¥20 per share", "dividend_per_share_jpy", "20"),
    ("sold for ¥3m", "amount_realized_jpy", "3000000"),
    ("bought them for $5,000", "basis_usd", "5000"),
    ("a $750 capital loss", "gain_usd", "-750"),
    ("made $300 on the sale", "gain_usd", "300"),
    ("E&P of $900", "earnings_and_profits_usd", "900"),
    ("a $400 distribution", "distribution_usd", "400"),
    ("$700 is backed by current/accumulated earnings and profits", "earnings_and_profits_usd", "700"),
    ("$450 of it comes out of current & accumulated E&P", "earnings_and_profits_usd", "450"),
    ("$2,400", "usd_amounts", "2400"),
]


@pytest.mark.parametrize(("text", "role", "value"), ROLES)
def test_each_amount_gets_the_role_its_words_give(text: str, role: str, value: str) -> None:
    (amount,) = amount_roles(text, parse_money(text))
    assert (amount.role, amount.value) == (role, Decimal(value))


# (text, count, are ADSs, span)
SHARES = [
    ("¥20 a share on 10,000 shares", 10000, False, "10,000 shares"),
    ("2k ADSs", 2000, True, "2k ADSs"),
    ("500 ADRs", 500, True, "500 ADRs"),
    ("we own 3,500 IIJ ADSs", 3500, True, "3,500 IIJ ADSs"),
    ("holding 1.2k of IIJ's common shares", 1200, False, "1.2k of IIJ's common shares"),
]


@pytest.mark.parametrize(("text", "count", "ads", "span"), SHARES)
def test_share_counts(text: str, count: int, ads: bool, span: str) -> None:
    shares = share_count(text)
    assert shares is not None
    assert (shares.count, shares.are_ads) == (Decimal(count), ads)
    assert text[shares.start : shares.end] == span


# (text, the amounts read, in order): a unit-less amount in words takes the one currency the message states
WORD_AMOUNTS = [
    ("got $4,000; E&P covers only fifteen hundred", [("USD", "4000"), ("USD", "1500")]),
    ("¥800k gross, of which nine thousand was withheld", [("JPY", "800000"), ("JPY", "9000")]),
    ("$500 and ¥9,000, plus six hundred", [("USD", "500"), ("JPY", "9000")]),
    ("held two hundred shares for four thousand days", []),
    (
        "three thousand two hundred dollars, of which E&P one thousand and five hundred",
        [("USD", "3200"), ("USD", "1500")],
    ),
]


@pytest.mark.parametrize(("text", "amounts"), WORD_AMOUNTS)
def test_amounts_in_words_without_a_unit_take_the_messages_only_currency(
    text: str, amounts: list[tuple[str, str]]
) -> None:
    assert [(m.currency, m.value) for m in parse_money(text)] == [(c, Decimal(v)) for c, v in amounts]
