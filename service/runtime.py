"""Long-lived components built once per process: the model, the store, the index and the engine.

`create_app` (HTTP) and the CLI build them through `Runtime`; nothing else constructs them.

The service serves only an index made by its own embedding model (`ModelIdentity`): the snapshot and the Chroma
collection must both record it. Otherwise — another model, or an index written before models were recorded — it is
not ready, as when nothing is ingested, and /readyz says to run `reportqa ingest`, which embeds everything again with
the configured model. The service never ingests by itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ingest.embedding import Embedder
from ingest.pipeline import read_runs
from ingest.snapshot import Snapshot, read_snapshot, snapshot_path
from ingest.store import VectorStore
from ingest.vocabulary import report_words, word_vectors
from service.errors import NotIngested, ReportQAError, StoreUnavailable
from service.metrics import IndexState
from service.qa.answerable import Judge, Thresholds
from service.qa.compose import ExtractiveComposer
from service.qa.disclaimers import Disclaimers
from service.qa.engine import Engine, NumericSolver, RulePassage, locate_rules
from service.qa.query import QUESTION_STEMS
from service.qa.retrieval import SearchIndex
from service.qa.scope import Scope, ScopeLimits, identity_terms
from service.qa.types import Answer
from service.settings import Settings

log = logging.getLogger("reportqa.runtime")
SLACK_OFF = "off (no token/signing secret)"


def _numeric_solver() -> tuple[NumericSolver | None, dict[str, tuple[str, ...]]]:
    from service.qa.numeric import answer_numeric
    from service.tools.tax_rules import RULES

    return answer_numeric, {rule_id: rule.fragments for rule_id, rule in RULES.items()}


class Runtime:
    """Loads the model and index (possibly in a background thread) and hands out the engine."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        on_answer: Callable[[Answer], None] | None = None,
    ) -> None:
        """``on_answer`` is handed to every engine built (the service's metrics count answers with it)."""
        self.settings = settings
        self.on_answer = on_answer
        self.embedder = embedder
        self.store: VectorStore | None = None
        self.engine: Engine | None = None
        self.error: str | None = None
        self._refused: NotIngested | None = None  # why the index on disk may not be served (another model's)
        self.model_ready = threading.Event()
        self._snapshot_mtime: int | None = None
        self._lock = threading.Lock()

    # -- loading ---------------------------------------------------------------------------------------------
    def load(self) -> None:
        try:
            if self.embedder is None:
                # One thread per question: concurrency comes from the request threads (see Embedder); numpy on the
                # model's own weights, so the service never imports torch.
                self.embedder = Embedder(
                    self.settings.model_path, self.settings.embed_batch_size, threads=1, runtime="numpy"
                )
            self.embedder.warm()
            self.model_ready.set()
            self.reload_if_changed(force=True)
        except ReportQAError as exc:
            self.error = str(exc)
            log.error("start-up incomplete: %s", exc)
        except Exception as exc:  # a broken model or store must show in /readyz, not kill the process
            self.error = f"{type(exc).__name__}: {exc}"
            log.exception("start-up failed")

    def load_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.load, name="reportqa-load", daemon=True)
        thread.start()
        return thread

    def _open_store(self) -> VectorStore:
        if self.store is None:
            self.store = VectorStore(
                self.settings.collection, self.settings.data_dir, self.settings.chroma_url
            )
        return self.store

    def reload_if_changed(self, force: bool = False) -> None:
        """Pick up a new snapshot written by `reportqa ingest` without a restart."""
        path = snapshot_path(self.settings.data_dir)
        mtime = path.stat().st_mtime_ns if path.exists() else None
        if not force and mtime == self._snapshot_mtime:
            return
        with self._lock:
            if not force and mtime == self._snapshot_mtime:
                return
            if self.store is not None and self.settings.chroma_url is None:
                # An embedded client caches its view of the folder: reopen it to see the new ingest's vectors.
                self.store.close()
                self.store = None
            try:
                self.engine = self._build_engine()
            except NotIngested as exc:  # another model's index: not even the previous engine may answer now
                self.engine, self.error, self._refused = None, str(exc), exc
                raise
            self._snapshot_mtime = mtime
            self.error, self._refused = None, None

    def _build_engine(self) -> Engine:
        assert self.embedder is not None
        settings = self.settings
        numeric, rules = _numeric_solver()
        snapshot = read_snapshot(settings.data_dir)
        judge = Judge(
            Thresholds(settings.abstain_threshold, settings.abstain_coverage, settings.abstain_unknown_dense)
        )
        if snapshot is None:
            return Engine(None, None, judge, numeric, top_k=settings.top_k, on_answer=self.on_answer)
        store = self._open_store()
        self._check_model(snapshot, store)
        index = SearchIndex(snapshot, store, self.embedder.embed_query, self.embedder.count_tokens.knows)
        if settings.abstain_scope:
            judge = replace(judge, scope=self._scope(snapshot))
        passages: dict[str, RulePassage] = locate_rules(index, rules, settings.calculator_doc_id)
        return Engine(
            index,
            ExtractiveComposer(snapshot.bm25),
            judge,
            numeric,
            passages,
            top_k=settings.top_k,
            candidates=settings.candidates,
            rrf_k=settings.rrf_k,
            on_answer=self.on_answer,
        )

    def _check_model(self, snapshot: Snapshot, store: VectorStore) -> None:
        """Refuse an index whose vectors another embedding model made (NotIngested, naming both models)."""
        assert self.embedder is not None
        mine = self.embedder.identity
        stored = store.model()
        if snapshot.model is None or not stored:
            made_by = "an unknown embedding model (it was written before indexes recorded their model)"
        elif snapshot.model != mine:
            made_by = f"another embedding model, {snapshot.model}"
        elif stored != mine.digest:
            made_by = f"another embedding model (the vectors of Chroma collection {store.name!r})"
        else:
            return
        raise NotIngested(
            f"the index in {self.settings.data_dir} was made by {made_by}, not the configured {mine}; "
            "run `reportqa ingest` to embed the reports again with it"
        )

    def _scope(self, snapshot: Snapshot) -> Scope:
        assert self.embedder is not None
        vocabulary, embedded = word_vectors(
            self.settings.data_dir,
            report_words(snapshot.chunks),
            self.embedder.embed,
            self.embedder.identity,
        )
        if embedded:
            log.info("embedded %d report words (saved for the next start)", embedded)
        names = [name for d in snapshot.documents for name in (d.meta.doc_id, d.meta.company)]
        limits = ScopeLimits(self.settings.abstain_synonym, self.settings.abstain_pull)
        identity = identity_terms(names)
        disclaimers = Disclaimers.from_chunks(snapshot.chunks, QUESTION_STEMS | identity)
        return Scope(
            vocabulary,
            self.embedder.embed_cached,
            limits,
            identity,
            snapshot.bm25.idf,
            disclaimers,
            self.embedder.count_tokens.knows,
        )

    # -- serving ---------------------------------------------------------------------------------------------
    def retry_if_failed(self) -> None:
        """After a failed start (say, Chroma was down), try to build the engine again: recovery without restart."""
        if self.engine is not None or self.error is None or not self.model_ready.is_set():
            return
        try:
            self.reload_if_changed(force=True)
        except ReportQAError as exc:
            self.error = str(exc)
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"

    def get_engine(self) -> Engine:
        if not self.model_ready.is_set():
            raise StoreUnavailable("the service is still starting; try again in a few seconds")
        self.retry_if_failed()
        if self.engine is None:
            raise self._refused or StoreUnavailable(self.error or "the index is not loaded")
        self.reload_if_changed()
        return self.engine

    def readiness(self) -> dict[str, str]:
        checks: dict[str, str] = {}
        checks["model"] = "ok" if self.model_ready.is_set() else "loading"
        self.retry_if_failed()
        engine = self.engine
        if self.error:
            checks["index"] = self.error
        elif engine is None:
            checks["index"] = "loading"
        elif engine.index is None:
            checks["index"] = str(NotIngested("nothing is ingested; run `reportqa ingest`"))
        else:
            checks["index"] = f"ok ({len(engine.index.chunks)} chunks)"
        if self.store is not None:
            checks["store"] = (
                "ok" if self.store.heartbeat() else f"Chroma at {self.store.location} does not answer"
            )
        checks["slack"] = "ok" if self.settings.slack_enabled else SLACK_OFF
        return checks

    def index_state(self) -> IndexState:
        """Readiness, index size, model and ingest totals, for /metrics."""
        engine = self.engine
        snapshot = engine.index.snapshot if engine is not None and engine.index is not None else None
        model = self.embedder.identity if self.embedder is not None else None
        return IndexState(
            ready=self.is_ready(self.readiness()),
            documents=len(snapshot.documents) if snapshot else 0,
            chunks=len(snapshot.chunks) if snapshot else 0,
            model=model.name if model else "",
            model_digest=model.digest if model else "",
            ingest_runs=read_runs(self.settings.data_dir),
        )

    @staticmethod
    def is_ready(checks: dict[str, str]) -> bool:
        # A bot that is not configured is a choice, not a fault: "off" keeps the service ready.
        return all(value.startswith("ok") or value == SLACK_OFF for value in checks.values())


def data_exists(data_dir: Path) -> bool:
    return snapshot_path(data_dir).exists()
