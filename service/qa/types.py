"""Plain data passed between the question-answering layers (no I/O, no framework types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["user", "assistant"]
Route = Literal["retrieval", "calculator", "clarify", "out_of_scope"]


@dataclass(frozen=True)
class Turn:
    """One earlier message of a conversation."""

    role: Role
    content: str


@dataclass(frozen=True)
class Citation:
    """A verbatim passage of a corpus file: ``quote == text[start:end]``."""

    id: str
    doc_id: str
    section: str
    quote: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Answer:
    """What the engine returns for one question; mirrors the /v1/ask response."""

    answer: str
    route: Route
    citations: list[Citation] = field(default_factory=list)
    calculation: dict[str, Any] | None = None
    missing: list[str] = field(default_factory=list)
    timing_ms: dict[str, float] = field(default_factory=dict)
