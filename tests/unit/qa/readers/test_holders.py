"""Test vectors of the holder-kind reader."""

from __future__ import annotations

import pytest

from service.qa.readers.holders import parse_holder, respell_corporation


@pytest.mark.parametrize(
    "text",
    [
        "a Texas corportion with 40%",
        "we are a coproration",
        "two US corporatoins",
        "our corpration holds 12%",
    ],
)
def test_a_corporation_misspelled_by_a_letter_or_two_is_a_corporation(text: str) -> None:
    assert parse_holder(text).holder_type == "corporation"


@pytest.mark.parametrize("text", ["thanks for the cooperation", "a correlation of returns", "the coronation"])
def test_a_real_word_near_corporation_is_not_respelled(text: str) -> None:
    assert respell_corporation(text) == text.lower()
