"""Ingest: corpus files → sections → chunks → embeddings (only new ones) → Chroma + BM25 snapshot.

Chunk vectors go to Chroma (for search); each chunk's sentence vectors go in the snapshot (for the composer).

Idempotent and safe to interrupt: vectors are upserted batch by batch, the snapshot that makes them live is
replaced atomically at the end, and stale vectors are deleted only after that.

Vectors are reused only when the same embedding model made them (`ModelIdentity`): the Chroma collection, the
snapshot's sentence vectors and data/vocabulary.npz each record their model, and whatever another model (or an
unknown one: an index written before models were recorded) made is embedded again. Chunk vectors for a new model are
written to a collection beside the live one, which replaces it only when complete, just before the new snapshot.

Ingest repairs what it wrote: a snapshot that cannot be proven (ingest/verify.py) or whose passages are not the
corpus text at their offsets is reported in one line and rebuilt, reusing the chunk vectors already in Chroma
(same ids, same model); temporary files left by an interrupted run are removed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ingest.bm25 import BM25
from ingest.chunk import Chunk, chunk_blocks, document_hash
from ingest.embedding import ModelIdentity
from ingest.lists import in_context, sentence_texts
from ingest.manifest import ReportMeta, confined_file, load_manifest
from ingest.parse import parse_document
from ingest.snapshot import DocumentRecord, SentenceVectors, Snapshot, read_snapshot, write_snapshot
from ingest.store import VectorStore
from ingest.vocabulary import report_words, word_vectors
from service.errors import IngestLocked, SnapshotInvalid

# What an interrupted write leaves beside its target (ingest/atomic.py): removed by the next ingest.
LEFTOVERS = (".index-*.tmp", ".vocabulary-*.npz")


class EmbeddingModel(Protocol):
    batch_size: int

    @property
    def identity(self) -> ModelIdentity: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_short(self, texts: Sequence[str]) -> list[list[float]]:
        """`embed` for short texts (sentences, list items, words): the same vectors, run as suits short texts."""
        ...

    def count_tokens(self, text: str) -> int: ...


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    sentences_embedded: int = 0
    items_embedded: int = 0  # list items embedded as they read after their lead-in (ingest/lists.py)
    skipped: int = 0
    removed: int = 0
    words_embedded: int = 0  # report words given a vector now (0 when data/vocabulary.npz holds them)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # what was wrong with the previous index, and what was done about it
    repairs: list[str] = field(default_factory=list)
    leftovers_removed: int = 0  # temporary files of an interrupted run

    @property
    def files_skipped(self) -> list[str]:
        """Corpus files not ingested this run (unreadable, not UTF-8, empty, unnamed, outside the corpus)."""
        return [*self.problems, *(w for w in self.warnings if w.endswith("skipped"))]

    def summary(self) -> str:
        return (
            f"documents {self.documents} · chunks {self.chunks} · chunks embedded {self.embedded} "
            f"(reused {self.skipped}) · removed {self.removed} · sentences embedded {self.sentences_embedded} · "
            f"files skipped {len(self.files_skipped)} · {self.seconds:.1f} s"
        )


@contextmanager
def _exclusive(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / ".ingest.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestLocked(f"another ingest is writing {data_dir}; wait for it to finish") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_leftovers(data_dir: Path) -> int:
    """Delete temporary files an interrupted ingest left in ``data_dir`` (call with the ingest lock held)."""
    removed = 0
    for pattern in LEFTOVERS:
        for path in data_dir.glob(pattern):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def previous_snapshot(data_dir: Path, report: IngestReport) -> Snapshot:
    """The last snapshot to build on; an empty one (and a repair line) when it cannot be proven."""
    try:
        return read_snapshot(data_dir) or Snapshot()
    except SnapshotInvalid as exc:
        report.repairs.append(
            f"{str(exc).split('; run', 1)[0]}: rebuilding it from the corpus "
            "(vectors already in the store are reused)"
        )
        return Snapshot()


def read_report_text(path: Path) -> str:
    """The report's text exactly as offsets index it; ValueError names what is wrong with the file."""
    if not path.is_file():
        raise ValueError(f"{path.name}: file not found")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path.name}: not UTF-8 text (bad byte at position {exc.start}); skipped") from exc
    if not text.strip():
        raise ValueError(f"{path.name}: empty file; skipped")
    return text


def chunking_key(max_tokens: int) -> str:
    """The chunk size and a digest of the code that cuts and reads chunks (the parser, the chunker, the list reader):
    chunks and their sentence vectors are reused only while it holds."""
    import ingest.chunk
    import ingest.lists
    import ingest.parse

    code = b"".join(Path(m.__file__ or "").read_bytes() for m in (ingest.parse, ingest.chunk, ingest.lists))
    return f"{max_tokens}:{hashlib.sha256(code).hexdigest()[:16]}"


def _consistent(chunks: Sequence[Chunk], text: str, doc_id: str, inconsistent: list[str]) -> bool:
    """True when every chunk is ``text`` at its offsets; otherwise ``doc_id`` is noted among the inconsistent."""
    if all(0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.text for c in chunks):
        return True
    inconsistent.append(repr(doc_id))
    return False


def chunk_report(
    meta: ReportMeta, text: str, count_tokens: Callable[[str], int], max_tokens: int
) -> list[Chunk]:
    blocks = parse_document(text, meta.leading_section or meta.title or meta.doc_id)
    return chunk_blocks(meta.doc_id, text, blocks, count_tokens, max_tokens)


def sentence_vectors(
    chunks: Sequence[Chunk], previous: Snapshot, model: EmbeddingModel, chunking: str
) -> tuple[dict[str, SentenceVectors], dict[str, SentenceVectors], int, int]:
    """Each chunk's sentence vectors, and the vectors of its list items read after their lead-in
    (`ingest.lists.in_context`): the previous snapshot's when the chunk and its sentences are unchanged, were
    read by the same code (``chunking``: the current `chunking_key`) and the same model made them, else embedded
    now. Returns both and how many sentences and items were given vectors now (a text that occurs more than once
    is embedded once)."""
    if previous.model != model.identity:
        previous = Snapshot()
    before = {c.id: c for c in previous.chunks}
    same_code = previous.chunking == chunking
    vectors: dict[str, SentenceVectors] = {}
    items: dict[str, SentenceVectors] = {}
    pending: list[tuple[Chunk, list[str]]] = []
    for chunk in chunks:
        kept = previous.sentence_vectors.get(chunk.id)
        kept_items = previous.item_vectors.get(chunk.id)
        old = before.get(chunk.id)
        if (
            same_code
            and kept is not None
            and kept_items is not None
            and old is not None
            and old.sentences == chunk.sentences
        ):
            vectors[chunk.id], items[chunk.id] = kept, kept_items
        else:
            pending.append((chunk, [text for _, text in in_context(chunk)]))
    texts = [text for chunk, read in pending for text in [*sentence_texts(chunk), *read]]
    rows = _embed_distinct(texts, model)
    position = 0
    for chunk, read in pending:
        count = len(chunk.sentences)
        vectors[chunk.id] = _block(rows[position : position + count])
        items[chunk.id] = _block(rows[position + count : position + count + len(read)])
        position += count + len(read)
    embedded_items = sum(len(read) for _, read in pending)
    return vectors, items, len(texts) - embedded_items, embedded_items


def _embed_distinct(texts: Sequence[str], model: EmbeddingModel) -> list[list[float]]:
    """The vector of each text, each distinct text embedded once: reports repeat sentences (legal boilerplate,
    a year's report and the next), and a sentence's vector does not depend on where it stands. Texts go to the
    model shortest first, so a batch pads little."""
    distinct = sorted(set(texts), key=lambda text: (len(text), text))
    step = max(1, model.batch_size * 4)
    rows = [row for i in range(0, len(distinct), step) for row in model.embed_short(distinct[i : i + step])]
    by_text = dict(zip(distinct, rows, strict=True))
    return [by_text[text] for text in texts]


def embed_chunks(
    chunks: Sequence[Chunk], model: EmbeddingModel
) -> Iterator[tuple[list[Chunk], list[list[float]]]]:
    """The chunks with their vectors, a batch at a time (``model.batch_size * 4`` distinct texts), each distinct
    text embedded once: chunks of different reports often read the same (a section kept word for word from one
    year to the next, legal boilerplate), and a vector depends only on the text. Texts go to the model shortest
    first, so the texts of a batch have similar lengths and pad little."""
    by_text: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_text.setdefault(chunk.embed_text, []).append(chunk)
    distinct = sorted(by_text, key=lambda text: (len(text), text))
    step = max(1, model.batch_size * 4)
    for i in range(0, len(distinct), step):
        texts = distinct[i : i + step]
        rows = model.embed(texts)
        pairs = [(chunk, row) for text, row in zip(texts, rows, strict=True) for chunk in by_text[text]]
        yield [chunk for chunk, _ in pairs], [row for _, row in pairs]


def _block(rows: Sequence[Sequence[float]]) -> SentenceVectors:
    return np.asarray(rows, dtype=np.float16) if rows else np.zeros((0, 0), dtype=np.float16)


def run_ingest(
    corpus_dir: Path,
    data_dir: Path,
    store: VectorStore,
    model: EmbeddingModel,
    max_tokens: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    with _exclusive(data_dir):
        reports, report.warnings = load_manifest(corpus_dir)
        report.leftovers_removed = remove_leftovers(data_dir)
        previous = previous_snapshot(data_dir, report)
        inconsistent: list[str] = []  # reports whose previous passages are not their text at their offsets
        identity = model.identity
        same_model = previous.model == identity
        previous_docs = {d.meta.doc_id: d for d in previous.documents}
        chunking = chunking_key(max_tokens)
        previous_chunks: dict[str, list[Chunk]] = {}
        for chunk in previous.chunks:
            previous_chunks.setdefault(chunk.doc_id, []).append(chunk)
        documents: list[DocumentRecord] = []
        chunks: list[Chunk] = []
        metadata: dict[str, dict[str, object]] = {}
        for meta in reports:
            try:
                text = read_report_text(confined_file(corpus_dir, meta.file))
            except ValueError as exc:
                report.problems.append(str(exc))
                kept = previous_docs.get(meta.doc_id)
                if kept is not None:  # keep the last good version rather than lose the report
                    documents.append(kept)
                    chunks.extend(c for c in previous.chunks if c.doc_id == meta.doc_id)
                    metadata[meta.doc_id] = kept.meta.filter_metadata()
                continue
            digest = document_hash(text)
            kept = previous_docs.get(meta.doc_id)
            if (  # unchanged text, entry and chunk size: the chunks are the same; re-cutting them is slow
                kept is not None
                and (kept.sha256, kept.meta, kept.chars) == (digest, meta, len(text))
                and previous.chunking == chunking
                and same_model  # chunks are cut by the model's word pieces
                and meta.doc_id in previous_chunks
                and _consistent(previous_chunks[meta.doc_id], text, meta.doc_id, inconsistent)
            ):
                doc_chunks = previous_chunks[meta.doc_id]
            else:
                doc_chunks = chunk_report(meta, text, model.count_tokens, max_tokens)
            documents.append(DocumentRecord(meta, digest, len(text), len(doc_chunks)))
            chunks.extend(doc_chunks)
            metadata[meta.doc_id] = meta.filter_metadata()

        if inconsistent:
            report.repairs.append(
                f"the index's passages of {', '.join(inconsistent)} were not the report text at their offsets: "
                "cut again from the corpus"
            )
            previous = Snapshot()  # nothing of it is trusted: its sentence vectors are made again too
        old = store.ids()
        # Another model's vectors are never mixed with this one's: they are all embedded again, beside the live ones.
        target = store if store.model() == identity.digest else store.staging(identity)
        if old and target is not store:
            made_by = (
                previous.model or "an unknown embedding model (written before indexes recorded their model)"
            )
            report.warnings.append(
                f"the index was made by {made_by}, not {identity}: every vector is embedded again"
            )
        existing = old if target is store else target.ids()
        todo = [c for c in chunks if c.id not in existing]
        for batch, vectors in embed_chunks(todo, model):
            target.upsert(batch, vectors, [metadata[chunk.doc_id] for chunk in batch])
            report.embedded += len(batch)
            if progress:
                progress(report.embedded, len(todo))

        sentences, items, report.sentences_embedded, report.items_embedded = sentence_vectors(
            chunks, previous, model, chunking
        )
        # The reports' words with a vector each, saved before the snapshot that uses them goes live: a running
        # service reloading the new snapshot finds them ready rather than embedding every word itself.
        report.words_embedded = word_vectors(data_dir, report_words(chunks), model.embed_short, identity)[1]
        if (
            target is not store
        ):  # complete: the new model's vectors replace the old ones, then the snapshot follows
            store.adopt(target)
        unchanged = (
            not report.repairs
            and same_model
            and target is store
            and previous.chunking == chunking
            and documents == previous.documents
            and [c.id for c in chunks] == [c.id for c in previous.chunks]
            and report.sentences_embedded == report.items_embedded == 0
        )
        if not unchanged:  # an unchanged index keeps its snapshot (and running services keep their engine)
            bm25 = BM25.build((c.id, c.embed_text) for c in chunks)
            created = datetime.now(UTC).isoformat(timespec="seconds")
            write_snapshot(
                data_dir,
                Snapshot(
                    documents=documents,
                    chunks=chunks,
                    bm25=bm25,
                    created=created,
                    chunking=chunking,
                    model=identity,
                    sentence_vectors=sentences,
                    item_vectors=items,
                ),
            )
        live = {c.id for c in chunks}
        stale = sorted(existing - live)  # in the collection now live (an adopted one's leftovers included)
        store.delete(stale)

        report.documents = len(documents)
        report.chunks = len(chunks)
        report.skipped = len(chunks) - report.embedded
        report.removed = len(old - live)
        record_run(data_dir, report)
    report.seconds = time.perf_counter() - started
    return report


RUNS_FILE = "ingest-runs.json"


def record_run(data_dir: Path, report: IngestReport) -> None:
    """Add this run to the running totals in data/ingest-runs.json, which the service reports at /metrics."""
    path = data_dir / RUNS_FILE
    totals = read_runs(data_dir)
    totals = {
        "runs": int(totals.get("runs", 0)) + 1,
        "chunks_embedded": int(totals.get("chunks_embedded", 0)) + report.embedded,
        "chunks_skipped": int(totals.get("chunks_skipped", 0)) + report.skipped,
        "last_finished": time.time(),
    }
    partial = path.with_suffix(".json.tmp")
    partial.write_text(json.dumps(totals), encoding="utf-8")
    partial.replace(path)


def read_runs(data_dir: Path) -> dict[str, Any]:
    """The running totals of ingest runs ({} before the first, or when the file is unreadable)."""
    try:
        data = json.loads((data_dir / RUNS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
