"""Pure parts of the benchmarks: percentiles, latency summaries, targets and the Markdown table."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["met", "missed", "not measured"]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


@dataclass(frozen=True)
class LatencySummary:
    """Latencies (ms) of one route at one concurrency, with throughput and errors."""

    n: int
    errors: int
    p50: float
    p95: float
    p99: float
    throughput: float  # successful requests per second over the run's wall time

    @classmethod
    def of(cls, latencies_ms: Sequence[float], errors: int, seconds: float) -> LatencySummary:
        if not latencies_ms:
            return cls(0, errors, math.nan, math.nan, math.nan, 0.0)
        return cls(
            n=len(latencies_ms),
            errors=errors,
            p50=percentile(latencies_ms, 50),
            p95=percentile(latencies_ms, 95),
            p99=percentile(latencies_ms, 99),
            throughput=len(latencies_ms) / seconds if seconds > 0 else math.nan,
        )


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class Target:
    """A figure the benchmarks should reach: `key` in the results, compared with `op` against `limit`."""

    label: str
    key: str
    op: Literal["<=", ">="]
    limit: float
    unit: str = ""

    def check(self, value: float | None) -> Status:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "not measured"
        ok = value <= self.limit if self.op == "<=" else value >= self.limit
        return "met" if ok else "missed"

    def describe(self) -> str:
        unit = "×" if self.unit == "x" else f" {self.unit}" if self.unit else ""
        return f"{self.op} {self.limit:g}{unit}"


TARGETS: tuple[Target, ...] = (
    Target("unseen retrieval p50, concurrency 1", "unseen.c1.retrieval.p50", "<=", 35, "ms"),
    Target("unseen retrieval p95, concurrency 1", "unseen.c1.retrieval.p95", "<=", 80, "ms"),
    Target("unseen out-of-scope p95, concurrency 1", "unseen.c1.out_of_scope.p95", "<=", 80, "ms"),
    Target("unseen calculator p50, concurrency 1", "unseen.c1.calculator.p50", "<=", 5, "ms"),
    Target("unseen p95, all routes, concurrency 16", "unseen.c16.all.p95", "<=", 500, "ms"),
    Target("unseen errors at concurrency 16", "unseen.c16.errors", "<=", 0, ""),
    Target("repeated retrieval p50, concurrency 1", "latency.c1.retrieval.p50", "<=", 30, "ms"),
    Target("repeated retrieval p95, concurrency 1", "latency.c1.retrieval.p95", "<=", 80, "ms"),
    Target("repeated calculator p50, concurrency 1", "latency.c1.calculator.p50", "<=", 5, "ms"),
    Target("errors at concurrency 16", "latency.c16.errors", "<=", 0, ""),
    Target("ready after start (1 report, median)", "ready.small.median_s", "<=", 3, "s"),
    Target("ready / bare sentence-transformers model load", "ready.small.ratio_to_floor", "<=", 0.5, "x"),
    Target("service peak RSS, 1 report", "rss.service_small_mb", "<=", 400, "MB"),
    Target("ingest / raw embedding throughput", "ingest.throughput_ratio", ">=", 0.9, "x"),
    Target("the same on CPU time (load-independent)", "ingest.throughput_ratio_cpu", ">=", 0.9, "x"),
    Target("unchanged re-ingest / first ingest time", "reingest.time_ratio", "<=", 0.05, "x"),
    Target("service peak RSS, large corpus", "rss.service_large_mb", "<=", 1536, "MB"),
    Target("p50 with many reports / p50 with one", "scale.p50_ratio", "<=", 3, "x"),
    Target("unseen retrieval p50, many reports / one", "scale.unseen_p50_ratio", "<=", 1.5, "x"),
)


def lookup(results: Mapping[str, Any], key: str) -> float | None:
    """A dotted key ("latency.c1.retrieval.p50") into nested results; None when absent."""
    node: Any = results
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    if isinstance(node, bool) or not isinstance(node, int | float):
        return None
    return float(node)


def compare(
    results: Mapping[str, Any], targets: Sequence[Target] = TARGETS
) -> list[tuple[Target, float | None, Status]]:
    return [(t, value, t.check(value)) for t in targets for value in [lookup(results, t.key)]]


def format_value(value: float | None, unit: str = "") -> str:
    if value is None or math.isnan(value):
        return "–"
    if unit == "x":
        return f"{value:.2f}×" if value >= 0.1 else f"{value:.3f}×"
    if float(value).is_integer():
        text = f"{int(value)}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def targets_table(results: Mapping[str, Any], targets: Sequence[Target] = TARGETS) -> str:
    lines = ["| measure | measured | target | |", "|---|---|---|---|"]
    marks = {"met": "met", "missed": "**missed**", "not measured": "not measured"}
    for target, value, status in compare(results, targets):
        lines.append(
            f"| {target.label} | {format_value(value, target.unit)} | {target.describe()} | {marks[status]} |"
        )
    return "\n".join(lines)


def latency_table(latency: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> str:
    """Per concurrency and route: n, p50/p95/p99 (ms), throughput and errors."""
    lines = [
        "| concurrency | route | n | p50 ms | p95 ms | p99 ms | req/s | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for level, routes in latency.items():
        for route, s in routes.items():
            if not isinstance(s, Mapping):
                continue
            lines.append(
                f"| {level.removeprefix('c')} | {route} | {s['n']} | {format_value(s['p50'])} | "
                f"{format_value(s['p95'])} | {format_value(s['p99'])} | {format_value(s['throughput'])} | "
                f"{s['errors']} |"
            )
    return "\n".join(lines)
