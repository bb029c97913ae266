"""The answerability judge: one verdict per composed answer, and the reason code when it does not answer."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ingest.chunk import Chunk
from ingest.embedding import Embedder
from ingest.vocabulary import WordVectors, report_words
from service.qa.answerable import Judge, Reason, Thresholds, Verdict
from service.qa.compose import Quote
from service.qa.disclaimers import Disclaimers
from service.qa.engine import Engine
from service.qa.query import QUESTION_STEMS, QuestionReader, ReadQuestion
from service.qa.retrieval import Hit
from service.qa.scope import Scope, ScopeLimits, identity_terms
from service.qa.types import Turn
from service.settings import Settings

SECTIONS = {
    "B. Taxation > Bondholders": (
        "It does not address special kinds of holders, including:\n- insurance companies,\n- tax-exempt pension "
        "trusts.\nInterest on the notes is taxed as ordinary income when it is received."
    ),
    "C. History": "Acme Widgets KK was incorporated on April 2, 1951. Acme makes widgets in Nagoya.",
}
CHUNKS = [
    Chunk(
        f"acme:h:{n}",
        "acme-20f-fy2005",
        section,
        0,
        len(text),
        text,
        tuple((m.start(), m.end()) for m in re.finditer(r"[^\n.]+\.?", text) if m.group(0).strip()),
    )
    for n, (section, text) in enumerate(SECTIONS.items())
]
BONDS, HISTORY = CHUNKS
THRESHOLDS = Thresholds(min_dense=0.2, min_coverage=0.18, min_dense_with_unknown=0.5)
IDENTITY = identity_terms(["acme-20f-fy2005", "Acme Widgets KK"])


def plain(question: str, unknown: tuple[str, ...] = ()) -> ReadQuestion:
    return ReadQuestion(question, question, unknown)


def quote(chunk: Chunk, sentence: str) -> Quote:
    start = chunk.text.index(sentence)
    return Quote(Hit(chunk, 0.5, 0.6, 3.0), start, start + len(sentence), sentence, 0.8)


INTEREST = quote(BONDS, "Interest on the notes is taxed as ordinary income when it is received.")
FOUNDED = quote(HISTORY, "Acme Widgets KK was incorporated on April 2, 1951.")
PLANT = quote(HISTORY, "Acme makes widgets in Nagoya.")


@pytest.fixture(scope="module")
def judge(embedder: Embedder) -> Judge:
    """A judge with the service's limits over a two-section report with a disclaimer."""
    words = report_words(CHUNKS)
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    settings = Settings()
    scope = Scope(
        vectors,
        embedder.embed,
        ScopeLimits(settings.abstain_synonym, settings.abstain_pull),
        IDENTITY,
        disclaimers=Disclaimers.from_chunks(CHUNKS, QUESTION_STEMS | IDENTITY),
    )
    return Judge(THRESHOLDS, scope)


# ---------------------------------------------------------------------------------------------- thresholds only


def test_without_a_scope_strong_evidence_answers() -> None:
    verdict = Judge(THRESHOLDS).judge(plain("How is interest taxed?"), [INTEREST], dense=0.6, coverage=0.9)
    assert verdict.answers
    assert verdict == Verdict()


@pytest.mark.parametrize(
    ("dense", "coverage", "unknown", "reason"),
    [
        (0.1, 0.9, (), Reason.DISTANT),
        (0.6, 0.1, (), Reason.THIN),
        (0.4, 0.9, ("ceo",), Reason.UNKNOWN_WORD),
    ],
)
def test_without_a_scope_weak_evidence_is_judged_by_the_thresholds(
    dense: float, coverage: float, unknown: tuple[str, ...], reason: Reason
) -> None:
    verdict = Judge(THRESHOLDS).judge(plain("How is interest taxed?", unknown), [INTEREST], dense, coverage)
    assert not verdict.answers
    assert verdict.reason is reason


def test_nothing_to_quote_is_no_answer() -> None:
    assert Judge(THRESHOLDS).judge(plain("How is interest taxed?"), [], 0.0, 0.0).reason is Reason.NO_PASSAGES


# ---------------------------------------------------------------------------------------------- with the scope


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What is the share price right now?", Reason.LIVE_DATA),
        ("Should I buy more of these notes?", Reason.ADVICE),
    ],
)
def test_a_request_no_report_answers_is_refused_from_the_question_alone(
    judge: Judge, question: str, reason: Reason
) -> None:
    assert judge.screen(question).reason is reason


def test_a_question_a_report_may_answer_passes_the_screen(judge: Judge) -> None:
    assert judge.screen("How is interest on the notes taxed?").answers


def test_without_a_scope_the_screen_refuses_nothing() -> None:
    assert Judge(THRESHOLDS).screen("Should I buy more of these notes?").answers


def test_a_quote_holding_the_question_subject_answers(judge: Judge) -> None:
    assert judge.judge(plain("How is interest on the notes taxed?"), [INTEREST], 0.6, 0.9).answers


def test_a_quote_holding_none_of_the_subject_covers_too_little(judge: Judge) -> None:
    assert judge.judge(plain("Who chairs the supervisory board?"), [PLANT], 0.6, 0.9).reason is Reason.THIN


def test_a_quote_holding_only_words_tied_to_a_foreign_word_is_off_the_subject(judge: Judge) -> None:
    # "interest" counts only as part of "interest margin", and no report word means "margin"
    verdict = judge.judge(plain("What is the interest margin?", ("margin",)), [INTEREST], 0.6, 0.9)
    assert verdict.reason is Reason.OFF_SUBJECT


def test_a_concept_the_reports_lack_is_told_apart_from_a_rewording(judge: Judge) -> None:
    verdict = judge.judge(
        plain("What is the interest margin on the notes?", ("margin",)), [INTEREST], 0.6, 0.9
    )
    assert verdict.reason is Reason.FOREIGN_CONCEPT


def test_a_when_question_without_a_date_in_the_quote_has_no_date(judge: Judge) -> None:
    assert (
        judge.judge(plain("When did Acme make widgets in Nagoya?"), [PLANT], 0.6, 0.9).reason
        is Reason.NO_DATE
    )
    assert judge.judge(plain("When was Acme incorporated?"), [FOUNDED], 0.6, 0.9).answers


def test_a_how_much_question_without_a_figure_in_the_quote_has_no_amount(judge: Judge) -> None:
    verdict = judge.judge(plain("How much interest do the notes pay?"), [INTEREST], 0.6, 0.9)
    assert verdict.reason is Reason.NO_AMOUNT


def test_a_deadline_question_without_a_time_limit_has_none(judge: Judge) -> None:
    verdict = judge.judge(plain("By when is interest on the notes taxed?"), [INTEREST], 0.6, 0.9)
    assert verdict.reason is Reason.NO_TIME_LIMIT


def test_a_holder_the_report_leaves_out_is_named_in_the_verdict(judge: Judge) -> None:
    verdict = judge.judge(
        plain("How are insurance companies taxed on interest on the notes?"), [INTEREST], 0.6, 0.9
    )
    assert verdict.reason is Reason.LEFT_OUT
    assert verdict.detail == "insurance companies"
    assert str(verdict) == "the report leaves out: insurance companies"


class _IndexThatMustNotBeSearched:
    """Stands in for the search index: reads questions, and fails the test if anything is searched."""

    reader = QuestionReader(["interest", "note", "tax"])

    def question_vector(self, query: str, also: object = ()) -> list[float]:
        raise AssertionError(f"searched for {query!r}")

    def search(self, *args: object, **kwargs: object) -> list[Hit]:
        raise AssertionError("searched")


class _NoComposer:
    def compose(self, *args: object, **kwargs: object) -> object:
        raise AssertionError("composed")


def test_the_engine_refuses_a_screened_request_before_any_search(judge: Judge) -> None:
    engine = Engine(_IndexThatMustNotBeSearched(), _NoComposer(), judge)  # type: ignore[arg-type]
    answer = engine.ask("What is the share price right now?")
    assert answer.route == "out_of_scope"
    assert answer.citations == []
    follow_up = engine.ask("should I buy more?", [Turn("user", "How is interest on the notes taxed?")])
    assert follow_up.route == "out_of_scope"


def test_a_year_after_the_reports_is_refused_from_the_question_alone(embedder: Embedder) -> None:
    words = report_words(CHUNKS)
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    settings = Settings()
    limits = ScopeLimits(settings.abstain_synonym, settings.abstain_pull)
    dated = Judge(THRESHOLDS, Scope(vectors, embedder.embed, limits, IDENTITY, latest_year=1951))
    assert dated.screen("How were notes taxed after the 1987 reform?").reason is Reason.AFTER_REPORTS
    assert dated.screen("How was Acme taxed in 1951?").answers


def _calculator_that_must_not_run(question: str, history: object) -> None:
    raise AssertionError(f"calculated {question!r}")


def test_a_year_after_the_reports_is_refused_before_the_calculator(embedder: Embedder) -> None:
    words = report_words(CHUNKS)
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    settings = Settings()
    limits = ScopeLimits(settings.abstain_synonym, settings.abstain_pull)
    dated = Judge(THRESHOLDS, Scope(vectors, embedder.embed, limits, IDENTITY, latest_year=1951))
    engine = Engine(
        _IndexThatMustNotBeSearched(),  # type: ignore[arg-type]
        _NoComposer(),  # type: ignore[arg-type]
        dated,
        _calculator_that_must_not_run,  # type: ignore[arg-type]
    )
    answer = engine.ask("What tax is withheld on ¥1,000 of note interest paid under the 1990 protocol?")
    assert answer.route == "out_of_scope"
    assert answer.citations == []
    assert dated.screen("How was Acme taxed in 1951?").answers


# ---------------------------------------------------------------------------------------------- rare names

TREATY_TEXT = "Treaty countries include, among others, Austria, Chile, Portugal and Peru."
TREATIES = Chunk(
    "acme:h:9", "acme-20f-fy2005", "D. Treaties", 0, len(TREATY_TEXT), TREATY_TEXT, ((0, len(TREATY_TEXT)),)
)
LISTED = Quote(Hit(TREATIES, 0.5, 0.1, 3.0), 0, len(TREATY_TEXT), TREATY_TEXT, 0.8)  # far by meaning: 0.1


@pytest.fixture(scope="module")
def rare_judge(embedder: Embedder) -> Judge:
    """A judge whose reports hold "Austria", "Chile" and "Portugal" in one passage of many, "treaty" in half."""
    words = report_words([*CHUNKS, TREATIES])
    vectors = WordVectors(tuple(words), np.asarray(embedder.embed(words), dtype=np.float32))
    settings = Settings()
    rare = dict.fromkeys(("austria", "chile", "portug", "peru"), 0.05)
    scope = Scope(
        vectors,
        embedder.embed,
        ScopeLimits(settings.abstain_synonym, settings.abstain_pull),
        IDENTITY,
        share=lambda term: rare.get(term, 0.5),
    )
    return Judge(THRESHOLDS, scope)


@pytest.mark.parametrize("question", ["is portugal on the list?", "Chile included?", "Is Austria covered?"])
def test_a_terse_question_about_a_rare_name_a_quote_writes_is_answered_however_far(
    rare_judge: Judge, question: str
) -> None:
    assert rare_judge.judge(plain(question), [LISTED], dense=0.1, coverage=0.5).answers


@pytest.mark.parametrize(
    "question",
    [
        "Is the treaty listed?",  # "treaty" is in half the passages: no rare name
        "What corporate income tax rate does Portugal charge foreign companies?",  # not terse
    ],
)
def test_a_common_word_or_a_longer_question_still_needs_a_close_passage(
    rare_judge: Judge, question: str
) -> None:
    assert rare_judge.judge(plain(question), [LISTED], dense=0.1, coverage=0.5).reason is Reason.DISTANT
