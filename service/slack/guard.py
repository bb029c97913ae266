"""The door of /slack/events, before Bolt: Slack's signature and timestamp, then the shape of the body.

- A missing, non-numeric or out-of-window timestamp, and any missing or wrong signature, are refused with 401
  before the body is parsed at all. Such failures are counted per client address and logged at most once a
  minute per address, so they cannot flood the log.
- A signed body that is not a Slack request Bolt can route (invalid JSON, a list, a non-object `event`, a
  form without a `payload` object) is refused with 400.
Pure apart from the clock, which is injected; the HTTP glue is service/slack/http.py.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

log = logging.getLogger("reportqa.slack")

WINDOW_S = 5 * 60  # Slack's own rule: a request older (or newer) than five minutes is a replay
LOG_EVERY_S = 60.0
MAX_ADDRESSES = 10_000
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def refusal(
    headers: Mapping[str, str], body: bytes, secret: bytes, now: float, window: float = WINDOW_S
) -> str | None:
    """Why a request is not Slack's (None when its signature and timestamp hold). Reads no more than bytes."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not timestamp:
        return "the X-Slack-Request-Timestamp header is missing"
    if not _TIMESTAMP.fullmatch(timestamp):
        return "the X-Slack-Request-Timestamp header is not a whole number of seconds"
    if abs(now - int(timestamp)) > window:
        return "the request is older (or newer) than five minutes"
    if not _SIGNATURE.fullmatch(signature):
        return "the X-Slack-Signature header is missing or malformed"
    expected = "v0=" + hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return "the signature does not match"
    return None


def _json_object(text: str | bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
        return None
    return value if isinstance(value, dict) else None


def malformed(content_type: str, body: bytes) -> str | None:
    """Why a signed body is not a Slack request (None when Bolt can route it)."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        try:
            form = parse_qs(body.decode("utf-8"), strict_parsing=False)
        except (UnicodeDecodeError, ValueError):
            return "the form body is not UTF-8"
        if "command" in form:  # a slash command: fields, no payload
            return None
        payload = _json_object(form.get("payload", [""])[0])
        if payload is None or not isinstance(payload.get("type"), str):
            return "the form has no `payload` JSON object with a `type`"
        return None
    data = _json_object(body)
    if data is None:
        return "the body is not a JSON object"
    kind = data.get("type")
    if not isinstance(kind, str):
        return "the body has no `type` string"
    if kind == "event_callback":
        event = data.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "`event` is not an object with a `type`"
    if kind == "url_verification" and not isinstance(data.get("challenge"), str):
        return "`challenge` is not a string"
    return None


class FailureLog:
    """Counts unauthenticated requests per address; logs each address at most once per `every` seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, every: float = LOG_EVERY_S) -> None:
        self.clock = clock
        self.every = every
        self.total = 0
        self._pending: OrderedDict[str, tuple[float | None, int]] = (
            OrderedDict()
        )  # address -> (logged at, unlogged)
        self._lock = threading.Lock()

    def record(self, address: str, reason: str) -> bool:
        """Count one failure; True when it was logged now."""
        with self._lock:
            self.total += 1
            now = self.clock()
            logged_at, unlogged = self._pending.pop(address, (None, 0))
            unlogged += 1
            due = logged_at is None or now - logged_at >= self.every
            self._pending[address] = (now, 0) if due else (logged_at, unlogged)
            while len(self._pending) > MAX_ADDRESSES:
                self._pending.popitem(last=False)
        if due:
            log.warning(
                "refused %d unauthenticated request(s) to /slack/events from %s (%s)",
                unlogged,
                address,
                reason,
                extra={"client": address, "refused": unlogged},
            )
        return due
