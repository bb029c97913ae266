"""Chunks that fit the embedding model: consecutive sentences of one section, cut on sentence boundaries.

Pure: blocks and a token counter in, chunks out. A chunk is a contiguous span of the raw text, so its quote is
always ``text[start:end]``; its id is stable (document hash + offsets), so unchanged text keeps its ids.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from ingest.parse import Block, Span


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage with its section path and sentence spans (absolute offsets)."""

    id: str
    doc_id: str
    section: str
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]

    @property
    def embed_text(self) -> str:
        """What the embedding model and BM25 see: the section path, then the passage."""
        return f"{self.section}\n{self.text}"


def document_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def chunk_id(doc_id: str, doc_hash: str, start: int, end: int) -> str:
    return f"{doc_id}:{doc_hash}:{start}-{end}"


def _separates_words(gap: str) -> bool:
    """Whether ``gap`` is one or more characters the model's tokenizer reads as plain whitespace (a word break that
    yields no word piece). Control characters other than tab and line breaks are not: the tokenizer drops them,
    which can join the words on either side."""
    return bool(gap) and all(c in " \t\n\r" or unicodedata.category(c) == "Zs" for c in gap)


class SpanCounter:
    """Word pieces of ``section + "\n" + text[start:end]`` for spans made of whole units, without tokenizing the
    span again each time a chunk grows by one sentence.

    The model's tokenizer (BERT word pieces) splits text into words at whitespace before cutting each word into
    pieces, so text made of units separated by whitespace has as many pieces as its units have, plus the two
    special tokens; each unit and section is counted once with ``count_tokens`` itself. A span whose ends are not
    unit ends, or whose units are not all separated by whitespace, is counted with ``count_tokens`` as before:
    the counts, and so the chunks, are those of the tokenizer in every case.
    """

    def __init__(self, text: str, units: Sequence[Span], count_tokens: Callable[[str], int]) -> None:
        self._text = text
        self._count = count_tokens
        self._special = count_tokens("")  # [CLS] and [SEP]
        ordered = sorted(set(units))
        self._starts = {start: i for i, (start, _) in enumerate(ordered)}
        self._ends = {end: i for i, (_, end) in enumerate(ordered)}
        self._units = ordered
        self._pieces: list[int | None] = [None] * len(ordered)
        # broken[i]: how many of the first i+1 units are not separated from the unit before them by whitespace
        # (overlapping units count as not separated)
        broken, total = [], 0
        for i, (start, _) in enumerate(ordered):
            total += i > 0 and not _separates_words(text[ordered[i - 1][1] : start])
            broken.append(total)
        self._broken = broken
        self._sections: dict[str, int] = {}

    def _unit_pieces(self, i: int) -> int:
        pieces = self._pieces[i]
        if pieces is None:
            start, end = self._units[i]
            pieces = self._pieces[i] = self._count(self._text[start:end]) - self._special
        return pieces

    def __call__(self, section: str, span: Span) -> int:
        first, last = self._starts.get(span[0]), self._ends.get(span[1])
        if first is None or last is None or first > last or self._broken[last] != self._broken[first]:
            return self._count(f"{section}\n{self._text[span[0] : span[1]]}")
        if section not in self._sections:
            self._sections[section] = self._count(section) - self._special
        return (
            self._special
            + self._sections[section]
            + sum(self._unit_pieces(i) for i in range(first, last + 1))
        )


def _split_long_unit(text: str, span: Span, fits: Callable[[Span], bool]) -> list[Span]:
    """A unit too long for the model (a run-on sentence, a long table): cut it between rows, else between words.

    Each piece is the longest prefix that fits, cut at the last line break, else the last whitespace, else (a single
    enormous token) wherever it fits.
    """
    pieces: list[Span] = []
    start, end = span
    while start < end:
        if fits((start, end)):
            pieces.append((start, end))
            break
        low, high = start + 1, end  # the longest prefix that fits: binary search on its end
        while low < high:
            middle = (low + high + 1) // 2
            if fits((start, middle)):
                low = middle
            else:
                high = middle - 1
        cut = low
        for separator in ("\n", None):
            window = text[start + 1 : cut + 1]
            found = window.rfind(separator) if separator else max(window.rfind(c) for c in " \t")
            if found > 0:
                cut = start + 1 + found
                break
        pieces.append(_trim(text, start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    return [p for p in pieces if p[1] > p[0]]


def _trim(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def chunk_blocks(
    doc_id: str,
    text: str,
    blocks: Sequence[Block],
    count_tokens: Callable[[str], int],
    max_tokens: int = 256,
) -> list[Chunk]:
    """Pack sentences into chunks of at most ``max_tokens`` word pieces, section path included."""
    digest = document_hash(text)
    chunks: list[Chunk] = []
    count = SpanCounter(text, [unit for block in blocks for unit in block.units], count_tokens)

    def fits(section: str, span: Span) -> bool:
        return count(section, span) <= max_tokens

    current: list[Span] = []
    current_section = ""

    def flush() -> None:
        if current:
            start, end = current[0][0], current[-1][1]
            chunks.append(
                Chunk(
                    id=chunk_id(doc_id, digest, start, end),
                    doc_id=doc_id,
                    section=current_section,
                    start=start,
                    end=end,
                    text=text[start:end],
                    sentences=tuple(current),
                )
            )
            current.clear()

    for block in blocks:
        if block.section != current_section:
            flush()
            current_section = block.section
        # Keep a list or table whole when it fits in a chunk of its own.
        whole = (block.start, block.end)
        if block.kind != "paragraph" and current and fits(current_section, whole):
            if not fits(current_section, (current[0][0], block.end)):
                flush()
            current.extend(block.units)
            continue
        for unit in block.units:
            if current and fits(current_section, (current[0][0], unit[1])):
                current.append(unit)
                continue
            flush()
            if fits(current_section, unit):
                current.append(unit)
            else:
                for piece in _split_long_unit(text, unit, partial(fits, current_section)):
                    current.append(piece)
                    flush()
    flush()
    return chunks
