"""A fact the question settles by what it asks is not asked for again (the real readers and calculator)."""

from __future__ import annotations

import pytest

from service.qa.readers.holders import parse_holder
from tests.conversations import answered, calculated


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("as a noncorporate holder", "other"),
        ("a non-corporate U.S. holder of ADSs", "other"),
        ("I'm a non corporate shareholder", "individual"),
        ("our corporation, not a noncorporate holder", "corporation"),
    ],
)
def test_noncorporate_names_no_corporation(text: str, kind: str) -> None:
    assert parse_holder(text).holder_type == kind


def test_asking_whether_the_fifteen_percent_rate_applies_takes_a_noncorporate_holder() -> None:
    answer = calculated("ADSs bought 2002-04-01, sold 2004-10-01, a $3,000 gain. Is it capped at 15%?")
    assert "$450.00" in answer.text
    assert "noncorporate" in answer.text


def test_a_corporation_asking_about_fifteen_percent_is_still_a_corporation() -> None:
    answer = calculated("Our corporation bought 2002-04-01, sold 2004-10-01, a $3,000 gain. Capped at 15%?")
    assert "$450.00" not in answer.text


def test_a_same_year_pfic_gain_is_allocated_without_asking_the_holder() -> None:
    answer = calculated(
        "IIJ a PFIC; shares bought 2004-02-01, sold 2004-08-01, $2,500 gain. What goes to earlier years?"
    )
    assert "$2,500.00" in answer.text
    assert answer.calculation is not None
    assert answer.calculation["function"] == "pfic_allocate"


@pytest.mark.parametrize(
    "question",
    [
        "A US corp with 85% of IIJ's voting shares, dividend paid 2005-02-01: do we qualify for 0%?",
        "US company, 60% of the voting shares on the record date, dividend paid 2004-09-15. Is it 0%?",
    ],
)
def test_a_majority_corporation_asking_for_zero_by_its_figure_is_asked_the_twelve_months(
    question: str,
) -> None:
    answer = answered(question)
    assert answer.route == "clarify"
    assert answer.missing == ["held_over_50pct_12m"]


@pytest.mark.parametrize(
    ("question", "figures", "absent"),
    [
        (
            "the 1971 treaty: max rate if you held 10% and up of the voting shares, versus all the others?",
            ("10%", "15%"),
            ("In the Treaty column",),
        ),
        (
            "prior treaty: a holder with 10%+ of the voting shares, what rate?",
            ("10%",),
            ("15%", "In the Treaty column"),
        ),
    ],
)
def test_a_band_said_with_a_plus_or_set_against_the_rest_reads_its_rows(
    question: str, figures: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    text = calculated(question).text
    for figure in figures:
        assert figure in text
    for figure in absent:
        assert figure not in text


def test_the_treaty_pension_exemption_is_answered_from_the_text_beside_the_table() -> None:
    answer = calculated("Under the 2003 treaty, what is the top rate on dividends to pension plans?")
    assert "0%" in answer.text
    assert "business" in answer.text


def test_a_misspelt_column_still_names_the_table() -> None:
    answer = calculated("in the new treaty colum, what's the rate for pension funds?")
    assert "0%" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "by when must the depositary lodge the second application form for the ADSs this round?",
        "what's the due date of the 2nd treaty form for IIJ ADSs in the coming cycle?",
    ],
)
def test_one_occurrence_of_the_second_form_deadline_asks_the_fiscal_year_end(question: str) -> None:
    answer = answered(question)
    assert answer.route == "clarify"
    assert answer.missing == ["fiscal_year_end"]
