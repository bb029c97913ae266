"""Questions that grant one thing and ask for the rest ("apart from X, what else ...")."""

from __future__ import annotations

import pytest

from ingest.bm25 import BM25
from service.qa.besides import granted, granted_terms
from service.qa.compose import ExtractiveComposer
from service.qa.retrieval import Hit
from tests.chunks import chunk_of_sentences


def _hit(text: str) -> Hit:
    return Hit(chunk_of_sentences(text, "d", "E. Valuation"), 1.0, 0.5, 1.0)


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("Apart from market prices, what else does the valuation use?", "market prices"),
        ("What does the valuation use besides market prices?", "market prices"),
        ("In addition to the annual fee, which charges apply?", "the annual fee"),
        ("Aside from the custodian what else is named", "the custodian"),
        ("Other than bonds, what does the fund hold?", "bonds"),
        ("What else counts, other than cash?", "cash"),
    ],
)
def test_the_granted_part_of_a_what_else_question_is_read(question: str, given: str) -> None:
    assert granted(question) == given


@pytest.mark.parametrize(
    "question",
    [
        "What rate applies to a resident of a country other than France?",
        "Is the gain taxed beyond the first year?",
        "What does the valuation use?",
    ],
)
def test_other_than_or_beyond_stating_a_condition_grants_nothing(question: str) -> None:
    assert granted(question) is None


def test_the_asking_clause_keeps_its_own_words_even_when_the_granted_part_repeats_them() -> None:
    assert granted_terms("Besides market prices, what prices does the valuation use?") == {"market"}


def test_a_what_else_question_is_answered_by_the_sentence_adding_to_what_it_grants() -> None:
    text = (
        "The valuation of the fund relies on quoted market prices of its holdings. "
        "In addition, the valuation relies in part on estimates supplied by the custodian. "
        "The fund pays its fees quarterly."
    )
    hit = _hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text)]))
    asked = composer.compose("Aside from market prices, what else does the valuation rely on?", [hit], 1)
    assert asked.quotes[0].text.startswith("In addition, the valuation relies in part on estimates")
    plain = composer.compose("What does the valuation rely on for market prices?", [hit], 1)
    assert plain.quotes[0].text.startswith("The valuation of the fund relies on quoted market prices")
