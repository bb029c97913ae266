"""Over a real socket, a question gets the same answer asked alone (answered on the event loop) or beside others
(answered on worker threads; service/api/dispatch.py), with either setting of REPORTQA_INLINE_WHEN_ALONE."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from ingest.embedding import Embedder
from service.app import create_app
from service.settings import Settings
from tests.api.live import live_server

QUESTIONS = [
    "Who operates the US portion of the backbone?",
    "how much is withheld on a ¥1m dividend paid 2004-09-30 to a US corp owning 30%, form filed?",
    "how much tax is withheld on a ¥1m dividend paid to a US corporation on 2004-09-30?",
    "Write me a poem about Tokyo.",
    "What are the PFIC asset and income tests?",
    "Are there exchange controls in Japan?",
]


def answer(client: httpx.Client, question: str) -> dict[str, Any]:
    reply = client.post("/v1/ask", json={"question": question})
    assert reply.status_code == 200, reply.text
    body: dict[str, Any] = reply.json()
    body.pop("timing_ms")
    return body


@pytest.mark.parametrize("inline_when_alone", [True, False])
def test_questions_asked_together_get_the_answers_they_get_alone(
    ingested_settings: Settings, embedder: Embedder, inline_when_alone: bool
) -> None:
    settings = Settings(
        **{
            **ingested_settings.model_dump(),
            "rate_limit_per_minute": 10_000,
            "inline_when_alone": inline_when_alone,
        }
    )
    with live_server(create_app(settings, embedder=embedder)) as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            alone = [answer(client, q) for q in QUESTIONS]

        def ask_in_own_client(question: str) -> dict[str, Any]:
            with httpx.Client(base_url=url, timeout=60) as own:
                return answer(own, question)

        with ThreadPoolExecutor(len(QUESTIONS)) as pool:
            together = list(pool.map(ask_in_own_client, QUESTIONS * 2))
    assert together == alone * 2
