"""HTTP mode: Slack's events and interactivity POST to /slack/events of the same FastAPI app (one index).

Slack cannot make this route fail with a 5xx: the signature and timestamp are checked before the body is parsed
(401), the body's shape before Bolt sees it (400), Bolt's own refusals are given the one error shape, and the
acknowledgement never waits for Slack's Web API (service/slack/identity.py).
"""

from __future__ import annotations

import logging
import time

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from slack_bolt.request import BoltRequest

from service.api.errors import error_response
from service.runtime import Runtime
from service.settings import Settings
from service.slack.bot import build_bolt_app
from service.slack.guard import FailureLog, malformed, refusal
from service.slack.identity import BotIdentity

EVENTS_PATH = "/slack/events"
log = logging.getLogger("reportqa.slack")
_CODES = {400: "invalid_request", 401: "unauthorized", 404: "not_found"}


def mount_slack(app: FastAPI, settings: Settings, runtime: Runtime) -> None:
    """Add ``POST /slack/events``: signature checked (401 if bad or older than 5 min), then Bolt acks."""
    assert settings.slack_bot_token is not None
    assert settings.slack_signing_secret is not None
    identity = BotIdentity(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    bolt = build_bolt_app(
        settings, runtime.get_engine, identity=identity, metrics=getattr(app.state, "metrics", None)
    )
    secret = settings.slack_signing_secret.get_secret_value().encode()
    failures = FailureLog()
    app.state.slack = bolt
    app.state.slack_failures = failures
    runtime.slack_state = identity.describe
    identity.check_in_background()  # never on the request path: the ack must not wait for Slack's Web API

    @app.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        """Slack Events API and interactivity (signed by Slack; answers are posted later, in the thread)."""
        body = await request.body()  # raw bytes: nothing is parsed before the signature holds
        headers = {name.lower(): value for name, value in request.headers.items()}
        reason = refusal(headers, body, secret, time.time())
        if reason is not None:
            failures.record(request.client.host if request.client else "unknown", reason)
            return error_response(401, "unauthorized", f"not a signed request from Slack: {reason}", request)
        problem = malformed(headers.get("content-type", ""), body)
        if problem is not None:
            return error_response(400, "invalid_request", f"not a Slack request: {problem}", request)
        bolt_request = BoltRequest(body=body.decode("utf-8"), query=request.url.query, headers=dict(headers))
        try:
            result = await run_in_threadpool(bolt.dispatch, bolt_request)
        except Exception as exc:  # acknowledged: Slack retrying a request we cannot handle would not help
            log.error(
                "a signed Slack request could not be handled: %s: %s", type(exc).__name__, exc, exc_info=exc
            )
            return Response(status_code=200)
        if result.status >= 500:
            log.error("Bolt answered %s to a signed Slack request; acknowledged instead", result.status)
            return Response(status_code=200)
        if result.status >= 400:
            return error_response(
                result.status,
                _CODES.get(result.status, "invalid_request"),
                "Slack's request was refused"
                if result.status != 404
                else "no handler for this Slack request",
                request,
            )
        return Response(
            status_code=result.status,
            content=result.body,
            headers=result.first_headers_without_set_cookie(),
        )
