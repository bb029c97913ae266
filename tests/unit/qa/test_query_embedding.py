"""The service's question embedder: texts encoded together get the vectors they get alone, and concurrent callers
share forward passes."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np
import pytest

from ingest.embedding import Embedder
from ingest.onnx_encoder import OrtEncoder
from service.embedding import MicroBatcher, QueryEmbedder

TEXTS = [
    "Who operates the US portion of the backbone?",
    "witholding",
    "",
    "What is the PFIC interest rate for a U.S. holder who sells ADSs at a gain?",
    "CEO",
    "¥1,000,000 dividend paid 30 Sept 2004 to a US corp owning 30%",
]


@pytest.fixture(scope="module")
def encoder() -> OrtEncoder:
    return OrtEncoder(Embedder().model_path)


@pytest.mark.slow
@pytest.mark.parametrize("budget", [2048, 40])  # one pass; one text or a few per pass
def test_texts_encoded_together_get_the_vectors_they_get_alone(
    encoder: OrtEncoder, corpus_text: str, budget: int
) -> None:
    texts = [*TEXTS, corpus_text[:4000]]  # past the model's 256 word pieces: cut alike
    together = encoder.encode_many(texts, budget)
    alone = np.stack([encoder.encode(text) for text in texts])
    assert together.shape == alone.shape
    assert np.abs(together - alone).max() < 1e-6


@pytest.mark.slow
def test_texts_encoded_together_get_the_torch_models_vectors_within_1e_5_cosine(
    encoder: OrtEncoder, embedder: Embedder
) -> None:
    together = encoder.encode_many(TEXTS)
    torch = np.asarray(embedder.embed(TEXTS))
    assert (1 - (together * torch).sum(axis=1)).max() < 1e-5


def test_no_texts_are_no_vectors(encoder: OrtEncoder) -> None:
    assert encoder.encode_many([]).shape == (0, encoder.width)


class _GatedEncode:
    """A fake model: each text's vector is its length; the first call waits until the test opens the gate."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        if len(self.calls) == 1:
            assert self.gate.wait(10)
        if any(t == "boom" for t in texts):
            raise ValueError("the model failed")
        return np.asarray([[float(len(t))] for t in texts], dtype=np.float32)


def _wait_until(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_a_caller_alone_is_served_at_once_in_its_own_thread() -> None:
    model = _GatedEncode()
    model.gate.set()
    threads: list[threading.Thread] = []
    batcher = MicroBatcher(lambda texts: threads.append(threading.current_thread()) or model(texts))
    assert batcher(["ab", "abc"]).tolist() == [[2.0], [3.0]]
    assert model.calls == [["ab", "abc"]]
    assert threads == [threading.current_thread()]  # no hop to another thread and back


def test_callers_arriving_during_a_call_share_the_next_and_each_gets_its_own_rows() -> None:
    model = _GatedEncode()
    batcher = MicroBatcher(model, max_texts=64)
    results: dict[str, list[list[float]]] = {}

    def ask(*texts: str) -> None:
        results[texts[0]] = batcher(texts).tolist()

    first = threading.Thread(target=ask, args=("a",))
    first.start()
    _wait_until(lambda: len(model.calls) == 1)  # the first call runs (held at the gate)
    others = [threading.Thread(target=ask, args=(t * n, "x")) for n, t in enumerate("bcdef", start=2)]
    for thread in others:
        thread.start()
    _wait_until(lambda: batcher.waiting == 10)
    model.gate.set()
    for thread in [first, *others]:
        thread.join(10)
    assert len(model.calls) == 2  # five callers, one call
    assert sorted(model.calls[1]) == sorted(["bb", "ccc", "dddd", "eeeee", "ffffff", *["x"] * 5])
    assert results == {"a": [[1.0]], **{t * n: [[n], [1.0]] for n, t in enumerate("bcdef", start=2)}}


def test_a_call_takes_at_most_max_texts_and_leaves_the_rest_for_the_next() -> None:
    model = _GatedEncode()
    batcher = MicroBatcher(model, max_texts=2)
    threads = [threading.Thread(target=batcher, args=([t],)) for t in ("a", "b", "c", "d")]
    threads[0].start()
    _wait_until(lambda: len(model.calls) == 1)
    for thread in threads[1:]:
        thread.start()
    _wait_until(lambda: batcher.waiting == 3)
    model.gate.set()
    for thread in threads:
        thread.join(10)
    assert [len(call) for call in model.calls] == [1, 2, 1]


def test_a_failed_call_fails_its_callers_and_the_next_call_is_served() -> None:
    model = _GatedEncode()
    model.gate.set()
    batcher = MicroBatcher(model)
    with pytest.raises(ValueError, match="the model failed"):
        batcher(["boom"])
    assert batcher(["ok"]).tolist() == [[2.0]]


@pytest.mark.slow
def test_the_service_embedder_gives_the_onnx_encoders_vectors_in_one_pass_per_call() -> None:
    service = QueryEmbedder(runtime="onnx", threads=1)
    plain = Embedder(runtime="onnx", threads=1)
    ours = np.asarray(service.embed_cached(TEXTS))
    assert service.passes == 1
    assert np.abs(ours - np.asarray(plain.embed(TEXTS))).max() < 1e-6
    service.embed_cached(TEXTS[:2])
    assert service.passes == 1  # cached by text, as `Embedder`'s


class _HeldEncode:
    """A fake model whose calls each wait until the test releases them; each text's vector is its length."""

    def __init__(self) -> None:
        self.release = threading.Semaphore(0)
        self.calls: list[list[str]] = []
        self.running = 0
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            self.calls.append(list(texts))
            self.running += 1
        assert self.release.acquire(timeout=10)
        with self._lock:
            self.running -= 1
        return np.asarray([[float(len(t))] for t in texts], dtype=np.float32)


def test_with_two_calls_at_once_a_second_caller_is_served_while_a_call_runs_and_a_third_waits() -> None:
    model = _HeldEncode()
    batcher = MicroBatcher(model, at_once=2)
    results: dict[str, list[list[float]]] = {}

    def ask(text: str) -> None:
        results[text] = batcher([text]).tolist()

    threads = [threading.Thread(target=ask, args=(t,)) for t in ("a", "bb", "ccc", "dddd")]
    threads[0].start()
    _wait_until(lambda: model.running == 1)
    threads[1].start()
    _wait_until(lambda: model.running == 2)  # its own call, beside the first
    threads[2].start()
    threads[3].start()
    _wait_until(lambda: batcher.waiting == 2)  # both passes taken: these queue
    assert model.running == 2
    for _ in range(3):
        model.release.release()
    for thread in threads:
        thread.join(10)
    assert model.calls[:2] == [["a"], ["bb"]]
    assert sorted(map(sorted, model.calls[2:])) == [["ccc", "dddd"]]  # the queued two share one call
    assert batcher.most_at_once == 2
    assert results == {"a": [[1.0]], "bb": [[2.0]], "ccc": [[3.0]], "dddd": [[4.0]]}


def test_with_one_call_at_once_calls_never_overlap() -> None:
    model = _HeldEncode()
    batcher = MicroBatcher(model, at_once=1)
    threads = [threading.Thread(target=batcher, args=([t],)) for t in ("a", "b", "c")]
    threads[0].start()
    _wait_until(lambda: model.running == 1)
    threads[1].start()
    threads[2].start()
    _wait_until(lambda: batcher.waiting == 2)
    for _ in range(2):
        model.release.release()
    for thread in threads:
        thread.join(10)
    assert len(model.calls) == 2
    assert batcher.most_at_once == 1
