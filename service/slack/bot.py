"""The Bolt app: which Slack events and actions reportqa listens to, shared by HTTP and Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from service.metrics import Metrics
from service.qa.engine import Engine
from service.settings import Settings
from service.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP
from service.slack.conversation import Conversation, is_from_a_bot, is_plain_dm
from service.slack.dedupe import RecentIds, once_per_event
from service.slack.feedback import FeedbackLog, Rating, feedback_dir
from service.slack.identity import BotIdentity

log = logging.getLogger("reportqa.slack")

# Slack says when to come back after a 429; retried at most this often, then the reply is given up (logged).
RATE_LIMIT_RETRIES = 3
WEB_API_TIMEOUT_S = 30
ANSWER_WORKERS = 4


def _base_url(settings: Settings) -> str:
    return settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"


def web_client(settings: Settings, *, with_token: bool = True) -> WebClient:
    """The Web API client: settings' base URL (a local stand-in in tests), Retry-After honoured on 429.
    Bolt's own is built without the token: it gets the token from `BotIdentity.authorize` per request."""
    if settings.slack_bot_token is None:
        raise ValueError("REPORTQA_SLACK_BOT_TOKEN is not set")
    return WebClient(
        token=settings.slack_bot_token.get_secret_value() if with_token else None,
        base_url=_base_url(settings),
        timeout=WEB_API_TIMEOUT_S,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=1),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


def build_bolt_app(
    settings: Settings,
    get_engine: Callable[[], Engine],
    *,
    socket_mode: bool = False,
    metrics: Metrics | None = None,
    identity: BotIdentity | None = None,
) -> App:
    """Listeners for mentions, direct messages and feedback clicks.

    Answers run on a worker pool after the ack (``process_before_response=False``), so Slack hears back within
    its 3 seconds however long the engine takes. Nothing before the ack calls Slack's Web API: the bot's own ids
    come from ``identity`` (one ``auth.test`` off the request path, see service/slack/identity.py).
    """
    signing_secret = settings.slack_signing_secret
    if signing_secret is None and not socket_mode:
        raise ValueError("REPORTQA_SLACK_SIGNING_SECRET is not set")
    if identity is None:
        if settings.slack_bot_token is None:
            raise ValueError("REPORTQA_SLACK_BOT_TOKEN is not set")
        identity = BotIdentity(settings.slack_bot_token.get_secret_value(), _base_url(settings))
    bot = identity

    def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return bot.authorize(enterprise_id, team_id)  # Bolt passes arguments by their names: a plain function

    app = App(
        client=web_client(settings, with_token=False),
        authorize=authorize,
        signing_secret=signing_secret.get_secret_value() if signing_secret is not None else "",
        # Socket Mode messages arrive over an authenticated websocket, unsigned.
        request_verification_enabled=not socket_mode,
        token_verification_enabled=False,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(ANSWER_WORKERS, thread_name_prefix="reportqa-slack"),
        name="reportqa",
    )
    if metrics is not None:
        app.use(_counting(metrics))
    app.use(once_per_event(RecentIds()))
    feedback = FeedbackLog(feedback_dir(settings.data_dir))
    conversation = Conversation(get_engine, feedback, metrics.observe_slack_reply if metrics else None)

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        bot_user_id, bot_id = bot.ids()  # after the ack: may call auth.test once
        if is_from_a_bot(event, bot_user_id):
            return
        conversation.answer(event, client, bot_user_id, bot_id)

    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient) -> None:
        # Channel messages are answered through app_mention; only direct messages are answered here.
        if not is_plain_dm(event):
            return
        bot_user_id, bot_id = bot.ids()
        if is_from_a_bot(event, bot_user_id):
            return
        conversation.answer(event, client, bot_user_id, bot_id)

    def on_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        rating: Rating = "up" if action.get("action_id") == FEEDBACK_UP else "down"
        user = (body.get("user") or {}).get("id")
        channel = (body.get("channel") or {}).get("id")
        message = body.get("message") or {}
        try:  # written (and fsynced) before the ack, so an acknowledged click is never lost
            feedback.record_click(
                str(action.get("value") or ""),
                rating,
                user,
                channel=channel,
                message_ts=message.get("ts"),
                message_text=message.get("text"),
            )
            thanks = "Thanks — your feedback is recorded and will be reviewed as a test case."
        except OSError:
            log.exception("could not record feedback")
            thanks = "Sorry — I couldn't record your feedback just now. Please try again later."
        ack()
        if channel and user:
            try:
                client.chat_postEphemeral(
                    channel=channel,
                    user=user,
                    thread_ts=message.get("thread_ts") or message.get("ts"),
                    text=thanks,
                )
            except SlackClientError as exc:
                log.warning("could not tell %s about their feedback in %s: %s", user, channel, exc)

    app.action(FEEDBACK_UP)(on_feedback)
    app.action(FEEDBACK_DOWN)(on_feedback)
    return app


def _counting(metrics: Metrics) -> Callable[..., Any]:
    """Bolt middleware counting every event and action Slack sends (retries included), by type."""

    def count(body: dict[str, Any], next: Callable[[], Any]) -> Any:  # Bolt passes arguments by name
        event = body.get("event") or {}
        kind = event.get("type") if isinstance(event, dict) and event.get("type") else body.get("type")
        metrics.observe_slack_event(str(kind or "unknown"))
        return next()

    return count
