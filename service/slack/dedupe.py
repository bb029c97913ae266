"""Exactly one reply per question: Slack's retries are acknowledged unprocessed, repeated event ids dropped."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger("reportqa.slack")

RETRY_HEADER = "x-slack-retry-num"


class RecentIds:
    """A bounded set of ids that forgets each one ``ttl`` seconds after it was first seen (thread-safe)."""

    def __init__(
        self, ttl: float = 900.0, max_size: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """True the first time ``key`` is offered within the TTL; False for a repeat."""
        now = self._clock()
        with self._lock:
            while self._seen:
                oldest, seen_at = next(iter(self._seen.items()))
                if now - seen_at < self.ttl and len(self._seen) < self.max_size:
                    break
                del self._seen[oldest]
            if key in self._seen:
                return False
            self._seen[key] = now
            return True

    def __len__(self) -> int:
        return len(self._seen)


def _header(req: BoltRequest, name: str) -> str | None:
    values: Any = req.headers.get(name)
    if not values:
        return None
    return str(values[0]) if isinstance(values, list | tuple) else str(values)


def once_per_event(recent: RecentIds) -> Callable[..., BoltResponse | None]:
    """Bolt global middleware (runs after signature verification): ack retries and repeats with a bare 200."""

    def middleware(
        req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:  # bolt passes `next` by this name
        retry = _header(req, RETRY_HEADER)
        # Socket Mode mirrors the envelope's retry_attempt, which is 0 on the first delivery.
        if retry is not None and retry.strip() not in ("", "0"):
            log.info(
                "Slack retry %s (%s) acknowledged without processing",
                retry,
                _header(req, "x-slack-retry-reason"),
            )
            return BoltResponse(status=200, body="")
        body = req.body if isinstance(req.body, dict) else {}
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not recent.first_time(event_id):
            log.info("event %s already handled; acknowledged without processing", event_id)
            return BoltResponse(status=200, body="")
        return next()

    return middleware
