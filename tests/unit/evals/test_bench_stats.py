"""Pure parts of the benchmarks: percentiles, summaries, target checks and the tables."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evals.bench.run import ROUTES, pick_questions
from evals.bench.stats import (
    TARGETS,
    LatencySummary,
    Target,
    compare,
    format_value,
    latency_table,
    lookup,
    median,
    percentile,
    ratio,
    targets_table,
)
from service.settings import PROJECT_ROOT


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 50, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 0, 1.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 100, 5.0),
        ([10.0, 20.0, 30.0, 40.0, 50.0], 95, 48.0),
        ([3.0, 1.0, 2.0], 50, 2.0),  # order of the input does not matter
        (list(map(float, range(1, 101))), 99, 99.01),
    ],
)
def test_percentile_interpolates_between_closest_ranks(
    values: list[float], q: float, expected: float
) -> None:
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_of_nothing_or_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="outside"):
        percentile([1.0], 101)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=50))
def test_percentiles_are_ordered_and_within_the_data(values: list[float]) -> None:
    p50, p95, p99 = (percentile(values, q) for q in (50, 95, 99))
    assert min(values) <= p50 <= p95 <= p99 <= max(values)
    assert p50 == pytest.approx(median(values))


def test_latency_summary_counts_throughput_over_wall_time() -> None:
    summary = LatencySummary.of([10.0, 20.0, 30.0, 40.0], errors=1, seconds=2.0)
    assert (summary.n, summary.errors, summary.p50, summary.throughput) == (4, 1, 25.0, 2.0)


def test_latency_summary_with_only_errors_has_no_percentiles() -> None:
    summary = LatencySummary.of([], errors=3, seconds=1.0)
    assert (summary.n, summary.errors) == (0, 3)
    assert math.isnan(summary.p50)


def test_ratio_is_none_when_either_side_is_missing_or_zero() -> None:
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(None, 2.0) is None
    assert ratio(1.0, 0.0) is None


def test_lookup_follows_dotted_keys_and_ignores_non_numbers() -> None:
    results = {"latency": {"c1": {"retrieval": {"p50": 12.5}}}, "flag": True, "text": {"x": "1"}}
    assert lookup(results, "latency.c1.retrieval.p50") == 12.5
    assert lookup(results, "latency.c4.retrieval.p50") is None
    assert lookup(results, "flag") is None
    assert lookup(results, "text.x") is None


@pytest.mark.parametrize(
    ("op", "limit", "value", "status"),
    [
        ("<=", 30, 29.9, "met"),
        ("<=", 30, 30.0, "met"),
        ("<=", 30, 30.1, "missed"),
        (">=", 0.85, 0.85, "met"),
        (">=", 0.85, 0.84, "missed"),
        ("<=", 0, 0, "met"),
        ("<=", 30, None, "not measured"),
        ("<=", 30, math.nan, "not measured"),
    ],
)
def test_target_check(op: str, limit: float, value: float | None, status: str) -> None:
    target = Target("t", "k", op, limit)  # type: ignore[arg-type]
    assert target.check(value) == status


def test_targets_cover_every_figure_the_issue_names() -> None:
    keys = {t.key for t in TARGETS}
    assert {
        "unseen.c1.retrieval.p50",
        "unseen.c1.retrieval.p95",
        "unseen.c1.out_of_scope.p95",
        "unseen.c1.calculator.p50",
        "unseen.c16.all.p95",
        "unseen.c16.errors",
        "latency.c1.retrieval.p50",
        "latency.c1.retrieval.p95",
        "latency.c1.calculator.p50",
        "latency.c16.errors",
        "ready.small.median_s",
        "ready.small.ratio_to_floor",
        "rss.service_small_mb",
        "ingest.throughput_ratio",
        "ingest.throughput_ratio_cpu",
        "reingest.time_ratio",
        "rss.service_large_mb",
        "scale.p50_ratio",
        "scale.unseen_p50_ratio",
    } == keys


def test_compare_and_table_put_each_figure_beside_its_target() -> None:
    results = {
        "latency": {"c1": {"retrieval": {"p50": 12.25, "p95": 95.5}}, "c16": {"errors": 0}},
        "ready": {"small": {"median_s": 4.2}},
    }
    statuses = {t.key: status for t, _, status in compare(results)}
    assert statuses["latency.c1.retrieval.p50"] == "met"
    assert statuses["latency.c1.retrieval.p95"] == "missed"
    assert statuses["latency.c16.errors"] == "met"
    assert statuses["scale.p50_ratio"] == "not measured"
    table = targets_table(results).splitlines()
    assert table[0] == "| measure | measured | target | |"
    assert "| repeated retrieval p50, concurrency 1 | 12.2 ms | <= 30 ms | met |" in table
    assert "| repeated retrieval p95, concurrency 1 | 95.5 ms | <= 80 ms | **missed** |" in table
    assert "| p50 with many reports / p50 with one | – | <= 3× | not measured |" in table
    assert len(table) == 2 + len(TARGETS)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (None, "ms", "–"),
        (0.0, "", "0"),
        (4.234, "s", "4.23 s"),
        (12.34, "ms", "12.3 ms"),
        (1536, "MB", "1536 MB"),
        (0.04, "x", "0.040×"),
    ],
)
def test_format_value(value: float | None, unit: str, text: str) -> None:
    assert format_value(value, unit) == text


def test_latency_table_has_a_row_per_concurrency_and_route() -> None:
    row = {"n": 10, "errors": 0, "p50": 5.5, "p95": 9.25, "p99": 9.9, "throughput": 100.0}
    table = latency_table(
        {"c1": {"retrieval": row, "errors": 0}, "c16": {"calculator": {**row, "errors": 2}}}
    )
    lines = table.splitlines()
    assert lines[2] == "| 1 | retrieval | 10 | 5.50 | 9.25 | 9.90 | 100 | 0 |"
    assert lines[3] == "| 16 | calculator | 10 | 5.50 | 9.25 | 9.90 | 100 | 2 |"
    assert len(lines) == 4  # the bare error count is not a route


def test_questions_come_from_the_cases_file_per_route_without_history() -> None:
    questions = pick_questions(PROJECT_ROOT / "evals" / "cases.yaml", 3)
    assert [q.route for q in questions] == [r for r in ROUTES for _ in range(3)]
    assert len({q.text for q in questions}) == len(questions)


def test_questions_skip_follow_ups(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {split: dev, route: retrieval, question: first}\n"
        "- {split: dev, route: retrieval, question: 'and then?', history: [{role: user, content: first}]}\n"
        "- {split: test, route: retrieval, question: second}\n",
        encoding="utf-8",
    )
    assert [q.text for q in pick_questions(cases, 5)] == ["first", "second"]


def test_unseen_questions_are_every_single_turn_case_once() -> None:
    from evals.bench.unseen import unseen_questions
    from evals.runner import DEFAULT_CASES

    questions = unseen_questions(DEFAULT_CASES)
    assert len(questions) == len(set(questions)) > 300


def test_stage_table_shows_p50_and_p95_of_each_stage_per_route() -> None:
    from collections import defaultdict

    from evals.bench.unseen import UnseenRun, stage_medians, stages_table

    run = UnseenRun()
    run.stages = defaultdict(lambda: defaultdict(list))
    for ms in (1.0, 2.0, 3.0):
        run.stages["calculator"]["calculate"].append(ms)
        run.stages["calculator"]["total"].append(ms * 2)
    table = stages_table(stage_medians(run)).splitlines()
    assert table[0].startswith("| route | route | calculate |")
    assert table[2].startswith("| calculator | – | 2.0 / 2.9 |")
    assert table[2].endswith("| 4.0 / 5.8 |")


def test_a_process_cpu_figure_grows_with_the_work_it_does_and_is_none_once_it_is_gone() -> None:
    import os
    import subprocess
    import sys

    from evals.bench.proc import proc_cpu_seconds

    before = proc_cpu_seconds(os.getpid())
    assert before is not None
    sum(i * i for i in range(3_000_000))  # about a tenth of a second of CPU
    after = proc_cpu_seconds(os.getpid())
    assert after is not None
    assert after - before >= 0.03
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert proc_cpu_seconds(gone.pid) is None


def test_the_cpu_line_names_each_concurrency_measured() -> None:
    from evals.bench.unseen import cpu_line

    unseen = {"c1": {"all": {}, "service_cpu_ms_per_question": 12.345}, "c16": {"all": {}}}
    assert cpu_line(unseen).endswith("1 clients 12.3 ms.")
    assert cpu_line({}) == "Service CPU per question: not measured."
