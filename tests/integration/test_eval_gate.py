"""Acceptance: the eval gate passes the real engine against the committed baseline and fails a degraded one."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from evals.gate import find_violations
from evals.runner import DEFAULT_BASELINE, corpus_text_for, load_cases, read_baseline, run_cases
from ingest.embedding import Embedder
from service.cli import build_parser
from service.qa.engine import Engine
from service.qa.retrieval import Filters, Hit, SearchIndex
from service.runtime import Runtime
from service.settings import Settings


class ReversedIndex(SearchIndex):
    """The real hybrid index with its ranking turned upside down: the worst candidates come first."""

    def search(
        self, query: str, top_k: int, candidates: int, rrf_k: int, filters: Filters | None = None
    ) -> list[Hit]:
        hits: Sequence[Hit] = super().search(query, candidates, candidates, rrf_k, filters)
        return list(reversed(hits))[:top_k]


@pytest.fixture(scope="module")
def real_engine(ingested_settings: Settings, embedder: Embedder) -> Engine:
    runtime = Runtime(ingested_settings, embedder)
    runtime.load()
    assert runtime.error is None, runtime.error
    return runtime.get_engine()


@pytest.fixture(scope="module")
def degraded_engine(real_engine: Engine, ingested_settings: Settings, embedder: Embedder) -> Engine:
    from ingest.store import VectorStore

    assert real_engine.index is not None
    store = VectorStore(ingested_settings.collection, ingested_settings.data_dir)
    index = ReversedIndex(real_engine.index.snapshot, store, embedder.embed_query)
    return Engine(
        index,
        real_engine.composer,
        real_engine.judge,
        real_engine.numeric,
        real_engine.rule_passages,
        top_k=real_engine.top_k,
        candidates=real_engine.candidates,
        rrf_k=real_engine.rrf_k,
    )


@pytest.mark.slow
def test_gate_fails_an_engine_whose_retrieval_ranks_passages_in_reverse(
    degraded_engine: Engine, ingested_settings: Settings
) -> None:
    baseline = read_baseline(DEFAULT_BASELINE)
    assert baseline is not None, "evals/baseline.json is committed"
    result = run_cases(degraded_engine, load_cases(), corpus_text_for(ingested_settings))
    violations = find_violations(baseline, result.groups, result.scores)
    kinds = {v.kind for v in violations}
    assert {"metric_drop", "case_regressed"} <= kinds
    assert any(v.metric == "hit_at_1" and v.group == "all" for v in violations)


@pytest.mark.slow
def test_real_engine_passes_the_gate_through_the_command(
    ingested_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = build_parser().parse_args(["eval", "--gate", "--out", str(tmp_path)])
    code = args.func(args, settings=ingested_settings)
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]
    assert "Gate passed" in out
    assert "## Per tag" in out
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["gate"] == {"passed": True, "violations": []}
    assert report["metrics"]["all"]["n"] == len(load_cases())
    assert (tmp_path / "per_tag.svg").read_text(encoding="utf-8").startswith("<svg")
    assert "![pass rate per tag](per_tag.svg)" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_eval_without_an_index_says_to_ingest_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(data_dir=tmp_path / "empty")
    args = build_parser().parse_args(["eval", "--out", str(tmp_path / "out")])
    assert args.func(args, settings=settings) == 2
    assert "Run `reportqa ingest` first" in capsys.readouterr().err
