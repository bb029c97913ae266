"""The Slack bot end to end: signed requests to /slack/events of a live app, replies seen at a stand-in Web API."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from ingest.embedding import Embedder
from service.app import create_app
from service.cli import main as reportqa
from service.settings import Settings
from tests.slack.conftest import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    CHANNEL,
    PERSON,
    SIGNING_SECRET,
    FakeSlack,
    PostEvent,
    action_body,
    event_callback,
    mention,
    sign,
    slack_settings,
)

pytestmark = pytest.mark.slow

RETRIEVAL_QUESTION = "What is the Japanese withholding tax rate on dividends paid to non-resident holders?"
NUMERIC_QUESTION = "how much is withheld on a ¥1,000,000 dividend paid 30 Sept 2004 to a US individual who filed the treaty form?"


def _texts(blocks: list[dict[str, Any]]) -> str:
    """Every text of a Block Kit message, joined (what a reader sees)."""
    return json.dumps(blocks, ensure_ascii=False)


def _only_reply(fake_slack: FakeSlack) -> dict[str, Any]:
    fake_slack.wait_for("chat.postMessage")
    fake_slack.settle()
    replies = fake_slack.made("chat.postMessage")
    assert len(replies) == 1, [r.params.get("text") for r in replies]
    return replies[0].params


def test_mention_gets_one_threaded_reply_with_numbered_citations(
    post_event: PostEvent, fake_slack: FakeSlack, slack_app: TestClient
) -> None:
    started = time.monotonic()
    response = post_event(event_callback(mention(RETRIEVAL_QUESTION, ts="1700000000.000100")))
    acked_in = time.monotonic() - started

    assert response.status_code == 200
    assert acked_in < 3.0  # Slack's deadline; the answer itself comes later
    reply = _only_reply(fake_slack)
    assert reply["channel"] == CHANNEL
    assert reply["thread_ts"] == "1700000000.000100"
    blocks = reply["blocks"]
    text = _texts(blocks)
    assert "*[1]*" in text
    assert "Japanese Taxation" in text
    assert "Sources" in text
    assert [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]] == [
        "feedback_up",
        "feedback_down",
    ]
    assert not fake_slack.made("conversations.replies")  # a new thread has no history to read
    metrics = slack_app.get("/metrics").text
    assert 'reportqa_slack_events_total{type="app_mention"} 1.0' in metrics
    assert 'reportqa_slack_replies_total{outcome="answer"} 1.0' in metrics


def test_numeric_question_gets_the_calculation_receipt(post_event: PostEvent, fake_slack: FakeSlack) -> None:
    post_event(event_callback(mention(NUMERIC_QUESTION, ts="1700000001.000100")))

    reply = _only_reply(fake_slack)
    text = _texts(reply["blocks"])
    assert "¥100,000" in reply["text"]
    assert "*Calculation* `jp_withholding_amounts`" in text
    assert "status *OK*" in text
    assert "*Inputs:*" in text
    assert "gross dividend jpy 1,000,000" in text
    assert "*Rules:*" in text
    assert "R-08" in text
    assert "*Flags:*" in text


def test_a_retried_delivery_is_acknowledged_without_a_second_reply(
    post_event: PostEvent, fake_slack: FakeSlack
) -> None:
    payload = event_callback(mention(RETRIEVAL_QUESTION, ts="1700000002.000100"))
    first = post_event(payload)
    retry = post_event(payload, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})

    assert first.status_code == 200
    assert retry.status_code == 200
    _only_reply(fake_slack)


def test_the_same_event_id_twice_gets_one_reply(post_event: PostEvent, fake_slack: FakeSlack) -> None:
    payload = event_callback(mention(RETRIEVAL_QUESTION, ts="1700000003.000100"))
    assert post_event(payload).status_code == 200
    assert post_event(payload).status_code == 200

    _only_reply(fake_slack)


def test_a_forged_signature_is_refused_with_401_and_no_slack_call(
    slack_app: TestClient, fake_slack: FakeSlack
) -> None:
    body = json.dumps(event_callback(mention(RETRIEVAL_QUESTION, ts="1700000004.000100")))
    headers = {"Content-Type": "application/json", **sign(body, secret="not-the-secret")}

    response = slack_app.post("/slack/events", content=body, headers=headers)

    assert response.status_code == 401
    fake_slack.settle()
    assert [
        c.method for c in fake_slack.calls if c.method != "auth.test"
    ] == []  # only the start-up token check


def test_a_timestamp_older_than_five_minutes_is_refused_with_401(
    post_event: PostEvent, fake_slack: FakeSlack
) -> None:
    payload = event_callback(mention(RETRIEVAL_QUESTION, ts="1700000005.000100"))

    response = post_event(payload, timestamp=int(time.time()) - 6 * 60)

    assert response.status_code == 401
    fake_slack.settle()
    assert [
        c.method for c in fake_slack.calls if c.method != "auth.test"
    ] == []  # only the start-up token check


def test_a_follow_up_in_a_thread_is_answered_from_the_earlier_messages(
    post_event: PostEvent, fake_slack: FakeSlack
) -> None:
    thread = "1700000010.000100"
    first = "how much is withheld on a ¥1,000,000 dividend paid 30 Sept 2004 to a US corporation?"
    fake_slack.threads[thread] = [
        {"type": "message", "user": PERSON, "text": f"<@{BOT_USER_ID}> {first}", "ts": thread},
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": BOT_ID,
            "user": BOT_USER_ID,
            "text": "To work this out I need one more fact: What percentage of IIJ's voting shares does "
            "the holder own?",
            "ts": "1700000011.000100",
            "thread_ts": thread,
        },
        {
            "type": "message",
            "user": PERSON,
            "text": f"<@{BOT_USER_ID}> and if it had owned 60% for two years?",
            "ts": "1700000012.000100",
            "thread_ts": thread,
        },
    ]

    post_event(
        event_callback(
            mention("and if it had owned 60% for two years?", ts="1700000012.000100", thread_ts=thread)
        )
    )

    reply = _only_reply(fake_slack)
    assert reply["thread_ts"] == thread
    assert "60%" in reply["text"]
    assert "¥1,000,000" in reply["text"]  # only the earlier question gave the amount
    assert "corporation" in reply["text"]
    assert "*Calculation*" in _texts(reply["blocks"])
    (read,) = fake_slack.made("conversations.replies")
    assert read.params["channel"] == CHANNEL
    assert read.params["ts"] == thread


def test_a_direct_message_is_answered_and_bot_messages_are_ignored(
    post_event: PostEvent, fake_slack: FakeSlack
) -> None:
    def dm(ts: str, **extra: Any) -> dict[str, Any]:
        return {
            "type": "message",
            "channel": "D0001",
            "channel_type": "im",
            "user": PERSON,
            "text": RETRIEVAL_QUESTION,
            "ts": ts,
            **extra,
        }

    post_event(event_callback(dm("1700000020.000100", bot_id="BOTHER", subtype="bot_message")))
    post_event(event_callback(dm("1700000021.000100", user=BOT_USER_ID, bot_id=BOT_ID)))
    post_event(event_callback(dm("1700000022.000100", subtype="message_changed")))
    post_event(event_callback(dm("1700000023.000100")))

    reply = _only_reply(fake_slack)
    assert reply["channel"] == "D0001"
    assert reply["thread_ts"] == "1700000023.000100"


def test_a_feedback_click_is_recorded_and_exported_as_a_case_skeleton(
    slack_app: TestClient,
    post_event: PostEvent,
    fake_slack: FakeSlack,
    slack_data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    post_event(event_callback(mention(RETRIEVAL_QUESTION, ts="1700000030.000100")))
    reply = _only_reply(fake_slack)
    (actions,) = [b for b in reply["blocks"] if b["type"] == "actions"]
    down = next(e for e in actions["elements"] if e["action_id"] == "feedback_down")
    message = {
        "type": "message",
        "bot_id": BOT_ID,
        "user": BOT_USER_ID,
        "text": reply["text"],
        "blocks": reply["blocks"],
        "ts": "1700000031.000100",
        "thread_ts": "1700000030.000100",
    }
    body = action_body("feedback_down", down["value"], message)

    clicked = slack_app.post(
        "/slack/events",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **sign(body)},
    )

    assert clicked.status_code == 200
    (thanks,) = fake_slack.wait_for("chat.postEphemeral")
    assert thanks.params["user"] == PERSON
    records = [
        json.loads(line)
        for line in (slack_data_dir / "feedback" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    (record,) = [r for r in records if r["message_ts"] == "1700000031.000100"]
    assert record["rating"] == "down"
    assert record["user"] == PERSON
    assert record["question"] == RETRIEVAL_QUESTION
    assert record["answer"] == reply["text"]
    assert record["citations"]
    assert all(c["quote"] and c["section"] for c in record["citations"])

    monkeypatch.setenv("REPORTQA_DATA_DIR", str(slack_data_dir))
    out = tmp_path / "skeletons.yaml"
    assert (
        reportqa(
            ["feedback", "export", "--rating", "down", "--out", str(out), "--cases", str(tmp_path / "none")]
        )
        == 0
    )
    (case,) = [
        c for c in yaml.safe_load(out.read_text(encoding="utf-8")) if c["question"] == RETRIEVAL_QUESTION
    ]
    assert case["id"].startswith("fb-")
    assert case["route"] == "TODO"
    assert "from feedback (down)" in out.read_text(encoding="utf-8")
    capsys.readouterr()


@pytest.fixture
def empty_slack_app(embedder: Embedder, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[TestClient]:
    """The bot in a service where nothing is ingested: every retrieval question fails with NotIngested."""
    base = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data")
    with TestClient(
        create_app(slack_settings(base, fake_slack, tmp_path / "data"), embedder=embedder)
    ) as client:
        yield client


def test_a_failure_while_answering_posts_a_short_apology_without_a_trace(
    empty_slack_app: TestClient, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.dumps(event_callback(mention(RETRIEVAL_QUESTION, ts="1700000040.000100")))
    headers = {"Content-Type": "application/json", **sign(body)}

    with caplog.at_level(logging.DEBUG):
        assert empty_slack_app.post("/slack/events", content=body, headers=headers).status_code == 200
        reply = _only_reply(fake_slack)

    assert reply["thread_ts"] == "1700000040.000100"
    assert reply["text"].startswith("Sorry")
    assert len(reply["text"]) < 300
    assert "Traceback" not in reply["text"]
    assert "NotIngested" not in reply["text"]
    assert "blocks" not in reply
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert BOT_TOKEN not in logged
    assert SIGNING_SECRET not in logged


def test_a_rate_limited_reply_is_retried_after_retry_after(
    post_event: PostEvent, fake_slack: FakeSlack
) -> None:
    fake_slack.failures["chat.postMessage"] = [
        (429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"})
    ]

    post_event(event_callback(mention(RETRIEVAL_QUESTION, ts="1700000050.000100")))

    first, second = fake_slack.wait_for("chat.postMessage", count=2)
    assert second.at - first.at >= 1.0
    assert second.params["thread_ts"] == "1700000050.000100"
    fake_slack.settle()
    assert len(fake_slack.made("chat.postMessage")) == 2


def test_readiness_reports_the_bot_ok_when_configured(slack_app: TestClient) -> None:
    deadline = time.monotonic() + 20  # the token is checked in the background at start-up
    ready = slack_app.get("/readyz")
    while ready.json()["checks"]["slack"] != "ok" and time.monotonic() < deadline:
        time.sleep(0.1)
        ready = slack_app.get("/readyz")

    assert ready.status_code == 200
    assert ready.json()["checks"]["slack"] == "ok"


def test_readiness_stays_ready_with_the_bot_off(ingested_settings: Settings, embedder: Embedder) -> None:
    with TestClient(create_app(ingested_settings, embedder=embedder)) as client:
        ready = client.get("/readyz")
        events = client.post("/slack/events", content="{}")

    assert ready.status_code == 200
    assert ready.json()["checks"]["slack"] == "off (no token/signing secret)"
    assert events.status_code == 404


def test_slacks_url_verification_challenge_is_echoed(post_event: PostEvent) -> None:
    response = post_event({"token": "unused", "challenge": "abc123", "type": "url_verification"})

    assert response.status_code == 200
    assert response.json() == {"challenge": "abc123"}


def test_channel_not_found_is_logged_and_given_up(
    post_event: PostEvent, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.failures["chat.postMessage"] = [(200, {}, {"ok": False, "error": "channel_not_found"})]

    with caplog.at_level(logging.WARNING, logger="reportqa.slack"):
        post_event(event_callback(mention(RETRIEVAL_QUESTION, ts="1700000070.000100")))
        fake_slack.wait_for("chat.postMessage")
        fake_slack.settle()

    assert len(fake_slack.made("chat.postMessage")) == 1  # no retry, no apology into a channel that is gone
    assert any("channel_not_found" in r.getMessage() for r in caplog.records)


def test_a_bare_mention_is_told_what_is_wrong(post_event: PostEvent, fake_slack: FakeSlack) -> None:
    post_event(event_callback(mention("", ts="1700000080.000100")))

    reply = _only_reply(fake_slack)
    assert (
        reply["text"]
        == "I couldn't use that question: question is empty. Ask me something about the annual report."
    )
