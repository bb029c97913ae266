"""A live app over the ingested corpus, driven through FastAPI's TestClient (real model, real Chroma)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.embedding import Embedder
from service.app import create_app
from service.settings import Settings


@pytest.fixture(scope="session")
def client(ingested_settings: Settings, embedder: Embedder) -> Iterator[TestClient]:
    # one test client is one caller: lift the per-minute limit so whole question sets can run through it
    settings = Settings(**{**ingested_settings.model_dump(), "rate_limit_per_minute": 1_000_000})
    with TestClient(create_app(settings, embedder=embedder)) as test_client:
        yield test_client


@pytest.fixture
def empty_client(tmp_path: Path, embedder: Embedder) -> Iterator[TestClient]:
    """The service before anything is ingested."""
    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data")
    with TestClient(create_app(settings, embedder=embedder)) as test_client:
        yield test_client
