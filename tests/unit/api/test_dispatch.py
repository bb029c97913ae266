"""Where a request's synchronous work runs: on the loop when the request is alone, on a worker thread otherwise."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from service.api.dispatch import Dispatcher, InFlight, InFlightMiddleware


class App:
    """An ASGI app whose request records the thread its work ran on."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self.threads: list[int] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("path") == "/fail":
            raise RuntimeError("the app failed")
        self.threads.append(await self.dispatcher.run(threading.get_ident))


def serve(inline_when_alone: bool = True) -> tuple[InFlight, App, InFlightMiddleware]:
    in_flight = InFlight()
    app = App(Dispatcher(in_flight, inline_when_alone))
    return in_flight, app, InFlightMiddleware(app, in_flight)


async def request(asgi: InFlightMiddleware, path: str = "/v1/ask") -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: dict[str, Any]) -> None:
        return None

    await asgi({"type": "http", "path": path}, receive, send)


def test_a_request_alone_runs_its_work_on_the_event_loop() -> None:
    _, app, asgi = serve()

    async def main() -> int:
        await request(asgi)
        return threading.get_ident()

    loop_thread = asyncio.run(main())
    assert app.threads == [loop_thread]


def test_requests_that_arrive_together_all_run_their_work_on_worker_threads() -> None:
    in_flight, app, asgi = serve()

    async def main() -> int:
        await asyncio.gather(*(request(asgi) for _ in range(3)))
        return threading.get_ident()

    loop_thread = asyncio.run(main())
    assert len(app.threads) == 3
    assert loop_thread not in app.threads
    assert in_flight.count == 0


def test_a_request_beside_one_still_in_flight_runs_its_work_on_a_worker_thread() -> None:
    in_flight, app, asgi = serve()

    async def main() -> int:
        in_flight.count += 1  # a slow request (a stream, a long answer) is being served
        await request(asgi)
        return threading.get_ident()

    assert asyncio.run(main()) not in app.threads


def test_with_inline_work_turned_off_even_a_lone_request_uses_a_worker_thread() -> None:
    _, app, asgi = serve(inline_when_alone=False)

    async def main() -> int:
        await request(asgi)
        return threading.get_ident()

    assert asyncio.run(main()) not in app.threads


def test_a_request_that_fails_is_no_longer_counted() -> None:
    in_flight, _, asgi = serve()
    with pytest.raises(RuntimeError):
        asyncio.run(request(asgi, "/fail"))
    assert in_flight.count == 0


def test_the_work_s_error_reaches_the_request_wherever_it_ran() -> None:
    for others in (0, 1):
        in_flight = InFlight()
        in_flight.count = 1 + others
        dispatcher = Dispatcher(in_flight)

        def fail() -> None:
            raise ValueError("no answer")

        with pytest.raises(ValueError, match="no answer"):
            asyncio.run(dispatcher.run(fail))
