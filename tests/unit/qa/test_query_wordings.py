"""Everyday wordings too varied for a phrase list are searched with the report's terms for them."""

from __future__ import annotations

import pytest

from service.qa.query import QuestionReader, without_everyday_phrases

_READER = QuestionReader(["bond", "note", "tax", "form", "applic", "rate", "compani", "document"])


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("We never sent the exemption form to the agent. Is the money gone?", "not submit in advance refund"),
        ("I missed the early filing window deadline, what now?", "not submit in advance refund"),
        (
            "They failed to file the relief application; can they recover the excess?",
            "not submit in advance refund",
        ),
        ("Is the rate lower when a bank has an equity connection with the issuer?", "capital relationship"),
        ("Our pension plan owns a minority stake in the company. Lower rate?", "capital relationship"),
        ("Do cross-shareholdings change the rate?", "capital relationship"),
        ("Where are the company's records kept in Tokyo?", "documents on display Tokyo headquarters"),
        ("Are its annual filings available in Japan?", "documents on display Tokyo headquarters"),
        (
            "With no income tax treaty to lean on, what is taken from the payout?",
            "unless applicable tax treaty reduces",
        ),
        ("absent any treaty, which rate?", "unless applicable tax treaty reduces"),
    ],
)
def test_a_varied_everyday_wording_is_searched_with_the_reports_terms(question: str, terms: str) -> None:
    read = _READER.read(question)
    assert f"({terms}" in read.search_text
    assert read.search_text.replace(f" ({terms})", "") == question  # the asker's words stay


@pytest.mark.parametrize(
    "question",
    [
        "When is the application form due?",
        "We own 15% of the voting shares; which rate applies?",
        "What documents must a holder file with the depositary?",
        "What is the withholding rate in Japan?",
        "Which treaty lowers the rate?",  # a treaty in play
    ],
)
def test_wordings_that_only_resemble_them_are_left_alone(question: str) -> None:
    assert _READER.read(question).search_text == question


def test_the_askers_situation_is_no_part_of_what_kind_of_answer_is_asked_for() -> None:
    assert "deadline" not in without_everyday_phrases(
        "We missed the treaty application deadline; is it lost?"
    )
    assert without_everyday_phrases("When is the treaty application deadline?") == (
        "When is the treaty application deadline?"
    )


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("Who is a qualified holder for this report?", "Who is a qualified holder?"),
        ("Which bonds count as notes according to the annual report?", "Which bonds count as notes?"),
        ("Does the 20-F mention stamp duty?", "Does it mention stamp duty?"),
        ("Did this report cover gift tax?", "Did it cover gift tax?"),
    ],
)
def test_the_report_named_as_where_to_look_is_not_searched_for(question: str, searched: str) -> None:
    assert _READER.read(question).search_text == searched


@pytest.mark.parametrize(
    "question",
    [
        "Can I inspect the report in Tokyo?",
        "Where is the annual report filed?",
        "How does the report define a note?",
        "What is in the reports filed with the regulator?",
    ],
)
def test_the_report_as_a_thing_asked_about_is_searched_for(question: str) -> None:
    assert _READER.read(question).search_text == question


def test_where_income_is_sourced_is_searched_as_its_sources() -> None:
    assert "sourced (sources)" in QuestionReader(["sourc"]).read("Where is the coupon sourced?").search_text
