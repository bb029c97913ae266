"""Invariants of the calculator, checked with hypothesis."""

import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.tools.tax import (
    FUNCTIONS,
    InvalidInput,
    distribution_split,
    jp_withholding_amounts,
    jp_withholding_rate,
    pfic_allocate,
    us_dividend_tax,
)
from service.tools.tax_rules import RULES

gross_yen = st.integers(min_value=0, max_value=10**12)
holder_types = st.sampled_from(["individual", "corporation", "pension_fund", "other"])
payment_dates = st.dates(min_value=date(1971, 3, 8), max_value=date(2030, 12, 31)).map(date.isoformat)
voting = st.decimals(min_value=0, max_value=100, places=2).map(str)
usd = st.decimals(min_value=0, max_value=10**9, places=4).map(str)
rate_inputs = st.fixed_dictionaries(
    {
        "residence": st.just("US"),
        "payment_date": payment_dates,
        "holder_type": holder_types,
        "voting_pct": voting,
        "held_over_50pct_12m": st.booleans(),
        "additional_requirements_met": st.booleans() | st.none(),
        "pension_dividends_from_business": st.booleans(),
    }
)


def is_two_dp(value: object) -> bool:
    return isinstance(value, str) and Decimal(value).as_tuple().exponent == -2


@given(inputs=rate_inputs, gross=gross_yen, form=st.booleans())
def test_withholding_amounts_are_consistent(inputs: dict[str, Any], gross: int, form: bool) -> None:
    result = jp_withholding_amounts(**inputs, gross_dividend_jpy=gross, advance_form_filed=form)
    outcomes = [result] if result["scenarios"] is None else list(result["scenarios"].values())
    for outcome in outcomes:
        assert 0 <= outcome["withheld_jpy"] <= gross
        assert outcome["net_jpy"] + outcome["withheld_jpy"] == gross
        assert outcome["refund_claimable_jpy"] >= 0
        assert outcome["treaty_tax_jpy"] <= outcome["withheld_jpy"] or not form


@given(inputs=rate_inputs)
def test_no_us_treaty_rate_exceeds_20_percent(inputs: dict[str, Any]) -> None:
    result = jp_withholding_rate(**inputs)
    for key in ("rate", "rate_if_conditions_met", "rate_otherwise"):
        if result[key] is not None:
            assert Decimal("0") <= Decimal(result[key]) <= Decimal("0.20")


def worst_rate(result: dict[str, Any]) -> Decimal:
    values = [result[k] for k in ("rate", "rate_otherwise") if result[k] is not None]
    return max(Decimal(v) for v in values)


@given(inputs=rate_inputs, low=voting, high=voting)
def test_rate_never_rises_as_voting_rises(inputs: dict[str, Any], low: str, high: str) -> None:
    low, high = sorted([low, high], key=Decimal)
    at_low = jp_withholding_rate(**{**inputs, "voting_pct": low})
    at_high = jp_withholding_rate(**{**inputs, "voting_pct": high})
    assert worst_rate(at_high) <= worst_rate(at_low)


@given(
    gross=gross_yen,
    fx=st.decimals(min_value="0.01", max_value=1000, places=4).map(str),
    form=st.booleans(),
    paid=st.dates(min_value=date(2003, 1, 1), max_value=date(2012, 12, 31)).map(date.isoformat),
)
def test_us_dividend_money_has_exactly_two_decimals(gross: int, fx: str, form: bool, paid: str) -> None:
    result = us_dividend_tax(
        gross_dividend_jpy=gross,
        payment_date=paid,
        jpy_per_usd_inclusion=fx,
        holder_kind="noncorporate",
        advance_form_filed=form,
        holding_period_met=True,
        ordinary_rate="0.35",
    )
    for key, value in result.items():
        if key.endswith("_usd") and key != "ftc_jpy_per_usd" and value is not None:
            assert is_two_dp(value), (key, value)
    assert result["ftc_creditable_jpy"] + result["non_creditable_jpy"] == result["withheld_jpy"]


@given(dist=usd, ep=usd, basis=usd)
def test_distribution_split_money_has_two_decimals(dist: str, ep: str, basis: str) -> None:
    result = distribution_split(distribution_usd=dist, earnings_and_profits_usd=ep, basis_usd=basis)
    assert all(is_two_dp(result[k]) for k in ("dividend_usd", "return_of_capital_usd", "capital_gain_usd"))


@given(
    amount=usd,
    acquired=st.dates(min_value=date(1990, 1, 1), max_value=date(2010, 1, 1)),
    held=st.integers(min_value=1, max_value=5000),
    top=st.decimals(min_value=0, max_value=1, places=3).map(str),
)
def test_allocation_sums_to_the_amount(amount: str, acquired: date, held: int, top: str) -> None:
    event = acquired + timedelta(days=held)
    rates = dict.fromkeys(range(acquired.year, event.year), top)
    result = pfic_allocate(
        amount_usd=amount,
        acquisition_date=acquired.isoformat(),
        event_date=event.isoformat(),
        top_rate_by_year=rates,
    )
    parts = [Decimal(v) for v in result["allocation_by_year"].values()]
    total = sum(parts, Decimal(0)) + Decimal(result["current_year_ordinary_income_usd"])
    assert total == Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert sum(result["days_by_year"].values()) == held


@settings(max_examples=50)
@given(inputs=rate_inputs, gross=gross_yen)
def test_results_are_deterministic_json_with_known_rules(inputs: dict[str, Any], gross: int) -> None:
    first = jp_withholding_amounts(**inputs, gross_dividend_jpy=gross, advance_form_filed=False)
    second = jp_withholding_amounts(**inputs, gross_dividend_jpy=gross, advance_form_filed=False)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert set(first["rules"]) <= set(RULES)
    assert len(first["flags"]) == len(set(first["flags"]))


def test_every_function_returns_the_envelope_when_called_with_nothing() -> None:
    needs_fx = {"us_dividend_tax", "fx_gain_loss"}
    for name, fn in FUNCTIONS.items():
        if name in needs_fx:
            with pytest.raises(InvalidInput) as error:
                fn()
            assert error.value.code == "INVALID_FX_RATE"
            continue
        result = fn()
        json.dumps(result)
        assert {"status", "flags", "rules", "steps", "missing"} <= set(result), name
        assert result["status"] in {"OK", "CONDITIONAL", "NEED_INFO", "NOT_STATED", "OUT_OF_SCOPE"}


def test_allocation_of_a_sub_cent_amount_adds_up_to_the_amount_in_cents() -> None:
    result = pfic_allocate(amount_usd="0.0850", acquisition_date="2000-01-01", event_date="2003-01-01")
    parts = [Decimal(v) for v in result["allocation_by_year"].values()]
    assert sum(parts, Decimal(0)) + Decimal(result["current_year_ordinary_income_usd"]) == Decimal("0.09")
