"""Test vectors of the relative-time reader: purchases and sales placed by their distance from a dividend date."""

from __future__ import annotations

import pytest

from service.qa.readers.durations import holding_period_fact, twelve_month_fact
from service.qa.readers.relative import (
    held_twelve_months_at_record,
    qdi_holding_met,
    qdi_offsets,
    relative_events,
)

# (text, event, anchor, min days, max days, span)
EVENTS = [
    (
        "a US corporation bought 55% of the voting shares eight months before the entitlement date",
        "acquisition",
        "entitlement",
        -248,
        -224,
        "bought 55% of the voting shares eight months before the entitlement date",
    ),
    ("sold them 30 days after the ex-dividend date", "disposition", "ex_dividend", 30, 30, None),
    (
        "we acquired the stake 2 years prior to the record date",
        "acquisition",
        "entitlement",
        -732,
        -730,
        None,
    ),
    ("picked up the ADSs three weeks ahead of the ex-date", "acquisition", "ex_dividend", -21, -21, None),
    ("I sold forty-five days following the payment date", "disposition", "payment", 45, 45, None),
]


@pytest.mark.parametrize(("text", "event", "anchor", "low", "high", "span"), EVENTS)
def test_events_are_placed_relative_to_their_dividend_date(
    text: str, event: str, anchor: str, low: int, high: int, span: str | None
) -> None:
    (found,) = relative_events(text)
    assert (found.event, found.anchor, found.min_days, found.max_days) == (event, anchor, low, high)
    if span is not None:
        assert text[found.start : found.end] == span


def test_it_refers_to_the_date_named_before() -> None:
    bought, sold = relative_events("bought 20 days before the ex-dividend date and sold 30 days after it")
    assert (bought.anchor, bought.min_days) == ("ex_dividend", -20)
    assert (sold.anchor, sold.min_days) == ("ex_dividend", 30)


# (text, held more than 50% for the twelve months ending on the record date)
TWELVE_MONTHS = [
    ("a US corporation bought 55% of the voting shares eight months before the entitlement date", False),
    ("our parent took a 60% stake 14 months ahead of the record date", True),
    ("acquired 70% twelve months before the record date", True),
    ("bought 60% 300 days before the date of record", False),
    ("bought 60% 52 weeks prior to the record date", False),
    ("bought 60% two years before the record date", True),
    ("8 months before the record date we bought 55% of IIJ", False),
    # a stake that came to exceed the threshold, the record date named with its own date
    ("our stake rose above 50% some 15 months before the 2005-03-31 record date", True),
    ("we passed 50% ten months prior to the entitlement date", False),
]


@pytest.mark.parametrize(("text", "expected"), TWELVE_MONTHS)
def test_a_stake_bought_before_the_record_date_settles_the_twelve_months(text: str, expected: bool) -> None:
    assert held_twelve_months_at_record(text) is expected
    assert twelve_month_fact(None, text) is expected


# (text, more than 60 days held in the 121-day window around the ex-dividend date)
QDI = [
    ("bought 20 days before the ex-dividend date and sold 30 days after it", False),
    ("I purchased the ADSs 40 days before the ex-date and sold them 25 days after the ex-date", True),
    ("bought a week before the ex-dividend date, sold 50 days after", False),
    ("bought 10 days before the ex-div date and I still hold them", True),
    ("bought two months before the ex-dividend date and sold a month after it", True),
    ("bought 5 days before the ex-dividend date", None),
    # the sale right after the purchase's anchor, with a distance of its own
    ("Picked up ADSs 50 days before the ex-dividend date, sold 15 days after.", True),
    # a purchase on the ex-dividend date itself, the position still open: 60 days in the window, not more
    ("acquired them on the very ex-dividend date and have not sold yet", False),
    ("bought at the ex-div date itself; holding them to this day", False),
    ("bought on the ex-date", None),
]


@pytest.mark.parametrize(("text", "expected"), QDI)
def test_a_purchase_and_sale_around_the_ex_date_settle_the_holding_period(
    text: str, expected: bool | None
) -> None:
    assert qdi_holding_met(text) is expected
    assert holding_period_fact(None, text) is expected


def test_a_purchase_on_the_ex_date_with_the_position_open_is_zero_days_before_and_not_sold() -> None:
    assert qdi_offsets("picked up the ADSs on the ex-dividend date; never sold them") == (0, None)


@pytest.mark.parametrize(
    "text",
    [
        "Do I meet the holding period for the qualified dividend rate?",
        "would we satisfy the QDI holding period?",
        "I'm wondering if I meet the holding period",
    ],
)
def test_a_question_whether_the_holding_period_is_met_does_not_state_it(text: str) -> None:
    assert holding_period_fact(None, text) is None
