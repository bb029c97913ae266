"""The regression gate: metric drops beyond tolerance, newly failing cases, and what is ignored."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from evals.gate import GATED_METRICS, TOLERANCE, Violation, find_violations, make_baseline
from evals.scoring import CaseScore, Metrics

GOOD = Metrics(
    n=10,
    pass_rate=0.80,
    route_accuracy=0.90,
    n_with_cite=8,
    hit_at_1=0.50,
    hit_at_5=0.75,
    mrr=0.60,
    citation_validity=1.0,
    abstention_precision=0.70,
    abstention_recall=0.60,
    n_with_numbers=4,
    numeric_exactness=0.75,
    latency_p50_ms=50.0,
    latency_p95_ms=120.0,
)


def score(case_id: str, passed: bool) -> CaseScore:
    return CaseScore(
        case_id=case_id,
        split="test",
        tags=("jp_tax",),
        expected_route="retrieval",
        returned_route="retrieval",
        route_ok=True,
        facts_ok=passed,
        numbers_ok=True,
        missing_ok=True,
        cite_ok=True,
        passed=passed,
        expects_citation=False,
        expects_numbers=False,
        first_hit_rank=None,
        citations_total=0,
        citations_valid=0,
        latency_ms=10.0,
    )


def baseline(passed: tuple[str, ...] = ("a", "b"), **metrics: Metrics) -> dict[str, Any]:
    groups = metrics or {"all": GOOD, "split:test": GOOD}
    return make_baseline(groups, [score(cid, True) for cid in passed])


def kinds(violations: list[Violation]) -> list[tuple[str, str, str]]:
    return [(v.kind, v.group or v.case_id, v.metric) for v in violations]


@pytest.mark.parametrize(
    ("metric", "new_value", "expected"),
    [
        ("pass_rate", 0.80, []),  # unchanged
        ("pass_rate", 0.95, []),  # improved
        ("pass_rate", 0.80 - TOLERANCE, []),  # exactly at tolerance
        ("pass_rate", 0.79, []),  # within tolerance
        ("pass_rate", 0.77, [("metric_drop", "all", "pass_rate")]),
        ("hit_at_1", 0.40, [("metric_drop", "all", "hit_at_1")]),
        ("mrr", 0.59, []),
        ("citation_validity", 0.97, [("metric_drop", "all", "citation_validity")]),
        ("abstention_recall", None, [("metric_unmeasured", "all", "abstention_recall")]),
        ("numeric_exactness", 0.50, [("metric_drop", "all", "numeric_exactness")]),
        ("latency_p95_ms", 9999.0, []),  # latency is never gated
        ("latency_p50_ms", None, []),
    ],
)
def test_gate_fails_only_when_a_gated_metric_drops_beyond_tolerance(
    metric: str, new_value: float | None, expected: list[tuple[str, str, str]]
) -> None:
    new = {"all": replace(GOOD, **{metric: new_value})}
    violations = find_violations(baseline(all=GOOD), new, [score("a", True), score("b", True)])
    assert kinds(violations) == expected


def test_a_drop_is_reported_per_group_with_both_values_in_the_message() -> None:
    new = {"all": GOOD, "split:test": replace(GOOD, route_accuracy=0.80)}
    [violation] = find_violations(baseline(), new, [])
    assert (violation.group, violation.metric, violation.baseline, violation.current) == (
        "split:test",
        "route_accuracy",
        0.90,
        0.80,
    )
    assert "0.900 → 0.800" in violation.message


def test_a_case_that_passed_in_the_baseline_and_fails_now_is_a_violation() -> None:
    violations = find_violations(baseline(), {"all": GOOD}, [score("a", True), score("b", False)])
    assert kinds(violations) == [("case_regressed", "b", "")]
    assert "b passed in the baseline" in violations[0].message


@pytest.mark.parametrize(
    ("scores", "why"),
    [
        ([score("a", True), score("b", True), score("new", False)], "a new case not in the baseline"),
        ([score("a", True)], "a baseline case that was not run"),
        ([score("a", True), score("b", True), score("was-failing", False)], "a case that failed before"),
    ],
)
def test_gate_ignores_cases_the_baseline_did_not_pass(scores: list[CaseScore], why: str) -> None:
    assert find_violations(baseline(), {"all": GOOD}, scores) == [], why


def test_groups_missing_from_the_run_are_not_compared() -> None:
    awful = replace(GOOD, pass_rate=0.0)
    assert find_violations(baseline(), {"split:test": GOOD}, []) == []
    assert kinds(find_violations(baseline(), {"split:test": awful}, [])) == [
        ("metric_drop", "split:test", "pass_rate")
    ]


def test_metrics_unmeasured_in_the_baseline_hold_the_run_to_nothing() -> None:
    old = replace(GOOD, abstention_precision=None)
    new = replace(GOOD, abstention_precision=0.0)
    assert find_violations(baseline(all=old), {"all": new}, []) == []


def test_baseline_keeps_headline_groups_metrics_and_sorted_passing_ids() -> None:
    groups = {"all": GOOD, "split:dev": GOOD, "split:test": GOOD, "tag:pfic": GOOD, "route:clarify": GOOD}
    document = make_baseline(groups, [score("z", True), score("a", True), score("m", False)], {"x": 1})
    assert sorted(document["metrics"]) == ["all", "split:dev", "split:test"]
    assert document["passed"] == ["a", "z"]
    assert document["tolerance"] == TOLERANCE
    assert set(GATED_METRICS) <= set(document["metrics"]["all"])
    assert document["x"] == 1


def test_a_custom_tolerance_is_honoured() -> None:
    new = {"all": replace(GOOD, pass_rate=0.75)}
    assert find_violations(baseline(all=GOOD), new, [], tolerance=0.10) == []
    assert len(find_violations(baseline(all=GOOD), new, [], tolerance=0.01)) == 1
