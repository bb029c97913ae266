"""U.S. taxation: QDI holding period, dividends, distributions, FX and capital gains (§3.5–§3.9)."""

from typing import Any

import pytest

from service.tools.tax import (
    distribution_split,
    fx_gain_loss,
    qdi_holding_period,
    us_capital_gain,
    us_dividend_tax,
)

# --- QDI holding period -------------------------------------------------------------------------------

EX_DATE = "2004-09-28"


@pytest.mark.parametrize(
    ("acquired", "disposed", "days", "met"),
    [
        ("2004-07-30", "2004-09-28", 60, False),
        ("2004-07-29", "2004-09-28", 61, True),
        ("2004-07-29", "2004-07-29", 0, False),
        ("2004-01-01", None, 121, True),
        ("2004-09-27", None, 61, True),
        ("2004-09-28", None, 60, False),
        ("2004-01-01", "2004-07-29", 0, False),
        ("2004-01-01", "2004-07-30", 1, False),
    ],
)
def test_days_held_in_the_121_day_window(acquired: str, disposed: str | None, days: int, met: bool) -> None:
    result = qdi_holding_period(
        acquisition_date=acquired, disposition_date=disposed, ex_dividend_date=EX_DATE
    )
    assert result["window_start"] == "2004-07-30"
    assert result["window_end"] == "2004-11-27"
    assert result["days_held_in_window"] == days
    assert result["met"] is met
    assert "HOLDING_DAYCOUNT_EXTERNAL" in result["flags"]
    assert "OTHER_HOLDING_PERIOD_REQUIREMENTS_UNVERIFIED" in result["flags"]
    assert result["note"] == "other holding period requirements not verified"


def test_the_120_day_window_ends_one_day_earlier_and_is_flagged() -> None:
    result = qdi_holding_period(acquisition_date="2004-09-27", ex_dividend_date=EX_DATE, window_days=120)
    assert result["window_end"] == "2004-11-26"
    assert result["days_held_in_window"] == 60
    assert result["met"] is False
    assert "WINDOW_120_STATUTORY_TEXT" in result["flags"]
    assert result["rules"] == ["R-34"]


def test_the_121_day_window_counts_the_extra_day() -> None:
    result = qdi_holding_period(acquisition_date="2004-09-27", ex_dividend_date=EX_DATE, window_days=121)
    assert result["days_held_in_window"] == 61
    assert result["met"] is True
    assert "R-35b" in result["rules"]


def test_holding_period_without_dates_needs_them() -> None:
    result = qdi_holding_period()
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["acquisition_date", "ex_dividend_date"]


# --- U.S. dividends ---------------------------------------------------------------------------------


def dividend(**inputs: Any) -> dict[str, Any]:
    base = {
        "gross_dividend_jpy": 1_000_000,
        "payment_date": "2004-09-30",
        "jpy_per_usd_inclusion": 110,
        "holder_kind": "noncorporate",
        "advance_form_filed": True,
        "holding_period_met": True,
    }
    return us_dividend_tax(**{**base, **inputs})


def test_qualified_dividend_is_capped_at_15_percent() -> None:
    result = dividend()
    assert result["status"] == "OK"
    assert result["gross_dividend_usd"] == "9090.91"
    assert result["qualified_dividend"] is True
    assert result["max_rate"] == "0.15"
    assert result["us_tax_at_max_rate_usd"] == "1363.64"
    assert {
        "ASSUMED_UNDER_10PCT",
        "ASSUMED_NOT_PFIC",
        "ASSUMED_CALENDAR_YEAR",
        "ASSUMED_FULL_E_AND_P",
    } <= set(result["flags"])


@pytest.mark.parametrize(
    ("year_start", "qualified"),
    [
        ("2002-12-31", False),
        ("2003-01-01", True),
        ("2008-12-31", True),
        ("2009-01-01", False),
    ],
)
def test_qdi_needs_a_taxable_year_beginning_2003_to_2008(year_start: str, qualified: bool) -> None:
    result = dividend(taxable_year_start=year_start)
    assert result["qualified_dividend"] is qualified
    assert ("taxable_year_not_2003_to_2008" in result["qdi_failures"]) is not qualified


@pytest.mark.parametrize(("payment_date", "qualified"), [("2008-12-31", True), ("2009-01-01", False)])
def test_taxable_year_2009_gets_no_cap_and_is_flagged(payment_date: str, qualified: bool) -> None:
    result = dividend(payment_date=payment_date)
    assert result["qualified_dividend"] is qualified
    assert "LAW_AS_OF_2004" in result["flags"]
    if not qualified:
        assert result["max_rate"] is None
        assert "ORDINARY_RATES_NOT_STATED" in result["flags"]


def test_corporate_holder_gets_no_qdi_and_no_dividends_received_deduction() -> None:
    result = dividend(holder_kind="corporate")
    assert result["qualified_dividend"] is False
    assert result["qdi_failures"] == ["corporate_holder"]
    assert result["dividends_received_deduction"] is False
    assert "NO_DIVIDENDS_RECEIVED_DEDUCTION" in result["flags"]


@pytest.mark.parametrize(
    ("inputs", "failure"),
    [
        ({"pfic_distribution_year": True}, "pfic_in_distribution_year"),
        ({"pfic_preceding_year": True}, "pfic_in_preceding_year"),
        ({"holding_period_met": False}, "holding_period_not_met"),
    ],
)
def test_qdi_failures_are_listed(inputs: dict[str, Any], failure: str) -> None:
    result = dividend(**inputs)
    assert result["qualified_dividend"] is False
    assert result["qdi_failures"] == [failure]


def test_pfic_years_given_drop_the_not_pfic_assumption() -> None:
    result = dividend(pfic_distribution_year=False, pfic_preceding_year=False)
    assert "ASSUMED_NOT_PFIC" not in result["flags"]


@pytest.mark.parametrize(
    ("inputs", "assumed"),
    [
        ({}, True),
        ({"pfic_distribution_year": False}, True),
        ({"pfic_preceding_year": False}, True),
        ({"pfic_distribution_year": True}, False),  # one PFIC year stated: nothing is assumed about the other
        ({"pfic_preceding_year": True}, False),
        ({"pfic_distribution_year": True, "pfic_preceding_year": False}, False),
    ],
)
def test_not_pfic_is_assumed_only_when_no_year_given_is_a_pfic_year(
    inputs: dict[str, Any], assumed: bool
) -> None:
    result = dividend(**inputs)
    assert ("ASSUMED_NOT_PFIC" in result["flags"]) is assumed
    assert ("R-32" in result["rules"]) is assumed


@pytest.mark.parametrize(("acquired", "qualified"), [("2004-07-29", True), ("2004-07-30", False)])
def test_holding_period_dates_decide_qdi_and_are_echoed(acquired: str, qualified: bool) -> None:
    result = dividend(
        holding_period_met=None, acquisition_date=acquired, disposition_date=EX_DATE, ex_dividend_date=EX_DATE
    )
    assert result["qualified_dividend"] is qualified
    assert result["holding_period"]["met"] is qualified


def test_unknown_holding_period_needs_it_when_everything_else_qualifies() -> None:
    result = dividend(holding_period_met=None)
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["holding_period"]
    assert result["gross_dividend_usd"] == "9090.91"


def test_unknown_holding_period_is_not_asked_when_qdi_fails_anyway() -> None:
    result = dividend(holding_period_met=None, holder_kind="corporate")
    assert result["status"] == "OK"
    assert result["qualified_dividend"] is False


def test_ordinary_rate_is_applied_only_when_the_caller_gives_it() -> None:
    result = dividend(holder_kind="corporate", ordinary_rate="0.35")
    assert result["us_tax_at_ordinary_rate_usd"] == "3181.82"
    assert result["us_tax_at_max_rate_usd"] is None


@pytest.mark.parametrize(
    ("inputs", "withheld", "creditable", "refundable"),
    [
        ({"advance_form_filed": True}, 100_000, 100_000, 0),
        ({"advance_form_filed": False}, 200_000, 100_000, 100_000),
        ({"advance_form_filed": None, "jp_tax_withheld_jpy": 80_000}, 80_000, 80_000, 0),
        ({"payment_date": "2004-06-30", "advance_form_filed": True}, 150_000, 150_000, 0),
    ],
)
def test_foreign_tax_credit_excludes_the_refundable_excess(
    inputs: dict[str, Any], withheld: int, creditable: int, refundable: int
) -> None:
    result = dividend(**inputs)
    assert result["withheld_jpy"] == withheld
    assert result["ftc_creditable_jpy"] == creditable
    assert result["non_creditable_jpy"] == refundable
    assert "FTC_LIMITATION_NOT_COMPUTED" in result["flags"]


def test_prior_treaty_payment_uses_15_percent_and_the_tension_flag() -> None:
    result = dividend(payment_date="2004-06-30")
    assert result["treaty_rate"] == "0.15"
    assert "DOC_TENSION_PRIOR_TREATY_CEASED" in result["flags"]


def test_ftc_rate_can_be_overridden() -> None:
    result = dividend(ftc_jpy_per_usd=100)
    assert result["ftc_creditable_usd"] == "1000.00"
    assert "FTC_FX_RATE_DEFAULTED" not in result["flags"]


def test_unknown_form_needs_it_but_gross_usd_is_returned() -> None:
    result = dividend(advance_form_filed=None)
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["advance_form_filed"]
    assert result["gross_dividend_usd"] == "9090.91"


def test_missing_payment_date_needs_it() -> None:
    result = dividend(payment_date=None)
    assert result["status"] == "NEED_INFO"
    assert "payment_date" in result["missing"]


def test_missing_holder_kind_needs_it() -> None:
    assert "holder_kind" in dividend(holder_kind=None)["missing"]


@pytest.mark.parametrize(("financial", "basket"), [(False, "passive"), (True, "financial_services")])
def test_ftc_basket_depends_on_financial_institution(financial: bool, basket: str) -> None:
    result = dividend(is_financial_institution=financial)
    assert result["ftc_basket"] == basket
    assert result["income_source"] == "foreign"


@pytest.mark.parametrize(
    "inputs",
    [
        {"voting_pct": 10},
        {"voting_pct": 50},
        *({"special_class": c} for c in ["tax_exempt", "pension_fund", "life_insurance", "dealer"]),
        *(
            {"special_class": c}
            for c in ["trader_mtm", "amt", "straddle_hedge", "non_usd_functional_currency"]
        ),
    ],
)
def test_excluded_classes_are_out_of_scope(inputs: dict[str, Any]) -> None:
    result = dividend(**inputs)
    assert result["status"] == "OUT_OF_SCOPE"
    assert result["rules"] == ["R-31"]


def test_holder_just_under_10_percent_is_in_scope() -> None:
    result = dividend(voting_pct="9.99")
    assert result["status"] == "OK"
    assert "ASSUMED_UNDER_10PCT" not in result["flags"]


# --- Distribution split and FX ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dist", "ep", "basis", "expected"),
    [
        (100, 150, 50, ("100.00", "0.00", "0.00", "50.00")),
        (100, 60, 30, ("60.00", "30.00", "10.00", "0.00")),
        (100, 60, 50, ("60.00", "40.00", "0.00", "10.00")),
        (100, 0, 0, ("0.00", "0.00", "100.00", "0.00")),
    ],
)
def test_distribution_is_dividend_then_return_of_capital_then_gain(
    dist: int, ep: int, basis: int, expected: tuple[str, str, str, str]
) -> None:
    result = distribution_split(distribution_usd=dist, earnings_and_profits_usd=ep, basis_usd=basis)
    got = (result["dividend_usd"], result["return_of_capital_usd"], result["capital_gain_usd"])
    assert (*got, result["basis_after_usd"]) == expected


def test_distribution_split_needs_every_figure() -> None:
    assert distribution_split(distribution_usd=1)["missing"] == ["earnings_and_profits_usd", "basis_usd"]


def test_a_distribution_covered_by_earnings_and_profits_needs_no_basis() -> None:
    result = distribution_split(distribution_usd=450, earnings_and_profits_usd=450)
    assert result["status"] == "OK"
    assert (result["dividend_usd"], result["return_of_capital_usd"], result["basis_after_usd"]) == (
        "450.00",
        "0.00",
        None,
    )


def test_a_distribution_above_earnings_and_profits_still_asks_the_basis() -> None:
    assert distribution_split(distribution_usd=451, earnings_and_profits_usd=450)["missing"] == ["basis_usd"]


@pytest.mark.parametrize(
    ("inclusion", "conversion", "expected"),
    [(110, 100, "1000.00"), (100, 110, "-1000.00"), (110, 110, "0.00"), (110, "109.5", "45.66")],
)
def test_fx_gain_or_loss_is_ordinary(inclusion: int, conversion: int | str, expected: str) -> None:
    result = fx_gain_loss(
        yen_amount=1_100_000, jpy_per_usd_inclusion=inclusion, jpy_per_usd_conversion=conversion
    )
    assert result["fx_gain_loss_usd"] == expected
    assert result["character"] == "ordinary"
    assert result["qdi_rate_eligible"] is False
    assert result["source"] == "US"


# --- Capital gains ----------------------------------------------------------------------------------


def gain(**inputs: Any) -> dict[str, Any]:
    base = {
        "holder_kind": "noncorporate",
        "acquisition_date": "2003-06-01",
        "disposition_date": "2004-06-02",
        "basis_usd": 1000,
        "amount_realized_usd": 1500,
    }
    return us_capital_gain(**{**base, **inputs})


@pytest.mark.parametrize(
    ("acquired", "disposed", "long_term"),
    [
        ("2003-06-01", "2004-06-01", False),
        ("2003-06-01", "2004-06-02", True),
        ("2004-02-29", "2005-02-28", False),
        ("2004-02-29", "2005-03-01", True),
    ],
)
def test_long_term_needs_more_than_one_year(acquired: str, disposed: str, long_term: bool) -> None:
    result = gain(acquisition_date=acquired, disposition_date=disposed)
    assert result["long_term"] is long_term
    assert (result["preferential_max_rate"] == "0.15") is long_term


def test_gain_sold_exactly_on_the_anniversary_is_not_long_term() -> None:
    result = gain(disposition_date="2004-06-01")
    assert result["long_term"] is False
    assert result["status"] == "NOT_STATED"
    assert "document gives no rate" in result["note"]


def test_long_term_gain_is_capped_at_15_percent() -> None:
    result = gain()
    assert result["gain_loss_usd"] == "500.00"
    assert result["us_tax_at_max_rate_usd"] == "75.00"
    assert {"SETTLEMENT_VS_TRADE_DATE_NOT_STATED", "ASSUMED_NOT_PFIC", "HOLDING_DAYCOUNT_EXTERNAL"} <= set(
        result["flags"]
    )
    assert result["source"] == "US"


@pytest.mark.parametrize(
    ("disposed", "capped"),
    [("2003-05-05", False), ("2003-05-06", True), ("2008-12-31", True), ("2009-01-01", False)],
)
def test_the_15_percent_cap_applies_to_gains_from_may_6_2003_to_2008(disposed: str, capped: bool) -> None:
    result = gain(acquisition_date="2001-01-01", disposition_date=disposed)
    assert (result["preferential_max_rate"] == "0.15") is capped
    assert result["status"] == ("OK" if capped else "NOT_STATED")


def test_corporate_gain_has_no_stated_rate() -> None:
    result = gain(holder_kind="corporate")
    assert result["status"] == "NOT_STATED"
    assert result["preferential_max_rate"] is None


def test_loss_has_no_tax_and_is_flagged() -> None:
    result = gain(amount_realized_usd=800)
    assert result["status"] == "OK"
    assert result["gain_loss_usd"] == "-200.00"
    assert result["us_tax_at_max_rate_usd"] is None
    assert "CAPITAL_LOSS_RULES_NOT_STATED" in result["flags"]


def test_yen_proceeds_are_translated_at_the_given_rate() -> None:
    result = gain(amount_realized_usd=None, amount_realized_jpy=165_000, jpy_per_usd_realized=110)
    assert result["amount_realized_usd"] == "1500.00"
    assert result["gain_loss_usd"] == "500.00"


@pytest.mark.parametrize(
    ("inputs", "treatment"),
    [
        ({"pfic_holder": True}, "PFIC_EXCESS_DISTRIBUTION_RULES"),
        ({"pfic_holder": True, "mtm_election": True}, "MARK_TO_MARKET"),
        ({"pfic_holder": False}, "CAPITAL_GAIN"),
    ],
)
def test_pfic_holders_get_the_pfic_treatment(inputs: dict[str, Any], treatment: str) -> None:
    result = gain(**inputs)
    assert result["treatment"] == treatment
    assert (result["preferential_max_rate"] is None) is (treatment != "CAPITAL_GAIN")


def test_capital_gain_scope_excludes_10_percent_holders() -> None:
    assert gain(voting_pct=10)["status"] == "OUT_OF_SCOPE"


def test_capital_gain_lists_missing_facts() -> None:
    result = us_capital_gain(holder_kind="noncorporate")
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["acquisition_date", "disposition_date", "basis_usd", "amount_realized_usd"]
