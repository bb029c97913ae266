"""The index snapshot: which chunks are live, their text and offsets, the BM25 postings and sentence vectors.

Written atomically (temp file + rename) as the last step of an ingest, so readers always see either the previous
complete index or the new complete one. Vectors in Chroma that no snapshot lists are ignored by search.

Each chunk's sentence vectors (one row per sentence, for the composer to weigh sentences by meaning) travel in the
snapshot as base64 float16: small, and live exactly when their chunks are. A snapshot written before they existed
loads without them; the next ingest adds them. So do the vectors of list items read after their lead-in
(ingest/lists.py).

The snapshot records which embedding model made its sentence vectors (`model`, see `ModelIdentity`). A snapshot
written before models were recorded has none: its vectors count as made by an unknown model, so the next ingest
embeds them again and the service does not serve it.

It is sealed with a checksum when written and proven when read (ingest/verify.py): a snapshot that is cut short,
of another format or altered raises `SnapshotInvalid`, never a bare parsing error.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ingest.atomic import write_atomically
from ingest.bm25 import BM25
from ingest.chunk import Chunk
from ingest.embedding import ModelIdentity
from ingest.manifest import ReportMeta
from ingest.verify import invalid, open_sealed, seal

SNAPSHOT = "index.json"
SentenceVectors = npt.NDArray[np.float16]  # half precision: plenty for ranking sentences, half the memory
FORMAT_VERSION = 2  # 2: sealed with a checksum (ingest/verify.py)


@dataclass(frozen=True)
class DocumentRecord:
    """An ingested report: its manifest entry and the hash of the text its chunks were cut from."""

    meta: ReportMeta
    sha256: str
    chars: int
    chunks: int


@dataclass
class Snapshot:
    documents: list[DocumentRecord] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    bm25: BM25 = field(default_factory=BM25)
    created: str = ""
    chunking: str = ""  # how the chunks were cut (size + chunker code); "" in an older snapshot: cut again
    # the model that made the sentence vectors (and the chunk vectors the snapshot makes live); None: unknown
    model: ModelIdentity | None = None
    # chunk id -> its sentence vectors, one row per `Chunk.sentences` entry (L2-normalised)
    sentence_vectors: dict[str, SentenceVectors] = field(default_factory=dict, compare=False)
    # chunk id -> a row per list item read after its lead-in, in the order of `ingest.lists.in_context`
    item_vectors: dict[str, SentenceVectors] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "created": self.created,
            "chunking": self.chunking,
            "model": self.model.to_json() if self.model else None,
            "documents": [asdict(d) for d in self.documents],
            "chunks": [{**asdict(c), "sentences": [list(s) for s in c.sentences]} for c in self.chunks],
            "bm25": self.bm25.to_json(),
            "sentence_vectors": {cid: pack_vectors(v) for cid, v in self.sentence_vectors.items()},
            "item_vectors": {cid: pack_vectors(v) for cid, v in self.item_vectors.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        documents = [
            DocumentRecord(
                meta=ReportMeta(**d["meta"]), sha256=d["sha256"], chars=d["chars"], chunks=d["chunks"]
            )
            for d in data["documents"]
        ]
        chunks = [
            Chunk(**{**c, "sentences": tuple((int(a), int(b)) for a, b in c["sentences"])})
            for c in data["chunks"]
        ]
        return cls(
            documents=documents,
            chunks=chunks,
            bm25=BM25.from_json(data["bm25"]),
            created=data["created"],
            chunking=str(data.get("chunking", "")),
            model=ModelIdentity.from_json(data.get("model")),
            sentence_vectors={
                cid: unpack_vectors(packed) for cid, packed in data.get("sentence_vectors", {}).items()
            },
            item_vectors={
                cid: unpack_vectors(packed) for cid, packed in data.get("item_vectors", {}).items()
            },
        )


def pack_vectors(rows: SentenceVectors) -> dict[str, Any]:
    """Rows of a matrix as base64 float16 (little-endian), with the row width."""
    matrix = np.asarray(rows, dtype="<f2")
    return {
        "dims": int(matrix.shape[1]) if matrix.ndim == 2 else 0,
        "f16": base64.b64encode(matrix.tobytes()).decode(),
    }


def unpack_vectors(packed: dict[str, Any]) -> SentenceVectors:
    dims = int(packed["dims"])
    flat = np.frombuffer(base64.b64decode(packed["f16"]), dtype="<f2").astype(np.float16)
    return flat.reshape(-1, dims) if dims else flat.reshape(0, 0)


def snapshot_path(data_dir: Path) -> Path:
    return data_dir / SNAPSHOT


def write_snapshot(data_dir: Path, snapshot: Snapshot) -> None:
    sealed = seal(json.dumps(snapshot.to_json(), ensure_ascii=False, separators=(",", ":")))
    write_atomically(
        snapshot_path(data_dir),
        lambda handle: print(sealed, end="", file=handle),
        mode="w",
        prefix=".index-",
        suffix=".tmp",
    )


def read_snapshot(data_dir: Path) -> Snapshot | None:
    """The snapshot, proven sealed and of this format; None when there is none; SnapshotInvalid when it cannot be
    used. Whether it matches the corpus is `ingest.verify.check_against_corpus`'s question."""
    path = snapshot_path(data_dir)
    if not path.exists():
        return None
    data = open_sealed(path, FORMAT_VERSION)
    try:
        return Snapshot.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise invalid("its content is malformed", f"{path}: {type(exc).__name__}: {exc}") from exc
