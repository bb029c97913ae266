"""The service's question embedder: many texts in one forward pass, and concurrent requests sharing passes.

A forward pass of MiniLM on a short text is bound by reading the model's weights (about 40 MB per pass), not by
arithmetic: a 3-word-piece text costs most of what a 20-word-piece question does. So the texts a request needs
together (the question and the words the judge will look up, the variants of a question) are encoded in one pass,
and so are the texts of requests that arrive while a pass is running (`MicroBatcher`): the 16th concurrent
question waits for one pass, not for fifteen.

The forward pass itself is `ingest.onnx_encoder.OrtEncoder.encode_many` (one pass for one text or many). ONNX
Runtime releases the interpreter lock for the whole pass, so while a pass runs the other requests' Python work
(reading, searching, judging) goes on beside it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

from ingest.embedding import Embedder
from ingest.onnx_encoder import OrtEncoder, Vectors


class MicroBatcher:
    """Runs ``encode`` for concurrent callers in shared calls: while ``at_once`` calls run, the texts that arrive wait
    and then go together in the next. A caller is served at once when fewer calls run, in its own thread (no hop
    to a worker, no waiting for company); when a call ends, one waiting caller makes the next call for all that
    queued. An error reaches every caller of the failed call."""

    def __init__(
        self, encode: Callable[[Sequence[str]], Vectors], max_texts: int = 64, at_once: int = 1
    ) -> None:
        self._encode = encode
        self._max_texts = max_texts
        self._at_once = at_once
        self._pending: list[tuple[Sequence[str], Future[Vectors]]] = []
        self._ready = threading.Condition()
        self._running = 0  # calls being made
        self.calls = 0  # encode calls made (a count for tests and benchmarks)
        self.most_at_once = 0  # the most calls that ran at the same time (for tests and benchmarks)

    @property
    def waiting(self) -> int:
        """Texts queued for the next call."""
        with self._ready:
            return sum(len(texts) for texts, _ in self._pending)

    def __call__(self, texts: Sequence[str]) -> Vectors:
        done: Future[Vectors] = Future()
        entry = (texts, done)
        with self._ready:
            self._pending.append(entry)
        while True:
            with self._ready:
                # Wait while every pass is taken, or while another caller's call serves this one.
                while not done.done() and (
                    self._running >= self._at_once or all(e is not entry for e in self._pending)
                ):
                    self._ready.wait()
                if done.done():  # served by another caller's call
                    return done.result()
                self._running += 1
                self.most_at_once = max(self.most_at_once, self._running)
                taken = self._take()
            try:
                self._run(taken)
            finally:
                with self._ready:
                    self._running -= 1
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
    """The service's `Embedder`: on the ONNX runtime, every `embed` (so `embed_query`, `embed_cached`) goes through
    one `MicroBatcher` and `OrtEncoder.encode_many`; the cache and the model identity are `Embedder`'s."""

    def __init__(self, *args: Any, max_texts: int = 64, at_once: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._batcher = MicroBatcher(self._encode_many, max_texts, at_once)

    @property
    def passes(self) -> int:
        """Batched encode calls made so far."""
        return self._batcher.calls

    def _encode_many(self, texts: Sequence[str]) -> Vectors:
        model = self._loaded()
        assert isinstance(model, OrtEncoder)
        return model.encode_many(texts)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        if not isinstance(self._loaded(), OrtEncoder):
            return super().embed(texts)
        rows: list[list[float]] = self._batcher(texts).tolist()
        return rows


__all__ = ["MicroBatcher", "QueryEmbedder"]
