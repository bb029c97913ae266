"""Where a request's synchronous work runs: on the event loop when the request is alone, else on a worker thread.

Answering a question is synchronous work (the engine). Sent to a worker thread, it costs a hop there and back: two
thread wake-ups, each of which waits for a free core on a busy machine, plus the interpreter lock changing hands
twice. When the request is the only one the process is serving, nothing else needs the event loop while the engine
works, so the work runs on the loop itself and the hops are saved. When other requests are in flight, it goes to a
worker thread as always, so their Python runs while this one's forward pass has let go of the interpreter lock.

`InFlightMiddleware` counts the HTTP requests between arrival and response. Requests that arrived together are all
counted before any of them decides (`Dispatcher.run` lets the loop take one turn first), so a burst is never served
one by one on the loop. A request that arrives while work runs on the loop waits for it: at most one question.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

T = TypeVar("T")


class InFlight:
    """How many HTTP requests the app is serving now."""

    def __init__(self) -> None:
        self.count = 0


class InFlightMiddleware:
    """Counts every HTTP request from its arrival until the app has answered it."""

    def __init__(self, app: ASGIApp, in_flight: InFlight) -> None:
        self.app = app
        self.in_flight = in_flight

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.in_flight.count += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight.count -= 1


class Dispatcher:
    """Runs synchronous work for a request: inline when `inline_when_alone` and no other request is in flight."""

    def __init__(self, in_flight: InFlight, inline_when_alone: bool = True) -> None:
        self.in_flight = in_flight
        self.inline_when_alone = inline_when_alone

    def _alone(self) -> bool:
        return self.inline_when_alone and self.in_flight.count <= 1

    async def run(self, work: Callable[..., T], *args: object) -> T:
        if self._alone():
            await asyncio.sleep(0)  # requests read in the same turn of the loop start, and are counted
            if self._alone():
                return work(*args)
        return await run_in_threadpool(work, *args)
