"""Ingest end to end with the real model and a real embedded Chroma in a temp folder."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import yaml

from ingest.embedding import Embedder
from ingest.lists import in_context
from ingest.pipeline import IngestReport
from ingest.snapshot import Snapshot
from ingest.verify import seal
from service.qa.retrieval import Filters, SearchIndex
from service.settings import PROJECT_ROOT, Settings
from tests.conftest import REPORT_DOC_ID, copy_corpus, make_settings, snapshot_of, store_of

pytestmark = pytest.mark.slow

Ingest = Callable[[Settings], IngestReport]
OpenIndex = Callable[[Settings], SearchIndex]

ACME_DOC_ID = "acme-20f-fy2005"
ACME_COMPANY = "Acme Widgets KK"
ACME_TEXT = """A. Overview.

Acme Widgets KK manufactures ceramic widgets in Nagoya and sells them to carmakers in Europe.

B. Employees.

At March 31, 2005, Acme employed 1,250 people, of whom 310 worked in the Nagoya kiln plant.

Employees are represented by the Acme Workers Union:

- factory staff in Nagoya,
- sales staff in Hamburg.
"""
TREATY_QUESTION = "What is the maximum withholding rate under the Treaty for most shareholders?"
TREATY_PASSAGE = "limited to 10% of the gross amount actually distributed"


def search(index: SearchIndex, query: str, filters: Filters | None = None, top_k: int = 3) -> list[str]:
    """(doc_id, text) of the hits, flattened to "doc_id|text" for readable assertions."""
    return [f"{hit.chunk.doc_id}|{hit.chunk.text}" for hit in index.search(query, top_k, 20, 60, filters)]


def write_manifest(corpus_dir: Path, entries: list[dict[str, object]]) -> None:
    (corpus_dir / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}), encoding="utf-8")


def add_to_manifest(corpus_dir: Path, *entries: dict[str, object]) -> None:
    data = yaml.safe_load((corpus_dir / "manifest.yaml").read_text(encoding="utf-8"))
    data["documents"].extend(entries)
    (corpus_dir / "manifest.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


# -- two small reports: cheap to embed, for change and delete --------------------------------------------------
ALPHA = (
    "Alpha Corp pays a dividend of 30 yen per share. The dividend is paid in June.\n\nAlpha owns a brewery."
)
BETA = "Beta Ltd builds bridges in Osaka. Beta employs 40 engineers.\n\nBeta's bridges are made of steel."


@pytest.fixture
def small_settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (corpus / "beta.txt").write_text(BETA, encoding="utf-8")
    write_manifest(
        corpus,
        [
            {"doc_id": "alpha", "file": "alpha.txt", "company": "Alpha Corp", "fiscal_year": 2004},
            {"doc_id": "beta", "file": "beta.txt", "company": "Beta Ltd", "fiscal_year": 2004},
        ],
    )
    return make_settings(corpus, tmp_path / "data")


def ids_of(snapshot: Snapshot, doc_id: str) -> set[str]:
    return {c.id for c in snapshot.chunks if c.doc_id == doc_id}


def test_reingesting_unchanged_corpus_embeds_nothing_and_duplicates_nothing(
    tmp_settings: Settings, ingest: Ingest
) -> None:
    first = ingest(tmp_settings)
    before = snapshot_of(tmp_settings)
    second = ingest(tmp_settings)
    after = snapshot_of(tmp_settings)
    assert first.embedded == first.chunks > 0
    assert (second.embedded, second.skipped, second.removed) == (0, first.chunks, 0)
    assert first.words_embedded > 0
    assert second.words_embedded == 0  # the report words' vectors are kept too
    assert [c.id for c in after.chunks] == [c.id for c in before.chunks]
    assert len(after.chunks) == first.chunks
    assert store_of(tmp_settings).count() == first.chunks
    sentences = sum(len(c.sentences) for c in after.chunks)
    assert (first.sentences_embedded, second.sentences_embedded) == (sentences, 0)
    items = sum(len(in_context(c)) for c in after.chunks)
    assert (first.items_embedded, second.items_embedded) == (items, 0)  # list items read after their lead-in


def test_every_chunk_has_one_normalised_vector_per_sentence_in_the_snapshot(
    ingested_settings: Settings,
) -> None:
    snapshot = snapshot_of(ingested_settings)
    for chunk in snapshot.chunks:
        rows = snapshot.sentence_vectors[chunk.id]
        assert rows.shape[0] == len(chunk.sentences)
        assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-2)


def test_every_list_item_read_after_its_lead_in_has_one_normalised_vector_in_the_snapshot(
    ingested_settings: Settings,
) -> None:
    snapshot = snapshot_of(ingested_settings)
    read = {chunk.id: in_context(chunk) for chunk in snapshot.chunks}
    assert any(read.values())  # the report has lists
    for chunk in snapshot.chunks:
        rows = snapshot.item_vectors[chunk.id]
        assert rows.shape[0] == len(read[chunk.id])
        if len(rows):
            assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-2)


def test_index_written_without_sentence_vectors_gets_them_on_the_next_ingest_without_embedding_chunks(
    tmp_path: Path, ingested_settings: Settings, ingest: Ingest
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ingested_settings.data_dir, data)
    settings = make_settings(copy_corpus(tmp_path / "corpus"), data)
    older = json.loads((data / "index.json").read_text(encoding="utf-8"))
    del older["sentence_vectors"], older["checksum"]
    (data / "index.json").write_text(seal(json.dumps(older)), encoding="utf-8")

    report = ingest(settings)
    snapshot = snapshot_of(settings)
    assert report.embedded == 0
    assert report.sentences_embedded == sum(len(c.sentences) for c in snapshot.chunks) > 0
    assert set(snapshot.sentence_vectors) == {c.id for c in snapshot.chunks}


def test_changed_file_has_its_old_chunks_removed_and_others_untouched(
    small_settings: Settings, ingest: Ingest
) -> None:
    ingest(small_settings)
    old = snapshot_of(small_settings)
    (small_settings.corpus_dir / "alpha.txt").write_text(ALPHA.replace("30 yen", "35 yen"), encoding="utf-8")
    report = ingest(small_settings)
    new = snapshot_of(small_settings)
    store = store_of(small_settings)
    assert not ids_of(old, "alpha") & store.ids()
    assert store.ids() == {c.id for c in new.chunks}
    assert store.count() == len(new.chunks) == report.chunks
    assert ids_of(new, "beta") == ids_of(old, "beta")
    assert report.embedded == len(ids_of(new, "alpha"))
    assert report.removed == len(ids_of(old, "alpha"))
    assert any("35 yen" in c.text for c in new.chunks)


def test_deleted_file_has_its_chunks_removed(small_settings: Settings, ingest: Ingest) -> None:
    ingest(small_settings)
    old = snapshot_of(small_settings)
    (small_settings.corpus_dir / "beta.txt").unlink()
    write_manifest(small_settings.corpus_dir, [{"doc_id": "alpha", "file": "alpha.txt"}])
    report = ingest(small_settings)
    new = snapshot_of(small_settings)
    assert [d.meta.doc_id for d in new.documents] == ["alpha"]
    assert store_of(small_settings).ids() == ids_of(old, "alpha") == ids_of(new, "alpha")
    assert (report.embedded, report.removed) == (0, len(ids_of(old, "beta")))


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (b"Alpha \xff\xfe broken", "alpha.txt: not UTF-8 text"),
        (b"  \n\n", "alpha.txt: empty file"),
        (None, "alpha.txt: file not found"),
    ],
)
def test_listed_file_that_goes_bad_keeps_its_previous_version(
    small_settings: Settings, ingest: Ingest, open_search_index: OpenIndex, damage: bytes | None, problem: str
) -> None:
    ingest(small_settings)
    old = snapshot_of(small_settings)
    path = small_settings.corpus_dir / "alpha.txt"
    if damage is None:
        path.unlink()
    else:
        path.write_bytes(damage)
    report = ingest(small_settings)
    assert len(report.problems) == 1
    assert report.problems[0].startswith(problem)
    new = snapshot_of(small_settings)
    assert new.chunks == old.chunks
    assert store_of(small_settings).count() == len(old.chunks)
    hits = search(open_search_index(small_settings), "Which company owns a brewery?", top_k=1)
    assert hits[0].startswith("alpha|")
    assert "Alpha owns a brewery." in hits[0]


# -- the real report plus a second report and two bad files, ingested once for this module ---------------------
@pytest.fixture(scope="module")
def two_reports(tmp_path_factory: pytest.TempPathFactory, ingest: Ingest) -> tuple[Settings, IngestReport]:
    root = tmp_path_factory.mktemp("two-reports")
    corpus = copy_corpus(root / "corpus")
    (corpus / "acme-2005.txt").write_text(ACME_TEXT, encoding="utf-8")
    (corpus / "latin1.txt").write_bytes(
        "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale annual report.\n".encode("latin-1")
    )
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    add_to_manifest(
        corpus,
        {
            "doc_id": ACME_DOC_ID,
            "file": "acme-2005.txt",
            "company": ACME_COMPANY,
            "form": "20-F",
            "fiscal_year": 2005,
        },
        {"doc_id": "latin1-report", "file": "latin1.txt", "company": "Latin KK", "fiscal_year": 2005},
    )
    settings = make_settings(corpus, root / "data")
    return settings, ingest(settings)


def test_bad_files_are_named_in_problems_while_the_other_reports_ingest(
    two_reports: tuple[Settings, IngestReport],
) -> None:
    settings, report = two_reports
    assert sorted(report.problems) == [
        "empty.txt: empty file; skipped",
        "latin1.txt: not UTF-8 text (bad byte at position 4); skipped",
    ]
    assert report.warnings == [
        "empty.txt: no manifest entry; ingested as doc_id 'empty' without company or year"
    ]
    assert [d.meta.doc_id for d in snapshot_of(settings).documents] == [REPORT_DOC_ID, ACME_DOC_ID]
    assert report.documents == 2


def test_second_report_is_searchable_and_cited_under_its_own_doc_id(
    two_reports: tuple[Settings, IngestReport], open_search_index: OpenIndex
) -> None:
    settings, _ = two_reports
    index = open_search_index(settings)
    hits = index.search("How many people did Acme employ?", 3, 20, 60)
    assert hits[0].chunk.doc_id == ACME_DOC_ID
    assert "1,250 people" in hits[0].chunk.text
    assert hits[0].chunk.section == "B. Employees"
    acme_text = (settings.corpus_dir / "acme-2005.txt").read_text(encoding="utf-8")
    assert acme_text[hits[0].chunk.start : hits[0].chunk.end] == hits[0].chunk.text
    assert search(index, TREATY_QUESTION, top_k=1)[0].startswith(f"{REPORT_DOC_ID}|")


@pytest.mark.parametrize(
    ("filters", "doc_id"),
    [
        (Filters(company=ACME_COMPANY), ACME_DOC_ID),
        (Filters(fiscal_year=2005), ACME_DOC_ID),
        (Filters(doc_id=ACME_DOC_ID), ACME_DOC_ID),
        (Filters(company="Internet Initiative Japan Inc."), REPORT_DOC_ID),
        (Filters(fiscal_year=2004), REPORT_DOC_ID),
        (Filters(doc_id=REPORT_DOC_ID, fiscal_year=2004), REPORT_DOC_ID),
    ],
)
def test_filters_restrict_results_to_the_matching_report(
    two_reports: tuple[Settings, IngestReport], open_search_index: OpenIndex, filters: Filters, doc_id: str
) -> None:
    index = open_search_index(two_reports[0])
    for question in ("How many people did Acme employ?", TREATY_QUESTION):
        hits = index.search(question, 10, 20, 60, filters)
        assert hits
        assert {hit.chunk.doc_id for hit in hits} == {doc_id}


@pytest.mark.parametrize(
    ("where", "doc_id"),
    [
        ({"doc_id": ACME_DOC_ID}, ACME_DOC_ID),
        ({"doc_id": REPORT_DOC_ID}, REPORT_DOC_ID),
        ({"company": ACME_COMPANY}, ACME_DOC_ID),
        ({"fiscal_year": 2004}, REPORT_DOC_ID),
    ],
)
def test_stored_vectors_carry_their_report_metadata_for_filtering(
    two_reports: tuple[Settings, IngestReport], embedder: Embedder, where: dict[str, object], doc_id: str
) -> None:
    settings, _ = two_reports
    chunk_doc = {c.id: c.doc_id for c in snapshot_of(settings).chunks}
    hits = store_of(settings).query(embedder.embed_query("withholding tax on dividends"), 5, where)
    assert hits, f"no vector matches {where}"
    assert {chunk_doc[cid] for cid, _ in hits} == {doc_id}


def test_filters_matching_no_report_return_nothing(
    two_reports: tuple[Settings, IngestReport], open_search_index: OpenIndex
) -> None:
    index = open_search_index(two_reports[0])
    assert index.search(TREATY_QUESTION, 5, 20, 60, Filters(company=ACME_COMPANY, fiscal_year=2004)) == []


# -- kill -9 in the middle of an ingest -------------------------------------------------------------------------
VARIANTS = 6


def write_variants(corpus_dir: Path, text: str, count: int) -> None:
    entries: list[dict[str, object]] = []
    for n in range(count):
        variant = (
            text.replace("Internet Initiative Japan", f"Variant{n} Networks")
            .replace("IIJ", f"VN{n}")
            .replace("10%", f"{11 + n}%")
            .replace("2004", str(2010 + n))
        )
        name = f"variant-{n:02d}.txt"
        (corpus_dir / name).write_text(variant, encoding="utf-8")
        entries.append(
            {
                "doc_id": f"variant-{n:02d}",
                "file": name,
                "company": f"Variant{n} Networks",
                "fiscal_year": 2010 + n,
            }
        )
    add_to_manifest(corpus_dir, *entries)


def wait_for_progress(process: subprocess.Popen[str], timeout: float) -> list[str]:
    """stderr lines up to the first "embedded n/total" line the CLI prints per batch when not on a tty."""
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 1.0)
        if not ready:
            continue
        line = process.stderr.readline()
        if not line:
            break  # the process ended
        lines.append(line.rstrip())
        if line.startswith("embedded "):
            return lines
    pytest.fail(f"no progress line from the ingest within {timeout} s; stderr so far: {lines}")


def test_ingest_killed_midway_leaves_the_previous_index_answering_and_resumes_without_duplicates(
    tmp_path: Path,
    ingested_settings: Settings,
    corpus_text: str,
    ingest: Ingest,
    open_search_index: OpenIndex,
) -> None:
    # The previous index: the real report alone, already ingested (a copy of the session's index).
    corpus = copy_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    shutil.copytree(ingested_settings.data_dir, data)
    settings = make_settings(corpus, data)
    original_chunks = len(snapshot_of(settings).chunks)
    write_variants(corpus, corpus_text, VARIANTS)

    env = {
        **os.environ,
        "REPORTQA_CORPUS_DIR": str(corpus),
        "REPORTQA_DATA_DIR": str(data),
        "REPORTQA_EMBED_BATCH_SIZE": "8",  # a progress line (and an upsert) every 32 chunks
    }
    with subprocess.Popen(
        [sys.executable, "-m", "ingest"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            progress = wait_for_progress(process, timeout=120)
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, f"the ingest finished before it was killed: {progress}"

    # The previous index still answers, from the previous snapshot only.
    snapshot = snapshot_of(settings)
    assert [d.meta.doc_id for d in snapshot.documents] == [REPORT_DOC_ID]
    assert len(snapshot.chunks) == original_chunks
    vectors_after_kill = store_of(settings).count()
    assert original_chunks < vectors_after_kill < original_chunks * (VARIANTS + 1)
    index = open_search_index(settings)
    assert any(TREATY_PASSAGE in hit for hit in search(index, TREATY_QUESTION))
    for question in (TREATY_QUESTION, "Variant3 Networks service agreement with VN3 America Inc."):
        assert {hit.split("|")[0] for hit in search(index, question, top_k=10)} == {REPORT_DOC_ID}

    # Ingest again: it completes, embeds only what the killed run had not stored, and duplicates nothing.
    report = ingest(settings)
    assert report.problems == []
    assert report.documents == VARIANTS + 1
    assert report.embedded == report.chunks - vectors_after_kill
    assert 0 < report.embedded < report.chunks - original_chunks
    final = snapshot_of(settings)
    store = store_of(settings)
    assert store.count() == len(final.chunks) == report.chunks
    assert store.ids() == {c.id for c in final.chunks}
    hits = open_search_index(settings).search(
        "Variant3 Networks service agreement", 3, 20, 60, Filters(company="Variant3 Networks")
    )
    assert hits
    assert hits[0].chunk.doc_id == "variant-03"
