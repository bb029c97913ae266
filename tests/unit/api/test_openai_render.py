"""The pure parts of the OpenAI surface: the text with its source list, stream pieces, messages to turns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from service.api.openai_compat import SOURCES_HEADER, ChatCompletionRequest, render_text, split_deltas
from service.qa.types import Answer, Citation, Turn


def test_text_ends_with_a_numbered_source_list_matching_the_markers() -> None:
    answer = Answer(
        answer="Dividends are taxed [1]. Forms apply [2].",
        route="retrieval",
        citations=[
            Citation("c1", "doc", "E. Taxation", "Dividends\n are taxed.", 10, 30, 0.5),
            Citation("c2", "doc", "E. Taxation", "Forms apply.", 40, 52, 0.4),
        ],
    )
    assert render_text(answer) == (
        "Dividends are taxed [1]. Forms apply [2]."
        "\n\nSources:\n"
        "[1] doc — E. Taxation (chars 10–30): “Dividends are taxed.”\n"
        "[2] doc — E. Taxation (chars 40–52): “Forms apply.”"
    )


def test_an_answer_without_citations_has_no_source_list() -> None:
    assert render_text(Answer(answer="The report does not say.", route="out_of_scope")) == (
        "The report does not say."
    )


@given(st.text(max_size=500))
def test_stream_pieces_join_back_to_exactly_the_text(text: str) -> None:
    assert "".join(split_deltas(text)) == text


def test_stream_pieces_are_a_few_words_each() -> None:
    assert split_deltas("one two three four five six", words=4) == ["one two three four", " five six"]


def request(messages: list[dict[str, object]], **extra: object) -> ChatCompletionRequest:
    return ChatCompletionRequest.model_validate({"model": "reportqa", "messages": messages, **extra})


def test_last_user_message_is_the_question_and_the_rest_is_history_without_system_or_sources() -> None:
    parsed = request(
        [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "What is the rate?"},
            {"role": "assistant", "content": "10% [1]." + SOURCES_HEADER + "[1] doc — …"},
            {
                "role": "user",
                "content": [{"type": "text", "text": "and for "}, {"type": "text", "text": "a fund?"}],
            },
        ]
    )
    assert parsed.question == "and for a fund?"
    assert parsed.history() == [Turn("user", "What is the rate?"), Turn("assistant", "10% [1].")]


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([{"role": "assistant", "content": "hi"}], "last message must be the user's question"),
        ([{"role": "user", "content": " "}], "empty"),
        ([{"role": "user", "content": "x" * 2001}], "2001 characters; the limit is 2000"),
        ([{"role": "tool", "content": "x"}], "role"),
        ([], "at least 1"),
    ],
)
def test_bad_messages_are_rejected_with_the_reason(messages: list[dict[str, object]], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        request(messages)


def test_a_question_of_exactly_2000_characters_is_accepted() -> None:
    assert len(request([{"role": "user", "content": "x" * 2000}]).question) == 2000
