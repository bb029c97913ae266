"""The service's question embedder: many texts in one forward pass, and concurrent requests sharing passes.

A forward pass of MiniLM on a short text is bound by reading the model's weights (about 40 MB per pass), not by
arithmetic: a 3-word-piece text costs most of what a 20-word-piece question does. So the texts a request needs
together (the question and the words the judge will look up, the variants of a question) are encoded in one pass,
and so are the texts of requests that arrive while a pass is running (`MicroBatcher`): the 16th concurrent
question waits for one pass, not for fifteen.

`encode_many` is `ingest.embedding.NumpyEncoder.encode` over several texts at once: the per-token layers run on
all texts' word pieces stacked, attention runs per text (padded, the padding masked out), the mean is each text's
own. A text's vector is its vector encoded alone, to float32 rounding (tests/unit/qa/test_query_embedding.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

import numpy as np
import numpy.typing as npt

from ingest.embedding import Embedder, NumpyEncoder

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
    """``x * 0.5 * (1 + erf(x / √2))`` in place: `ingest.embedding._erf`'s operations in the same order (the
    same float32 results), without its temporaries, which for a batch cost more than the matrix products."""
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


def encode_many(encoder: NumpyEncoder, texts: Sequence[str], budget: int = PADDED_BUDGET) -> Vectors:
    """One unit vector per text (rows in the order of ``texts``), in as few forward passes as ``budget`` allows."""
    if not texts:
        return np.zeros((0, encoder.words.shape[1]), dtype=np.float32)
    ids = [encoder.token_ids(text) for text in texts]  # one at a time, not encode_batch: no tokenizer threads
    out = np.empty((len(texts), encoder.words.shape[1]), dtype=np.float32)
    for group in _groups([len(i) for i in ids], budget):
        out[group] = _encode_group(encoder, [ids[i] for i in group])
    return out


def _encode_group(encoder: NumpyEncoder, ids: Sequence[Sequence[int]]) -> Vectors:
    lengths = [len(i) for i in ids]
    count, longest = len(ids), max(lengths)
    flat = np.fromiter((t for text in ids for t in text), dtype=np.int64)
    positions = np.concatenate([np.arange(n) for n in lengths])
    x = encoder.layer_norm(
        encoder.words[flat] + encoder.positions[positions] + encoder.token_type, encoder.norm
    )
    width = x.shape[1]
    heads = encoder.heads
    head = width // heads
    scale = np.float32(1.0 / np.sqrt(head))
    valid = np.arange(longest)[None, :] < np.asarray(lengths)[:, None]  # (texts, longest)
    rows = np.zeros((count, longest), dtype=np.int64)  # padding reads row 0, masked out below
    rows[valid] = np.arange(len(flat))
    mask = np.where(valid, np.float32(0.0), np.float32(-np.inf)).astype(np.float32)[:, None, None, :]
    for qkv_w, qkv_b, out_w, out_b, norm1, in_w, in_b, down_w, down_b, norm2 in encoder.layers:
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
        attended = context @ out_w  # x + context @ out_w + out_b, in NumpyEncoder's order
        attended += x
        attended += out_b
        x = encoder.layer_norm(attended, norm1)
        inner = x @ in_w
        inner += in_b
        for start in range(0, len(inner), GELU_ROWS):
            _gelu_in_place(inner[start : start + GELU_ROWS])
        down = inner @ down_w
        down += x
        down += down_b
        x = encoder.layer_norm(np.asarray(down, dtype=np.float32), norm2)
    pooled = (
        np.add.reduceat(x, np.cumsum([0, *lengths[:-1]]), axis=0) / np.asarray(lengths, np.float32)[:, None]
    )
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
    vectors: Vectors = (pooled / norms).astype(np.float32, copy=False)
    return vectors


class MicroBatcher:
    """Runs ``encode`` for concurrent callers in shared calls: while one call runs, the texts that arrive wait and
    then go together in the next. A caller alone is served at once, in its own thread (no hop to a worker, no
    waiting for company); when a call ends, one waiting caller makes the next call for all that queued. An error
    reaches every caller of the failed call."""

    def __init__(self, encode: Callable[[Sequence[str]], Vectors], max_texts: int = 64) -> None:
        self._encode = encode
        self._max_texts = max_texts
        self._pending: list[tuple[Sequence[str], Future[Vectors]]] = []
        self._ready = threading.Condition()
        self._running = False  # a caller is making a call
        self.calls = 0  # encode calls made (a count for tests and benchmarks)

    @property
    def waiting(self) -> int:
        """Texts queued for the next call."""
        with self._ready:
            return sum(len(texts) for texts, _ in self._pending)

    def __call__(self, texts: Sequence[str]) -> Vectors:
        done: Future[Vectors] = Future()
        with self._ready:
            self._pending.append((texts, done))
        while True:
            with self._ready:
                while self._running and not done.done():
                    self._ready.wait()
                if done.done():  # served by another caller's call
                    return done.result()
                self._running = True
                taken = self._take()
            try:
                self._run(taken)
            finally:
                with self._ready:
                    self._running = False
                    self._ready.notify_all()

    def _take(self) -> list[tuple[Sequence[str], Future[Vectors]]]:
        """The oldest queued requests, up to ``max_texts`` texts (one request at least); the lock is held."""
        taken: list[tuple[Sequence[str], Future[Vectors]]] = []
        size = 0
        while self._pending and (not taken or size + len(self._pending[0][0]) <= self._max_texts):
            texts, done = self._pending.pop(0)
            taken.append((texts, done))
            size += len(texts)
        return taken

    def _run(self, taken: Sequence[tuple[Sequence[str], Future[Vectors]]]) -> None:
        texts = [t for batch, _ in taken for t in batch]
        try:
            vectors = self._encode(texts)
        except BaseException as exc:  # every caller of this call gets the error; the next call is made
            for _, done in taken:
                done.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.calls += 1
        start = 0
        for batch, done in taken:
            done.set_result(vectors[start : start + len(batch)])
            start += len(batch)


class QueryEmbedder(Embedder):
    """The service's `Embedder`: on the numpy runtime, every `embed` (so `embed_query`, `embed_cached`) goes through
    one `MicroBatcher` and `encode_many`; the cache and the model identity are `Embedder`'s."""

    def __init__(self, *args: Any, max_texts: int = 64, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._batcher = MicroBatcher(self._encode_many, max_texts)

    @property
    def passes(self) -> int:
        """Batched encode calls made so far."""
        return self._batcher.calls

    def _encode_many(self, texts: Sequence[str]) -> Vectors:
        model = self._loaded()
        assert isinstance(model, NumpyEncoder)
        return encode_many(model, texts)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        if not isinstance(self._loaded(), NumpyEncoder):
            return super().embed(texts)
        rows: list[list[float]] = self._batcher(texts).tolist()
        return rows


__all__ = ["MicroBatcher", "QueryEmbedder", "encode_many"]
