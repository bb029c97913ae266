"""Metrics: every observation lands on the one series of its labels, however often those labels recur."""

from __future__ import annotations

from service.metrics import Metrics
from service.qa.types import Answer


def value(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_requests_are_counted_per_route_method_and_status_and_timed_per_route() -> None:
    metrics = Metrics()
    for status in (200, 200, 422):
        metrics.observe_request("/v1/ask", "POST", status, 0.004)
    metrics.observe_request("/healthz", "GET", 200, 0.0005)
    ask = {"route": "/v1/ask", "method": "POST"}
    assert value(metrics, "reportqa_http_requests_total", **ask, status="200") == 2
    assert value(metrics, "reportqa_http_requests_total", **ask, status="422") == 1
    assert value(metrics, "reportqa_http_requests_total", route="/healthz", method="GET", status="200") == 1
    assert value(metrics, "reportqa_http_request_duration_seconds_count", route="/v1/ask") == 3
    assert value(metrics, "reportqa_http_request_duration_seconds_bucket", route="/v1/ask", le="0.005") == 3
    assert value(metrics, "reportqa_http_request_duration_seconds_bucket", route="/healthz", le="0.001") == 1


def test_answers_stages_and_calculator_results_accumulate_across_questions() -> None:
    metrics = Metrics()
    calculation = {"function": "jp_withholding_amounts", "status": "OK"}
    for _ in range(3):
        metrics.observe_answer(
            Answer(
                answer="¥50,000 is withheld.",
                route="calculator",
                calculation=calculation,
                timing_ms={"route": 3.0, "calculate": 0.1, "total": 3.2},
            )
        )
    metrics.observe_answer(Answer(answer="Which?", route="clarify", missing=["voting_pct"], timing_ms={}))
    assert value(metrics, "reportqa_answers_total", route="calculator") == 3
    assert value(metrics, "reportqa_answers_total", route="clarify") == 1
    assert value(metrics, "reportqa_answer_duration_seconds_count", route="calculator") == 3
    assert value(metrics, "reportqa_stage_duration_seconds_count", stage="route") == 3
    assert value(metrics, "reportqa_stage_duration_seconds_count", stage="calculate") == 3
    assert value(metrics, "reportqa_clarify_questions_total", missing="voting_pct") == 1
    assert (
        value(metrics, "reportqa_calculator_results_total", function="jp_withholding_amounts", status="OK")
        == 3
    )


def test_two_services_in_one_process_never_share_counts() -> None:
    first, second = Metrics(), Metrics()
    first.observe_request("/v1/ask", "POST", 200, 0.004)
    assert value(second, "reportqa_http_requests_total", route="/v1/ask", method="POST", status="200") is None
    second.observe_request("/v1/ask", "POST", 200, 0.004)
    assert value(first, "reportqa_http_requests_total", route="/v1/ask", method="POST", status="200") == 1
