"""The bounded TTL set behind 'one reply per event'."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from service.slack.dedupe import RecentIds, once_per_event


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


def _passes(middleware: Any, headers: dict[str, str] | None, event_id: str = "Ev1") -> bool:
    request = BoltRequest(
        mode="socket_mode", body={"type": "event_callback", "event_id": event_id}, headers=headers
    )
    called: list[bool] = []

    def next_() -> BoltResponse:
        called.append(True)
        return BoltResponse(status=200)

    middleware(req=request, resp=BoltResponse(status=200), next=next_)
    return bool(called)


@pytest.mark.parametrize(
    ("headers", "processed"),
    [
        (None, True),
        ({"x-slack-retry-num": "0"}, True),  # Socket Mode's first delivery carries retry_attempt 0
        ({"x-slack-retry-num": "1"}, False),
        ({"x-slack-retry-num": "3", "x-slack-retry-reason": "http_timeout"}, False),
    ],
)
def test_retries_are_acknowledged_without_processing(headers: dict[str, str] | None, processed: bool) -> None:
    assert _passes(once_per_event(RecentIds()), headers) is processed


def test_a_repeated_event_id_is_acknowledged_without_processing() -> None:
    middleware = once_per_event(RecentIds())

    assert _passes(middleware, None, "Ev9") is True
    assert _passes(middleware, None, "Ev9") is False
    assert _passes(middleware, None, "Ev10") is True
