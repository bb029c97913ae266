"""The service's numpy encoder gives the torch model's vectors, from the same files (same model identity)."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embedding import Embedder

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
def numpy_embedder() -> Embedder:
    return Embedder(runtime="numpy", threads=1)


def test_numpy_vectors_equal_torch_vectors_within_1e_5_cosine(
    embedder: Embedder, numpy_embedder: Embedder, corpus_text: str
) -> None:
    texts = [*TEXTS, corpus_text[:4000]]  # a passage longer than the model's 256 word pieces is cut alike
    ours = np.asarray(numpy_embedder.embed(texts))
    torch = np.asarray([embedder.embed([text])[0] for text in texts])
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-6)
    cosine = (ours * torch).sum(axis=1)
    assert (1 - cosine).max() < 1e-5, dict(zip(texts, 1 - cosine, strict=True))


def test_numpy_encoder_serves_an_index_of_the_same_model_identity(
    embedder: Embedder, numpy_embedder: Embedder
) -> None:
    assert numpy_embedder.identity == embedder.identity


def test_numpy_encoder_does_not_import_torch() -> None:
    import subprocess
    import sys

    script = (
        "import sys; from ingest.embedding import Embedder; e = Embedder(runtime='numpy'); e.warm(); "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
