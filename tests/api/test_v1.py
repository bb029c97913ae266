"""The v1 HTTP contract: /v1/ask, /v1/search, /v1/documents, health, and errors for bad input."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow


def ask(client: TestClient, question: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_backbone_question_quotes_iij_america_with_exact_offsets(
    client: TestClient, corpus_text: str
) -> None:
    body = ask(client, "Who operates the US portion of the backbone?")
    assert body["route"] == "retrieval"
    assert "IIJ America" in body["answer"]
    first = body["citations"][0]
    assert "IIJ America" in first["quote"]
    assert corpus_text[first["start"] : first["end"]] == first["quote"]
    assert first["doc_id"] == "iij-20f-fy2004-item10"
    assert first["section"] == "C. Material Contracts"


@pytest.mark.parametrize(
    "question",
    [
        "What is the maximum withholding rate under the treaty for most shareholders?",
        "which holders does the US tax discussion not address?",
        "What are the PFIC income and asset tests?",
        "Where can I inspect IIJ's SEC filings?",
        "how much is withheld on a ¥1,000,000 dividend paid 30 Sept 2004 to a US individual who filed the form?",
    ],
)
def test_every_citation_quotes_the_corpus_exactly_and_every_marker_has_a_citation(
    client: TestClient, corpus_text: str, question: str
) -> None:
    body = ask(client, question)
    assert body["citations"], body
    ids = [c["id"] for c in body["citations"]]
    assert ids == [f"c{n}" for n in range(1, len(ids) + 1)]
    for citation in body["citations"]:
        assert corpus_text[citation["start"] : citation["end"]] == citation["quote"]
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", body["answer"])}
    assert markers, body["answer"]
    assert markers <= set(range(1, len(ids) + 1))


def test_response_has_every_contract_field(client: TestClient) -> None:
    body = ask(client, "Are there exchange controls in Japan?")
    assert set(body) == {"answer", "route", "citations", "calculation", "missing", "timing_ms"}
    assert body["timing_ms"]["total"] > 0
    assert set(body["citations"][0]) == {"id", "doc_id", "section", "quote", "start", "end", "score"}


def test_numeric_question_is_answered_by_the_calculator_with_its_receipt(client: TestClient) -> None:
    body = ask(
        client,
        "how much japanese tax is withheld on a ¥1,000,000 dividend paid 30 Sept 2004 to a US individual "
        "who filed the treaty form?",
    )
    assert body["route"] == "calculator"
    assert "¥100,000" in body["answer"]
    calculation = body["calculation"]
    assert calculation["function"] == "jp_withholding_amounts"
    assert calculation["status"] == "OK"
    assert calculation["result"]["withheld_jpy"] == 100000
    assert calculation["rules"]
    assert calculation["steps"]


def test_missing_fact_gets_clarify_with_the_missing_list(client: TestClient) -> None:
    body = ask(client, "how much tax is withheld on a ¥1m dividend paid to a US corporation on 2004-09-30?")
    assert body["route"] == "clarify"
    assert body["missing"] == ["voting_pct"]
    assert "?" in body["answer"]


def test_question_the_report_cannot_answer_says_so_without_quotes(client: TestClient) -> None:
    body = ask(client, "Write me a poem about Tokyo.")
    assert body["route"] == "out_of_scope"
    assert body["citations"] == []
    assert "does not say" in body["answer"]


def test_follow_up_carries_the_earlier_facts(client: TestClient) -> None:
    history = [
        {
            "role": "user",
            "content": "how much is withheld on a ¥1m dividend paid 2004-09-30 to a US corp owning 30%, form filed?",
        },
        {"role": "assistant", "content": "¥50,000 is withheld."},
    ]
    body = ask(client, "and if it had owned 60% for two years?", history=history)
    assert body["route"] == "calculator"
    assert body["calculation"]["inputs"]["voting_pct"] == 60


def test_search_returns_ranked_passages_with_offsets(client: TestClient, corpus_text: str) -> None:
    response = client.post("/v1/search", json={"query": "PFIC asset test quarterly average", "top_k": 3})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 3
    assert results[0]["section"].endswith("PFIC Rules")
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    for result in results:
        assert corpus_text[result["start"] : result["end"]] == result["text"]


def test_documents_lists_the_ingested_report(client: TestClient) -> None:
    documents = client.get("/v1/documents").json()["documents"]
    assert [d["doc_id"] for d in documents] == ["iij-20f-fy2004-item10"]
    assert documents[0]["fiscal_year"] == 2004
    assert documents[0]["chunks"] > 10


def test_health_and_readiness_are_up_once_loaded(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


def test_before_ingest_readiness_is_503_and_questions_say_what_to_run(empty_client: TestClient) -> None:
    ready = empty_client.get("/readyz")
    assert ready.status_code == 503
    assert "reportqa ingest" in ready.json()["checks"]["index"]
    response = empty_client.post("/v1/ask", json={"question": "Who operates the backbone?"})
    assert response.status_code == 503
    assert "reportqa ingest" in response.json()["error"]["message"]


BAD_BODIES = [
    ("empty question", json.dumps({"question": ""}), 422, "invalid_request"),
    ("whitespace question", json.dumps({"question": "   \n\t "}), 422, "invalid_request"),
    ("question over 2,000 characters", json.dumps({"question": "x" * 2001}), 422, "invalid_request"),
    ("question of the wrong type", json.dumps({"question": 42}), 422, "invalid_request"),
    ("top_k of the wrong type", json.dumps({"question": "ok?", "top_k": "3"}), 422, "invalid_request"),
    ("top_k out of range", json.dumps({"question": "ok?", "top_k": 11}), 422, "invalid_request"),
    ("unknown field", json.dumps({"question": "ok?", "colour": "blue"}), 422, "invalid_request"),
    (
        "history with a bad role",
        json.dumps({"question": "ok?", "history": [{"role": "system", "content": "x"}]}),
        422,
        "invalid_request",
    ),
    ("invalid JSON", '{"question": "unterminated', 400, "invalid_json"),
    ("a JSON list instead of an object", "[1, 2]", 422, "invalid_request"),
    ("no body", "", 422, "invalid_request"),
]


@pytest.mark.parametrize(("_name", "body", "status", "code"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_input_gets_a_clear_json_error(
    client: TestClient, _name: str, body: str, status: int, code: str
) -> None:
    response = client.post("/v1/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert "Traceback" not in response.text


def test_body_over_64_kib_is_refused_with_413(client: TestClient) -> None:
    body = json.dumps({"question": "x" * (70 * 1024)})
    response = client.post("/v1/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_search_rejects_a_blank_query(client: TestClient) -> None:
    response = client.post("/v1/search", json={"query": "  "})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "query"


def test_unknown_route_is_a_json_404(client: TestClient) -> None:
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_every_calculator_rule_is_located_in_the_report_for_citation(
    client: TestClient, corpus_text: str
) -> None:
    from service.tools.tax_rules import RULES

    passages = client.app.state.runtime.engine.rule_passages  # type: ignore[attr-defined]
    assert set(passages) == set(RULES)
    for passage in passages.values():
        assert corpus_text[passage.start : passage.end] == passage.quote
