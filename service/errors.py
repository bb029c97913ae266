"""Domain errors: each names what went wrong in words a user can act on; mapped to HTTP in service/api/errors.py."""

from __future__ import annotations


class ReportQAError(Exception):
    """Base of every error reportqa raises on purpose."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        # For the log and the operator's command line only: may hold paths and exception text, which the words
        # shown to HTTP and Slack users never do.
        self.detail = detail


class BadQuestion(ReportQAError):
    """Raised when a question or search request is empty, too long or otherwise unusable."""

    status_code = 400
    code = "bad_request"


class NotIngested(ReportQAError):
    """Raised when a question arrives before any report has been ingested."""

    status_code = 503
    code = "not_ingested"


class SnapshotInvalid(ReportQAError):
    """Raised when the index snapshot cannot be proven: unreadable, cut short, another format, altered, or not
    matching the corpus it was cut from."""

    status_code = 503
    code = "index_invalid"


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


class Unauthorized(ReportQAError):
    """Raised when a /v1 request carries no API key, or one that is not configured."""

    status_code = 401
    code = "unauthorized"


class RateLimited(ReportQAError):
    """Raised when a caller (API key, or client address without keys) exceeds its requests per minute."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ManifestInvalid(CorpusError):
    """Raised when corpus/manifest.yaml breaks its schema; every violation is named with its line and field."""

    code = "bad_manifest"


class UnknownModel(ReportQAError):
    """Raised when a chat completion or model lookup names a model reportqa does not serve."""

    status_code = 404
    code = "model_not_found"


class UnsafeSettings(ReportQAError, ValueError):
    """Raised at start-up when the settings would expose the service unprotected (public host, no API keys)."""

    code = "unsafe_settings"


class DocumentNotFound(ReportQAError):
    """Raised when a document id names no ingested report."""

    status_code = 404
    code = "not_found"


class DocumentChanged(ReportQAError):
    """Raised when a report's file no longer holds the text it was ingested from (citation offsets would lie)."""

    status_code = 409
    code = "document_changed"
