"""Proof that an index snapshot may be served: it is sealed when written, and checked when read.

A snapshot carries its format version, the model that made its vectors, each document's content hash and, last, a
SHA-256 of everything before it (`seal`). Reading (`open_sealed`) refuses a file that cannot be read, is cut short,
is of another format, or whose checksum does not match (a partial copy, an edit by hand). `check_against_corpus`
then proves it was cut from the corpus it will quote: each report's text has the recorded hash, and chunks
sampled from each report equal the report's text at their offsets. (The model identity is the runtime's check:
an index another model made is `NotIngested`, see service/runtime.py.)

Every refusal is a `SnapshotInvalid` whose message says what is wrong in words (no path, no exception text);
`detail` holds the rest for the log.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.chunk import document_hash
from ingest.manifest import confined_file
from service.errors import SnapshotInvalid

if TYPE_CHECKING:
    from ingest.snapshot import Snapshot

_SEAL = re.compile(rb',"checksum":"([0-9a-f]{64})"\}\s*$')
SPOT_CHECKS_PER_DOCUMENT = 8
REBUILD = "run `reportqa ingest` to rebuild it"


def seal(body: str) -> str:
    """The JSON object ``body`` with a last member, `checksum`: the SHA-256 of the UTF-8 bytes before it."""
    if not body.endswith("}") or body == "{}":
        raise ValueError("only a non-empty JSON object can be sealed")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return f'{body[:-1]},"checksum":"{digest}"}}'


def invalid(reason: str, detail: str | None = None) -> SnapshotInvalid:
    return SnapshotInvalid(f"the index snapshot cannot be used: {reason}; {REBUILD}", detail)


def open_sealed(path: Path, version: int) -> dict[str, Any]:
    """The snapshot's JSON once its format and checksum are proven; SnapshotInvalid otherwise."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise invalid("it cannot be read", f"{path}: {exc}") from exc
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise invalid("it is not complete JSON (cut short, or overwritten)", f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise invalid("it is not a snapshot (no JSON object)", str(path))
    found = data.get("version")
    if found != version:
        raise invalid(
            f"it is format {found!r}, and this version of reportqa reads format {version}", str(path)
        )
    match = _SEAL.search(raw[-200:])
    if match is None or not isinstance(data.get("checksum"), str):
        raise invalid("it carries no checksum (cut short, or not written by reportqa ingest)", str(path))
    body = raw[: len(raw) - 200 + match.start()] if len(raw) > 200 else raw[: match.start()]
    if hashlib.sha256(body + b"}").hexdigest() != match.group(1).decode():
        raise invalid("its checksum does not match its content (altered, or copied incompletely)", str(path))
    del data["checksum"]
    return data


def _sample(count: int, size: int = SPOT_CHECKS_PER_DOCUMENT) -> Sequence[int]:
    if count <= size:
        return range(count)
    step = (count - 1) / (size - 1)
    return sorted({round(i * step) for i in range(size)})


def check_against_corpus(snapshot: Snapshot, corpus_dir: Path) -> None:
    """Each report's text has the recorded hash and length, and sampled chunks equal it at their offsets."""
    by_doc: dict[str, list[int]] = {}
    for position, chunk in enumerate(snapshot.chunks):
        by_doc.setdefault(chunk.doc_id, []).append(position)
    known = {d.meta.doc_id for d in snapshot.documents}
    strangers = sorted(set(by_doc) - known)
    if strangers:
        raise invalid("it lists passages of a report it does not record", f"doc ids {strangers[:5]}")
    for record in snapshot.documents:
        doc_id = record.meta.doc_id
        try:
            path = confined_file(corpus_dir, record.meta.file)
            text = path.read_text(encoding="utf-8")
        except ValueError as exc:  # outside the corpus, or not UTF-8
            raise invalid(f"report {doc_id!r} cannot be read from the corpus folder", str(exc)) from exc
        except OSError as exc:
            raise invalid(
                f"report {doc_id!r} is missing from the corpus folder", f"{corpus_dir}: {exc}"
            ) from exc
        if len(text) != record.chars or document_hash(text) != record.sha256:
            raise invalid(
                f"report {doc_id!r} has changed since it was ingested",
                f"{record.meta.file}: {len(text)} chars, hash {document_hash(text)}; "
                f"recorded {record.chars} chars, hash {record.sha256}",
            )
        positions = by_doc.get(doc_id, [])
        for i in _sample(len(positions)):
            chunk = snapshot.chunks[positions[i]]
            if not 0 <= chunk.start < chunk.end <= len(text) or text[chunk.start : chunk.end] != chunk.text:
                raise invalid(
                    f"a passage of report {doc_id!r} is not the report's text at its offsets",
                    f"chunk {chunk.id} [{chunk.start}:{chunk.end}]",
                )
