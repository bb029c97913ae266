"""What an operator watches: Prometheus metrics of one service process, served at `GET /metrics`.

Counters and histograms are updated as requests and answers pass (`Metrics.observe_*`); the index, the model, the
readiness and the ingest runs (written by `reportqa ingest`, another process, to `data/ingest-runs.json`) are read
when Prometheus scrapes. Each app has its own registry, so two apps in one process (tests) never share counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector

from service.qa.timing import STAGES
from service.qa.types import Answer

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Seconds: most answers take milliseconds; the tail (a loaded machine, a cold report) reaches seconds.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class IndexState:
    """What the service serves, read at scrape time."""

    ready: bool
    documents: int
    chunks: int
    model: str
    model_digest: str
    ingest_runs: dict[str, Any]  # data/ingest-runs.json, or {} before any ingest recorded one


class Metrics:
    """The service's metrics; `render` is the `/metrics` body."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._children: dict[tuple[int, tuple[str, ...]], Any] = {}  # see `_child`
        r = self.registry
        self.requests = Counter(
            "reportqa_http_requests",
            "HTTP requests by route (the path template), method and status code",
            ["route", "method", "status"],
            registry=r,
        )
        self.request_seconds = Histogram(
            "reportqa_http_request_duration_seconds",
            "HTTP request duration by route (the path template)",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.answers = Counter(
            "reportqa_answers",
            "Answers by route (retrieval, calculator, clarify, out_of_scope)",
            ["route"],
            registry=r,
        )
        self.answer_seconds = Histogram(
            "reportqa_answer_duration_seconds",
            "Time to answer one question in the engine, by answer route",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.stage_seconds = Histogram(
            "reportqa_stage_duration_seconds",
            f"Time in each stage of answering a question ({', '.join(STAGES)})",
            ["stage"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.abstentions = Counter(
            "reportqa_abstentions",
            "Questions answered 'the report does not say', by who decided: retrieval (weak or off-subject "
            "evidence, requests no report answers) or the calculator (a situation or figure the report excludes)",
            ["source"],
            registry=r,
        )
        self.clarify = Counter(
            "reportqa_clarify_questions",
            "Clarifying questions asked, by the missing fact asked for",
            ["missing"],
            registry=r,
        )
        self.calculator = Counter(
            "reportqa_calculator_results",
            "Calculator results by function and status (OK, CONDITIONAL, NEED_INFO, NOT_STATED, OUT_OF_SCOPE)",
            ["function", "status"],
            registry=r,
        )
        self.slack_events = Counter(
            "reportqa_slack_events", "Slack events and actions received, by type", ["type"], registry=r
        )
        self.slack_replies = Counter(
            "reportqa_slack_replies",
            "Slack replies posted, by outcome (answer, apology after a failure)",
            ["outcome"],
            registry=r,
        )

    # -- updates ---------------------------------------------------------------------------------------------
    def _child(self, metric: Counter | Histogram, *values: str) -> Any:
        """``metric.labels(*values)``, looked up once: prometheus_client's `labels` validates the values and takes a
        lock on every call, and a request observes up to a dozen children. The child is the metric's own object,
        so what /metrics renders is unchanged."""
        key = (id(metric), values)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*values)
        return child

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self._child(self.requests, route, method, str(status)).inc()
        self._child(self.request_seconds, route).observe(seconds)

    def observe_answer(self, answer: Answer) -> None:
        self._child(self.answers, answer.route).inc()
        timing = answer.timing_ms
        if "total" in timing:
            self._child(self.answer_seconds, answer.route).observe(timing["total"] / 1000)
        for name, ms in timing.items():
            if name != "total":
                self._child(self.stage_seconds, name).observe(ms / 1000)
        calculation = answer.calculation
        if answer.route == "out_of_scope":
            self._child(self.abstentions, "calculator" if calculation else "retrieval").inc()
        if answer.route == "clarify":
            for fact in answer.missing or ["unspecified"]:
                self._child(self.clarify, fact).inc()
        if calculation:
            self._child(
                self.calculator, str(calculation.get("function", "")), str(calculation.get("status", ""))
            ).inc()

    def observe_slack_event(self, kind: str) -> None:
        self._child(self.slack_events, kind or "unknown").inc()

    def observe_slack_reply(self, outcome: str) -> None:
        self._child(self.slack_replies, outcome).inc()

    # -- scrape-time state -----------------------------------------------------------------------------------
    def watch(self, state: Callable[[], IndexState]) -> None:
        """Report readiness, the index, the model and the ingest runs from ``state`` at every scrape."""
        self.registry.register(_StateCollector(state))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _StateCollector(Collector):
    def __init__(self, state: Callable[[], IndexState]) -> None:
        self._state = state

    def collect(self) -> Iterator[Metric]:
        state = self._state()
        yield _gauge("reportqa_ready", "1 when /readyz would answer 200, else 0", 1 if state.ready else 0)
        yield _gauge("reportqa_index_documents", "Reports in the live index", state.documents)
        yield _gauge("reportqa_index_chunks", "Chunks in the live index", state.chunks)
        info = InfoMetricFamily(
            "reportqa_index", "The live index: its size and the embedding model that made its vectors"
        )
        info.add_metric(
            [],
            {
                "documents": str(state.documents),
                "chunks": str(state.chunks),
                "model": state.model,
                "model_digest": state.model_digest[:12],
            },
        )
        yield info
        runs = state.ingest_runs
        yield _counter("reportqa_ingest_runs", "Ingest runs recorded in the data folder", runs.get("runs", 0))
        chunks = CounterMetricFamily(
            "reportqa_ingest_chunks",
            "Chunks seen by ingest runs, embedded or skipped (unchanged)",
            labels=["outcome"],
        )
        for outcome in ("embedded", "skipped"):
            chunks.add_metric([outcome], float(runs.get(f"chunks_{outcome}", 0)))
        yield chunks
        yield _gauge(
            "reportqa_ingest_last_run_timestamp_seconds",
            "When the last recorded ingest run finished (Unix time; 0: none recorded)",
            float(runs.get("last_finished", 0.0)),
        )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value))


def _counter(name: str, documentation: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, documentation, value=float(value))


def route_template(scope: Mapping[str, Any]) -> str:
    """The matched route's path template ("/v1/ask"), never the raw path: unknown paths are one label value."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"
