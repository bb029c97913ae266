"""Routes the chat page needs beyond the chat API: a report's raw text, the calculator's vocabulary, feedback.

A report's text is served exactly as ingest read it, so `text[start:end] == quote` for every citation; its
ETag is the hash ingest recorded, and a file edited since the ingest is refused rather than served with
offsets that no longer match. Feedback goes to the same store as the Slack bot's 👍/👎
(service/slack/feedback.py), so `reportqa feedback export` turns both into eval case skeletons.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Request
from fastapi import Path as PathParameter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ingest.chunk import document_hash
from ingest.pipeline import read_report_text
from service.api.deps import EngineDep
from service.api.routes import ERRORS
from service.api.schemas import CalculationOut, CitationOut, Message
from service.errors import DocumentChanged, DocumentNotFound
from service.slack.feedback import FeedbackLog
from service.tools.flags import FLAG_WORDS
from service.tools.tax_rules import RULES

router = APIRouter(tags=["v1"])
_ETAG = {"description": "The hash ingest recorded for the text.", "schema": {"type": "string"}}
TEXT_ERRORS: dict[int | str, dict[str, object]] = {**ERRORS, 409: ERRORS[404]}


class TextCache:
    """The last verified text of each report file, keyed by its size and modification time."""

    def __init__(self) -> None:
        self._texts: dict[Path, tuple[int, int, str, str]] = {}
        self._lock = threading.Lock()

    def read(self, path: Path) -> tuple[str, str]:
        """The file's text and its hash, read again only when the file changed on disk."""
        stat = path.stat()
        with self._lock:
            cached = self._texts.get(path)
        if cached is not None and cached[:2] == (stat.st_size, stat.st_mtime_ns):
            return cached[2], cached[3]
        text = read_report_text(path)
        digest = document_hash(text)
        with self._lock:
            self._texts[path] = (stat.st_size, stat.st_mtime_ns, text, digest)
        return text, digest


async def _text_cache(request: Request) -> TextCache:
    cache: TextCache = request.app.state.text_cache
    return cache


async def _corpus_dir(request: Request) -> Path:
    corpus: Path = request.app.state.settings.corpus_dir
    return corpus


async def _feedback_log(request: Request) -> FeedbackLog:
    log: FeedbackLog = request.app.state.feedback
    return log


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


@router.get(
    "/v1/documents/{doc_id}/text",
    response_class=Response,
    responses={
        200: {
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "The report's text, as ingested (UTF-8).",
            "headers": {"ETag": _ETAG},
        },
        304: {"description": "Unchanged since the ETag sent in If-None-Match.", "headers": {"ETag": _ETAG}},
        **TEXT_ERRORS,
    },
)
async def document_text(
    doc_id: Annotated[str, PathParameter(max_length=200)],
    engine: EngineDep,
    cache: Annotated[TextCache, Depends(_text_cache)],
    corpus_dir: Annotated[Path, Depends(_corpus_dir)],
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """A report's raw text: citation offsets index it (Python string offsets, i.e. Unicode code points)."""
    record = engine.index.documents.get(doc_id) if engine.index is not None else None
    if record is None:
        raise DocumentNotFound(f"no ingested report has the id {doc_id!r}; GET /v1/documents lists them")
    path = corpus_dir / record.meta.file
    try:
        text, digest = await run_in_threadpool(cache.read, path)
    except (OSError, ValueError) as exc:
        raise DocumentChanged(
            f"the file of report {doc_id!r} cannot be read any more; run `reportqa ingest`"
        ) from exc
    if digest != record.sha256:
        raise DocumentChanged(
            f"the file of report {doc_id!r} changed since it was ingested, so citation offsets would not "
            "match it; run `reportqa ingest`"
        )
    etag = f'"{digest}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if _etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(text, media_type="text/plain; charset=utf-8", headers=headers)


# -- the calculator's vocabulary -----------------------------------------------------------------------------
class RuleOut(BaseModel):
    """A calculator rule and the report passage it quotes (offsets null when the passage is not ingested)."""

    id: str
    quote: str
    doc_id: str | None
    section: str | None
    start: int | None
    end: int | None


class CalculatorVocabulary(BaseModel):
    rules: dict[str, RuleOut]
    flags: dict[str, str]


@router.get("/v1/calculator", response_model=CalculatorVocabulary, responses=ERRORS)
async def calculator_vocabulary(engine: EngineDep) -> CalculatorVocabulary:
    """What a calculation receipt's rule ids quote (with offsets into the report) and its flags mean in words."""
    rules: dict[str, RuleOut] = {}
    for rule_id, rule in RULES.items():
        passage = engine.rule_passages.get(rule_id)
        if passage is None:
            rules[rule_id] = RuleOut(
                id=rule_id, quote=rule.quote, doc_id=None, section=None, start=None, end=None
            )
        else:
            rules[rule_id] = RuleOut(
                id=rule_id,
                quote=passage.quote,
                doc_id=passage.doc_id,
                section=passage.section,
                start=passage.start,
                end=passage.end,
            )
    return CalculatorVocabulary(rules=rules, flags=dict(FLAG_WORDS))


# -- feedback ------------------------------------------------------------------------------------------------
class FeedbackRequest(BaseModel):
    """A 👍/👎 on one answer, with what was asked and what came back (as the page received it)."""

    model_config = ConfigDict(extra="forbid")

    rating: Literal["up", "down"]
    question: str = Field(min_length=1, max_length=2000)
    history: list[Message] = Field(default_factory=list, max_length=100)
    answer: str = Field(max_length=40000)
    route: Literal["retrieval", "calculator", "clarify", "out_of_scope"]
    citations: list[CitationOut] = Field(default_factory=list, max_length=50)
    calculation: CalculationOut | None = None

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must contain something other than whitespace")
        return value


class FeedbackRecorded(BaseModel):
    ref: str
    rating: Literal["up", "down"]


def _record(log: FeedbackLog, feedback: FeedbackRequest, user: str | None) -> str:
    answer: Mapping[str, Any] = {**feedback.model_dump(exclude={"rating"}), "channel": "web"}
    ref = log.remember(answer)
    log.record_click(ref, feedback.rating, user, channel="web")
    return ref


@router.post("/v1/feedback", response_model=FeedbackRecorded, status_code=201, responses=ERRORS)
async def feedback(
    body: FeedbackRequest, request: Request, log: Annotated[FeedbackLog, Depends(_feedback_log)]
) -> FeedbackRecorded:
    """Record a 👍/👎 on an answer in the feedback store `reportqa feedback export` reads (as the Slack bot does)."""
    user = request.scope.get("state", {}).get("key_fingerprint") or "web"
    ref = await run_in_threadpool(_record, log, body, user)
    return FeedbackRecorded(ref=ref, rating=body.rating)
