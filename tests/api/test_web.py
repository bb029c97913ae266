"""The chat page's HTTP side: the page and its files (open, strict CSP, nothing from elsewhere), a report's text
(ETag, 304, keys, the error shape) and feedback written to the store `reportqa feedback export` reads."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.embedding import Embedder
from service.app import create_app
from service.settings import PROJECT_ROOT, Settings
from service.slack.feedback import FeedbackLog, export_cases, feedback_dir
from service.tools.flags import FLAG_WORDS
from tests.api.test_security import assert_error_shape
from tests.conftest import REPORT_DOC_ID, REPORT_FILE

KEY = "web-page-test-key-0123456789"
WEB = PROJECT_ROOT / "service" / "web"
TEXT = f"/v1/documents/{REPORT_DOC_ID}/text"
FEEDBACK = {
    "rating": "down",
    "question": "Who operates the US portion of the backbone?",
    "history": [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}],
    "answer": "IIJ America Inc. [1]",
    "route": "retrieval",
    "citations": [
        {
            "id": "c1",
            "doc_id": REPORT_DOC_ID,
            "section": "C. Material Contracts",
            "quote": "IIJ America",
            "start": 1,
            "end": 12,
            "score": 0.5,
        }
    ],
    "calculation": None,
}


def unstarted(tmp_path: Path, **overrides: Any) -> TestClient:
    """The app without its model loaded: the page, its files and feedback need none."""
    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", **overrides)
    return TestClient(create_app(settings))


# -- the page ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/static/app.js", "/static/style.css", "/static/icon.svg"])
def test_page_and_its_files_need_no_key_and_carry_a_strict_csp(tmp_path: Path, path: str) -> None:
    response = unstarted(tmp_path, api_keys=KEY).get(path)
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == policy["style-src"] == policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_page_says_whether_a_key_is_needed(tmp_path: Path) -> None:
    assert 'name="reportqa-auth" content="bearer"' in unstarted(tmp_path, api_keys=KEY).get("/").text
    assert 'name="reportqa-auth" content="none"' in unstarted(tmp_path).get("/").text


def test_files_are_served_with_their_types_and_revalidated_by_etag(tmp_path: Path) -> None:
    client = unstarted(tmp_path)
    script = client.get("/static/app.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    again = client.get("/static/app.js", headers={"If-None-Match": script.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("path", ["/static/nothing.js", "/static/__init__.py", "/static/..%2Fapp.py"])
def test_an_unknown_page_file_is_404_in_the_error_shape(tmp_path: Path, path: str) -> None:
    assert_error_shape(unstarted(tmp_path).get(path), 404, "not_found")


def test_the_page_runs_no_inline_code_inserts_no_html_and_loads_nothing_from_elsewhere() -> None:
    html = (WEB / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script\b[^>]*>", html) == ['<script type="module" src="/static/app.js">']
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert not re.search(r"\sstyle=", html)
    for path in [*WEB.glob("*.js"), *WEB.glob("*.css"), WEB / "index.html"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text), path.name
        assert not re.search(
            r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function", text
        )


def test_page_files_are_package_data() -> None:
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    declared = re.search(r'"service\.web" = \[([^\]]*)\]', pyproject)
    assert declared is not None
    patterns = {p.strip().strip('"') for p in declared.group(1).split(",")}
    shipped = {f"*{path.suffix}" for path in WEB.iterdir() if path.suffix != ".py" and path.is_file()}
    assert shipped <= patterns


# -- a report's text -----------------------------------------------------------------------------------------
def test_report_text_is_the_file_as_ingested_so_every_citation_quote_is_text_start_to_end(
    client: TestClient, corpus_text: str
) -> None:
    response = client.get(TEXT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == corpus_text
    answer = client.post("/v1/ask", json={"question": "Are there exchange controls in Japan?"}).json()
    for citation in answer["citations"]:
        assert response.text[citation["start"] : citation["end"]] == citation["quote"]


def test_report_text_has_an_etag_and_answers_304_when_unchanged(client: TestClient) -> None:
    etag = client.get(TEXT).headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{16}"', etag)
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(TEXT, headers={"If-None-Match": sent})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == etag
    assert client.get(TEXT, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_an_unknown_report_is_404_in_the_error_shape(client: TestClient) -> None:
    error = assert_error_shape(client.get("/v1/documents/no-such-report/text"), 404, "not_found")
    assert "GET /v1/documents" in error["message"]


def test_report_text_needs_the_key_when_keys_are_set(tmp_path: Path) -> None:
    assert_error_shape(unstarted(tmp_path, api_keys=KEY).get(TEXT), 401, "unauthorized")


def copied_corpus_settings(ingested_settings: Settings, tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    shutil.copytree(ingested_settings.corpus_dir, corpus)
    return Settings(**{**ingested_settings.model_dump(), "corpus_dir": corpus})


def edit_report(settings: Settings) -> None:
    with (settings.corpus_dir / REPORT_FILE).open("a", encoding="utf-8") as handle:
        handle.write("\nA line added after the ingest.\n")


def test_a_report_edited_while_served_is_refused_rather_than_served_with_wrong_offsets(
    ingested_settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    settings = copied_corpus_settings(ingested_settings, tmp_path)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        assert client.get(TEXT).status_code == 200
        edit_report(settings)
        error = assert_error_shape(client.get(TEXT), 409, "document_changed")
    assert "reportqa ingest" in error["message"]


def test_a_report_edited_before_start_leaves_the_index_unserved_until_ingest(
    ingested_settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    settings = copied_corpus_settings(ingested_settings, tmp_path)
    edit_report(settings)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        error = assert_error_shape(client.get(TEXT), 503, "index_invalid")
    assert "reportqa ingest" in error["message"]


# -- the calculator's vocabulary -----------------------------------------------------------------------------
def test_calculator_rules_quote_the_report_at_their_offsets_and_flags_are_in_words(
    client: TestClient, corpus_text: str
) -> None:
    body = client.get("/v1/calculator").json()
    located = [rule for rule in body["rules"].values() if rule["start"] is not None]
    assert len(located) > 20
    for rule in located:
        assert corpus_text[rule["start"] : rule["end"]] == rule["quote"]
    assert body["flags"] == dict(FLAG_WORDS)


# -- feedback ------------------------------------------------------------------------------------------------
def test_feedback_is_recorded_in_the_store_feedback_export_reads(tmp_path: Path) -> None:
    response = unstarted(tmp_path).post("/v1/feedback", json=FEEDBACK)
    assert response.status_code == 201
    assert response.json()["rating"] == "down"
    clicks = FeedbackLog(feedback_dir(tmp_path / "data")).clicks()
    assert len(clicks) == 1
    click = clicks[0]
    assert (click["rating"], click["question"], click["channel"], click["user"]) == (
        "down",
        FEEDBACK["question"],
        "web",
        "web",
    )
    assert click["history"] == FEEDBACK["history"]
    assert click["citations"][0]["quote"] == "IIJ America"
    skeletons, skipped = export_cases(clicks, "down")
    assert FEEDBACK["question"] in skeletons
    assert skipped == 0


def test_feedback_with_a_key_records_the_key_fingerprint_not_the_key(tmp_path: Path) -> None:
    client = unstarted(tmp_path, api_keys=KEY)
    assert_error_shape(client.post("/v1/feedback", json=FEEDBACK), 401, "unauthorized")
    response = client.post("/v1/feedback", json=FEEDBACK, headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code == 201
    user = FeedbackLog(feedback_dir(tmp_path / "data")).clicks()[0]["user"]
    assert user.startswith("key-")
    assert KEY not in (tmp_path / "data" / "feedback" / "feedback.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [{"rating": "meh"}, {"question": "   "}, {"route": "guess"}, {"answer": "x" * 40_001}, {"extra": 1}],
)
def test_bad_feedback_is_422_in_the_error_shape(tmp_path: Path, change: dict[str, Any]) -> None:
    response = unstarted(tmp_path, max_body_bytes=200_000).post("/v1/feedback", json={**FEEDBACK, **change})
    assert_error_shape(response, 422, "invalid_request")
    assert not (tmp_path / "data" / "feedback" / "feedback.jsonl").exists()
