"""Out of scope exactly when the report does not answer: over HTTP, on the real report."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow


def ask(client: TestClient, question: str) -> dict[str, object]:
    response = client.post("/v1/ask", json={"question": question})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


@pytest.mark.parametrize(
    "question",
    [
        "What is the VAT rate in Japan?",  # a tax the report never names; its nearest word is "tax"
        "Who is IIJ's chief executive?",
        "What was IIJ's EBITDA?",
        "How many employees does IIJ have?",
        "What is the euro to yen rate right now?",  # live data
        "What's the stock trading at?",  # live data
        "Is IIJ stock a good investment?",  # advice
    ],
)
def test_questions_the_report_does_not_answer_get_no_quote(client: TestClient, question: str) -> None:
    body = ask(client, question)
    assert body["route"] == "out_of_scope"
    assert body["citations"] == []
    assert "does not say" in str(body["answer"])


@pytest.mark.parametrize(
    "question",
    [
        "If I trade my ADRs for the ordinary shares, is that a taxable event?",
        "Is swapping shares for ADSs taxable?",  # "swapping": no report word, but its nearest does not pull away
        "Is the old 1971 treaty still applicable?",
        "Does a capital link between investor and IIJ lower the rate?",
        "Does the 15% dividend rate have special foreign tax credit limits?",
    ],
)
def test_reworded_questions_the_report_answers_are_answered_with_quotes(
    client: TestClient, question: str
) -> None:
    body = ask(client, question)
    assert body["route"] == "retrieval"
    assert body["citations"]
