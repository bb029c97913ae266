"""The service's ONNX encoder gives the torch model's vectors, from the same files (same model identity), and
keeps its graph in the data directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ingest.embedding import Embedder
from ingest.onnx_encoder import GraphBuildError, OrtEncoder, graph_cache_path, keep_graph

pytestmark = pytest.mark.slow

TEXTS = [
    "Who operates the US portion of the backbone?",
    "What is the PFIC interest rate for a U.S. holder who sells ADSs at a gain?",
    "witholding",
    "CEO",
    "",
    "¥1,000,000 dividend paid 30 Sept 2004 to a US corp owning 30%",
]


@pytest.fixture(scope="module")
def onnx_embedder() -> Embedder:
    return Embedder(runtime="onnx", threads=1)


def test_onnx_vectors_equal_torch_vectors_within_1e_5_cosine(
    embedder: Embedder, onnx_embedder: Embedder, corpus_text: str
) -> None:
    texts = [*TEXTS, corpus_text[:4000]]  # a passage longer than the model's 256 word pieces is cut alike
    ours = np.asarray(onnx_embedder.embed(texts))
    torch = np.asarray([embedder.embed([text])[0] for text in texts])
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-6)
    cosine = (ours * torch).sum(axis=1)
    assert (1 - cosine).max() < 1e-5, dict(zip(texts, 1 - cosine, strict=True))


def test_onnx_encoder_serves_an_index_of_the_same_model_identity(
    embedder: Embedder, onnx_embedder: Embedder
) -> None:
    assert onnx_embedder.identity == embedder.identity


def test_a_kept_graph_is_written_once_and_read_by_the_next_encoder(
    embedder: Embedder, onnx_embedder: Embedder, tmp_path: Path
) -> None:
    graph = graph_cache_path(tmp_path, embedder.identity.digest)
    first = OrtEncoder(embedder.model_path, graph).encode_many(TEXTS)
    written = graph.stat().st_mtime_ns
    again = OrtEncoder(embedder.model_path, graph).encode_many(TEXTS)
    assert graph.stat().st_mtime_ns == written  # read, not built again
    assert np.abs(first - again).max() == 0
    assert np.abs(again - np.asarray(onnx_embedder.embed(TEXTS))).max() < 1e-6
    assert [p.name for p in tmp_path.iterdir()] == [graph.name]  # no temporary file left


@pytest.mark.parametrize("damage", [b"not a graph", b""], ids=["garbage", "empty"])
def test_a_damaged_kept_graph_is_built_again_and_replaced(
    embedder: Embedder, onnx_embedder: Embedder, tmp_path: Path, damage: bytes
) -> None:
    graph = graph_cache_path(tmp_path, embedder.identity.digest)
    OrtEncoder(embedder.model_path, graph)
    size = graph.stat().st_size
    graph.write_bytes(damage)
    vectors = OrtEncoder(embedder.model_path, graph).encode_many(TEXTS)
    assert np.abs(vectors - np.asarray(onnx_embedder.embed(TEXTS))).max() < 1e-6
    assert graph.stat().st_size == size


def test_a_graph_that_cannot_be_kept_is_built_for_this_start_only(embedder: Embedder, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the data directory should be")
    vectors = OrtEncoder(
        embedder.model_path, graph_cache_path(blocked, embedder.identity.digest)
    ).encode_many(TEXTS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_graphs_of_two_models_are_kept_apart(tmp_path: Path) -> None:
    assert graph_cache_path(tmp_path, "a" * 64) != graph_cache_path(tmp_path, "b" * 64)


def test_an_encoder_that_builds_its_graph_imports_neither_torch_nor_onnx_and_keeps_the_graph(
    embedder: Embedder, tmp_path: Path
) -> None:
    script = (
        "import sys; from pathlib import Path; from ingest.embedding import Embedder; "
        f"Embedder(runtime='onnx', graph_dir=Path({str(tmp_path)!r})).warm(); "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules, 'onnx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]  # the graph was built by a child process
    assert graph_cache_path(tmp_path, embedder.identity.digest).is_file()


def test_a_model_the_graph_cannot_be_built_for_fails_with_the_builders_reason(
    embedder: Embedder, tmp_path: Path
) -> None:
    model = tmp_path / "model"
    model.mkdir()
    for path in embedder.model_path.iterdir():
        if path.is_file():
            (model / path.name).symlink_to(path)
    config = json.loads((embedder.model_path / "config.json").read_text(encoding="utf-8"))
    (model / "config.json").unlink()
    (model / "config.json").write_text(json.dumps({**config, "hidden_act": "relu"}), encoding="utf-8")
    with pytest.raises(GraphBuildError, match="not a BERT model with GELU"):
        OrtEncoder(model, graph_cache_path(tmp_path, "0" * 64))


def test_ingest_keeps_the_graph_of_its_model_only(embedder: Embedder, tmp_path: Path) -> None:
    digest = embedder.identity.digest
    old = graph_cache_path(tmp_path, "0" * 64)
    old.write_bytes(b"the graph of another model")
    unrelated = tmp_path / "notes.onnx"
    unrelated.write_bytes(b"not a kept graph")
    assert keep_graph(embedder.model_path, tmp_path, digest)
    assert not keep_graph(embedder.model_path, tmp_path, digest)  # there already
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [graph_cache_path(tmp_path, digest).name, unrelated.name]
    )
