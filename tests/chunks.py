"""Chunks built by hand for tests that need a passage of a given shape."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.chunk import Chunk


def chunk_of_lines(lines: Sequence[str], doc_id: str, section: str) -> Chunk:
    """One chunk whose sentences are its lines (list items stand alone, as the chunker stores them)."""
    text = "\n".join(lines)
    spans = []
    start = 0
    for line in lines:
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return Chunk(f"{doc_id}:h:0-{len(text)}", doc_id, section, 0, len(text), text, tuple(spans))


def chunk_of_sentences(text: str, doc_id: str, section: str) -> Chunk:
    """One chunk of ``text`` whose sentences end at each full stop followed by space (and at the text's end)."""
    spans = []
    start = 0
    for match in re.finditer(r"(?<=\.)\s+|$", text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    return Chunk(f"{doc_id}:h:0-{len(text)}", doc_id, section, 0, len(text), text, tuple(spans))
