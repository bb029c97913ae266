"""Domain errors: each names what went wrong in words a user can act on; mapped to HTTP in service/api/errors.py."""

from __future__ import annotations


class ReportQAError(Exception):
    """Base of every error reportqa raises on purpose."""

    status_code = 500
    code = "internal_error"


class BadQuestion(ReportQAError):
    """Raised when a question or search request is empty, too long or otherwise unusable."""

    status_code = 400
    code = "bad_request"


class NotIngested(ReportQAError):
    """Raised when a question arrives before any report has been ingested."""

    status_code = 503
    code = "not_ingested"


class StoreUnavailable(ReportQAError):
    """Raised when the Chroma store cannot be opened or does not answer."""

    status_code = 503
    code = "store_unavailable"


class IngestLocked(ReportQAError):
    """Raised when another ingest is already writing the same data directory."""

    status_code = 409
    code = "ingest_running"


class CorpusError(ReportQAError):
    """Raised when the corpus folder or its manifest cannot be used at all."""

    status_code = 400
    code = "bad_corpus"
