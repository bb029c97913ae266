"""Test vectors of the exchange-rate reader: text → rate in yen per dollar, the span it was read from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.fx import conversion_rate, one_rate_for_both, parse_fx, parse_fx_all, rate_role

# (text, yen per dollar, the text the rate was read from)
VECTORS = [
    ("USD/JPY 108.50", "108.50", "USD/JPY 108.50"),
    ("$1 = ¥110", "110", "$1 = ¥110"),
    ("110 yen per dollar", "110", "110 yen per dollar"),
    ("at 110 yen to the dollar", "110", "110 yen to the dollar"),
    ("exchange rate 105", "105", "exchange rate 105"),
    # the way traders say it
    ("Spot USD/JPY that day was 108.50.", "108.50", "USD/JPY that day was 108.50"),
    ("usdjpy closed around 111.2 on the pay date", "111.2", "usdjpy closed around 111.2"),
    ("dollar/yen on the day: 104.7", "104.7", "dollar/yen on the day: 104.7"),
    ("converted to dollars when the rate was 108", "108", "rate was 108"),
    ("the rate that day was about 107.25", "107.25", "rate that day was about 107.25"),
    ("we changed it at 109 to the dollar", "109", "109 to the dollar"),
    ("roughly 112 per USD at the time", "112", "112 per USD"),
    ("the dollar was at 106 yen then", "106", "dollar was at 106"),
    ("the dollar fetched 115 yen", "115", "dollar fetched 115"),
    ("the yen stood at 118 that week", "118", "yen stood at 118"),
    ("1 USD ≈ 108 JPY that day", "108", "1 USD ≈ 108 JPY"),
    ("USD:JPY 108.2 at the close", "108.2", "USD:JPY 108.2"),
    # a rate with no verb, and a spot rate named by its date
    ("paid in June, rate 106.25, no form", "106.25", "rate 106.25"),
    ("spot on the payment date 104.10 and later 99", "104.10", "spot on the payment date 104.10"),
    # dollars per yen written with the currency signs
    ("quoted 0.0090 $/¥ at inclusion", "111.111111", "0.0090 $/¥"),
    # the figure set between an article and "rate"
    ("swapped the yen at the same 104.5 rate later", "104.5", "the same 104.5 rate"),
    ("a 112 spot rate that day", "112", "a 112 spot rate"),
]


@pytest.mark.parametrize(("text", "rate", "span"), VECTORS)
def test_rates_are_read_as_yen_per_dollar_with_their_span(text: str, rate: str, span: str) -> None:
    fx = parse_fx(text)
    assert fx is not None
    assert fx.jpy_per_usd == Decimal(rate)
    assert text[fx.start : fx.end] == span


@pytest.mark.parametrize(
    "text",
    [
        "the withholding rate was 20",
        "USD/JPY moved 3% that month",
        "the rate was 15% for qualified dividends",
        "a rate of 7 per dollar of income",
        "owning 30% at 15%",
        "top rate 35 for that year",
        "rate 2004 table",
        "the 2005 rate table",
        "a 15 rate cut",
    ],
)
def test_numbers_outside_a_yen_dollar_rate_are_not_rates(text: str) -> None:
    assert parse_fx(text) is None


# (text, the yen-per-dollar rate read as the conversion rate, the inclusion rate)
TWO_RATES = [
    ("included at spot 109.9, then I converted at 104.35", "104.35", "109.9"),
    ("0.0091 $/¥ when it was paid, 0.0094 when we converted", "106.382979", "109.89011"),
    ("fx at receipt 110.2 and conversion rate 112.5", "112.5", "110.2"),
    ("USD/JPY was 111 when it was paid and 106 when I swapped it", "106", "111"),
]


@pytest.mark.parametrize(("text", "conversion", "inclusion"), TWO_RATES)
def test_of_two_rates_the_one_said_to_be_the_conversion_is_the_conversion(
    text: str, conversion: str, inclusion: str
) -> None:
    rates = parse_fx_all(text)
    converted = conversion_rate(text, rates)
    assert converted is not None
    assert converted.jpy_per_usd == Decimal(conversion)
    (other,) = [r for r in rates if r is not converted]
    assert other.jpy_per_usd == Decimal(inclusion)


@pytest.mark.parametrize(
    "text",
    ["The exchange rate was 108 and 115 of the ADSs were sold.", "USD/JPY 108 and 120 were bought in 2002."],
)
def test_a_figure_joined_to_a_rate_without_a_role_is_no_second_rate(text: str) -> None:
    assert [rate.jpy_per_usd for rate in parse_fx_all(text)] == [Decimal(108)]


@pytest.mark.parametrize(
    "text",
    [
        "USD/JPY 108 when included and 104 when converted.",
        "The rate was 108 at receipt and then at 104.",
        "Yen/dollar 108 on the payment date and 104 when I changed them to dollars.",
    ],
)
def test_a_second_figure_with_its_role_is_a_second_rate(text: str) -> None:
    assert [rate.jpy_per_usd for rate in parse_fx_all(text)] == [Decimal(108), Decimal(104)]


@pytest.mark.parametrize(
    ("text", "conversion", "inclusion"),
    [
        # a dash or a question after the rate is punctuation: the decimals stay with the rate
        ("booked at 107.25 and swapped to dollars at 109.85 - any fx gain?", "109.85", "107.25"),
        ("included at 104.6, converted at 103.05 -- loss?", "103.05", "104.6"),
        ("got it into dollars at 112.75 - the inclusion rate was 110.4", "112.75", "110.4"),
        # "inclusion" names the rate the dividend was included at, like "included"
        ("I converted ¥40,000 to dollars at 101.5 after inclusion at 99.25", "101.5", "99.25"),
    ],
)
def test_a_rate_keeps_its_decimals_whatever_follows_it(text: str, conversion: str, inclusion: str) -> None:
    rates = parse_fx_all(text)
    converted = conversion_rate(text, rates)
    assert converted is not None
    assert converted.jpy_per_usd == Decimal(conversion)
    assert [r.jpy_per_usd for r in rates if r is not converted] == [Decimal(inclusion)]


@pytest.mark.parametrize("text", ["at 3-4 the market was shut", "at 110-115 range"])
def test_a_figure_joined_by_a_dash_to_another_is_no_rate(text: str) -> None:
    assert parse_fx(text) is None


def test_a_role_word_before_one_rate_does_not_name_the_next_rate() -> None:
    text = "inclusion spot 108, and the credit figured at 104 please"
    first, second = parse_fx_all(text)
    assert (rate_role(text, first), rate_role(text, second)) == ("inclusion", None)


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("swapped ¥250,000 into dollars, 107 on both dates", "107"),
        ("converted it at the same rate as on payday: ¥103.2", "103.2"),
        ("exchanged the yen; rate 99.5 for both", "99.5"),
        ("included and converted the same week, both at 111", "111"),
        ("I changed the yen to USD and the rate stayed unchanged at 106", "106"),
        ("converted my ¥80k at 104, the rate it was included at", "104"),
    ],
)
def test_one_rate_said_for_both_roles_is_the_conversion_rate_too(text: str, rate: str) -> None:
    both = one_rate_for_both(text, parse_fx_all(text))
    assert both is not None
    assert both.jpy_per_usd == Decimal(rate)


@pytest.mark.parametrize(
    "text",
    [
        "dividend ¥1m at 110, same for both my accounts",  # no conversion said
        "included at 109 and converted at 111, both in June",  # two rates
    ],
)
def test_both_said_of_something_else_is_no_single_rate(text: str) -> None:
    assert one_rate_for_both(text, parse_fx_all(text)) is None


@pytest.mark.parametrize(
    ("text", "conversion", "inclusion"),
    [
        # a rate named by the moment it was taken, before or after the figure
        ("spot when paid: 112.35; spot when I converted: 110.05", "110.05", "112.35"),
        ("¥90,000: 104.5 at inclusion and 106.75 at conversion", "106.75", "104.5"),
        ("it went from 109.4 on the payment date to 107.6 when we swapped the yen", "107.6", "109.4"),
    ],
)
def test_a_rate_named_by_its_moment_is_read_with_its_role(text: str, conversion: str, inclusion: str) -> None:
    rates = parse_fx_all(text)
    converted = conversion_rate(text, rates)
    assert converted is not None
    assert converted.jpy_per_usd == Decimal(conversion)
    assert [r.jpy_per_usd for r in rates if r is not converted] == [Decimal(inclusion)]


@pytest.mark.parametrize(
    "text", ["sold 100 on payment date", "dividend 120 on payment", "bought 150 when included"]
)
def test_a_count_before_a_moment_is_no_rate(text: str) -> None:
    assert parse_fx_all(text) == []


def test_a_rate_written_over_the_dollar_sign() -> None:
    text = "¥0.4m converted at 104.65/$ (inclusion 102.15/$)"
    rates = parse_fx_all(text)
    converted = conversion_rate(text, rates)
    assert converted is not None
    assert (converted.jpy_per_usd, [r.jpy_per_usd for r in rates if r is not converted]) == (
        Decimal("104.65"),
        [Decimal("102.15")],
    )


@pytest.mark.parametrize(
    "text",
    [
        "I bought 100 each time, in 2019 and 2020; dividend ¥50,000",
        "we hold 150 for both accounts and got ¥30,000",
        "held 200 on both dates, dividend ¥80,000 converted to dollars",
    ],
)
def test_a_count_said_for_both_is_no_rate(text: str) -> None:
    assert parse_fx_all(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "¥100,000 included at 110 and later converted to dollars; is the withholding rate the same for ADSs?",
        "¥100,000 included at 110 and later converted to dollars; the tax rate stayed constant",
        "¥100,000 included at 110, converted to dollars later; same rate of withholding as before?",
    ],
)
def test_a_tax_rate_said_unchanged_is_no_single_exchange_rate(text: str) -> None:
    assert one_rate_for_both(text, parse_fx_all(text)) is None
