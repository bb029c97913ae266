"""Test vectors of the yes/no readers: the treaty form, a pension fund's business, where shares were sold."""

from __future__ import annotations

import pytest

from service.qa.readers.cases import two_cases
from service.qa.readers.facts import extract_facts
from service.qa.readers.flags import (
    form_filing_unknown,
    parse_additional_requirements,
    parse_financial_institution,
    parse_form_filed,
    parse_pension_business,
    parse_sale_location,
    unknown_facts,
)

FORM = [
    ("we filed the treaty form in advance", True),
    ("the application form was submitted", True),
    ("didn't file the form", False),
    ("w/o the form", False),
    ("filed it too late", False),
    ("the holder omitted to send the paperwork", False),
    ("treaty paperwork in, paid in March", True),
    ("both forms are in", True),
    ("application done before payment", True),
    ("our treaty paperwork went in ahead of the payment", True),
    ("the application had gone in before the record date", True),
    ("the form went in late", None),
    ("we missed the advance filing", False),
    ("overlooked the treaty application", False),
    ("the form in Japan is called what?", None),
    ("not sure whether the form was filed", None),
    ("what is the rate?", None),
]


@pytest.mark.parametrize(("text", "expected"), FORM)
def test_the_treaty_form(text: str, expected: bool | None) -> None:
    assert parse_form_filed(text) is expected


def test_not_knowing_about_the_form_is_told_apart() -> None:
    assert form_filing_unknown("can't remember if we sent the form")
    assert not form_filing_unknown("not sure about the rate; form filed")


PENSION = [
    ("the dividends are not derived from a business", False),
    ("a purely passive investment", False),
    ("the income is derived from carrying on a business", True),
    ("our pension fund", None),
    ("these payouts have nothing to do with any trade or business the plan runs", False),
    ("income unrelated to its operating business", False),
    ("there is no connection with a business of the fund", False),
    ("our plan's dividends are not derived from conducting any business", False),
    ("they aren't tied to a business we operate", False),
    ("the payouts don't come from the running of our business", False),
    ("strictly passive, we run no trade", False),
    ("the dividends come from a trade business we operate", True),
    ("they are connected to our operating business", True),
    ("passive income is 70% of gross income", None),
]


@pytest.mark.parametrize(("text", "expected"), PENSION)
def test_a_pension_funds_business(text: str, expected: bool | None) -> None:
    assert parse_pension_business(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("IIJ meets the additional requirements", True), ("doesn't satisfy the additional requirements", False)],
)
def test_additional_requirements(text: str, expected: bool) -> None:
    assert parse_additional_requirements(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sold on NASDAQ", "outside_japan"),
        ("sold on the Tokyo Stock Exchange", "within_japan"),
        ("selling via an Osaka-based broker", "within_japan"),
        ("disposed of them through a Frankfurt bank", "outside_japan"),
        ("using my Zurich-based broker", "outside_japan"),
        ("through a discount broker", None),
        ("no permanent establishment in Japan; we sell the shares", None),
        ("sold", None),
        # a place named after the sale
        ("I'm selling the ADSs in Frankfurt next week", "outside_japan"),
        ("we sold them in Hong Kong", "outside_japan"),
        ("I sold in 2004 at a profit", None),
    ],
)
def test_where_shares_were_sold(text: str, expected: str | None) -> None:
    assert parse_sale_location(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Which form in particular do I send?",
        "What is the application in question used for?",
        "Is the form in Japanese only?",
        "Does the paperwork in my file matter?",
    ],
)
def test_a_form_named_with_in_is_not_said_to_be_filed(text: str) -> None:
    assert parse_form_filed(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "My forms were in before the record date.",
        "The application is in.",
        "Paperwork done; advance form in.",
    ],
)
def test_a_form_said_to_be_in_is_filed(text: str) -> None:
    assert parse_form_filed(text) is True


def test_a_place_of_the_broker_is_no_second_residence() -> None:
    assert two_cases("I'm resident in Canada and sold the ADSs through a Paris broker; tax in Japan?") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we are a savings bank", True),
        ("as a financial institution", True),
        ("sold via a London bank", None),
        # the holder named as a bank by what it does with the shares or the dividend
        ("A Texas regional bank received ¥300,000 from IIJ", True),
        ("the holder, a cooperative bank, owns 1%", True),
        ("my ADSs sit with a bank that is my custodian", None),
        ("the dividend was credited to a bank that holds it for me", None),
        ("A Delaware bank (a corporation), 3% of IIJ: credit category?", True),
        ("I work for a bank and the bank account got the dividend", None),
    ],
)
def test_the_holder_said_to_be_a_financial_institution(text: str, expected: bool | None) -> None:
    assert parse_financial_institution(text) is expected


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("we are unsure whether the additional treaty conditions hold", ("additional_requirements_met",)),
        ("no idea if the LOB test is passed", ("additional_requirements_met",)),
        ("can't tell if we've been above 50% for twelve months", ("held_over_50pct_12m",)),
        ("I don't remember whether I held them long enough", ("holding_period_met",)),
        ("not sure the pension's dividends come from a business", ("pension_dividends_from_business",)),
        ("no clue whether the form was sent", ("advance_form_filed",)),
        ("we meet the additional requirements and filed the form", ()),
    ],
)
def test_a_yes_no_fact_said_not_to_be_known(text: str, unknown: tuple[str, ...]) -> None:
    assert unknown_facts(text) == unknown


def test_a_fact_said_not_to_be_known_is_not_read_as_stated() -> None:
    facts = extract_facts(
        "US corp, 70% for 3 years, paid 2004-10-01; we're not sure we meet the additional requirements"
    )
    assert "additional_requirements_met" not in facts.facts
    assert facts.facts["unknown_facts"] == ("additional_requirements_met",)


def test_a_year_that_dates_an_unknown_does_not_make_the_stake_unknown() -> None:
    # "a year ago" says when the form may have been filed, not how long the stake was held
    facts = extract_facts(
        "We have held 60% of the shares for three years; not sure if we filed the form a year ago."
    )
    assert facts.facts["unknown_facts"] == ("advance_form_filed",)
    assert facts.facts["held_over_50pct_12m"] is True


@pytest.mark.parametrize(
    "text",
    [
        "I live in Norway and I sell my ADSs in London. Japanese tax?",
        "we are from Singapore and sold the shares on the exchange in New York",
        "resident of Italy; the sale was made in Paris",
    ],
)
def test_a_place_of_sale_is_no_second_residence(text: str) -> None:
    assert two_cases(text) is None


def test_two_residences_still_make_two_cases() -> None:
    assert two_cases("I live in Norway and my brother lives in France: what rate for each?") is not None


@pytest.mark.parametrize(
    "text",
    [
        "We sold the ADSs while living in Canada; is the gain taxed by Japan?",
        "I sold some shares last year and I reside in France",
    ],
)
def test_where_the_seller_lives_is_no_place_of_sale(text: str) -> None:
    assert parse_sale_location(text) is None


def test_a_residence_said_after_a_sale_still_makes_two_cases() -> None:
    assert two_cases(
        "I sold my shares while living in Norway and my brother lives in France: what rate for each?"
    )


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        (
            "We held the shares for 90 days. I wonder if the holding period matters here.",
            "holding_period_met",
        ),
        (
            "US corp, 70% for 3 years; I don't know whether the 12 months rule counts from purchase",
            "held_over_50pct_12m",
        ),
        (
            "US corp, 70% for 3 years; not sure if the twelve months test applies to ADSs",
            "held_over_50pct_12m",
        ),
    ],
)
def test_doubting_how_a_rule_applies_does_not_unsay_a_stated_fact(text: str, stated: str) -> None:
    facts = extract_facts(text).facts
    assert stated not in facts.get("unknown_facts", ())
    assert stated in facts


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("We aren't sure what the 'additional requirements' even are", ("additional_requirements_met",)),
        ("honestly clueless about which extra conditions apply", ("additional_requirements_met",)),
        ("we know what the additional requirements are and meet them", ()),
        ("I don't know what form to file", ()),
    ],
)
def test_not_knowing_what_the_additional_requirements_are_leaves_them_unknown(
    text: str, unknown: tuple[str, ...]
) -> None:
    assert unknown_facts(text) == unknown
