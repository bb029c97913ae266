"""A seeded generator of report-like documents made from the real report, for the large-corpus benchmarks.

Pure: the base text, a seed and a count in, reports out. Each report keeps the real report's headings and a
seeded subset of its paragraphs (so reports differ in length and content), with the company's name, the dates,
the percentages and an opening paragraph of amounts varied. The same seed always gives the same reports.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

_PREFIXES = (
    "Aoba", "Asahi", "Daiwa", "Fuji", "Hikari", "Kansai", "Kita", "Midori", "Minato", "Nagoya", "Nippon",
    "Sakura", "Shin", "Taiyo", "Tokai", "Tokyo", "Umi", "Yamato", "Yokohama", "Zenith",
)  # fmt: skip
_CORES = (
    "Broadband", "Cloud", "Data", "Digital", "Fiber", "Logic", "Net", "Network", "Online", "Signal",
    "Systems", "Telecom", "Transit", "Web",
)  # fmt: skip
_SUFFIXES = ("Inc.", "Corporation", "Holdings Inc.", "Co., Ltd.", "K.K.")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
_DATE = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2}), (\d{4})\b")
_PERCENT = re.compile(r"\b(\d{1,3}(?:\.\d+)?)%")
_HEADING = re.compile(r"^(?:[A-Z]\.\s+\S.*|[A-Z][A-Za-z ,]{2,60})$")
BASE_COMPANY = "Internet Initiative Japan"
BASE_SHORT = "IIJ"
BASE_YEAR = 2004


@dataclass(frozen=True)
class SyntheticReport:
    """One generated report: its manifest entry and its text."""

    doc_id: str
    file: str
    company: str
    fiscal_year: int
    text: str


def company_name(rng: random.Random) -> tuple[str, str]:
    """A made-up company name and its short form ("Sakura Fiber Holdings Inc.", "SFH")."""
    prefix, core = rng.choice(_PREFIXES), rng.choice(_CORES)
    suffix = rng.choice(_SUFFIXES)
    short = (prefix[0] + core[0] + rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")).upper()
    return f"{prefix} {core} {suffix}", short


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _shift_date(match: re.Match[str], years: int, days: int) -> str:
    month = _MONTHS.index(match.group(1))
    day = min(28, max(1, int(match.group(2)) + days))
    return f"{_MONTHS[month]} {day}, {int(match.group(3)) + years}"


def _vary_percent(match: re.Match[str], rng: random.Random) -> str:
    value = float(match.group(1))
    if value in (0.0, 100.0):  # "0%" and "100%" are categorical in reports; keep them
        return match.group(0)
    varied = max(1, min(99, round(value + rng.choice((-5, -3, -2, -1, 1, 2, 3, 5)))))
    return f"{varied}%"


def _opening(rng: random.Random, company: str, year: int) -> str:
    dividend = rng.randrange(5, 5000)
    shares = rng.randrange(10_000, 5_000_000)
    total = dividend * shares / 1_000_000
    revenue = rng.randrange(1_000, 900_000)
    return (
        f"In fiscal {year}, {company} paid a year-end dividend of ¥{dividend:,} per share on "
        f"{shares:,} shares outstanding, ¥{total:,.1f} million in all, against revenues of "
        f"¥{revenue:,} million."
    )


def make_report(base_text: str, seed: int, index: int, keep: float = 0.5) -> SyntheticReport:
    """Report number ``index`` of the set generated with ``seed``: a pure function of its arguments."""
    rng = random.Random(f"{seed}:{index}")  # noqa: S311 -- test data, not secrets
    company, short = company_name(rng)
    year = BASE_YEAR + rng.randrange(-6, 12)
    years, days = year - BASE_YEAR, rng.randrange(-3, 4)
    kept: list[str] = []
    for paragraph in _paragraphs(base_text):
        heading = "\n" not in paragraph and bool(_HEADING.match(paragraph.strip()))
        if heading or rng.random() < keep:
            kept.append(paragraph)
    body = "\n\n".join([kept[0], _opening(rng, company, year), *kept[1:]]) if kept else ""
    body = body.replace(BASE_COMPANY, company.removesuffix(" Inc.")).replace(BASE_SHORT, short)
    body = _DATE.sub(lambda m: _shift_date(m, years, days), body)
    body = _PERCENT.sub(lambda m: _vary_percent(m, rng), body)
    doc_id = f"synth-{index:05d}-fy{year}"
    return SyntheticReport(doc_id, f"{doc_id}.txt", company, year, body + "\n")


def generate(base_text: str, count: int, seed: int = 7, keep: float = 0.5) -> Iterator[SyntheticReport]:
    """``count`` reports; report ``i`` is the same whatever ``count`` is."""
    for index in range(count):
        yield make_report(base_text, seed, index, keep)


def manifest_entries(reports: Sequence[SyntheticReport]) -> list[dict[str, object]]:
    """One corpus manifest entry per report (company and fiscal year included, for filters)."""
    return [
        {
            "doc_id": r.doc_id,
            "file": r.file,
            "company": r.company,
            "form": "20-F",
            "fiscal_year": r.fiscal_year,
            "title": f"Synthetic Form 20-F for fiscal {r.fiscal_year}, Item 10",
            "leading_section": "C. Material Contracts",
        }
        for r in reports
    ]


def write_corpus(
    directory: Path, reports: Sequence[SyntheticReport], extra_entries: Sequence[dict[str, object]] = ()
) -> Path:
    """Write the reports and their manifest (plus ``extra_entries`` for files already there) to ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for report in reports:
        (directory / report.file).write_text(report.text, encoding="utf-8")
    manifest = {"documents": [*extra_entries, *manifest_entries(reports)]}
    (directory / "manifest.yaml").write_text(
        yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return directory
