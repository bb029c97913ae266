"""Structured logs: one JSON object per line on stderr, set up once per process however often it is asked.

`reportqa serve` and `create_app` both call `configure_logging`; the handler is installed on the root logger
only once (it is marked), so uvicorn, the app and any library log through the same JSON lines.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

# LogRecord's own attributes; anything else on a record came through `extra=` and is logged as a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "message", ...extra fields}`, with the traceback as one string field."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is now (test runners swap it), never to a stream closed since."""

    _reportqa_json = True

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(level: int = logging.INFO) -> None:
    """Install the JSON handler once; reportqa logs at `level` unless a level was set for it already."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        # logging.basicConfig's plain handler would print every line a second time, unstructured
        if type(handler) is logging.StreamHandler and handler.stream in {sys.stderr, sys.stdout}:
            root.removeHandler(handler)
    if not any(getattr(handler, "_reportqa_json", False) for handler in root.handlers):
        root.addHandler(_StderrHandler())
    ours = logging.getLogger("reportqa")
    if ours.level == logging.NOTSET:
        ours.setLevel(level)
    # uvicorn's own access line would repeat ours (service/api/middleware.py) without the request id
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
