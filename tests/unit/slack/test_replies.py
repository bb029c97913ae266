"""The one mapping from a failure while answering to what the Slack thread is told."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web import SlackResponse

from service.errors import BadQuestion, IngestLocked, NotIngested, StoreUnavailable
from service.slack.replies import NOT_READY, STARTING, UNEXPECTED, slack_reply_for


def _slack_error(code: str) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="u",
        req_args={},
        data={"ok": False, "error": code},
        headers={},
        status_code=200,
    )
    return SlackApiError(code, response)


@pytest.mark.parametrize(
    ("error", "reply"),
    [
        (NotIngested("nothing is ingested"), NOT_READY),
        (StoreUnavailable("Chroma at /secret/path does not answer"), STARTING),
        (RuntimeError("boom at line 3"), UNEXPECTED),
        (KeyError("x"), UNEXPECTED),
        (_slack_error("invalid_blocks"), UNEXPECTED),
    ],
)
def test_failures_get_a_fixed_short_apology(error: Exception, reply: str) -> None:
    assert slack_reply_for(error) == reply


@pytest.mark.parametrize(
    "code", ["channel_not_found", "not_in_channel", "is_archived", "ratelimited", "invalid_auth"]
)
def test_slack_refusals_are_given_up(code: str) -> None:
    assert slack_reply_for(_slack_error(code)) is None


def test_an_unreachable_slack_is_given_up() -> None:
    assert slack_reply_for(SlackRequestError("connection refused")) is None


def test_a_bad_question_says_what_is_wrong() -> None:
    reply = slack_reply_for(BadQuestion("question is empty"))

    assert (
        reply == "I couldn't use that question: question is empty. Ask me something about the annual report."
    )


def test_other_domain_errors_say_what_went_wrong() -> None:
    assert (
        slack_reply_for(IngestLocked("an ingest is running"))
        == "Sorry — I couldn't answer that: an ingest is running"
    )


def test_no_reply_mentions_internals() -> None:
    for error in (
        NotIngested("x"),
        StoreUnavailable("Chroma at /data"),
        ValueError("Traceback (most recent call"),
    ):
        reply = slack_reply_for(error) or ""
        assert "/data" not in reply
        assert "Traceback" not in reply
        assert len(reply) < 200
