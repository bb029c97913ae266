"""Recorded answers (a 👎 from a user, a Slack reaction export) → case skeletons in cases.yaml format (pure).

The skeleton keeps what is known (question, history, what came back) and marks what only a human can decide
with ``TODO``: the expected route, facts, citations and tags. The returned citations' quotes are listed as
commented-out candidate ``cite`` entries. A skeleton left with its TODOs fails the data checks of
``tests/unit/evals/test_cases_file.py`` on purpose, so it cannot slip into the set unreviewed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from evals.scoring import normalise_ws

__all__ = ["TODO", "feedback_case_id", "feedback_to_yaml", "parse_feedback"]

TODO = "TODO"
ROUTE_CHOICES = "retrieval, calculator, clarify, out_of_scope"
ANSWER_EXCERPT = 300


def _history(record: Mapping[str, Any]) -> list[dict[str, str]]:
    turns = record.get("history") or []
    if not isinstance(turns, list):
        raise ValueError("feedback record: 'history' must be a list of {role, content}")
    history: list[dict[str, str]] = []
    for turn in turns:
        if not isinstance(turn, Mapping) or turn.get("role") not in ("user", "assistant"):
            raise ValueError("feedback record: each history turn needs role user|assistant and content")
        history.append({"role": str(turn["role"]), "content": str(turn.get("content", ""))})
    return history


def feedback_case_id(question: str, history: Sequence[Mapping[str, str]] = ()) -> str:
    """A stable placeholder id: the same question (and history) always gets the same ``fb-<hash>``."""
    key = (
        normalise_ws(question).casefold()
        + "\n"
        + "\n".join(f"{t['role']}:{normalise_ws(t['content'])}" for t in history)
    )
    return "fb-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _one_line(text: str, limit: int) -> str:
    flat = normalise_ws(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _case_yaml(record: Mapping[str, Any]) -> tuple[str, str]:
    question = record.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ValueError("feedback record: 'question' must be a non-empty string")
    history = _history(record)
    case_id = feedback_case_id(question, history)
    answer = str(record.get("answer") or "")
    route = str(record.get("route") or "unknown")
    rating = record.get("rating") or record.get("feedback")
    citations = record.get("citations") or []
    if not isinstance(citations, list):
        raise ValueError("feedback record: 'citations' must be a list")

    lines = [f"# from feedback{f' ({rating})' if rating else ''}: returned route {route}"]
    if record.get("note"):
        lines.append(f"# note: {_one_line(str(record['note']), ANSWER_EXCERPT)}")
    lines.append(f"# returned answer: {_one_line(answer, ANSWER_EXCERPT) or '(empty)'}")
    lines.append(
        "# TODO: fill route, facts, numbers, cite, missing and tags; rename the id to its topic prefix."
    )
    lines += [f"- id: {case_id}", "  split: dev", f"  question: {_q(question.strip())}"]
    if history:
        lines.append("  history:")
        for turn in history:
            lines.append(f"    - {{role: {turn['role']}, content: {_q(turn['content'])}}}")
    lines += [
        f"  route: {TODO}  # returned: {route}; one of {ROUTE_CHOICES}",
        f"  facts: [{TODO}]  # phrases a correct answer must contain",
        "  numbers: []  # TODO: numbers a correct answer must contain, if any",
        f"  cite: [{TODO}]  # passages a correct answer must cite; candidates from the returned citations:",
    ]
    for citation in citations:
        if not isinstance(citation, Mapping) or not isinstance(citation.get("quote"), str):
            continue
        section = str(citation.get("section") or "")
        where = f"  # {section} ({citation.get('start')}–{citation.get('end')})" if section else ""
        lines.append(f"  #   - {_q(normalise_ws(citation['quote']))}{where}")
    lines += [
        "  missing: []  # TODO: for clarify, the calculator inputs to ask for",
        f"  tags: [{TODO}]  # topic tags (see tests/unit/evals/test_cases_file.py)",
    ]
    return case_id, "\n".join(lines)


def feedback_to_yaml(
    records: Mapping[str, Any] | Sequence[Mapping[str, Any]], existing_ids: Collection[str] = ()
) -> str:
    """Case skeletons for one record or a list of them, as YAML list items ready to append to cases.yaml.

    Records whose placeholder id is already in ``existing_ids`` (or repeated in the list) are skipped, so
    exporting the same feedback twice adds nothing. Raises ``ValueError`` naming a malformed record.
    """
    items = [records] if isinstance(records, Mapping) else list(records)
    seen = set(existing_ids)
    blocks: list[str] = []
    for item in items:
        if not isinstance(item, Mapping):
            raise ValueError("feedback must be a JSON object or a list of objects")
        case_id, block = _case_yaml(item)
        if case_id in seen:
            continue
        seen.add(case_id)
        blocks.append(block)
    return "\n".join(blocks) + ("\n" if blocks else "")


def parse_feedback(text: str) -> list[Mapping[str, Any]]:
    """Records from a JSON object, a JSON array, or JSON lines (one object per line)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    records = data if isinstance(data, list) else [data]
    if not all(isinstance(r, Mapping) for r in records):
        raise ValueError("feedback must be a JSON object, a list of objects, or JSON lines")
    return records
