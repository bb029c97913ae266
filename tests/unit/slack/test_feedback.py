"""The feedback log: append-only, complete lines under concurrency, torn lines skipped, exported as cases."""

from __future__ import annotations

import threading
from pathlib import Path

import yaml

from service.slack.feedback import FeedbackLog, export_cases, read_records

ANSWER = {
    "question": "What is the withholding rate?",
    "history": [],
    "answer": "20% [1].",
    "route": "retrieval",
    "citations": [
        {"id": "c1", "doc_id": "d", "section": "Japanese Taxation", "quote": "20%", "start": 0, "end": 3}
    ],
    "calculation": None,
}


def test_a_click_records_the_question_answer_citations_and_user(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "feedback")
    ref = log.remember(ANSWER)

    log.record_click(ref, "down", "U1", channel="C1", message_ts="2.0")

    (record,) = log.clicks()
    assert record["rating"] == "down"
    assert record["user"] == "U1"
    assert record["question"] == ANSWER["question"]
    assert record["answer"] == ANSWER["answer"]
    assert record["citations"] == ANSWER["citations"]
    assert record["message_ts"] == "2.0"


def test_answers_are_found_after_a_restart(tmp_path: Path) -> None:
    ref = FeedbackLog(tmp_path).remember(ANSWER)

    record = FeedbackLog(tmp_path).record_click(ref, "up", "U1")

    assert record["question"] == ANSWER["question"]


def test_an_unknown_reference_still_records_the_message_text(tmp_path: Path) -> None:
    record = FeedbackLog(tmp_path).record_click("gone", "down", "U1", message_text="what the bot said")

    assert record["answer"] == "what the bot said"
    assert record["question"] == ""


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path)
    log.record_click(log.remember(ANSWER), "down", "U1")
    with log.feedback_path.open("a", encoding="utf-8") as handle:
        handle.write('{"ref": "half')

    assert len(list(read_records(log.feedback_path))) == 1


def test_concurrent_clicks_are_all_kept_as_whole_lines(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path)
    ref = log.remember(ANSWER)

    def click(n: int) -> None:
        for _ in range(10):
            log.record_click(ref, "up", f"U{n}")

    threads = [threading.Thread(target=click, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    lines = log.feedback_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 80
    assert len(log.clicks()) == 80


def test_export_turns_clicks_into_case_skeletons_and_skips_unreplayable_ones(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path)
    log.record_click(log.remember(ANSWER), "down", "U1")
    log.record_click(log.remember({**ANSWER, "question": "Liked question?"}), "up", "U2")
    log.record_click("lost", "down", "U3")

    text, skipped = export_cases(log.clicks(), rating="down")

    (case,) = yaml.safe_load(text)
    assert case["question"] == ANSWER["question"]
    assert case["route"] == "TODO"
    assert skipped == 1
    assert "# from feedback (down)" in text


def test_export_skips_questions_already_in_the_cases_file(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path)
    log.record_click(log.remember(ANSWER), "down", "U1")
    first, _ = export_cases(log.clicks())
    (case,) = yaml.safe_load(first)

    again, _ = export_cases(log.clicks(), existing_ids={case["id"]})

    assert again == ""
