"""An index made by another embedding model (or by an unknown one: written before indexes recorded their model).

The bundled model is the only one available offline, so "another model" is stored data that says so: a snapshot, a
Chroma collection and a vocabulary file recording another model's identity, holding 8-wide vectors as that model
would have written them. Ingest must embed everything again and never mix the two; the service must not serve it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import chromadb
import numpy as np
import pytest
import yaml
from chromadb.config import Settings as ChromaSettings
from fastapi.testclient import TestClient

from ingest.embedding import Embedder, ModelIdentity
from ingest.pipeline import IngestReport, run_ingest
from ingest.snapshot import write_snapshot
from ingest.store import MODEL_KEY
from ingest.vocabulary import VOCABULARY_FILE, report_words, word_vectors
from service.app import create_app
from service.errors import NotIngested
from service.runtime import Runtime
from service.settings import Settings
from tests.conftest import make_settings, snapshot_of, store_of

pytestmark = pytest.mark.slow

Ingest = Callable[[Settings], IngestReport]
OTHER_MODEL = ModelIdentity("other-model", "e" * 64)
OTHER_WIDTH = 8  # the other model's vectors are narrower than all-MiniLM-L6-v2's 384
REPORTS = {
    "alpha": "Alpha Corp pays a dividend of 30 yen per share. Alpha owns a brewery in Sapporo.",
    "beta": "Beta Ltd builds steel bridges in Osaka. Beta employs 40 engineers.",
    "gamma": "Gamma Inc grows rice in Niigata. Gamma sells its rice to sake makers.",
    "delta": "Delta KK runs ferries between Kobe and Shikoku. Delta has six ships.",
    "epsilon": "Epsilon Co designs watches in Nagano. Its watches are sold in Europe.",
    "zeta": "Zeta Holdings owns hotels in Kyoto. Zeta opened its tenth hotel last spring.",
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id, text in REPORTS.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    manifest = [{"doc_id": d, "file": f"{d}.txt", "company": d.title()} for d in REPORTS]
    (corpus / "manifest.yaml").write_text(yaml.safe_dump({"documents": manifest}), encoding="utf-8")
    return make_settings(corpus, tmp_path / "data")


def narrow_rows(count: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(count, OTHER_WIDTH))
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def rewrite_as_made_by(settings: Settings, model: ModelIdentity | None) -> None:
    """Make the ingested index look made by ``model`` (None: an index from before models were recorded): its
    snapshot, Chroma collection and vocabulary file record that model (or none) and hold 8-wide vectors."""
    data = settings.data_dir
    snapshot = snapshot_of(settings)
    snapshot.model = model
    snapshot.sentence_vectors = {
        c.id: narrow_rows(len(c.sentences), n).astype(np.float16) for n, c in enumerate(snapshot.chunks)
    }
    write_snapshot(data, snapshot)

    client = chromadb.PersistentClient(
        path=str(data / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    ids = client.get_collection(settings.collection).get(include=[])["ids"]
    client.delete_collection(settings.collection)
    collection = client.create_collection(
        settings.collection,
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={MODEL_KEY: model.digest} if model else None,
    )
    collection.add(ids=ids, embeddings=narrow_rows(len(ids), 99))
    client.close()

    words = report_words(snapshot.chunks)
    if model is None:  # the file as written before: keyed by the words alone
        key = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()
        np.savez(
            data / VOCABULARY_FILE,
            key=np.array(key),
            words=np.array(words),
            vectors=narrow_rows(len(words), 7),
        )
    else:
        word_vectors(data, words, lambda texts: narrow_rows(len(texts), 7).tolist(), model)


def assert_all_embedded_again(settings: Settings, report: IngestReport, embedder: Embedder) -> None:
    snapshot = snapshot_of(settings)
    store = store_of(settings)
    assert report.embedded == report.chunks == len(snapshot.chunks)
    assert report.sentences_embedded == sum(len(c.sentences) for c in snapshot.chunks)
    assert report.words_embedded == len(report_words(snapshot.chunks))
    assert snapshot.model == embedder.identity
    assert store.model() == embedder.identity.digest
    assert store.ids() == {c.id for c in snapshot.chunks}
    assert all(rows.shape[1] == 384 for rows in snapshot.sentence_vectors.values())
    vector = embedder.embed_query("Which company owns a brewery?")
    best = store.query(vector, 1)
    assert best[0][1] > 0.3  # a cosine of two vectors of one model, not of two models' vectors
    assert best[0][0].startswith("alpha:")


@pytest.mark.parametrize("recorded", [OTHER_MODEL, None], ids=["another-model", "unknown-model"])
def test_an_index_not_made_by_the_configured_model_is_embedded_again_whole_then_kept(
    settings: Settings, ingest: Ingest, embedder: Embedder, recorded: ModelIdentity | None
) -> None:
    ingest(settings)
    rewrite_as_made_by(settings, recorded)

    again = ingest(settings)
    assert_all_embedded_again(settings, again, embedder)
    assert [w for w in again.warnings if "every vector is embedded again" in w]
    assert again.removed == 0
    assert store_of(settings).count() == again.chunks  # no leftover of the other model's vectors

    unchanged = ingest(settings)
    assert (unchanged.embedded, unchanged.sentences_embedded, unchanged.words_embedded) == (0, 0, 0)
    assert unchanged.warnings == []


class FailingAfter:
    """The real model for the first ``calls`` embed calls, then an error, as a crash in the middle of an ingest."""

    def __init__(self, model: Embedder, calls: int) -> None:
        self._model = model
        self._calls = calls
        self.batch_size = 1  # four chunks per batch: several batches for six reports
        self.count_tokens = model.count_tokens

    @property
    def identity(self) -> ModelIdentity:
        return self._model.identity

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self._calls == 0:
            raise RuntimeError("interrupted")
        self._calls -= 1
        return self._model.embed(texts)

    def embed_short(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed(texts)


def test_a_rebuild_for_a_new_model_that_stops_midway_leaves_the_old_index_whole_and_resumes(
    settings: Settings, ingest: Ingest, embedder: Embedder
) -> None:
    ingest(settings)
    rewrite_as_made_by(settings, OTHER_MODEL)
    before = snapshot_of(settings)

    store = store_of(settings)
    with pytest.raises(RuntimeError, match="interrupted"):
        run_ingest(
            settings.corpus_dir, settings.data_dir, store, FailingAfter(embedder, 1), settings.chunk_tokens
        )

    # The live index is still the other model's, complete and unmixed.
    after = snapshot_of(settings)
    assert after.model == OTHER_MODEL
    assert [c.id for c in after.chunks] == [c.id for c in before.chunks]
    live = store_of(settings)
    assert live.model() == OTHER_MODEL.digest
    assert live.ids() == {c.id for c in before.chunks}

    # The next ingest finishes the rebuild: the four chunks embedded before the stop are not embedded again.
    report = ingest(settings)
    assert report.embedded == report.chunks - 4
    assert store_of(settings).model() == embedder.identity.digest
    assert store_of(settings).ids() == {c.id for c in snapshot_of(settings).chunks}
    assert snapshot_of(settings).model == embedder.identity


@pytest.mark.parametrize(
    ("recorded", "named"),
    [(OTHER_MODEL, "other-model"), (None, "unknown embedding model")],
    ids=["another-model", "unknown-model"],
)
def test_the_service_does_not_serve_an_index_another_model_made_and_says_to_ingest(
    settings: Settings, ingest: Ingest, embedder: Embedder, recorded: ModelIdentity | None, named: str
) -> None:
    ingest(settings)
    rewrite_as_made_by(settings, recorded)
    with TestClient(create_app(settings, embedder=embedder, background_load=False)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503
        reason = ready.json()["checks"]["index"]
        assert named in reason
        assert "reportqa ingest" in reason
        response = client.post("/v1/ask", json={"question": "Which company owns a brewery?"})
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "not_ingested"
        assert "reportqa ingest" in response.json()["error"]["message"]

        ingest(settings)  # the service picks up the index made again by its own model
        assert client.get("/readyz").status_code == 200
        answer = client.post("/v1/ask", json={"question": "Which company owns a brewery?"}).json()
        assert answer["citations"][0]["doc_id"] == "alpha"


def test_a_running_service_stops_answering_when_the_index_is_replaced_by_another_models(
    settings: Settings, ingest: Ingest, embedder: Embedder
) -> None:
    ingest(settings)
    runtime = Runtime(settings, embedder=embedder)
    runtime.load()
    assert runtime.get_engine().index is not None

    rewrite_as_made_by(settings, OTHER_MODEL)  # as if `reportqa ingest` ran elsewhere with another model
    with pytest.raises(NotIngested, match="other-model"):
        runtime.get_engine()
    with pytest.raises(NotIngested, match="reportqa ingest"):
        runtime.get_engine()
    assert not runtime.is_ready(runtime.readiness())
