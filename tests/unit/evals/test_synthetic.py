"""The synthetic report generator: pure, seeded, varied, and shaped like the real report."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from evals.synthetic import BASE_COMPANY, generate, make_report, manifest_entries, write_corpus
from ingest.manifest import load_manifest


def test_same_seed_gives_identical_reports(corpus_text: str) -> None:
    first = list(generate(corpus_text, 20, seed=3))
    again = list(generate(corpus_text, 20, seed=3))
    assert first == again


def test_report_i_does_not_depend_on_how_many_are_generated(corpus_text: str) -> None:
    assert list(generate(corpus_text, 5, seed=3))[4] == list(generate(corpus_text, 50, seed=3))[4]
    assert make_report(corpus_text, 3, 4) == list(generate(corpus_text, 5, seed=3))[4]


def test_another_seed_gives_other_reports(corpus_text: str) -> None:
    a = [r.text for r in generate(corpus_text, 10, seed=1)]
    b = [r.text for r in generate(corpus_text, 10, seed=2)]
    assert not set(a) & set(b)


def test_reports_vary_in_company_year_text_and_length(corpus_text: str) -> None:
    reports = list(generate(corpus_text, 100, seed=7))
    assert len({r.doc_id for r in reports}) == 100
    assert len({r.company for r in reports}) > 30
    assert len({r.fiscal_year for r in reports}) > 8
    assert len({r.text for r in reports}) == 100
    assert len({len(r.text) for r in reports}) > 50
    percents = {m for r in reports for m in re.findall(r"\b\d+%", r.text)}
    assert len(percents) > 15


def test_each_report_names_its_own_company_and_year_and_not_the_original(corpus_text: str) -> None:
    for report in generate(corpus_text, 20, seed=7):
        assert BASE_COMPANY not in report.text
        assert report.company.removesuffix(" Inc.") in report.text
        assert f"In fiscal {report.fiscal_year}," in report.text
        assert "¥" in report.text  # the amounts paragraph


def test_reports_keep_the_report_headings(corpus_text: str) -> None:
    for report in generate(corpus_text, 10, seed=7):
        for heading in ("D. Exchange Controls.", "E. Taxation.", "PFIC Rules", "H. Documents on Display."):
            assert heading in report.text


def test_written_corpus_loads_with_a_manifest_entry_per_report(tmp_path: Path, corpus_text: str) -> None:
    reports = list(generate(corpus_text, 5, seed=7))
    extra = {"doc_id": "original", "file": "original.txt", "company": "IIJ", "fiscal_year": 2004}
    (tmp_path / "original.txt").write_text(corpus_text, encoding="utf-8")
    write_corpus(tmp_path, reports, [extra])
    metas, warnings = load_manifest(tmp_path)
    assert warnings == []
    assert [m.doc_id for m in metas] == ["original", *(r.doc_id for r in reports)]
    by_id = {m.doc_id: m for m in metas}
    for report in reports:
        assert (by_id[report.doc_id].company, by_id[report.doc_id].fiscal_year) == (
            report.company,
            report.fiscal_year,
        )
        assert (tmp_path / report.file).read_text(encoding="utf-8") == report.text
    entries = yaml.safe_load((tmp_path / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    assert entries[1:] == manifest_entries(reports)
