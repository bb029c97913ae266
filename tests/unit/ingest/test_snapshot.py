"""The snapshot file: sentence vectors travel with their chunks, and an older snapshot without them still loads."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ingest.bm25 import BM25
from ingest.chunk import Chunk
from ingest.embedding import ModelIdentity
from ingest.snapshot import Snapshot, read_snapshot, write_snapshot
from ingest.verify import seal

TEXT = "Acme pays a dividend in June. Acme owns a brewery."
CHUNK = Chunk("acme:h:0-50", "acme", "A. Overview", 0, len(TEXT), TEXT, ((0, 29), (30, 50)))


def _snapshot(vectors: dict[str, np.ndarray]) -> Snapshot:
    return Snapshot(
        chunks=[CHUNK], bm25=BM25.build([(CHUNK.id, TEXT)]), created="2026-01-01", sentence_vectors=vectors
    )


def write_sealed(data_dir: Path, data: dict[str, object]) -> None:
    """A snapshot file as an older ingest wrote it (some field missing), sealed as every snapshot is."""
    (data_dir / "index.json").write_text(seal(json.dumps(data)), encoding="utf-8")


def test_sentence_vectors_come_back_from_the_snapshot_file_row_for_row(tmp_path: Path) -> None:
    rows = np.array([[0.6, 0.8, 0.0], [0.0, 0.28, 0.96]], dtype=np.float32)
    write_snapshot(tmp_path, _snapshot({CHUNK.id: rows}))
    loaded = read_snapshot(tmp_path)
    assert loaded is not None
    assert loaded.sentence_vectors[CHUNK.id].shape == (2, 3)
    assert np.allclose(loaded.sentence_vectors[CHUNK.id], rows, atol=1e-3)  # stored as float16


def test_snapshot_written_before_sentence_vectors_existed_loads_without_them(tmp_path: Path) -> None:
    data = _snapshot({}).to_json()
    del data["sentence_vectors"]
    write_sealed(tmp_path, data)
    loaded = read_snapshot(tmp_path)
    assert loaded is not None
    assert [c.id for c in loaded.chunks] == [CHUNK.id]
    assert loaded.sentence_vectors == {}


def test_the_model_that_made_the_vectors_comes_back_from_the_snapshot_file(tmp_path: Path) -> None:
    snapshot = _snapshot({})
    snapshot.model = ModelIdentity("some-model", "d" * 64)
    write_snapshot(tmp_path, snapshot)
    loaded = read_snapshot(tmp_path)
    assert loaded is not None
    assert loaded.model == snapshot.model
    assert loaded.model is not None
    assert loaded.model.name == "some-model"


def test_snapshot_written_before_models_were_recorded_has_an_unknown_model(tmp_path: Path) -> None:
    data = _snapshot({}).to_json()
    del data["model"]
    write_sealed(tmp_path, data)
    loaded = read_snapshot(tmp_path)
    assert loaded is not None
    assert loaded.model is None


def test_list_item_vectors_come_back_from_the_snapshot_file_and_an_older_file_loads_without_them(
    tmp_path: Path,
) -> None:
    rows = np.array([[0.0, 0.6, 0.8]], dtype=np.float32)
    snapshot = _snapshot({})
    snapshot.item_vectors = {CHUNK.id: rows}
    write_snapshot(tmp_path, snapshot)
    loaded = read_snapshot(tmp_path)
    assert loaded is not None
    assert np.allclose(loaded.item_vectors[CHUNK.id], rows, atol=1e-3)
    data = snapshot.to_json()
    del data["item_vectors"]
    write_sealed(tmp_path, data)
    older = read_snapshot(tmp_path)
    assert older is not None
    assert older.item_vectors == {}
