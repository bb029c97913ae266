"""Numeric questions typed the way people type them, through /v1/ask; and no answer invents a number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.numbers import invented_numbers

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
NUMERIC: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests/data/numeric_questions.yaml").read_text("utf-8")
)["cases"]
EVAL_CASES: list[dict[str, Any]] = yaml.safe_load((ROOT / "evals/cases.yaml").read_text("utf-8"))


def post(client: TestClient, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
    response = client.post("/v1/ask", json={"question": question, "history": history or []})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("case", [c for c in NUMERIC if c["route"] != "none"], ids=lambda c: c["id"])
def test_plain_english_numeric_question_gets_its_route_numbers_and_missing_facts(
    client: TestClient, case: dict[str, Any]
) -> None:
    body = post(client, case["question"], case.get("history"))
    assert body["route"] == case["route"], body["answer"]
    # The data file gives numbers exactly as the answer writes them ("¥100,000", "2004-07-30").
    absent = [n for n in case.get("numbers", []) if n not in body["answer"]]
    assert not absent, body["answer"]
    if "missing" in case:
        assert sorted(body["missing"]) == sorted(case["missing"])
    if body["route"] == "calculator":
        assert body["calculation"]["function"]
        assert body["citations"], "a calculator answer cites the report sentences of its rules"


@pytest.mark.parametrize("case", [c for c in NUMERIC if c["route"] == "none"], ids=lambda c: c["id"])
def test_conceptual_question_is_left_to_retrieval(client: TestClient, case: dict[str, Any]) -> None:
    assert post(client, case["question"], case.get("history"))["route"] in {"retrieval", "out_of_scope"}


def test_no_answer_in_the_whole_question_set_contains_an_invented_number(client: TestClient) -> None:
    questions = [(c["question"], c.get("history")) for c in NUMERIC] + [
        (c["question"], c.get("history")) for c in EVAL_CASES
    ]
    stray: list[tuple[str, list[str]]] = []
    for question, history in questions:
        body = post(client, question, history)
        # restating the asker's own figures ("bought 45 days before") is not inventing them
        asked = [question, *(turn["content"] for turn in history or () if turn["role"] == "user")]
        sources: list[Any] = [*asked, *(c["quote"] for c in body["citations"])]
        if body["calculation"]:
            sources += [body["calculation"]["inputs"], body["calculation"]["result"]]
        invented = invented_numbers(body["answer"], sources)
        if invented:
            stray.append((question, invented))
    assert not stray, stray
