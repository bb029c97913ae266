"""Whole answers for situations stated in everyday words: each rule of the reader and router, end to end."""

from __future__ import annotations

from service.qa.numeric import answer_numeric
from service.qa.types import Turn


def _answer(question: str, history: list[Turn] | None = None) -> tuple[str, list[str], str]:
    answer = answer_numeric(question, history or [])
    assert answer is not None, question
    return answer.route, answer.missing, answer.text


def test_a_country_without_a_treaty_gets_the_statutory_rate_on_amounts_too() -> None:
    route, _, text = _answer(
        "Tax resident of a country lacking any tax treaty with Japan; ¥400,000 dividend. Net?"
    )
    assert route == "calculator"
    assert "¥80,000" in text
    assert "¥320,000" in text


def test_additional_requirements_said_met_give_the_zero_rate() -> None:
    route, _, text = _answer(
        "A Texas corporation has held >50% of IIJ's votes since 2003-05-01; record date 2004-09-30, paid "
        "2004-12-01. It does meet the treaty's additional requirements. Japanese rate?"
    )
    assert route == "calculator"
    assert "is 0%" in text


def test_a_pension_funds_dividends_said_not_from_a_business_are_exempt() -> None:
    route, _, text = _answer(
        "A U.S. pension plan; its IIJ dividends (paid 2004-09-15) are not derived from any business it runs. Rate?"
    )
    assert route == "calculator"
    assert "0%" in text


def test_a_pension_fund_without_the_business_fact_is_asked_for_it() -> None:
    route, missing, _ = _answer("US pension plan, IIJ dividend paid 2004-11-02: Japanese withholding rate?")
    assert (route, missing) == ("clarify", ["pension_dividends_from_business"])


def test_an_individual_with_a_majority_stake_uses_the_individual_row() -> None:
    route, _, text = _answer(
        "A person (not a corporation) in Oregon owns 65% of IIJ's voting shares; dividend paid 2004-08-20. Rate?"
    )
    assert route == "calculator"
    assert "10%" in text


def test_a_forgotten_form_in_a_follow_up_gives_the_amounts_without_it() -> None:
    history = [
        Turn(
            "user",
            "how much is withheld on a ¥500k IIJ dividend paid 1 Nov 2004 to me, a US individual? form filed",
        ),
        Turn("assistant", "¥50,000 is withheld."),
    ]
    route, _, text = _answer("and the same ¥500k if I forgot the form?", history)
    assert route == "calculator"
    assert "¥100,000" in text


def test_a_whole_month_before_the_treaty_asks_for_the_stake() -> None:
    route, missing, _ = _answer(
        "American holder: what's the maximum Japanese withholding on a dividend paid in April 2004?"
    )
    assert (route, missing) == ("clarify", ["voting_pct"])


def test_a_named_row_of_the_rate_table_is_answered_from_the_table() -> None:
    route, _, text = _answer("What rate does the old treaty's table give in the row for others?")
    assert route == "calculator"
    assert "15%" in text


def test_a_purchase_and_sale_placed_around_the_ex_date_count_the_days_held() -> None:
    route, _, text = _answer(
        "picked them up 30 days before the ex-dividend date and sold 35 days after it. QDI days?"
    )
    assert route == "calculator"
    assert "held 65 days" in text


def test_a_sale_around_the_ex_date_without_a_purchase_date_asks_for_it() -> None:
    route, missing, _ = _answer(
        "ex-dividend 30/3/2004, sold 20 April 2004. Enough days for qualified dividends?"
    )
    assert (route, missing) == ("clarify", ["acquisition_date"])


def test_bought_and_sold_asked_as_qdi_asks_for_the_ex_date() -> None:
    route, missing, _ = _answer(
        "bought 2 Feb 2004, sold 1 May 2004: do I pass the qualified dividend holding period?"
    )
    assert (route, missing) == ("clarify", ["ex_dividend_date"])


def test_distribution_split_with_covered_earnings_and_amounts_in_words() -> None:
    route, _, text = _answer(
        "IIJ paid me five thousand dollars; $2,000 is covered by E&P; my basis is $1,000. Split?"
    )
    assert route == "calculator"
    assert "$2,000.00 is a dividend" in text or "other $2,000.00 is a dividend" in text


def test_a_basis_stated_without_a_currency_is_in_dollars() -> None:
    route, _, text = _answer("a $3k distribution against E&P of $1k, and my basis sits at 500. basis left?")
    assert route == "calculator"
    assert "$500.00" in text
    assert "$1,500.00" in text


def test_a_distribution_inside_earnings_and_profits_is_answered_without_a_basis() -> None:
    route, _, text = _answer(
        "E&P is $9,000 and IIJ distributed $4,000 to me: is any of it return of capital?"
    )
    assert route == "calculator"
    assert "$4,000.00" in text
    assert "basis is unchanged" in text


def test_no_earnings_and_profits_is_zero() -> None:
    route, _, text = _answer("IIJ had no earnings and profits, and paid me $900; basis $2,000. Treatment?")
    assert route == "calculator"
    assert "$900.00" in text


def test_a_distribution_without_a_basis_asks_for_it() -> None:
    route, missing, _ = _answer(
        "IIJ paid me $5,000, only $3,500 of it covered by E&P. How much is capital gain?"
    )
    assert (route, missing) == ("clarify", ["basis_usd"])


def test_fx_rates_get_their_roles_and_one_conversion_rate_asks_for_inclusion() -> None:
    route, _, text = _answer("Converted ¥1,000,000 at 100 after including it at 104. FX gain?")
    assert route == "calculator"
    assert "¥100 to the dollar after including it at ¥104" in text
    route, missing, _ = _answer("converted my ¥100k dividend at 109 yen/$. fx gain or loss?")
    assert (route, missing) == ("clarify", ["jpy_per_usd_inclusion"])


def test_a_capital_loss_from_bought_for_and_dumped_for() -> None:
    route, _, text = _answer(
        "Bought IIJ 3 Mar 2001 for $9,000 and dumped it 4 Apr 2004 for $6,000. My US capital loss?"
    )
    assert route == "calculator"
    assert "$3,000.00" in text


def test_a_year_with_a_vague_part_settles_the_one_year_test() -> None:
    route, missing, _ = _answer(
        "US individual: bought IIJ in late 2000, sold 2004-06-01 for $5,000. Max US tax on gain?"
    )
    assert (route, missing) == ("clarify", ["basis_usd"])


def test_japans_tax_on_a_stated_sale_is_a_figure() -> None:
    route, _, text = _answer(
        "Non-resident with no PE, selling my ADSs outside Japan. Does Japan tax my gain?"
    )
    assert route == "calculator"
    assert "¥0" in text


def test_the_second_form_deadline_is_written_in_words_and_reads_named_days() -> None:
    route, _, text = _answer(
        "fiscal year closed on the last day of February 2004: when is the other depositary form due?"
    )
    assert route == "calculator"
    assert "October 31, 2004 (2004-10-31)" in text
    route, missing, _ = _answer("What exact date must the second treaty form be filed by this year?")
    assert (route, missing) == ("clarify", ["fiscal_year_end"])


def test_both_windows_named_give_both_counts() -> None:
    route, _, text = _answer(
        "Bought the day before the ex-date (ex-date 2004-03-29), sold 2004-06-28. OK under the 121-day rule, "
        "and under the old 120-day rule?"
    )
    assert route == "calculator"
    assert "held 61 days" in text
    assert "held 60 days" in text


def test_one_rate_said_for_both_inclusion_and_conversion_gives_no_currency_gain() -> None:
    route, _, text = _answer(
        "I converted the ¥300,000 dividend to dollars the same day it was included, rate 110 for that day. FX gain?"
    )
    assert route == "calculator"
    assert "$0.00" in text


def test_a_conversion_at_the_same_named_rate_as_the_inclusion_gives_no_currency_gain() -> None:
    route, _, text = _answer(
        "I converted the ¥250,000 at the same 112 rate as when it was included in income. Exchange gain?"
    )
    assert route == "calculator"
    assert "$0.00" in text


def test_a_holder_said_never_to_have_held_a_pfic_year_needs_no_form_8621() -> None:
    route, _, text = _answer(
        "I held the ADSs in 2001 and 2002 and the company was never a PFIC. Is Form 8621 due?"
    )
    assert route == "calculator"
    assert "not" in text.lower()


def test_a_pfic_year_before_the_payment_year_is_the_preceding_year_test() -> None:
    route, _, text = _answer(
        "IIJ counted as a PFIC in 2004. US individual; ¥500,000 dividend paid 2005-02-10 at 104; "
        "ordinary rate 33%. What US tax on it?"
    )
    assert route == "calculator"
    assert "preceding taxable year" in text


def test_a_sale_figure_asked_with_the_place_and_a_non_resident_seller_is_calculated() -> None:
    route, _, text = _answer("what Japanese tax is due when a non-resident sells ADSs on NASDAQ, how much?")
    assert route == "calculator"
    assert "¥0" in text


def test_a_sale_within_japan_names_the_missing_permanent_establishment() -> None:
    route, _, text = _answer(
        "Swiss resident company, no office in Japan, sold IIJ shares on the Tokyo Stock Exchange. Taxed in Japan?"
    )
    assert route == "calculator"
    assert "without a permanent establishment" in text


def test_a_second_rate_named_for_the_credit_translates_the_credit() -> None:
    route, _, text = _answer(
        "US individual, held for years; ¥200,000 gross paid 2004-11-15, included at 110; "
        "FTC figured at 100 instead. form filed. dollar income and creditable tax?"
    )
    assert route == "calculator"
    assert "$200.00" in text  # ¥20,000 withheld at 100 yen to the dollar


def test_with_neither_date_nor_rate_the_payment_date_is_asked_first() -> None:
    route, missing, _ = _answer("American individual holder, ¥250k IIJ dividend: how much federal tax?")
    assert route == "clarify"
    assert missing == ["payment_date"]


def test_stated_top_rates_are_used_not_reported_missing() -> None:
    route, _, text = _answer(
        "PFIC gain of $2,000; acquired 2002-07-01 and sold 2004-06-30; top rate 38.6% in 2002 and 35% in 2003. "
        "How is it allocated and taxed?"
    )
    assert route == "calculator"
    assert "deferred tax" in text


def test_a_gain_held_within_one_year_has_no_prior_year_share() -> None:
    route, _, text = _answer("PFIC gain of 3 grand; bought 2005-02-01, sold 2005-09-01. How is it allocated?")
    assert route == "calculator"
    assert "$3,000.00" in text
    assert "no deferred tax" in text


def test_a_table_row_named_by_its_rate_is_that_row() -> None:
    route, _, text = _answer(
        "which holders does the zero-rate row of the treaty table cover, and at what rate?"
    )
    assert route == "calculator"
    assert "More than 50% of the voting shares" in text
    assert "twelve months" in text


def test_both_columns_asked_for_one_row_give_both_rates() -> None:
    route, _, text = _answer(
        "in the table, what rate does the row for others carry for both the Prior Treaty and the Treaty?"
    )
    assert route == "calculator"
    assert "15%" in text
    assert "10%" in text


def test_a_majority_holder_refused_the_zero_rate_is_told_the_twelve_month_test() -> None:
    route, _, text = _answer(
        "US corporation owning 80% of IIJ's voting shares since 2004-03-01; entitlement date 2004-09-30, "
        "paid 2004-12-10. Withholding rate?"
    )
    assert route == "calculator"
    assert "5%" in text
    assert "twelve months" in text


def test_a_long_term_gain_outside_the_date_window_names_the_window() -> None:
    route, _, text = _answer(
        "US individual: bought IIJ ADSs 2000-02-01, sold 2003-03-15, basis $1,000, proceeds $1,600. Is 15% the cap?"
    )
    assert route == "calculator"
    assert "May 6, 2003" in text


def test_with_the_form_filed_the_amounts_say_nothing_is_left_to_reclaim() -> None:
    route, _, text = _answer(
        "US individual, ¥500,000 dividend paid 2004-10-20, application form filed in advance. Withheld?"
    )
    assert route == "calculator"
    assert "refund ¥0" in text


def test_a_financial_institution_holder_gets_the_financial_services_category() -> None:
    route, _, text = _answer(
        "As a US bank holding 2%, we got a ¥1,000,000 gross IIJ dividend on 2004-12-01 at 102, form filed. "
        "Dollar inclusion and credit basket?"
    )
    assert route == "calculator"
    assert "financial services income" in text


def test_the_dollar_inclusion_asked_is_the_us_side() -> None:
    route, _, text = _answer(
        "US C-corp, 4% stake: ¥2,000,000 gross paid 2004-10-05 at 108, form filed. USD inclusion?"
    )
    assert route == "calculator"
    assert "$18,518.52" in text


def test_the_tax_asked_without_top_rates_asks_for_them() -> None:
    route, missing, _ = _answer(
        "PFIC excess distribution $1,200 on 2005-06-30; ADSs bought 2004-01-15. Allocated and taxed how?"
    )
    assert route == "clarify"
    assert missing == ["top_rate_2004"]


def test_the_allocation_alone_asked_is_answered_without_top_rates() -> None:
    route, _, text = _answer(
        "PFIC excess distribution $1,200 on 2005-06-30; ADSs bought 2004-01-15. Allocate it by year?"
    )
    assert route == "calculator"
    assert "2004" in text


def test_a_purchase_with_no_sale_holds_from_its_year_for_the_pfic_status() -> None:
    route, _, text = _answer(
        "Purchased in March 2006 and still own them; the company was a PFIC in 2005 only. Form 8621 for 2006?"
    )
    assert route == "calculator"
    assert "No Form 8621" in text


def test_the_qdi_window_is_written_as_the_report_writes_dates() -> None:
    route, _, text = _answer(
        "ex-dividend day 12 July 2004; bought 2004-06-01, sold 2004-09-20. held long enough for QDI?"
    )
    assert route == "calculator"
    assert "May 13, 2004 (2004-05-13) to September 10, 2004 (2004-09-10)" in text
    route, _, text = _answer("Which days make up the 121-day period for an ex-dividend date of 2005-01-03?")
    assert route == "calculator"
    assert "November 4, 2004 (2004-11-04)" in text
    assert "March 4, 2005 (2005-03-04)" in text


def test_a_refund_answer_says_the_tax_the_treaty_rate_allows_beside_withheld_and_refund() -> None:
    route, _, text = _answer(
        "individual in the US, missed the advance application. ¥77,777 dividend paid 2004-12-01: how much is "
        "withheld and how much can I get refunded?"
    )
    assert route == "calculator"
    assert "¥15,555 is withheld" in text
    assert "¥7,778 can be reclaimed" in text
    assert "¥7,777 of tax at the Treaty's maximum rate of 10%" in text


def test_a_purchase_on_the_ex_date_still_held_counts_sixty_days_and_fails_the_holding_period() -> None:
    route, _, text = _answer(
        "got the ADSs on the ex-dividend date (2005-02-25) and still own them: met the QDI holding period?"
    )
    assert route == "calculator"
    assert "held 60 days" in text
    assert "not met" in text
    route, _, text = _answer(
        "individual; bought on the ex-date, not yet sold. ¥200,000 dividend paid 2004-11-30, form filed, ¥100 per "
        "dollar: gross in dollars and does the 15% maximum apply?"
    )
    assert route == "calculator"
    assert "$2,000.00" in text
    assert "held 60 days" in text


def test_a_gain_without_the_fifteen_percent_rate_names_the_reports_condition_that_failed() -> None:
    route, _, text = _answer(
        "a Delaware corp bought ADSs 2002-04-01 for $5,000 and sold 2004-08-01 for $8,000: gain, rate?"
    )
    assert route == "calculator"
    assert "$3,000.00" in text
    assert "the 15% maximum rate is for noncorporate U.S. holders" in text
    route, _, text = _answer(
        "as an individual I bought for $1,000 on 2004-01-05 and sold for $1,400 on 2004-07-05: gain and rate?"
    )
    assert route == "calculator"
    assert "$400.00" in text
    assert "holding period greater than one year" in text


def test_the_first_year_holding_a_pfic_has_no_preceding_years_and_the_report_gives_no_rule() -> None:
    for question in (
        "This is the first year in which we hold the shares; IIJ as a PFIC paid us $2,400. Excess distribution?",
        "my first year as a shareholder, $700 distributed this year: how much is an excess distribution?",
    ):
        _, _, text = _answer(question)
        assert "no rule for an excess distribution in the first year" in text, question


def test_a_treaty_named_without_a_country_is_the_japan_us_treaty_for_a_us_resident() -> None:
    route, missing, text = _answer(
        "our firm owns 40% of the voting shares; under the new treaty what is our rate?"
    )
    assert (route, missing) == ("calculator", [])
    assert "5%" in text
    route, missing, text = _answer(
        "individual, 2% of the votes, dividend paid 2004-02-16: the prior treaty rate?"
    )
    assert (route, missing) == ("calculator", [])
    assert "15%" in text
