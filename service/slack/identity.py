"""The bot's own identity (`auth.test`), learnt off the request path so Slack is acknowledged even when its Web API
is down.

Bolt's default checks the token with `auth.test` before acknowledging the first event; while the Web API is
unreachable every event then failed instead of being acknowledged within Slack's 3 seconds. Here the token is
checked once in the background at start-up, and again after an ack (in the worker thread) while it is unknown;
Bolt's authorization step only reads what is known. /readyz reports the state in words.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger("reportqa.slack")

CHECK_TIMEOUT_S = 5
RETRY_AFTER_S = 30.0  # an unreachable Web API is asked again at most this often
UNREACHABLE = (SlackClientError, urllib.error.URLError, ConnectionError, TimeoutError, OSError)


class BotIdentity:
    """Who the bot is (user id, bot id), from one `auth.test`; never called while Slack waits for an ack."""

    def __init__(self, token: str, base_url: str, clock: Any = time.monotonic) -> None:
        self.token = token
        self._client = WebClient(token=token, base_url=base_url, timeout=CHECK_TIMEOUT_S)
        self._clock = clock
        self._lock = threading.Lock()
        self.bot_user_id: str | None = None
        self.bot_id: str | None = None
        self.state = "unverified"  # unverified · ok · refused · unreachable
        self.refusal = ""
        self._tried_at: float | None = None

    def check(self) -> None:
        """Call `auth.test` unless the answer is known or was sought too recently."""
        with self._lock:
            if self.state in {"ok", "refused"}:
                return
            now = self._clock()
            if self._tried_at is not None and now - self._tried_at < RETRY_AFTER_S:
                return
            self._tried_at = now
        try:
            answer = self._client.auth_test()
        except SlackApiError as exc:
            status = exc.response.status_code if exc.response is not None else 0
            if status >= 500 or status == 429:  # Slack is down or busy: not a verdict on the token
                with self._lock:
                    self.state = "unreachable"
                log.warning("Slack's Web API answered %s to auth.test; events are still acknowledged", status)
                return
            error = exc.response.get("error") if exc.response is not None else None
            with self._lock:
                self.state, self.refusal = "refused", str(error or "refused")
            log.error("Slack refused the bot token (auth.test: %s); the bot cannot reply", self.refusal)
            return
        except UNREACHABLE as exc:
            with self._lock:
                self.state = "unreachable"
            log.warning("Slack's Web API does not answer (auth.test: %s); events are still acknowledged", exc)
            return
        with self._lock:
            self.bot_user_id, self.bot_id = answer.get("user_id"), answer.get("bot_id")
            self.state = "ok"
        log.info("Slack token verified: bot user %s", self.bot_user_id)

    def check_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.check, name="reportqa-slack-auth", daemon=True)
        thread.start()
        return thread

    def ids(self) -> tuple[str | None, str | None]:
        """(bot user id, bot id); checks the token first when it is unknown (call after the ack only)."""
        if self.state != "ok":
            self.check()
        return self.bot_user_id, self.bot_id

    def authorize(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        """Bolt's authorization step: the token and whatever is known of the bot, without a network call."""
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=self.token,
            bot_user_id=self.bot_user_id,
            bot_id=self.bot_id,
        )

    def _due(self) -> bool:
        return self._tried_at is None or self._clock() - self._tried_at >= RETRY_AFTER_S

    def describe(self) -> str:
        """Slack's state for /readyz, in words; an unreachable Web API is asked again in the background when due,
        so the state recovers without waiting for an event."""
        if self.state == "unreachable" and self._due():
            self.check_in_background()
        if self.state == "ok":
            return "ok"
        if self.state == "refused":
            return f"Slack refused the bot token ({self.refusal}); events are acknowledged but not answered"
        if self.state == "unreachable":
            return "Slack's Web API does not answer; events are acknowledged, replies fail until it is back"
        return "the bot token is not verified yet; events are acknowledged"
