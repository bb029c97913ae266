"""The regression gate (pure): a committed baseline plus a new run's metrics and verdicts → violations.

A run fails the gate when a headline metric of a compared group (``all`` and each split) drops
by more than :data:`TOLERANCE` (absolute, on rates in [0, 1]), or when a case that passed in the baseline now
fails. Latency is reported but never gated: these machines are too noisy for it. Cases that are new since the
baseline, and baseline cases that were not run (``--split``), are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from evals.scoring import CaseScore, Metrics

__all__ = [
    "BASELINE_GROUPS",
    "GATED_METRICS",
    "TOLERANCE",
    "Violation",
    "find_violations",
    "make_baseline",
]

# Absolute drop allowed on every gated rate before the gate fails (0.02 = two percentage points).
TOLERANCE = 0.02
# Headline metrics that are gated; all are rates in [0, 1]. Latency (p50/p95) is deliberately absent.
GATED_METRICS: tuple[str, ...] = (
    "pass_rate",
    "route_accuracy",
    "hit_at_1",
    "hit_at_5",
    "mrr",
    "citation_validity",
    "abstention_precision",
    "abstention_recall",
    "numeric_exactness",
    "numeric_right",
)
# Groups whose headline metrics the baseline keeps.
BASELINE_GROUPS: tuple[str, ...] = ("all", "split:dev", "split:test", "split:blind")
BASELINE_VERSION = 1


@dataclass(frozen=True)
class Violation:
    """One reason the gate fails: a metric drop (``metric`` set) or a newly failing case (``case_id`` set)."""

    kind: str  # "metric_drop" | "metric_unmeasured" | "case_regressed"
    message: str
    group: str = ""
    metric: str = ""
    baseline: float | None = None
    current: float | None = None
    case_id: str = ""


def _as_dict(metrics: Metrics | Mapping[str, Any]) -> Mapping[str, Any]:
    return asdict(metrics) if isinstance(metrics, Metrics) else metrics


def make_baseline(
    groups: Mapping[str, Metrics | Mapping[str, Any]],
    scores: Iterable[CaseScore],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The baseline document: headline metrics of :data:`BASELINE_GROUPS` and the ids of the passing cases."""
    return {
        "version": BASELINE_VERSION,
        "tolerance": TOLERANCE,
        "gated_metrics": list(GATED_METRICS),
        "metrics": {group: dict(_as_dict(groups[group])) for group in BASELINE_GROUPS if group in groups},
        "passed": sorted(s.case_id for s in scores if s.passed),
        **(dict(extra) if extra else {}),
    }


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def find_violations(
    baseline: Mapping[str, Any],
    groups: Mapping[str, Metrics | Mapping[str, Any]],
    scores: Sequence[CaseScore],
    tolerance: float = TOLERANCE,
) -> list[Violation]:
    """Every reason the new run is worse than ``baseline``; an empty list means the gate passes.

    Only groups present in both the baseline and ``groups`` are compared, so a run of one split is checked
    against that split alone (the caller leaves out ``all`` when it ran a subset).
    """
    violations: list[Violation] = []
    baseline_metrics: Mapping[str, Mapping[str, Any]] = baseline.get("metrics", {})
    for group, old in baseline_metrics.items():
        if group not in groups:
            continue
        new = _as_dict(groups[group])
        for metric in GATED_METRICS:
            before, after = old.get(metric), new.get(metric)
            if before is None:
                continue  # not measured in the baseline: nothing to hold the run to
            if after is None:
                violations.append(
                    Violation(
                        "metric_unmeasured",
                        f"{group} {metric}: was {_fmt(before)}, now not measured (empty denominator)",
                        group,
                        metric,
                        float(before),
                        None,
                    )
                )
            elif float(before) - float(after) > tolerance + 1e-12:
                violations.append(
                    Violation(
                        "metric_drop",
                        f"{group} {metric}: {_fmt(before)} → {_fmt(after)} "
                        f"(drop {float(before) - float(after):.3f} > tolerance {tolerance:.3f})",
                        group,
                        metric,
                        float(before),
                        float(after),
                    )
                )
    passed_before = set(baseline.get("passed", []))
    for score in scores:
        if score.case_id in passed_before and not score.passed:
            violations.append(
                Violation(
                    "case_regressed",
                    f"case {score.case_id} passed in the baseline and fails now",
                    case_id=score.case_id,
                )
            )
    return violations
