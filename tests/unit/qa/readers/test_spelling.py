from __future__ import annotations

import pytest

from service.qa.readers.spelling import respell_trade_verbs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I bougth on 2003-05-06", "I bought on 2003-05-06"),
        ("purchsed in March, sodl in June", "purchased in March, sold in June"),
        ("we puchased 2002-01-01 and slod 2004-02-02", "we purchased 2002-01-01 and sold 2004-02-02"),
        ("shares aquired 2001", "shares acquired 2001"),
    ],
)
def test_a_misspelled_trade_verb_is_written_right(text: str, expected: str) -> None:
    assert respell_trade_verbs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we hold them; I told you",
        "the sole holder",
        "a solid gain",
        "I brought it up",
        "required forms",
        "bough",
    ],
)
def test_real_words_near_a_trade_verb_stay(text: str) -> None:
    assert respell_trade_verbs(text) == text
