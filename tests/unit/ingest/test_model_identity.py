"""The embedding model's identity: from the content of the files that decide its vectors, not from their place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.embedding import MODEL_NAME, Embedder, ModelIdentity, bundled_model_path


def small_model_folder(root: Path) -> Path:
    """A sentence-transformers folder layout with small files: what the identity reads, without real weights."""
    root.mkdir()
    (root / "modules.json").write_text(
        json.dumps([{"idx": 0, "path": ""}, {"idx": 1, "path": "1_Pooling"}]), encoding="utf-8"
    )
    (root / "config.json").write_text('{"hidden_size": 8}', encoding="utf-8")
    (root / "model.safetensors").write_bytes(b"weights-one")
    (root / "1_Pooling").mkdir()
    (root / "1_Pooling" / "config.json").write_text('{"word_embedding_dimension": 8}', encoding="utf-8")
    (root / "README.md").write_text("A model.", encoding="utf-8")
    return root


def test_the_bundled_model_is_named_and_has_the_same_identity_in_every_instance(embedder: Embedder) -> None:
    again = Embedder()
    assert again.identity == embedder.identity
    assert embedder.identity.name == MODEL_NAME
    assert len(embedder.identity.digest) == 64


def test_the_same_model_files_in_another_folder_keep_their_identity(tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    source = bundled_model_path()
    for path in source.rglob("*"):
        target = moved / path.relative_to(source)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    copy = Embedder(moved).identity
    assert copy == Embedder().identity
    assert copy.name == "elsewhere"  # the name is for messages; identities compare by content


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("model.safetensors", b"weights-two"),  # fine-tuned: same files, other weights
        ("1_Pooling/config.json", b'{"word_embedding_dimension": 8, "pooling_mode_cls_token": true}'),
        ("tokenizer.json", b"{}"),  # a file added beside the weights
    ],
)
def test_a_change_to_a_file_that_decides_the_vectors_changes_the_identity(
    tmp_path: Path, path: str, content: bytes
) -> None:
    folder = small_model_folder(tmp_path / "model")
    before = ModelIdentity.of_folder(folder)
    (folder / path).write_bytes(content)
    assert ModelIdentity.of_folder(folder) != before


def test_documentation_and_other_runtimes_weights_do_not_change_the_identity(tmp_path: Path) -> None:
    folder = small_model_folder(tmp_path / "model")
    before = ModelIdentity.of_folder(folder)
    (folder / "README.md").write_text("A better description.", encoding="utf-8")
    (folder / "model.onnx").write_bytes(b"onnx graph")
    (folder / ".gitattributes").write_text("*.bin filter=lfs", encoding="utf-8")
    assert ModelIdentity.of_folder(folder) == before


def test_a_recorded_identity_comes_back_and_an_absent_one_is_unknown() -> None:
    identity = ModelIdentity("some-model", "c" * 64)
    assert ModelIdentity.from_json(identity.to_json()) == identity
    assert ModelIdentity.from_json(None) is None
    assert ModelIdentity.from_json({"name": "some-model"}) is None
