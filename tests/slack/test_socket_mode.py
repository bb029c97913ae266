"""Socket Mode: the same Bolt app fed Socket Mode envelopes (as bolt's adapter does) replies the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest

from ingest.embedding import Embedder
from service.cli import main as reportqa
from service.runtime import Runtime
from service.settings import Settings
from service.slack.bot import build_bolt_app
from tests.slack.conftest import BOT_TOKEN, FakeSlack, event_callback, mention

pytestmark = pytest.mark.slow

QUESTION = "What is the Japanese withholding tax rate on dividends paid to non-resident holders?"


@pytest.fixture
def socket_settings(ingested_settings: Settings, fake_slack: FakeSlack, slack_data_dir: Path) -> Settings:
    """Socket Mode needs no signing secret: messages come over Slack's authenticated websocket."""
    return Settings(
        corpus_dir=ingested_settings.corpus_dir,
        data_dir=slack_data_dir,
        slack_bot_token=BOT_TOKEN,
        slack_app_token="xapp-test",
        slack_api_url=fake_slack.url,
    )


def _envelope(ts: str, retry_attempt: int) -> SocketModeRequest:
    return SocketModeRequest(
        type="events_api",
        envelope_id=f"env-{ts}-{retry_attempt}",
        payload=event_callback(mention(QUESTION, ts=ts), event_id=f"Ev-socket-{ts}"),
        accepts_response_payload=False,
        retry_attempt=retry_attempt,
        retry_reason="" if retry_attempt == 0 else "timeout",
    )


def test_a_first_socket_mode_delivery_is_answered_and_its_retry_is_not(
    socket_settings: Settings, embedder: Embedder, fake_slack: FakeSlack
) -> None:
    runtime = Runtime(socket_settings, embedder)
    runtime.load()
    bolt = build_bolt_app(socket_settings, runtime.get_engine, socket_mode=True)

    first = run_bolt_app(bolt, _envelope("1700000060.000100", retry_attempt=0))
    retry = run_bolt_app(bolt, _envelope("1700000060.000100", retry_attempt=1))

    assert first.status == 200
    assert retry.status == 200
    (reply,) = fake_slack.wait_for("chat.postMessage")
    fake_slack.settle()
    assert len(fake_slack.made("chat.postMessage")) == 1
    assert reply.params["thread_ts"] == "1700000060.000100"
    assert "*[1]*" in str(reply.params["blocks"])


def test_socket_mode_without_an_app_token_explains_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REPORTQA_SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.delenv("REPORTQA_SLACK_APP_TOKEN", raising=False)

    assert reportqa(["slack"]) == 2
    assert "REPORTQA_SLACK_APP_TOKEN" in capsys.readouterr().err
