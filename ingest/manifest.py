"""The corpus manifest: which report each text file is (doc id, company, form, fiscal year, source).

The manifest has a schema (`ManifestEntry`, pydantic, strict types): a manifest that breaks it is refused whole,
every violation named with its line and field, and nothing is ingested from it. A report's `file` stays inside
the corpus folder: a relative path, no `..`, no symlink that leads out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from service.errors import CorpusError, ManifestInvalid

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


Text = Annotated[str, Field(max_length=500)]


class ManifestEntry(BaseModel):
    """One `documents:` entry of corpus/manifest.yaml, as written (no coercion: `fiscal_year: "FY2004"` is refused)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    doc_id: Annotated[str, Field(pattern=_DOC_ID.pattern)]
    file: Annotated[str, Field(min_length=1, max_length=500)]
    company: Text = ""
    form: Text = ""
    fiscal_year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    title: Text = ""
    source: Annotated[str, Field(max_length=2000)] = ""
    leading_section: Text = ""

    @field_validator("file")
    @classmethod
    def _relative(cls, value: str) -> str:
        problem = unconfined(value)
        if problem:
            raise ValueError(problem)
        return value

    def meta(self) -> ReportMeta:
        return ReportMeta(**self.model_dump())


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    documents: list[ManifestEntry] = Field(default_factory=list)


def unconfined(file: str) -> str | None:
    """Why ``file`` (as written in the manifest) could point outside the corpus folder; None when it cannot."""
    if "\\" in file or "\x00" in file:
        return "must be a plain relative path with '/' separators"
    path = PurePosixPath(file)
    if path.is_absolute() or file.startswith("~"):
        return "must be relative to the corpus folder, not an absolute path"
    if ".." in path.parts:
        return "must not contain '..': reports live inside the corpus folder"
    return None


def confined_file(corpus_dir: Path, file: str) -> Path:
    """The report file inside ``corpus_dir``; ValueError when it is (or a symlink makes it) anywhere else."""
    problem = unconfined(file)
    if problem:
        raise ValueError(f"{file}: {problem}")
    root = corpus_dir.resolve()
    path = (root / file).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"{file}: leads outside the corpus folder (a symlink); refused")
    return path


def _lines(text: str) -> tuple[int, list[tuple[int, dict[str, int]]]]:
    """Line numbers (1-based) from the YAML itself: the `documents` key's, and each entry's and its fields'."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return 1, []
    if not isinstance(root, yaml.MappingNode):
        return 1, []
    documents_line, entries = 1, []
    for key, value in root.value:
        if getattr(key, "value", None) != "documents":
            continue
        documents_line = key.start_mark.line + 1
        if isinstance(value, yaml.SequenceNode):
            for item in value.value:
                fields = {}
                if isinstance(item, yaml.MappingNode):
                    fields = {str(k.value): v.start_mark.line + 1 for k, v in item.value}
                entries.append((item.start_mark.line + 1, fields))
    return documents_line, entries


def _violations(exc: ValidationError, text: str) -> list[str]:
    documents_line, entries = _lines(text)
    found = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = [str(part) for part in error["loc"]]
        line, where = 1, ".".join(loc) or "manifest"
        if loc[:1] == ["documents"]:
            line = documents_line
            if len(loc) > 1 and loc[1].isdigit() and int(loc[1]) < len(entries):
                line, fields = entries[int(loc[1])]
                if len(loc) > 2:
                    line = fields.get(loc[2], line)
                where = f"documents[{loc[1]}]" + (f".{loc[2]}" if len(loc) > 2 else "")
        found.append(f"line {line}, {where}: {_words(error['type'], error['msg'])}")
    return found


def _words(kind: str, message: str) -> str:
    if kind == "string_pattern_mismatch":
        return "may use only letters, digits, '.', '_' and '-' (and start with a letter or digit)"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "must be a mapping of fields (at least doc_id and file)"
    if kind == "extra_forbidden":
        return "unknown field"
    return message.removeprefix("Value error, ")


def parse_manifest(text: str, name: str = MANIFEST) -> list[ReportMeta]:
    """The reports a manifest lists; ManifestInvalid names every violation (line and field) at once."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ManifestInvalid(f"{name} is not valid YAML{where}") from exc
    if data is None:
        data = {}
    if isinstance(data, dict):
        # an empty value (`company:`) is the field left out
        data = {
            **data,
            "documents": [
                {k: v for k, v in entry.items() if v is not None} if isinstance(entry, dict) else entry
                for entry in (data.get("documents") or [])
            ]
            if isinstance(data.get("documents") or [], list)
            else data.get("documents"),
        }
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        problems = _violations(exc, text)
        raise ManifestInvalid(
            f"{name} breaks its schema, so nothing was ingested: " + "; ".join(problems)
        ) from exc
    reports = [entry.meta() for entry in manifest.documents]
    seen: dict[str, int] = {}
    _, entries = _lines(text)
    duplicates = []
    for position, meta in enumerate(reports):
        line = entries[position][0] if position < len(entries) else 1
        if meta.doc_id in seen:
            duplicates.append(f"line {line}, documents[{position}].doc_id: {meta.doc_id!r} appears twice")
        seen.setdefault(meta.doc_id, position)
    if duplicates:
        raise ManifestInvalid(f"{name} breaks its schema, so nothing was ingested: " + "; ".join(duplicates))
    return reports


def load_manifest(corpus_dir: Path) -> tuple[list[ReportMeta], list[str]]:
    """Reports to ingest, and warnings. Text files without an entry are ingested under their file stem."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist")
    warnings: list[str] = []
    reports: list[ReportMeta] = []
    path = corpus_dir / MANIFEST
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ManifestInvalid(f"{MANIFEST} cannot be read as UTF-8 text: {exc}") from exc
        reports = parse_manifest(text)
        outside = []
        for meta in reports:
            try:
                confined_file(corpus_dir, meta.file)
            except ValueError as exc:
                outside.append(f"doc_id {meta.doc_id!r}: {exc}")
        if outside:
            raise ManifestInvalid(f"{MANIFEST}: nothing was ingested: " + "; ".join(outside))
    seen = {meta.doc_id for meta in reports}
    listed = {meta.file for meta in reports}
    for file in sorted(p.name for p in corpus_dir.glob("*.txt")):
        if file not in listed:
            stem = Path(file).stem
            try:
                confined_file(corpus_dir, file)
            except ValueError as exc:
                warnings.append(f"{exc}; skipped")
                continue
            if stem in seen or not _DOC_ID.match(stem):
                warnings.append(f"{file}: no manifest entry and its name cannot be a doc id; skipped")
                continue
            warnings.append(f"{file}: no manifest entry; ingested as doc_id {stem!r} without company or year")
            reports.append(ReportMeta(doc_id=stem, file=file))
            seen.add(stem)
    return reports, warnings
