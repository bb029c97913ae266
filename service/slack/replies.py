"""The one mapping from an error while answering in Slack to what the thread is told (never a stack trace)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError, SlackClientError

from service.errors import BadQuestion, NotIngested, ReportQAError, SnapshotInvalid, StoreUnavailable

NOT_READY = (
    "Sorry — I can't answer right now: no report is loaded yet (an administrator needs to run "
    "`reportqa ingest`). Please try again later."
)
STARTING = "Sorry — I'm still starting up or can't reach my index. Please try again in a minute."
UNEXPECTED = "Sorry — something went wrong on my side while answering. It has been logged; please try again."
# Slack refused the message itself; a plain-text apology may still get through.
_MESSAGE_REJECTED = {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "too_many_attachments"}


def slack_reply_for(exc: BaseException) -> str | None:
    """What to post in the thread when answering failed with ``exc``; ``None`` means give up (log only).

    Slack's own refusals (channel_not_found, not_in_channel, invalid_auth, still rate limited after the
    retries…) get no reply: posting one would fail the same way.
    """
    if isinstance(exc, SlackApiError):
        error = exc.response.get("error") if exc.response is not None else None
        return UNEXPECTED if error in _MESSAGE_REJECTED else None
    if isinstance(exc, SlackClientError):
        return None
    if isinstance(exc, BadQuestion):
        return f"I couldn't use that question: {exc}. Ask me something about the annual report."
    if isinstance(exc, NotIngested | SnapshotInvalid):
        return NOT_READY
    if isinstance(exc, StoreUnavailable):
        return STARTING
    if isinstance(exc, ReportQAError):
        return f"Sorry — I couldn't answer that: {exc}"
    return UNEXPECTED
