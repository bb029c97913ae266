"""A running service (embedded Chroma) picks up a report that `reportqa ingest` added from another process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ingest.embedding import Embedder
from ingest.onnx_encoder import graph_cache_path
from service.runtime import Runtime
from service.settings import PROJECT_ROOT, Settings
from tests.conftest import copy_corpus, make_settings

pytestmark = pytest.mark.slow

ACME_TEXT = """A. Overview.

Acme Widgets KK manufactures ceramic widgets in Nagoya and sells them to carmakers in Europe.

B. Employees.

At March 31, 2005, Acme employed 1,250 people, of whom 310 worked in the Nagoya kiln plant.
"""


def test_running_service_finds_a_report_ingested_by_another_process_by_meaning(
    tmp_path: Path, ingested_settings: Settings, embedder: Embedder
) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    shutil.copytree(ingested_settings.data_dir, data)
    settings = make_settings(corpus, data)
    runtime = Runtime(settings, embedder=embedder)
    runtime.load()
    assert runtime.error is None
    before = runtime.get_engine()
    assert before.index is not None
    assert before.index.search("withholding tax on dividends", 3, 20, 60)  # a service that has answered

    # `reportqa ingest` in its own process adds a second report while the service keeps running.
    (corpus / "acme-2005.txt").write_text(ACME_TEXT, encoding="utf-8")
    manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["documents"].append({"doc_id": "acme", "file": "acme-2005.txt", "company": "Acme Widgets KK"})
    (corpus / "manifest.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    env = {**os.environ, "REPORTQA_CORPUS_DIR": str(corpus), "REPORTQA_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "--quiet"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert graph_cache_path(data, embedder.identity.digest).is_file()  # the service's graph, kept by ingest

    engine = runtime.get_engine()
    assert engine is not before, "the new snapshot was not picked up"
    assert engine.index is not None
    hits = engine.index.search("How large is the workforce of the ceramics maker?", 3, 20, 60)
    acme = [hit for hit in hits if hit.chunk.doc_id == "acme"]
    assert acme, [hit.chunk.doc_id for hit in hits]
    # Found by meaning, not only by keywords: the dense half must see the vectors the other process wrote.
    assert acme[0].dense > 0, "Chroma in the service process did not return the newly ingested vectors"
