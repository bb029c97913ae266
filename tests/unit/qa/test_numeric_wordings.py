"""Whole answers for more ways of wording a question or a fact: each a general rule, end to end."""

from __future__ import annotations

from service.qa.numeric import answer_numeric
from service.qa.types import Turn


def _answer(question: str, history: list[Turn] | None = None) -> tuple[str, list[str], str]:
    answer = answer_numeric(question, history or [])
    assert answer is not None, question
    return answer.route, answer.missing, answer.text


def _function(question: str) -> str | None:
    """The calculator function that answered, ``None`` when the question was left to retrieval."""
    answer = answer_numeric(question, [])
    return None if answer is None else (answer.calculation or {}).get("function")


# ------------------------------------------------------------------------------------------- the rate table


def test_the_table_as_a_whole_gives_every_row_of_the_column_named() -> None:
    route, _, text = _answer(
        "Walk me through the treaty's withholding bands: which percentage goes with each?"
    )
    assert route == "calculator"
    assert tuple(p for p in ("0%", "5%", "10%") if p in text) == ("0%", "5%", "10%")
    assert "15%" not in text


def test_old_against_new_gives_both_columns() -> None:
    _, _, text = _answer("Compare the old and new treaty rows of the withholding table — what rates?")
    assert "Treaty column" in text
    assert "Prior Treaty column" in text
    assert "15%" in text
    assert "5%" in text


def test_a_row_both_columns_have_is_given_from_each_column_compared() -> None:
    _, _, text = _answer("The Others row of the table: what rate in the 1971 treaty versus the current one?")
    assert "gives a maximum withholding rate of 15%" in text
    assert "gives a maximum withholding rate of 10%" in text


def test_a_yes_no_question_about_the_old_columns_brackets_is_answered_from_the_table() -> None:
    route, _, text = _answer(
        "Did the previous treaty have a separate bracket for large holders? Which rates?"
    )
    assert route == "calculator"
    assert "10%" in text
    assert "15%" in text


def test_summarising_the_table_is_left_to_retrieval() -> None:
    assert _function("Give an overview of the treaty withholding table's rates.") != "dividend_rate_table"


def test_a_stake_of_ones_own_is_not_a_question_about_the_table() -> None:
    assert _function("We own 30% of the voting shares: which band of the treaty table, what rate?") != (
        "dividend_rate_table"
    )


# ------------------------------------------------------------------------------------------- the treaty form


def test_withholding_amounts_with_the_form_never_mentioned_show_both_outcomes_and_ask_for_it() -> None:
    route, missing, text = _answer(
        "Japanese tax on ¥2,000,000 paid to me (US resident person) on 3 March 2005?"
    )
    assert (route, missing) == ("clarify", ["advance_form_filed"])
    assert "¥200,000" in text
    assert "¥400,000" in text
    assert text.endswith("before the dividend was paid? [2]")


def test_a_bare_reply_about_the_form_settles_the_amounts() -> None:
    first = "Japanese tax on ¥2,000,000 paid to me (US resident person) on 3 March 2005?"
    asked = answer_numeric(first, [])
    assert asked is not None
    history = [Turn("user", first), Turn("assistant", asked.text)]
    for reply, figure in (("yes it was", "¥200,000"), ("nope", "¥400,000"), ("submitted", "¥200,000")):
        route, _, text = _answer(reply, history)
        assert route == "calculator", reply
        assert figure in text, reply
    route, _, text = _answer("no clue", history)
    assert route == "calculator"
    assert "¥400,000" in text


# ------------------------------------------------------------------------------------------- per share × ADSs


def test_a_per_share_dividend_on_a_count_of_named_adss_asks_for_the_ads_ratio() -> None:
    route, missing, _ = _answer(
        "¥900 a share, and my holding is 2,500 IIJ ADSs; paid 1 Dec 2004, US individual, forms in. Withholding?"
    )
    assert (route, missing) == ("clarify", ["ads_to_share_ratio"])


# ------------------------------------------------------------------------------------------- PFIC answers


def test_a_test_ratio_that_is_not_a_whole_hundredth_is_given_as_the_reported_ratio_too() -> None:
    _, _, text = _answer("PFIC income test: passive income 20 of gross income 30?")
    assert "66.67% (a ratio of 0.666667)" in text


def test_interest_computed_adds_the_total_of_deferred_tax_and_interest() -> None:
    _, _, text = _answer(
        "PFIC excess distribution of $3,000 on 2005-12-31, shares bought 2003-12-31; top rate 35% for 2004; "
        "interest factor 10% for 2004. Deferred tax and interest?"
    )
    assert "come to $" in text
    assert "in all" in text


def test_a_mark_to_market_sale_below_basis_is_an_ordinary_loss_cited_to_the_loss_rule() -> None:
    answer = answer_numeric(
        "MTM election, basis $2,000, value $2,600 at end of 2004; sold in 2005 for $2,100. Loss on the sale?",
        [],
    )
    assert answer is not None
    assert answer.text.startswith("On the 2005 sale at $2,100.00")
    assert "ordinary loss of $500.00" in answer.text
    assert answer.rules_cited[0] == "R-78"


def test_a_mark_to_market_sale_above_basis_says_the_gains_character_is_not_stated() -> None:
    _, _, text = _answer(
        "MTM election, basis $2,000, value $2,600 at end of 2004; sold in 2005 for $2,900. Gain?"
    )
    assert "the gain is $300.00" in text
    assert "does not say whether it is ordinary income or capital gain" in text


def test_an_asset_test_whose_outcome_turns_on_the_averaging_method_says_so() -> None:
    _, _, text = _answer("PFIC asset test: passive assets 30, 30, 30, 10 and total assets 40, 40, 40, 200?")
    assert "Averaging the four quarterly ratios instead gives" in text


def test_the_excess_asked_with_the_earlier_years_amounts_is_the_excess_distribution() -> None:
    route, _, text = _answer(
        "Earlier years' payouts: 80, 80 and 80 dollars over three prior years; 150 now. Excess?"
    )
    assert route == "calculator"
    assert "the excess distribution is $50.00" in text


# ------------------------------------------------------------------------------------------- the QDI holding period


def test_a_holding_requirement_asked_of_the_dividend_with_trade_dates_asks_for_the_ex_date() -> None:
    for question in (
        "Bought on 2004-02-02, sold on 2004-04-30: did I meet the holding period test for the dividend?",
        "I was in from 5 Jan 2004 to 1 Mar 2004. Does the 61-day rule work out for me?",
    ):
        route, missing, _ = _answer(question)
        assert (route, missing) == ("clarify", ["ex_dividend_date"]), question


# ------------------------------------------------------------------------------------------- which side is asked


def test_a_dividends_dollar_value_or_the_15_percent_cap_asks_the_us_side() -> None:
    for question in (
        "¥700,000 IIJ dividend paid 2004-10-01 to me, US person, form filed, 107 yen per dollar. USD value?",
        "¥700,000 IIJ dividend paid 2004-10-01 to me, US person, form filed, 107 yen per dollar. Is the 15% max "
        "rate available?",
    ):
        answer = answer_numeric(question, [])
        assert answer is not None
        assert (answer.calculation or {}).get("function") == "us_dividend_tax", question


def test_the_15_percent_asked_with_a_treaty_named_stays_on_the_japanese_side() -> None:
    answer = answer_numeric(
        "¥700,000 dividend paid 2004-05-01 to me, US person: does the prior treaty's 15% rate apply?"
    )
    assert answer is not None
    assert (answer.calculation or {}).get("function") != "us_dividend_tax"


def test_a_sale_of_ones_own_with_its_place_stated_is_calculated_not_left_to_the_rule() -> None:
    route, _, text = _answer(
        "Our Dutch BV has no PE in Japan and will sell its IIJ shares via a Japanese securities firm. Is that gain "
        "taxed in Japan?"
    )
    assert route == "calculator"
    assert "¥0" in text


def test_a_band_between_ten_and_fifty_percent_names_that_row_of_the_table() -> None:
    _, _, text = _answer(
        "What rate did the treaty table give corporations holding between 10 and 50 percent?"
    )
    assert "“10% to 50% of the voting shares” gives a maximum withholding rate of 5%" in text
    assert "Others" not in text


def test_a_stated_stake_picks_its_row_by_the_tables_bounds_even_when_rows_are_named_by_rate() -> None:
    for question, row, other in (
        (
            "Table check: a Delaware parent with exactly 50% of the votes, zero-rate row or 5% band?",
            "10% to 50%",
            "More than 50%",
        ),
        (
            "Treaty table: which row is a company owning 51% in, the 0% row or the 5% row?",
            "More than 50%",
            "10% to 50%",
        ),
    ):
        _, _, text = _answer(question)
        assert f"“{row} of the voting shares” gives" in text, question
        assert other not in text, question


def test_a_percentage_said_with_a_bound_names_a_row_not_a_stake() -> None:
    _, _, text = _answer("What does the new treaty table give for more then 50% of the voting shares?")
    assert "“More than 50% of the voting shares” gives a maximum withholding rate of 0%" in text


def test_bought_and_sold_asked_whether_the_dividend_qualifies_asks_for_the_ex_date() -> None:
    for question in (
        "Purchased 2004-05-03 and sold 2004-07-09 — would the dividend be qualified?",
        "Did we keep the ADSs long enough for the dividend? Bought 1 Aug 2004, sold 2 Oct 2004.",
    ):
        route, missing, _ = _answer(question)
        assert (route, missing) == ("clarify", ["ex_dividend_date"]), question


def test_distributions_labelled_by_year_make_the_latest_the_current_year() -> None:
    _, _, text = _answer("PFIC excess distribution? Payouts 2002 $40, 2003 $40, 2004 $40, 2005 $100.")
    assert "threshold is 125% of it, $50.00" in text
    assert "the excess distribution is $50.00" in text


def test_the_old_treaty_against_the_new_for_small_holders_gives_the_others_row_of_each() -> None:
    _, _, text = _answer(
        "Previous versus current treaty: which rate for an investor with less than 10 percent?"
    )
    assert "the row “Others” gives a maximum withholding rate of 10%" in text
    assert "the row “Others” gives a maximum withholding rate of 15%" in text


def test_the_table_with_no_treaty_named_gives_both_columns() -> None:
    _, _, text = _answer("Read me every rate in the report's dividend table.")
    assert "Prior Treaty column" in text
    assert "In the Treaty column" in text


def test_a_form_to_be_filed_late_is_a_form_not_filed_in_advance() -> None:
    route, _, text = _answer(
        "¥400,000 dividend, paid 2004-10-10, US individual who will file the form late: refund?"
    )
    assert route == "calculator"
    assert "¥40,000" in text


# ------------------------------------------------------------------------------------------- a net dividend


def test_a_net_dividend_with_the_rate_withheld_is_grossed_up_when_that_is_whole_yen() -> None:
    _, _, text = _answer(
        "Got ¥450,000 net of 10% Japanese tax on 2004-12-01; US individual who has held the ADSs for three years; 100 yen per dollar. US income?"
    )
    assert "¥500,000 is $5,000.00 of income" in text
    assert "net of the tax withheld; the gross dividend is ¥500,000" in text


def test_a_net_dividend_is_not_taken_as_the_gross_one() -> None:
    route, missing, _ = _answer(
        "Received ¥300,000 net (paid 2004-11-01), US individual, 105 yen per dollar: US income?"
    )
    assert route == "clarify"
    assert "gross_dividend_jpy" in missing


def test_a_net_dividend_converted_is_the_yen_amount_of_the_currency_gain() -> None:
    _, _, text = _answer("¥270,000 net after 10% withholding; included at 110, converted at 100. FX gain?")
    assert "Converting ¥270,000" in text


def test_a_holder_the_us_section_excludes_is_told_so_before_any_fact_is_asked() -> None:
    route, missing, text = _answer(
        "My Roth IRA got a ¥50,000 IIJ dividend on 2004-11-01. What US tax applies?"
    )
    assert (route, missing) == ("out_of_scope", [])
    assert "tax-exempt" in text


# ------------------------------------------------------------------------------------------- what the report leaves out


def test_a_japanese_city_resident_is_outside_the_japanese_section() -> None:
    route, _, text = _answer("As an Osaka resident, how much Japanese tax is due when I sell my IIJ ADSs?")
    assert route == "out_of_scope"
    assert "resident of Japan" in text


def test_shares_bought_earlier_in_the_same_year_have_no_earlier_years_for_the_excess() -> None:
    route, _, _ = _answer(
        "Purchased IIJ in March this year, got a $250 distribution since. Excess distribution?"
    )
    assert route == "out_of_scope"


def test_what_the_additional_requirements_exactly_are_is_not_stated() -> None:
    route, _, text = _answer("What exactly were the “additional requirements” for the 0% rate?")
    assert route == "out_of_scope"
    assert "does not define" in text
