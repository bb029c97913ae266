"""Japanese withholding: rate (§3.2), amounts (§3.3), disposal (§3.10) and fixed facts (§3.1, §3.4)."""

import json
from typing import Any

import pytest

from service.tools.tax import (
    dividend_rate_table,
    jp_tax_on_disposal,
    jp_withholding_amounts,
    jp_withholding_rate,
    normalise_residence,
    statutory_and_misc_japan,
)

TREATY_DAY = "2004-09-30"
PRIOR_DAY = "2004-01-15"


def rate(**inputs: Any) -> dict[str, Any]:
    return jp_withholding_rate(**{"residence": "US", "payment_date": TREATY_DAY, **inputs})


def corp(voting_pct: float, **inputs: Any) -> dict[str, Any]:
    return rate(holder_type="corporation", voting_pct=voting_pct, **inputs)


# --- Treaty: corporations and voting boundaries ------------------------------------------------------


@pytest.mark.parametrize(
    ("voting_pct", "expected"),
    [
        (0, "0.10"),
        (9.99, "0.10"),
        (10, "0.05"),
        (30, "0.05"),
        (50, "0.05"),
    ],
)
def test_corporation_rate_follows_the_voting_rows(voting_pct: float, expected: str) -> None:
    result = corp(voting_pct)
    assert result["status"] == "OK"
    assert result["regime"] == "TREATY_2003"
    assert result["rate"] == expected


def test_corporation_with_exactly_10_percent_gets_5_percent() -> None:
    result = corp(10)
    assert result["rate"] == "0.05"
    assert "R-09" in result["rules"]


def test_corporation_with_exactly_50_percent_gets_5_percent_without_a_12_month_test() -> None:
    result = corp(50)
    assert result["rate"] == "0.05"
    assert "TWELVE_MONTH_CONVENTION" not in result["flags"]


def test_corporation_over_50_percent_without_the_12_month_fact_needs_it() -> None:
    result = corp(50.01)
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["held_over_50pct_12m"]
    assert result["rate"] is None
    assert "at most 5%" in result["note"]


def test_corporation_over_50_percent_with_start_date_but_no_entitlement_date_asks_for_it() -> None:
    result = corp(60, over_50pct_since="2003-01-01")
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["entitlement_date"]


@pytest.mark.parametrize(
    ("since", "met"),
    [
        ("2003-10-01", True),
        ("2003-09-30", True),
        ("2003-10-02", False),
        ("2004-09-30", False),
    ],
)
def test_twelve_month_test_ends_on_the_entitlement_date(since: str, met: bool) -> None:
    result = corp(60, entitlement_date="2004-09-30", over_50pct_since=since, additional_requirements_met=True)
    assert result["rate"] == ("0.00" if met else "0.05")
    assert "TWELVE_MONTH_CONVENTION" in result["flags"]


@pytest.mark.parametrize(
    ("since", "met"),
    [("2003-03-01", True), ("2003-03-02", False), ("2003-02-28", True)],
)
def test_twelve_month_test_clamps_february_29_to_february_28(since: str, met: bool) -> None:
    result = corp(60, entitlement_date="2004-02-29", over_50pct_since=since, additional_requirements_met=True)
    assert result["rate"] == ("0.00" if met else "0.05")


def test_over_50_percent_with_12_months_and_unknown_requirements_is_conditional() -> None:
    result = corp(60, held_over_50pct_12m=True)
    assert result["status"] == "CONDITIONAL"
    assert result["rate"] is None
    assert result["rate_if_conditions_met"] == "0.00"
    assert result["rate_otherwise"] == "0.05"
    assert "ADDITIONAL_REQUIREMENTS_UNDEFINED" in result["flags"]
    assert "otherwise 5%" in result["note"]


def test_over_50_percent_with_asserted_requirements_gets_0_percent_and_both_flags() -> None:
    result = corp(60, held_over_50pct_12m=True, additional_requirements_met=True)
    assert result["status"] == "OK"
    assert result["rate"] == "0.00"
    assert "CALLER_ASSERTED_ADDITIONAL_REQUIREMENTS" in result["flags"]
    assert "ADDITIONAL_REQUIREMENTS_UNDEFINED" in result["flags"]


def test_over_50_percent_with_requirements_not_met_gets_5_percent() -> None:
    assert corp(60, held_over_50pct_12m=True, additional_requirements_met=False)["rate"] == "0.05"


def test_over_50_percent_failing_the_12_month_test_gets_5_percent() -> None:
    result = corp(100, held_over_50pct_12m=False, additional_requirements_met=True)
    assert result["rate"] == "0.05"
    assert "ADDITIONAL_REQUIREMENTS_UNDEFINED" not in result["flags"]


def test_explicit_12_month_answer_wins_over_dates() -> None:
    result = corp(
        60,
        held_over_50pct_12m=False,
        entitlement_date="2004-09-30",
        over_50pct_since="2000-01-01",
        additional_requirements_met=True,
    )
    assert result["rate"] == "0.05"
    assert "TWELVE_MONTH_CONVENTION" not in result["flags"]


def test_corporation_under_the_treaty_without_voting_pct_needs_it() -> None:
    result = rate(holder_type="corporation")
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["voting_pct"]


# --- Treaty: other holder types -------------------------------------------------------------------


@pytest.mark.parametrize("holder_type", ["individual", "other", "Individual"])
@pytest.mark.parametrize("voting_pct", [None, 5, 10, 60])
def test_non_corporate_holders_get_10_percent_whatever_they_own(
    holder_type: str, voting_pct: float | None
) -> None:
    result = rate(holder_type=holder_type, voting_pct=voting_pct)
    assert result["status"] == "OK"
    assert result["rate"] == "0.10"


def test_pension_fund_without_business_income_is_exempt() -> None:
    result = rate(holder_type="pension_fund", pension_dividends_from_business=False)
    assert result["rate"] == "0.00"
    assert "R-10c" in result["rules"]


def test_pension_fund_with_business_income_gets_10_percent_and_a_flag() -> None:
    result = rate(holder_type="pension_fund", pension_dividends_from_business=True, voting_pct=30)
    assert result["rate"] == "0.10"
    assert "PENSION_FUND_TREATED_AS_NON_CORPORATE" in result["flags"]


def test_pension_fund_with_unknown_business_fact_needs_it() -> None:
    result = rate(holder_type="pension_fund")
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["pension_dividends_from_business"]


def test_treaty_holder_type_missing_needs_it() -> None:
    result = rate()
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["holder_type"]


# --- Regime by payment date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payment_date", "regime", "rate_value"),
    [
        ("2004-06-30", "PRIOR_TREATY_1971", "0.15"),
        ("2004-07-01", "TREATY_2003", "0.10"),
        ("1971-03-08", "PRIOR_TREATY_1971", "0.15"),
        ("2010-05-01", "TREATY_2003", "0.10"),
    ],
)
def test_payment_date_selects_the_regime(payment_date: str, regime: str, rate_value: str) -> None:
    result = rate(payment_date=payment_date, holder_type="individual", voting_pct=5)
    assert result["regime"] == regime
    assert result["rate"] == rate_value


def test_record_date_before_july_with_payment_after_is_under_the_treaty() -> None:
    result = rate(payment_date="2004-07-15", entitlement_date="2004-06-30", holder_type="individual")
    assert result["regime"] == "TREATY_2003"


@pytest.mark.parametrize(
    ("payment_date", "flagged"),
    [("2004-03-29", False), ("2004-03-30", True), ("2004-06-30", True), ("2004-07-01", False)],
)
def test_prior_treaty_after_entry_into_force_is_flagged_as_tension(payment_date: str, flagged: bool) -> None:
    result = rate(payment_date=payment_date, holder_type="individual", voting_pct=5)
    assert ("DOC_TENSION_PRIOR_TREATY_CEASED" in result["flags"]) is flagged


@pytest.mark.parametrize(("voting_pct", "expected"), [(9.99, "0.15"), (10, "0.10"), (100, "0.10")])
def test_prior_treaty_table_is_literal_about_voting(voting_pct: float, expected: str) -> None:
    result = rate(payment_date=PRIOR_DAY, holder_type="individual", voting_pct=voting_pct)
    assert result["rate"] == expected
    assert "PRIOR_TREATY_HOLDER_TYPE_NOT_IN_DOC" in result["flags"]


def test_prior_treaty_gives_pension_funds_no_exemption() -> None:
    result = rate(payment_date=PRIOR_DAY, holder_type="pension_fund", voting_pct=1)
    assert result["rate"] == "0.15"


def test_prior_treaty_needs_voting_pct_for_everyone() -> None:
    result = rate(payment_date=PRIOR_DAY, holder_type="individual")
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["voting_pct"]


@pytest.mark.parametrize(("payment_date", "flagged"), [("1972-12-31", True), ("1973-01-01", False)])
def test_prior_treaty_before_1973_flags_the_unstated_effective_date(payment_date: str, flagged: bool) -> None:
    result = rate(payment_date=payment_date, voting_pct=5)
    assert ("PRIOR_TREATY_EFFECTIVE_DATE_NOT_STATED" in result["flags"]) is flagged


def test_payment_before_the_prior_treaty_was_signed_is_not_stated() -> None:
    result = rate(payment_date="1971-03-07", voting_pct=5)
    assert result["status"] == "NOT_STATED"
    assert result["rate"] is None


@pytest.mark.parametrize(
    ("payment_date", "law_flag"),
    [("2004-12-31", False), ("2005-01-01", True), ("2019-09-01", True)],
)
def test_payments_from_2005_are_flagged_as_law_as_of_2004(payment_date: str, law_flag: bool) -> None:
    result = rate(payment_date=payment_date, holder_type="individual")
    assert result["rate"] == "0.10"
    assert ("LAW_AS_OF_2004" in result["flags"]) is law_flag


@pytest.mark.parametrize(
    ("payment_date", "flagged"),
    [("2004-06-30", False), ("2004-07-01", True), ("2005-06-30", True), ("2005-07-01", False)],
)
def test_prior_treaty_election_window_is_flagged(payment_date: str, flagged: bool) -> None:
    result = rate(payment_date=payment_date, holder_type="individual", voting_pct=5)
    assert ("PRIOR_TREATY_ELECTION_NOT_IN_DOC" in result["flags"]) is flagged


def test_us_resident_without_payment_date_needs_it() -> None:
    result = jp_withholding_rate(residence="United States", holder_type="individual")
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["payment_date"]


# --- Residence and scope ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("US", "US"),
        ("usa", "US"),
        ("U.S.", "US"),
        ("United States of America", "US"),
        ("america", "US"),
        ("Japan", "JP"),
        ("jp", "JP"),
        ("The Netherlands", "NL"),
        ("netherlands", "NL"),
        ("U.K.", "GB"),
        ("United Kingdom", "GB"),
        ("gb", "GB"),
        ("New Zealand", "NZ"),
        ("Brazil", "BRAZIL"),
        ("", None),
        (None, None),
    ],
)
def test_residence_is_normalised(given: str | None, code: str | None) -> None:
    assert normalise_residence(given) == code


def test_missing_residence_needs_it() -> None:
    result = jp_withholding_rate(payment_date=TREATY_DAY)
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["residence"]


def test_japanese_resident_is_out_of_scope() -> None:
    assert jp_withholding_rate(residence="Japan")["status"] == "OUT_OF_SCOPE"


def test_holder_with_a_japanese_pe_is_out_of_scope() -> None:
    assert rate(holder_type="individual", has_japan_pe=True)["status"] == "OUT_OF_SCOPE"


@pytest.mark.parametrize(
    "country",
    [
        "Australia",
        "Belgium",
        "Canada",
        "Denmark",
        "Finland",
        "France",
        "Germany",
        "Ireland",
        "Italy",
        "Luxembourg",
        "The Netherlands",
        "New Zealand",
        "Norway",
        "Singapore",
        "Spain",
        "Sweden",
        "Switzerland",
        "United Kingdom",
    ],
)
def test_listed_treaty_countries_have_no_stated_rate(country: str) -> None:
    result = jp_withholding_rate(residence=country)
    assert result["status"] == "NOT_STATED"
    assert result["regime"] == "OTHER_TREATY"
    assert result["rate"] is None
    assert result["statutory_rate_without_treaty_relief"] == "0.20"
    assert result["note"] == "reduced by treaty; rate not stated in the document"
    assert "CAPITAL_RELATIONSHIP_REDUCTION_NOT_STATED" in result["flags"]


def test_unlisted_country_without_treaty_gets_20_percent() -> None:
    result = jp_withholding_rate(residence="Brazil", treaty_with_japan=False)
    assert result["status"] == "OK"
    assert result["regime"] == "NO_TREATY"
    assert result["rate"] == "0.20"
    assert "NON_EXHAUSTIVE_TREATY_LIST" in result["flags"]


def test_unlisted_country_with_a_treaty_has_no_stated_rate() -> None:
    result = jp_withholding_rate(residence="India", treaty_with_japan=True)
    assert result["status"] == "NOT_STATED"
    assert result["regime"] == "OTHER_TREATY"


def test_unlisted_country_with_unknown_treaty_needs_it() -> None:
    result = jp_withholding_rate(residence="Brazil")
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["treaty_with_japan"]
    assert "NON_EXHAUSTIVE_TREATY_LIST" in result["flags"]


def test_listed_country_ignores_the_treaty_input() -> None:
    assert jp_withholding_rate(residence="Canada", treaty_with_japan=False)["regime"] == "OTHER_TREATY"


# --- Amounts -----------------------------------------------------------------------------------------


def amounts(**inputs: Any) -> dict[str, Any]:
    base = {"residence": "US", "payment_date": TREATY_DAY, "holder_type": "individual"}
    return jp_withholding_amounts(**{**base, "gross_dividend_jpy": 1_000_000, **inputs})


def withheld_net_refund(result: dict[str, Any]) -> tuple[int, int, int]:
    return result["withheld_jpy"], result["net_jpy"], result["refund_claimable_jpy"]


def test_form_filed_withholds_the_treaty_rate() -> None:
    result = amounts(advance_form_filed=True)
    assert withheld_net_refund(result) == (100_000, 900_000, 0)
    assert result["applied_rate"] == "0.10"


def test_no_form_withholds_20_percent_and_the_excess_is_refundable() -> None:
    result = amounts(advance_form_filed=False)
    assert withheld_net_refund(result) == (200_000, 800_000, 100_000)
    assert result["applied_rate"] == "0.20"
    assert result["treaty_tax_jpy"] == 100_000


def test_unknown_form_needs_it_but_still_gives_the_rate() -> None:
    result = amounts()
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["advance_form_filed"]
    assert result["treaty_rate"] == "0.10"
    assert result["withheld_jpy"] is None


def test_actual_withholding_replaces_the_form_question() -> None:
    result = amounts(actually_withheld_jpy=150_000)
    assert result["status"] == "OK"
    assert withheld_net_refund(result) == (150_000, 850_000, 50_000)


def test_withholding_below_the_treaty_tax_gives_no_refund() -> None:
    assert amounts(actually_withheld_jpy=50_000)["refund_claimable_jpy"] == 0


def test_truncation_drops_fractions_of_a_yen_and_is_flagged() -> None:
    result = amounts(gross_dividend_jpy=12_345, payment_date=PRIOR_DAY, voting_pct=5, advance_form_filed=True)
    assert result["withheld_jpy"] == 1_851
    assert "JPY_TRUNCATION" in result["flags"]


def test_whole_yen_products_are_not_flagged_as_truncated() -> None:
    assert "JPY_TRUNCATION" not in amounts(advance_form_filed=True)["flags"]


def test_gross_can_be_per_share_times_shares() -> None:
    result = amounts(
        gross_dividend_jpy=None, dividend_per_share_jpy="12.5", shares=400, advance_form_filed=True
    )
    assert result["gross_dividend_jpy"] == 5_000
    assert result["withheld_jpy"] == 500


def test_per_share_dividend_with_an_ads_count_needs_the_ratio() -> None:
    result = amounts(gross_dividend_jpy=None, dividend_per_share_jpy=1000, shares=10, shares_are_ads=True)
    assert result["status"] == "NEED_INFO"
    assert "ads_to_share_ratio" in result["missing"]


def test_missing_gross_needs_it_after_the_rate_is_known() -> None:
    result = amounts(gross_dividend_jpy=None, advance_form_filed=True)
    assert result["status"] == "NEED_INFO"
    assert result["missing"] == ["gross_dividend_jpy"]
    assert result["treaty_rate"] == "0.10"


def test_ads_holder_is_told_about_the_depositary_forms() -> None:
    result = amounts(advance_form_filed=True, is_ads=True)
    assert "ADS_DEPOSITARY_FORMS" in result["flags"]
    assert "R-15" in result["rules"]


CONTROLLING_CORPORATION = {"holder_type": "corporation", "voting_pct": 80, "held_over_50pct_12m": True}


def test_conditional_zero_rate_gives_both_scenarios() -> None:
    result = amounts(**CONTROLLING_CORPORATION, advance_form_filed=True)
    assert result["status"] == "CONDITIONAL"
    assert result["withheld_jpy"] is None
    assert result["scenarios"]["conditions_met"]["withheld_jpy"] == 0
    assert result["scenarios"]["otherwise"]["withheld_jpy"] == 50_000


def test_conditional_zero_rate_without_the_form_refunds_all_or_the_excess_over_5_percent() -> None:
    result = amounts(**CONTROLLING_CORPORATION, advance_form_filed=False)
    assert result["scenarios"]["conditions_met"]["refund_claimable_jpy"] == 200_000
    assert result["scenarios"]["otherwise"]["refund_claimable_jpy"] == 150_000


def test_no_treaty_country_withholds_20_percent_with_no_refund() -> None:
    result = amounts(residence="Brazil", treaty_with_japan=False)
    assert result["status"] == "OK"
    assert withheld_net_refund(result) == (200_000, 800_000, 0)


def test_listed_country_without_form_withholds_20_percent_but_the_refund_is_not_stated() -> None:
    result = amounts(residence="Germany", advance_form_filed=False)
    assert result["status"] == "NOT_STATED"
    assert result["withheld_jpy"] == 200_000
    assert result["refund_claimable_jpy"] is None


def test_listed_country_with_form_has_no_amounts() -> None:
    result = amounts(residence="Germany", advance_form_filed=True)
    assert result["status"] == "NOT_STATED"
    assert result["withheld_jpy"] is None


@pytest.mark.parametrize("residence", ["Japan", "jp"])
def test_amounts_for_a_japanese_resident_are_out_of_scope(residence: str) -> None:
    result = amounts(residence=residence, advance_form_filed=True)
    assert result["status"] == "OUT_OF_SCOPE"
    assert result["withheld_jpy"] is None


def test_currency_jpy_is_accepted_in_any_case() -> None:
    assert amounts(currency="jpy", advance_form_filed=True)["withheld_jpy"] == 100_000


# --- Disposal and fixed facts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "status", "tax", "rule"),
    [
        ({"sale_location": "outside_japan"}, "OK", 0, "R-17a"),
        ({"sale_location": "outside_japan", "has_japan_pe": True}, "OK", 0, "R-17a"),
        ({"sale_location": "within_japan"}, "OK", 0, "R-17b"),
        ({"sale_location": "within_japan", "has_japan_pe": True}, "OUT_OF_SCOPE", None, "R-17b"),
        ({"sale_location": "outside_japan", "is_nonresident": False}, "OUT_OF_SCOPE", None, "R-01"),
    ],
)
def test_japanese_tax_on_disposal(inputs: dict[str, Any], status: str, tax: int | None, rule: str) -> None:
    result = jp_tax_on_disposal(**inputs)
    assert result["status"] == status
    assert result["japanese_tax_jpy"] == tax
    assert rule in result["rules"]
    assert result["transfer_tax"]["paid_by_iij"] is False


def test_disposal_without_a_location_needs_it() -> None:
    assert jp_tax_on_disposal()["missing"] == ["sale_location"]


def test_rate_table_matches_the_spec_constant() -> None:
    table = dividend_rate_table()
    treaty_rates = [row["table_rate"] for row in table["TREATY_2003"]["rows"]]
    assert treaty_rates == ["0.00", "0.00", "0.05", "0.10"]
    assert [row["table_rate"] for row in table["PRIOR_TREATY_1971"]["rows"]] == ["0.10", "0.15"]
    assert table["NO_TREATY"] == {"rate": "0.20", "rule": "R-13a"}
    assert table["OTHER_LISTED_TREATY_COUNTRIES"]["rate"] is None
    json.dumps(table)


def test_misc_japanese_facts_have_no_numbers() -> None:
    facts = statutory_and_misc_japan()
    assert facts["stock_splits"]["subject_to_japanese_income_tax"] is False
    assert facts["stamp_registration_tax"]["on_transfer_or_sale_paid_by_iij"] is False
    assert facts["inheritance_gift_tax"]["rate"] is None
    assert set(facts["rules"]) == {"R-18", "R-19", "R-20"}
