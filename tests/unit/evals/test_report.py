"""Report rendering: the JSON document, Markdown tables, failures and the per-tag SVG chart (pure)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pytest

from evals.report import (
    blind_set_table,
    failure_text,
    headline_table,
    markdown_report,
    peer_table,
    report_document,
    tag_chart_rows,
    tag_chart_svg,
    tag_table,
)
from evals.results import PeerResult, RunResult
from evals.runner import run_cases
from evals.scoring import Case, Turn, aggregate_by_group
from service.qa.types import Answer, Citation
from service.qa.types import Turn as AskTurn

SVG = "{http://www.w3.org/2000/svg}"
CORPUS = "Dividends are taxed at 10%. The PFIC rules apply to passive income. Nothing else."
CASES = [
    Case(
        "ok-1",
        "dev",
        "What is the rate?",
        "retrieval",
        facts=("10%",),
        cite=("taxed at 10%",),
        tags=("jp_tax",),
    ),
    Case(
        "bad-1",
        "test",
        "What is PFIC?",
        "retrieval",
        facts=("passive income",),
        cite=("passive income",),
        tags=("pfic", "typo"),
    ),
    Case("oos-1", "test", "Who is the CEO?", "out_of_scope", tags=("out_of_scope",)),
    Case(
        "fu-1",
        "test",
        "and for gains?",
        "retrieval",
        tags=("followup",),
        history=(Turn("user", "What is the rate?"),),
    ),
]


class CannedEngine:
    """A fake engine answering from a table; raises for questions it does not know."""

    def __init__(self) -> None:
        self.histories: list[Sequence[AskTurn]] = []

    def ask(self, question: str, history: Sequence[AskTurn], /) -> Answer:
        self.histories.append(history)
        start = CORPUS.index("Dividends")
        quote = CORPUS[start : start + 27]
        table = {
            "What is the rate?": Answer(
                "Dividends are taxed at 10% [c1].",
                "retrieval",
                [Citation("c1", "d", "Tax", quote, start, start + 27, 1.0)],
            ),
            "What is PFIC?": Answer(
                "Dividends are taxed at 10%.",
                "retrieval",
                [Citation("c1", "d", "Tax", quote, start, start + 27, 1.0)],
            ),
            "Who is the CEO?": Answer("The report does not say.", "out_of_scope"),
        }
        if question not in table:
            raise RuntimeError("engine broke")
        return table[question]


@pytest.fixture(scope="module")
def result() -> RunResult:
    return run_cases(CannedEngine(), CASES, CORPUS)


def test_run_cases_scores_every_case_and_turns_an_exception_into_a_failed_case(result: RunResult) -> None:
    verdicts = {run.case.id: run.score.passed for run in result.runs}
    assert verdicts == {"ok-1": True, "bad-1": False, "oos-1": True, "fu-1": False}
    broken = next(run for run in result.runs if run.case.id == "fu-1")
    assert broken.response.error == "RuntimeError: engine broke"
    assert result.groups["all"].n == 4


def test_run_cases_passes_the_case_history_to_the_engine() -> None:
    engine = CannedEngine()
    run_cases(engine, CASES, CORPUS)
    assert engine.histories[-1] == [AskTurn("user", "What is the rate?")]


def test_svg_chart_is_well_formed_xml_with_one_bar_per_tag(result: RunResult) -> None:
    rows = tag_chart_rows(result.groups)
    svg = tag_chart_svg(rows)
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert [b.find(f"{SVG}title").text.split(":")[0] for b in bars] == [  # type: ignore[union-attr]
        "followup",
        "jp_tax",
        "out_of_scope",
        "pfic",
        "typo",
    ]
    widths = {b.find(f"{SVG}title").text.split(":")[0]: float(b.get("width", "-1")) for b in bars}  # type: ignore[union-attr]
    assert widths["jp_tax"] == 400.0
    assert widths["pfic"] == 0.0


@pytest.mark.parametrize(
    "rows",
    [[], [("a<b&c", None, 0)], [("x", 1.5, 3), ("y", -0.2, 1)]],
    ids=["no tags", "markup in a tag name and no rate", "rates out of range are clamped"],
)
def test_svg_chart_stays_well_formed_for_awkward_input(rows: list[tuple[str, float | None, int]]) -> None:
    root = ET.fromstring(tag_chart_svg(rows))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == len(rows)
    assert all(0.0 <= float(b.get("width", "-1")) <= 400.0 for b in bars)


def test_headline_table_has_a_row_per_metric_and_columns_for_all_splits_and_routes(result: RunResult) -> None:
    table = headline_table(result.groups)
    header = table.splitlines()[0]
    assert header.startswith("| metric | all | split:dev | split:test | route:out_of_scope | route:retrieval")
    assert "| answer pass rate | 0.500 | 1.000 | 0.333 |" in table
    assert "citation hit@1" in table
    assert "latency p95 (ms)" in table


def test_tag_table_lists_each_tag_once(result: RunResult) -> None:
    lines = tag_table(result.groups).splitlines()[2:]
    assert [line.split(" | ")[0].strip("| ") for line in lines] == [
        "followup",
        "jp_tax",
        "out_of_scope",
        "pfic",
        "typo",
    ]


def test_failure_shows_what_was_expected_and_what_came_back(result: RunResult) -> None:
    text = failure_text(next(run for run in result.runs if run.case.id == "bad-1"))
    assert "question: What is PFIC?" in text
    assert "facts not in answer: passive income" in text
    assert "cite ✗ “passive income”" in text
    assert "answer: Dividends are taxed at 10%." in text
    assert "[c1] Tax (0–27)" in text


def test_markdown_report_embeds_the_chart_and_lists_failures_and_peer(result: RunResult) -> None:
    peer = PeerResult(aggregate_by_group(result.scores), "the peer", chunks=1)
    markdown = markdown_report(result, peer, violations=[])
    for heading in ("## Headline", "## Peer: the peer", "## Gate", "## Per tag", "## Failures (2)"):
        assert heading in markdown
    assert "![pass rate per tag](per_tag.svg)" in markdown
    assert "### bad-1" in markdown
    assert "### fu-1" in markdown
    assert "### ok-1" not in markdown
    assert "reportqa all | peer all" in peer_table(result.groups, peer)


def test_report_document_is_json_with_metrics_cases_and_gate(result: RunResult) -> None:
    document = json.loads(json.dumps(report_document(result, None, [], {"split": "all"})))
    assert document["meta"]["split"] == "all"
    assert document["failures"] == ["bad-1", "fu-1"]
    assert document["gate"] == {"passed": True, "violations": []}
    assert document["metrics"]["all"]["n"] == 4
    assert document["cases"][0]["returned"]["citations"][0]["start"] == 0


def test_blind_set_table_counts_each_blind_set_on_its_own() -> None:
    cases = [
        Case(
            "b-1",
            "blind",
            "What is the rate?",
            "retrieval",
            facts=("10%",),
            cite=("taxed at 10%",),
            tags=("blind-7",),
        ),
        Case("b-2", "blind", "What is PFIC?", "retrieval", cite=("passive income",), tags=("blind-7",)),
        Case("b-3", "blind", "Who is the CEO?", "out_of_scope", tags=("blind-7",)),
        Case("b-4", "blind", "What is PFIC?", "out_of_scope", tags=("blind-8",)),
    ]
    table = blind_set_table(run_cases(CannedEngine(), cases, CORPUS))
    rows = {line.split(" | ")[0].strip("| "): line for line in table.splitlines()[2:]}
    assert set(rows) == {"blind-7", "blind-8"}
    assert "| 3 | 0.667 (2 of 3) | – | 0.500 (1 of 2) | 0 of 1 |" in rows["blind-7"]
    assert "| 1 | 0.000 (0 of 1) | – | – | 1 of 1 |" in rows["blind-8"]


def test_markdown_report_has_no_blind_section_without_blind_sets(result: RunResult) -> None:
    assert "## Blind sets" not in markdown_report(result)


def test_blind_sets_are_listed_in_the_order_they_were_written() -> None:
    cases = [
        Case(f"b-{n}", "blind", "Who is the CEO?", "out_of_scope", tags=(f"blind-{n}",))
        for n in (10, 2, 1, 9)
    ]
    table = blind_set_table(run_cases(CannedEngine(), cases, CORPUS))
    names = [line.split(" | ")[0].strip("| ") for line in table.splitlines()[2:]]
    assert names == ["blind-1", "blind-2", "blind-9", "blind-10"]
