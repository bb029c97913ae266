"""Hybrid search over the live snapshot: BM25 and dense (Chroma) rankings fused by reciprocal rank."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from ingest.bm25 import BM25
from ingest.chunk import Chunk
from ingest.snapshot import DocumentRecord, SentenceVectors, Snapshot
from service.qa.query import QuestionReader, report_acronyms
from service.qa.timing import stage

_BULLET = re.compile(r"\n\s*[-•·]")  # what compose.squash drops besides whitespace


class DenseIndex(Protocol):
    def query(
        self, vector: list[float], top_k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[str, float]]: ...


@dataclass(frozen=True)
class Filters:
    """Restrict search to one report, company or fiscal year (all optional)."""

    doc_id: str | None = None
    company: str | None = None
    fiscal_year: int | None = None

    def is_empty(self) -> bool:
        return self.doc_id is None and self.company is None and self.fiscal_year is None

    def chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.doc_id is not None:
            clauses.append({"doc_id": self.doc_id})
        if self.company is not None:
            clauses.append({"company": self.company})
        if self.fiscal_year is not None:
            clauses.append({"fiscal_year": self.fiscal_year})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@dataclass(frozen=True)
class Hit:
    """A ranked chunk with the evidence behind its rank."""

    chunk: Chunk
    score: float  # fused RRF score
    dense: float  # cosine similarity of question and chunk (-1 when dense search did not return it)
    lexical: float  # BM25 score (0 when BM25 did not return it)


Vector = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Meaning:
    """The question's vector, each passage's sentence vectors (rows in the order of `Chunk.sentences`) and its list
    items' vectors as they read after their lead-in (rows in the order of `ingest.lists.in_context`).

    All from the one embedding model, L2-normalised, so a dot product is a cosine similarity.
    """

    question: Vector
    sentences: Mapping[str, SentenceVectors] = field(default_factory=dict)  # chunk id -> a row per sentence
    items: Mapping[str, SentenceVectors] = field(
        default_factory=dict
    )  # chunk id -> a row per item in context


class SearchIndex:
    """The live chunks of one snapshot, searchable by keywords and by meaning."""

    def __init__(
        self,
        snapshot: Snapshot,
        dense: DenseIndex,
        embed_query: Callable[[str], list[float]],
        dictionary: Callable[[str], bool] | None = None,
        embed_many: Callable[[Sequence[str]], list[list[float]]] | None = None,
    ) -> None:
        """``dictionary``: whether a word is a real word (the embedding model's vocabulary), so the question reader
        does not take a real word the reports lack for a misspelling of one they have. ``embed_many``: the same
        model over several texts at once (one forward pass, cached by text), for `question_vector`'s ``also``."""
        self.snapshot = snapshot
        self.documents: dict[str, DocumentRecord] = {d.meta.doc_id: d for d in snapshot.documents}
        self.chunks: dict[str, Chunk] = {c.id: c for c in snapshot.chunks}
        self._positions: dict[str, int] = {cid: i for i, cid in enumerate(snapshot.bm25.doc_ids)}
        self.bm25: BM25 = snapshot.bm25
        self.bm25.prepare()  # every term weighed now, not on a question's first use of it
        self._dense = dense
        self._embed_query = embed_query
        self._embed_many = embed_many
        acronyms = report_acronyms(c.text for c in snapshot.chunks)
        self.reader = QuestionReader(self.bm25.postings, dictionary=dictionary, acronyms=acronyms)
        self._sentence_vectors = snapshot.sentence_vectors
        self._item_vectors = snapshot.item_vectors

    def sentence_vector(self, chunk: Chunk, start: int, end: int) -> SentenceVectors | None:
        """The ingest-time vector of the chunk's sentence spanning [start, end) of the report, when its text reads
        the same once squashed (whitespace only: the same word pieces); None otherwise."""
        rows = self._sentence_vectors.get(chunk.id)
        if rows is None or len(rows) != len(chunk.sentences):
            return None
        try:
            row = chunk.sentences.index((start, end))
        except ValueError:
            return None
        if _BULLET.search(chunk.text[start - chunk.start : end - chunk.start]):
            return None  # the quote is read without its bullets (compose.squash): other word pieces
        vector: SentenceVectors = rows[row]
        return vector

    def question_vector(self, query: str, also: Sequence[str] = ()) -> list[float]:
        """The query's vector. ``also``: texts the caller will embed next (the judge's words), embedded in the same
        pass when the index has ``embed_many``, so they are cached by then."""
        if also and self._embed_many is not None:
            return self._embed_many([query, *also])[0]
        return self._embed_query(query)

    def meaning(self, vector: Sequence[float], hits: Sequence[Hit]) -> Meaning:
        """What the composer needs to weigh sentences by meaning: the question's vector and the hits' sentences'."""
        rows = {
            h.chunk.id: self._sentence_vectors[h.chunk.id]
            for h in hits
            if h.chunk.id in self._sentence_vectors
        }
        items = {h.chunk.id: self._item_vectors[h.chunk.id] for h in hits if h.chunk.id in self._item_vectors}
        return Meaning(np.asarray(vector, dtype=np.float32), rows, items)

    def _allowed(self, filters: Filters) -> set[int] | None:
        if filters.is_empty():
            return None
        docs = {
            doc_id
            for doc_id, record in self.documents.items()
            if (filters.doc_id is None or doc_id == filters.doc_id)
            and (filters.company is None or record.meta.company == filters.company)
            and (filters.fiscal_year is None or record.meta.fiscal_year == filters.fiscal_year)
        }
        return {self._positions[c.id] for c in self.snapshot.chunks if c.doc_id in docs}

    def search(
        self,
        query: str,
        top_k: int,
        candidates: int,
        rrf_k: int,
        filters: Filters | None = None,
        vector: Sequence[float] | None = None,
    ) -> list[Hit]:
        """Best first. `vector` is the query's, when the caller already has it."""
        filters = filters or Filters()
        with stage("search_lexical"):
            lexical = self.bm25.search(query, candidates, self._allowed(filters))
        if vector is None:
            with stage("embed"):
                vector = self._embed_query(query)
        with stage("search_dense"):
            found = self._dense.query(list(vector), candidates, filters.chroma_where())
        # vectors not in the live snapshot (an unfinished ingest) are ignored
        dense = [(cid, sim) for cid, sim in found if cid in self.chunks]
        fused: dict[str, float] = {}
        for ranking in (lexical, dense):
            for rank, (cid, _) in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (rrf_k + rank + 1)
        dense_of = dict(dense)
        lexical_of = dict(lexical)
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:top_k]
        return [
            Hit(self.chunks[cid], score, dense_of.get(cid, -1.0), lexical_of.get(cid, 0.0))
            for cid, score in best
        ]
