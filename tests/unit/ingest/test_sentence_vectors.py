"""Sentence vectors at ingest: one row per sentence, each distinct text embedded once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ingest.embedding import Embedder, ModelIdentity
from ingest.pipeline import sentence_vectors
from ingest.snapshot import Snapshot
from tests.chunks import chunk_of_lines

BOILERPLATE = "Holders should consult their own tax advisers."
FIRST = [BOILERPLATE, "Acme pays dividends twice a year.", BOILERPLATE]
SECOND = ["Bolt pays no dividend.", BOILERPLATE]


class Counting:
    """The real model, recording every text it is asked to embed."""

    def __init__(self, model: Embedder) -> None:
        self._model = model
        self.batch_size = model.batch_size
        self.count_tokens = model.count_tokens
        self.texts: list[str] = []

    @property
    def identity(self) -> ModelIdentity:
        return self._model.identity

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return self._model.embed(texts)

    def embed_short(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed(texts)


def test_a_sentence_that_recurs_is_embedded_once_and_every_occurrence_gets_its_vector(
    embedder: Embedder,
) -> None:
    chunks = [chunk_of_lines(FIRST, "acme", "A. Tax"), chunk_of_lines(SECOND, "bolt", "A. Tax")]
    model = Counting(embedder)
    vectors, _, sentences, items = sentence_vectors(chunks, Snapshot(), model, "chunking")
    assert sorted(model.texts) == sorted({*FIRST, *SECOND})
    assert (sentences, items) == (5, 0)  # five sentences were given vectors, from three embedded texts
    first, second = vectors[chunks[0].id], vectors[chunks[1].id]
    assert first.shape[0] == 3
    assert second.shape[0] == 2
    assert np.array_equal(first[0], first[2])
    assert np.array_equal(first[0], second[1])
    assert not np.array_equal(first[0], first[1])
    expected = np.asarray(embedder.embed([BOILERPLATE])[0], dtype=np.float16)
    assert np.allclose(first[0].astype(np.float32), expected.astype(np.float32), atol=2e-3)
