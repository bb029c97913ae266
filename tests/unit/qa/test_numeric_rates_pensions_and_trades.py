"""Whole answers for rate percentages, pension business links and misspelled trade verbs: general rules, end to end."""

from __future__ import annotations

from service.qa.numeric import answer_numeric


def test_a_rate_percentage_after_ownership_words_is_not_read_as_a_ten_percent_stake() -> None:
    answer = answer_numeric(
        "US individual; sold on 2005-02-14 at a $3,000 gain, long-held. Does the 15% cap apply?",
        [],
    )
    assert answer is not None
    assert answer.route != "out_of_scope"
    assert "10% or more" not in answer.text


def test_a_pension_fund_whose_dividends_are_not_from_any_business_gets_the_exemption() -> None:
    answer = answer_numeric(
        "Our US pension plan's IIJ dividends are not derived from conducting any business. Paid on 2005-03-10. "
        "Japanese withholding rate?",
        [],
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "0%" in answer.text


def test_a_pension_fund_whose_dividends_come_from_its_business_gets_the_general_treaty_rate() -> None:
    answer = answer_numeric(
        "US retirement fund here; the dividends come from a trade business we operate. Paid 2005-01-12. Rate?",
        [],
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "10%" in answer.text
    assert "R-10c" in answer.rules_cited


def test_a_date_after_a_misspelled_purchase_verb_is_the_purchase_date() -> None:
    answer = answer_numeric(
        "I bougth IIJ on 2005-06-01 and slod on 2005-08-20; ex-dividend date 2005-07-15. Do I meet the "
        "holding period for qualified dividends?",
        [],
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "acquisition_date" not in answer.missing


# ------------------------------------------------------------------- the report's words for the rule applied


def test_an_excess_distribution_answer_states_the_condition_in_the_reports_words() -> None:
    answer = answer_numeric("PFIC excess distribution? Earlier years $80, $80, $80; this year $130.", [])
    assert answer is not None
    assert "greater than 125% of the average annual distributions" in answer.text
    assert "three preceding taxable years" in answer.text


def test_a_mark_to_market_answer_says_the_income_is_not_eligible_for_the_favorable_rates() -> None:
    answer = answer_numeric(
        "Mark-to-market on IIJ: bought at $7,000, worth $7,600 at year end. Ordinary income, and any special rate?",
        [],
    )
    assert answer is not None
    assert "will not be eligible for the favorable tax rates" in answer.text


def test_a_currency_gain_is_said_to_be_from_sources_within_the_united_states() -> None:
    answer = answer_numeric(
        "Currency gain on my yen dividend of ¥400,000: included at ¥112, converted at ¥108. Source of the gain?",
        [],
    )
    assert answer is not None
    assert "sources within the United States" in answer.text


# ------------------------------------------------------------------- a holder the U.S. discussion excludes


def test_the_us_tax_of_a_ten_percent_holder_is_out_of_scope_before_any_date_is_asked() -> None:
    answer = answer_numeric(
        "We are an American company with 20% of IIJ voting stock. How are our IIJ dividends taxed in the US?",
        [],
    )
    assert answer is not None
    assert answer.route == "out_of_scope"
    assert "10% or more" in answer.text


def test_the_japanese_withholding_of_a_ten_percent_holder_is_still_calculated() -> None:
    answer = answer_numeric(
        "We are a US corporation owning 20%; what Japanese tax is withheld on our dividends?", []
    )
    assert answer is not None
    assert answer.route == "clarify"
    assert answer.missing == ["payment_date"]


# ------------------------------------------------------------------- PFIC figures


def test_a_passive_asset_share_at_year_end_asks_for_the_quarterly_asset_figures() -> None:
    answer = answer_numeric("Would IIJ be a PFIC with passive assets of 60% at the fiscal year end?", [])
    assert answer is not None
    assert answer.route == "clarify"
    assert answer.missing == ["passive_assets_q", "total_assets_q"]


def test_passive_assets_as_a_share_every_quarter_are_the_asset_test() -> None:
    answer = answer_numeric("Passive income 2bn of 10bn gross, passive assets 55% each quarter. PFIC?", [])
    assert answer is not None
    assert answer.route == "calculator"
    assert "meets the 50% asset test" in answer.text


def test_a_corporate_stake_between_ten_and_fifty_percent_cites_the_tables_row_with_the_rule() -> None:
    answer = answer_numeric(
        "A Texas corporation with 40% of the voting shares; dividend paid 2005-05-02. Rate?", []
    )
    assert answer is not None
    assert answer.rules_cited[:2] == ["R-09", "R-11"]
