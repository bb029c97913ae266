"""One question in a Slack thread: read the thread as history, ask the engine, post one reply in the thread."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from service.errors import ReportQAError
from service.qa.engine import Engine
from service.qa.types import Answer, Turn
from service.slack.blocks import answer_blocks, apology_text, citation_records, fallback_text
from service.slack.feedback import FeedbackLog
from service.slack.replies import slack_reply_for

log = logging.getLogger("reportqa.slack")

MAX_HISTORY_TURNS = 20
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


def is_from_a_bot(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """Messages from any bot (ours included) are never answered: no loops, no bot-to-bot chatter."""
    return (
        bool(event.get("bot_id"))
        or event.get("subtype") == "bot_message"
        or (bot_user_id is not None and event.get("user") == bot_user_id)
    )


def is_plain_dm(event: Mapping[str, Any]) -> bool:
    """A person's new message in a direct message (not an edit, deletion, join or other subtype)."""
    return event.get("channel_type") == "im" and event.get("subtype") in (None, "file_share")


def clean_text(text: str, bot_user_id: str | None) -> str:
    """The message as a person wrote it: our ``<@BOTID>`` mention removed, Slack's escapes undone."""

    def mention(match: re.Match[str]) -> str:
        return "" if bot_user_id is None or match.group(1) == bot_user_id else match.group(0)

    # a lone surrogate (valid JSON, not valid text) becomes "?" rather than failing deep inside the engine
    text = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join(html.unescape(_MENTION.sub(mention, text)).split())


def history_from_thread(
    messages: Sequence[Mapping[str, Any]],
    current_ts: str,
    bot_user_id: str | None,
    bot_id: str | None,
) -> list[Turn]:
    """Earlier messages of a thread as turns: ours → assistant, people's → user; other bots are skipped."""
    turns: list[Turn] = []
    for message in messages:
        if message.get("ts") == current_ts:
            break
        ours = (bot_id is not None and message.get("bot_id") == bot_id) or (
            bot_user_id is not None and message.get("user") == bot_user_id
        )
        if not ours and is_from_a_bot(message, bot_user_id):
            continue
        text = clean_text(str(message.get("text") or ""), bot_user_id)
        if text:
            turns.append(Turn("assistant" if ours else "user", text))
    return turns[-MAX_HISTORY_TURNS:]


class Conversation:
    """Answers one message in its thread; every failure ends in one short reply or a logged give-up."""

    def __init__(
        self,
        get_engine: Callable[[], Engine],
        feedback: FeedbackLog,
        on_reply: Callable[[str], None] | None = None,
    ) -> None:
        self.get_engine = get_engine
        self.feedback = feedback
        self.on_reply = on_reply or (lambda outcome: None)  # "answer" or "apology", counted at /metrics

    def _history(
        self, client: WebClient, channel: str, thread_ts: str, ts: str, bot: tuple[str | None, str | None]
    ) -> list[Turn]:
        try:
            response = client.conversations_replies(channel=channel, ts=thread_ts, limit=100)
        except SlackApiError as exc:  # e.g. a missing history scope: answer without the thread
            log.warning("could not read thread %s in %s: %s", thread_ts, channel, exc.response.get("error"))
            return []
        messages = response.get("messages") or []
        return history_from_thread(messages, ts, *bot)

    def answer(
        self, event: Mapping[str, Any], client: WebClient, bot_user_id: str | None, bot_id: str | None
    ) -> None:
        if not isinstance(event.get("channel"), str) or not isinstance(event.get("ts"), str):
            log.warning("a Slack event without a channel or ts was ignored (type %r)", event.get("type"))
            return
        channel = str(event["channel"])
        ts = str(event["ts"])
        thread_ts = str(event.get("thread_ts") or ts)
        text = event.get("text")
        question = clean_text(text if isinstance(text, str) else "", bot_user_id)
        try:
            history = (
                self._history(client, channel, thread_ts, ts, (bot_user_id, bot_id))
                if event.get("thread_ts")
                else []
            )
            answer = self.get_engine().ask(question, history)
            try:
                ref = self.feedback.remember(_answer_record(question, history, answer, channel, thread_ts))
            except OSError:  # a full disk must not cost the user the answer; a click then logs the text only
                log.exception("could not remember the answer for feedback")
                ref = "unrecorded"
            client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                text=fallback_text(answer),
                blocks=answer_blocks(answer, ref),
                unfurl_links=False,
                unfurl_media=False,
            )
            self.on_reply("answer")
        except Exception as exc:  # the thread hears about every failure in words, never a trace
            self.fail(exc, client, channel, thread_ts)

    def fail(self, exc: Exception, client: WebClient, channel: str, thread_ts: str) -> None:
        reply = slack_reply_for(exc)
        if isinstance(exc, SlackClientError):
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else type(exc).__name__
            log.warning("Slack refused the reply in %s (thread %s): %s", channel, thread_ts, error)
        elif isinstance(exc, OSError):  # Slack's Web API unreachable: an apology would not get through either
            log.warning("Slack's Web API did not answer in %s (thread %s): %s", channel, thread_ts, exc)
            return
        elif isinstance(exc, ReportQAError):  # an unusable question or a service not ready: told in words
            log.info("not answered in %s (thread %s): %s", channel, thread_ts, exc)
        else:
            log.error("answering in %s (thread %s) failed", channel, thread_ts, exc_info=exc)
        if reply is None:
            return
        try:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=apology_text(reply))
            self.on_reply("apology")
        except (SlackClientError, OSError) as again:
            log.warning("could not post the apology in %s: %s", channel, again)


def _answer_record(
    question: str, history: Sequence[Turn], answer: Answer, channel: str, thread_ts: str
) -> dict[str, Any]:
    return {
        "question": question,
        "history": [asdict(t) for t in history],
        "answer": answer.answer,
        "route": answer.route,
        "citations": citation_records(answer.citations),
        "calculation": answer.calculation,
        "channel": channel,
        "thread_ts": thread_ts,
    }
