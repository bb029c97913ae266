"""Reading a question before search: typo correction against the index's vocabulary."""

from __future__ import annotations

from ingest.bm25 import tokenize
from service.qa.query import QuestionReader

VOCABULARY = {
    t for w in "over the withholding on dividends paid by the registrar".split() for t in tokenize(w)
}


def test_misspelt_word_is_searched_with_the_index_word_it_meant() -> None:
    read = QuestionReader(VOCABULARY).read("Is there witholding on dividends?")
    assert "withhold" in read.search_text
    assert read.unknown == ()


def test_a_correction_never_changes_the_first_letter_of_a_word() -> None:
    read = QuestionReader(VOCABULARY).read("Does the registrar cover dividends?")
    assert read.search_text == "Does the registrar cover dividends?"
    assert read.unknown == ("cover",)
