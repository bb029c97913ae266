"""Test vectors of the money readers: text → currency, value, span; the role each amount plays; per-share."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.facts import extract_facts
from service.qa.readers.money import NO_BASIS, NO_EARNINGS, amount_roles, parse_money, stated_net
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


@pytest.mark.parametrize(
    ("text", "net"),
    [
        ("How much is ¥600,000 after a 15% Japanese withholding?", False),
        ("What is left of ¥750,000 after the 20% tax?", False),
        ("I received ¥510,000 after the 15% Japanese withholding.", True),
        ("We got ¥720,000 after tax", True),
        ("a net dividend of ¥800,000", True),
        ("¥640,000 net of Japanese tax", True),
    ],
)
def test_an_amount_after_the_tax_is_net_only_when_it_is_what_came_in(text: str, net: bool) -> None:
    (money,) = parse_money(text)
    assert stated_net(text, money) is net


@pytest.mark.parametrize(
    "text",
    [
        "Paid $4,000 in total; later sold seven hundred of them.",
        "A $2,500 dividend; I own about three hundred now.",
        "Dividend of $1,800 and three hundred ADR on record.",
        "$900 distribution; bought four hundred in June.",
    ],
)
def test_a_count_in_words_is_not_money(text: str) -> None:
    assert len(parse_money(text)) == 1


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A $6,000 distribution but E&P only supports fifteen hundred.", "1500"),
        ("$7,000 paid; my basis is two thousand.", "2000"),
        ("Got $3,500; they were worth four thousand.", "4000"),
        ("¥650k gross; seven thousand was deducted.", "7000"),
    ],
)
def test_an_amount_in_words_a_money_word_governs_is_money(text: str, value: str) -> None:
    assert [money.value for money in parse_money(text)][-1] == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yen received 1,750,000 after the tax", "1750000"),
        ("the yen we got: 820k", "820000"),
        ("yen I converted, 95,500, at 104", "95500"),
        ("JPY amount = 2.1m", "2100000"),
    ],
)
def test_yen_named_before_what_they_were_is_a_yen_amount(text: str, value: str) -> None:
    yen = [m for m in parse_money(text) if m.currency == "JPY"]
    assert [m.value for m in yen] == [Decimal(value)]


def test_net_said_before_the_yen_received_makes_the_amount_net() -> None:
    text = "net yen we got 640,000"
    (money,) = parse_money(text)
    assert stated_net(text, money)


@pytest.mark.parametrize("text", ["yen rate 20%", "the yen was 110 to the dollar"])
def test_the_word_yen_before_a_rate_is_no_amount(text: str) -> None:
    assert [m for m in parse_money(text, []) if m.currency == "JPY"] == []


@pytest.mark.parametrize(
    ("text", "nil"),
    [
        ("a zero cost basis in the ADSs, they were a gift", True),
        ("I have no cost basis at all", True),
        ("a nil basis; $4,000 distributed", True),
        ("basis of nothing, E&P $900", True),
        ("my basis is zero", True),
        ("basis: 0, distribution $2k", True),
        ("basis is basically nothing", True),
        ("there is no basis for that view", False),
        ("basis of $0.50 per share", False),
        ("basis 0.5k", False),
        ("I paid nothing for the shares, they were a gift", True),
        ("they cost me nothing", True),
        # nothing paid for something else, or no record of the basis: the basis is not said to be nil
        ("I paid nothing extra to the broker", False),
        ("I paid nothing in US tax yet", False),
        ("no basis records were kept", False),
    ],
)
def test_a_basis_said_to_be_nil_in_words(text: str, nil: bool) -> None:
    assert bool(NO_BASIS.search(text)) is nil


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("¥150,000 was in fact withheld", "actually_withheld_jpy"),
        ("¥90k in tax really got deducted", "actually_withheld_jpy"),
        ("the actual withholding was ¥60,000", "actually_withheld_jpy"),
        ("withholding came to ¥45,000", "actually_withheld_jpy"),
        ("tax withheld: ¥12,000", "actually_withheld_jpy"),
        ("a dividend before withholding of ¥700k", "gross_dividend_jpy"),
    ],
)
def test_the_amount_actually_withheld_is_read_with_adverbs_and_nouns(text: str, role: str) -> None:
    (amount,) = amount_roles(text, parse_money(text))
    assert amount.role == role


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "distribution 7,400.40 dollars, e&p 3,100.10, basis 900. split?",
            {"distribution_usd": "7400.40", "earnings_and_profits_usd": "3100.10", "basis_usd": "900"},
        ),
        (
            "distribution: 5000; E&P only 1200; basis 300",
            {"distribution_usd": "5000", "earnings_and_profits_usd": "1200", "basis_usd": "300"},
        ),
    ],
)
def test_figures_named_by_the_split_quantities_are_dollars(text: str, roles: dict[str, str]) -> None:
    found = {amount.role: amount.value for amount in amount_roles(text, parse_money(text))}
    assert found == {role: Decimal(value) for role, value in roles.items()}


@pytest.mark.parametrize(
    "text",
    [
        "dividend ¥1m; basis 4000",  # yen stated: a bare figure is not taken for dollars
        "excess distribution 300 this year",
        "basis 30% of the price",
    ],
)
def test_a_bare_figure_is_not_dollars_beside_yen_or_as_a_percentage(text: str) -> None:
    assert [m for m in parse_money(text) if m.currency == "USD"] == []


@pytest.mark.parametrize(
    "text", ["I paid nothing for the shares", "they cost me nothing", "acquired at zero cost"]
)
def test_shares_that_cost_nothing_have_a_nil_basis(text: str) -> None:
    assert NO_BASIS.search(text)


def test_abbreviated_and_nil_split_quantities() -> None:
    text = "no basis (they were a gift), dist $6k, E&P nil"
    facts = extract_facts(text).facts
    assert (facts["distribution_usd"], facts["earnings_and_profits_usd"], facts["basis_usd"]) == (6000, 0, 0)


@pytest.mark.parametrize("text", ["basis zero dollars", "E&P: zero", "earnings and profits are nil"])
def test_a_nil_said_right_after_the_quantity(text: str) -> None:
    assert NO_BASIS.search(text) or NO_EARNINGS.search(text)


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("gross proceeds 11.2k against a basis of 8k", {"amount_realized_usd": "11200", "basis_usd": "8000"}),
        (
            "purchased them for 2,500 and sold everything for 3,100",
            {"basis_usd": "2500", "amount_realized_usd": "3100"},
        ),
        ("cost us 640; amount realized 700", {"basis_usd": "640", "amount_realized_usd": "700"}),
    ],
)
def test_figures_named_by_a_sale_are_dollars(text: str, roles: dict[str, str]) -> None:
    found = {amount.role: amount.value for amount in amount_roles(text, parse_money(text))}
    assert found == {role: Decimal(value) for role, value in roles.items()}


@pytest.mark.parametrize(
    "text", ["dividend ¥200k; sold for 900,000", "sold for 2 years", "bought for 3 months"]
)
def test_a_sale_figure_is_not_dollars_beside_yen_or_as_a_duration(text: str) -> None:
    assert [m for m in parse_money(text) if m.currency == "USD"] == []
