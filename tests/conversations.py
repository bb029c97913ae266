"""Questions put to the numeric layer as a conversation: alternating user and assistant messages, the last one
asked now."""

from __future__ import annotations

from service.qa.numeric import NumericAnswer, answer_numeric
from service.qa.types import Turn


def conversation(*messages: str) -> tuple[str, list[Turn]]:
    """The question asked now (the last message) and the history before it, user first."""
    history = [Turn("user" if n % 2 == 0 else "assistant", text) for n, text in enumerate(messages[:-1])]
    return messages[-1], history


def ask(*messages: str) -> NumericAnswer | None:
    question, history = conversation(*messages)
    return answer_numeric(question, history)


def answered(*messages: str) -> NumericAnswer:
    """The numeric layer's answer, which there must be."""
    answer = ask(*messages)
    assert answer is not None
    return answer


def calculated(*messages: str) -> NumericAnswer:
    """An answer the calculator gave."""
    answer = answered(*messages)
    assert answer.route == "calculator", answer.text
    assert answer.calculation is not None
    return answer
