"""Table-driven tests of the readers (service/qa/readers/), as they were written for the single extractor."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.qa.numeric.replies import reply_to
from service.qa.readers.cases import two_cases
from service.qa.readers.dates import DateFact, parse_dates
from service.qa.readers.facts import extract_facts, merge_facts
from service.qa.readers.flags import parse_form_filed
from service.qa.readers.fx import parse_fx
from service.qa.readers.holders import parse_holder
from service.qa.readers.mark_to_market import parse_mark_to_market
from service.qa.readers.money import parse_money
from service.qa.readers.ownership import parse_voting_pct
from service.qa.readers.percentages import parse_ordinary_rate
from service.qa.readers.replies import reply_facts
from service.qa.readers.residence import parse_residence, parse_treaty_with_japan
from service.qa.readers.roles import assign_date_roles
from service.qa.readers.series import INTEREST_FACTOR_LABEL, TOP_RATE_LABEL, parse_rates_by_year, spread_over


@pytest.mark.parametrize(
    ("text", "currency", "value"),
    [
        ("a ¥1,000,000 dividend", "JPY", "1000000"),
        ("1,000,000 yen", "JPY", "1000000"),
        ("JPY 1m", "JPY", "1000000"),
        ("jpy 1m", "JPY", "1000000"),
        ("1.2 million yen", "JPY", "1200000"),
        ("JPY 500k", "JPY", "500000"),
        ("¥1.2M", "JPY", "1200000"),
        ("10 mil yen", "JPY", "10000000"),
        ("¥7.5bn", "JPY", "7500000000"),
        ("JPY1m", "JPY", "1000000"),
        ("$3,000", "USD", "3000"),
        ("USD 3k", "USD", "3000"),
        ("$3k", "USD", "3000"),
        ("3,000 dollars", "USD", "3000"),
        ("US$1,363.64", "USD", "1363.64"),
    ],
)
def test_amounts_in_common_spellings_are_parsed_with_currency(text: str, currency: str, value: str) -> None:
    money = parse_money(text)
    assert len(money) == 1
    assert money[0].currency == currency
    assert money[0].value == Decimal(value)


def test_percentages_and_dates_are_not_money() -> None:
    assert parse_money("owning 30% since 2004-09-30") == []


@given(st.integers(min_value=0, max_value=10**12))
def test_yen_amount_with_thousands_separators_round_trips(n: int) -> None:
    money = parse_money(f"a dividend of ¥{n:,} paid")
    assert [(m.currency, m.value) for m in money] == [("JPY", Decimal(n))]


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_dollar_amount_with_cents_round_trips(dollars: int, cents: int) -> None:
    money = parse_money(f"basis ${dollars:,}.{cents:02d}")
    assert money[0].value == Decimal(f"{dollars}.{cents:02d}")


@pytest.mark.parametrize(
    ("text", "rate", "inverted_from"),
    [
        ("USD/JPY 108.50", "108.50", None),
        ("108.5 yen per dollar", "108.5", None),
        ("¥110/$", "110", None),
        ("converted at 110", "110", None),
        ("paid 2004-09-30 at 110", "110", None),
        ("$1 = ¥105", "105", None),
        ("exchange rate 0.0092", "108.695652", "0.0092"),
        ("0.0092 dollars per yen", "108.695652", "0.0092"),
        ("1 yen = $0.008", "125", "0.008"),
    ],
)
def test_fx_rates_are_yen_per_dollar_and_dollars_per_yen_are_inverted(
    text: str, rate: str, inverted_from: str | None
) -> None:
    fx = parse_fx(text)
    assert fx is not None
    assert fx.jpy_per_usd == Decimal(rate)
    assert fx.inverted_from == (Decimal(inverted_from) if inverted_from else None)


@pytest.mark.parametrize("text", ["owning 30% at 15%", "bought at 110 shares", "held at least 10% of IIJ"])
def test_things_that_are_not_fx_rates_are_ignored(text: str) -> None:
    assert parse_fx(text) is None


@pytest.mark.parametrize(
    ("text", "kind", "iso"),
    [
        ("paid 2004-09-30", "day", "2004-09-30"),
        ("paid Sept 30 2004", "day", "2004-09-30"),
        ("paid 30 September 2004", "day", "2004-09-30"),
        ("paid 9/30/2004", "day", "2004-09-30"),
        ("paid July 1, 2004", "day", "2004-07-01"),
        ("paid 1st of July 2004", "day", "2004-07-01"),
        ("paid on 2004-02-30", "day", "2004-02-30"),
    ],
)
def test_day_dates_in_common_formats(text: str, kind: str, iso: str) -> None:
    [mention] = parse_dates(text)
    assert mention.fact.kind == kind
    assert mention.fact.iso == iso


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("paid in Oct 2004", "month"),
        ("paid mid-2004", "vague"),
        ("paid in 2005", "year"),
        ("paid July 1", "day_no_year"),
    ],
)
def test_imprecise_dates_keep_their_precision(text: str, kind: str) -> None:
    [mention] = parse_dates(text)
    assert mention.fact.kind == kind


def test_a_month_stands_for_each_of_its_days() -> None:
    fact = DateFact("month", 2004, 2)
    assert len(fact.days()) == 29


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("paid 2004-09-30", "payment_date"),
        ("record date 2004-09-30", "entitlement_date"),
        ("ex-dividend 2004-09-28", "ex_dividend_date"),
        ("the ex-dividend date was Sept 28, 2004", "ex_dividend_date"),
        ("bought on 2004-07-30", "acquisition_date"),
        ("sold on 2004-09-28", "disposition_date"),
        ("owning 60% since 2003-10-01", "since_date"),
    ],
)
def test_dates_get_the_role_their_cue_word_names(text: str, key: str) -> None:
    assert key in extract_facts(text).facts


def test_held_from_to_gives_acquisition_and_disposition() -> None:
    facts = extract_facts("held from 2002-12-31 to 2005-12-31").facts
    assert facts["acquisition_date"].iso == "2002-12-31"
    assert facts["disposition_date"].iso == "2005-12-31"


@pytest.mark.parametrize(
    ("text", "holder_type", "special"),
    [
        ("I got a dividend", "individual", None),
        ("how much do I get", "individual", None),
        ("my IRA holds IIJ", "individual", "tax_exempt"),
        ("we're a Delaware corp", "corporation", None),
        ("our parent company owns 60%", "corporation", None),
        ("a US company", "corporation", None),
        ("our pension fund", "pension_fund", "pension_fund"),
        ("a pension plan", "pension_fund", "pension_fund"),
        ("a family trust", "other", None),
        ("a life insurance company", "corporation", "life_insurance"),
        ("a dealer in securities", None, "dealer"),
        ("dividend to a US holder", None, None),
    ],
)
def test_holder_type_and_special_class(text: str, holder_type: str | None, special: str | None) -> None:
    holder = parse_holder(text)
    assert holder.holder_type == holder_type
    assert holder.special_class == special


def test_an_llc_is_not_assumed_to_be_a_corporation() -> None:
    holder = parse_holder("our New York LLC")
    assert holder.holder_type is None
    assert holder.is_llc


@pytest.mark.parametrize(
    ("text", "country", "kind"),
    [
        ("a US corp", "United States", "US"),
        ("a us corp", "United States", "US"),
        ("U.S. individual", "United States", "US"),
        ("I'm American", "United States", "US"),
        ("I live in Texas", "United States", "US"),
        ("a Delaware corporation", "United States", "US"),
        ("an investor in Chicago", "United States", "US"),
        ("a German investor", "Germany", "LISTED"),
        ("Canadian individual", "Canada", "LISTED"),
        ("a UK pension fund", "United Kingdom", "LISTED"),
        ("a Dutch company", "Netherlands", "LISTED"),
        ("a Brazilian company", "Brazil", "UNLISTED"),
        ("resident in India", "India", "UNLISTED"),
        ("I live in Tokyo", "Japan", "JP"),
        ("a resident of Japan", "Japan", "JP"),
        ("a Japanese company", "Japan", "JP"),
    ],
)
def test_residence_normalisation(text: str, country: str, kind: str) -> None:
    residence = parse_residence(text)
    assert residence is not None
    assert (residence.country, residence.kind) == (country, kind)


@pytest.mark.parametrize(
    "text", ["a non-resident of Japan", "tell us about it", "Japanese withholding tax", "New England"]
)
def test_phrases_that_name_no_residence(text: str) -> None:
    residence = parse_residence(text)
    assert residence is None or residence.kind != "JP"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no treaty with Japan", False),
        ("Brazil doesn't have a tax treaty", False),
        ("a non-treaty country", False),
        ("it has a tax treaty with Japan", True),
        ("no treaty form", None),
        ("filed the treaty form", None),
    ],
)
def test_treaty_status_statements(text: str, expected: bool | None) -> None:
    assert parse_treaty_with_japan(text) is expected


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("a US corp owning 30%", "30"),
        ("owning 60 percent", "60"),
        ("owns 10% of the voting shares", "10"),
        ("holds 5% of IIJ", "5"),
        ("a 25% stake", "25"),
        ("owns at least 10%", "10"),
        ("owning more than 50% of the voting shares", "51"),
        ("owning less than 10% of IIJ", "9"),
        ("a wholly owned subsidiary", "100"),
    ],
)
def test_voting_percentages(text: str, pct: str) -> None:
    ownership = parse_voting_pct(text)
    assert ownership is not None
    assert ownership.voting_pct == Decimal(pct)


@pytest.mark.parametrize(
    "text", ["top rate 35%", "interest factors 10% and 5%", "taxed at 15%", "withholding rate of 20%"]
)
def test_rates_are_not_voting_percentages(text: str) -> None:
    assert parse_voting_pct(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("filed the form", True),
        ("the form was filed in advance", True),
        ("with the treaty form", True),
        ("form filed", True),
        ("didn't file", False),
        ("did not file the form", False),
        ("no treaty form", False),
        ("w/o the application form", False),
        ("without the form", False),
        ("the form wasn't filed", False),
        ("how much is withheld?", None),
    ],
)
def test_advance_form_statements(text: str, expected: bool | None) -> None:
    assert parse_form_filed(text) is expected


@pytest.mark.parametrize(
    ("text", "twelve", "holding"),
    [
        ("owned 60% for two years", True, True),
        ("held for 12 months", True, True),
        ("held for more than 12 months", True, True),
        ("for a year", True, True),
        ("but only for 6 months", False, True),
        ("held it for 30 days", False, False),
        ("held for 61 days", False, True),
    ],
)
def test_holding_durations(text: str, twelve: bool, holding: bool) -> None:
    facts = extract_facts(text).facts
    assert facts.get("held_over_50pct_12m") is twelve
    assert facts.get("holding_period_met") is holding


def test_two_yen_amounts_are_told_apart_by_withheld() -> None:
    facts = extract_facts("a ¥1,000,000 dividend and ¥200,000 was withheld").facts
    assert facts["gross_dividend_jpy"] == 1000000
    assert facts["actually_withheld_jpy"] == 200000


def test_basis_and_proceeds_are_told_apart() -> None:
    facts = extract_facts(
        "bought IIJ ADSs on 2003-01-10 for $5,000 and sold them on 2004-06-01 for $8,000"
    ).facts
    assert facts["basis_usd"] == 5000
    assert facts["amount_realized_usd"] == 8000


def _merge(*messages: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for message in messages:
        merged = merge_facts(merged, extract_facts(message).facts)
    return merged


def test_follow_up_overrides_ownership_and_keeps_the_rest() -> None:
    facts = _merge(
        "how much is withheld on a ¥1m dividend paid Sept 30 2004 to a US corp owning 30%?",
        "and if it had owned 60% for two years?",
    )
    assert facts["voting_pct"] == 60
    assert facts["held_over_50pct_12m"] is True
    assert facts["gross_dividend_jpy"] == 1000000
    assert facts["holder_type"] == "corporation"
    assert facts["payment_date"].iso == "2004-09-30"


def test_follow_up_day_without_year_keeps_the_earlier_year() -> None:
    facts = _merge("US individual, ¥1m paid Sept 30 2004", "what if it was paid July 1 instead?")
    assert facts["payment_date"].iso == "2004-07-01"


def test_newer_residence_drops_an_older_treaty_answer() -> None:
    facts = _merge("a Brazilian company, no treaty", "what if it were a US company?")
    assert facts["residence"] == "United States"
    assert "treaty_with_japan" not in facts


# ---- capabilities: stated gains, E&P, two FX rates, withheld rates, year lists, loose durations -----------------


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("I sold at a $2,500 gain", "gain_usd", Decimal(2500)),
        ("my capital gain was $700", "gain_usd", Decimal(700)),
        ("a $400 loss on the sale", "gain_usd", Decimal(-400)),
        ("IIJ's E&P is only $250", "earnings_and_profits_usd", Decimal(250)),
        ("$900 of current and accumulated earnings and profits", "earnings_and_profits_usd", Decimal(900)),
        ("a $1,200 distribution", "distribution_usd", Decimal(1200)),
        ("a distribution of $75", "distribution_usd", Decimal(75)),
    ],
)
def test_usd_amounts_get_the_role_their_words_give(text: str, key: str, value: Decimal) -> None:
    assert extract_facts(text).facts[key] == value


def test_excess_distribution_amount_is_not_a_plain_distribution() -> None:
    assert "distribution_usd" not in extract_facts("an excess distribution of $500").facts


def test_sale_price_after_a_long_date_phrase_is_the_amount_realized() -> None:
    facts = extract_facts(
        "Bought 2002-03-01 for $2,000, sold about two years later on 2004-03-15 for $2,600"
    ).facts
    assert facts["basis_usd"] == 2000
    assert facts["amount_realized_usd"] == 2600


def test_two_fx_rates_give_inclusion_and_conversion() -> None:
    facts = extract_facts(
        "the ¥400,000 dividend was included at ¥104/$ and I converted it at 109 yen per dollar"
    ).facts
    assert facts["jpy_per_usd"] == 104
    assert facts["jpy_per_usd_conversion"] == 109
    assert facts["gross_dividend_jpy"] == 400000


def test_a_single_fx_rate_is_never_a_conversion_rate() -> None:
    assert "jpy_per_usd_conversion" not in extract_facts("converted at ¥108/$").facts


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("a ¥500k dividend with 15% Japanese tax withheld", Decimal("0.15")),
        ("20% was withheld from it", Decimal("0.2")),
        ("tax withheld at 10%", Decimal("0.1")),
    ],
)
def test_withheld_percentage_is_a_withholding_rate_not_a_stake(text: str, rate: Decimal) -> None:
    facts = extract_facts(text).facts
    assert facts["withheld_rate"] == rate
    assert "voting_pct" not in facts


def test_yen_amount_of_japanese_tax_withheld() -> None:
    assert extract_facts("¥25,000 of Japanese tax was withheld").facts["actually_withheld_jpy"] == 25000


@pytest.mark.parametrize(
    ("text", "held", "pfic"),
    [
        ("I owned the ADSs in 2002, 2003 and 2004; IIJ was a PFIC in 2003", [2002, 2003, 2004], [2003]),
        ("held from 2001 to 2004 and IIJ was treated as a PFIC for 2001", [2001, 2002, 2003, 2004], [2001]),
    ],
)
def test_held_and_pfic_year_lists(text: str, held: list[int], pfic: list[int]) -> None:
    facts = extract_facts(text).facts
    assert facts["held_years"] == held
    assert facts["pfic_years"] == pfic


@pytest.mark.parametrize(
    "text",
    [
        "I have held the shares for years",
        "we have owned them for many years",
        "held shares 3 years",
    ],
)
def test_loose_or_object_holding_durations_meet_the_holding_period(text: str) -> None:
    assert extract_facts(text).facts["holding_period_met"] is True


def test_stake_bought_months_before_the_record_date_fails_the_twelve_months() -> None:
    facts = extract_facts("our US parent bought 70% of IIJ four months before the record date").facts
    assert facts["held_over_50pct_12m"] is False
    assert facts["voting_pct"] == 70


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than half of the voting shares", Decimal(51)),
        ("a small stake", Decimal(1)),
        ("Treaty rate for holders with 10% to 50% of the voting shares", None),
        ("between 10% and 50% of the vote", None),
    ],
)
def test_ownership_words_and_ranges(text: str, expected: Decimal | None) -> None:
    found = parse_voting_pct(text)
    assert (found.voting_pct if found else None) == expected


def test_indiv_abbreviation_is_a_us_individual() -> None:
    facts = extract_facts("us indiv holder").facts
    assert facts["holder_type"] == "individual"
    assert facts["residence"] == "United States"


def test_held_directly_before_a_date_is_the_acquisition() -> None:
    facts = extract_facts("held 2001-03-31 to 2004-03-31").facts
    assert facts["acquisition_date"].iso == "2001-03-31"
    assert facts["disposition_date"].iso == "2004-03-31"


# ---------------------------------------------------------------------------------------------------- routing facts


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("and for a 40% corporate holder?", 40),
        ("what about a 12% US shareholder?", 12),
        ("a 70% parent owner", 70),
    ],
)
def test_stake_named_before_a_holder_word_is_the_voting_percentage(text: str, pct: int) -> None:
    ownership = parse_voting_pct(text)
    assert ownership is not None
    assert ownership.voting_pct == pct


@pytest.mark.parametrize(
    "text",
    ["interest factors are 10% and 5%", "the factors were 8% for 2003", "my ordinary rate is 35%"],
)
def test_rates_and_factors_are_not_stakes(text: str) -> None:
    assert parse_voting_pct(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("interest factors 10% and 5%", (Decimal("0.1"), Decimal("0.05"))),
        ("if the factors are 12% for 2003 and 6% for 2004", {2003: Decimal("0.12"), 2004: Decimal("0.06")}),
        ("interest factors: 2003 12%, 2004 6%", {2003: Decimal("0.12"), 2004: Decimal("0.06")}),
        ("interest factor for 2002 is 9%", {2002: Decimal("0.09")}),
    ],
)
def test_per_year_interest_factors_are_read_by_year_or_in_order(text: str, expected: Any) -> None:
    assert parse_rates_by_year(text, r"\b(?:interest\s+)?factors?\b") == expected


def test_a_year_that_labels_a_percentage_is_not_an_event_date() -> None:
    facts = extract_facts("and the interest if the factors are 10% for 2003 and 5% for 2004?").facts
    assert not any(isinstance(v, DateFact) for v in facts.values())
    assert facts["interest_factors"] == {2003: Decimal("0.1"), 2004: Decimal("0.05")}


def test_a_year_after_since_is_the_start_of_the_holding() -> None:
    fact = extract_facts("held my ADSs since 1999; dividend paid 2004-12-01").facts["since_date"]
    assert (fact.kind, fact.year) == ("year", 1999)


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("my ordinary rate is 35%", "0.35"),
        ("marginal tax rate of 28%", "0.28"),
        ("I'm in the 33% bracket", "0.33"),
    ],
)
def test_the_holders_own_ordinary_rate_is_read(text: str, rate: str) -> None:
    assert parse_ordinary_rate(text) == Decimal(rate)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("IIJ was a PFIC in the preceding year", "pfic_preceding"),
        ("iij was a pfic the year before", "pfic_preceding"),
        ("if IIJ is a PFIC", "pfic"),
    ],
)
def test_pfic_in_the_preceding_year_is_told_apart_from_pfic_now(text: str, key: str) -> None:
    facts = extract_facts(text).facts
    assert facts.get(key) is True
    assert ("pfic" in facts) == (key == "pfic")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("and the top US tax on that if its qualified", True),
        ("assuming the dividend qualifies, what's the tax?", True),
        ("treating it as QDI, how much?", True),
        ("is it qualified?", None),
        ("does it qualify for the 15% rate?", None),
        ("if it's not qualified, what then?", None),
    ],
)
def test_an_assumed_qualified_dividend_asserts_the_holding_period(text: str, expected: bool | None) -> None:
    assert extract_facts(text).facts.get("holding_period_met") == expected


@pytest.mark.parametrize(
    ("reply", "asked", "expected"),
    [
        ("about 8%", ["voting_pct"], {"voting_pct": Decimal(8)}),
        ("12", ["voting_pct"], {"voting_pct": Decimal(12)}),
        ("yes", ["held_over_50pct_12m"], {"held_over_50pct_12m": True}),
        ("no, it hasn't", ["held_over_50pct_12m"], {"held_over_50pct_12m": False}),
        ("105", ["jpy_per_usd"], {"jpy_per_usd": Decimal(105)}),
        ("no idea", ["voting_pct"], {}),
        ("about 8%", [], {}),
    ],
)
def test_a_bare_reply_is_read_as_the_answer_to_what_was_asked(
    reply: str, asked: list[str], expected: dict[str, Any]
) -> None:
    assert reply_facts(reply, asked) == expected


# ---------------------------------------------------------------------------------------------------- rates by year

_R = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("highest rates 39.6% for 2001 and 38.6% for 2002", {2001: _R("0.396"), 2002: _R("0.386")}),
        ("the top rate was 38.6% in 2002 and 35% in 2003", {2002: _R("0.386"), 2003: _R("0.35")}),
        ("top rates were 39.1% (2001) and 38.6% (2002)", {2001: _R("0.391"), 2002: _R("0.386")}),
        ("39.1% top rate for 2001, 38.6% for 2002", {2001: _R("0.391"), 2002: _R("0.386")}),
        ("top tax rates: 2001 39.1%, 2002 38.6%", {2001: _R("0.391"), 2002: _R("0.386")}),
        ("highest rates for 2001 and 2002 were 39.1% and 38.6%", {2001: _R("0.391"), 2002: _R("0.386")}),
        ("top rates 39.1% and 38.6% for 2001 and 2002 respectively", {2001: _R("0.391"), 2002: _R("0.386")}),
        ("top rate 38% for FY2002 and 36% for FY2003", {2002: _R("0.38"), 2003: _R("0.36")}),
        (
            "top rate of 39.1% for the 2001 tax year and 38.6% for the 2002 tax year",
            {2001: _R("0.391"), 2002: _R("0.386")},
        ),
        ("top rate 35% for 2003 and 2004", {2003: _R("0.35"), 2004: _R("0.35")}),
        # the percentage named first, then said to serve as the top rate
        ("take 37% as the top rate for both 2001 and 2002", {2001: _R("0.37"), 2002: _R("0.37")}),
    ],
)
def test_each_top_rate_is_paired_with_its_own_year(text: str, expected: dict[int, Decimal]) -> None:
    assert parse_rates_by_year(text, r"\b(?:top|highest)\s+(?:tax\s+)?rates?\b") == expected
    assert extract_facts("PFIC gain, " + text).facts["top_rates"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "top rate 38.6% for 2002 and 35%",  # the second rate names no year
        "39.1% top rate for 2001, 2002 38.6%",  # "2001, 2002" reads as a list of years for one rate
        "highest rates 39.1% for 2001 and 37% for 2001",  # one year, two rates
    ],
)
def test_a_rate_whose_year_is_unclear_is_given_no_year(text: str) -> None:
    assert "top_rates" not in extract_facts(text).facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("top rate 35% in each prior year", (_R("0.35"),)),
        ("top rate 35%, interest factors 10% and 5%", (_R("0.35"),)),
    ],
)
def test_rates_without_years_keep_their_order(text: str, expected: tuple[Decimal, ...]) -> None:
    assert extract_facts(text).facts["top_rates"] == expected


def test_top_rates_stated_beside_interest_factors_stay_apart() -> None:
    facts = extract_facts(
        "top rates 39.1% for 2001 and 38.6% for 2002; interest factors 9% for 2001 and 6% for 2002"
    ).facts
    assert facts["top_rates"] == {2001: _R("0.391"), 2002: _R("0.386")}
    assert facts["interest_factors"] == {2001: _R("0.09"), 2002: _R("0.06")}


@pytest.mark.parametrize(
    "text",
    ["held from 2001-09-30 to 2003-09-30", "owned the ADSs from 2002/03/31 until 2004/03/31"],
)
def test_a_holding_given_by_dates_is_not_a_list_of_taxable_years(text: str) -> None:
    assert "held_years" not in extract_facts(text).facts


def test_taxable_years_held_are_still_read_as_a_list() -> None:
    assert extract_facts("I owned IIJ during 2002, 2003 and 2004").facts["held_years"] == [2002, 2003, 2004]


@pytest.mark.parametrize(
    ("reply", "asked", "expected"),
    [
        (
            "38.6% and 35%",
            "What was the highest tax rate in effect for 2002 and 2003? The report gives no top rates.",
            {2002: _R("0.386"), 2003: _R("0.35")},
        ),
        ("38.6%", "What was the highest tax rate in effect for 2002?", {2002: _R("0.386")}),
        (
            "35% for 2003 and 38.6% for 2002",
            "What was the highest tax rate in effect for 2002 and 2003?",
            {2002: _R("0.386"), 2003: _R("0.35")},
        ),
    ],
)
def test_a_bare_rates_reply_belongs_to_the_years_asked(
    reply: str, asked: str, expected: dict[int, Decimal]
) -> None:
    years = re.findall(r"\b(?:19|20)\d{2}\b", asked)
    assert reply_to(reply, [f"top_rate_{year}" for year in years]) == {"top_rates": expected}


def test_three_rates_for_two_years_asked_are_not_guessed() -> None:
    assert reply_to("38.6%, 35% and 30%", ["top_rate_2002", "top_rate_2003"]) == {}


def test_a_later_years_rate_is_added_to_the_earlier_ones() -> None:
    merged = merge_facts({"top_rates": {2001: _R("0.391")}}, {"top_rates": {2002: _R("0.386")}})
    assert merged["top_rates"] == {2001: _R("0.391"), 2002: _R("0.386")}


# ---------------------------------------------------------------------------------------------------- form unknown


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure the treaty form was filed before the payment",
        "no idea if our broker filed the application",
        "I can't remember whether the form was submitted",
        "we don't know if the depositary sent the forms",
        "the form may or may not have been filed",
        "unsure whether the paperwork was lodged in time",
    ],
)
def test_not_knowing_whether_the_form_was_filed_leaves_it_open(text: str) -> None:
    facts = extract_facts(text).facts
    assert parse_form_filed(text) is None
    assert "advance_form_filed" not in facts
    assert facts["unknown_facts"] == ("advance_form_filed",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("filed the form, though I'm not sure whether I qualify", True),
        ("not sure if it matters, but the form was never filed", False),
        ("not sure about the rate; we did file the form", True),
        ("I didn't remember to file the form", False),
        ("I did not know the form was needed, so it was never filed", False),
    ],
)
def test_doubt_about_something_else_does_not_unsettle_the_form(text: str, expected: bool) -> None:
    assert parse_form_filed(text) is expected


def test_doubt_takes_back_an_earlier_answer_about_the_form() -> None:
    older = extract_facts("¥600,000 dividend, form filed").facts
    newer = extract_facts("actually I can't remember whether the form was filed").facts
    assert "advance_form_filed" not in merge_facts(older, newer)


# ---------------------------------------------------------------------------------------------------- gains and marks


@pytest.mark.parametrize(
    ("text", "gain"),
    [
        ("sold my ADSs in May and made $640 on the sale", "640"),
        ("I made a profit of $1,150 when I sold the shares", "1150"),
        ("earned $90 selling IIJ", "90"),
        ("lost $310 on the sale of my ADSs", "-310"),
        ("sold them last year and lost $75", "-75"),
    ],
)
def test_money_made_or_lost_on_a_sale_is_the_gain(text: str, gain: str) -> None:
    assert extract_facts(text).facts["gain_usd"] == Decimal(gain)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I earned $800 in dividends this year", "usd_amounts"),
        ("sold the ADSs for $2,300", "amount_realized_usd"),
    ],
)
def test_amounts_that_are_not_a_gain_stay_what_they_are(text: str, key: str) -> None:
    facts = extract_facts(text).facts
    assert "gain_usd" not in facts
    assert key in facts


@pytest.mark.parametrize(
    ("text", "basis", "values"),
    [
        (
            "mark-to-market: basis $250, value $290 at the first year end and $260 at the second",
            250,
            [290, 260],
        ),
        (
            "mark-to-market: basis $250, worth $290 at the first year end and $260 at the second",
            250,
            [290, 260],
        ),
        ("MTM election; I paid $250; year-end value $290 then $260", 250, [290, 260]),
        ("mtm: cost 800; year 1: 950, year 2: 700", 800, [950, 700]),
        ("under the MTM election, bought for $60; year end values 75, 90 and 70", 60, [75, 90, 70]),
    ],
)
def test_mark_to_market_amounts_are_read_by_their_words(text: str, basis: int, values: list[int]) -> None:
    mtm = parse_mark_to_market(text)
    assert mtm.basis == basis
    assert [value for _, value in mtm.values] == values
    assert [position for position, _ in mtm.values] == list(range(1, len(values) + 1))
    assert not mtm.unclear


def test_mark_to_market_values_may_name_their_calendar_years() -> None:
    mtm = parse_mark_to_market(
        "mark to market, basis $500: $620 at the end of 2003 and $580 at the end of 2004"
    )
    assert mtm.values == [(2003, Decimal(620)), (2004, Decimal(580))]
    assert mtm.years_are_calendar


def test_mark_to_market_sale_and_prior_inclusions_are_not_year_end_values() -> None:
    mtm = parse_mark_to_market(
        "MTM: basis $1,000, prior inclusions $200, year 1 value $900; sold in year 2 for $950"
    )
    assert (mtm.basis, mtm.prior_inclusions, mtm.sale) == (1000, 200, 950)
    assert mtm.values == [(1, Decimal(900))]


def test_mark_to_market_amounts_no_word_explains_are_not_guessed() -> None:
    assert parse_mark_to_market("mark to market: 100, 130, 110").unclear


# ---------------------------------------------------------------------------------------------------- two cases


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "¥900,000 paid 2004-11-02, forms filed: withholding for a US individual, and for a US company with 40%?",
            "¥900,000 paid 2004-11-02, forms filed: withholding for a US individual?",
            "¥900,000 paid 2004-11-02, forms filed: withholding for a US company with 40%?",
        ),
        (
            "what is withheld from ¥900,000 paid 2004-11-02 to an individual in Ohio or to a Texas corporation owning 15%?",
            "what is withheld from ¥900,000 paid 2004-11-02 to an individual in Ohio?",
            "what is withheld from ¥900,000 paid 2004-11-02 to a Texas corporation owning 15%?",
        ),
        (
            "US individual, basis $3,000 from 2003-03-03: gain if I sell on 2004-02-02 vs 2004-04-04 for $3,500?",
            "US individual, basis $3,000 from 2003-03-03: gain if I sell on 2004-02-02 for $3,500?",
            "US individual, basis $3,000 from 2003-03-03: gain if I sell on 2004-04-04 for $3,500?",
        ),
    ],
)
def test_a_question_for_two_holders_or_two_dates_becomes_two_questions(
    text: str, first: str, second: str
) -> None:
    cases = two_cases(text)
    assert cases is not None
    assert (cases.first, cases.second, cases.second_follows) == (first, second, False)


def test_a_closing_question_for_another_date_follows_the_first() -> None:
    cases = two_cases(
        "ex-dividend 2004-05-14; bought 2004-03-20, sold 2004-05-20. Holding period met? What if I sold on 05-25?"
    )
    assert cases is not None
    assert cases.first == "ex-dividend 2004-05-14; bought 2004-03-20, sold 2004-05-20. Holding period met?"
    assert cases.second == "What if I sold on 05-25?"
    assert cases.second_follows


@pytest.mark.parametrize(
    "text",
    [
        "US individual, bought 2003-01-15 and sold 2004-06-01 for $8,000 with a $5,000 basis. Gain?",
        "We're a US corporation owning 30%; ¥2m paid 2004-10-15 and the form was filed. Withholding?",
        "US corp owning 60% for two years, more than 50% since 2002, ¥1m paid 2004-09-30: withholding?",
        "pfic check: passive income ¥7bn of ¥9bn gross income; passive assets ¥50m, ¥60m vs total assets ¥100m",
        "I included a ¥400,000 dividend at ¥110/$ and converted it later at ¥104/$. Currency gain?",
        "A US individual who filed the form and a ¥1,000,000 dividend paid 2004-10-01: what is withheld?",
        # the place of a sale is not a second holder's residence
        "I live in Australia and am selling my IIJ shares in New York. Is the gain taxed in Japan?",
        "Resident of Canada; sold the ADSs on the London market through my broker. Japanese tax?",
    ],
)
def test_one_case_questions_are_not_split(text: str) -> None:
    assert two_cases(text) is None


@pytest.mark.parametrize(
    ("years", "values", "expected"),
    [
        ([2002, 2003], ["a", "b"], [(2002, "a"), (2003, "b")]),
        ([2002, 2003], ["a"], [(2002, "a"), (2003, "a")]),  # one value serves every year
        ([2002, 2003], ["a", "b", "c"], None),
        ([2002], [], None),
        ([], ["a"], None),
    ],
)
def test_spread_over_pairs_values_with_years(years: list[int], values: list[str], expected: Any) -> None:
    assert spread_over(years, values) == expected


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("held since 2001", "acquisition"),
        ("I have owned them since 2001", "acquisition"),
        ("a shareholder since 2001", "since"),
        ("bought in 2001", "acquisition"),
        ("a dividend paid in 2005", "payment"),
        ("held during 2003", "acquisition"),
    ],
)
def test_a_year_mention_reads_as_the_year_alone_and_keeps_its_role(text: str, role: str) -> None:
    [mention] = parse_dates(text)
    assert mention.fact.raw == text[-4:]
    assert text[mention.start : mention.end] != mention.fact.raw  # the cue word stays in the mention's span
    [(found_role, _)] = assign_date_roles(text, [mention])
    assert found_role == role


def test_interest_factors_said_as_fractions() -> None:
    text = "interest factors 2001 0.2 and 2002 .15"
    assert parse_rates_by_year(text, INTEREST_FACTOR_LABEL) == {2001: Decimal("0.2"), 2002: Decimal("0.15")}
    assert parse_rates_by_year("top rate 2001 0.39", TOP_RATE_LABEL) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("our customer, resident in Canada, owns 12% of the voting shares", None),
        ("my client is a German GmbH", "corporation"),
        ("my own shares, held in my name", "individual"),
    ],
)
def test_a_holder_acted_for_is_not_the_asker(text: str, expected: str | None) -> None:
    assert parse_holder(text).holder_type == expected


def test_a_date_followed_by_the_name_of_its_date_takes_that_role() -> None:
    facts = extract_facts("our stake topped 50% a year before the 2005-03-31 record date").facts
    assert facts["entitlement_date"].raw == "2005-03-31"
    facts = extract_facts("dividend paid 2004-12-01 record date 2004-09-30").facts
    assert facts["payment_date"].raw == "2004-12-01"
    assert facts["entitlement_date"].raw == "2004-09-30"
