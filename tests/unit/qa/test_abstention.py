"""The abstention thresholds: weak dense evidence, thin coverage, and a quote that holds the whole subject."""

from __future__ import annotations

from service.qa.answerable import Thresholds

RULE = Thresholds(min_dense=0.2, min_coverage=0.18)


def test_a_distant_passage_is_no_answer() -> None:
    assert RULE.abstains(dense=0.1, coverage=0.9)


def test_a_quote_holding_every_subject_word_answers_a_terse_question_however_far_its_passage() -> None:
    assert not RULE.abstains(dense=0.1, coverage=1.0, whole_subject=True)


def test_a_quote_holding_the_whole_subject_still_needs_the_coverage() -> None:
    assert RULE.abstains(dense=0.1, coverage=0.1, whole_subject=True)


def test_thin_coverage_is_no_answer_however_close_the_passage() -> None:
    assert RULE.abstains(dense=0.9, coverage=0.1)


def test_a_word_no_report_has_can_be_made_to_need_closer_evidence() -> None:
    strict = Thresholds(min_dense=0.2, min_coverage=0.18, min_dense_with_unknown=0.5)
    assert strict.abstains(dense=0.4, coverage=1.0, unknown_words=1, whole_subject=True)
    assert not strict.abstains(dense=0.4, coverage=1.0)
