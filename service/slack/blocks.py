"""Block Kit for an answer: text, numbered citations, the calculation receipt, 👍/👎 buttons (pure, no I/O).

Slack rejects a message whose section text is over 3,000 characters or that has more than 50 blocks, so every
text is clipped and the citation list is capped before the message is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.qa.types import Answer, Citation

MAX_SECTION_CHARS = 3000
MAX_BLOCKS = 50
MAX_FALLBACK_CHARS = 3000
MAX_CITATIONS = 10
QUOTE_CHARS = 280
MAX_BUTTON_VALUE = 2000
FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
FEEDBACK_BLOCK_ID = "feedback"

Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters, so report text can never become a link or a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(mrkdwn, MAX_SECTION_CHARS)}}


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(mrkdwn, MAX_SECTION_CHARS)}]}


def _humanise(key: str) -> str:
    return key.replace("_", " ")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return _flat(str(value))


def citation_line(number: int, citation: Citation) -> str:
    """``*[1]* _Section_ — “short quote…”`` (mrkdwn, escaped)."""
    quote = clip(_flat(citation.quote), QUOTE_CHARS)
    return f"*[{number}]* _{escape(citation.section)}_ — “{escape(quote)}”"


def receipt_lines(calculation: Mapping[str, Any]) -> list[str]:
    """The compact calculation receipt: function and status, inputs, rules, flags."""
    lines = [
        f"*Calculation* `{escape(str(calculation.get('function', '?')))}` · status "
        f"*{escape(str(calculation.get('status', '?')))}*"
    ]
    inputs = calculation.get("inputs") or {}
    if isinstance(inputs, Mapping) and inputs:
        lines.append(
            "*Inputs:* " + " · ".join(f"{_humanise(str(k))} {escape(_value(v))}" for k, v in inputs.items())
        )
    rules = calculation.get("rules") or []
    if rules:
        lines.append("*Rules:* " + ", ".join(escape(str(r)) for r in rules))
    flags = calculation.get("flags") or []
    if flags:
        lines.append("*Flags:* " + ", ".join(escape(str(f)) for f in flags))
    return lines


def _feedback_actions(ref: str) -> Block:
    value = clip(ref, MAX_BUTTON_VALUE)
    return {
        "type": "actions",
        "block_id": FEEDBACK_BLOCK_ID,
        "elements": [
            {
                "type": "button",
                "action_id": FEEDBACK_UP,
                "text": {"type": "plain_text", "text": "👍 Helpful", "emoji": True},
                "value": value,
            },
            {
                "type": "button",
                "action_id": FEEDBACK_DOWN,
                "text": {"type": "plain_text", "text": "👎 Not right", "emoji": True},
                "value": value,
            },
        ],
    }


def answer_blocks(answer: Answer, ref: str) -> list[Block]:
    """The whole reply: answer, what is missing (clarify), sources, receipt, feedback buttons; ≤ 50 blocks."""
    blocks: list[Block] = []
    if answer.route == "clarify":
        blocks.append(_section(f":question: {escape(answer.answer)}"))
        if answer.missing:
            needed = ", ".join(escape(_humanise(m)) for m in answer.missing)
            blocks.append(_context(f"Reply in this thread with: {needed}"))
    else:
        blocks.append(_section(escape(answer.answer)))
    if answer.calculation:
        blocks.append(_context("\n".join(receipt_lines(answer.calculation))))
    citations = list(answer.citations)[:MAX_CITATIONS]
    if citations:
        blocks.append({"type": "divider"})
        blocks.append(_context("*Sources*"))
        blocks.extend(_section(citation_line(n, c)) for n, c in enumerate(citations, start=1))
    if len(answer.citations) > MAX_CITATIONS:
        blocks.append(_context(f"…and {len(answer.citations) - MAX_CITATIONS} more sources"))
    actions = _feedback_actions(ref)
    return [*blocks[: MAX_BLOCKS - 1], actions]


def fallback_text(answer: Answer) -> str:
    """The plain text Slack shows in notifications; also what later turns read back as the bot's message."""
    return clip(escape(answer.answer), MAX_FALLBACK_CHARS)


def apology_text(message: str) -> str:
    return clip(escape(message), MAX_FALLBACK_CHARS)


def citation_records(citations: Sequence[Citation]) -> list[dict[str, Any]]:
    """Citations as plain dicts (for the feedback log and eval skeletons)."""
    return [
        {
            "id": c.id,
            "doc_id": c.doc_id,
            "section": c.section,
            "quote": c.quote,
            "start": c.start,
            "end": c.end,
        }
        for c in citations
    ]
