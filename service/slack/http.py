"""HTTP mode: Slack's events and interactivity POST to /slack/events of the same FastAPI app (one index)."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from slack_bolt.request import BoltRequest

from service.runtime import Runtime
from service.settings import Settings
from service.slack.bot import build_bolt_app

EVENTS_PATH = "/slack/events"


def mount_slack(app: FastAPI, settings: Settings, runtime: Runtime) -> None:
    """Add ``POST /slack/events``: Bolt verifies the signature (401 if bad or older than 5 min) and acks."""
    bolt = build_bolt_app(settings, runtime.get_engine, metrics=getattr(app.state, "metrics", None))
    app.state.slack = bolt

    @app.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        """Slack Events API and interactivity (signed by Slack; answers are posted later, in the thread)."""
        body = (await request.body()).decode("utf-8", errors="replace")
        bolt_request = BoltRequest(body=body, query=request.url.query, headers=dict(request.headers.items()))
        result = await run_in_threadpool(bolt.dispatch, bolt_request)
        return Response(
            status_code=result.status,
            content=result.body,
            headers=result.first_headers_without_set_cookie(),
        )
