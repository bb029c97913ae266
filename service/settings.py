"""The one settings object: every knob of reportqa, validated at start-up (env prefix REPORTQA_)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIN_KEY_LENGTH = 24


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Validated configuration; tests build it directly, the CLI builds it from the environment."""

    # hide_input_in_errors: a refused setting is named, never echoed (it may be an API key or a token)
    model_config = SettingsConfigDict(
        env_prefix="REPORTQA_", extra="forbid", frozen=True, hide_input_in_errors=True
    )

    # Where the reports live and where the index is written.
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    data_dir: Path = PROJECT_ROOT / "data"
    # Empty: embedded Chroma under data_dir. Set (http://host:port): a `chroma run` server via HttpClient.
    chroma_url: str | None = None
    collection: str = Field(default="reportqa", min_length=3, max_length=63)
    # Path to a sentence-transformers model folder; empty means the bundled all-MiniLM-L6-v2 package.
    model_path: Path | None = None
    embed_batch_size: int = Field(default=32, ge=1, le=1024)
    # torch threads for ingest's embedding. One: on a small machine shared with other work, two threads wait on
    # each other at every matrix product (measured on 2 loaded cores: chunk texts 9–23 s on one thread against
    # 21–30 s on two, short texts 2–12× faster); a quiet machine with cores to spare may set more.
    ingest_threads: int = Field(default=1, ge=1, le=256)
    # Question embedding passes the service runs at once (service/embedding.py MicroBatcher). An ONNX Runtime pass
    # runs outside the interpreter lock on one thread, so two use both cores of a 2-core machine: 16 clients asking
    # unseen questions over HTTP got p95 454 ms (median of 4 runs) with 2, 585 ms with 1 and 475 ms with 3
    # (interleaved rounds, 2026-12-07, loaded machine; evals/bench_results.md).
    embed_passes_at_once: int = Field(default=2, ge=1, le=16)

    # Retrieval and answering.
    top_k: int = Field(default=3, ge=1, le=10)
    candidates: int = Field(default=20, ge=1, le=200)
    rrf_k: int = Field(default=60, ge=1)
    # Answers whose best passage is weaker than this abstain ("the report does not say"), unless (with the scope
    # checks) the best quote holds every subject word of the question ...
    abstain_threshold: float = Field(default=0.2, ge=-1.0, le=1.0)
    # ... or whose best quote covers less than this share of the question's (idf-weighted) terms: with the scope
    # checks, its subject words only (no question words, report names or numbers), each in the question's sense.
    abstain_coverage: float = Field(default=0.18, ge=0.0, le=1.0)
    # ... and, when the question has a subject word no report contains, whose best passage is below this.
    abstain_unknown_dense: float = Field(default=0.0, ge=-1.0, le=1.0)
    # A question word no report contains is only a different wording when a report word is at least this close
    # in meaning (cosine of the model's word vectors); otherwise it names something the reports may lack ...
    abstain_synonym: float = Field(default=0.75, ge=-1.0, le=1.0)
    # ... and the answer is withheld when replacing that word by its nearest report word brings the question closer
    # to its quoted answer by more than this (cosine): the answer is about something else.
    abstain_pull: float = Field(default=0.08, ge=0.0, le=2.0)
    # Also withhold answers to requests no report text answers (live market data, investment advice), answers whose
    # quotes share no subject word with the question, answers about a concept the reports lack (the two settings
    # above), answers not of the kind asked for (no date for "when was …?") and answers about holders the report says
    # its discussion leaves out. False: only the dense and coverage thresholds decide.
    abstain_scope: bool = True
    # Word pieces per chunk, section path included; all-MiniLM-L6-v2 reads at most 256.
    chunk_tokens: int = Field(default=256, ge=32, le=256)
    # The report whose rules the tax calculator implements (its answers cite this document).
    calculator_doc_id: str = "iij-20f-fy2004-item10"

    # HTTP.
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    rate_limit_per_minute: int = Field(default=120, ge=1)
    # Proxies (addresses or networks) whose X-Forwarded-For names the client; empty: the socket's peer is the client.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # A client must send a request's headers and body within this many seconds, or the connection is dropped
    # (slow or half-open clients cannot hold connections); responses, server-sent events included, are not limited.
    read_timeout_seconds: float = Field(default=10.0, gt=0.0, le=300.0)
    # A question asked while no other request is in flight is answered on the event loop itself, saving the hop to
    # a worker thread and back (service/api/dispatch.py); with others in flight it always goes to a worker thread.
    inline_when_alone: bool = True
    # Milliseconds a thread running Python may keep the interpreter lock while another waits for it
    # (sys.setswitchinterval; Python's own is 5). The former numpy forward pass gave the lock up at every matrix
    # product and waited up to this long to get it back whenever other requests were running Python. Measured beside
    # one busy Python thread on the 2-core machine (same thread CPU): a pass took 2.5–3.9× its time alone at 5 ms,
    # 1.0–2.4× at 1 ms. The ONNX Runtime pass gives the lock up once per pass (see evals/bench_results.md for 5 ms
    # measured with it).
    switch_interval_ms: float = Field(default=1.0, gt=0.0, le=100.0)
    # malloc arenas of the C library (glibc's M_ARENA_MAX; 0: its default, up to 8 per core). Each thread that
    # meets contention gets an arena of its own, which keeps the memory it touched: after 16 clients asked 1,201
    # unseen questions the service held 452 MB RSS with the default and 302 MB with 2, at the same CPU per question.
    malloc_arenas: int = Field(default=2, ge=0, le=64)

    # Slack (the bot is off unless the token and signing secret are both set).
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    @field_validator("api_keys", "cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("api_keys")
    @classmethod
    def _long_keys(cls, keys: list[SecretStr]) -> list[SecretStr]:
        short = [n for n, key in enumerate(keys, start=1) if len(key.get_secret_value()) < MIN_KEY_LENGTH]
        if short:
            raise ValueError(
                f"API key(s) number {', '.join(map(str, short))} of {len(keys)} are shorter than "
                f"{MIN_KEY_LENGTH} characters; a short key can be guessed. Make one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        return keys

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, proxies: list[str]) -> list[str]:
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError as exc:
                raise ValueError(
                    f"{proxy!r} is not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/8)"
                ) from exc
        return proxies

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("chroma_url must start with http:// or https://")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _paths_absolute(self) -> Settings:
        object.__setattr__(self, "corpus_dir", self.corpus_dir.expanduser().resolve())
        object.__setattr__(self, "data_dir", self.data_dir.expanduser().resolve())
        return self

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and self.slack_signing_secret is not None

    @property
    def binds_publicly(self) -> bool:
        """True when `host` is reachable from other machines (anything but loopback)."""
        if self.host == "localhost":
            return False
        try:
            return not ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return True
