"""Issue item 1: the snapshot changes under a running service (cut short in place, a partial copy, a full disk,
an older or newer format, offsets shifted, unreadable). The service never swaps in what it cannot prove: it keeps
answering from the last good snapshot, and with none it is not ready and says so in a clear 503."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.embedding import Embedder
from ingest.snapshot import read_snapshot, snapshot_path, write_snapshot
from ingest.verify import seal
from service.app import create_app
from service.runtime import Runtime
from service.settings import Settings
from tests.faults.conftest import PASSAGE, QUESTION, assert_error, assert_no_path_or_exception

pytestmark = pytest.mark.slow


def truncated_in_place(settings: Settings) -> None:
    path = snapshot_path(settings.data_dir)
    data = path.read_bytes()
    with path.open("r+b") as handle:
        handle.truncate(len(data) // 2)


def partial_copy(settings: Settings) -> None:
    """A copy next to the process that stopped three quarters of the way (README: ship the snapshot)."""
    path = snapshot_path(settings.data_dir)
    partial = path.with_name("copied.part")
    partial.write_bytes(path.read_bytes()[: len(path.read_bytes()) * 3 // 4])
    os.replace(partial, path)


def full_disk(settings: Settings) -> None:
    snapshot_path(settings.data_dir).write_bytes(b"")


def _with_version(settings: Settings, version: int) -> None:
    path = snapshot_path(settings.data_dir)
    data = json.loads(path.read_bytes())
    del data["checksum"]
    data["version"] = version
    path.write_text(seal(json.dumps(data, separators=(",", ":"))), encoding="utf-8")


def older_version(settings: Settings) -> None:
    _with_version(settings, 1)


def newer_version(settings: Settings) -> None:
    _with_version(settings, 99)


def offsets_shifted(settings: Settings) -> None:
    """A well-formed, correctly sealed snapshot whose offsets are 5 characters off (as a buggy writer would)."""
    snapshot = read_snapshot(settings.data_dir)
    assert snapshot is not None
    snapshot.chunks = [replace(c, start=c.start + 5, end=c.end + 5) for c in snapshot.chunks]
    write_snapshot(settings.data_dir, snapshot)


def unreadable(settings: Settings) -> None:
    # the tests may run as root, who reads any file: a folder in the file's place cannot be read by anyone
    path = snapshot_path(settings.data_dir)
    path.unlink()
    path.mkdir()


WAYS: dict[str, Callable[[Settings], None]] = {
    "truncated-in-place": truncated_in_place,
    "partial-copy": partial_copy,
    "full-disk": full_disk,
    "older-version": older_version,
    "newer-version": newer_version,
    "offsets-shifted-by-5": offsets_shifted,
    "unreadable": unreadable,
}


def assert_answered_from_the_report(response: Any, corpus_dir: Path) -> None:
    assert response.status_code == 200, response.text
    body = response.json()
    citations = body["citations"]
    assert any(PASSAGE in c["quote"] for c in citations), body["answer"]
    for citation in citations:  # never a wrong quote: each is the report's text at its offsets
        text = (corpus_dir / f"{citation['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[citation["start"] : citation["end"]] == citation["quote"]


@pytest.mark.parametrize("way", WAYS.values(), ids=WAYS.keys())
def test_a_snapshot_broken_under_a_running_service_is_refused_and_the_last_good_one_keeps_answering(
    private_index: Settings, embedder: Embedder, way: Callable[[Settings], None]
) -> None:
    with TestClient(create_app(private_index, embedder=embedder)) as client:
        assert_answered_from_the_report(
            client.post("/v1/ask", json={"question": QUESTION}), private_index.corpus_dir
        )

        way(private_index)

        assert_answered_from_the_report(
            client.post("/v1/ask", json={"question": QUESTION}), private_index.corpus_dir
        )
        assert client.post("/v1/search", json={"query": "treaty rate"}).status_code == 200
        assert client.get("/v1/documents").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 200
        index = ready.json()["checks"]["index"]
        assert index.startswith("ok")
        assert "newer snapshot was refused" in index
        assert_no_path_or_exception(ready.text, private_index.data_dir)


@pytest.mark.parametrize("way", WAYS.values(), ids=WAYS.keys())
def test_a_service_started_on_a_broken_snapshot_is_not_ready_and_answers_a_clear_503(
    private_index: Settings, embedder: Embedder, way: Callable[[Settings], None]
) -> None:
    way(private_index)
    with TestClient(create_app(private_index, embedder=embedder)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert "run `reportqa ingest`" in ready.json()["checks"]["index"]
        assert_no_path_or_exception(ready.text, private_index.data_dir, private_index.corpus_dir)
        requests = [
            client.post("/v1/ask", json={"question": QUESTION}),
            client.post("/v1/search", json={"query": "treaty rate"}),
            client.get("/v1/documents"),
            client.post(
                "/v1/chat/completions",
                json={"model": "reportqa", "messages": [{"role": "user", "content": QUESTION}]},
            ),
        ]
        for response in requests:
            message = assert_error(response, 503, "index_invalid")
            assert message.startswith("the index snapshot cannot be used: ")
            assert response.headers["retry-after"]
            assert_no_path_or_exception(response.text, private_index.data_dir, private_index.corpus_dir)


def test_a_service_without_a_good_snapshot_recovers_once_ingest_repairs_it_without_a_restart(
    private_index: Settings, embedder: Embedder, ingest: Callable[[Settings], Any]
) -> None:
    truncated_in_place(private_index)
    with TestClient(create_app(private_index, embedder=embedder)) as client:
        assert client.get("/readyz").status_code == 503

        report = ingest(private_index)

        assert len(report.repairs) == 1
        assert client.get("/readyz").status_code == 200
        assert_answered_from_the_report(
            client.post("/v1/ask", json={"question": QUESTION}), private_index.corpus_dir
        )


def test_a_report_changed_since_ingest_is_not_quoted_at_stale_offsets(
    private_index: Settings, embedder: Embedder
) -> None:
    report = next(private_index.corpus_dir.glob("*.txt"))
    report.write_text("Preface added later.\n" + report.read_text(encoding="utf-8"), encoding="utf-8")
    with TestClient(create_app(private_index, embedder=embedder)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert "has changed since it was ingested" in ready.json()["checks"]["index"]
        assert_error(client.post("/v1/ask", json={"question": QUESTION}), 503, "index_invalid")


def test_the_sealed_snapshot_round_trips_and_any_changed_byte_is_refused(
    tmp_path: Path, private_index: Settings
) -> None:
    shutil.copy(snapshot_path(private_index.data_dir), tmp_path / "index.json")
    assert read_snapshot(tmp_path) is not None
    raw = bytearray((tmp_path / "index.json").read_bytes())
    at = raw.index(b'"start":') + len(b'"start":')
    raw[at] = ord("9") if raw[at] != ord("9") else ord("8")
    (tmp_path / "index.json").write_bytes(bytes(raw))
    with pytest.raises(Exception, match="checksum does not match"):
        read_snapshot(tmp_path)


def test_the_engine_is_handed_out_without_a_reload_only_while_the_snapshot_on_disk_is_the_one_it_serves(
    private_index: Settings, embedder: Embedder
) -> None:
    runtime = Runtime(private_index, embedder)
    runtime.load()
    first = runtime.get_engine()
    assert runtime.serving_engine() is first  # unchanged on disk: no worker thread, no read

    path = snapshot_path(private_index.data_dir)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert runtime.serving_engine() is None  # a newer file: the caller goes to get_engine, which reads it
    second = runtime.get_engine()
    assert second is not first
    assert runtime.serving_engine() is second

    truncated_in_place(private_index)
    assert runtime.serving_engine() is None
    assert runtime.get_engine() is second  # refused: the last good engine keeps answering
    assert runtime.serving_engine() is second  # and the refused file is not read again for every request
