"""What no report answers: live data and advice, answers off the question's subject, concepts the reports lack,
answers of the wrong kind, holders the report leaves out."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from ingest.bm25 import tokenize
from ingest.chunk import Chunk
from ingest.embedding import Embedder
from ingest.vocabulary import WordVectors, report_words
from service.qa.disclaimers import Disclaimers
from service.qa.query import QUESTION_STEMS, QuestionReader, ReadQuestion
from service.qa.scope import (
    Passage,
    Scope,
    ScopeLimits,
    _contrast,
    _slips,
    identity_terms,
    latest_year,
    request_no_report_answers,
)
from service.settings import Settings

REPORT = (
    "Acme Widgets KK manufactures ceramic widgets in Nagoya and sells them to carmakers in Europe. "
    "At March 31, 2005, Acme employed 1,250 people. Dividends paid to non-resident holders are subject to "
    "Japanese withholding tax at the maximum rate of 20%. Gains from hedging transactions are taxed as ordinary "
    "income. Shares may be exchanged for depositary receipts without tax."
)
IDENTITY = identity_terms(["acme-20f-fy2005", "Acme Widgets KK"])
LIMITS = ScopeLimits(Settings().abstain_synonym, Settings().abstain_pull)  # the service's limits


def plain(question: str) -> ReadQuestion:
    """A question as typed: no abbreviations, typos or words the reports never use."""
    return ReadQuestion(question, question, ())


@pytest.fixture(scope="module")
def scope(embedder: Embedder) -> Scope:
    words = report_words([Chunk("acme:h:0-1", "acme", "A. Overview", 0, len(REPORT), REPORT, ())])
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    return Scope(vectors, embedder.embed, LIMITS, IDENTITY)


@pytest.mark.parametrize(
    "question",
    [
        "What is the stock trading at right now?",
        "How much is one euro worth in yen today?",
        "What's the company's share price?",
        "What's Acme's market cap?",
        "How much did the company pay per share last year?",
        "What was the interest rate this quarter?",
        "What did the company pay out per share this year?",
    ],
)
def test_live_market_data_is_a_request_no_report_answers(question: str) -> None:
    assert request_no_report_answers(question) == "live data"


@pytest.mark.parametrize(
    "question",
    [
        "Should I buy more of these ADRs?",
        "Is this stock a good investment for my pension?",
        "Would you recommend selling my shares?",
        "Is it worth buying the ADSs before the dividend?",
    ],
)
def test_investment_advice_is_a_request_no_report_answers(question: str) -> None:
    assert request_no_report_answers(question) == "advice"


@pytest.mark.parametrize(
    "question",
    [
        "I'm in the 25% income tax bracket: is interest on the notes taxed at 10% for me?",
        "With my marginal rate at 33%, what do I owe on the bond interest?",
        "Being in the top bracket, which rate hits my dividends?",
        "Could you figure out my credit limitation given my other passive income?",
    ],
)
def test_figures_of_the_askers_own_tax_position_are_a_request_no_report_answers(question: str) -> None:
    assert request_no_report_answers(question) == "the asker's own tax position"


@pytest.mark.parametrize(
    "question",
    [
        "Which holders are taxed at the 15% maximum rate?",
        "How is the credit limitation computed for dividends?",
        "Does other income of mine change whether the dividend is qualified?",
    ],
)
def test_questions_about_the_reports_rates_are_no_request_about_the_askers_tax_position(
    question: str,
) -> None:
    assert request_no_report_answers(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "What was the ADS price range in 2003?",
        "If the company was a PFIC last year, are this year's dividends qualified?",
        "If the fund was a PFIC last year, what rate applies to its dividends?",
        "What did the shares trade at in March 2004?",
        "Should I file the annual information return?",
        "Should I hold the shares 60 days to get the lower rate?",
        "Is the convention still in effect today?",
        "How is fair market value used under the mark-to-market election?",
        "I live in Tokyo; is my dividend taxed?",
    ],
)
def test_questions_about_what_a_report_says_are_neither_live_data_nor_advice(question: str) -> None:
    assert request_no_report_answers(question) is None


def test_the_reports_own_names_and_numbers_are_no_subject_matter(scope: Scope) -> None:
    assert scope.subject_terms("How many staff did Acme Widgets' kiln employ in 2005?") == [
        "staff",
        "kiln",
        "employ",
    ]


def test_quotes_sharing_no_subject_word_with_the_question_miss_its_subject(scope: Scope) -> None:
    quotes = [Passage("Acme Widgets KK manufactures ceramic widgets in Nagoya.")]
    assert scope.lacks(plain("Who chairs Acme's supervisory board?"), quotes) == "answer off the subject"
    assert scope.lacks(plain("Where does Acme make its ceramic widgets?"), quotes) is None


def test_a_question_of_only_names_and_numbers_has_no_subject_to_miss(scope: Scope) -> None:
    quotes = [Passage("Dividends are taxed.")]
    assert scope.support(plain("Acme in 2005?"), quotes) is None
    assert scope.lacks(plain("Acme in 2005?"), quotes) is None


def test_possessives_do_not_hide_the_company_name(scope: Scope) -> None:
    assert scope.subject_terms("What are Acme's exports?") == ["export"]


@pytest.mark.slow
def test_a_misspelt_report_word_is_not_a_concept_the_reports_lack(scope: Scope) -> None:
    assert scope.foreign_words(["dividnds", "withholdng", "ceramc"]) == []


@pytest.mark.slow
def test_a_rewording_of_a_report_word_is_not_a_concept_the_reports_lack(scope: Scope) -> None:
    assert scope.foreign_words(["max"]) == []


@pytest.mark.slow
def test_a_word_no_report_word_means_is_foreign_with_its_nearest_report_word(scope: Scope) -> None:
    foreign = dict(scope.foreign_words(["auditor", "outstanding"]))
    assert set(foreign) == {"auditor", "outstanding"}  # "outstanding" is no slip of a report word
    assert all(
        near in report_words([Chunk("a:h:0-1", "a", "A. Overview", 0, 1, REPORT, ())])
        for near in foreign.values()
    )


@pytest.mark.slow
def test_an_answer_about_the_reports_nearest_concept_does_not_answer_a_foreign_one(scope: Scope) -> None:
    # "VAT" apart from "rate" (not one phrase with it): the pull decides.
    question = "What rate does Japan charge for VAT?"
    read = ReadQuestion(question, question, ("vat",))
    quote = "Dividends paid to non-resident holders are subject to Japanese withholding tax at the maximum rate of 20%."
    assert scope.lacks(read, [Passage(quote)]) == "concept not in the reports"


@pytest.mark.parametrize(
    ("typed", "word", "slips"),
    [
        ("releif", "relief", 1),
        ("pasive", "passive", 1),
        ("depositery", "depositary", 1),
        ("outstanding", "standing", 3),
    ],
)
def test_slips_count_edits_with_swapped_neighbours_as_one(typed: str, word: str, slips: int) -> None:
    assert _slips(typed, word, 2) == slips


NOTES = {
    "B. Taxation > Bondholders": (
        "It does not address special kinds of holders, including:\n- insurance companies,\n- tax-exempt pension "
        "trusts.\nInterest on the notes is taxed as ordinary income when it is received."
    ),
    "C. History": "Acme Widgets KK was incorporated on April 2, 1951. Acme makes widgets in Nagoya.",
}
NOTE_CHUNKS = [
    Chunk(
        f"acme:h:{n}",
        "acme-20f-fy2005",
        section,
        0,
        len(text),
        text,
        tuple((m.start(), m.end()) for m in re.finditer(r"[^\n.]+\.?", text) if m.group(0).strip()),
    )
    for n, (section, text) in enumerate(NOTES.items())
]


@pytest.fixture(scope="module")
def guarded(embedder: Embedder) -> Scope:
    """A scope over a report with a disclaimer, word weights and a dictionary that knows real words."""
    words = report_words(NOTE_CHUNKS)
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    return Scope(
        vectors,
        embedder.embed,
        LIMITS,
        IDENTITY,
        idf=lambda term: 1.0,
        disclaimers=Disclaimers.from_chunks(NOTE_CHUNKS, QUESTION_STEMS | IDENTITY),
        dictionary=lambda word: word in {"opened", "interest", "ordinarily"},
    )


def passage(section: str, text: str) -> Passage:
    return Passage(text, section, "acme-20f-fy2005")


BONDS = passage(
    "B. Taxation > Bondholders", "Interest on the notes is taxed as ordinary income when it is received."
)
FOUNDED = passage("C. History", "Acme Widgets KK was incorporated on April 2, 1951.")
PLANT = passage("C. History", "Acme makes widgets in Nagoya.")


def test_a_question_after_substance_about_a_left_out_holder_is_not_answered(guarded: Scope) -> None:
    reason = guarded.lacks(plain("How are insurance companies taxed on interest on the notes?"), [BONDS])
    assert reason == "the report leaves out: insurance companies"


def test_whether_the_discussion_covers_a_left_out_holder_is_answered(guarded: Scope) -> None:
    assert guarded.lacks(plain("Does this apply to insurance companies holding notes?"), [BONDS]) is None


def test_a_follow_up_is_judged_by_what_the_user_asked_this_turn(guarded: Scope) -> None:
    resolved = plain("How is interest on the notes taxed? does it cover insurance companies?")
    assert guarded.lacks(resolved, [BONDS], asked="does it cover insurance companies?") is None


def test_a_when_question_needs_a_date_in_a_quote_about_its_subject(guarded: Scope) -> None:
    assert guarded.lacks(plain("When was Acme incorporated?"), [FOUNDED]) is None
    assert guarded.lacks(plain("When did Acme make widgets in Nagoya?"), [PLANT]) == "no date in the answer"


def test_a_date_in_a_quote_about_something_else_does_not_answer_when(guarded: Scope) -> None:
    reason = guarded.lacks(plain("When was interest on the notes taxed?"), [FOUNDED])
    assert reason is not None


def test_a_question_after_a_rate_needs_a_figure_in_a_quote_about_its_subject(guarded: Scope) -> None:
    assert (
        guarded.lacks(plain("What are the rates on interest on the notes?"), [BONDS])
        == "no amount in the answer"
    )


def test_a_question_after_a_payment_is_not_answered_by_a_rate(guarded: Scope) -> None:
    rate = passage("B. Taxation > Bondholders", "Interest on the notes is paid at 4% a year.")
    assert guarded.lacks(plain("How much interest per share was paid on the notes?"), [rate]) == (
        "no amount in the answer"
    )


def test_a_question_of_two_parts_one_about_only_words_no_report_uses_is_not_answered(guarded: Scope) -> None:
    two = "Who is Acme's treasurer, and how is interest on the notes taxed?"
    assert guarded.lacks(ReadQuestion(two, two, ("treasurer",)), [BONDS]) == "concept not in the reports"
    one = "How is interest on the notes taxed for a treasurer?"
    assert guarded.lacks(ReadQuestion(one, one, ("treasurer",)), [BONDS]) is None


def test_a_part_pointing_back_to_another_is_about_that_other_part(guarded: Scope) -> None:
    two = "How is interest on the notes taxed? And what of that treasurer?"
    assert guarded.lacks(ReadQuestion(two, two, ("treasurer",)), [BONDS]) is None


def test_phrases_placing_the_question_in_the_askers_time_are_no_subject(guarded: Scope) -> None:
    assert guarded.subject_terms("Going forward, how will note interest be taxed in the future?") == [
        "note",
        "interest",
        "tax",
    ]


def test_a_rate_proposed_instead_of_another_needs_a_quote_stating_it(guarded: Scope) -> None:
    capped = passage("B. Taxation > Bondholders", "Interest on the notes is taxed at a maximum rate of 15%.")
    asked = "Is interest on the notes taxed at 5% instead of 15%?"
    assert guarded.lacks(plain(asked), [capped]) == "no amount in the answer"
    assert guarded.lacks(plain("Is interest on the notes taxed at 15% instead of 20%?"), [capped]) is None


def test_a_deadline_question_needs_a_time_limit(guarded: Scope) -> None:
    assert (
        guarded.lacks(plain("By when is interest on the notes taxed?"), [BONDS])
        == "no time limit in the answer"
    )


def test_coverage_counts_subject_words_not_question_words_or_the_company_name(guarded: Scope) -> None:
    support = guarded.support(plain("Could you please tell me how Acme's note interest is taxed?"), [BONDS])
    assert support is not None
    assert support.weights.keys() == {"note", "interest", "tax"}
    assert support.complete


def test_a_question_of_only_names_and_question_words_has_no_subject_support(guarded: Scope) -> None:
    assert guarded.support(plain("What about Acme?"), [BONDS]) is None


def test_a_real_word_the_reports_lack_is_what_was_asked_not_a_report_word_it_resembles(
    guarded: Scope,
) -> None:
    reader = QuestionReader(
        {t for chunk in NOTE_CHUNKS for t in tokenize(chunk.text)}, dictionary=lambda word: word == "opened"
    )
    read = reader.read("When was Acme opened?")
    assert read.corrections == ()
    support = guarded.support(read, [BONDS])
    assert support is not None
    assert support.weights.keys() == {"open"}
    assert support.coverage == 0.0


def test_a_misspelling_the_reader_corrected_counts_as_the_word_it_meant(guarded: Scope) -> None:
    read = ReadQuestion("Is intrest taxed?", "Is intrest interest taxed?", (), (("intrest", "interest"),))
    support = guarded.support(read, [BONDS])
    assert support is not None
    assert support.weights.keys() == {"interest", "tax"}  # not "intrest"
    assert support.complete


def test_a_corrected_real_word_of_the_same_family_counts_as_its_correction(guarded: Scope) -> None:
    read = ReadQuestion(
        "Is note interest ordinarily taxed?",
        "Is note interest ordinarily ordinari taxed?",
        (),
        (("ordinarily", "ordinari"),),
    )
    support = guarded.support(read, [BONDS])
    assert support is not None
    assert "ordinari" in support.weights
    assert "ordinarili" not in support.weights


def test_an_abbreviation_counts_as_what_it_stands_for_and_only_where_all_of_it_is(guarded: Scope) -> None:
    read = QuestionReader({"rate"}).read("QDI rate?")
    assert read.expansions == (("QDI", "qualified dividend income"),)
    partial = guarded.support(read, [Passage("Dividends are taxed at the ordinary rate.")])
    whole = guarded.support(read, [Passage("Qualified dividend income is taxed at a 15% rate.")])
    assert partial is not None
    assert whole is not None
    assert "qdi" not in partial.weights
    assert partial.found == {"rate"}
    assert whole.complete


def test_words_asking_whether_a_rule_takes_something_in_are_no_subject(guarded: Scope) -> None:
    assert guarded.subject_terms("Does it cover notes? Does interest count?") == ["note", "interest"]


def test_the_report_or_its_section_named_as_the_source_is_no_subject(guarded: Scope) -> None:
    assert guarded.subject_terms("What does this report's bondholder section say about interest?") == [
        "bondhold",
        "interest",
    ]
    assert guarded.subject_terms("Where can annual reports be inspected?") == ["annual", "report", "inspect"]


def test_a_reports_own_acronym_counts_as_the_name_it_stands_for(guarded: Scope) -> None:
    reader = QuestionReader({"pay", "interest", "bank", "nagoya"}, acronyms={"mbn": "Mutual Bank of Nagoya"})
    read = reader.read("Does MBN pay interest?")
    assert read.unknown == ()
    support = guarded.support(read, [Passage("The Mutual Bank of Nagoya pays interest on the notes.")])
    assert support is not None
    assert "mbn" not in support.weights
    assert support.complete


class _RecordingCache:
    """An embedder's cached entry point (as the service passes `Embedder.embed_cached`) that records each text it
    had to embed."""

    def __init__(self, embed: Callable[[Sequence[str]], list[list[float]]]) -> None:
        self._embed = embed
        self._vectors: dict[str, list[float]] = {}
        self.embedded: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        self.embedded.extend(missing)
        self._vectors.update(zip(missing, self._embed(missing), strict=True))
        return [self._vectors[t] for t in texts]


@pytest.mark.slow
def test_the_judge_embeds_only_the_reworded_questions_once_its_texts_were_embedded_with_the_question(
    embedder: Embedder,
) -> None:
    words = report_words([Chunk("acme:h:0-1", "acme", "A. Overview", 0, len(REPORT), REPORT, ())])
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    cache = _RecordingCache(embedder.embed)
    scope = Scope(vectors, cache, LIMITS, IDENTITY)
    question = "What rate does Japan charge for VAT on dividends’ payment?"
    read = ReadQuestion(question, question, ("vat", "dividnds"))
    assert scope.texts_to_embed(read) == ["vat", question.replace("’", "'")]  # the typo is not looked up

    cache([read.search_text, *scope.texts_to_embed(read)])
    cache.embedded.clear()
    quote = "Dividends paid to non-resident holders are subject to Japanese withholding tax at the maximum rate of 20%."
    assert scope.lacks(read, [Passage(quote)]) == "concept not in the reports"
    reworded, quoted = cache.embedded  # no word and no question again
    assert reworded.startswith("What rate does Japan charge for ")
    assert "VAT" not in reworded
    assert quoted == quote  # the index held no vector for it (no `Passage.vector`)


FEDERAL = {
    "D. Taxation": (
        "This discussion addresses only United States federal income taxation. Holders should ask an adviser about "
        "the federal, state and local and other tax consequences of owning the notes."
    ),
    "E. Notes": "Interest on the notes is taxed as ordinary income when it is received.",
}
FEDERAL_CHUNKS = [
    Chunk(f"acme:f:{n}", "acme-20f-fy2005", section, 0, len(text), text, ((0, len(text)),))
    for n, (section, text) in enumerate(FEDERAL.items())
]


def test_a_foreign_word_read_as_its_nearest_report_word_may_name_a_kind_left_out(embedder: Embedder) -> None:
    words = report_words(FEDERAL_CHUNKS)
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    federal = Scope(
        vectors,
        embedder.embed,
        LIMITS,
        IDENTITY,
        disclaimers=Disclaimers.from_chunks(FEDERAL_CHUNKS, QUESTION_STEMS | IDENTITY),
    )
    notes = passage("E. Notes", FEDERAL["E. Notes"])
    # "Oregon" is no report word; the report word nearest it is "state", a kind of tax the report leaves out
    read = ReadQuestion(
        "Will Oregon tax my interest, and at what rate?",
        "Will Oregon tax my interest, and at what rate?",
        ("oregon",),
    )
    assert federal.lacks(read, [notes]) == "the report leaves out: state tax"
    asked_federal = "Will the federal government tax my interest, and at what rate?"
    assert federal.lacks(ReadQuestion(asked_federal, asked_federal, ()), [notes]) is None


def test_a_thing_named_by_its_number_is_the_subject_only_where_that_number_is(guarded: Scope) -> None:
    own = passage("C. History", "Acme files Form 3520 with its annual return.")
    other = passage("C. History", "Form 1099 is due within 30 days after the year end.")
    read = plain("When is Form 3520 due?")
    assert guarded.lacks(read, [own, other]) == "no time limit in the answer"
    due = passage("C. History", "Form 3520 is due within 30 days after the year end.")
    assert guarded.lacks(read, [due, other]) is None


@pytest.mark.parametrize(
    ("word", "near", "contrast"),
    [
        ("short-term", "long-term", True),
        ("nonresident", "resident", True),
        ("non-taxable", "taxable", True),
        ("corp", "corporation", False),
        ("long-term", "long-term", False),
    ],
)
def test_close_words_of_opposite_kinds_are_no_rewording(word: str, near: str, contrast: bool) -> None:
    assert _contrast(word, near) is contrast


def test_a_kind_the_report_names_only_the_opposite_of_is_a_concept_it_lacks(embedder: Embedder) -> None:
    text = "Long-term capital gains of individuals are taxed at a maximum rate of 15%."
    words = report_words([Chunk("acme:g:0", "acme", "G. Gains", 0, len(text), text, ((0, len(text)),))])
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    gains = Scope(vectors, embedder.embed, LIMITS, IDENTITY)
    asked = "What rate applies to short-term capital gains of individuals?"
    reason = gains.lacks(ReadQuestion(asked, asked, ("short-term",)), [passage("G. Gains", text)])
    assert reason == "concept not in the reports"


def test_a_choice_between_named_rates_needs_a_rate_of_what_is_asked_about(guarded: Scope) -> None:
    other = passage("C. History", "Acme withholds 5% on royalties paid to its licensors.")
    ordinary = passage(
        "B. Taxation > Bondholders", "Interest on the notes is taxed as ordinary income when it is received."
    )
    read = plain("Is interest on the notes taxed at 5% or 0%?")
    assert guarded.lacks(read, [other, ordinary]) == "no amount in the answer"
    rated = passage("C. History", "Interest on the notes is taxed at 5% when it is received.")
    assert guarded.lacks(read, [rated]) is None
    # one rate named, not a choice: the quote may say the rate is another
    assert guarded.lacks(plain("Is interest on the notes taxed at 5%?"), [other, ordinary]) is None


def test_the_latest_year_the_reports_state_leaves_out_amounts_and_form_numbers() -> None:
    assert (
        latest_year(["Signed in 1999; the rate applies before January 1, 2009.", "It paid $2,015 and ¥2030."])
        == 2009
    )
    assert latest_year(["No year here."]) is None


def test_a_year_after_every_year_the_reports_state_is_one_they_cannot_speak_of(embedder: Embedder) -> None:
    words = ["dividend", "treaty"]
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    dated = Scope(vectors, embedder.embed, LIMITS, IDENTITY, latest_year=2009)
    assert (
        dated.after_the_reports("What rate applies under the 2013 protocol to the treaty?")
        == "a year after the reports"
    )
    assert dated.after_the_reports("What rate applied to dividends paid in 2008?") is None
    assert dated.after_the_reports("When is Form 2011 due?") is None  # a form's number, not a year
    assert Scope(vectors, embedder.embed, LIMITS, IDENTITY).after_the_reports("Rates in 2030?") is None


def test_a_security_of_a_company_no_report_names_is_another_companys(embedder: Embedder) -> None:
    words = ["dividend", "treaty"]
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    terms = set(tokenize(REPORT)) | {"japan"}
    known = Scope(vectors, embedder.embed, LIMITS, IDENTITY, known=terms.__contains__)
    assert (
        known.other_issuer("How are Globex's dividends taxed for a non-resident?")
        == "another company or security"
    )
    assert (
        known.other_issuer("What is withheld on bonds issued by Initech Holdings?")
        == "another company or security"
    )
    assert known.other_issuer("How are Acme's dividends taxed?") is None  # the report's own company
    assert known.other_issuer("Is Japan's withholding on dividends reduced?") is None  # a name the report has
    assert (
        known.other_issuer("Tax on a dividend of JPY 10,000 paid in May?") is None
    )  # a currency, not an issuer
    # the report speaks of Acme's shares, not of bonds
    bonds = known.other_issuer("What is withheld on interest from Acme's convertible bonds?")
    assert bonds == "another company or security"
    assert known.other_issuer("Are Acme's shares taxed on exchange?") is None
    unknowing = Scope(vectors, embedder.embed, LIMITS, IDENTITY)
    assert unknowing.other_issuer("How are Globex's dividends taxed?") is None


def test_a_possessive_name_that_holds_the_reports_shares_is_a_holder_not_another_company(
    embedder: Embedder,
) -> None:
    words = ["dividend", "treaty"]
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    known = Scope(vectors, embedder.embed, LIMITS, IDENTITY, known=set(tokenize(REPORT)).__contains__)
    assert known.other_issuer("Are Priya's shares of Acme taxed when sold?") is None
    assert known.other_issuer("How is my broker Kowalski's stock taxed on transfer?") is None
    assert known.other_issuer("Are Dr. Okafor's dividends withheld at 20%?") is None
    assert known.other_issuer("Are Umbrella's dividends withheld at 20%?") == "another company or security"


def test_an_unknown_company_speaking_of_its_own_securities_is_another_company(embedder: Embedder) -> None:
    words = ["dividend", "treaty"]
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    known = Scope(vectors, embedder.embed, LIMITS, IDENTITY, known=set(tokenize(REPORT)).__contains__)
    assert (
        known.other_issuer("Which rate does Hooli withhold on dividends for holders of its shares?")
        == "another company or security"
    )
    # "its" points to the reports' company when the question names it
    assert known.other_issuer("Does Acme withhold for Zhang on its dividends?") is None
    # a name that opens a sentence is not taken for a company
    assert known.other_issuer("Thanks. Is the rate on its dividends 20%?") is None
    assert known.other_issuer("Is the rate the company applies to its dividends 20%?") is None


@pytest.mark.parametrize(
    "question",
    [
        "How is a payout above 125% of the previous year's value taxed?",
        "What rate applied to dividends paid in the previous fiscal year under the old convention?",
        "Over the past year of the holding period, how is the value of the shares used?",
        "What rate applies in the last year of the holding period?",
    ],
)
def test_a_year_counted_back_from_a_time_the_question_names_is_no_live_data(question: str) -> None:
    assert request_no_report_answers(question) is None


@pytest.mark.parametrize(
    "text",
    [
        "I hold 2040 ADSs.",
        "We own 1999 shares.",
        "JPY 2060 per share was paid.",
        "USD 2035 dividend",
        "$ 2031 received",
        "there are 2045 holders of record",
    ],
)
def test_counts_and_amounts_are_not_years(text: str) -> None:
    assert latest_year([text]) is None


def test_a_year_beside_a_count_is_still_a_year() -> None:
    assert latest_year(["I hold 2040 ADSs bought in 2004"]) == 2004


def test_a_deadline_the_asker_missed_is_their_situation_not_a_question_for_a_time_limit(
    guarded: Scope,
) -> None:
    # the same quote that gives no time limit for "by when ...?" answers what happens after a missed deadline
    assert (
        guarded.lacks(plain("I missed the deadline: is interest on the notes still taxed?"), [BONDS]) is None
    )


def test_what_a_term_means_is_answered_by_its_definition_whoever_the_discussion_leaves_out(
    guarded: Scope,
) -> None:
    defined = passage(
        "B. Taxation > Bondholders",
        'An "insurance company" here is generally a company licensed to insure risks.',
    )
    asked = plain("What is an 'insurance company' according to the filing?")
    assert guarded.lacks(asked, [defined]) is None
    # asked how such holders are taxed, the left-out holders still are not answered for
    assert (
        guarded.lacks(plain("How is an insurance company taxed on interest on the notes?"), [BONDS])
        is not None
    )


def test_whether_the_asker_may_elect_something_is_not_answered_by_quotes_offering_no_choice(
    guarded: Scope,
) -> None:
    asked = plain("Can I elect to have interest on the notes taxed when it accrues?")
    assert guarded.lacks(asked, [BONDS]) == "no election or choice in the answer"
    offered = passage(
        "B. Taxation > Bondholders", "A holder may elect to include interest on the notes as it accrues."
    )
    assert guarded.lacks(asked, [offered]) is None
