"""Issue item 3: the manifest has a schema. Wrong types, missing fields, repeated doc ids and files outside the
corpus folder are each named with their line and field, and nothing is ingested from a manifest that fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.manifest import load_manifest
from service.errors import ManifestInvalid


def corpus(tmp_path: Path, entry: str, *files: str) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", *files):
        (folder / name).write_text("Some report text.\n", encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        f"# a report\ndocuments:\n  - doc_id: a\n    file: a.txt\n{entry}", encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ("    company: 123\n", "line 5, documents[0].company: Input should be a valid string"),
        ('    fiscal_year: "FY2004"\n', "line 5, documents[0].fiscal_year: Input should be a valid integer"),
        ("    fiscal_year: 2004.5\n", "line 5, documents[0].fiscal_year: Input should be a valid integer"),
        ("    fiscal_year: true\n", "line 5, documents[0].fiscal_year: Input should be a valid integer"),
        ("    title: [a, b]\n", "line 5, documents[0].title: Input should be a valid string"),
        (
            "  - doc_id: 12345\n    file: b.txt\n",
            "line 5, documents[1].doc_id: Input should be a valid string",
        ),
        ("  - doc_id: a\n    file: b.txt\n", "line 5, documents[1].doc_id: 'a' appears twice"),
        ("  - doc_id: b\n", "line 5, documents[1].file: Field required"),
        ("    colour: blue\n", "line 5, documents[0].colour: unknown field"),
        ("  - doc_id: b\n    file: /etc/hostname\n", "line 6, documents[1].file: must be relative"),
        (
            "  - doc_id: b\n    file: ../../../../etc/passwd\n",
            "line 6, documents[1].file: must not contain '..'",
        ),
        ("  - doc_id: b\n    file: sub/../../x.txt\n", "must not contain '..'"),
    ],
)
def test_each_violation_is_named_with_its_line_and_field(tmp_path: Path, entry: str, named: str) -> None:
    with pytest.raises(ManifestInvalid) as raised:
        load_manifest(corpus(tmp_path, entry))
    assert named in str(raised.value)
    assert "nothing was ingested" in str(raised.value)


def test_every_violation_is_named_at_once(tmp_path: Path) -> None:
    with pytest.raises(ManifestInvalid) as raised:
        load_manifest(corpus(tmp_path, "    company: 123\n    fiscal_year: FY2004\n    title: [a]\n"))
    message = str(raised.value)
    assert all(f"documents[0].{field}" in message for field in ("company", "fiscal_year", "title"))


def test_a_symlink_out_of_the_corpus_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("not a report", encoding="utf-8")
    folder = corpus(tmp_path, "  - doc_id: b\n    file: b.txt\n")
    os.symlink(outside, folder / "b.txt")
    with pytest.raises(ManifestInvalid, match="leads outside the corpus folder"):
        load_manifest(folder)


def test_an_unlisted_symlink_out_of_the_corpus_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = tmp_path / "hostname.txt"
    outside.write_text("not a report", encoding="utf-8")
    folder = corpus(tmp_path, "")
    os.symlink(outside, folder / "hostname.txt")
    reports, warnings = load_manifest(folder)
    assert [r.doc_id for r in reports] == ["a"]
    assert warnings == ["hostname.txt: leads outside the corpus folder (a symlink); refused; skipped"]


def test_a_symlink_that_stays_inside_the_corpus_folder_is_a_report_like_any_other(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "  - doc_id: b\n    file: b.txt\n")
    (folder / "texts").mkdir()
    (folder / "texts" / "b-2005.txt").write_text("Another report.\n", encoding="utf-8")
    os.symlink(folder / "texts" / "b-2005.txt", folder / "b.txt")
    assert [r.doc_id for r in load_manifest(folder)[0]] == ["a", "b"]
