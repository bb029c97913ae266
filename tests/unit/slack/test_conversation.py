"""Reading a Slack thread as conversation history, and which messages the bot answers."""

from __future__ import annotations

from typing import Any

import pytest

from service.qa.types import Turn
from service.slack.conversation import (
    MAX_HISTORY_TURNS,
    clean_text,
    history_from_thread,
    is_from_a_bot,
    is_plain_dm,
)

BOT_USER = "UBOT"
BOT = "BBOT"


def test_our_mention_is_stripped_and_others_are_kept() -> None:
    assert clean_text("<@UBOT> what about <@UALICE>?", BOT_USER) == "what about <@UALICE>?"
    assert clean_text("<@UBOT|reportqa>   hi\n there", BOT_USER) == "hi there"


def test_slack_escapes_are_undone() -> None:
    assert clean_text("&lt;5% &amp; more &gt; 10", BOT_USER) == "<5% & more > 10"


@pytest.mark.parametrize(
    ("event", "from_bot"),
    [
        ({"user": "U1", "text": "hi"}, False),
        ({"user": "U1", "bot_id": "BOTHER"}, True),
        ({"subtype": "bot_message", "text": "x"}, True),
        ({"user": BOT_USER, "text": "our own"}, True),
    ],
)
def test_bots_are_recognised(event: dict[str, Any], from_bot: bool) -> None:
    assert is_from_a_bot(event, BOT_USER) is from_bot


@pytest.mark.parametrize(
    ("event", "answered"),
    [
        ({"channel_type": "im"}, True),
        ({"channel_type": "im", "subtype": "file_share"}, True),
        ({"channel_type": "im", "subtype": "message_changed"}, False),
        ({"channel_type": "im", "subtype": "message_deleted"}, False),
        ({"channel_type": "channel"}, False),
    ],
)
def test_only_new_direct_messages_are_answered_as_messages(event: dict[str, Any], answered: bool) -> None:
    assert is_plain_dm(event) is answered


def test_thread_becomes_turns_up_to_the_current_message() -> None:
    messages = [
        {"user": "U1", "text": "<@UBOT> tax on ¥1,000,000 to a US corporation?", "ts": "1"},
        {"bot_id": BOT, "user": BOT_USER, "text": "What percentage does it own?", "ts": "2"},
        {"bot_id": "BOTHER", "text": "some other bot", "ts": "3"},
        {"user": "U2", "text": "", "ts": "4"},
        {"user": "U1", "text": "<@UBOT> 60%", "ts": "5"},
        {"user": "U1", "text": "a later message", "ts": "6"},
    ]

    turns = history_from_thread(messages, "5", BOT_USER, BOT)

    assert turns == [
        Turn("user", "tax on ¥1,000,000 to a US corporation?"),
        Turn("assistant", "What percentage does it own?"),
    ]


def test_long_threads_keep_the_latest_turns() -> None:
    messages = [{"user": "U1", "text": f"message {n}", "ts": str(n)} for n in range(100)]

    turns = history_from_thread(messages, "99", BOT_USER, BOT)

    assert len(turns) == MAX_HISTORY_TURNS
    assert turns[-1].content == "message 98"
