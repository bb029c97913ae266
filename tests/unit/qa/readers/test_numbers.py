"""Test vectors of the number grammar every reader uses: text → value, span; number words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.numbers import number_list_after, number_run_before, parse_numbers, word_number

# (text, value, is a percentage, the text the number was read from)
VECTORS = [
    ("1,234.5", "1234.5", False, "1,234.5"),
    ("3k", "3000", False, "3k"),
    ("$3k", "3000", False, "$3k"),
    ("¥1.2m", "1200000", False, "¥1.2m"),
    ("¥7.5bn", "7500000000", False, "¥7.5bn"),
    ("10 mil", "10000000", False, "10 mil"),
    ("2 thousand", "2000", False, "2 thousand"),
    ("12 grand", "12000", False, "12 grand"),
    (".5", "0.5", False, ".5"),
    ("about 30%", "30", True, "30%"),
    ("12 percent", "12", True, "12 percent"),
]


@pytest.mark.parametrize(("text", "value", "is_pct", "span"), VECTORS)
def test_numbers_in_common_spellings(text: str, value: str, is_pct: bool, span: str) -> None:
    (number,) = parse_numbers(text)
    assert number.value == Decimal(value)
    assert number.is_pct is is_pct
    assert text[number.start : number.end] == span


# (words, value)
WORDS = [
    ("eight", 8),
    ("fourteen", 14),
    ("forty-five", 45),
    ("twenty one", 21),
    ("ninety", 90),
    ("a dozen", 12),
    ("a couple of", 2),
    ("half a", Decimal("0.5")),
    ("an", 1),
    ("18", 18),
]


@pytest.mark.parametrize(("words", "value"), WORDS)
def test_number_words(words: str, value: int | Decimal) -> None:
    assert word_number(words) == Decimal(value)


def test_a_word_that_is_not_a_number_is_none() -> None:
    assert word_number("several") is None


def test_a_run_of_numbers_after_a_cue() -> None:
    assert number_list_after("prior years: 100, 100 and 150; now 400", r"prior years:") == [
        Decimal(100),
        Decimal(100),
        Decimal(150),
    ]


def test_a_run_of_numbers_before_a_position() -> None:
    text = "got $80 and $120 in those years"
    run = number_run_before(text, text.index(" in those"))
    assert [n.value for n in run] == [Decimal(80), Decimal(120)]
