"""Block Kit formatting: Slack's limits always hold, report text cannot become markup, receipts are compact."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from service.qa.types import Answer, Citation
from service.slack.blocks import (
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    MAX_BLOCKS,
    MAX_CITATIONS,
    MAX_SECTION_CHARS,
    answer_blocks,
    clip,
    escape,
    fallback_text,
    receipt_lines,
)

CALCULATION: dict[str, Any] = {
    "function": "jp_withholding_amounts",
    "inputs": {"residence": "United States", "gross_dividend_jpy": 1000000, "advance_form_filed": True},
    "status": "OK",
    "result": {"withheld_jpy": 100000},
    "flags": ["PRIOR_TREATY_ELECTION_NOT_IN_DOC"],
    "rules": ["R-07", "R-08"],
    "steps": ["a step the receipt leaves out"],
}


def _citation(
    n: int, quote: str = "Dividends are subject to withholding.", section: str = "E. Taxation"
) -> Citation:
    return Citation(f"c{n}", "doc", section, quote, 0, len(quote), 0.5)


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        for element in block.get("elements", []):
            if element.get("type") == "mrkdwn":
                found.append(element["text"])
    return found


def test_citations_are_numbered_with_section_and_quote() -> None:
    answer = Answer(
        "Rate is 20% [1], or 10% by treaty [2].",
        "retrieval",
        [_citation(1), _citation(2, section="Japanese Taxation")],
    )

    texts = _texts(answer_blocks(answer, "ref1"))

    assert any(t.startswith("*[1]* _E. Taxation_ — “Dividends") for t in texts)
    assert any(t.startswith("*[2]* _Japanese Taxation_") for t in texts)


def test_feedback_buttons_carry_the_reference() -> None:
    blocks = answer_blocks(Answer("An answer.", "retrieval"), "abc123")

    actions = blocks[-1]
    assert actions["type"] == "actions"
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        (FEEDBACK_UP, "abc123"),
        (FEEDBACK_DOWN, "abc123"),
    ]


def test_receipt_has_function_status_inputs_rules_and_flags_but_not_steps() -> None:
    lines = receipt_lines(CALCULATION)

    assert lines[0] == "*Calculation* `jp_withholding_amounts` · status *OK*"
    assert (
        lines[1]
        == "*Inputs:* residence United States · gross dividend jpy 1,000,000 · advance form filed yes"
    )
    assert lines[2] == "*Rules:* R-07, R-08"
    assert lines[3] == "*Flags:* PRIOR_TREATY_ELECTION_NOT_IN_DOC"
    assert "a step" not in "\n".join(lines)


def test_a_calculator_answer_shows_its_receipt() -> None:
    blocks = answer_blocks(
        Answer("¥100,000 is withheld [1].", "calculator", [_citation(1)], CALCULATION), "r"
    )

    assert any("*Calculation*" in t for t in _texts(blocks))


def test_clarify_asks_the_question_and_names_what_is_missing() -> None:
    answer = Answer(
        "What percentage of the voting shares does the holder own?", "clarify", missing=["voting_pct"]
    )

    texts = _texts(answer_blocks(answer, "r"))

    assert texts[0] == ":question: What percentage of the voting shares does the holder own?"
    assert texts[1] == "Reply in this thread with: voting pct"


def test_report_text_cannot_mention_people_or_make_links() -> None:
    answer = Answer("<!channel> & <http://x|y>", "retrieval", [_citation(1, quote="a < b & c > d")])

    blob = json.dumps(answer_blocks(answer, "r"))

    assert "<!channel>" not in blob
    assert "&lt;!channel&gt; &amp; &lt;http://x|y&gt;" in blob
    assert "a &lt; b &amp; c &gt; d" in blob
    assert fallback_text(answer) == "&lt;!channel&gt; &amp; &lt;http://x|y&gt;"


def test_more_citations_than_the_cap_are_counted_not_listed() -> None:
    answer = Answer("x", "retrieval", [_citation(n) for n in range(1, MAX_CITATIONS + 4)])

    texts = _texts(answer_blocks(answer, "r"))

    assert sum(t.startswith("*[") for t in texts) == MAX_CITATIONS
    assert texts[-1] == "…and 3 more sources"


def test_clip_keeps_short_text_and_marks_cut_text() -> None:
    assert clip("short", 10) == "short"
    assert clip("a" * 20, 10) == "a" * 9 + "…"


def test_escape_handles_the_three_control_characters_only() -> None:
    assert escape("a & b < c > d *e*") == "a &amp; b &lt; c &gt; d *e*"


@given(
    text=st.text(min_size=1, max_size=8000),
    quotes=st.lists(st.text(min_size=1, max_size=4000), max_size=60),
    section=st.text(max_size=4000),
    missing=st.lists(st.text(max_size=500), max_size=30),
    route=st.sampled_from(["retrieval", "calculator", "clarify", "out_of_scope"]),
)
def test_any_answer_fits_slacks_limits(
    text: str, quotes: list[str], section: str, missing: list[str], route: Any
) -> None:
    calculation = {**CALCULATION, "inputs": {f"k{n}": "v" * 200 for n in range(40)}}
    answer = Answer(
        text, route, [_citation(n, q, section) for n, q in enumerate(quotes, 1)], calculation, missing
    )

    blocks = answer_blocks(answer, "ref")

    assert len(blocks) <= MAX_BLOCKS
    assert all(len(t) <= MAX_SECTION_CHARS for t in _texts(blocks))
    assert blocks[-1]["type"] == "actions"
    assert len(fallback_text(answer)) <= 3000
