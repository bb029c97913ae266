"""Test vectors of the duration reader and the date roles."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.dates import parse_dates
from service.qa.readers.durations import holding_period_fact, parse_duration, twelve_month_fact
from service.qa.readers.roles import assign_date_roles

# (text, days, comparison)
DURATIONS = [
    ("held for two years", Decimal("730.50"), "="),
    ("held them for more than 90 days", Decimal(90), ">"),
    ("owned it for fourteen months", Decimal("426.1250"), "="),
    ("held for less than a year", Decimal("365.25"), "<"),
    ("held the shares for years", Decimal(730), ">"),
    ("a long-time investor in the company", Decimal(730), ">"),
    ("we own it since several years", Decimal(730), ">"),
    ("kept them for ages", Decimal(730), ">"),
    # a comparison said with a degree word, and "the" before the count
    ("owned the stake for well over the twelve months", Decimal("365.2500"), ">"),
    ("held it comfortably beyond 18 months", Decimal("547.8750"), ">"),
]


@pytest.mark.parametrize(("text", "days", "op"), DURATIONS)
def test_durations(text: str, days: Decimal, op: str) -> None:
    duration = parse_duration(text)
    assert duration is not None
    assert (duration.days, duration.op) == (days, op)


# (text, role of the only date)
ROLES = [
    ("paid on 2004-09-30", "payment"),
    ("the record date is 2004-03-31", "entitlement"),
    ("ex-dividend on 2004-03-26", "ex_dividend"),
    ("bought on 2004-01-05", "acquisition"),
    ("sold 2004-06-01", "disposition"),
    ("a holder since 2001", "since"),
    # the day a stake crossed a threshold starts the holding at that level
    ("our stake first passed 50% on 2003-11-14", "since"),
    ("we went above half on 12 May 2004", "since"),
    ("became the majority shareholder on 2004-02-01", "since"),
    ("exceeded 50 percent on 2003-12-01", "since"),
]


@pytest.mark.parametrize(("text", "role"), ROLES)
def test_each_date_gets_the_role_its_cue_names(text: str, role: str) -> None:
    ((found, _),) = assign_date_roles(text, parse_dates(text))
    assert found == role


# (text, QDI holding period as stated)
HOLDING_IN_WORDS = [
    ("I owned the stock the whole year", True),
    ("kept my shares throughout the year", True),
    ("holding period is ok, form on file", True),
    ("holding period's no issue here", True),
    ("is the holding period fine?", None),
    ("bought them last week", None),
    # the holding said to be long enough, or the holder said to qualify on it
    ("we kept the ADSs long enough to qualify, form on file", True),
    ("held them long enough for qualified dividend treatment", True),
    ("I qualified under the holding period, rate 105", True),
    ("did I hold them long enough?", None),
    ("do we qualify on the holding period?", None),
    # short or casual words for the test met, or not met
    ("form in, holding fine, rate 104", True),
    ("holding: ok. what's my credit?", True),
    ("holding requirement satisfied", True),
    ("holding test passed; USD gross?", True),
    ("held them long enough, what's the cap?", True),
    ("holding period NOT met, so what rate?", False),
    ("holding failed - ordinary rates then?", False),
    ("holding ok?", None),
    ("holding ✗, what rate then?", False),
    ("holding period: ✘", False),
    # a holding said to be old in words: years, whatever the exact number
    ("a long-held stake, form filed", True),
    ("longtime shareholder; what is creditable?", True),
    ("we've owned them forever", True),
    ("a long time ago I asked about this", None),
    ("holding 15% of the shares, is it qualified?", None),
]


@pytest.mark.parametrize(("text", "expected"), HOLDING_IN_WORDS)
def test_a_holding_period_stated_met_in_words(text: str, expected: bool | None) -> None:
    assert holding_period_fact(parse_duration(text), text) is expected


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("more than 50% held for well over the twelve months before the record date", True),
        ("we have had the majority stake for more than a year", True),
        ("owned 60% for only 8 months", False),
    ],
)
def test_the_twelve_month_test_from_a_stated_duration(text: str, met: bool) -> None:
    assert twelve_month_fact(parse_duration(text), text) is met


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("I've met the 60-day rule", True),
        ("passed the holding test", True),
        ("held >60 days around the ex-date", True),
        ("held <30 days", False),
    ],
)
def test_the_qdi_holding_test_named_by_its_rule_or_with_a_comparison_sign(text: str, met: bool) -> None:
    assert holding_period_fact(parse_duration(text), text) is met


@pytest.mark.parametrize(
    "text",
    [
        "we are holding good quality shares; dividend $1,000, qualified?",
        "holding in order to get the dividend: $500, qualified?",
        "I'm holding ok positions in the ADSs; $500 dividend, is it qualified?",
        "holding passed to my son last year; is the $500 dividend qualified?",
    ],
)
def test_holding_said_of_shares_or_a_purpose_says_nothing_of_the_period(text: str) -> None:
    assert holding_period_fact(parse_duration(text), text) is None
