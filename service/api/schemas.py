"""Request and response models of the HTTP contract (v1); these make /openapi.json exact."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.qa.types import Answer


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Message(_Strict):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20000)


class Filters(_Strict):
    """Restrict search and answers to one report, company or fiscal year."""

    doc_id: str | None = Field(default=None, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    fiscal_year: int | None = Field(default=None, ge=1900, le=2200)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must contain something other than whitespace")
    return value


class AskRequest(_Strict):
    question: str = Field(min_length=1, max_length=2000)
    history: list[Message] | None = Field(default=None, max_length=50)
    top_k: int | None = Field(default=None, ge=1, le=10)
    filters: Filters | None = None

    _blank = field_validator("question")(_not_blank)


class SearchRequest(_Strict):
    query: str = Field(min_length=1, max_length=2000)
    top_k: int | None = Field(default=None, ge=1, le=20)
    filters: Filters | None = None

    _blank = field_validator("query")(_not_blank)


class CitationOut(BaseModel):
    id: str
    doc_id: str
    section: str
    quote: str
    start: int
    end: int
    score: float


class CalculationOut(BaseModel):
    function: str
    inputs: dict[str, Any]
    status: Literal["OK", "CONDITIONAL", "NEED_INFO", "NOT_STATED", "OUT_OF_SCOPE"]
    result: dict[str, Any]
    flags: list[str]
    rules: list[str]
    steps: list[str]


class AskResponse(BaseModel):
    answer: str
    route: Literal["retrieval", "calculator", "clarify", "out_of_scope"]
    citations: list[CitationOut]
    calculation: CalculationOut | None
    missing: list[str]
    timing_ms: dict[str, float]

    @classmethod
    def from_answer(cls, answer: Answer) -> AskResponse:
        return cls(
            answer=answer.answer,
            route=answer.route,
            citations=[CitationOut(**vars(c)) for c in answer.citations],
            calculation=CalculationOut(**answer.calculation) if answer.calculation else None,
            missing=answer.missing,
            timing_ms=answer.timing_ms,
        )


class SearchResult(BaseModel):
    doc_id: str
    section: str
    text: str
    start: int
    end: int
    score: float


class SearchResponse(BaseModel):
    results: list[SearchResult]


class DocumentOut(BaseModel):
    doc_id: str
    company: str
    form: str
    fiscal_year: int | None
    title: str
    source: str
    chunks: int
    chars: int
    sha256: str


class DocumentsResponse(BaseModel):
    documents: list[DocumentOut]
    ingested_at: str | None


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready", "not_ready"]
    checks: dict[str, str]


class ErrorBody(BaseModel):
    code: str
    message: str
    request_id: str | None = None
    details: list[dict[str, Any]] | None = None


class ErrorResponse(BaseModel):
    """The one shape of every 4xx and 5xx response."""

    error: ErrorBody
