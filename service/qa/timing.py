"""Where one question's time goes: named stages timed while the engine answers, reported in `timing_ms`.

The engine opens a `StageClock` per question (`measuring`); any layer below marks its work with `stage(name)`
without the clock being passed down (a context variable: each request thread has its own). A stage's time is
its own: a stage inside another (the calculator inside routing) is taken out of the outer one, so the stages add
up to at most the total. Outside `measuring`, `stage` costs one lookup and records nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# The stages of `timing_ms`, in the order a question meets them.
STAGES = (
    "route",  # the calculator's router: is it a numeric question, which facts does it give
    "calculate",  # the tax calculator itself
    "read",  # reading the question: typos, abbreviations, follow-ups resolved
    "embed",  # the question's vector (a cache hit when it was asked before)
    "search_lexical",  # BM25
    "search_dense",  # the vector store's nearest chunks
    "compose",  # choosing and quoting the best sentences
    "judge",  # whether the quotes answer the question (abstention and scope checks)
)


class StageClock:
    """Exclusive milliseconds per stage for one question."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.stages: dict[str, float] = {}
        self._inner: list[float] = []  # per open stage: seconds spent in stages nested inside it

    def add(self, name: str, seconds: float) -> None:
        self.stages[name] = self.stages.get(name, 0.0) + seconds * 1000

    def report(self) -> dict[str, float]:
        """The stages that ran, rounded, then `total` (wall time since the clock started)."""
        out = {name: round(self.stages[name], 3) for name in STAGES if name in self.stages}
        out.update((name, round(ms, 3)) for name, ms in self.stages.items() if name not in out)
        out["total"] = round((time.perf_counter() - self.started) * 1000, 3)
        return out


_clock: ContextVar[StageClock | None] = ContextVar("reportqa_stage_clock", default=None)


@contextmanager
def measuring() -> Iterator[StageClock]:
    """A fresh clock for the question answered inside the block."""
    clock = StageClock()
    token = _clock.set(clock)
    try:
        yield clock
    finally:
        _clock.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage ``name`` of the current question (nothing when no question is measured)."""
    clock = _clock.get()
    if clock is None:
        yield
        return
    clock._inner.append(0.0)
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        nested = clock._inner.pop()
        clock.add(name, elapsed - nested)
        if clock._inner:
            clock._inner[-1] += elapsed
