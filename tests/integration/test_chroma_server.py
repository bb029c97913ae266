"""Ingest and search through a real `chroma run` server (the HttpClient path), not the embedded store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ingest.pipeline import IngestReport
from ingest.snapshot import read_snapshot
from ingest.store import VectorStore
from service.qa.retrieval import SearchIndex
from service.settings import Settings
from tests.conftest import REPORT_DOC_ID, copy_corpus, make_settings

pytestmark = pytest.mark.slow

HEARTBEAT_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_heartbeat(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"chroma run exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"chroma run did not answer its heartbeat at {url} within {timeout} s")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `chroma run` server on a free local port, persisting to a temp folder; stopped afterwards."""
    chroma = Path(sys.executable).with_name("chroma")
    assert chroma.exists(), f"the chroma CLI is not installed next to {sys.executable}"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    url = f"http://127.0.0.1:{port}"
    with (path / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [str(chroma), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            wait_for_heartbeat(url, process, HEARTBEAT_TIMEOUT)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture(scope="module")
def server_settings(
    chroma_url: str, tmp_path_factory: pytest.TempPathFactory, ingest: Callable[[Settings], IngestReport]
) -> tuple[Settings, IngestReport]:
    root = tmp_path_factory.mktemp("server-ingest")
    settings = make_settings(copy_corpus(root / "corpus"), root / "data", chroma_url=chroma_url)
    return settings, ingest(settings)


def test_ingest_through_a_chroma_server_stores_every_chunk_there_and_nothing_locally(
    server_settings: tuple[Settings, IngestReport],
) -> None:
    settings, report = server_settings
    assert report.problems == []
    assert report.embedded == report.chunks > 0
    store = VectorStore(settings.collection, settings.data_dir, settings.chroma_url)
    assert store.heartbeat()
    assert store.count() == report.chunks
    snapshot = read_snapshot(settings.data_dir)
    assert snapshot is not None
    assert store.ids() == {c.id for c in snapshot.chunks}
    assert not (settings.data_dir / "chroma").exists()


def test_reingest_through_a_chroma_server_embeds_nothing(
    server_settings: tuple[Settings, IngestReport], ingest: Callable[[Settings], IngestReport]
) -> None:
    settings, first = server_settings
    again = ingest(settings)
    assert (again.embedded, again.skipped, again.removed) == (0, first.chunks, 0)


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        (
            "What is the maximum withholding rate under the Treaty for most shareholders?",
            "limited to 10% of the gross amount actually distributed",
        ),
        ("Which form must I file if you are a PFIC?", "Form 8621"),
    ],
)
def test_search_through_a_chroma_server_finds_the_passage(
    server_settings: tuple[Settings, IngestReport],
    open_search_index: Callable[[Settings], SearchIndex],
    question: str,
    passage: str,
) -> None:
    hits = open_search_index(server_settings[0]).search(question, 3, 20, 60)
    assert any(passage in hit.chunk.text for hit in hits)
    assert all(hit.chunk.doc_id == REPORT_DOC_ID for hit in hits)
    assert any(hit.dense > 0 for hit in hits)  # the dense half answered through the server
