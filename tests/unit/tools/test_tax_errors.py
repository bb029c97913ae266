"""Every error code of docs/tax-rules.md §1.3, raised as InvalidInput with the offending field."""

from collections.abc import Callable
from typing import Any

import pytest

from service.tools.tax import (
    FUNCTIONS,
    InvalidInput,
    distribution_split,
    fx_gain_loss,
    jp_tax_on_disposal,
    jp_withholding_amounts,
    jp_withholding_rate,
    pfic_allocate,
    pfic_excess_distribution,
    pfic_test,
    qdi_holding_period,
    us_capital_gain,
    us_dividend_tax,
)

US = {"residence": "US", "payment_date": "2004-09-30", "holder_type": "individual"}
DIVIDEND = {"gross_dividend_jpy": 1000, "payment_date": "2004-09-30", "jpy_per_usd_inclusion": 110}

CASES: list[tuple[str, Callable[..., dict[str, Any]], dict[str, Any], str]] = [
    ("NEGATIVE_AMOUNT", jp_withholding_amounts, {**US, "gross_dividend_jpy": -1}, "gross_dividend_jpy"),
    ("NEGATIVE_AMOUNT", distribution_split, {"distribution_usd": "-0.01"}, "distribution_usd"),
    ("NEGATIVE_AMOUNT", pfic_test, {"gross_income": -5}, "gross_income"),
    ("NEGATIVE_AMOUNT", pfic_excess_distribution, {"prior_year_distributions_usd": [1, -1]}, None),
    ("NON_INTEGER_YEN", jp_withholding_amounts, {**US, "gross_dividend_jpy": 1000.5}, "gross_dividend_jpy"),
    (
        "NON_INTEGER_YEN",
        jp_withholding_amounts,
        {**US, "dividend_per_share_jpy": "0.3", "shares": 5},
        "shares",
    ),
    ("NON_INTEGER_YEN", fx_gain_loss, {"yen_amount": "1.5", **{"jpy_per_usd_inclusion": 1}}, "yen_amount"),
    ("PCT_OUT_OF_RANGE", jp_withholding_rate, {**US, "voting_pct": 100.01}, "voting_pct"),
    ("PCT_OUT_OF_RANGE", jp_withholding_rate, {**US, "voting_pct": -1}, "voting_pct"),
    (
        "PCT_OUT_OF_RANGE",
        pfic_test,
        {"subsidiaries": [{"pct_by_value": 101}]},
        "subsidiaries[0].pct_by_value",
    ),
    ("RATE_OUT_OF_RANGE", us_dividend_tax, {**DIVIDEND, "ordinary_rate": 1.01}, "ordinary_rate"),
    ("RATE_OUT_OF_RANGE", pfic_allocate, {"top_rate_by_year": {"2003": 35}}, None),
    ("RATE_OUT_OF_RANGE", pfic_allocate, {"interest_factor_by_year": {"2003": -0.1}}, None),
    ("INVALID_FX_RATE", us_dividend_tax, {**DIVIDEND, "jpy_per_usd_inclusion": 0}, "jpy_per_usd_inclusion"),
    (
        "INVALID_FX_RATE",
        us_dividend_tax,
        {**DIVIDEND, "jpy_per_usd_inclusion": None},
        "jpy_per_usd_inclusion",
    ),
    (
        "INVALID_FX_RATE",
        fx_gain_loss,
        {"yen_amount": 1, "jpy_per_usd_inclusion": "abc"},
        "jpy_per_usd_inclusion",
    ),
    ("INVALID_FX_RATE", us_capital_gain, {"amount_realized_jpy": 100}, "jpy_per_usd_realized"),
    ("UNSUPPORTED_CURRENCY", jp_withholding_amounts, {**US, "currency": "EUR"}, "currency"),
    ("UNSUPPORTED_CURRENCY", us_dividend_tax, {**DIVIDEND, "currency": "USD"}, "currency"),
    ("UNSUPPORTED_CURRENCY", distribution_split, {"currency": "XYZ"}, "currency"),
    ("INVALID_DATE", jp_withholding_rate, {**US, "payment_date": "2004-02-30"}, "payment_date"),
    ("INVALID_DATE", jp_withholding_rate, {**US, "payment_date": "2004/09/30"}, "payment_date"),
    ("INVALID_DATE", jp_withholding_rate, {**US, "payment_date": "2004-09-30T00:00"}, "payment_date"),
    ("INVALID_DATE", qdi_holding_period, {"ex_dividend_date": 20040930}, "ex_dividend_date"),
    (
        "DATE_ORDER",
        qdi_holding_period,
        {"acquisition_date": "2004-09-02", "disposition_date": "2004-09-01"},
        None,
    ),
    (
        "DATE_ORDER",
        us_capital_gain,
        {"acquisition_date": "2004-09-02", "disposition_date": "2004-09-01"},
        None,
    ),
    (
        "DATE_ORDER",
        pfic_allocate,
        {"acquisition_date": "2004-09-02", "event_date": "2004-09-02"},
        "event_date",
    ),
    (
        "DATE_ORDER",
        jp_withholding_rate,
        {**US, "entitlement_date": "2004-09-30", "over_50pct_since": "2004-10-01"},
        "over_50pct_since",
    ),
    ("INVALID_ENUM", jp_withholding_rate, {**US, "holder_type": "trust_fund"}, "holder_type"),
    ("INVALID_ENUM", us_dividend_tax, {**DIVIDEND, "holder_kind": "person"}, "holder_kind"),
    ("INVALID_ENUM", jp_tax_on_disposal, {"sale_location": "moon"}, "sale_location"),
    ("INVALID_ENUM", us_dividend_tax, {**DIVIDEND, "special_class": "bank"}, "special_class"),
    ("INVALID_ENUM", qdi_holding_period, {"window_days": 122}, "window_days"),
    ("INVALID_ENUM", qdi_holding_period, {"window_days": True}, "window_days"),
    (
        "WITHHELD_EXCEEDS_GROSS",
        jp_withholding_amounts,
        {**US, "gross_dividend_jpy": 10, "actually_withheld_jpy": 11},
        None,
    ),
    (
        "WITHHELD_EXCEEDS_GROSS",
        us_dividend_tax,
        {**DIVIDEND, "jp_tax_withheld_jpy": 1001},
        "jp_tax_withheld_jpy",
    ),
    ("PASSIVE_EXCEEDS_TOTAL", pfic_test, {"gross_income": 10, "passive_income": 11}, "passive_income"),
    (
        "PASSIVE_EXCEEDS_TOTAL",
        pfic_test,
        {"passive_assets_q": [1, 1, 5, 1], "total_assets_q": [1, 1, 4, 1]},
        "passive_assets_q[2]",
    ),
    ("QUARTER_COUNT", pfic_test, {"passive_assets_q": [1, 2, 3]}, "passive_assets_q"),
    ("QUARTER_COUNT", pfic_test, {"total_assets_q": [1, 2, 3, 4, 5]}, "total_assets_q"),
    ("INVALID_NUMBER", jp_withholding_rate, {**US, "voting_pct": "ten"}, "voting_pct"),
    ("INVALID_NUMBER", jp_withholding_rate, {**US, "voting_pct": True}, "voting_pct"),
    ("INVALID_NUMBER", jp_withholding_rate, {**US, "voting_pct": float("nan")}, "voting_pct"),
    ("INVALID_NUMBER", pfic_test, {"gross_income": float("inf")}, "gross_income"),
    ("INVALID_NUMBER", distribution_split, {"basis_usd": "Infinity"}, "basis_usd"),
    ("UNKNOWN_INPUT", jp_withholding_rate, {**US, "voting_percent": 10}, "voting_percent"),
    ("UNKNOWN_INPUT", pfic_test, {"subsidiaries": [{"pct": 30}]}, "subsidiaries[0].pct"),
]


@pytest.mark.parametrize(
    ("code", "fn", "inputs", "field"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_bad_input_raises_the_spec_error_code(
    code: str, fn: Callable[..., dict[str, Any]], inputs: dict[str, Any], field: str | None
) -> None:
    with pytest.raises(InvalidInput) as error:
        fn(**inputs)
    assert error.value.code == code
    if field is not None:
        assert error.value.field == field
    assert error.value.message


def test_every_error_code_of_the_spec_is_covered() -> None:
    codes = {
        "NEGATIVE_AMOUNT",
        "NON_INTEGER_YEN",
        "PCT_OUT_OF_RANGE",
        "RATE_OUT_OF_RANGE",
        "INVALID_FX_RATE",
        "UNSUPPORTED_CURRENCY",
        "INVALID_DATE",
        "DATE_ORDER",
        "INVALID_ENUM",
        "WITHHELD_EXCEEDS_GROSS",
        "PASSIVE_EXCEEDS_TOTAL",
        "QUARTER_COUNT",
        "INVALID_NUMBER",
        "UNKNOWN_INPUT",
    }
    assert {case[0] for case in CASES} == codes


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_rejects_an_unknown_input(name: str) -> None:
    with pytest.raises(InvalidInput) as error:
        FUNCTIONS[name](no_such_input=1)
    assert (error.value.code, error.value.field) == ("UNKNOWN_INPUT", "no_such_input")


def test_disposition_on_the_acquisition_day_is_not_a_date_order_error() -> None:
    result = qdi_holding_period(
        acquisition_date="2004-09-01", disposition_date="2004-09-01", ex_dividend_date="2004-09-01"
    )
    assert result["days_held_in_window"] == 0


def test_json_float_inputs_go_through_str() -> None:
    result = jp_withholding_rate(**{**US, "holder_type": "corporation", "voting_pct": 10.0})
    assert result["rate"] == "0.05"
