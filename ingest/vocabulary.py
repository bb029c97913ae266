"""The reports' vocabulary with one word vector per word, kept beside the snapshot (data/vocabulary.npz).

Computed once per vocabulary and model with the embedding model — at ingest, or by the service when the file is
missing or was written for other words or by another model — so a question's unfamiliar words can be compared with
the words the reports use. The file is replaced atomically; a stale or unreadable one is simply computed again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ingest.atomic import write_atomically
from ingest.bm25 import tokenize
from ingest.chunk import Chunk
from ingest.embedding import ModelIdentity

VOCABULARY_FILE = "vocabulary.npz"
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")
log = logging.getLogger("reportqa.vocabulary")

Embed = Callable[[Sequence[str]], list[list[float]]]


def report_words(chunks: Iterable[Chunk]) -> list[str]:
    """Every distinct word of the chunks and their section paths, lower-cased, stop words left out; sorted."""
    words: set[str] = set()
    for chunk in chunks:
        words.update(_WORD.findall(chunk.embed_text.lower().replace("’", "'")))
    return sorted(w for w in words if tokenize(w))


def vocabulary_key(words: Sequence[str], model: ModelIdentity) -> str:
    """The words and the model that embedded them: saved vectors are reused only while both are the same."""
    return hashlib.sha256("\n".join([model.digest, *words]).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class WordVectors:
    """Words and their unit-length vectors (one row per word), so a dot product is a cosine similarity."""

    words: tuple[str, ...]
    vectors: npt.NDArray[np.float32]

    def closest(self, vector: Sequence[float]) -> tuple[str, float]:
        """The report word nearest in meaning to ``vector``, with its cosine similarity ("", -1 if no words)."""
        if not self.words:
            return "", -1.0
        similarities = self.vectors @ np.asarray(vector, dtype=np.float32)
        best = int(np.argmax(similarities))
        return self.words[best], float(similarities[best])


def _read(path: Path, key: str) -> WordVectors | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != key:
                return None
            words = tuple(str(w) for w in data["words"])
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    if vectors.ndim != 2 or vectors.shape[0] != len(words):
        return None
    return WordVectors(words, vectors)


def _write(path: Path, key: str, table: WordVectors) -> None:
    write_atomically(
        path,
        lambda handle: np.savez(
            handle, key=np.array(key), words=np.array(table.words), vectors=table.vectors
        ),
        mode="wb",
        prefix=".vocabulary-",
        suffix=".npz",
    )


def word_vectors(
    data_dir: Path, words: Sequence[str], embed: Embed, model: ModelIdentity
) -> tuple[WordVectors, int]:
    """The vectors of ``words`` by ``model`` (whose `embed` is given): read from the data folder, or embedded now
    and saved there.

    Returns the table and how many words were embedded (0 when the saved file already held these words' vectors
    by this model).
    A data folder that cannot be written keeps the table in memory only.
    """
    path = data_dir / VOCABULARY_FILE
    key = vocabulary_key(words, model)
    saved = _read(path, key) if path.exists() else None
    if saved is not None:
        return saved, 0
    rows = embed(list(words)) if words else []
    vectors = np.asarray(rows, dtype=np.float32).reshape(len(words), -1)
    table = WordVectors(tuple(words), vectors)
    try:
        _write(path, key, table)
    except OSError as exc:
        log.warning("word vectors kept in memory only: cannot write %s: %s", path, exc)
    return table, len(words)
