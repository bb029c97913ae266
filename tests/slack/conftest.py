"""A live app with the Slack bot on, signed Slack requests, and a local server standing in for Slack's Web API."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

import pytest
from fastapi.testclient import TestClient

from ingest.embedding import Embedder
from service.app import create_app
from service.settings import Settings

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
CHANNEL = "C0001"
PERSON = "U0PERSON"


@dataclass
class Call:
    """One request that reached the stand-in Web API."""

    method: str  # e.g. "chat.postMessage"
    params: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


@dataclass
class FakeSlack:
    """Records every Web API call and answers as Slack would; tests script threads and failures."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Method name → list of (status, headers, body) to answer with before answering normally.
    failures: dict[str, list[tuple[int, dict[str, str], dict[str, Any]]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, call: Call) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self.lock:
            self.calls.append(call)
            queued = self.failures.get(call.method)
            if queued:
                return queued.pop(0)
        return 200, {}, self.reply(call)

    def reply(self, call: Call) -> dict[str, Any]:
        if call.method == "auth.test":
            return {"ok": True, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": TEAM_ID, "team": "Test"}
        if call.method == "conversations.replies":
            return {"ok": True, "messages": self.threads.get(str(call.params.get("ts")), [])}
        if call.method == "chat.postMessage":
            return {"ok": True, "channel": call.params.get("channel"), "ts": f"{time.time():.6f}"}
        return {"ok": True}

    def made(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[Call]:
        """The calls of ``method`` once there are ``count`` of them (bounded poll)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.made(method)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"{count} {method} call(s) expected within {timeout}s; got {self.made(method)}")

    def settle(self, seconds: float = 1.5) -> None:
        """Give a (wrongly) started second reply time to arrive before counting."""
        time.sleep(seconds)


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            url = urlparse(self.path)
            method = url.path.rsplit("/", 1)[-1]
            params: dict[str, Any] = dict(parse_qsl(url.query))
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8") if length else ""
            if raw:
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params.update(json.loads(raw))
                else:
                    params.update(parse_qsl(raw))
            status, headers, body = fake.record(Call(method, params, dict(self.headers.items())))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve
        do_POST = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def slack_settings(base: Settings, fake: FakeSlack, data_dir: Path) -> Settings:
    return Settings(
        corpus_dir=base.corpus_dir,
        data_dir=data_dir,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.url,
    )


@pytest.fixture(scope="module")
def slack_data_dir(ingested_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the ingested index, so feedback files never land in the shared one."""
    target = tmp_path_factory.mktemp("slack") / "data"
    shutil.copytree(ingested_settings.data_dir, target)
    return target


@pytest.fixture
def slack_app(
    ingested_settings: Settings, embedder: Embedder, fake_slack: FakeSlack, slack_data_dir: Path
) -> Iterator[TestClient]:
    """The live service over the ingested report with the bot configured to talk to ``fake_slack``."""
    settings = slack_settings(ingested_settings, fake_slack, slack_data_dir)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        yield client


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's request signature headers for ``body``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


_event_counter = iter(range(1, 1_000_000))


def event_callback(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "unused",
        "team_id": TEAM_ID,
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_event_counter):08d}",
        "event_time": int(time.time()),
        "event": event,
    }


def mention(text: str, ts: str, thread_ts: str | None = None, user: str = PERSON) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": CHANNEL,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


PostEvent = Callable[..., Any]


@pytest.fixture
def post_event(slack_app: TestClient) -> PostEvent:
    """POST a signed Events API payload to /slack/events; extra headers (e.g. retries) may be given."""

    def post(
        payload: dict[str, Any], headers: dict[str, str] | None = None, timestamp: int | None = None
    ) -> Any:
        body = json.dumps(payload)
        return slack_app.post(
            "/slack/events",
            content=body,
            headers={"Content-Type": "application/json", **sign(body, timestamp), **(headers or {})},
        )

    return post


def action_body(action_id: str, value: str, message: dict[str, Any], user: str = PERSON) -> str:
    """A form-encoded ``block_actions`` interactive payload, as Slack posts a button click."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user, "username": "person", "team_id": TEAM_ID},
        "api_app_id": "A0001",
        "token": "unused",
        "container": {"type": "message", "message_ts": message.get("ts"), "channel_id": CHANNEL},
        "trigger_id": "1.2.3",
        "channel": {"id": CHANNEL, "name": "general"},
        "message": message,
        "response_url": "https://hooks.invalid/never-called",
        "actions": [
            {
                "action_id": action_id,
                "block_id": "feedback",
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})
