"""Follow-up questions are rewritten from the conversation, deterministically, before search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.qa.followup import is_follow_up, resolve, retrieval_question
from service.qa.types import Turn

RATE = "What is the maximum treaty withholding rate for most shareholders?"


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        # a holder phrase replaces the holder of the question it follows
        (
            RATE,
            "what about a pension fund?",
            "What is the maximum treaty withholding rate for a pension fund?",
        ),
        (RATE, "and for a pension fund?", "What is the maximum treaty withholding rate for a pension fund?"),
        (
            "What Japanese rate applies to a US individual on a dividend paid Oct 1 2004?",
            "what about a US company instead?",
            "What Japanese rate applies to a US company on a dividend paid Oct 1 2004?",
        ),
        # ... and is added when the question it follows names none
        (
            "What is the withholding rate on dividends?",
            "what about pension funds?",
            "What is the withholding rate on dividends for pension funds?",
        ),
        # a time phrase is added before the question mark, or replaces the one already there
        (
            RATE,
            "and before July 2004?",
            "What is the maximum treaty withholding rate for most shareholders before July 2004?",
        ),
        (
            "What rate applied to dividends paid before July 2004?",
            "and on or after July 1, 2004?",
            "What rate applied to dividends paid on or after July 1, 2004?",
        ),
        # anything else that points back is searched together with the question it follows
        (
            "Do I need to file anything to get the treaty rate?",
            "which form is that?",
            "Do I need to file anything to get the treaty rate? which form is that?",
        ),
        (
            "what's the PFIC income test?",
            "and the asset test?",
            "what's the PFIC income test? and the asset test?",
        ),
        # a standalone question is searched as asked
        (RATE, "Who is the depositary for the ADSs?", "Who is the depositary for the ADSs?"),
        (RATE, "Where can I inspect IIJ's SEC filings?", "Where can I inspect IIJ's SEC filings?"),
        # with nothing before it, a follow-up is searched as asked
        (None, "what about a pension fund?", "what about a pension fund?"),
        ("   ", "and before July 2004?", "and before July 2004?"),
    ],
)
def test_follow_up_is_rewritten_from_the_question_it_follows(
    previous: str | None, question: str, expected: str
) -> None:
    assert resolve(question, previous) == expected


@pytest.mark.parametrize(
    ("question", "follows"),
    [
        ("and for a pension fund?", True),
        ("What about a pension fund?", True),
        ("how about ADSs?", True),
        ("which form is that?", True),
        ("does it cover me if I hold through a tax-exempt plan?", True),
        ("pension fund?", True),
        ("Who operates the US portion of the backbone?", False),
        ("What are the PFIC income and asset tests?", False),
    ],
)
def test_follow_ups_are_recognised_by_opening_length_or_pointing_back(question: str, follows: bool) -> None:
    assert is_follow_up(question) is follows


def test_a_follow_up_of_a_follow_up_keeps_the_original_topic() -> None:
    history = [
        Turn("user", RATE),
        Turn("assistant", "The maximum rate is 10% [1]."),
        Turn("user", "what about a pension fund?"),
        Turn("assistant", "Withholding tax is not imposed on a pension fund [1]."),
    ]
    assert (
        retrieval_question("and before July 2004?", history)
        == "What is the maximum treaty withholding rate for a pension fund before July 2004?"
    )


def test_assistant_turns_are_not_searched() -> None:
    history = [Turn("assistant", "Ask me about the annual report."), Turn("assistant", "pension funds")]
    assert retrieval_question("and before July 2004?", history) == "and before July 2004?"


@given(question=st.text(max_size=200), previous=st.one_of(st.none(), st.text(max_size=200)))
def test_rewriting_is_deterministic_and_keeps_the_question(question: str, previous: str | None) -> None:
    first = resolve(question, previous)
    assert first == resolve(question, previous)
    if question.strip() and not (previous and previous.strip()):
        assert first == question.strip()
