"""Rendering of an eval run (pure): the JSON document, Markdown tables, failures and the per-tag SVG chart."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any
from xml.sax.saxutils import escape

from evals.gate import Violation
from evals.results import CaseRun, PeerResult, RunResult
from evals.scoring import Metrics, normalise_ws

__all__ = [
    "HEADLINE",
    "RETRIEVAL_METRICS",
    "blind_set_table",
    "failures_markdown",
    "headline_table",
    "markdown_report",
    "peer_table",
    "report_document",
    "tag_chart_svg",
    "tag_table",
]

# (field of Metrics, column label); the headline rows of every report, in this order.
HEADLINE: tuple[tuple[str, str], ...] = (
    ("n", "cases"),
    ("pass_rate", "answer pass rate"),
    ("route_accuracy", "route accuracy"),
    ("hit_at_1", "citation hit@1"),
    ("hit_at_5", "citation hit@5"),
    ("mrr", "citation MRR"),
    ("citation_validity", "citation validity"),
    ("abstention_precision", "abstention precision"),
    ("abstention_recall", "abstention recall"),
    ("numeric_exactness", "numeric exactness"),
    ("numeric_right", "numeric: right figure or clarify"),
    ("quoted_out_of_scope", "out-of-scope answered with a quote"),
    ("latency_p50_ms", "latency p50 (ms)"),
    ("latency_p95_ms", "latency p95 (ms)"),
)
# The metrics the peer (retrieval only) is compared on.
RETRIEVAL_METRICS: tuple[tuple[str, str], ...] = (
    ("n_with_cite", "cases that cite"),
    ("hit_at_1", "citation hit@1"),
    ("hit_at_5", "citation hit@5"),
    ("mrr", "citation MRR"),
    ("citation_validity", "citation validity"),
)
TAG_COLUMNS: tuple[tuple[str, str], ...] = (
    ("n", "n"),
    ("pass_rate", "pass"),
    ("route_accuracy", "route"),
    ("hit_at_1", "hit@1"),
    ("hit_at_5", "hit@5"),
    ("mrr", "MRR"),
    ("numeric_exactness", "numeric"),
)
EXCERPT_CHARS = 240
# A blind set is tagged ``blind-<n>`` by the lead when it is added (the writer's other tags are their own).
_BLIND_SET = re.compile(r"blind-\d+")


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.1f}" if value > 1 else f"{value:.3f}"
    return str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(v).replace("|", "\\|") for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _group_label(group: str) -> str:
    return group.split(":", 1)[1] if ":" in group else group


def headline_table(groups: Mapping[str, Metrics]) -> str:
    """Headline metrics (rows) for overall, each split and each expected route (columns)."""
    columns = ["all", *sorted(g for g in groups if g.startswith("split:"))]
    columns += sorted(g for g in groups if g.startswith("route:"))
    columns = [c for c in columns if c in groups]
    header = ["metric", *(_group_label(c) if c == "all" else c for c in columns)]
    rows = [[label, *(getattr(groups[c], name) for c in columns)] for name, label in HEADLINE]
    return _table(header, rows)


def tag_rows(groups: Mapping[str, Metrics]) -> list[tuple[str, Metrics]]:
    return [(_group_label(g), m) for g, m in sorted(groups.items()) if g.startswith("tag:")]


def _count(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits} of {total})" if total else "–"


def blind_set_table(result: RunResult) -> str:
    """One row per blind set (tag ``blind-<n>``): the figures its first-contact measurement is reported with.

    numeric = expected calculator or clarify, answered with the right figure or the right clarify (citations
    aside); retrieval = expected retrieval, on that route with every expected passage cited; out-of-scope quoted =
    expected out_of_scope, answered by retrieval instead (a quote presented as the answer).
    """
    sets = sorted(
        {tag for run in result.runs for tag in run.case.tags if _BLIND_SET.fullmatch(tag)},
        key=lambda tag: int(tag.removeprefix("blind-")),  # blind-2 before blind-10
    )
    rows: list[list[object]] = []
    for name in sets:
        scores = [run.score for run in result.runs if name in run.case.tags]
        figures = [s for s in scores if s.expected_route in ("calculator", "clarify")]
        retrieval = [s for s in scores if s.expected_route == "retrieval"]
        abstain = [s for s in scores if s.expected_route == "out_of_scope"]
        rows.append(
            [
                name,
                len(scores),
                _count(sum(s.passed for s in scores), len(scores)),
                _count(
                    sum(s.route_ok and s.numbers_ok and s.missing_ok and s.facts_ok for s in figures),
                    len(figures),
                ),
                _count(sum(s.route_ok and s.cite_ok for s in retrieval), len(retrieval)),
                f"{sum(s.returned_route == 'retrieval' for s in abstain)} of {len(abstain)}",
            ]
        )
    header = [
        "blind set",
        "n",
        "pass",
        "numeric: right figure or clarify",
        "retrieval: right passage",
        "out-of-scope quoted",
    ]
    return _table(header, rows)


def tag_table(groups: Mapping[str, Metrics]) -> str:
    """One row per tag: size, pass rate, route accuracy, retrieval and numeric metrics."""
    header = ["tag", *(label for _, label in TAG_COLUMNS)]
    rows = [[tag, *(getattr(m, name) for name, _ in TAG_COLUMNS)] for tag, m in tag_rows(groups)]
    return _table(header, rows)


def peer_table(ours: Mapping[str, Metrics], peer: PeerResult) -> str:
    """reportqa and the peer side by side on the retrieval metrics, overall and per split."""
    columns = [g for g in ["all", *sorted(g for g in peer.groups if g.startswith("split:"))] if g in ours]
    header = ["metric"]
    for c in columns:
        header += [f"reportqa {_group_label(c)}", f"peer {_group_label(c)}"]
    rows: list[list[object]] = []
    for name, label in RETRIEVAL_METRICS:
        row: list[object] = [label]
        for c in columns:
            row += [getattr(ours[c], name), getattr(peer.groups[c], name) if c in peer.groups else None]
        rows.append(row)
    return _table(header, rows)


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = normalise_ws(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _failure_reasons(run: CaseRun) -> list[str]:
    score, response = run.score, run.response
    reasons: list[str] = []
    if response.error:
        reasons.append(f"call failed: {response.error}")
    if not score.route_ok:
        reasons.append(f"route {score.returned_route or '–'} ≠ expected {score.expected_route}")
    if score.absent_facts:
        reasons.append("facts not in answer: " + "; ".join(score.absent_facts))
    if score.absent_numbers:
        reasons.append("numbers not in answer: " + "; ".join(score.absent_numbers))
    if not score.missing_ok:
        reasons.append(f"missing {sorted(response.missing)} ≠ expected {sorted(run.case.missing)}")
    if score.unhit_passages:
        reasons.append(f"{len(score.unhit_passages)} expected passage(s) not cited")
    return reasons


def failure_text(run: CaseRun) -> str:
    """One failing case: what was expected and what came back (Markdown, also readable as plain text)."""
    case, response, score = run.case, run.response, run.score
    lines = [f"### {case.id} ({case.split}; {', '.join(case.tags)})", f"- question: {case.question}"]
    for turn in case.history:
        lines.append(f"  - earlier {turn.role}: {_excerpt(turn.content, 120)}")
    lines.append("- why: " + " · ".join(_failure_reasons(run)))
    expected = [f"route={case.route}"]
    if case.facts:
        expected.append("facts=" + "; ".join(case.facts))
    if case.numbers:
        expected.append("numbers=" + "; ".join(case.numbers))
    if case.missing:
        expected.append("missing=" + ", ".join(case.missing))
    lines.append("- expected: " + " · ".join(expected))
    for passage in case.cite:
        mark = "✗" if passage in score.unhit_passages else "✓"
        lines.append(f"  - cite {mark} “{_excerpt(passage, 160)}”")
    lines.append(f"- returned: route={score.returned_route or '–'}")
    lines.append(f"  - answer: {_excerpt(response.answer)}")
    if response.missing:
        lines.append(f"  - missing: {', '.join(response.missing)}")
    rank = "none" if score.first_hit_rank is None else str(score.first_hit_rank)
    lines.append(f"  - citations ({score.citations_valid}/{score.citations_total} valid; first hit: {rank}):")
    for citation in response.citations:
        lines.append(
            f"    - [{citation.id or '?'}] {citation.section} ({citation.start}–{citation.end}): "
            f"“{_excerpt(citation.quote, 100)}”"
        )
    return "\n".join(lines)


def failures_markdown(result: RunResult) -> str:
    failures = result.failures
    if not failures:
        return "No failures."
    return "\n\n".join(failure_text(run) for run in failures)


def violations_markdown(violations: Sequence[Violation]) -> str:
    if not violations:
        return "Gate passed: no headline metric dropped beyond tolerance and no baseline case regressed."
    return "Gate FAILED:\n" + "\n".join(f"- {v.message}" for v in violations)


def tag_chart_svg(rows: Sequence[tuple[str, float | None, int]], title: str = "pass rate per tag") -> str:
    """A horizontal bar chart, one bar per ``(tag, rate in [0, 1] or None, n)`` row, as standalone SVG text."""
    label_w, bar_w, value_w, row_h, top, pad = 170, 400, 90, 20, 34, 8
    width = label_w + bar_w + value_w + 2 * pad
    height = top + row_h * len(rows) + pad
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{pad}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    x0 = pad + label_w
    for pct in (0.0, 0.5, 1.0):
        x = x0 + pct * bar_w
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - pad}" stroke="#dddddd"/>')
    for i, (tag, rate, n) in enumerate(rows):
        y = top + i * row_h
        value = 0.0 if rate is None else min(max(rate, 0.0), 1.0)
        colour = "#2e7d32" if value >= 0.8 else "#f9a825" if value >= 0.5 else "#c62828"
        shown = "n/a" if rate is None else f"{value:.0%}"
        parts += [
            f'<text x="{x0 - 6}" y="{y + 14}" text-anchor="end">{escape(tag)}</text>',
            f'<rect class="bar" x="{x0}" y="{y + 3}" width="{value * bar_w:.1f}" height="{row_h - 6}" '
            f'fill="{colour}"><title>{escape(tag)}: {shown} of {n}</title></rect>',
            f'<text x="{x0 + bar_w + 6}" y="{y + 14}">{shown} (n={n})</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def tag_chart_rows(groups: Mapping[str, Metrics]) -> list[tuple[str, float | None, int]]:
    return [(tag, m.pass_rate, m.n) for tag, m in tag_rows(groups)]


def markdown_report(
    result: RunResult,
    peer: PeerResult | None = None,
    violations: Sequence[Violation] | None = None,
    chart_file: str = "per_tag.svg",
    title: str = "reportqa eval",
) -> str:
    """The whole Markdown report: headline, peer, gate, per-tag table and chart, failures."""
    overall = result.groups.get("all")
    passed = sum(1 for run in result.runs if run.score.passed)
    sections = [
        f"# {title}",
        f"{len(result.runs)} cases via {result.source}; {passed} passed"
        + (f" ({overall.pass_rate:.1%})" if overall and overall.pass_rate is not None else "")
        + f"; {result.seconds:.1f} s.",
        "## Headline",
        headline_table(result.groups),
    ]
    if peer is not None:
        sections += ["## Peer: " + peer.description, peer_table(result.groups, peer)]
        sections += [f"- {note}" for note in peer.notes]
    if violations is not None:
        sections += ["## Gate", violations_markdown(violations)]
    if any(_BLIND_SET.fullmatch(tag) for run in result.runs for tag in run.case.tags):
        sections += ["## Blind sets", blind_set_table(result)]
    sections += [
        "## Per tag",
        tag_table(result.groups),
        f"![pass rate per tag]({chart_file})",
        f"## Failures ({len(result.failures)})",
        failures_markdown(result),
    ]
    return "\n\n".join(sections) + "\n"


def _case_record(run: CaseRun) -> dict[str, Any]:
    response = run.response
    return {
        **asdict(run.score),
        "question": run.case.question,
        "expected": {
            "route": run.case.route,
            "facts": list(run.case.facts),
            "numbers": list(run.case.numbers),
            "cite": list(run.case.cite),
            "missing": list(run.case.missing),
        },
        "returned": {
            "answer": response.answer,
            "route": response.route,
            "missing": list(response.missing),
            "error": response.error,
            "citations": [asdict(c) for c in response.citations],
        },
    }


def report_document(
    result: RunResult,
    peer: PeerResult | None = None,
    violations: Sequence[Violation] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON report: metrics per group, every case with its verdicts, the peer and the gate outcome."""
    document: dict[str, Any] = {
        "meta": {"source": result.source, "seconds": round(result.seconds, 3), **(meta or {})},
        "metrics": {group: asdict(m) for group, m in result.groups.items()},
        "failures": [run.case.id for run in result.failures],
        "cases": [_case_record(run) for run in result.runs],
    }
    if peer is not None:
        document["peer"] = {
            "description": peer.description,
            "chunks": peer.chunks,
            "relocated": peer.relocated,
            "seconds": round(peer.seconds, 3),
            "notes": peer.notes,
            "metrics": {group: asdict(m) for group, m in peer.groups.items()},
        }
    if violations is not None:
        document["gate"] = {"passed": not violations, "violations": [asdict(v) for v in violations]}
    return document
