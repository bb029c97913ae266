"""👍/👎 on Slack answers: append-only JSON lines under ``data_dir/feedback``, exported as eval case skeletons.

Two files: ``answers.jsonl`` remembers each answer the bot posted under a short reference (the feedback
buttons carry only that reference), and ``feedback.jsonl`` gets one record per click with the question, the
answer, its citations and the user. Each record is one ``write`` of one line, flushed and fsynced under a lock,
so concurrent clicks never interleave and an acknowledged click survives a crash.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Collection, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger("reportqa.slack.feedback")

Rating = Literal["up", "down"]
ANSWERS_FILE = "answers.jsonl"
FEEDBACK_FILE = "feedback.jsonl"
RECENT_ANSWERS = 2000


def feedback_dir(data_dir: Path) -> Path:
    return data_dir / "feedback"


def _append_line(path: Path, record: Mapping[str, Any]) -> None:
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    created = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        data = line.encode("utf-8")
        written = os.write(fd, data)
        while written < len(data):  # a short write on a full disk: finish the line or fail loudly
            written += os.write(fd, data[written:])
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:  # make the new file's directory entry durable too
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete record of a JSON-lines file; a torn last line (a crash mid-write) is skipped."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                log.warning("%s line %d is not a complete record; skipped", path, number)
                continue
            if isinstance(record, dict):
                yield record


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedbackLog:
    """Remembers posted answers and records clicks on their 👍/👎 buttons (thread-safe, append-only)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.answers_path = directory / ANSWERS_FILE
        self.feedback_path = directory / FEEDBACK_FILE
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def remember(self, answer: Mapping[str, Any]) -> str:
        """Store a posted answer (question, history, answer, route, citations…); returns its reference."""
        ref = uuid.uuid4().hex[:16]
        record = {"ref": ref, "at": _now(), **answer}
        with self._lock:
            _append_line(self.answers_path, record)
            self._recent[ref] = record
            while len(self._recent) > RECENT_ANSWERS:
                self._recent.popitem(last=False)
        return ref

    def _answer(self, ref: str) -> dict[str, Any] | None:
        with self._lock:
            if ref in self._recent:
                return self._recent[ref]
        found = None
        for record in read_records(self.answers_path):  # older than the in-memory window: read the log
            if record.get("ref") == ref:
                found = record
        return found

    def record_click(
        self,
        ref: str,
        rating: Rating,
        user: str | None,
        *,
        channel: str | None = None,
        message_ts: str | None = None,
        message_text: str | None = None,
    ) -> dict[str, Any]:
        """Append one click. An unknown reference (its answer log lost) still records what the message said."""
        answer = self._answer(ref)
        record: dict[str, Any] = {"ref": ref, "rating": rating, "user": user, "at": _now()}
        if answer is not None:
            for key in ("question", "history", "answer", "route", "citations", "calculation"):
                if key in answer:
                    record[key] = answer[key]
        else:
            log.warning("feedback for unknown answer %s; recording the message text only", ref)
            record.update(question="", answer=message_text or "", citations=[])
        record.update(channel=channel, message_ts=message_ts)
        with self._lock:
            _append_line(self.feedback_path, record)
        return record

    def clicks(self) -> list[dict[str, Any]]:
        return list(read_records(self.feedback_path))


def export_cases(
    records: list[dict[str, Any]], rating: Rating | None = None, existing_ids: Collection[str] = ()
) -> tuple[str, int]:
    """Case skeletons (cases.yaml format) for the recorded clicks, via the evals converter.

    Returns the YAML and how many records were skipped because they have no question to replay.
    """
    from evals.feedback import feedback_to_yaml

    chosen = [r for r in records if rating is None or r.get("rating") == rating]
    usable = [r for r in chosen if isinstance(r.get("question"), str) and r["question"].strip()]
    return feedback_to_yaml(usable, existing_ids), len(chosen) - len(usable)
