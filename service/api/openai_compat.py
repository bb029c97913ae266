"""The OpenAI-compatible surface: /v1/models and /v1/chat/completions (plain JSON or server-sent events).

Any OpenAI client can talk to reportqa. The last user message is the question, earlier user and assistant
messages are the conversation (follow-ups are resolved from it), system messages are accepted and ignored.
Citations and the calculation travel in the extra `reportqa` field and, for clients that show only text, as a
numbered source list at the end of the answer. `usage` counts word pieces with the embedding model's own
tokenizer (all-MiniLM-L6-v2's WordPiece, two special tokens per message included).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.api.deps import DispatcherDep, RuntimeDep
from service.api.routes import ERRORS
from service.api.schemas import AskResponse, CalculationOut, CitationOut
from service.errors import UnknownModel
from service.qa.engine import MAX_QUESTION_CHARS
from service.qa.types import Answer, Turn
from service.runtime import Runtime

MODEL_ID = "reportqa"
MODEL_CREATED = 1_700_000_000  # a fixed timestamp: the model card does not change between restarts
SOURCES_HEADER = "\n\nSources:\n"
_WORDS_PER_DELTA = 4
router = APIRouter(tags=["openai"])


# -- request -------------------------------------------------------------------------------------------------
class TextPart(BaseModel):
    """One text part of a message's content (OpenAI's array form); other part types are not accepted."""

    model_config = ConfigDict(strict=True)

    type: Literal["text"]
    text: Annotated[str, Field(max_length=20000)]


class ChatMessage(BaseModel):
    """A message of the conversation; fields other clients send (name, tool_calls…) are ignored."""

    model_config = ConfigDict(extra="ignore", strict=True)

    role: Literal["system", "developer", "user", "assistant"]
    content: (
        Annotated[str, Field(max_length=20000)] | Annotated[list[TextPart], Field(max_length=20)] | None
    ) = None

    @property
    def text(self) -> str:
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(part.text for part in self.content)


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    include_usage: bool | None = None


class ChatCompletionRequest(BaseModel):
    """OpenAI's request; sampling parameters are accepted and ignored (the answer is extractive).

    Known fields are validated strictly, as /v1/ask's are (`stream: "yes"` and `top_k: "3"` are 422, not
    coerced); fields reportqa does not know are ignored, as OpenAI clients send many."""

    model_config = ConfigDict(
        extra="ignore",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "model": "reportqa",
                    "messages": [
                        {"role": "user", "content": "What is the maximum treaty withholding rate?"},
                        {"role": "assistant", "content": "10% of the gross amount actually distributed [1]."},
                        {"role": "user", "content": "what about a pension fund?"},
                    ],
                },
                {
                    "model": "reportqa",
                    "stream": True,
                    "messages": [{"role": "user", "content": "Are there exchange controls in Japan?"}],
                },
            ]
        },
    )

    model: Annotated[str, Field(min_length=1, max_length=200)]
    messages: Annotated[list[ChatMessage], Field(min_length=1, max_length=100)]
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    n: Annotated[int, Field(ge=1, le=1)] | None = None
    temperature: Annotated[float, Field(ge=0, le=2)] | None = None
    top_p: Annotated[float, Field(ge=0, le=1)] | None = None
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1)] | None = None
    user: Annotated[str, Field(max_length=256)] | None = None
    top_k: Annotated[int, Field(ge=1, le=10, description="reportqa: how many passages to quote")] | None = (
        None
    )

    @model_validator(mode="after")
    def _question_last(self) -> ChatCompletionRequest:
        last = self.messages[-1]
        if last.role != "user":
            raise ValueError("the last message must be the user's question (role 'user')")
        question = last.text
        if not question.strip():
            raise ValueError("the last user message is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise ValueError(
                f"the question (last user message) is {len(question)} characters; "
                f"the limit is {MAX_QUESTION_CHARS}"
            )
        return self

    @property
    def question(self) -> str:
        return self.messages[-1].text

    def history(self) -> list[Turn]:
        """Earlier user and assistant turns; our own source lists are cut from assistant turns."""
        turns: list[Turn] = []
        for message in self.messages[:-1]:
            if message.role == "user":
                turns.append(Turn("user", message.text))
            elif message.role == "assistant" and message.text:
                turns.append(Turn("assistant", message.text.split(SOURCES_HEADER, 1)[0]))
        return turns


# -- response ------------------------------------------------------------------------------------------------
class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int
    message: AssistantMessage
    finish_reason: Literal["stop"]
    logprobs: None = None


class Usage(BaseModel):
    """Word pieces of the all-MiniLM-L6-v2 tokenizer: every message sent (prompt) and the text returned."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ReportQAFields(BaseModel):
    """What /v1/ask returns beside the answer text: the route, exact citations, the calculator's receipt."""

    route: Literal["retrieval", "calculator", "clarify", "out_of_scope"]
    citations: list[CitationOut]
    calculation: CalculationOut | None
    missing: list[str]
    timing_ms: dict[str, float]


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    system_fingerprint: str | None = None
    reportqa: ReportQAFields


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int
    delta: Delta
    finish_reason: Literal["stop"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    """One server-sent event of a streamed completion (`data: {...}`; the stream ends with `data: [DONE]`)."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    reportqa: ReportQAFields | None = None


# -- rendering (pure) ----------------------------------------------------------------------------------------
def render_text(answer: Answer) -> str:
    """The answer, then a numbered source list whose numbers match the answer's [n] markers."""
    if not answer.citations:
        return answer.answer
    lines = []
    for n, citation in enumerate(answer.citations, start=1):
        quote = " ".join(citation.quote.split())
        lines.append(
            f"[{n}] {citation.doc_id} — {citation.section} (chars {citation.start}–{citation.end}): “{quote}”"
        )
    return answer.answer + SOURCES_HEADER + "\n".join(lines)


def split_deltas(text: str, words: int = _WORDS_PER_DELTA) -> list[str]:
    """Pieces of a few words each that join back to exactly ``text``."""
    pieces = re.findall(r"\s*\S+", text)
    deltas = ["".join(pieces[i : i + words]) for i in range(0, len(pieces), words)]
    tail = text[len("".join(deltas)) :]
    if tail:
        deltas.append(tail)
    return deltas


def extras(answer: Answer) -> ReportQAFields:
    ask = AskResponse.from_answer(answer)
    return ReportQAFields(
        route=ask.route,
        citations=ask.citations,
        calculation=ask.calculation,
        missing=ask.missing,
        timing_ms=ask.timing_ms,
    )


def usage(request: ChatCompletionRequest, text: str, count: Callable[[str], int]) -> Usage:
    prompt = sum(count(message.text) for message in request.messages)
    completion = count(text)
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


def _counter(runtime: Runtime) -> Callable[[str], int]:
    embedder = runtime.embedder
    if embedder is not None:
        return embedder.count_tokens
    return lambda text: len(text.split())  # unreachable once the model is loaded; documented fallback


def _sse(payload: BaseModel | str) -> str:
    data = payload if isinstance(payload, str) else json.dumps(payload.model_dump(), ensure_ascii=False)
    return f"data: {data}\n\n"


async def _events(
    completion_id: str, created: int, text: str, fields: ReportQAFields, used: Usage | None
) -> AsyncIterator[str]:
    def chunk(delta: Delta, finish: Literal["stop"] | None = None, **extra: Any) -> ChatCompletionChunk:
        return ChatCompletionChunk(
            id=completion_id,
            created=created,
            model=MODEL_ID,
            choices=[ChunkChoice(index=0, delta=delta, finish_reason=finish)],
            **extra,
        )

    yield _sse(chunk(Delta(role="assistant", content="")))
    for piece in split_deltas(text):
        yield _sse(chunk(Delta(content=piece)))
    yield _sse(chunk(Delta(), "stop", reportqa=fields))
    if used is not None:  # OpenAI's stream_options.include_usage: one last chunk with no choices
        yield _sse(
            ChatCompletionChunk(id=completion_id, created=created, model=MODEL_ID, choices=[], usage=used)
        )
    yield _sse("[DONE]")


# -- routes --------------------------------------------------------------------------------------------------
_CARD = ModelCard(id=MODEL_ID, created=MODEL_CREATED, owned_by="reportqa")


@router.get("/v1/models", response_model=ModelList, responses=ERRORS)
async def list_models() -> ModelList:
    """The one model reportqa serves (OpenAI's model list)."""
    return ModelList(data=[_CARD])


@router.get("/v1/models/{model_id}", response_model=ModelCard, responses=ERRORS)
async def get_model(model_id: str) -> ModelCard:
    """One model by id; any id but `reportqa` is 404."""
    if model_id != MODEL_ID:
        raise UnknownModel(f"model {model_id!r} does not exist; the only model is {MODEL_ID!r}")
    return _CARD


_STREAM_DOC = (
    "With `stream: true`: server-sent events, each `data: <ChatCompletionChunk JSON>`; the first delta carries "
    "the role, the last chunk has finish_reason `stop` and the `reportqa` field, then `data: [DONE]`."
)


# One server-sent event (OpenAPI 3.1: the schema of a text/event-stream describes each event).
_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "description": "A ChatCompletionChunk as JSON, or the literal [DONE] last.",
        },
        "event": {"type": "string"},
        "id": {"type": "string"},
        "retry": {"type": "integer"},
    },
    "description": _STREAM_DOC,
}


@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {
            "description": "The answer (JSON), or with `stream: true` server-sent events.",
            "content": {"text/event-stream": {"schema": _EVENT_SCHEMA}},
        },
        **ERRORS,
    },
)
async def chat_completions(
    request: ChatCompletionRequest, runtime: RuntimeDep, dispatcher: DispatcherDep
) -> Response:
    """Answer the last user message in the light of the conversation (OpenAI chat completions)."""
    if request.model != MODEL_ID:
        raise UnknownModel(f"model {request.model!r} does not exist; the only model is {MODEL_ID!r}")
    engine = runtime.get_engine()
    answer = await dispatcher.run(engine.ask, request.question, request.history(), request.top_k)
    text = render_text(answer)
    count = _counter(runtime)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    fields = extras(answer)
    if request.stream:
        wants_usage = bool(request.stream_options and request.stream_options.include_usage)
        used = await run_in_threadpool(usage, request, text, count) if wants_usage else None
        return StreamingResponse(
            _events(completion_id, created, text, fields, used),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    completion = ChatCompletion(
        id=completion_id,
        created=created,
        model=MODEL_ID,
        choices=[Choice(index=0, message=AssistantMessage(content=text), finish_reason="stop")],
        usage=await run_in_threadpool(usage, request, text, count),
        reportqa=fields,
    )
    return JSONResponse(completion.model_dump())
