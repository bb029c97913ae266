"""Shared fixtures: the real corpus, one warmed embedding model per session, temp corpora and ingested indexes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ingest.embedding import Embedder, TokenCounter
from ingest.pipeline import IngestReport, run_ingest
from ingest.snapshot import Snapshot, read_snapshot
from ingest.store import VectorStore
from service.qa.retrieval import SearchIndex
from service.settings import PROJECT_ROOT, Settings

CORPUS_DIR = PROJECT_ROOT / "corpus"
REPORT_DOC_ID = "iij-20f-fy2004-item10"
REPORT_FILE = f"{REPORT_DOC_ID}.txt"
REPORT_LEADING_SECTION = "C. Material Contracts"


@pytest.fixture(scope="session")
def corpus_text() -> str:
    """The real report, exactly as ingest reads it (offsets index this string)."""
    return (CORPUS_DIR / REPORT_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def token_counter() -> TokenCounter:
    """The model's own word-piece counter (no torch)."""
    return TokenCounter()


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """One real all-MiniLM-L6-v2, loaded and warmed once for the whole session."""
    model = Embedder()
    model.warm()
    return model


def copy_corpus(destination: Path) -> Path:
    """A copy of the project's corpus folder (reports + manifest) at ``destination``."""
    shutil.copytree(CORPUS_DIR, destination)
    return destination


def make_settings(corpus_dir: Path, data_dir: Path, **overrides: Any) -> Settings:
    return Settings(corpus_dir=corpus_dir, data_dir=data_dir, **overrides)


def store_of(settings: Settings) -> VectorStore:
    """The vector store ``settings`` point at."""
    return VectorStore(settings.collection, settings.data_dir, settings.chroma_url)


def snapshot_of(settings: Settings) -> Snapshot:
    """The live snapshot of ``settings``' data dir (there must be one)."""
    snapshot = read_snapshot(settings.data_dir)
    assert snapshot is not None, f"nothing ingested in {settings.data_dir}"
    return snapshot


@pytest.fixture
def tmp_corpus_dir(tmp_path: Path) -> Path:
    """A private, writable copy of corpus/ (with its manifest) under tmp_path."""
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture
def tmp_settings(tmp_corpus_dir: Path, tmp_path: Path) -> Settings:
    """Settings over the private corpus copy and an empty data dir (embedded Chroma)."""
    return make_settings(tmp_corpus_dir, tmp_path / "data")


@pytest.fixture(scope="session")
def ingest(embedder: Embedder) -> Callable[[Settings], IngestReport]:
    """Run the real ingest for ``settings`` with the shared model."""

    def run(settings: Settings) -> IngestReport:
        store = VectorStore(settings.collection, settings.data_dir, settings.chroma_url)
        return run_ingest(settings.corpus_dir, settings.data_dir, store, embedder, settings.chunk_tokens)

    return run


@pytest.fixture(scope="session")
def open_search_index(embedder: Embedder) -> Callable[[Settings], SearchIndex]:
    """The service-side hybrid index over whatever snapshot and vectors ``settings`` point at."""

    def open_index(settings: Settings) -> SearchIndex:
        snapshot = read_snapshot(settings.data_dir)
        assert snapshot is not None, f"nothing ingested in {settings.data_dir}"
        store = VectorStore(settings.collection, settings.data_dir, settings.chroma_url)
        return SearchIndex(snapshot, store, embedder.embed_query, embedder.count_tokens.knows)

    return open_index


@pytest.fixture(scope="session")
def ingested_settings(
    tmp_path_factory: pytest.TempPathFactory, ingest: Callable[[Settings], IngestReport]
) -> Settings:
    """The real corpus ingested once (embedded Chroma in a temp dir); treat it as read-only."""
    root = tmp_path_factory.mktemp("ingested")
    settings = make_settings(copy_corpus(root / "corpus"), root / "data")
    report = ingest(settings)
    assert not report.problems, report.problems
    return settings
