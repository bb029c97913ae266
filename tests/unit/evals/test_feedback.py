"""Recorded answers → case skeletons in cases.yaml format, with TODOs where a human must decide."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from evals.feedback import TODO, feedback_case_id, feedback_to_yaml, parse_feedback
from evals.scoring import Case

RECORD: dict[str, Any] = {
    "question": "What is the withholding rate on dividends to a US holder?",
    "answer": "Dividends are subject to a 10% rate [c1].",
    "route": "retrieval",
    "rating": "thumbs_down",
    "citations": [
        {
            "id": "c1",
            "section": "E. Taxation > Japanese Taxation",
            "quote": "the maximum rate of Japanese withholding tax\n  is 10%",
            "start": 100,
            "end": 150,
        }
    ],
}


def test_a_record_becomes_one_parseable_case_with_todo_markers() -> None:
    text = feedback_to_yaml(RECORD)
    [item] = yaml.safe_load(text)
    assert item["id"] == feedback_case_id(RECORD["question"])
    assert item["id"].startswith("fb-")
    assert item["split"] == "dev"
    assert item["question"] == RECORD["question"]
    assert item["route"] == TODO
    assert item["facts"] == [TODO]
    assert item["cite"] == [TODO]
    assert item["tags"] == [TODO]
    assert item["numbers"] == []
    assert item["missing"] == []
    Case.from_mapping(item)  # the runner can load it (and it fails until a human fills it)


def test_returned_citations_are_listed_as_commented_candidate_cite_entries() -> None:
    text = feedback_to_yaml(RECORD)
    assert (
        '  #   - "the maximum rate of Japanese withholding tax is 10%"  # E. Taxation > Japanese Taxation (100–150)'
        in text
    )
    assert "# returned answer: Dividends are subject to a 10% rate [c1]." in text
    assert "# from feedback (thumbs_down): returned route retrieval" in text
    assert "returned: retrieval" in text


def test_history_is_kept_so_a_follow_up_case_can_be_replayed() -> None:
    record = {
        **RECORD,
        "question": "and for a pension fund?",
        "history": [{"role": "user", "content": 'What about "QDI"?'}],
    }
    [item] = yaml.safe_load(feedback_to_yaml(record))
    assert item["history"] == [{"role": "user", "content": 'What about "QDI"?'}]
    assert Case.from_mapping(item).history[0].content == 'What about "QDI"?'
    assert item["id"] != feedback_case_id(record["question"])  # history is part of the identity


def test_a_list_of_records_gives_one_case_each_and_skips_repeats_and_existing_ids() -> None:
    other = {"question": "Who signed the Service Agreement?", "answer": "", "citations": []}
    text = feedback_to_yaml([RECORD, other, dict(RECORD)], existing_ids={feedback_case_id(other["question"])})
    assert [item["question"] for item in yaml.safe_load(text)] == [RECORD["question"]]
    assert feedback_to_yaml([]) == ""


def test_the_placeholder_id_ignores_case_and_spacing() -> None:
    assert feedback_case_id("What  is PFIC?") == feedback_case_id("what is pfic?")


@pytest.mark.parametrize(
    "record",
    [
        {"answer": "x"},
        {"question": "  "},
        {"question": "q", "citations": "c1"},
        {"question": "q", "history": [{"role": "bot"}]},
    ],
    ids=["no question", "blank question", "citations not a list", "bad history role"],
)
def test_malformed_records_are_rejected_with_a_reason(record: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="feedback record"):
        feedback_to_yaml(record)


@pytest.mark.parametrize(
    "text",
    [json.dumps(RECORD), json.dumps([RECORD, RECORD]), json.dumps(RECORD) + "\n" + json.dumps(RECORD) + "\n"],
    ids=["object", "array", "json lines"],
)
def test_feedback_files_may_hold_an_object_a_list_or_json_lines(text: str) -> None:
    records = parse_feedback(text)
    assert records[0]["question"] == RECORD["question"]
