"""Lists in a report's text: a lead-in sentence ending in a colon, then items, each stored as its own sentence.

An item alone lacks the words of its lead-in ("at least 75% of our gross income … is passive income, or" does not
say what it is a condition of): whoever reads an item reads it after the sentence that introduces it, and so may
the composer, weighing it by meaning.

Pure: text in, answers out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.chunk import Chunk

_ITEM = re.compile(r"^\s*[-•·]")
# A lead-in whose last clause is a condition running on to the colon: "we will be a PFIC … if for any of our taxable
# years …:", "no tax is imposed unless the holder is:". The list completes that condition, so it is the test of
# what the lead-in names. ("If we are a PFIC, you will be subject to rules with respect to:" is not: its condition
# ends at the comma, and the list says what the rules apply to.)
_CONDITION_LEAD_IN = re.compile(
    r"\b(?:if|unless|provided\s+that|only\s+where|only\s+when)\b[^,;:.]*:\s*$", re.IGNORECASE
)


def is_item(sentence: str) -> bool:
    """Whether the sentence is a list item (it opens with a bullet)."""
    return _ITEM.match(sentence) is not None


def states_conditions(lead_in: str, items: Sequence[str]) -> bool:
    """Whether a lead-in and the items after it state the conditions of something: the items complete the lead-in's
    condition ("… if:")."""
    return bool(items) and all(is_item(i) for i in items) and _CONDITION_LEAD_IN.search(lead_in) is not None


def statements(chunk: Chunk) -> list[list[str]]:
    """Each sentence of the chunk with the list items that follow it (a list belongs to the sentence before)."""
    grouped: list[list[str]] = []
    for sentence in sentence_texts(chunk):
        if is_item(sentence) and grouped:
            grouped[-1].append(sentence)
        else:
            grouped.append([sentence])
    return grouped


def sentence_texts(chunk: Chunk) -> list[str]:
    """The text of each sentence of the chunk, in order."""
    return [chunk.text[a - chunk.start : b - chunk.start] for a, b in chunk.sentences]


def in_context(chunk: Chunk) -> list[tuple[int, str]]:
    """Each list item of the chunk that follows its lead-in, as it reads after it ("… a PFIC … if: at least 75% of
    our gross income …"), with the item's position among the chunk's sentences."""
    read: list[tuple[int, str]] = []
    position = 0
    for lead, *items in statements(chunk):
        position += 1
        for item in items:
            if not is_item(lead):  # items whose lead-in is in another passage read alone
                read.append((position, f"{lead} {item}"))
            position += 1
    return read
