"""The one mapping from errors to HTTP responses: every 4xx/5xx body is an `ErrorResponse`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.errors import RateLimited, ReportQAError, Unauthorized

log = logging.getLogger("reportqa.api")


def error_response(
    status: int,
    code: str,
    message: str,
    request: Request | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    request_id = getattr(request.state, "request_id", None) if request is not None else None
    if request_id:
        body["request_id"] = request_id
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def domain_error_response(exc: ReportQAError, request: Request | None = None) -> JSONResponse:
    """The HTTP form of a domain error, with the headers its status calls for."""
    headers: dict[str, str] = {}
    if exc.status_code == 503:
        headers["Retry-After"] = "5"
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="reportqa"'
    return error_response(exc.status_code, exc.code, str(exc), request, headers=headers or None)


def _describe(errors: list[dict[str, Any]]) -> tuple[str, str, list[dict[str, Any]]]:
    if any(e.get("type") == "json_invalid" for e in errors):
        return "invalid_json", "the request body is not valid JSON", []
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "problem": str(e.get("msg", ""))}
        for e in errors
    ]
    message = "; ".join(f"{d['field'] or 'body'}: {d['problem']}" for d in details)
    return "invalid_request", message, details


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ReportQAError)
    async def _domain(request: Request, exc: ReportQAError) -> JSONResponse:
        if exc.detail:  # paths and exception text: for the operator's log, never the response
            log.warning("%s: %s", exc.code, exc, extra={"detail": exc.detail})
        return domain_error_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        code, message, details = _describe(list(exc.errors()))
        return error_response(400 if code == "invalid_json" else 422, code, message, request, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            401: "unauthorized",
            404: "not_found",
            405: "method_not_allowed",
            413: "body_too_large",
            415: "unsupported_media_type",
            429: "rate_limited",
        }
        headers = dict(exc.headers) if exc.headers else None
        return error_response(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            str(exc.detail),
            request,
            headers=headers,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return error_response(
            500, "internal_error", "something went wrong on our side; it has been logged", request
        )
