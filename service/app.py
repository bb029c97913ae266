"""The composition root: `create_app(settings)` wires settings, runtime, middleware and routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from ingest.embedding import Embedder
from service.api.dispatch import Dispatcher, InFlight, InFlightMiddleware
from service.api.documents import TextCache
from service.api.documents import router as documents_router
from service.api.errors import install_error_handlers
from service.api.middleware import BodyLimitMiddleware, MetricsMiddleware, RequestIdMiddleware
from service.api.openai_compat import router as openai_router
from service.api.routes import router
from service.api.security import check_exposure, install_security
from service.api.web import router as web_router
from service.logging import configure_logging
from service.metrics import Metrics
from service.runtime import Runtime
from service.serving import tune_process
from service.settings import Settings
from service.slack.feedback import FeedbackLog, feedback_dir


def create_app(
    settings: Settings, *, embedder: Embedder | None = None, background_load: bool = True
) -> FastAPI:
    """Build the service. With `embedder` given (tests share one), start-up loads synchronously."""
    check_exposure(settings)  # a public host without API keys is refused here, not only by `reportqa serve`
    configure_logging()
    tune_process(settings)  # process-wide, like logging: the switch interval and malloc arenas
    metrics = Metrics()
    runtime = Runtime(settings, embedder, on_answer=metrics.observe_answer)
    metrics.watch(runtime.index_state)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if background_load and embedder is None:
            runtime.load_in_background()
        else:
            runtime.load()
        yield

    app = FastAPI(
        title="reportqa",
        version="1.0.0",
        summary="Answers questions about annual reports with exact citations and a deterministic tax calculator.",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.settings = settings
    app.state.text_cache = TextCache()
    app.state.feedback = FeedbackLog(feedback_dir(settings.data_dir))  # the store the Slack bot writes too
    app.state.metrics = metrics
    in_flight = InFlight()
    app.state.dispatcher = Dispatcher(in_flight, settings.inline_when_alone)
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    install_security(app, settings)  # keys and rate limit on /v1, CORS, access log (service/api/security.py)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(MetricsMiddleware, observe=metrics.observe_request)  # every answer counts
    app.add_middleware(
        InFlightMiddleware, in_flight=in_flight
    )  # outermost: a request counts from its arrival
    app.include_router(router)
    app.include_router(openai_router)
    app.include_router(documents_router)
    app.include_router(web_router)  # the chat page at / (service/web/)
    if settings.slack_enabled:
        from service.slack.http import mount_slack  # slack_bolt loads only when the bot is configured

        mount_slack(app, settings, runtime)
    return app
