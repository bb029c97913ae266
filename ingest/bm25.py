"""Okapi BM25 over chunk texts: built at ingest, persisted as postings, searched in memory. Pure."""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import sys
import types
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

# A word as search reads it (lower-cased text): letters and digits, "u.s" and "it's" kept whole.
WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_STOP = frozenset(
    "a an and are as at be been but by can do does did for from had has have how i if in into is it its "
    "me my no not of on or our so such that the their them then there these they this to under upon was "
    "we were what when where which who whom why will with would you your".split()
)


def porter_stemmer() -> Any:
    """NLTK's Porter stemmer, without NLTK's package start-up (it imports most of NLTK and scipy: seconds).

    The stemmer's module and the three small ones it imports (nltk.redos, nltk.termsec, nltk.stem.api) are loaded
    under bare stand-ins for the `nltk` and `nltk.stem` packages, which leave sys.modules again at once, so a
    later `import nltk` is the real one. Same code, same stems (tests/unit/ingest/test_bm25.py compares them).
    """
    if "nltk" in sys.modules:  # NLTK is loaded already (llama-index imports it): use it
        from nltk.stem.porter import PorterStemmer

        return PorterStemmer()
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nltk is not installed")
    root = next(iter(spec.submodule_search_locations))
    names = ["nltk", "nltk.stem", "nltk.redos", "nltk.termsec", "nltk.stem.api", "nltk.stem.porter"]
    try:
        for name, folder in (("nltk", root), ("nltk.stem", f"{root}/stem")):
            package = types.ModuleType(name)
            package.__path__ = [folder]
            sys.modules[name] = package
        return importlib.import_module("nltk.stem.porter").PorterStemmer()
    finally:
        for name in names:
            sys.modules.pop(name, None)


_STEMMER = porter_stemmer()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stem(word))


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop words dropped, Porter-stemmed terms ("U.S." and "10%" survive as "u.s", "10")."""
    return [_stem(w) for w in WORD.findall(text.lower()) if w not in _STOP]


@dataclass
class BM25:
    """Postings and statistics; `search` scores only documents that share a term with the query."""

    k1: float = 1.2
    b: float = 0.75
    doc_ids: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _weights: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

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

    def _arrays(self, term: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        """A term's postings as arrays: positions and their length-normalised tf (the query-independent part)."""
        cached = self._weights.get(term)
        if cached is None:
            plist = self.postings.get(term)
            if not plist:
                return None
            cached = self._weights[term] = self._weigh(plist, self._length_terms())
        return cached

    def prepare(self) -> None:
        """Weigh every term's postings now, so no question pays for a term's first use (the service calls it when
        it opens a snapshot: about 0.5 s for the 1.1 million postings of 2,001 reports, 20 ms for one report)."""
        lengths = self._length_terms()
        for term, plist in self.postings.items():
            if term not in self._weights and plist:
                self._weights[term] = self._weigh(plist, lengths)

    def _length_terms(self) -> npt.NDArray[np.float64]:
        """Each document's part of the BM25 denominator, k1 * (1 - b + b * length / average length)."""
        lengths = np.asarray(self.lengths, dtype=np.float64)
        avg = self.avg_length or 1.0
        return self.k1 * (1 - self.b + self.b * lengths / avg)

    def _weigh(
        self, plist: list[tuple[int, int]], length_terms: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        pairs = np.asarray(plist, dtype=np.int64).reshape(-1, 2)
        positions, tf = pairs[:, 0], pairs[:, 1].astype(np.float64)
        return positions, tf * (self.k1 + 1) / (tf + length_terms[positions])

    def search(self, query: str, top_k: int, allowed: set[int] | None = None) -> list[tuple[str, float]]:
        """Best first; ties by index order. Vectorised: a query costs the length of its terms' postings."""
        scores = np.zeros(len(self.doc_ids), dtype=np.float64)
        for term in set(tokenize(query)):
            arrays = self._arrays(term)
            if arrays is not None:
                positions, norms = arrays
                scores[positions] += self.idf(term) * norms  # positions are unique within one term
        if allowed is not None:
            mask = np.zeros(len(self.doc_ids), dtype=bool)
            mask[np.fromiter(allowed, dtype=np.int64, count=len(allowed))] = True
            scores[~mask] = 0.0
        scored = np.flatnonzero(scores > 0)
        if top_k <= 0 or not len(scored):
            return []
        if len(scored) > top_k:  # keep every candidate tied with the k-th best, then order exactly
            kth = np.partition(scores[scored], len(scored) - top_k)[len(scored) - top_k]
            scored = scored[scores[scored] >= kth]
        order = np.lexsort((scored, -scores[scored]))[:top_k]
        return [(self.doc_ids[int(p)], float(scores[p])) for p in scored[order]]

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
