"""The vector store splits writes and deletes at the connected Chroma's own largest batch (real Chroma, temp dir)."""

from __future__ import annotations

from pathlib import Path

from ingest.chunk import Chunk
from ingest.store import VectorStore


def _chunks(n: int) -> list[Chunk]:
    return [Chunk(f"c{i}", "doc", "Section", i, i + 1, f"text {i}", ()) for i in range(n)]


def test_writes_and_deletes_larger_than_chromas_largest_batch_are_split_and_all_land(tmp_path: Path) -> None:
    store = VectorStore("batches", tmp_path)
    limit = store._max_batch()
    n = limit + 7  # one more call than a single batch allows
    chunks = _chunks(n)
    store.upsert(chunks, [[1.0, float(i % 5)] for i in range(n)], [{} for _ in range(n)])
    assert store.count() == n
    store.delete([c.id for c in chunks[:-3]])
    assert store.ids() == {f"c{i}" for i in range(n - 3, n)}
    store.close()
