"""Who may call /v1/*: bearer API keys compared in constant time, and a per-caller rate limit.

Health routes stay open (orchestrators probe them); /slack/events is authenticated by Slack's signature in
service/slack/. The key check and the token bucket are pure (the clock is injected) and unit-tested.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import SecretStr
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.errors import domain_error_response
from service.api.middleware import AccessLogMiddleware
from service.errors import RateLimited, ReportQAError, Unauthorized, UnsafeSettings
from service.settings import Settings

PROTECTED_PREFIX = "/v1"
METRICS_PATH = "/metrics"
SCHEME_NAME = "bearerAuth"


def is_protected(path: str) -> bool:
    """Every /v1 route and /metrics need a key when keys are configured; nothing else does."""
    return path in {PROTECTED_PREFIX, METRICS_PATH} or path.startswith(PROTECTED_PREFIX + "/")


# Fingerprints are keyed by a secret drawn at start-up: stable within a process, meaningless outside it, so a log
# line cannot be used to test guesses of a key offline.
_FINGERPRINT_KEY = secrets.token_bytes(32)


def fingerprint(key: str) -> str:
    """A short name for a key that is safe to log: an HMAC under this process's random key, not a bare hash."""
    return "key-" + hmac.new(_FINGERPRINT_KEY, key.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None for any other form."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


class KeyChecker:
    """Compares a presented key with every configured key in constant time (no early exit on a match)."""

    def __init__(self, keys: Sequence[SecretStr]) -> None:
        self._keys = [key.get_secret_value().encode("utf-8") for key in keys]

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def matches(self, presented: str | None) -> bool:
        candidate = (presented or "").encode("utf-8")
        found = False
        for key in self._keys:
            found |= hmac.compare_digest(candidate, key)
        return found and presented is not None


class RateLimiter:
    """A token bucket per caller: `per_minute` requests in a burst, refilled evenly over the minute.

    `check` answers 0 when the request may go ahead, else the seconds until the caller's next token.
    Buckets that have refilled completely are forgotten, so memory stays bounded by active callers.
    """

    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_callers: int = 10_000
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self.max_callers = max_callers
        self._buckets: dict[str, tuple[float, float]] = {}  # caller -> (tokens, at)
        self._lock = threading.Lock()

    def check(self, caller: str) -> float:
        with self._lock:
            now = self.clock()
            tokens, at = self._buckets.get(caller, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.rate)
            if tokens >= 1.0:
                self._buckets[caller] = (tokens - 1.0, now)
                self._forget_idle(now)
                return 0.0
            self._buckets[caller] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) <= self.max_callers:
            return
        full = [
            caller
            for caller, (tokens, at) in self._buckets.items()
            if tokens + (now - at) * self.rate >= self.capacity
        ]
        for caller in full:
            del self._buckets[caller]


def retry_after_header(seconds: float) -> int:
    """Whole seconds, rounded up, at least 1 (HTTP's Retry-After takes an integer)."""
    return max(1, math.ceil(seconds))


def check_exposure(settings: Settings) -> None:
    """Refuse to serve on a non-loopback address without API keys."""
    if settings.binds_publicly and not settings.api_keys:
        raise UnsafeSettings(
            f"refusing to serve on {settings.host} without API keys: set REPORTQA_API_KEYS "
            "(comma separated), or serve on 127.0.0.1"
        )


class SecurityMiddleware:
    """Authenticates and rate-limits /v1/*; answers 401/429 in the one error shape."""

    def __init__(self, app: ASGIApp, keys: KeyChecker, limiter: RateLimiter) -> None:
        self.app = app
        self.keys = keys
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_protected(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        address = (scope.get("client") or ("unknown",))[0]
        error: ReportQAError | None = None
        caller = f"ip-{address}"
        if self.keys.enabled:
            token = bearer_token(_header(scope, b"authorization"))
            if self.keys.matches(token):
                assert token is not None
                caller = state["key_fingerprint"] = fingerprint(token)
            else:
                # failed attempts count against the address, so keys cannot be guessed at full speed
                error = Unauthorized(
                    "a valid API key is required: send `Authorization: Bearer <key>`"
                    if token is None
                    else "the API key is not valid"
                )
        wait = self.limiter.check(caller)
        if wait > 0:
            error = RateLimited(
                f"too many requests; the limit is {int(self.limiter.capacity)} a minute",
                retry_after_header(wait),
            )
        if error is not None:
            response = domain_error_response(error, Request(scope))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def install_security(app: FastAPI, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
    """Keys and rate limit on /v1, CORS only for configured origins, and the access log around them all."""
    app.add_middleware(
        SecurityMiddleware,
        keys=KeyChecker(settings.api_keys),
        limiter=RateLimiter(settings.rate_limit_per_minute, clock),
    )
    if settings.cors_origins:  # outside the key check: browsers send preflights without credentials
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
    app.add_middleware(AccessLogMiddleware)
    document_security(app, settings)


def document_security(app: FastAPI, settings: Settings) -> None:
    """Declare the bearer scheme, and 401/429/500 in the error shape, on /v1 operations of /openapi.json."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        error_ref = {"$ref": "#/components/schemas/ErrorResponse"}
        error = {"content": {"application/json": {"schema": error_ref}}}
        if settings.api_keys:
            schema.setdefault("components", {}).setdefault("securitySchemes", {})[SCHEME_NAME] = {
                "type": "http",
                "scheme": "bearer",
                "description": "One of the keys in REPORTQA_API_KEYS.",
            }
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault("500", {"description": "Unexpected error", **error})
                if not is_protected(path):
                    continue
                responses.setdefault("429", {"description": "Too many requests (see Retry-After)", **error})
                if settings.api_keys:
                    operation["security"] = [{SCHEME_NAME: []}]
                    responses.setdefault("401", {"description": "Missing or invalid API key", **error})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
