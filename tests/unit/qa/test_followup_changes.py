"""A follow-up that changes one fact of the case before it keeps the others (the real readers and calculator)."""

from __future__ import annotations

import pytest

from service.qa.readers.dates import DateFact
from service.qa.readers.flags import parse_form_filed
from service.qa.readers.shifts import shifted_dates
from tests.conversations import calculated


@pytest.mark.parametrize(
    "text",
    [
        "nobody lodged the treaty form",
        "none of us submitted the application before payment",
        "neither the depositary nor I sent the form",
        "what if no one had filed the form in advance?",
    ],
)
def test_a_filing_nobody_made_is_no_filing(text: str) -> None:
    assert parse_form_filed(text) is False


def test_a_filing_someone_made_is_still_a_filing() -> None:
    assert parse_form_filed("my broker filed the form; nobody asked me anything") is True


def test_a_dividend_with_no_form_filed_is_withheld_in_full_and_the_excess_refunded() -> None:
    answer = calculated(
        "US resident individual, ¥400,000 dividend paid 2004-12-01; nobody lodged the treaty form. Refund?"
    )
    assert "¥80,000" in answer.text  # 20% withheld
    assert "¥40,000" in answer.text  # the excess over the Treaty's 10%


def test_a_follow_up_with_no_filing_keeps_the_amount_and_date() -> None:
    answer = calculated(
        "US individual, ¥600,000 dividend paid 2004-11-01, treaty form filed. How much is withheld?",
        "10%: ¥60,000 withheld.",
        "what if none of us had submitted the form beforehand?",
    )
    assert "¥120,000" in answer.text
    assert "¥60,000" in answer.text


EARLIER = {
    "acquisition_date": DateFact("day", 2004, 3, 10, "2004-03-10"),
    "disposition_date": DateFact("day", 2005, 3, 10, "2005-03-10"),
}


@pytest.mark.parametrize(
    ("question", "key", "iso"),
    [
        ("and had I bought three days earlier?", "acquisition_date", "2004-03-07"),
        ("what if I sold a week later?", "disposition_date", "2005-03-17"),
        ("suppose I'd sold the following day", "disposition_date", "2005-03-11"),
        ("and if I had purchased the day before?", "acquisition_date", "2004-03-09"),
        ("what if I bought on the 2nd instead?", "acquisition_date", "2004-03-02"),
    ],
)
def test_a_follow_up_moves_the_date_its_trade_word_names(question: str, key: str, iso: str) -> None:
    moved = shifted_dates(question, EARLIER)
    assert list(moved) == [key]
    assert moved[key].iso == iso


@pytest.mark.parametrize(
    "question",
    ["and the day after the ex-date?", "what if it was paid two days later?", "what is the rate now?"],
)
def test_a_follow_up_moves_no_date_the_case_lacks_or_it_does_not_name(question: str) -> None:
    assert shifted_dates(question, EARLIER) == {}


def test_selling_a_day_later_can_make_the_holding_long_term() -> None:
    answer = calculated(
        "bought 2003-06-02, sold 2004-06-02, gain $4,000, US individual. 15% maximum rate?",
        "No: held exactly one year.",
        "and if I'd sold the next day instead?",
    )
    assert "$600.00" in answer.text


def test_buying_earlier_on_a_named_day_changes_the_qualified_dividend_holding() -> None:
    answer = calculated(
        "ex-dividend 2004-06-20; bought 2004-04-22, sold 2004-06-20. QDI holding period met?",
        "No: 59 days.",
        "and if I'd bought two days earlier, on the 20th?",
    )
    assert "61 days" in answer.text


def test_an_acknowledgement_before_the_follow_up_keeps_the_case() -> None:
    answer = calculated(
        "I'm a US individual; ¥500,000 IIJ dividend paid 2004-10-05, form filed in advance. Japanese tax?",
        "10%: ¥50,000.",
        "Thanks. And the US tax as a noncorporate holder who held over a year, the spot rate still ¥100?",
    )
    assert "$5,000.00" in answer.text
    assert "$750.00" in answer.text


def test_a_misspelt_word_inside_a_hyphenated_one_is_still_read() -> None:
    answer = calculated(
        "bought two weeks before the ex-dividnd date, sold 50 days after it. QDI holding period ok?"
    )
    assert "64 days" in answer.text
