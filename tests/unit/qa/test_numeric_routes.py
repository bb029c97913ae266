"""The numeric routing table row by row: each row is the first to take a message of its own, in table order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from service.qa.numeric.routes import CONTINUATIONS, ROUTES, continued, detect_intent, first_route
from service.qa.readers.facts import extract_facts

ONE = Decimal(1)

# row name → (message, the facts read from it); the row must be the first that takes it.
EXAMPLES: dict[str, tuple[str, dict[str, Any]]] = {
    "japan_pe_without_country": ("our Kobe PE holds the shares: what is withheld?", {"has_japan_pe": True}),
    "rule_how_long": ("How long must a corporation hold the shares?", {"holder_type": "corporation"}),
    "state_or_local_tax": (
        "how much Oregon income tax is due on the dividend?",
        {"residence": "United States"},
    ),
    "mark_to_market": ("MTM election: how much ordinary income?", {"mtm": object()}),
    "allocate_stated_amount": (
        "Allocate the $2,400 excess distribution",
        {"usd_amounts": [ONE], "pfic": True},
    ),
    "pfic_amount_by_year": ("my PFIC gain of $900: how much lands in each year?", {"gain_usd": ONE}),
    "pfic_holder_status": ("Do I file Form 8621?", {"held_years": [2003], "pfic_years": [2004]}),
    "pfic_holder_years_given": (
        "owned it 2000-2002, IIJ a PFIC from 2005: does that touch me?",
        {"held_years": [2000, 2001, 2002], "pfic_years": [2005]},
    ),
    "pfic_holder_status_held_since": ("Do I file Form 8621?", {"since_date": object()}),
    "earnings_and_profits_given": ("a $100 distribution with $60 of E&P", {"earnings_and_profits_usd": ONE}),
    "return_of_capital": ("is the $100 a return of capital?", {"distribution_usd": ONE}),
    "conversion_rate_given": ("converted at 105", {"jpy_per_usd_conversion": ONE}),
    "currency_gain_on_conversion": (
        "what currency gain when I convert the ¥100,000?",
        {"gross_dividend_jpy": ONE},
    ),
    "not_stated_top_rate_for_allocation": (
        "which top federal rate applies to 2002 in the PFIC allocation?",
        {},
    ),
    "allocate": ("allocate 1,000 over my holding period", {}),
    "excess_distribution": ("excess distribution with 100 before and 200 now?", {}),
    "excess_over_earlier_years": ("what is the excess this year?", {"prior_year_distributions_usd": [ONE]}),
    "pfic_tests": ("PFIC income test: passive 80 of gross 100", {}),
    "pfic_test_figures": ("does IIJ pass the asset test?", {"total_assets_q": [ONE] * 4}),
    "second_form_deadline": (
        "when is the second form due for a fiscal year ending March 31, 2005?",
        {"fiscal_year_end_date": object()},
    ),
    "second_form_deadline_date_asked": ("give me the exact date the other depositary form is due", {}),
    "qdi_window": ("when does the 121-day window run?", {"ex_dividend_date": object()}),
    "rate_table": ("which rate does the treaty table give in the row for others?", {}),
    "treaties_compared": ("the old treaty vs the new one: what rate for others?", {}),
    "not_stated_pfic_interest_rate": ("what interest rate applies to the PFIC interest charge?", {}),
    "not_stated_inheritance_gift_rates": ("what is the inheritance tax rate?", {}),
    "not_stated_capital_relationship_reduction": ("how much is the capital relationship reduction rate?", {}),
    "not_stated_additional_requirements_definition": ("what are the additional requirements? calculate", {}),
    "not_stated_pfic_top_rates": ("what were the top rates for each prior year?", {}),
    "not_stated_stamp_transfer_tax": ("how much stamp duty is due?", {}),
    "not_stated_ads_ratio": ("what is the ADS-to-share ratio, how many?", {}),
    "not_stated_capital_loss_limits": ("how much capital loss can I deduct, what limit?", {}),
    "not_stated_lower_qdi_brackets": ("what is the lower qualified dividend rate?", {}),
    "not_stated_ftc_limitation": ("how much is the foreign tax credit limitation?", {}),
    "not_stated_us_ordinary_rates": ("what are the ordinary income tax rates?", {}),
    "not_stated_fiscal_year_end": ("what is IIJ's fiscal year-end? what figure?", {}),
    "treaty_pension_row": (
        "what rate does the current treaty give a pension plan?",
        {"regime_hint": "treaty", "holder_type": "pension_fund"},
    ),
    "treaty_band": (
        "what did the prior treaty allow for a holder of over half the voting stock? which rate?",
        {"regime_hint": "prior", "voting_pct": ONE},
    ),
    "no_treaty_and_other_countries": (
        "without any treaty what is withheld, and what do other treaty countries pay?",
        {"treaty_with_japan": False},
    ),
    "treaty_rows_compared": (
        "the prior treaty's cap for holders of 10% and up, and for the rest?",
        {"regime_hint": "prior"},
    ),
    "us_tax_on_dividend_with_holding_dates": (
        "US tax on the ¥100,000 dividend, ex-dividend 2004-09-28, bought 2004-07-01?",
        {"ex_dividend_date": object(), "acquisition_date": object(), "gross_dividend_jpy": ONE},
    ),
    "qdi_holding_period": (
        "bought 2004-07-01, ex-dividend 2004-09-28: holding period met?",
        {"ex_dividend_date": object(), "acquisition_date": object()},
    ),
    "qdi_holding_period_from_offsets": (
        "purchased 30 days ahead of the ex-date, sold 40 days after: how many days count?",
        {"qdi_offsets": (30, 40)},
    ),
    "qdi_holding_period_without_purchase": (
        "ex-dividend 2004-03-29, I sold 2004-04-20: qualified dividend?",
        {"ex_dividend_date": object(), "disposition_date": object()},
    ),
    "japanese_tax_on_sale_rule": ("Is a sale of the shares subject to Japanese tax?", {}),
    "japanese_tax_on_sale": ("I sold my shares: any Japanese tax?", {}),
    "capital_gain_from_amounts": ("sold for $5,000, what gain?", {"amount_realized_usd": ONE}),
    "qdi_holding_period_from_trade_dates": (
        "bought 2004-02-02, sold 2004-05-05: did I hold them long enough for QDI?",
        {"acquisition_date": object(), "disposition_date": object()},
    ),
    "capital_gain_from_dates": (
        "sold on 2005-03-01 after buying 2004-01-05",
        {"acquisition_date": object(), "disposition_date": object()},
    ),
    "dividend_us_side_asked": (
        "10% was withheld from a ¥100,000 dividend. How much income do I report?",
        {"gross_dividend_jpy": ONE, "withheld_rate": ONE},
    ),
    "dividend_us_tax_words": (
        "federal tax and Japanese withholding on a ¥100,000 dividend",
        {"gross_dividend_jpy": ONE},
    ),
    "dividend_with_us_facts": (
        "say IIJ was a PFIC in 2003; what do I pay on a ¥100,000 dividend at my 31% rate?",
        {"gross_dividend_jpy": ONE, "pfic_years": [2003], "ordinary_rate": ONE},
    ),
    "dividend_income_at_a_rate": (
        "a ¥100,000 dividend at 110 yen, as income",
        {"gross_dividend_jpy": ONE, "jpy_per_usd": ONE},
    ),
    "dividend_withholding": ("how much is withheld on a ¥100,000 dividend?", {"gross_dividend_jpy": ONE}),
    "rule_which_form": (
        "Which document do I hand in for the lower treaty rate on dividends?",
        {"holder_type": "individual"},
    ),
    "situation_rate": (
        "rate for a UK resident owning 20%",
        {"residence": "United Kingdom", "voting_pct": ONE},
    ),
    "pfic_test_share": ("Passive assets were about 70% at year end: is IIJ a PFIC?", {}),
    "us_tax_of_a_ten_percent_holder": (
        "With 25% of the voting stock, how is my dividend taxed by the United States?",
        {"voting_pct": Decimal(25)},
    ),
    "us_rule_for_a_situation": (
        "Does a corporation get the qualified dividend 15% rate on its dividends? What rate?",
        {"holder_type": "corporation"},
    ),
    "situation_withholding": ("What is the treaty rate for an individual?", {"holder_type": "individual"}),
}


def test_every_row_has_a_unique_name_and_an_example() -> None:
    names = [route.name for route in ROUTES]
    assert len(names) == len(set(names))
    assert set(names) == set(EXAMPLES)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_row_is_the_first_to_take_its_example(route: Any) -> None:
    text, facts = EXAMPLES[route.name]
    first = first_route(text, facts)
    assert first is not None
    assert first.name == route.name
    assert detect_intent(text, facts) == route.to


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("What does PFIC mean?", {}),
        ("Who is the depositary?", {}),
        ("how much is withheld?", {}),  # asks a figure, but for no situation
    ],
)
def test_a_message_no_row_takes_goes_to_retrieval(text: str, facts: dict[str, Any]) -> None:
    assert first_route(text, facts) is None
    assert detect_intent(text, facts) is None


def test_a_later_row_does_not_take_what_an_earlier_row_leaves_to_retrieval() -> None:
    # "how long" with no amount is a rule question, although the holding-period row would otherwise take it
    facts = {"ex_dividend_date": object(), "acquisition_date": object()}
    assert (
        detect_intent("How long did I hold them, bought 2004-07-01, ex-dividend 2004-09-28?", facts) is None
    )
    assert detect_intent(
        "Did I hold them long enough, bought 2004-07-01, ex-dividend 2004-09-28?", facts
    ) == ("qdi_holding_period")


def test_ordinary_rates_asked_about_a_stated_dividend_stop_the_not_stated_rows() -> None:
    facts = {"gross_dividend_jpy": ONE}
    route = first_route(
        "what ordinary income tax rate on my ¥100,000 dividend? what is fiscal year-end", facts
    )
    assert route is not None
    assert not route.name.startswith("not_stated_")


@pytest.mark.parametrize(
    ("alone", "before", "question", "expected"),
    [
        (None, "us_capital_gain", "and if I had held it a year?", "us_capital_gain"),
        ("jp_withholding_rate", "jp_withholding_amounts", "and for a corporation?", "jp_withholding_amounts"),
        ("jp_withholding_amounts", "us_dividend_tax", "and on ¥2,000,000?", "us_dividend_tax"),
        # the rows' limits: each holds only after its own function, and a cue can stop it
        (
            "jp_withholding_amounts",
            "us_dividend_tax",
            "and the withholding on ¥2,000,000?",
            "jp_withholding_amounts",
        ),
        ("jp_withholding_rate", "us_dividend_tax", "and the treaty rate?", "jp_withholding_rate"),
        ("us_capital_gain", "jp_withholding_amounts", "and if I sold for $5,000?", "us_capital_gain"),
    ],
)
def test_a_follow_up_continues_the_previous_function_only_where_a_continuation_row_holds(
    alone: str | None, before: str, question: str, expected: str
) -> None:
    assert continued(alone, before, question) == expected


def test_every_continuation_row_is_exercised_by_the_table_above() -> None:
    assert {(c.alone, c.before) for c in CONTINUATIONS} == {
        (None, None),
        ("jp_withholding_rate", "jp_withholding_amounts"),
        ("jp_withholding_amounts", "us_dividend_tax"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "I have a question on the treaty table: which rate does it give in the row for others?",
        "We have one query: which rate does the treaty table give in the row for others?",
    ],
)
def test_having_a_question_is_no_stake_that_keeps_the_rate_table_away(text: str) -> None:
    route = first_route(text, {})
    assert route is not None
    assert route.name == "rate_table"


def test_trade_dates_asked_as_the_dividend_holding_test_are_no_pfic_status_question() -> None:
    facts = {"ex_dividend_date": object(), "acquisition_date": object(), "held_years": [2004]}
    assert detect_intent(
        "bought in June, ex-date in August: enough days inside the window for QDI?", facts
    ) == ("qdi_holding_period")


def test_the_withholding_itself_asked_for_a_situation_is_a_rate_question() -> None:
    facts = {"residence": "Peru", "treaty_with_japan": False}
    assert detect_intent("Living in Peru (no treaty). Which withholding do IIJ dividends bear?", facts) == (
        "jp_withholding_rate"
    )


@pytest.mark.parametrize(
    "text",
    [
        "deadline of the depositary's other treaty form for my IIJ ADSs?",
        "second form: when must BNY send it for our ADSs?",
    ],
)
def test_the_second_form_asked_as_a_day_needs_the_fiscal_year_end(text: str) -> None:
    assert detect_intent(text, {}) == "ads_second_form_deadline"


@pytest.mark.parametrize(
    "text", ["the follow-up depositary form deadline?", "by when does the depositary send its second form?"]
)
def test_the_second_form_deadline_asked_in_general_stays_the_rule(text: str) -> None:
    assert detect_intent(text, {}) is None


@pytest.mark.parametrize(
    "text",
    [
        "What is the application of the treaty rate to a US corporation owning 60% of the voting shares?",
        "What forms of dividend are subject to the 15% maximum rate?",
    ],
)
def test_forms_of_something_or_the_application_of_a_rule_ask_for_no_form(text: str) -> None:
    first = first_route(text, extract_facts(text).facts)
    assert first is None or first.name != "rule_which_form"


@pytest.mark.parametrize(
    "text",
    [
        "bequeathed ADSs: does Japan tax the heir, and on what basis of rates?",
        "Japanese gift tax: is it flat or progressive?",
        "which type of rates does the inheritance tax use?",
    ],
)
def test_the_kind_of_rate_asked_where_no_figure_is_given_is_left_to_the_reports_words(text: str) -> None:
    route = first_route(text, {})
    assert route is None or not route.name.startswith("not_stated_")


def test_a_figure_of_a_kind_of_rate_named_is_still_a_figure_the_report_does_not_give() -> None:
    route = first_route("the progressive gift tax rates: what is the top one in %?", {})
    assert route is not None
    assert route.name == "not_stated_inheritance_gift_rates"


@pytest.mark.parametrize(
    "text",
    [
        "resident of Spain - what percent does Japan take out of each IIJ payout?",  # the taking, in everyday words
        "as a Swede, how much of the dividend does Japan hold back?",
        "living in Ireland, what's the Japan withholding on the dividend?",  # "Japan" for "Japanese"
    ],
)
def test_what_the_paying_side_takes_asked_for_a_resident_is_a_rate_question(text: str) -> None:
    facts = {"residence": "Spain", "residence_kind": "LISTED"}
    assert detect_intent(text, facts) == "jp_withholding_rate"


@pytest.mark.parametrize(
    "text",
    [
        "the new treaty's maximum rate for holders of 10% to 50%?",  # one row alone: the table is quoted
        "with no treaty in force, what rate is withheld?",  # the statutory rate alone: its sentence is quoted
    ],
)
def test_one_row_or_the_statutory_rate_alone_is_left_to_quoting_the_table(text: str) -> None:
    assert first_route(text, {"treaty_with_japan": False} if "no treaty" in text else {}) is None


def test_a_misspelt_column_still_names_the_table() -> None:
    route = first_route("in the current treaty colum, what rate for portfolio investors?", {})
    assert route is not None
    assert route.name == "rate_table"


@pytest.mark.parametrize(
    "text",
    [
        "due date of the other depositary form for the current period?",
        "when must the second application form go in for the upcoming round?",
    ],
)
def test_the_second_form_asked_for_one_period_needs_the_fiscal_year_end(text: str) -> None:
    assert detect_intent(text, {}) == "ads_second_form_deadline"


@pytest.mark.parametrize(
    "text", ["UK resident holding 12%, paid 2004-10-01: do we get 5%?", "so is the holder at 10% then?"]
)
def test_a_rate_proposed_for_a_stated_case_asks_the_rate(text: str) -> None:
    facts = {"residence": "United Kingdom", "voting_pct": Decimal(12), "payment_date": object()}
    assert detect_intent(text, facts) == "jp_withholding_rate"


def test_a_rate_proposed_with_no_case_stated_is_no_rate_question() -> None:
    assert detect_intent("so is the holder at 10% then?", {}) is None


def test_the_paying_state_said_to_apply_or_charge_a_rate_is_withholding() -> None:
    facts = {"residence": "Canada", "residence_kind": "LISTED"}
    assert detect_intent("living in Toronto, which rate does Japan charge on my payouts?", facts) == (
        "jp_withholding_rate"
    )


def test_a_lower_treaty_rate_is_no_qualified_dividend_bracket() -> None:
    route = first_route("do treaty countries get a lower rate on the withholding?", {})
    assert route is None or route.name != "not_stated_lower_qdi_brackets"
    route = first_route("what is the lower qualified dividend rate?", {})
    assert route is not None
    assert route.name == "not_stated_lower_qdi_brackets"
