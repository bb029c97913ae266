"""The corpus manifest: which report each text file is (doc id, company, form, fiscal year, source)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from service.errors import CorpusError

MANIFEST = "manifest.yaml"
_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


@dataclass(frozen=True)
class ReportMeta:
    """One report: its file in the corpus folder and what it is."""

    doc_id: str
    file: str
    company: str = ""
    form: str = ""
    fiscal_year: int | None = None
    title: str = ""
    source: str = ""
    leading_section: str = ""

    def filter_metadata(self) -> dict[str, Any]:
        """Flat metadata stored with every chunk, for filters by company or year."""
        return {"company": self.company, "form": self.form, "fiscal_year": self.fiscal_year or 0}


def load_manifest(corpus_dir: Path) -> tuple[list[ReportMeta], list[str]]:
    """Reports to ingest, and warnings. Text files without an entry are ingested under their file stem."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist")
    warnings: list[str] = []
    entries: list[dict[str, Any]] = []
    path = corpus_dir / MANIFEST
    if path.exists():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path} is not valid YAML: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("documents", []), list):
            raise CorpusError(f"{path} must have a 'documents' list")
        entries = data.get("documents", [])
    reports: list[ReportMeta] = []
    seen: set[str] = set()
    fields = set(ReportMeta.__dataclass_fields__)
    for entry in entries:
        if not isinstance(entry, dict) or "doc_id" not in entry or "file" not in entry:
            raise CorpusError(f"{path}: every entry needs doc_id and file, got {entry!r}")
        unknown = set(entry) - fields
        if unknown:
            raise CorpusError(f"{path}: unknown fields {sorted(unknown)} in entry {entry['doc_id']!r}")
        meta = ReportMeta(**{k: v for k, v in entry.items() if v is not None})
        if not _DOC_ID.match(meta.doc_id):
            raise CorpusError(
                f"{path}: doc_id {meta.doc_id!r} may use only letters, digits, '.', '_' and '-'"
            )
        if meta.doc_id in seen:
            raise CorpusError(f"{path}: doc_id {meta.doc_id!r} appears twice")
        seen.add(meta.doc_id)
        reports.append(meta)
    listed = {meta.file for meta in reports}
    for file in sorted(p.name for p in corpus_dir.glob("*.txt")):
        if file not in listed:
            stem = Path(file).stem
            if stem in seen or not _DOC_ID.match(stem):
                warnings.append(f"{file}: no manifest entry and its name cannot be a doc id; skipped")
                continue
            warnings.append(f"{file}: no manifest entry; ingested as doc_id {stem!r} without company or year")
            reports.append(ReportMeta(doc_id=stem, file=file))
            seen.add(stem)
    return reports, warnings
