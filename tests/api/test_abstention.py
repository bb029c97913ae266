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
        "How much revenue does IIJ earn?",  # "revenue" only in "Internal Revenue Service/Code"
        "What is IIJ's operating cash flow?",  # "operating" is not "operation"
        "What's the gross margin of IIJ?",  # "gross" is tied to "margin", a word the report never uses
        "When did IIJ hold its last shareholders' meeting?",  # no date about a meeting
        "When is IIJ's annual report due at the SEC?",  # no time limit for it
        "What are the certain limitations on crediting the Japanese tax?",  # named, never spelled out
        "How are the gains of a life insurance company on IIJ shares taxed?",  # a holder the discussion leaves out
        "I'm resident in Japan; how is my gain on selling IIJ ADSs taxed?",  # the summary is for non-residents
        "Our Osaka branch is a permanent establishment in Japan: what is withheld from its IIJ dividends?",
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
        "Is a life insurance company covered by the US tax section?",  # whether it is covered: the list says
        "What can a standing proxy provide for non-resident holders?",  # terse, every subject word quoted
        "On what date did the treaty start applying to taxes withheld at source?",  # a date is quoted
        "By when must the second treaty form for ADSs be submitted?",  # a time limit is quoted
        "What does the Internal Revenue Service require of PFIC shareholders?",  # the name asked for
    ],
)
def test_reworded_questions_the_report_answers_are_answered_with_quotes(
    client: TestClient, question: str
) -> None:
    body = ask(client, question)
    assert body["route"] == "retrieval"
    assert body["citations"]
