"""Issue item 2 (and the ingest parts of item 6): ingest repairs what it wrote. A corrupt, foreign-version or
inconsistent snapshot is reported in one line and rebuilt, reusing the vectors already in Chroma; leftovers of an
interrupted run are removed; the summary is truthful; `--strict` fails when a corpus file was skipped; and
`reportqa ask` over a broken index prints one error line, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ingest.pipeline import IngestReport
from ingest.snapshot import snapshot_path
from ingest.verify import check_against_corpus
from service.cli import EXIT_SKIPPED
from service.cli import main as cli_main
from service.settings import Settings
from tests.conftest import snapshot_of
from tests.faults.test_snapshot_changes import WAYS, offsets_shifted

pytestmark = pytest.mark.slow
Ingest = Callable[[Settings], IngestReport]


@pytest.mark.parametrize(
    "way",
    [WAYS["truncated-in-place"], WAYS["older-version"], WAYS["newer-version"], offsets_shifted],
    ids=["corrupt", "older-version", "newer-version", "offsets-shifted-by-5"],
)
def test_ingest_reports_a_broken_snapshot_in_one_line_and_rebuilds_it_reusing_the_stored_vectors(
    private_index: Settings, ingest: Ingest, way: Callable[[Settings], None]
) -> None:
    chunks = len(snapshot_of(private_index).chunks)
    way(private_index)

    report = ingest(private_index)

    assert len(report.repairs) == 1, report.repairs
    assert "\n" not in report.repairs[0]
    assert report.embedded == 0  # the chunk vectors in Chroma have the same ids and model: reused
    assert report.skipped == report.chunks == chunks
    assert not [w for w in report.warnings if "embedded again" in w]
    check_against_corpus(snapshot_of(private_index), private_index.corpus_dir)  # proven again

    again = ingest(private_index)
    assert (again.repairs, again.embedded, again.sentences_embedded) == ([], 0, 0)


def test_a_snapshot_lost_at_snapshot_time_is_rebuilt_without_claiming_to_embed_everything_again(
    private_index: Settings, ingest: Ingest
) -> None:
    snapshot_path(private_index.data_dir).unlink()  # killed after the vectors, before the snapshot

    report = ingest(private_index)

    assert report.embedded == 0
    assert not [w for w in report.warnings if "embedded again" in w]
    assert "chunks embedded 0" in report.summary()


def test_temporary_files_of_an_interrupted_ingest_are_removed(
    private_index: Settings, ingest: Ingest
) -> None:
    data = private_index.data_dir
    leftovers = [data / ".index-abc123.tmp", data / ".vocabulary-xyz.npz"]
    for path in leftovers:
        path.write_bytes(b"half written")

    report = ingest(private_index)

    assert report.leftovers_removed == 2
    assert not any(path.exists() for path in leftovers)


def _env(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setenv("REPORTQA_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("REPORTQA_DATA_DIR", str(settings.data_dir))


def test_ingest_strict_exits_with_its_own_code_when_a_corpus_file_was_skipped(
    private_index: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (private_index.corpus_dir / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    _env(monkeypatch, private_index)

    assert cli_main(["ingest", "--quiet", "--strict"]) == EXIT_SKIPPED
    out, err = capsys.readouterr()
    assert "files skipped 1" in out
    assert "broken.txt" in err
    assert "Traceback" not in err

    assert cli_main(["ingest", "--quiet"]) == 0  # without --strict a skipped file is reported, not fatal


@pytest.mark.parametrize("way", [WAYS["truncated-in-place"], WAYS["newer-version"]], ids=["corrupt", "newer"])
def test_ask_over_a_broken_index_prints_one_error_line_and_no_traceback(
    private_index: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    way: Callable[[Settings], None],
) -> None:
    way(private_index)
    _env(monkeypatch, private_index)

    status = cli_main(["ask", "What is the treaty rate?"])

    out, err = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in out + err
    assert "run `reportqa ingest` to rebuild it" in err
    assert out == ""


def test_ingest_over_a_manifest_that_breaks_its_schema_writes_nothing(
    private_index: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot_path(private_index.data_dir).read_bytes()
    manifest = private_index.corpus_dir / "manifest.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("fiscal_year: 2004", 'fiscal_year: "FY2004"')
    )
    _env(monkeypatch, private_index)

    assert cli_main(["ingest", "--quiet"]) == 2

    err = capsys.readouterr().err
    assert "fiscal_year: Input should be a valid integer" in err
    assert "line 8" in err
    assert "Traceback" not in err
    assert snapshot_path(private_index.data_dir).read_bytes() == before
