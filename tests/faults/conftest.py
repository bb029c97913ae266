"""Fault injection: what a careless operator or a hostile client does to a running service, and what it must do.

Each module covers one numbered item of the hardening issue: snapshots that change under a running service,
ingest repairing what it wrote, the manifest's schema, the Slack endpoint, limits that hold, and error shapes.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from service.serving import uvicorn_config
from service.settings import Settings
from tests.conftest import make_settings

# The Slack stand-in and signed-request helpers are shared with tests/slack.
from tests.slack.conftest import fake_slack, slack_app, slack_data_dir  # noqa: F401

QUESTION = "What is the maximum withholding rate under the Treaty for most shareholders?"
PASSAGE = "limited to 10% of the gross amount actually distributed"


@pytest.fixture
def private_index(ingested_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the ingested corpus and index, free to be broken."""
    corpus = shutil.copytree(ingested_settings.corpus_dir, tmp_path / "corpus")
    data = shutil.copytree(ingested_settings.data_dir, tmp_path / "data")
    return make_settings(corpus, data, rate_limit_per_minute=100_000)


@contextmanager
def serve(app: FastAPI, settings: Settings, ready_path: str = "/healthz", **options: Any) -> Iterator[str]:
    """Serve ``app`` with the service's own uvicorn configuration on a free loopback port; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn_config(app, settings, host="127.0.0.1", port=port, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                if httpx.get(base_url + ready_path, timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError(f"the server at {base_url} did not become ready")
            time.sleep(0.05)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def assert_error(response: httpx.Response, status: int, code: str) -> str:
    """The one error shape; returns the message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers
    error = response.json()["error"]
    assert error["code"] == code, error
    assert error["message"]
    return str(error["message"])


def assert_no_path_or_exception(text: str, *paths: Path) -> None:
    for path in paths:
        assert str(path) not in text
    for word in ("Traceback", "Error:", "JSONDecodeError", "KeyError", "/tmp/", "/work/"):
        assert word not in text, text
