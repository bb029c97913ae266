"""Find a passage in a corpus text, whitespace-insensitively, and return raw ``str`` offsets (pure)."""

from __future__ import annotations

import re
from functools import lru_cache

_WS = re.compile(r"\s+")


class PassageNotFoundError(ValueError):
    """Raised when a passage does not occur in the corpus, even after whitespace runs are collapsed."""


def normalise_ws(text: str) -> str:
    """Collapse every run of whitespace (spaces, tabs, line breaks) to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=8)
def _index(corpus_text: str) -> tuple[str, tuple[int, ...]]:
    """The corpus with whitespace runs collapsed, and the raw offset of each of its characters."""
    chars: list[str] = []
    offsets: list[int] = []
    for match in re.finditer(r"\s+|\S+", corpus_text):
        if match.group().isspace():
            chars.append(" ")
            offsets.append(match.start())
        else:
            chars.append(match.group())
            offsets.extend(range(match.start(), match.end()))
    return "".join(chars), tuple(offsets)


def locate(corpus_text: str, passage: str) -> tuple[int, int]:
    """Raw ``(start, end)`` of the first occurrence of ``passage``, whitespace-insensitive.

    ``normalise_ws(corpus_text[start:end]) == normalise_ws(passage)``; ``start``/``end`` never fall on
    surrounding whitespace.
    """
    needle = normalise_ws(passage)
    if not needle:
        raise PassageNotFoundError("empty passage: nothing to locate")
    flat, offsets = _index(corpus_text)
    pos = flat.find(needle)
    if pos < 0:
        shown = needle if len(needle) <= 80 else needle[:77] + "..."
        raise PassageNotFoundError(f"passage not found in corpus (whitespace-normalised): {shown!r}")
    return offsets[pos], offsets[pos + len(needle) - 1] + 1
