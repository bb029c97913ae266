"""Find a quotation in raw text when only whitespace differs, and return raw ``str`` offsets. Pure."""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")


def normalise_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def find_normalised(haystack: str, needle: str) -> tuple[int, int] | None:
    """Offsets of ``needle`` in ``haystack`` comparing with whitespace runs collapsed, or None."""
    words = normalise_ws(needle).split(" ")
    if not words or words == [""]:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, haystack)
    return (match.start(), match.end()) if match else None


# A full stop ends a sentence, but not the one of an initialism ("U.S.", "N.V.") or a name's abbreviation ("Inc.").
_SENTENCE_END = re.compile(
    r"(?<![.\s\"'(][A-Za-z])(?<!^[A-Za-z])(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bCorp)(?<!\bNo)(?<!\bMr)(?<!\bMs)"
    r"(?<!\bDr)(?<!\bvs)[.!?][\"')\]]?\s+|\n\s*\n"
)


def caption_start(text: str, start: int) -> int:
    """Where a passage's citation should start so that the quote says what the passage is.

    A passage introduced by a sentence ending in a colon (a table's caption: "The following table summarizes
    ...:") is quoted from the start of that sentence, since a table or list alone does not say what it lists.
    Any other passage starts where it is; only whitespace may separate the lead-in from the passage.
    """
    head = text[:start].rstrip()
    if not head.endswith(":"):
        return start
    ends = list(_SENTENCE_END.finditer(head))
    return ends[-1].end() if ends else 0
