"""The question reader's typo correction: report words only, never a question word."""

from __future__ import annotations

from ingest.bm25 import tokenize
from service.qa.query import QuestionReader

VOCABULARY = {t for w in "whether dividends withholding kiln ceramic".split() for t in tokenize(w)}


def test_a_word_one_slip_from_a_question_word_is_not_corrected_into_it() -> None:
    read = QuestionReader(VOCABULARY).read("What's the weather like at the kiln?")
    assert "weather" in read.unknown
    assert "whether" not in read.search_text


def test_a_misspelt_report_word_is_still_corrected() -> None:
    read = QuestionReader(VOCABULARY).read("Are dividnds taxed?")
    assert "dividend" in read.search_text
    assert "dividnds" not in read.unknown
