"""Okapi BM25 over chunk texts: built at ingest, persisted as postings, searched in memory. Pure."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from nltk.stem.porter import PorterStemmer

_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_STOP = frozenset(
    "a an and are as at be been but by can do does did for from had has have how i if in into is it its "
    "me my no not of on or our so such that the their them then there these they this to under upon was "
    "we were what when where which who whom why will with would you your".split()
)
_STEMMER = PorterStemmer()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stem(word))


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop words dropped, Porter-stemmed terms ("U.S." and "10%" survive as "u.s", "10")."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


@dataclass
class BM25:
    """Postings and statistics; `search` scores only documents that share a term with the query."""

    k1: float = 1.2
    b: float = 0.75
    doc_ids: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def build(cls, docs: Iterable[tuple[str, str]]) -> BM25:
        index = cls()
        for doc_id, text in docs:
            terms = Counter(tokenize(text))
            position = len(index.doc_ids)
            index.doc_ids.append(doc_id)
            index.lengths.append(sum(terms.values()))
            for term, tf in terms.items():
                index.postings.setdefault(term, []).append((position, tf))
        return index

    @property
    def avg_length(self) -> float:
        return sum(self.lengths) / len(self.lengths) if self.lengths else 0.0

    def idf(self, term: str) -> float:
        n = len(self.doc_ids)
        df = len(self.postings.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query: str, top_k: int, allowed: set[int] | None = None) -> list[tuple[str, float]]:
        scores: dict[int, float] = {}
        avg = self.avg_length or 1.0
        for term in set(tokenize(query)):
            idf = self.idf(term)
            for position, tf in self.postings.get(term, ()):
                if allowed is not None and position not in allowed:
                    continue
                norm = (
                    tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lengths[position] / avg))
                )
                scores[position] = scores.get(position, 0.0) + idf * norm
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top_k]
        return [(self.doc_ids[position], score) for position, score in best]

    def to_json(self) -> dict[str, Any]:
        return {
            "k1": self.k1,
            "b": self.b,
            "doc_ids": self.doc_ids,
            "lengths": self.lengths,
            "postings": {term: [list(p) for p in plist] for term, plist in self.postings.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BM25:
        postings: dict[str, list[tuple[int, int]]] = {
            term: [(int(p), int(tf)) for p, tf in plist] for term, plist in data["postings"].items()
        }
        return cls(
            k1=float(data["k1"]),
            b=float(data["b"]),
            doc_ids=list(data["doc_ids"]),
            lengths=[int(n) for n in data["lengths"]],
            postings=postings,
        )
