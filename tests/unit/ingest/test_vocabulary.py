"""The reports' vocabulary and its word vectors, kept beside the snapshot and embedded only when the words change."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ingest.chunk import Chunk
from ingest.embedding import ModelIdentity
from ingest.vocabulary import VOCABULARY_FILE, WordVectors, report_words, word_vectors


class CountingEmbedder:
    """A stand-in model: a fixed unit vector per word, and a count of the words it was asked to embed."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        rows = []
        for text in texts:
            vector = np.zeros(8)
            vector[sum(map(ord, text)) % 8] = 1.0
            rows.append([float(x) for x in vector])
        return rows


MODEL = ModelIdentity("counting", "a" * 64)  # the stand-in model's identity


def chunk(text: str, section: str = "B. Employees") -> Chunk:
    return Chunk("d:h:0-1", "d", section, 0, len(text), text, ((0, len(text)),))


def test_report_words_are_distinct_lower_cased_words_of_texts_and_sections_without_stop_words() -> None:
    words = report_words(
        [chunk("The Kiln employs 310 people. The kiln's staff…", "B. Employees"), chunk("Staff")]
    )
    assert words == sorted(set(words))
    assert {"kiln", "employs", "people", "staff", "employees"} <= set(words)
    assert "kiln's" in words
    assert not {"the", "b", "310"} & set(words)


def test_word_vectors_are_saved_and_a_second_load_embeds_nothing(tmp_path: Path) -> None:
    model = CountingEmbedder()
    first, embedded = word_vectors(tmp_path, ["kiln", "staff"], model, MODEL)
    again, embedded_again = word_vectors(tmp_path, ["kiln", "staff"], model, MODEL)
    assert (embedded, embedded_again) == (2, 0)
    assert model.embedded == ["kiln", "staff"]
    assert again.words == first.words == ("kiln", "staff")
    assert np.array_equal(again.vectors, first.vectors)
    assert (tmp_path / VOCABULARY_FILE).exists()


def test_a_changed_vocabulary_is_embedded_again(tmp_path: Path) -> None:
    model = CountingEmbedder()
    word_vectors(tmp_path, ["kiln"], model, MODEL)
    table, embedded = word_vectors(tmp_path, ["kiln", "union"], model, MODEL)
    assert embedded == 2
    assert table.words == ("kiln", "union")


def test_a_vocabulary_saved_by_another_model_is_embedded_again(tmp_path: Path) -> None:
    model = CountingEmbedder()
    word_vectors(tmp_path, ["kiln", "staff"], model, ModelIdentity("counting", "b" * 64))
    embedded = word_vectors(tmp_path, ["kiln", "staff"], model, MODEL)[1]
    assert embedded == 2
    assert model.embedded == ["kiln", "staff", "kiln", "staff"]
    assert word_vectors(tmp_path, ["kiln", "staff"], model, MODEL)[1] == 0  # saved again, for this model


def test_a_damaged_vocabulary_file_is_computed_again(tmp_path: Path) -> None:
    (tmp_path / VOCABULARY_FILE).write_bytes(b"not a numpy archive")
    table, embedded = word_vectors(tmp_path, ["kiln"], CountingEmbedder(), MODEL)
    assert (table.words, embedded) == (("kiln",), 1)


def test_a_data_folder_that_cannot_be_written_keeps_the_vectors_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    table, embedded = word_vectors(blocked / "data", ["kiln"], CountingEmbedder(), MODEL)
    assert (table.words, embedded) == (("kiln",), 1)


def test_the_closest_report_word_is_the_one_with_the_largest_cosine() -> None:
    table = WordVectors(("kiln", "staff"), np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
    word, similarity = table.closest([0.6, 0.8])
    assert word == "staff"
    assert abs(similarity - 0.8) < 1e-6
    assert WordVectors((), np.zeros((0, 2), dtype=np.float32)).closest([1.0, 0.0]) == ("", -1.0)
