"""Two reports side by side: answers restricted by report, company or year (CLI and HTTP), citations name theirs."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from evals.synthetic import make_report, write_corpus
from ingest.embedding import Embedder
from ingest.pipeline import IngestReport
from service.app import create_app
from service.cli import main
from service.settings import Settings
from tests.conftest import REPORT_DOC_ID, copy_corpus, make_settings

pytestmark = pytest.mark.slow

QUESTION = "What is the maximum withholding rate under the Treaty for most shareholders?"


@pytest.fixture(scope="module")
def two_reports(
    tmp_path_factory: pytest.TempPathFactory, corpus_text: str, ingest: Callable[[Settings], IngestReport]
) -> tuple[Settings, str, str, int]:
    """The real report and one synthetic report of another company and year, ingested together."""
    import yaml

    root = tmp_path_factory.mktemp("two-reports")
    corpus = copy_corpus(root / "corpus")
    other = make_report(
        corpus_text, seed=11, index=0, keep=1.0
    )  # every paragraph: it answers the question too
    assert other.fiscal_year != 2004  # so a year filter tells the two apart
    original = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    write_corpus(corpus, [other], original)
    settings = make_settings(corpus, root / "data")
    report = ingest(settings)
    assert report.problems == []
    assert report.documents == 2
    return settings, other.doc_id, other.company, other.fiscal_year


def doc_ids(answer: dict[str, object]) -> set[str]:
    citations = answer["citations"]
    assert isinstance(citations, list)
    assert citations, answer
    return {c["doc_id"] for c in citations}


def test_http_filters_restrict_answers_to_one_report_and_citations_say_which(
    two_reports: tuple[Settings, str, str, int], embedder: Embedder
) -> None:
    settings, other_id, other_company, other_year = two_reports
    with TestClient(create_app(settings, embedder=embedder)) as client:
        unfiltered = client.post("/v1/ask", json={"question": QUESTION}).json()
        assert doc_ids(unfiltered) <= {REPORT_DOC_ID, other_id}
        for filters, expected in [
            ({"doc_id": other_id}, other_id),
            ({"company": other_company}, other_id),
            ({"fiscal_year": other_year}, other_id),
            ({"doc_id": REPORT_DOC_ID}, REPORT_DOC_ID),
            ({"fiscal_year": 2004, "company": "Internet Initiative Japan Inc."}, REPORT_DOC_ID),
        ]:
            answer = client.post("/v1/ask", json={"question": QUESTION, "filters": filters}).json()
            assert doc_ids(answer) == {expected}, filters
            corpus_file = settings.corpus_dir / (f"{expected}.txt")
            text = corpus_file.read_text(encoding="utf-8")
            for citation in answer["citations"]:  # offsets index the cited report's own file
                assert text[citation["start"] : citation["end"]] == citation["quote"]


def test_cli_ask_takes_doc_id_company_and_fiscal_year_filters(
    two_reports: tuple[Settings, str, str, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings, other_id, other_company, other_year = two_reports
    monkeypatch.setenv("REPORTQA_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("REPORTQA_DATA_DIR", str(settings.data_dir))
    for flags, expected in [
        (["--company", other_company, "--fiscal-year", str(other_year)], other_id),
        (["--doc-id", REPORT_DOC_ID], REPORT_DOC_ID),
    ]:
        assert main(["ask", QUESTION, "--json", *flags]) == 0
        assert doc_ids(json.loads(capsys.readouterr().out)) == {expected}, flags
