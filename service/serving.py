"""How uvicorn serves the app: which client address is believed, and how long a client may take to send a request.

- The client address is the socket's peer. Only when `REPORTQA_TRUSTED_PROXIES` lists proxies is their
  `X-Forwarded-For` believed (uvicorn's proxy_headers / forwarded_allow_ips); otherwise anyone on loopback could
  claim any address and sidestep the per-address limit on failed key attempts.
- A client has `read_timeout_seconds` from its connection (or the first byte of its next request) to send the
  request's headers and body; then it gets a 408 in the one error shape and the connection is closed. Idle
  keep-alive connections are uvicorn's own `timeout_keep_alive`. Responses (server-sent events included) are never
  timed: the clock stops once the request is read.
- uvicorn's answer to bytes that are not HTTP is the one error shape too, not text/plain.
- Process-wide settings for serving many requests on threads (`tune_process`): how often the interpreter lock
  changes hands, and how many malloc arenas the C library may keep.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import json
import sys
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.settings import Settings

M_ARENA_MAX = -8  # glibc's mallopt parameter


def limit_malloc_arenas(count: int) -> bool:
    """At most ``count`` malloc arenas from now on (glibc); False where the C library has no such setting."""
    name = ctypes.util.find_library("c")
    if not name or not sys.platform.startswith("linux"):
        return False
    mallopt = getattr(ctypes.CDLL(name), "mallopt", None)
    return mallopt is not None and bool(mallopt(M_ARENA_MAX, count))


def tune_process(settings: Settings) -> None:
    """The interpreter's switch interval and the malloc arena limit, from the settings (see Settings)."""
    sys.setswitchinterval(settings.switch_interval_ms / 1000)
    if settings.malloc_arenas:
        limit_malloc_arenas(settings.malloc_arenas)


def _error_bytes(status: int, reason: str, code: str, message: str) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


TIMED_OUT = _error_bytes(
    408,
    "Request Timeout",
    "request_timeout",
    "the request was not received in time; the connection is closed",
)
NOT_HTTP = _error_bytes(400, "Bad Request", "invalid_http", "the request is not valid HTTP")


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline for reading each request, and JSON for malformed HTTP."""

    read_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._read_timer is None:
            self._read_timer = self.loop.call_later(self.read_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # a connection that never sends a byte is dropped too

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def _timed_out(self) -> None:
        self._read_timer = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:  # headers read: the body is late
            if not cycle.more_body:
                return  # the request was read after all; a response is never timed
            if cycle.response_started:  # the app answered before reading the whole body: just hang up
                self.transport.close()
                return
            cycle.disconnected = True  # the app waiting for the body sees the client gone
            cycle.message_event.set()
        self.transport.write(TIMED_OUT)
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        self.transport.write(NOT_HTTP)
        self.transport.close()


def protocol_for(settings: Settings) -> type[GuardedHttpProtocol]:
    return type(
        "ReportQAHttpProtocol", (GuardedHttpProtocol,), {"read_timeout": settings.read_timeout_seconds}
    )


def uvicorn_config(app: Any, settings: Settings, **options: Any) -> uvicorn.Config:
    """The one uvicorn configuration for `reportqa serve` (and tests that need a real socket)."""
    trusted = list(settings.trusted_proxies)
    defaults: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "http": protocol_for(settings),
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or [],
        "log_config": None,
        "log_level": "info",
        "access_log": False,
    }
    return uvicorn.Config(app, **{**defaults, **options})
