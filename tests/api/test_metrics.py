"""GET /metrics: Prometheus text, read back with prometheus_client's own parser after real requests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from ingest.embedding import Embedder
from ingest.snapshot import read_snapshot
from service.app import create_app
from service.qa.timing import STAGES
from service.settings import Settings

pytestmark = pytest.mark.slow

KEY = "sk-metrics-test-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}
QUESTIONS = {
    "Who operates the US portion of the backbone?": "retrieval",
    "What are the PFIC income and asset tests?": "retrieval",
    "how much is withheld on a ¥1,000,000 dividend paid 30 Sept 2004 to a US individual who filed the form?": (
        "calculator"
    ),
    "How much tax is withheld on a ¥1,000,000 IIJ dividend?": "clarify",
    "What is IIJ's share price today?": "out_of_scope",
}


@pytest.fixture
def keyed_client(ingested_settings: Settings, embedder: Embedder) -> Iterator[TestClient]:
    """A fresh app (its own registry: counts start at zero) with an API key configured."""
    settings = Settings(**{**ingested_settings.model_dump(), "api_keys": KEY})
    with TestClient(create_app(settings, embedder=embedder)) as client:
        yield client


def scrape(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_need_the_api_key_when_keys_are_set(keyed_client: TestClient) -> None:
    response = keyed_client.get("/metrics")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_metrics_count_what_was_sent_by_route_status_answer_and_stage(
    keyed_client: TestClient, ingested_settings: Settings, embedder: Embedder
) -> None:
    routes: dict[str, int] = {}
    missing: list[str] = []
    calculations: list[tuple[str, str]] = []
    for question, expected in QUESTIONS.items():
        reply = keyed_client.post("/v1/ask", json={"question": question}, headers=AUTH)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["route"] == expected, body
        routes[expected] = routes.get(expected, 0) + 1
        missing += body["missing"] if expected == "clarify" else []
        if body["calculation"]:
            calculations.append((body["calculation"]["function"], body["calculation"]["status"]))
        timing = body["timing_ms"]
        assert set(timing) - {"total"} <= set(STAGES)
        assert sum(ms for name, ms in timing.items() if name != "total") <= timing["total"] + 0.01
    assert keyed_client.post("/v1/ask", json={"question": ""}, headers=AUTH).status_code == 422
    assert keyed_client.get("/v1/documents").status_code == 401

    samples = scrape(keyed_client)

    ask = "/v1/ask"
    assert value(samples, "reportqa_http_requests_total", route=ask, method="POST", status="200") == 5
    assert value(samples, "reportqa_http_requests_total", route=ask, method="POST", status="422") == 1
    # a refused key never reaches the router: counted under no route template
    assert value(samples, "reportqa_http_requests_total", route="unmatched", method="GET", status="401") == 1
    assert value(samples, "reportqa_http_request_duration_seconds_count", route=ask) == 6
    for route, count in routes.items():
        assert value(samples, "reportqa_answers_total", route=route) == count
        assert value(samples, "reportqa_answer_duration_seconds_count", route=route) == count
    assert value(samples, "reportqa_abstentions_total", source="retrieval") == 1
    assert missing
    for fact in missing:
        assert value(samples, "reportqa_clarify_questions_total", missing=fact) == missing.count(fact)
    assert calculations
    for function, status in calculations:
        counted = value(samples, "reportqa_calculator_results_total", function=function, status=status)
        assert counted == calculations.count((function, status))
    # every retrieval question was read, embedded and searched; the calculator answer was calculated
    assert value(samples, "reportqa_stage_duration_seconds_count", stage="embed") == 2
    assert value(samples, "reportqa_stage_duration_seconds_count", stage="search_lexical") == 2
    assert value(samples, "reportqa_stage_duration_seconds_count", stage="calculate") >= 1
    assert value(samples, "reportqa_stage_duration_seconds_count", stage="route") == 5

    snapshot = read_snapshot(ingested_settings.data_dir)
    assert snapshot is not None
    assert value(samples, "reportqa_ready") == 1
    assert value(samples, "reportqa_index_chunks") == len(snapshot.chunks)
    assert value(samples, "reportqa_index_documents") == len(snapshot.documents)
    info = {labels: v for (name, labels), v in samples.items() if name == "reportqa_index_info"}
    assert len(info) == 1
    labels = dict(next(iter(info)))
    assert labels["model"] == embedder.identity.name
    assert labels["model_digest"] == embedder.identity.digest[:12]
    assert labels["chunks"] == str(len(snapshot.chunks))
    assert value(samples, "reportqa_ingest_runs_total") >= 1
    assert value(samples, "reportqa_ingest_chunks_total", outcome="embedded") >= len(snapshot.chunks)
