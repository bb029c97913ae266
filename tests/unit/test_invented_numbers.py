"""The number guard the calculator answers are held to (tests/numbers.py), checked on its own."""

from __future__ import annotations

from tests.numbers import invented_numbers


def test_a_ratio_written_as_a_rounded_percentage_is_not_invented() -> None:
    assert invented_numbers("Passive income is 67.78% of gross income", [{"ratio": "0.677778"}]) == []


def test_a_whole_number_must_appear_exactly() -> None:
    assert invented_numbers("withheld ¥1,000", [{"withheld": "999.6"}]) == ["¥1,000"]


def test_a_number_in_no_source_is_reported() -> None:
    assert (
        invented_numbers("held 65 days, bought 45 days before", ["bought 45 days before", {"days": 65}]) == []
    )
    assert invented_numbers("held 66 days", [{"days": 65}]) == ["66"]
