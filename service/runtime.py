"""Long-lived components built once per process: the model, the store, the index and the engine.

`create_app` (HTTP) and the CLI build them through `Runtime`; nothing else constructs them.

The service serves only an index made by its own embedding model (`ModelIdentity`): the snapshot and the Chroma
collection must both record it. Otherwise — another model, or an index written before models were recorded — it is
not ready, as when nothing is ingested, and /readyz says to run `reportqa ingest`, which embeds everything again with
the configured model. The service never ingests by itself.

A snapshot is proven before it is served (ingest/verify.py: sealed, of this format, cut from the corpus as it is
now). One that fails is never swapped in: the service keeps answering from the last good one (and /readyz says a
newer one was refused); with none, /readyz is 503 and questions get a 503 that says why. Messages shown to users
are words; paths and exception text go to the log.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ingest.embedding import Embedder
from ingest.pipeline import read_runs
from ingest.snapshot import Snapshot, read_snapshot, snapshot_path
from ingest.store import VectorStore
from ingest.verify import check_against_corpus
from ingest.vocabulary import report_words, word_vectors
from service.embedding import QueryEmbedder
from service.errors import NotIngested, ReportQAError, SnapshotInvalid, StoreUnavailable
from service.metrics import IndexState
from service.qa.answerable import Judge, Thresholds
from service.qa.compose import ExtractiveComposer
from service.qa.disclaimers import Disclaimers
from service.qa.engine import Engine, NumericSolver, RulePassage, locate_rules
from service.qa.query import QUESTION_STEMS
from service.qa.retrieval import SearchIndex
from service.qa.scope import Scope, ScopeLimits, identity_terms, latest_year
from service.qa.types import Answer
from service.settings import Settings

log = logging.getLogger("reportqa.runtime")
SLACK_OFF = "off (no token/signing secret)"
UNEXPECTED = "the index could not be loaded (an unexpected error; details are in the service log)"
Signature = tuple[int, int, int] | None  # the snapshot file's (mtime, size, inode); None when there is none


def _signature(path: Path) -> Signature:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        return (-1, -1, -1)  # unreadable: a change like any other, proven (and refused) by reading it
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _numeric_solver() -> tuple[NumericSolver | None, dict[str, tuple[str, ...]]]:
    from service.qa.numeric import answer_numeric
    from service.tools.tax_rules import RULES

    return answer_numeric, {rule_id: rule.fragments for rule_id, rule in RULES.items()}


def _names(snapshot: Snapshot) -> list[str]:
    """The reports' own names (document ids and companies): every passage of a report is about them."""
    return [name for d in snapshot.documents for name in (d.meta.doc_id, d.meta.company)]


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
        self._refused: ReportQAError | None = None  # why the index on disk may not be served
        self.stale: str | None = (
            None  # why a newer snapshot was refused while the last good one still answers
        )
        self.model_ready = threading.Event()
        self._snapshot_mtime: Signature = None
        self._tried: Signature | None = None  # the snapshot last refused; not read again until it changes
        self._last_problem = ""  # the last reload failure logged (each is logged once, not per request)
        self._lock = threading.Lock()
        self.slack_state: Callable[[], str] | None = None  # set by service/slack/http.py when the bot is on

    # -- loading ---------------------------------------------------------------------------------------------
    def load(self) -> None:
        try:
            if self.embedder is None:
                # One thread per forward pass: concurrent questions share passes instead (service/embedding.py);
                # ONNX Runtime on the model's own weights, so the service never imports torch.
                self.embedder = QueryEmbedder(
                    self.settings.model_path,
                    self.settings.embed_batch_size,
                    threads=1,
                    runtime="onnx",
                    graph_dir=self.settings.data_dir,
                    at_once=self.settings.embed_passes_at_once,
                )
            self.embedder.warm()
            self.model_ready.set()
            self.reload_if_changed(force=True)
        except ReportQAError as exc:
            self.error = str(exc)
            log.error("start-up incomplete: %s", exc, extra={"detail": exc.detail})
        except Exception as exc:  # a broken model or store must show in /readyz, not kill the process
            self.error = UNEXPECTED
            log.error("start-up failed: %s: %s", type(exc).__name__, exc, exc_info=exc)

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
        """Pick up a new snapshot written by `reportqa ingest` without a restart, once it is proven."""
        path = snapshot_path(self.settings.data_dir)
        mtime = _signature(path)
        if not force and mtime in (self._snapshot_mtime, self._tried):
            return
        with self._lock:
            if not force and mtime in (self._snapshot_mtime, self._tried):
                return
            try:
                snapshot = read_snapshot(self.settings.data_dir)
                if snapshot is not None:
                    check_against_corpus(snapshot, self.settings.corpus_dir)
            except SnapshotInvalid as exc:
                self._tried = mtime
                self._refuse(exc)
                return
            if self.store is not None and self.settings.chroma_url is None:
                # An embedded client caches its view of the folder: reopen it to see the new ingest's vectors.
                self.store.close()
                self.store = None
            try:
                self.engine = self._build_engine(snapshot)
            except NotIngested as exc:  # another model's index: not even the previous engine may answer now
                self.engine, self.error, self._refused = None, str(exc), exc
                raise
            self._snapshot_mtime, self._tried = mtime, None
            self.error, self._refused, self.stale = None, None, None

    def _refuse(self, exc: SnapshotInvalid) -> None:
        """A snapshot that cannot be proven: keep the last good engine if there is one, else be not ready."""
        serving = self.engine is not None and self.engine.index is not None
        log.error(
            "%s%s",
            exc,
            "; still serving the last good snapshot" if serving else "; not ready",
            extra={"detail": exc.detail},
        )
        if serving:
            self.stale = str(exc).split("; run", 1)[0].removeprefix("the index snapshot cannot be used: ")
            return
        self.engine, self.error, self._refused = None, str(exc), exc

    def _build_engine(self, snapshot: Snapshot | None) -> Engine:
        assert self.embedder is not None
        settings = self.settings
        numeric, rules = _numeric_solver()
        judge = Judge(
            Thresholds(settings.abstain_threshold, settings.abstain_coverage, settings.abstain_unknown_dense)
        )
        if snapshot is None:
            return Engine(None, None, judge, numeric, top_k=settings.top_k, on_answer=self.on_answer)
        store = self._open_store()
        self._check_model(snapshot, store)
        index = SearchIndex(
            snapshot,
            store,
            self.embedder.embed_query,
            self.embedder.count_tokens.knows,
            self.embedder.embed_cached,
        )
        if settings.abstain_scope:
            judge = replace(judge, scope=self._scope(snapshot))
        passages: dict[str, RulePassage] = locate_rules(index, rules, settings.calculator_doc_id)
        return Engine(
            index,
            ExtractiveComposer(snapshot.bm25, implied=identity_terms(_names(snapshot))),
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
            f"the index was made by {made_by}, not the configured {mine}; "
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
        names = _names(snapshot)
        limits = ScopeLimits(self.settings.abstain_synonym, self.settings.abstain_pull)
        identity = identity_terms(names)
        disclaimers = Disclaimers.from_chunks(snapshot.chunks, QUESTION_STEMS | identity)
        disclaimers.taxes()  # every question is screened with it: read here, once (0.65 s at 2,001 reports)
        # Off the request path: read every report's disclaimers now, so no question pays for a report's first use.
        threading.Thread(
            target=disclaimers.read_all,
            args=(lambda: time.sleep(0.001),),
            name="reportqa-disclaimers",
            daemon=True,
        ).start()
        return Scope(
            vocabulary,
            self.embedder.embed_cached,
            limits,
            identity,
            snapshot.bm25.idf,
            disclaimers,
            self.embedder.count_tokens.knows,
            latest_year(chunk.text for chunk in snapshot.chunks),
            snapshot.bm25.postings.__contains__,
            lambda term: len(snapshot.bm25.postings.get(term, ())) / max(len(snapshot.bm25.doc_ids), 1),
        )

    # -- serving ---------------------------------------------------------------------------------------------
    def retry_if_failed(self) -> None:
        """After a failed start (say, Chroma was down), try to build the engine again: recovery without restart.
        A refused snapshot is not read again until its file changes."""
        if self.engine is not None or self.error is None or not self.model_ready.is_set():
            return
        if self._tried is not None and _signature(snapshot_path(self.settings.data_dir)) == self._tried:
            return
        self._reload(force=True)

    def _reload(self, force: bool = False) -> None:
        """`reload_if_changed`, its failures kept as this runtime's state (never raised to a request) and logged
        once each, not once per request."""
        try:
            self.reload_if_changed(force=force)
        except ReportQAError as exc:
            if self.engine is None:
                self.error = str(exc)
            if str(exc) != self._last_problem:
                log.warning("the index could not be (re)loaded: %s", exc, extra={"detail": exc.detail})
            self._last_problem = str(exc)
        except Exception as exc:
            if self.engine is None:
                self.error = UNEXPECTED
            if repr(exc) != self._last_problem:
                log.error("the index could not be (re)loaded: %s: %s", type(exc).__name__, exc, exc_info=exc)
            self._last_problem = repr(exc)

    def _refresh(self) -> None:
        """Before serving: retry a failed start, or pick up a changed snapshot."""
        if self.engine is None:
            self.retry_if_failed()
        else:
            self._reload()

    def serving_engine(self) -> Engine | None:
        """The engine when nothing is to be (re)loaded before it answers: the snapshot on disk is the one it
        serves, or one already refused. One `stat`, never a read; ``None`` sends the caller to `get_engine`."""
        engine = self.engine
        if engine is None or not self.model_ready.is_set():
            return None
        if _signature(snapshot_path(self.settings.data_dir)) not in (self._snapshot_mtime, self._tried):
            return None
        return engine

    def get_engine(self) -> Engine:
        if not self.model_ready.is_set():
            raise StoreUnavailable("the service is still starting; try again in a few seconds")
        self._refresh()
        engine = self.engine
        if engine is None:
            raise self._refused or StoreUnavailable(self.error or "the index is not loaded")
        return engine

    def readiness(self) -> dict[str, str]:
        checks: dict[str, str] = {}
        checks["model"] = "ok" if self.model_ready.is_set() else "loading"
        if self.model_ready.is_set():
            self._refresh()
        engine = self.engine
        if engine is not None and engine.index is not None:
            checks["index"] = f"ok ({len(engine.index.chunks)} chunks)"
            if self.stale:
                checks["index"] += f"; a newer snapshot was refused ({self.stale}), the last good one answers"
        elif self.error:
            checks["index"] = self.error
        elif engine is None:
            checks["index"] = "loading"
        else:
            checks["index"] = str(NotIngested("nothing is ingested; run `reportqa ingest`"))
        if self.store is not None:
            checks["store"] = "ok" if self.store.heartbeat() else "the vector store (Chroma) does not answer"
        if self.slack_state is not None:
            checks["slack"] = self.slack_state()
        else:
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
        # The bot is reported, not required: a bot that is off, or a Slack outage, must not take the HTTP API out of
        # a load balancer's rotation.
        return all(value.startswith("ok") for key, value in checks.items() if key != "slack")


def data_exists(data_dir: Path) -> bool:
    return snapshot_path(data_dir).exists()
