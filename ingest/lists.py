"""Lists in a report's text: a lead-in sentence ending in a colon, then items, each stored as its own sentence.

An item alone lacks the words of its lead-in ("at least 75% of our gross income … is passive income, or" does not
say what it is a condition of): whoever reads an item reads it after the sentence that introduces it, and so may
the composer, weighing it by meaning.

Pure: text in, answers out.
"""

from __future__ import annotations

import re

from ingest.chunk import Chunk

_ITEM = re.compile(r"^\s*[-•·]")


def is_item(sentence: str) -> bool:
    """Whether the sentence is a list item (it opens with a bullet)."""
    return _ITEM.match(sentence) is not None


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
