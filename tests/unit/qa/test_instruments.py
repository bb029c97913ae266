"""A question about one form of a holding (the ADSs, or the shares) is answered by what the report scopes to it."""

from __future__ import annotations

import pytest

from ingest.bm25 import BM25
from service.qa.compose import ExtractiveComposer
from service.qa.instruments import form_asked, scoped_to
from service.qa.retrieval import Hit
from tests.chunks import chunk_of_sentences


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("My position is in ADRs: who claims the refund?", "ads"),
        ("We hold American depositary shares, not shares. Which form applies?", "ads"),
        ("I own the ordinary shares directly; when is the coupon taxed?", "shares"),
        ("Do shares or ADSs qualify?", None),
        ("Who claims the refund?", None),
    ],
)
def test_the_one_form_of_holding_a_question_names_is_read(question: str, form: str | None) -> None:
    assert form_asked(question) == form


def test_a_sentence_scoped_to_a_form_is_told_from_one_naming_both_alike() -> None:
    assert scoped_to("ads", "With respect to ADSs, the agent files the claim.")
    assert scoped_to(
        "ads", "It is paid when you, in the case of shares, or the agent, in the case of ADSs, get it."
    )
    assert not scoped_to("ads", "Holders of shares or ADSs may claim a refund.")
    assert not scoped_to("shares", "With respect to shares or ADSs, the rate is 10%.")


def _hit(text: str) -> Hit:
    return Hit(chunk_of_sentences(text, "d", "E. Refunds"), 1.0, 0.5, 1.0)


def test_the_sentence_scoped_to_the_askers_form_is_quoted_first() -> None:
    text = (
        "Holders of shares or ADSs who claim a refund file the refund claim with the tax office. "
        "With respect to ADSs, the custodian bank files one refund claim for all holders."
    )
    hit = _hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text)]))
    quotes = composer.compose("I have ADSs, not shares: who files the refund claim?", [hit], 1).quotes
    assert quotes[0].text.startswith("With respect to ADSs")


def test_a_what_else_question_prefers_the_sentence_that_adds() -> None:
    text = (
        "The custodian may ask holders for a residence certificate. "
        "The holder will also be required to provide proof of ownership as the custodian may require."
    )
    hit = _hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text)]))
    quotes = composer.compose("What else can the custodian ask holders for?", [hit], 1).quotes
    assert quotes[0].text.startswith("The holder will also")
