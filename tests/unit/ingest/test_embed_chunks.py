"""Chunk vectors at ingest: each distinct chunk text embedded once, shortest first, every chunk given its vector."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.embedding import ModelIdentity
from ingest.pipeline import embed_chunks
from tests.chunks import chunk_of_lines

SHARED = ["Holders should consult their own tax advisers.", "Dividends are taxed at source."]


class Recording:
    """A stand-in model: a text's vector is its length and its first letter's code; every call is recorded."""

    batch_size = 1  # four texts a call

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    @property
    def identity(self) -> ModelIdentity:
        return ModelIdentity("recording", "0" * 64)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [[float(len(text)), float(ord(text[0]))] for text in texts]

    def embed_short(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed(texts)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def test_reports_with_the_same_passage_embed_it_once_and_each_chunk_gets_the_vector_of_its_own_text() -> None:
    chunks = [
        chunk_of_lines(SHARED, "acme", "A. Tax"),
        chunk_of_lines(SHARED, "bolt", "A. Tax"),
        chunk_of_lines(["Bolt pays no dividend."], "bolt", "B. Dividends"),
        chunk_of_lines(SHARED, "cask", "C. Other"),  # same passage, another section: another text
    ]
    model = Recording()
    written = [
        (chunk, row)
        for batch, rows in embed_chunks(chunks, model)
        for chunk, row in zip(batch, rows, strict=True)
    ]
    embedded = [text for call in model.calls for text in call]
    assert sorted(embedded) == sorted({c.embed_text for c in chunks})
    assert sorted(c.id for c, _ in written) == sorted(c.id for c in chunks)
    for chunk, row in written:
        assert row == [float(len(chunk.embed_text)), float(ord(chunk.embed_text[0]))]


def test_chunk_texts_go_to_the_model_shortest_first_in_batches_of_four_times_the_batch_size() -> None:
    chunks = [chunk_of_lines(["word " * n], f"r{n}", "S") for n in (9, 2, 7, 1, 5, 3)]
    model = Recording()
    list(embed_chunks(chunks, model))
    assert [len(call) for call in model.calls] == [4, 2]
    lengths = [len(text) for call in model.calls for text in call]
    assert lengths == sorted(lengths)
