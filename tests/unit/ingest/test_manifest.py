"""The corpus manifest: entries become report metadata; mistakes are rejected with a message naming them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.manifest import ReportMeta, load_manifest
from service.errors import CorpusError
from tests.conftest import CORPUS_DIR, REPORT_DOC_ID, REPORT_FILE


def write(folder: Path, manifest: str | None, *files: str) -> Path:
    folder.mkdir(exist_ok=True)
    if manifest is not None:
        (folder / "manifest.yaml").write_text(manifest, encoding="utf-8")
    for name in files:
        (folder / name).write_text("Some report text.\n", encoding="utf-8")
    return folder


def test_project_manifest_describes_the_iij_report() -> None:
    reports, warnings = load_manifest(CORPUS_DIR)
    assert warnings == []
    assert [r.doc_id for r in reports] == [REPORT_DOC_ID]
    report = reports[0]
    assert report.file == REPORT_FILE
    assert report.company == "Internet Initiative Japan Inc."
    assert report.form == "20-F"
    assert report.fiscal_year == 2004
    assert report.leading_section == "C. Material Contracts"


def test_entries_keep_manifest_order_and_all_fields(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "c",
        """
documents:
  - doc_id: b-report
    file: b.txt
    company: Beta KK
    form: 20-F
    fiscal_year: 2005
    title: Beta annual report
    source: EDGAR
    leading_section: Preamble
  - doc_id: a-report
    file: a.txt
""",
        "a.txt",
        "b.txt",
    )
    reports, warnings = load_manifest(folder)
    assert warnings == []
    assert reports == [
        ReportMeta("b-report", "b.txt", "Beta KK", "20-F", 2005, "Beta annual report", "EDGAR", "Preamble"),
        ReportMeta("a-report", "a.txt"),
    ]


def test_filter_metadata_is_flat_with_zero_for_an_unknown_year() -> None:
    assert ReportMeta("x", "x.txt", company="Beta KK").filter_metadata() == {
        "company": "Beta KK",
        "form": "",
        "fiscal_year": 0,
    }


def test_null_fields_take_their_defaults(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "c", "documents:\n  - {doc_id: a, file: a.txt, company: null, fiscal_year: null}\n"
    )
    assert load_manifest(folder)[0] == [ReportMeta("a", "a.txt")]


def test_unknown_field_is_rejected_naming_the_field_and_the_entry(tmp_path: Path) -> None:
    folder = write(tmp_path / "c", "documents:\n  - {doc_id: a, file: a.txt, fiscal_yr: 2004}\n")
    with pytest.raises(CorpusError, match=r"line 2, documents\[0\]\.fiscal_yr: unknown field"):
        load_manifest(folder)


def test_duplicate_doc_id_is_rejected(tmp_path: Path) -> None:
    folder = write(tmp_path / "c", "documents:\n  - {doc_id: a, file: a.txt}\n  - {doc_id: a, file: b.txt}\n")
    with pytest.raises(CorpusError, match=r"line 3, documents\[1\]\.doc_id: 'a' appears twice"):
        load_manifest(folder)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("documents:\n  - {file: a.txt}\n", r"documents\[0\]\.doc_id: Field required"),
        ("documents:\n  - {doc_id: a}\n", r"documents\[0\]\.file: Field required"),
        ("documents:\n  - just-a-string\n", "must be a mapping of fields"),
        ("documents: {a: 1}\n", "documents: Input should be a valid list"),
        ("- a\n- b\n", "must be a mapping of fields"),
        ("documents: [\n", "is not valid YAML"),
        ("documents:\n  - {doc_id: 'has space', file: a.txt}\n", "may use only letters, digits"),
        ("documents:\n  - {doc_id: '../etc', file: a.txt}\n", "may use only letters, digits"),
    ],
)
def test_malformed_manifest_is_rejected_with_a_clear_message(
    tmp_path: Path, manifest: str, message: str
) -> None:
    with pytest.raises(CorpusError, match=message):
        load_manifest(write(tmp_path / "c", manifest))


def test_missing_corpus_folder_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_manifest(tmp_path / "nowhere")


def test_empty_manifest_means_no_entries(tmp_path: Path) -> None:
    assert load_manifest(write(tmp_path / "c", "")) == ([], [])


def test_text_file_without_an_entry_is_ingested_under_its_stem_with_a_warning(tmp_path: Path) -> None:
    folder = write(tmp_path / "c", "documents:\n  - {doc_id: a, file: a.txt}\n", "a.txt", "acme-2005.txt")
    reports, warnings = load_manifest(folder)
    assert reports == [ReportMeta("a", "a.txt"), ReportMeta("acme-2005", "acme-2005.txt")]
    assert warnings == [
        "acme-2005.txt: no manifest entry; ingested as doc_id 'acme-2005' without company or year"
    ]


def test_folder_without_a_manifest_ingests_every_text_file_with_a_warning(tmp_path: Path) -> None:
    folder = write(tmp_path / "c", None, "b.txt", "a.txt", "notes.md")
    reports, warnings = load_manifest(folder)
    assert [r.doc_id for r in reports] == ["a", "b"]
    assert len(warnings) == 2


@pytest.mark.parametrize("name", ["has space.txt", "a.txt"])
def test_unlisted_file_whose_stem_cannot_be_a_new_doc_id_is_skipped_with_a_warning(
    tmp_path: Path, name: str
) -> None:
    # "a" is already the doc_id of another file; "has space" is not a valid doc id.
    folder = write(tmp_path / "c", "documents:\n  - {doc_id: a, file: other.txt}\n", "other.txt", name)
    reports, warnings = load_manifest(folder)
    assert [r.doc_id for r in reports] == ["a"]
    assert warnings == [f"{name}: no manifest entry and its name cannot be a doc id; skipped"]
