"""Reading a question before search (service/qa/query.py): typo correction against the index vocabulary,
and spelling correction back to whole words."""

from __future__ import annotations

import pytest

from ingest.bm25 import tokenize
from service.qa.query import QuestionReader, report_acronyms, without_everyday_phrases

WORDS = ("distribution", "withholding", "allocate", "allocation", "interest", "dividend", "exchange")
KNOWN = "the excess is allocated ratably and the interest charge applies to each prior year"


def _reader() -> QuestionReader:
    return QuestionReader(tokenize(KNOWN), words=WORDS)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("excess distributon?", "excess distribution?"),  # a letter left out
        ("Japanese withholdng tax", "Japanese withholding tax"),
        ("the exchnage rate", "the exchange rate"),  # two letters swapped
        ("alocate the gain", "allocate the gain"),  # the stem is shared with "allocation"
        ("a dividnd of ¥1m", "a dividend of ¥1m"),
        ("past distributons", "past distributions"),  # plural
    ],
)
def test_one_letter_slips_of_a_known_word_are_written_back_as_that_word(typed: str, expected: str) -> None:
    assert _reader().corrected(typed) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the internet backbone",  # two letters from "interest": a different word
        "interest on the excess",  # spelt right
        "withholding of 10%",
    ],
)
def test_real_words_and_correct_spellings_are_left_alone(text: str) -> None:
    assert _reader().corrected(text) == text


def test_correction_does_not_change_what_read_reports() -> None:
    read = _reader().read("excess distributon")
    assert "distributon" in read.search_text


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


FUNDS = {t for w in "the fund holds shares directly and indirectly".split() for t in tokenize(w)}
REAL_WORDS = {"founded", "indirect", "directly"}


def test_a_real_word_the_index_lacks_is_searched_as_typed_not_as_an_index_word_it_resembles() -> None:
    read = QuestionReader(FUNDS, dictionary=REAL_WORDS.__contains__).read("When was the bank founded?")
    assert read.search_text == "When was the bank founded?"
    assert read.corrections == ()
    assert "founded" in read.unknown


def test_a_real_word_of_the_same_family_as_an_index_word_is_still_searched_with_it() -> None:
    read = QuestionReader(FUNDS, dictionary=REAL_WORDS.__contains__).read("Are shares held indirect?")
    assert read.corrections == (("indirect", "indirectli"),)


def test_without_a_dictionary_a_near_index_word_is_taken_for_a_slip() -> None:
    read = QuestionReader(FUNDS).read("When was the bank founded?")
    assert read.corrections == (("founded", "fund"),)


REPORT_NAMES = (
    "Dividends are paid through The Mutual Bank of Nagoya, as paying agent. Under the Companies Act of Japan the "
    "board decides.\nHoldings Summary\nTax Office The Mutual Bank of Nagoya also keeps the register."
)


def test_a_reports_acronyms_are_the_initials_of_the_names_it_spells_out_on_one_line() -> None:
    acronyms = report_acronyms([REPORT_NAMES])
    assert acronyms["mbn"] == "Mutual Bank of Nagoya"
    assert acronyms["caj"] == "Companies Act of Japan"
    assert "hsto" not in acronyms  # "Holdings Summary" and "Tax Office" stand on two lines
    assert all(3 <= len(a) <= 6 for a in acronyms)


def test_an_acronym_the_index_lacks_is_searched_with_the_name_it_stands_for() -> None:
    reader = QuestionReader(tokenize(REPORT_NAMES), acronyms=report_acronyms([REPORT_NAMES]))
    read = reader.read("What is MBN's role for dividends?")
    assert read.search_text == "What is MBN's (Mutual Bank of Nagoya) role for dividends?"
    assert read.expansions == (("MBN", "Mutual Bank of Nagoya"),)
    assert "mbn" not in read.unknown


def test_a_real_word_that_spells_initials_is_not_read_as_an_acronym() -> None:
    reader = QuestionReader(
        tokenize(REPORT_NAMES), acronyms={"map": "Mutual Agents Policy"}, dictionary={"map"}.__contains__
    )
    read = reader.read("Is there a map of branches?")
    assert read.expansions == ()
    assert "map" in read.unknown


def test_an_everyday_word_is_searched_with_the_formal_word_reports_use() -> None:
    read = QuestionReader(["exchang", "bond", "note"]).read("Can I swap my notes for bonds tax-free?")
    assert "swap (exchange)" in read.search_text
    assert ("swap", "exchange") in read.expansions
    assert "swap" not in read.unknown


def test_everyday_names_of_tax_exempt_accounts_and_bodies_are_searched_as_tax_exempt() -> None:
    reader = QuestionReader(["tax", "exempt", "dividend", "share"])
    for question in (
        "My IRA holds the shares: how are dividends taxed?",
        "We are a charity. Is the dividend taxed?",
    ):
        read = reader.read(question)
        assert "(tax-exempt)" in read.search_text
        assert not read.unknown  # "IRA", "charity" are read, not words the reports lack


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("Grandpa's bonds came to me when I inherited them: any tax?", "legatee"),
        ("The notes were in her will for me. Taxed?", "legatee"),
        ("A friend gave me some bonds. Do I owe tax?", "donee"),
        ("Does the law stop the firm from repatriating profits?", "export capital"),
        ("I sent the claim too late. Is the money lost?", "refund"),
        ("We forgot to submit the application: anything to recover?", "in advance"),
    ],
)
def test_everyday_phrases_for_a_reports_legal_terms_are_searched_with_those_terms(
    question: str, term: str
) -> None:
    read = QuestionReader(["bond", "note", "tax", "claim", "applic", "law"]).read(question)
    assert term in read.search_text


def test_without_everyday_phrases_drops_only_the_askers_situation() -> None:
    assert "deadline" not in without_everyday_phrases("I missed the deadline; is it lost?")
    assert without_everyday_phrases("When is the deadline?") == "When is the deadline?"


def test_a_time_after_the_report_is_searched_as_subsequent_but_a_later_than_limit_is_left_alone() -> None:
    reader = QuestionReader(["bond", "taxabl", "year", "subsequ"])
    assert "(subsequent)" in reader.read("Could the bonds become taxable later on?").search_text
    assert reader.read("Is it due no later than a year after?").expansions == ()
    assert "later than" in without_everyday_phrases("due no later than May?")
