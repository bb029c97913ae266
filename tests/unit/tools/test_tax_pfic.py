"""PFIC tests, excess distributions, allocation, mark-to-market, holder status (§3.11–§3.15); §3.16 and §4."""

from typing import Any

import pytest

from service.tools.tax import (
    InvalidInput,
    ads_second_form_deadline,
    not_stated,
    pfic_allocate,
    pfic_excess_distribution,
    pfic_holder_status,
    pfic_mark_to_market,
    pfic_test,
)

FLAT = [100, 100, 100, 100]


def quarters(value: float) -> list[float]:
    return [value] * 4


# --- PFIC tests ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("passive", "met"), [(75, True), ("74.99", False), (100, True)])
def test_income_test_is_met_at_exactly_75_percent(passive: float, met: bool) -> None:
    result = pfic_test(
        gross_income=100, passive_income=passive, passive_assets_q=quarters(0), total_assets_q=FLAT
    )
    assert result["income_test"] is met
    assert result["is_pfic"] is met


@pytest.mark.parametrize(("passive", "met"), [(50, True), ("49.99", False)])
def test_asset_test_is_met_at_exactly_50_percent(passive: float, met: bool) -> None:
    result = pfic_test(
        gross_income=100, passive_income=0, passive_assets_q=quarters(passive), total_assets_q=FLAT
    )
    assert result["asset_test"] is met
    assert result["asset_ratio"] == ("0.500000" if met else "0.499900")


def test_ratios_are_reported_to_6_places() -> None:
    result = pfic_test(
        gross_income=3, passive_income=2, passive_assets_q=quarters(1), total_assets_q=quarters(3)
    )
    assert result["income_ratio"] == "0.666667"
    assert result["asset_ratio"] == "0.333333"


def test_asset_test_uses_the_ratio_of_averages_and_flags_a_sensitive_method() -> None:
    result = pfic_test(
        gross_income=100,
        passive_income=0,
        passive_assets_q=[90, 0, 0, 0],
        total_assets_q=[100, 1000, 1000, 1000],
    )
    assert result["asset_ratio"] == "0.029032"
    assert result["asset_ratio_alt"] == "0.225000"
    assert result["asset_test"] is False
    assert "ASSET_TEST_METHOD_SENSITIVE" not in result["flags"]

    sensitive = pfic_test(
        gross_income=100,
        passive_income=0,
        passive_assets_q=[10, 10, 10, 100],
        total_assets_q=[10, 10, 10, 1000],
    )
    assert sensitive["asset_ratio_alt"] == "0.775000"
    assert sensitive["asset_test"] is False
    assert "ASSET_TEST_METHOD_SENSITIVE" in sensitive["flags"]


def test_zero_total_quarter_is_skipped_in_the_alternative_ratio() -> None:
    result = pfic_test(
        gross_income=1, passive_income=0, passive_assets_q=[0, 5, 5, 5], total_assets_q=[0, 10, 10, 10]
    )
    assert result["asset_ratio_alt"] == "0.500000"


SUBSIDIARY = {
    "gross_income": 100,
    "passive_income": 100,
    "passive_assets_q": quarters(100),
    "total_assets_q": quarters(100),
}


@pytest.mark.parametrize(("pct", "looked_through"), [(25, True), ("24.99", False), (100, True)])
def test_look_through_starts_at_25_percent_by_value(pct: float, looked_through: bool) -> None:
    result = pfic_test(
        gross_income=100,
        passive_income=70,
        passive_assets_q=quarters(0),
        total_assets_q=FLAT,
        subsidiaries=[{"pct_by_value": pct, **SUBSIDIARY}],
    )
    assert ("LOOKTHROUGH_ELIMINATION_BY_CALLER" in result["flags"]) is looked_through
    assert ("R-65" in result["rules"]) is looked_through
    if looked_through and pct == 25:
        assert result["combined_gross_income"] == "125"
        assert result["combined_passive_income"] == "95"
        assert result["income_test"] is True
    if not looked_through:
        assert result["income_test"] is False


def test_zero_gross_income_leaves_the_income_test_undefined() -> None:
    result = pfic_test(gross_income=0, passive_income=0, passive_assets_q=quarters(60), total_assets_q=FLAT)
    assert result["income_test"] is None
    assert "INCOME_TEST_UNDEFINED" in result["flags"]
    assert result["is_pfic"] is True


def test_zero_assets_leave_the_asset_test_undefined() -> None:
    result = pfic_test(
        gross_income=10, passive_income=1, passive_assets_q=quarters(0), total_assets_q=quarters(0)
    )
    assert result["asset_test"] is None
    assert "ASSET_TEST_UNDEFINED" in result["flags"]
    assert result["is_pfic"] is False


def test_both_tests_undefined_needs_info() -> None:
    result = pfic_test(
        gross_income=0, passive_income=0, passive_assets_q=quarters(0), total_assets_q=quarters(0)
    )
    assert result["status"] == "NEED_INFO"
    assert result["is_pfic"] is None


def test_one_test_met_decides_even_without_the_other() -> None:
    result = pfic_test(gross_income=100, passive_income=80)
    assert result["status"] == "OK"
    assert result["is_pfic"] is True


def test_one_test_failed_without_the_other_needs_the_other() -> None:
    result = pfic_test(gross_income=100, passive_income=10)
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["passive_assets_q", "total_assets_q"]


# --- Excess distributions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "prior", "threshold", "excess"),
    [
        (200, [100, 100, 100], "125.00", "75.00"),
        (150, [80, 120], "125.00", "25.00"),
        (125, [100, 100, 100], "125.00", "0.00"),
        ("125.01", [100], "125.00", "0.01"),
        (10, [100], "125.00", "0.00"),
    ],
)
def test_excess_is_above_125_percent_of_the_prior_average(
    current: float, prior: list[float], threshold: str, excess: str
) -> None:
    result = pfic_excess_distribution(
        current_year_distributions_usd=current, prior_year_distributions_usd=prior
    )
    assert result["threshold_usd"] == threshold
    assert result["excess_distribution_usd"] == excess
    assert "PARTIAL_YEAR_COUNTED_AS_YEAR" in result["flags"]


def test_first_year_has_no_stated_excess() -> None:
    result = pfic_excess_distribution(current_year_distributions_usd=100, prior_year_distributions_usd=[])
    assert result["status"] == "NOT_STATED"
    assert result["excess_distribution_usd"] is None
    assert "FIRST_YEAR_NOT_STATED" in result["flags"]


def test_only_the_last_three_prior_years_count() -> None:
    result = pfic_excess_distribution(
        current_year_distributions_usd=200, prior_year_distributions_usd=[1000, 100, 100, 100]
    )
    assert result["years_used"] == 3
    assert result["excess_distribution_usd"] == "75.00"
    assert "MORE_THAN_THREE_PRIOR_YEARS_GIVEN" in result["flags"]


# --- Allocation -------------------------------------------------------------------------------------------


def test_allocation_without_top_rates_needs_one_per_prior_year() -> None:
    result = pfic_allocate(amount_usd=1000, acquisition_date="2002-12-31", event_date="2005-12-31")
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["top_rate_2003", "top_rate_2004"]
    assert result["allocation_by_year"] == {"2003": "333.03", "2004": "333.94"}


def test_allocation_without_interest_factors_is_ok_but_flagged() -> None:
    result = pfic_allocate(
        amount_usd=1000,
        acquisition_date="2002-12-31",
        event_date="2005-12-31",
        top_rate_by_year={2003: 1, 2004: 0},
    )
    assert result["status"] == "OK"
    assert result["deferred_tax_by_year"] == {"2003": "333.03", "2004": "0.00"}
    assert result["interest_total_usd"] is None
    assert result["total_deferred_tax_and_interest_usd"] is None
    assert "INTEREST_NOT_COMPUTED" in result["flags"]


def test_allocation_within_one_year_is_all_current_year() -> None:
    result = pfic_allocate(amount_usd="99.99", acquisition_date="2004-01-01", event_date="2004-12-31")
    assert result["status"] == "OK"
    assert result["current_year_ordinary_income_usd"] == "99.99"
    assert result["deferred_tax_total_usd"] == "0.00"


def test_allocation_starts_the_day_after_acquisition() -> None:
    result = pfic_allocate(
        amount_usd=100,
        acquisition_date="2003-12-31",
        event_date="2004-01-01",
        top_rate_by_year={"2003": 0.35},
    )
    assert result["holding_days"] == 1
    assert result["days_by_year"] == {"2004": 1}


def test_current_year_ordinary_rate_is_applied_when_given() -> None:
    result = pfic_allocate(
        amount_usd=100,
        acquisition_date="2004-01-01",
        event_date="2004-06-01",
        current_year_ordinary_rate="0.25",
    )
    assert result["current_year_tax_usd"] == "25.00"
    assert "ORDINARY_RATES_NOT_STATED" not in result["flags"]


# --- Mark-to-market ----------------------------------------------------------------------------------------


def mtm(**inputs: Any) -> dict[str, Any]:
    return pfic_mark_to_market(**{"initial_basis_usd": 100, **inputs})


def test_mark_to_market_loss_is_limited_to_prior_inclusions() -> None:
    result = mtm(years=[{"year": 2004, "fmv_usd": 80}])
    assert result["years"][0]["ordinary_loss_usd"] == "0.00"
    assert result["years"][0]["loss_disallowed_usd"] == "20.00"
    assert result["ending_basis_usd"] == "100.00"
    assert "MTM_EXCESS_LOSS_TREATMENT_NOT_STATED" in result["flags"]


def test_prior_unreversed_inclusions_allow_a_loss() -> None:
    result = mtm(years=[{"year": 2004, "fmv_usd": 80}], prior_unreversed_inclusions_usd=15)
    assert result["years"][0]["ordinary_loss_usd"] == "15.00"
    assert result["ending_basis_usd"] == "85.00"


def test_sale_above_basis_gives_a_gain_of_unstated_character() -> None:
    result = mtm(years=[{"year": 2003, "fmv_usd": 130}], sale={"year": 2004, "price_usd": 150})
    assert result["sale"]["gain_on_sale_usd"] == "20.00"
    assert result["sale"]["gain_character"] is None
    assert "MTM_SALE_GAIN_CHARACTER_NOT_STATED" in result["flags"]


def test_sale_replaces_that_years_mark_and_uses_the_loss_rule() -> None:
    result = mtm(
        years=[{"year": 2003, "fmv_usd": 130}, {"year": 2004, "fmv_usd": 999}],
        sale={"year": 2004, "price_usd": 90},
    )
    assert [row["year"] for row in result["years"]] == [2003]
    assert result["sale"]["ordinary_loss_usd"] == "30.00"
    assert result["sale"]["loss_disallowed_usd"] == "10.00"
    assert result["ending_basis_usd"] == "100.00"


def test_mark_after_the_sale_is_a_date_order_error() -> None:
    with pytest.raises(InvalidInput) as error:
        mtm(years=[{"year": 2005, "fmv_usd": 1}], sale={"year": 2004, "price_usd": 1})
    assert error.value.code == "DATE_ORDER"


def test_unknown_key_in_a_year_entry_is_rejected() -> None:
    with pytest.raises(InvalidInput) as error:
        mtm(years=[{"year": 2004, "fmv": 1}])
    assert error.value.code == "UNKNOWN_INPUT"


# --- Holder status, deadline, not stated -----------------------------------------------------------------


def test_holder_status_intersects_held_and_pfic_years() -> None:
    result = pfic_holder_status(held_years=[2003, 2004, 2005, 2006], pfic_years=[2002, 2004])
    assert result["pfic_with_respect_to_holder"] is True
    assert result["form_8621_years"] == [2004]
    assert result["qdi_blocked_years"] == [2003, 2004, 2005]


def test_holder_never_holding_in_a_pfic_year_files_no_form() -> None:
    result = pfic_holder_status(held_years=["2006"], pfic_years=[2004])
    assert result["form_8621_required"] is False
    assert result["qdi_blocked_years"] == []


@pytest.mark.parametrize(
    ("year_end", "deadline"),
    [
        ("2004-03-31", "2004-11-30"),
        ("2004-06-30", "2005-02-28"),
        ("2003-06-30", "2004-02-29"),
        ("2004-06-29", "2005-02-28"),
        ("2004-12-31", "2005-08-31"),
        ("2004-02-29", "2004-10-31"),
        ("2004-03-15", "2004-11-15"),
    ],
)
def test_second_form_deadline_is_eight_months_after_year_end(year_end: str, deadline: str) -> None:
    result = ads_second_form_deadline(fiscal_year_end=year_end)
    assert result["deadline"] == deadline
    assert "FISCAL_YEAR_END_NOT_IN_DOCUMENT" in result["flags"]


TOPICS = [
    "other_treaty_rate",
    "capital_relationship_reduction",
    "additional_requirements_definition",
    "us_ordinary_rates",
    "lower_qdi_brackets",
    "ftc_limitation",
    "pfic_interest_rate",
    "pfic_top_rates",
    "pfic_exceptions",
    "inheritance_gift_rates",
    "stamp_transfer_tax",
    "ads_ratio",
    "fiscal_year_end",
    "capital_loss_limits",
]


@pytest.mark.parametrize("topic", TOPICS)
def test_not_stated_topics_have_no_value(topic: str) -> None:
    result = not_stated(topic=topic)
    assert result["status"] == "NOT_STATED"
    assert result["topic"] == topic
    assert result["value"] is None
    assert result["reason"]


@pytest.mark.parametrize("topic", ["canada_rate", "OTHER_TREATY_RATE", "", 3])
def test_unknown_not_stated_topic_is_an_invalid_enum(topic: object) -> None:
    with pytest.raises(InvalidInput) as error:
        not_stated(topic=topic)  # type: ignore[arg-type]
    assert error.value.code == "INVALID_ENUM"
