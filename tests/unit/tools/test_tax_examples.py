"""Every worked example of docs/tax-rules.md §6, exactly."""

from service.tools.tax import (
    jp_withholding_amounts,
    pfic_allocate,
    pfic_excess_distribution,
    pfic_mark_to_market,
    qdi_holding_period,
    us_dividend_tax,
)

US_INDIVIDUAL = {"residence": "US", "holder_type": "individual"}


def test_us_individual_paid_under_the_treaty_with_form_has_10_percent_withheld() -> None:
    result = jp_withholding_amounts(
        **US_INDIVIDUAL, payment_date="2004-09-30", gross_dividend_jpy=1_000_000, advance_form_filed=True
    )
    assert result["treaty_rate"] == "0.10"
    assert (result["withheld_jpy"], result["net_jpy"], result["refund_claimable_jpy"]) == (
        100_000,
        900_000,
        0,
    )


def test_us_individual_paid_under_the_treaty_without_form_gets_the_excess_refunded() -> None:
    result = jp_withholding_amounts(
        **US_INDIVIDUAL, payment_date="2004-09-30", gross_dividend_jpy=1_000_000, advance_form_filed=False
    )
    assert (result["withheld_jpy"], result["refund_claimable_jpy"]) == (200_000, 100_000)


def test_us_individual_paid_under_the_prior_treaty_without_form_gets_50000_back() -> None:
    result = jp_withholding_amounts(
        **US_INDIVIDUAL,
        payment_date="2004-06-30",
        voting_pct=5,
        gross_dividend_jpy=1_000_000,
        advance_form_filed=False,
    )
    assert result["treaty_rate"] == "0.15"
    assert result["refund_claimable_jpy"] == 50_000


def test_12345_yen_at_15_percent_truncates_to_1851() -> None:
    result = jp_withholding_amounts(
        **US_INDIVIDUAL,
        payment_date="2004-06-30",
        voting_pct=5,
        gross_dividend_jpy=12_345,
        advance_form_filed=True,
    )
    assert result["withheld_jpy"] == 1_851
    assert "JPY_TRUNCATION" in result["flags"]


def test_12345_yen_under_the_treaty_without_form_refunds_1235() -> None:
    result = jp_withholding_amounts(
        **US_INDIVIDUAL, payment_date="2004-09-30", gross_dividend_jpy=12_345, advance_form_filed=False
    )
    assert (result["withheld_jpy"], result["treaty_tax_jpy"], result["refund_claimable_jpy"]) == (
        2_469,
        1_234,
        1_235,
    )


def test_us_individual_dividend_in_dollars() -> None:
    common = {
        "gross_dividend_jpy": 1_000_000,
        "payment_date": "2004-09-30",
        "jpy_per_usd_inclusion": 110,
        "holder_kind": "noncorporate",
        "holding_period_met": True,
    }
    with_form = us_dividend_tax(**common, advance_form_filed=True)
    assert with_form["gross_dividend_usd"] == "9090.91"
    assert with_form["us_tax_at_max_rate_usd"] == "1363.64"
    assert (with_form["ftc_creditable_jpy"], with_form["ftc_creditable_usd"]) == (100_000, "909.09")

    without_form = us_dividend_tax(**common, advance_form_filed=False)
    assert (without_form["ftc_creditable_jpy"], without_form["ftc_creditable_usd"]) == (100_000, "909.09")
    assert (without_form["non_creditable_jpy"], without_form["non_creditable_usd"]) == (100_000, "909.09")


def test_qdi_window_around_ex_date_2004_09_28() -> None:
    short = qdi_holding_period(
        acquisition_date="2004-07-30", disposition_date="2004-09-28", ex_dividend_date="2004-09-28"
    )
    assert (short["window_start"], short["window_end"]) == ("2004-07-30", "2004-11-27")
    assert (short["days_held_in_window"], short["met"]) == (60, False)
    long = qdi_holding_period(
        acquisition_date="2004-07-29", disposition_date="2004-09-28", ex_dividend_date="2004-09-28"
    )
    assert (long["days_held_in_window"], long["met"]) == (61, True)


def test_excess_distribution_examples() -> None:
    three = pfic_excess_distribution(
        current_year_distributions_usd=200, prior_year_distributions_usd=[100, 100, 100]
    )
    assert (three["threshold_usd"], three["excess_distribution_usd"]) == ("125.00", "75.00")
    two = pfic_excess_distribution(current_year_distributions_usd=150, prior_year_distributions_usd=[80, 120])
    assert two["excess_distribution_usd"] == "25.00"


def test_allocation_of_1000_dollars_over_1096_days() -> None:
    result = pfic_allocate(
        amount_usd=1000,
        acquisition_date="2002-12-31",
        event_date="2005-12-31",
        top_rate_by_year={"2003": 0.35, "2004": 0.35},
        interest_factor_by_year={"2003": 0.10, "2004": 0.05},
    )
    assert result["status"] == "OK"
    assert result["holding_days"] == 1096
    assert result["allocation_by_year"] == {"2003": "333.03", "2004": "333.94"}
    assert result["current_year_ordinary_income_usd"] == "333.03"
    assert result["deferred_tax_by_year"] == {"2003": "116.56", "2004": "116.88"}
    assert result["interest_by_year"] == {"2003": "11.66", "2004": "5.84"}


def test_mark_to_market_example() -> None:
    result = pfic_mark_to_market(
        initial_basis_usd=100,
        years=[{"year": 2003, "fmv_usd": 130}, {"year": 2004, "fmv_usd": 110}, {"year": 2005, "fmv_usd": 80}],
    )
    rows = result["years"]
    assert rows[0]["ordinary_income_usd"] == "30.00"
    assert rows[1]["ordinary_loss_usd"] == "20.00"
    assert (rows[2]["ordinary_loss_usd"], rows[2]["loss_disallowed_usd"]) == ("10.00", "20.00")
    assert result["ending_basis_usd"] == "100.00"
