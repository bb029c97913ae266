"""The v1 HTTP routes: ask, search, documents, health and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from service.api.deps import DispatcherDep, EngineDep, MetricsDep, RuntimeDep
from service.api.schemas import (
    AskRequest,
    AskResponse,
    DocumentOut,
    DocumentsResponse,
    ErrorResponse,
    Filters,
    Health,
    Readiness,
    SearchRequest,
    SearchResponse,
    SearchResult,
)
from service.metrics import CONTENT_TYPE
from service.qa import retrieval
from service.qa.types import Turn

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 404, 413, 422, 429, 503)
}
router = APIRouter()


def _filters(filters: Filters | None) -> retrieval.Filters | None:
    if filters is None:
        return None
    return retrieval.Filters(filters.doc_id, filters.company, filters.fiscal_year)


@router.get("/healthz", response_model=Health, tags=["health"])
async def healthz() -> Health:
    """The process is alive."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}}, tags=["health"])
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    """200 once the model is warm and the index loaded; 503 with the reason otherwise."""
    checks = await run_in_threadpool(runtime.readiness)
    ready = runtime.is_ready(checks)
    body = Readiness(status="ready" if ready else "not_ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE: {}}}, 401: {"model": ErrorResponse}},
    tags=["health"],
)
async def metrics(metrics: MetricsDep) -> Response:
    """Prometheus metrics in the text format (behind the API key when keys are set)."""
    body = await run_in_threadpool(metrics.render)  # scraping reads readiness, which may ask the store
    return Response(body, media_type=CONTENT_TYPE)


@router.post("/v1/ask", response_model=AskResponse, responses=ERRORS, tags=["v1"])
async def ask(request: AskRequest, engine: EngineDep, dispatcher: DispatcherDep) -> AskResponse:
    """Answer a question about the ingested reports, quoting them with exact citations."""
    history = [Turn(m.role, m.content) for m in request.history or []]
    answer = await dispatcher.run(
        engine.ask, request.question, history, request.top_k, _filters(request.filters)
    )
    return AskResponse.from_answer(answer)


@router.post("/v1/search", response_model=SearchResponse, responses=ERRORS, tags=["v1"])
async def search(request: SearchRequest, engine: EngineDep) -> SearchResponse:
    """Passages of the reports ranked by hybrid (keyword + meaning) search, best first."""
    hits = await run_in_threadpool(
        engine.search, request.query, request.top_k or 5, _filters(request.filters)
    )
    return SearchResponse(
        results=[
            SearchResult(
                doc_id=h.chunk.doc_id,
                section=h.chunk.section,
                text=h.chunk.text,
                start=h.chunk.start,
                end=h.chunk.end,
                score=round(h.score, 6),
            )
            for h in hits
        ]
    )


@router.get("/v1/documents", response_model=DocumentsResponse, responses=ERRORS, tags=["v1"])
async def documents(engine: EngineDep) -> DocumentsResponse:
    """The reports that are ingested and searchable."""
    if engine.index is None:
        return DocumentsResponse(documents=[], ingested_at=None)
    snapshot = engine.index.snapshot
    return DocumentsResponse(
        documents=[
            DocumentOut(
                doc_id=d.meta.doc_id,
                company=d.meta.company,
                form=d.meta.form,
                fiscal_year=d.meta.fiscal_year,
                title=d.meta.title,
                source=d.meta.source,
                chunks=d.chunks,
                chars=d.chars,
                sha256=d.sha256,
            )
            for d in snapshot.documents
        ],
        ingested_at=snapshot.created or None,
    )
