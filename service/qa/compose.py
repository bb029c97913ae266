"""The extractive composer: the answer is the best sentences of the best passages, quoted verbatim.

No language model, so it runs anywhere and cannot invent. Another composer (a generative one behind an
OpenAI-compatible endpoint) can replace it behind the `Composer` protocol.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ingest.bm25 import BM25, tokenize
from service.qa.retrieval import Hit

# A sentence opening with one of these leans on the one before ("These countries include …"): quote them together.
_LEANS_BACK = re.compile(r"^(?:These|This|Such|Those|They)\b")
_CONTINUES = re.compile(r"(?:[:,;]|\b(?:and|or|is|are|if|to|including))\s*$")


@dataclass(frozen=True)
class Quote:
    """A verbatim span chosen for the answer, with the hit it came from."""

    hit: Hit
    start: int
    end: int
    text: str
    coverage: float  # share of the question's (idf-weighted) terms the span contains


@dataclass(frozen=True)
class Composition:
    text: str
    quotes: list[Quote]


class Composer(Protocol):
    def compose(self, question: str, hits: Sequence[Hit], max_quotes: int) -> Composition: ...


def squash(text: str) -> str:
    """One line for reading: runs of whitespace become one space, list bullets are dropped."""
    text = re.sub(r"\n\s*(?:[-•·]\s*)+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class ExtractiveComposer:
    """Scores every sentence of the top passages by idf-weighted overlap with the question."""

    def __init__(self, bm25: BM25, passages: int = 3, keep_ratio: float = 0.6) -> None:
        self._bm25 = bm25
        self._passages = passages
        self._keep_ratio = keep_ratio

    def coverage(self, question_terms: set[str], text: str) -> float:
        if not question_terms:
            return 0.0
        weights = {t: self._bm25.idf(t) for t in question_terms}
        total = sum(weights.values()) or 1.0
        present = set(tokenize(text))
        return sum(w for t, w in weights.items() if t in present) / total

    def candidates(self, question: str, hits: Sequence[Hit]) -> list[Quote]:
        terms = set(tokenize(question))
        quotes: list[Quote] = []
        for rank, hit in enumerate(hits[: self._passages]):
            chunk = hit.chunk
            units = list(chunk.sentences)
            i = 0
            while i < len(units):
                start, end = units[i]
                # A sentence that introduces a list is quoted with the whole list.
                while i + 1 < len(units) and _CONTINUES.search(
                    chunk.text[start - chunk.start : end - chunk.start]
                ):
                    i += 1
                    end = units[i][1]
                text = chunk.text[start - chunk.start : end - chunk.start]
                cov = self.coverage(terms, f"{chunk.section} {text}")
                prior = 1.0 - 0.15 * rank
                quotes.append(Quote(hit, start, end, text, cov * prior))
                i += 1
        return quotes

    def compose(self, question: str, hits: Sequence[Hit], max_quotes: int) -> Composition:
        quotes = self.candidates(question, hits)
        if not quotes:
            return Composition("", [])
        best = max(q.coverage for q in quotes)
        order = sorted(range(len(quotes)), key=lambda i: (-quotes[i].coverage, i))
        chosen = [quotes[i] for i in order if quotes[i].coverage >= self._keep_ratio * best][:max_quotes]
        chosen = _without_repeats([_with_follower(q) for q in chosen])
        text = " ".join(f"{squash(q.text)} [{n}]" for n, q in enumerate(chosen, start=1))
        return Composition(text, chosen)


def _with_follower(quote: Quote) -> Quote:
    """Extend a quote by the next sentence of its passage when that sentence refers back to it."""
    chunk = quote.hit.chunk
    for start, end in chunk.sentences:
        if start >= quote.end:
            follower = chunk.text[start - chunk.start : end - chunk.start]
            if not _LEANS_BACK.match(follower):
                return quote
            text = chunk.text[quote.start - chunk.start : end - chunk.start]
            return Quote(quote.hit, quote.start, end, text, quote.coverage)
    return quote


def _without_repeats(quotes: list[Quote]) -> list[Quote]:
    """Drop a quote whose span another (earlier, better) quote already covers."""
    kept: list[Quote] = []
    for quote in quotes:
        if not any(
            k.hit.chunk.doc_id == quote.hit.chunk.doc_id and k.start <= quote.start and quote.end <= k.end
            for k in kept
        ):
            kept.append(quote)
    return kept
