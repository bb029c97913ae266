"""Issue item 5: limits that hold. The client address is the socket's unless a trusted proxy says otherwise, short
keys are refused at start-up, and clients that send a request too slowly are dropped — without cutting a slow
server-sent event stream. Served by a real uvicorn with the service's own configuration (service/serving.py)."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from pydantic import ValidationError

from service.app import create_app
from service.cli import main as cli_main
from service.settings import Settings
from tests.faults.conftest import assert_error, serve

KEY = "a-valid-key-of-thirty-two-chars!"


def keyed_settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", api_keys=KEY, **overrides)


def test_a_forged_x_forwarded_for_does_not_escape_the_limit_on_failed_key_attempts(tmp_path: Path) -> None:
    settings = keyed_settings(tmp_path, rate_limit_per_minute=3)
    with serve(create_app(settings), settings, lifespan="off") as url:
        statuses = [
            httpx.get(
                f"{url}/v1/models",
                headers={
                    "Authorization": "Bearer wrong-key-guess-0000000000",
                    "X-Forwarded-For": f"203.0.113.{n}",
                },
            ).status_code
            for n in range(5)
        ]
    assert statuses == [401, 401, 401, 429, 429]


def test_a_trusted_proxy_is_believed_about_the_client_address(tmp_path: Path) -> None:
    settings = keyed_settings(tmp_path, rate_limit_per_minute=3, trusted_proxies="127.0.0.1")
    with serve(create_app(settings), settings, lifespan="off") as url:
        statuses = [
            httpx.get(
                f"{url}/v1/models",
                headers={
                    "Authorization": "Bearer wrong-key-guess-0000000000",
                    "X-Forwarded-For": f"203.0.113.{n}",
                },
            ).status_code
            for n in range(5)
        ]
    assert statuses == [401] * 5  # five clients behind the proxy, one failed attempt each


@pytest.mark.parametrize("keys", ["zq9-k3y", f"{KEY},tiny-k3y-q7", "x" * 23])
def test_keys_shorter_than_24_characters_are_refused_at_start_up_without_echoing_them(keys: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(api_keys=keys)
    message = str(raised.value)
    assert "shorter than 24 characters" in message
    for key in keys.split(","):
        assert key not in message


def test_serve_with_a_short_key_exits_with_a_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REPORTQA_API_KEYS", "hunter2")
    assert cli_main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "Bad setting REPORTQA_API_KEYS" in err
    assert "hunter2" not in err
    assert "Traceback" not in err


def test_a_proxy_that_is_not_an_address_is_refused_at_start_up() -> None:
    with pytest.raises(ValidationError, match="is not an IP address or network"):
        Settings(trusted_proxies="proxy.example.com")


def _closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes]:
    """Whether the server closed ``sock`` within ``seconds``, and what it sent first."""
    sock.settimeout(seconds)
    received = b""
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True, received
            received += data
    except TimeoutError:
        return False, received
    except ConnectionResetError:
        return True, received


def test_partial_headers_and_bodies_get_a_408_in_the_error_shape_and_are_dropped(tmp_path: Path) -> None:
    settings = keyed_settings(tmp_path, read_timeout_seconds=1.0)
    with serve(create_app(settings), settings, lifespan="off") as url:
        port = int(url.rsplit(":", 1)[1])
        silent = socket.create_connection(("127.0.0.1", port))
        headers = socket.create_connection(("127.0.0.1", port))
        headers.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\n")
        body = socket.create_connection(("127.0.0.1", port))
        body.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + KEY.encode()
            + b'\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"model"'
        )
        for sock in (silent, headers, body):
            closed, sent = _closed_within(sock, 5.0)
            assert closed
            assert sent.startswith(b"HTTP/1.1 408"), sent
            assert b'"code": "request_timeout"' in sent
            sock.close()


def test_bytes_that_are_not_http_get_the_error_shape(tmp_path: Path) -> None:
    settings = keyed_settings(tmp_path)
    with serve(create_app(settings), settings, lifespan="off") as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"\x16\x03\x01 not http at all\r\n\r\n")
            closed, sent = _closed_within(sock, 5.0)
    assert closed
    assert sent.startswith(b"HTTP/1.1 400")
    assert b"application/json" in sent
    assert b'"code": "invalid_http"' in sent


def test_a_server_sent_event_stream_outlives_the_read_timeout(tmp_path: Path) -> None:
    settings = keyed_settings(tmp_path, read_timeout_seconds=0.5)
    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/slow-events")
    async def slow_events() -> StreamingResponse:
        async def events() -> Any:
            for n in range(4):
                yield f"data: {n}\n\n"
                await asyncio.sleep(0.5)
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    with serve(app, settings) as url:
        started = time.monotonic()
        with httpx.stream("GET", f"{url}/slow-events", timeout=10) as response:
            text = "".join(response.iter_text())
        assert time.monotonic() - started > 1.5  # well past the 0.5 s read timeout
    assert text.endswith("data: [DONE]\n\n")
    assert text.count("data:") == 5


def test_chat_completions_validates_openai_fields_strictly_and_ignores_unknown_ones(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(create_app(keyed_settings(tmp_path)))  # not started: validation comes first
    auth = {"Authorization": f"Bearer {KEY}"}
    base = {"model": "reportqa", "messages": [{"role": "user", "content": "What is the treaty rate?"}]}
    for field, value in [
        ("stream", "yes"),
        ("top_k", "3"),
        ("n", True),
        ("temperature", "0.2"),
        ("stream", 1),
    ]:
        message = assert_error(
            client.post("/v1/chat/completions", json={**base, field: value}, headers=auth),
            422,
            "invalid_request",
        )
        assert field in message
    unknown = client.post("/v1/chat/completions", json={**base, "logit_bias": {}, "seed": 3}, headers=auth)
    assert unknown.status_code == 503  # past validation: the service is not started in this test
