"""A question set in a case of the asker's doing is answered by what follows in that case."""

from __future__ import annotations

import pytest

from ingest.bm25 import BM25
from service.qa.compose import ExtractiveComposer
from service.qa.conditions import asked_case, same_case
from service.qa.retrieval import Hit
from tests.chunks import chunk_of_sentences


def _hit(text: str) -> Hit:
    return Hit(chunk_of_sentences(text, "d", "E. Bonds"), 1.0, 0.5, 1.0)


@pytest.mark.parametrize(
    ("question", "negated"),
    [
        ("If I opt into the deferral regime, is the coupon still taxed yearly?", False),
        ("Once we choose deferral, can the coupon tax come back?", False),
        ("Is the coupon taxed yearly if my fund declines the deferral option?", False),
        ("If I don't opt into deferral, how is the coupon taxed?", True),
    ],
)
def test_the_askers_case_and_whether_it_is_negated_are_read(question: str, negated: bool) -> None:
    case = asked_case(question)
    assert case is not None
    assert case.negated is negated
    assert "deferr" in case.terms or "defer" in case.terms


@pytest.mark.parametrize(
    "question",
    [
        "How is the coupon taxed under the deferral regime?",
        "The fund pays the tax when I sell my shares, right?",  # a time, no case
        "If I hold shares, is the dividend taxed?",  # words every holder's case has tell no case apart
    ],
)
def test_a_question_with_no_case_of_the_askers_has_none(question: str) -> None:
    assert asked_case(question) is None


def test_a_sentence_on_the_opposite_case_is_told_from_one_on_the_askers_case() -> None:
    case = asked_case("If I choose the deferral regime, does yearly tax still apply?")
    assert case is not None
    assert same_case(case, "If you do not choose the deferral regime, the coupon is taxed yearly.") is False
    assert same_case(case, "If you choose this regime, no yearly tax applies.") is True
    assert same_case(case, "Coupons are paid twice a year.") is None


def test_what_follows_in_the_askers_case_is_quoted_before_the_opposite_case() -> None:
    text = (
        "If you did not opt into the deferral regime, the yearly coupon tax rules apply to every coupon. "
        "Holders may opt into the deferral regime. "
        "If you opt in, you will not be subject to the rules described above."
    )
    hit = _hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text)]))
    asked = composer.compose(
        "If I opt into the deferral regime, do the yearly coupon tax rules still apply?", [hit], 1
    )
    assert asked.quotes[0].text.startswith("If you opt in,")
    other = composer.compose(
        "If I don't opt into the deferral regime, which coupon tax rules apply?", [hit], 1
    )
    assert other.quotes[0].text.startswith("If you did not opt into the deferral regime")
