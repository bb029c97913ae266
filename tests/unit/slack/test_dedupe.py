"""The bounded TTL set behind 'one reply per event'."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from service.slack.dedupe import RecentIds


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_id_is_new_once_within_the_ttl() -> None:
    clock = Clock()
    recent = RecentIds(ttl=60, clock=clock)

    assert recent.first_time("Ev1") is True
    clock.now = 59
    assert recent.first_time("Ev1") is False


def test_an_id_is_forgotten_after_the_ttl() -> None:
    clock = Clock()
    recent = RecentIds(ttl=60, clock=clock)
    recent.first_time("Ev1")

    clock.now = 61

    assert recent.first_time("Ev1") is True


def test_the_oldest_ids_make_room_when_full() -> None:
    recent = RecentIds(ttl=3600, max_size=3, clock=Clock())
    for key in ("a", "b", "c", "d"):
        recent.first_time(key)

    assert len(recent) == 3
    assert recent.first_time("a") is True  # evicted to make room for d
    assert recent.first_time("d") is False


@given(st.lists(st.text(max_size=5), max_size=200), st.integers(min_value=1, max_value=50))
def test_size_never_exceeds_the_bound(keys: list[str], max_size: int) -> None:
    recent = RecentIds(ttl=3600, max_size=max_size, clock=Clock())
    for key in keys:
        recent.first_time(key)
        assert len(recent) <= max_size


def test_concurrent_deliveries_of_one_id_let_exactly_one_through() -> None:
    recent = RecentIds()
    results: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def deliver() -> None:
        barrier.wait()
        first = recent.first_time("Ev-same")
        with lock:
            results.append(first)

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert results.count(True) == 1
