"""The app manifest asks Slack for exactly what the bot listens to, at the path the service serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import service.slack
from service.slack.http import EVENTS_PATH

MANIFEST = Path(service.slack.__file__).parent / "manifest.yaml"


def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return data


def test_manifest_subscribes_to_mentions_and_direct_messages() -> None:
    assert _manifest()["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]


def test_manifest_has_the_scopes_to_answer_and_read_threads() -> None:
    scopes = set(_manifest()["oauth_config"]["scopes"]["bot"])

    assert {
        "app_mentions:read",
        "chat:write",
        "channels:history",
        "groups:history",
        "im:history",
        "im:read",
    } <= scopes


def test_events_and_interactivity_point_at_the_served_path() -> None:
    settings = _manifest()["settings"]

    assert settings["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    assert settings["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
