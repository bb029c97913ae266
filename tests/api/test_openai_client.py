"""The official `openai` client against a live reportqa (uvicorn on a loopback port): plain and streamed,
single questions and three-turn conversations whose follow-ups are resolved from the conversation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from openai import OpenAI
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from ingest.embedding import Embedder, TokenCounter
from service.app import create_app
from service.settings import Settings
from tests.api.live import live_server

pytestmark = pytest.mark.slow

KEY = "test-key-openai-client-0123456789"
CALCULATOR_QUESTION = (
    "how much japanese tax is withheld on a ¥1,000,000 dividend paid 30 Sept 2004 to a US individual "
    "who filed the treaty form?"
)


@pytest.fixture(scope="module")
def base_url(ingested_settings: Settings, embedder: Embedder) -> Iterator[str]:
    settings = Settings(
        **{**ingested_settings.model_dump(), "api_keys": KEY, "rate_limit_per_minute": 10_000}
    )
    with live_server(create_app(settings, embedder=embedder)) as url:
        yield url


@pytest.fixture(scope="module")
def ai(base_url: str) -> OpenAI:
    return OpenAI(base_url=f"{base_url}/v1", api_key=KEY, max_retries=0, timeout=60)


def extra(completion: Any) -> dict[str, Any]:
    """The `reportqa` field the client keeps beside OpenAI's own."""
    fields: dict[str, Any] = completion.model_extra["reportqa"]
    return fields


def ask(ai: OpenAI, messages: list[ChatCompletionMessageParam]) -> ChatCompletion:
    completion = ai.chat.completions.create(model="reportqa", messages=messages)
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].finish_reason == "stop"
    return completion


def converse(ai: OpenAI, questions: list[str]) -> list[ChatCompletion]:
    """Ask each question after the ones before it and the answers they got, as a chat client would."""
    messages: list[ChatCompletionMessageParam] = [
        {"role": "system", "content": "You answer questions about annual reports."}
    ]
    completions = []
    for question in questions:
        messages.append({"role": "user", "content": question})
        completion = ask(ai, messages)
        completions.append(completion)
        messages.append({"role": "assistant", "content": completion.choices[0].message.content or ""})
    return completions


def test_models_lists_reportqa(ai: OpenAI) -> None:
    assert [model.id for model in ai.models.list()] == ["reportqa"]
    assert ai.models.retrieve("reportqa").owned_by == "reportqa"


def test_retrieval_answer_carries_citations_in_text_and_extra_field(ai: OpenAI, corpus_text: str) -> None:
    completion = ask(ai, [{"role": "user", "content": "Who operates the US portion of the backbone?"}])
    text = completion.choices[0].message.content or ""
    fields = extra(completion)
    assert fields["route"] == "retrieval"
    assert "IIJ America" in text
    assert "\n\nSources:\n[1] iij-20f-fy2004-item10 — C. Material Contracts" in text
    for citation in fields["citations"]:
        assert corpus_text[citation["start"] : citation["end"]] == citation["quote"]
    assert fields["calculation"] is None


def test_usage_counts_word_pieces_of_every_message_and_the_answer(
    ai: OpenAI, token_counter: TokenCounter
) -> None:
    system = "Be brief."
    question = "Are there exchange controls in Japan?"
    completion = ask(ai, [{"role": "system", "content": system}, {"role": "user", "content": question}])
    usage = completion.usage
    assert usage is not None
    assert usage.prompt_tokens == token_counter(system) + token_counter(question)
    assert usage.completion_tokens == token_counter(completion.choices[0].message.content or "")
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_three_turn_retrieval_conversation_resolves_the_holder_and_the_date(ai: OpenAI) -> None:
    first, second, third = converse(
        ai,
        [
            "What is the maximum treaty withholding rate for most shareholders?",
            "what about a pension fund?",
            "and before July 2004?",
        ],
    )
    assert "10%" in (first.choices[0].message.content or "")
    assert "pension fund" in (second.choices[0].message.content or "")
    for completion in (first, second, third):
        assert extra(completion)["route"] == "retrieval"
        assert extra(completion)["citations"]


def test_which_form_is_that_is_answered_from_the_question_before(ai: OpenAI) -> None:
    first, second, third = converse(
        ai,
        [
            "Do non-resident holders have to submit anything to get the reduced treaty rate?",
            "which form is that?",
            "and for ADSs?",
        ],
    )
    for completion in (first, second, third):
        assert extra(completion)["route"] == "retrieval"
    # searched alone, "which form is that?" has nothing to go on; resolved, it quotes the filing rule
    assert "must submit the required form" in (second.choices[0].message.content or "")
    assert "Application Form" in (third.choices[0].message.content or "")


def test_three_turn_calculator_conversation_carries_the_facts_forward(ai: OpenAI) -> None:
    first, second, third = converse(
        ai, [CALCULATOR_QUESTION, "and if they hadn't filed the form?", "what about a ¥2,000,000 dividend?"]
    )
    for completion in (first, second, third):
        fields = extra(completion)
        assert fields["route"] == "calculator"
        assert fields["calculation"]["function"] == "jp_withholding_amounts"
        assert fields["citations"]
    assert extra(first)["calculation"]["result"]["withheld_jpy"] == 100000
    assert extra(third)["calculation"]["inputs"]["gross_dividend_jpy"] == 2000000
    assert extra(third)["calculation"]["inputs"]["advance_form_filed"] is False


def test_three_turn_clarify_conversation_asks_until_it_can_calculate(ai: OpenAI) -> None:
    first, second, third = converse(
        ai,
        [
            "What's the Japanese withholding rate on an IIJ dividend paid in October 2004?",
            "the US",
            "an individual",
        ],
    )
    assert extra(first)["route"] == "clarify"
    assert extra(first)["missing"] == ["residence"]
    assert extra(second)["route"] == "clarify"
    assert extra(second)["missing"] == ["holder_type"]
    assert extra(third)["route"] == "calculator"
    assert "10%" in (third.choices[0].message.content or "")


@pytest.mark.parametrize(
    "questions",
    [
        [
            "What is the Japanese dividend withholding rate for a Canadian resident?",
            "and for a resident of Germany?",
            "what about a UK pension fund?",
        ],
        ["What's IIJ's ticker symbol?", "and on which exchange?", "how many IIJ shares are outstanding?"],
    ],
)
def test_three_turn_out_of_scope_conversation_never_invents(ai: OpenAI, questions: list[str]) -> None:
    completions = converse(ai, questions)
    for completion in completions:
        assert extra(completion)["route"] == "out_of_scope"
        text = completion.choices[0].message.content or ""
        assert re.search(r"\b(?:not|no)\b", text)  # says the report does not give it; never a guessed figure


def stream_text(ai: OpenAI, messages: list[ChatCompletionMessageParam]) -> tuple[str, list[Any]]:
    chunks = list(
        ai.chat.completions.create(
            model="reportqa", messages=messages, stream=True, stream_options={"include_usage": True}
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    return text, chunks


def test_streamed_answer_equals_the_plain_one_and_ends_with_stop(ai: OpenAI) -> None:
    messages: list[ChatCompletionMessageParam] = [
        {"role": "user", "content": "Who operates the US portion of the backbone?"}
    ]
    plain = ask(ai, messages)
    text, chunks = stream_text(ai, messages)
    assert text == plain.choices[0].message.content
    assert chunks[0].object == "chat.completion.chunk"
    assert chunks[0].choices[0].delta.role == "assistant"
    with_choices = [c for c in chunks if c.choices]
    assert with_choices[-1].choices[0].finish_reason == "stop"
    assert all(c.choices[0].finish_reason is None for c in with_choices[:-1])
    assert extra(with_choices[-1])["citations"] == extra(plain)["citations"]
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == plain.usage.completion_tokens if plain.usage else False
    assert len({c.id for c in chunks}) == 1


@pytest.mark.parametrize(
    ("questions", "route"),
    [
        (
            [
                "What is the maximum treaty withholding rate for most shareholders?",
                "what about a pension fund?",
            ],
            "retrieval",
        ),
        ([CALCULATOR_QUESTION, "and if they hadn't filed the form?"], "calculator"),
        (
            ["What's the Japanese withholding rate on an IIJ dividend paid in October 2004?", "the US"],
            "clarify",
        ),
        (["What's IIJ's ticker symbol?", "and on which exchange?"], "out_of_scope"),
    ],
)
def test_streamed_follow_up_is_answered_like_the_plain_one(
    ai: OpenAI, questions: list[str], route: str
) -> None:
    plain = converse(ai, questions)
    messages: list[ChatCompletionMessageParam] = []
    for question, completion in zip(questions[:-1], plain, strict=False):
        messages += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": completion.choices[0].message.content or ""},
        ]
    messages.append({"role": "user", "content": questions[-1]})
    text, chunks = stream_text(ai, messages)
    assert text == plain[-1].choices[0].message.content
    final = next(c for c in chunks if c.choices and c.choices[0].finish_reason == "stop")
    assert extra(final)["route"] == route


def test_raw_stream_is_server_sent_events_ending_with_done(base_url: str) -> None:
    body = {
        "model": "reportqa",
        "stream": True,
        "messages": [{"role": "user", "content": "Are there exchange controls in Japan?"}],
    }
    headers = {"Authorization": f"Bearer {KEY}"}
    with httpx.stream("POST", f"{base_url}/v1/chat/completions", json=body, headers=headers, timeout=60) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in r.iter_lines() if line]
    assert all(line.startswith("data: ") for line in lines)
    assert lines[-1] == "data: [DONE]"
    payloads = [json.loads(line.removeprefix("data: ")) for line in lines[:-1]]
    assert {p["object"] for p in payloads} == {"chat.completion.chunk"}
    assert payloads[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert payloads[-1]["choices"][0]["finish_reason"] == "stop"


def test_unknown_model_is_404_in_the_error_shape(ai: OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as raised:
        ai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    body = raised.value.response.json()
    assert body["error"]["code"] == "model_not_found"
    assert body["error"]["request_id"] == raised.value.response.headers["x-request-id"]
    with pytest.raises(openai.NotFoundError):
        ai.models.retrieve("gpt-4o")


def test_wrong_key_is_refused_by_the_client_as_authentication_error(base_url: str) -> None:
    wrong = OpenAI(base_url=f"{base_url}/v1", api_key="not-the-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as raised:
        wrong.models.list()
    assert raised.value.response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "messages",
    [
        [{"role": "assistant", "content": "Hello"}],
        [{"role": "user", "content": "What is PFIC?"}, {"role": "assistant", "content": "…"}],
        [{"role": "user", "content": "   "}],
        [{"role": "tool", "content": "x", "tool_call_id": "1"}],
    ],
)
def test_bad_messages_are_422(ai: OpenAI, messages: list[Any]) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as raised:
        ai.chat.completions.create(model="reportqa", messages=messages)
    assert raised.value.response.json()["error"]["code"] == "invalid_request"


def test_empty_messages_are_422(ai: OpenAI) -> None:
    with pytest.raises(openai.UnprocessableEntityError):
        ai.chat.completions.create(model="reportqa", messages=[])
