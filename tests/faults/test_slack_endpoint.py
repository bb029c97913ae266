"""Issue item 4: the Slack endpoint cannot be made to fail with a 5xx. Unsigned or badly timed requests are 401
before the body is parsed, and logged at most once a minute per address; signed bodies that are not Slack requests
are 400; Slack is acknowledged within its 3 seconds while its Web API is down; odd texts get the friendly reply
and no ERROR traceback."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.embedding import Embedder
from service.app import create_app
from service.settings import Settings
from service.slack.guard import FailureLog
from service.slack.identity import BotIdentity
from tests.faults.conftest import assert_error
from tests.slack.conftest import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    FakeSlack,
    event_callback,
    mention,
    sign,
    slack_settings,
)

pytestmark = pytest.mark.slow
QUESTION = "What is the Japanese withholding tax rate on dividends paid to non-resident holders?"


def post_signed(client: TestClient, body: str, content_type: str = "application/json") -> Any:
    return client.post("/slack/events", content=body, headers={"Content-Type": content_type, **sign(body)})


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "1796216710.5", " 1700000000", None])
def test_a_missing_or_non_numeric_timestamp_is_401_in_the_error_shape_and_no_error_is_logged(
    slack_app: TestClient, caplog: pytest.LogCaptureFixture, timestamp: str | None
) -> None:
    body = json.dumps(event_callback(mention(QUESTION, ts="1700000100.000100")))
    headers = {"Content-Type": "application/json", "X-Slack-Signature": "v0=" + "0" * 64}
    if timestamp is not None:
        headers["X-Slack-Request-Timestamp"] = timestamp
    with caplog.at_level(logging.INFO):
        response = slack_app.post("/slack/events", content=body, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert errors_logged(caplog) == []


@pytest.mark.parametrize("body", ["not json at all", "[" * 5000, '{"type": "event_callback", "event": 1}'])
def test_a_bad_signature_is_401_before_the_body_is_parsed(slack_app: TestClient, body: str) -> None:
    headers = {"Content-Type": "application/json", **sign(body, secret="not-the-secret")}
    assert_error(slack_app.post("/slack/events", content=body, headers=headers), 401, "unauthorized")


def test_a_request_from_the_future_is_refused_like_one_from_the_past(slack_app: TestClient) -> None:
    body = json.dumps(event_callback(mention(QUESTION, ts="1700000101.000100")))
    headers = {"Content-Type": "application/json", **sign(body, timestamp=int(time.time()) + 3600)}
    assert_error(slack_app.post("/slack/events", content=body, headers=headers), 401, "unauthorized")


def test_a_flood_of_unsigned_requests_is_logged_once_per_address(
    slack_app: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="reportqa.slack"):
        for n in range(40):
            response = slack_app.post(
                "/slack/events", content="{}", headers={"X-Slack-Request-Timestamp": str(n)}
            )
            assert response.status_code == 401
    refusals = [r for r in caplog.records if "unauthenticated request" in r.getMessage()]
    assert len(refusals) == 1
    assert slack_app.app.state.slack_failures.total >= 40  # type: ignore[attr-defined]


def test_the_failure_log_speaks_again_after_a_minute_with_the_count_it_held_back() -> None:
    now = [0.0]
    failures = FailureLog(clock=lambda: now[0])
    assert failures.record("10.0.0.1", "bad signature")
    assert not any(failures.record("10.0.0.1", "bad signature") for _ in range(99))
    assert failures.record("10.0.0.2", "bad signature")  # another address has its own minute
    now[0] = 61.0
    assert failures.record("10.0.0.1", "bad signature")
    assert failures.total == 102


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("[1, 2, 3]", "application/json"),
        ("[" * 5000 + "]" * 5000, "application/json"),
        ('{"type": "event_callback", "event": "not an object"}', "application/json"),
        ('{"type": "event_callback", "event": {"text": "no type"}}', "application/json"),
        ('{"no": "type"}', "application/json"),
        ("payload=not-json", "application/x-www-form-urlencoded"),
        ("\xff\xfe", "application/json"),
    ],
    ids=[
        "invalid-json",
        "a-list",
        "5000-deep",
        "event-not-object",
        "event-without-type",
        "no-type",
        "form",
        "bytes",
    ],
)
def test_a_signed_body_that_is_not_a_slack_request_is_400(
    slack_app: TestClient, body: str, content_type: str
) -> None:
    assert_error(post_signed(slack_app, body, content_type), 400, "invalid_request")


def reply_to(fake_slack: FakeSlack, thread_ts: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = [c for c in fake_slack.made("chat.postMessage") if c.params.get("thread_ts") == thread_ts]
        if found:
            return str(found[0].params["text"])
        time.sleep(0.05)
    raise AssertionError(f"no reply in thread {thread_ts}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, "I couldn't use that question: question is empty"),
        ("x" * 30_000, "I couldn't use that question"),
        ({"not": "text"}, "I couldn't use that question: question is empty"),
        ("\ud800 " + QUESTION, ""),  # a lone surrogate: answered like any question
    ],
    ids=["null", "30000-chars", "an-object", "lone-surrogate"],
)
def test_odd_texts_get_a_friendly_reply_and_no_error_traceback(
    slack_app: TestClient,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    text: Any,
    expected: str,
) -> None:
    ts = f"17000002{len(str(text)) % 100:02d}.000100"
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U0PERSON",
        "text": text,
        "ts": ts,
        "channel": "D1",
    }
    with caplog.at_level(logging.INFO):
        assert post_signed(slack_app, json.dumps(event_callback(event))).status_code == 200
        reply = reply_to(fake_slack, ts)
    assert reply.startswith(expected)
    assert "Traceback" not in reply
    assert errors_logged(caplog) == []


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def slack_down_app(
    ingested_settings: Settings, embedder: Embedder, slack_data_dir: Path
) -> Iterator[TestClient]:
    """The bot configured against a Web API that refuses every connection."""
    down = FakeSlack(url=f"http://127.0.0.1:{closed_port()}/api/")
    with TestClient(
        create_app(slack_settings(ingested_settings, down, slack_data_dir), embedder=embedder)
    ) as client:
        yield client


def test_events_are_acknowledged_within_three_seconds_while_the_web_api_is_down_and_readyz_says_so(
    slack_down_app: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        for n in range(3):
            started = time.monotonic()
            response = post_signed(
                slack_down_app, json.dumps(event_callback(mention(QUESTION, ts=f"170000030{n}.1")))
            )
            assert response.status_code == 200
            assert time.monotonic() - started < 3.0
        deadline = time.monotonic() + 30
        ready = slack_down_app.get("/readyz")
        while "does not answer" not in ready.json()["checks"]["slack"] and time.monotonic() < deadline:
            time.sleep(0.2)
            ready = slack_down_app.get("/readyz")
    assert ready.status_code == 200  # the HTTP API still answers: Slack's outage is reported, not fatal
    assert "Slack's Web API does not answer" in ready.json()["checks"]["slack"]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert BOT_TOKEN not in logged
    assert SIGNING_SECRET not in logged


def test_the_bots_state_recovers_once_the_web_api_answers_again(fake_slack: FakeSlack) -> None:
    fake_slack.failures["auth.test"] = [(503, {}, {"ok": False, "error": "service_unavailable"})]
    now = [0.0]
    identity = BotIdentity(BOT_TOKEN, fake_slack.url, clock=lambda: now[0])

    identity.check()
    assert identity.describe().startswith("Slack's Web API does not answer")
    assert identity.authorize(None, "T1").bot_token == BOT_TOKEN  # Bolt still acks, without a network call
    identity.check()  # asked again only after a pause
    assert len(fake_slack.made("auth.test")) == 1

    now[0] = 31.0
    assert identity.ids() == (BOT_USER_ID, BOT_ID)
    assert identity.describe() == "ok"


def test_a_refused_token_is_reported_in_words(fake_slack: FakeSlack) -> None:
    fake_slack.failures["auth.test"] = [(200, {}, {"ok": False, "error": "invalid_auth"})]
    identity = BotIdentity(BOT_TOKEN, fake_slack.url)
    identity.check()
    assert (
        identity.describe()
        == "Slack refused the bot token (invalid_auth); events are acknowledged but not answered"
    )
