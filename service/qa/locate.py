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
