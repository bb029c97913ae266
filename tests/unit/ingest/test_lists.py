"""Lists in a report: items belong to the lead-in before them and are read after it."""

from __future__ import annotations

from ingest.chunk import Chunk
from ingest.lists import in_context, is_item, statements
from tests.chunks import chunk_of_lines

LINES = [
    "Members get a rebate.",
    "A member earns the loyalty rebate if in any calendar year the member:",
    "- · spends at least 2,000 euros in our shops, or",
    "- visits a shop in at least ten different months.",
    "Rebates are paid in March.",
]


def _chunk(lines: list[str]) -> Chunk:
    return chunk_of_lines(lines, "r", "A. Rebates")


def test_bulleted_lines_are_items_and_prose_is_not() -> None:
    assert all(is_item(line) for line in ("- visits a shop", "· spends", "• one"))
    assert not is_item("Rebates are paid in March.")


def test_items_are_grouped_with_the_sentence_that_introduces_them() -> None:
    assert statements(_chunk(LINES)) == [[LINES[0]], LINES[1:4], [LINES[4]]]


def test_each_item_is_read_after_its_lead_in_at_its_own_position() -> None:
    assert in_context(_chunk(LINES)) == [(2, f"{LINES[1]} {LINES[2]}"), (3, f"{LINES[1]} {LINES[3]}")]


def test_items_with_no_lead_in_in_the_passage_are_not_read_in_context() -> None:
    assert in_context(_chunk(LINES[2:4])) == []
