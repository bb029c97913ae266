"""`reportqa eval`: run the regression cases through the engine, write the report, optionally gate.

The core, :func:`run_cases`, takes anything with ``.ask(question, history)`` (the in-process ``Engine``, the
HTTP client :class:`HttpEngine`, or a deliberately degraded engine in a test) and returns plain data that the
pure report and gate modules turn into files and an exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from evals.feedback import feedback_to_yaml, parse_feedback
from evals.gate import TOLERANCE, find_violations, make_baseline
from evals.report import (
    failures_markdown,
    headline_table,
    markdown_report,
    peer_table,
    report_document,
    tag_chart_rows,
    tag_chart_svg,
    tag_table,
    violations_markdown,
)
from evals.results import CaseRun, PeerResult, RunResult
from evals.scoring import Case, Citation, Response, aggregate_by_group, score_case
from service.qa.types import Answer, Turn
from service.qa.types import Citation as AnswerCitation
from service.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from service.settings import Settings

__all__ = [
    "CASES_DOC_ID",
    "EngineLike",
    "HttpEngine",
    "load_cases",
    "main",
    "register",
    "run_cases",
]

EVALS_DIR = PROJECT_ROOT / "evals"
DEFAULT_CASES = EVALS_DIR / "cases.yaml"
DEFAULT_BASELINE = EVALS_DIR / "baseline.json"
DEFAULT_OUT = EVALS_DIR / "reports"
# The report the regression cases are written against (their offsets index this file's text).
CASES_DOC_ID = "iij-20f-fy2004-item10"
SPLITS = ("dev", "test", "blind", "all")


class CitationLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def quote(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def score(self) -> float: ...


class AnswerLike(Protocol):
    @property
    def answer(self) -> str: ...
    @property
    def route(self) -> str: ...
    @property
    def citations(self) -> Sequence[CitationLike]: ...
    @property
    def missing(self) -> Sequence[str]: ...


class EngineLike(Protocol):
    """What the runner needs of an engine: the signature of ``Engine.ask`` without the optional knobs."""

    def ask(self, question: str, history: Sequence[Turn], /) -> AnswerLike: ...


# ---------------------------------------------------------------------------------------------- the core


def load_cases(path: Path = DEFAULT_CASES, split: str = "all") -> list[Case]:
    """The cases of ``split`` (``dev``, ``test``, ``blind`` or ``all``) from a cases.yaml file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of cases")
    cases = [Case.from_mapping(item) for item in raw]
    return [c for c in cases if split in ("all", c.split)]


def to_response(answer: AnswerLike, latency_ms: float) -> Response:
    return Response(
        answer=answer.answer,
        route=answer.route,
        citations=tuple(
            Citation(
                quote=c.quote,
                start=c.start,
                end=c.end,
                id=c.id,
                doc_id=c.doc_id,
                section=c.section,
                score=c.score,
            )
            for c in answer.citations
        ),
        missing=tuple(answer.missing),
        latency_ms=latency_ms,
    )


def run_cases(
    engine: EngineLike, cases: Sequence[Case], corpus_text: str, source: str = "in-process"
) -> RunResult:
    """Ask every case (with its history), score the answers, and aggregate. A failing call is a failed case."""
    started = time.perf_counter()
    runs: list[CaseRun] = []
    for case in cases:
        history = [Turn("user" if t.role == "user" else "assistant", t.content) for t in case.history]
        t0 = time.perf_counter()
        try:
            answer = engine.ask(case.question, history)
            response = to_response(answer, (time.perf_counter() - t0) * 1000)
        except Exception as exc:  # one broken answer must not hide the other 286
            response = Response(answer="", route="", error=f"{type(exc).__name__}: {exc}")
        runs.append(CaseRun(case, response, score_case(case, response, corpus_text)))
    groups = aggregate_by_group(run.score for run in runs)
    return RunResult(tuple(runs), groups, time.perf_counter() - started, source)


class HttpEngine:
    """The engine behind a running server, through ``POST /v1/ask``."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        import httpx

        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(base_url=self.base_url, timeout=timeout)

    def ask(self, question: str, history: Sequence[Turn], /) -> Answer:
        body: dict[str, Any] = {"question": question}
        if history:
            body["history"] = [{"role": t.role, "content": t.content} for t in history]
        reply = self._client.post("/v1/ask", json=body)
        if reply.status_code != 200:
            raise RuntimeError(f"HTTP {reply.status_code}: {reply.text[:300]}")
        data = reply.json()
        return Answer(
            answer=data["answer"],
            route=data["route"],
            citations=[AnswerCitation(**c) for c in data.get("citations", [])],
            calculation=data.get("calculation"),
            missing=list(data.get("missing", [])),
            timing_ms=dict(data.get("timing_ms", {})),
        )

    def ready(self) -> str | None:
        """None when the server answers /readyz with 200, else why not."""
        import httpx

        try:
            reply = self._client.get("/readyz")
        except httpx.HTTPError as exc:
            return f"{self.base_url} does not answer: {exc}"
        return None if reply.status_code == 200 else f"{self.base_url}/readyz: {reply.text[:300]}"

    def close(self) -> None:
        self._client.close()


# ---------------------------------------------------------------------------------------------- files


def corpus_text_for(settings: Settings, doc_id: str = CASES_DOC_ID) -> str:
    """The text of the report the cases are written against, exactly as ingest reads it."""
    from ingest.manifest import load_manifest

    reports, _ = load_manifest(settings.corpus_dir)
    name = next((r.file for r in reports if r.doc_id == doc_id), f"{doc_id}.txt")
    return (settings.corpus_dir / name).read_text(encoding="utf-8")


def write_report(
    out_dir: Path,
    result: RunResult,
    peer: PeerResult | None,
    violations: Sequence[Any] | None,
    meta: dict[str, Any],
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "per_tag.svg"]
    document = report_document(result, peer, violations, meta)
    paths[0].write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(markdown_report(result, peer, violations), encoding="utf-8")
    paths[2].write_text(tag_chart_svg(tag_chart_rows(result.groups)), encoding="utf-8")
    return paths


def read_baseline(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a baseline document")
    return data


# ---------------------------------------------------------------------------------------------- the command


@dataclass
class _Source:
    engine: EngineLike
    embedder: Any  # the loaded model, when in-process (reused by the peer)
    label: str


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _in_process(settings: Settings, ingest_first: bool) -> _Source | int:
    from ingest.embedding import Embedder
    from service.runtime import Runtime, data_exists

    embedder = Embedder(settings.model_path, settings.embed_batch_size)
    if not ingest_first and not data_exists(settings.data_dir):
        _err(
            f"Nothing is ingested in {settings.data_dir}. Run `reportqa ingest` first "
            "(or `reportqa eval --ingest`)."
        )
        return 2
    if ingest_first:  # idempotent: a fresh checkout gets a full ingest, an up-to-date index embeds nothing
        from ingest.pipeline import run_ingest
        from ingest.store import VectorStore

        _err(f"Ingesting {settings.corpus_dir} into {settings.data_dir} (only new or changed text)…")
        store = VectorStore(settings.collection, settings.data_dir, settings.chroma_url)
        report = run_ingest(settings.corpus_dir, settings.data_dir, store, embedder, settings.chunk_tokens)
        _err(report.summary())
        if report.problems:
            _err("ingest problems: " + "; ".join(report.problems))
            return 2
    runtime = Runtime(settings)  # questions embedded as the service embeds them (its own query embedder)
    runtime.load()
    if runtime.error:
        _err(f"The engine did not load: {runtime.error}")
        return 2
    return _Source(runtime.get_engine(), embedder, "in-process")


def cmd_eval(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Run the eval as the command line asked; returns the exit code."""
    from service.settings import Settings as SettingsClass

    if args.from_feedback:
        return _cmd_feedback(args)
    if args.update_baseline and args.split != "all":
        _err("--update-baseline needs the whole set (--split all).")
        return 2
    settings = settings or SettingsClass()
    cases = load_cases(args.cases, args.split)
    corpus_text = corpus_text_for(settings)
    started = time.perf_counter()

    if args.url:
        http = HttpEngine(args.url)
        problem = http.ready()
        if problem:
            _err(f"The server is not ready: {problem}")
            return 2
        source: _Source | int = _Source(http, None, f"POST {http.base_url}/v1/ask")
    else:
        _err("Loading the model and the index…")
        source = _in_process(settings, args.ingest)
    if isinstance(source, int):
        return source

    _err(f"Asking {len(cases)} cases ({args.split}) via {source.label}…")
    result = run_cases(source.engine, cases, corpus_text, source.label)

    peer: PeerResult | None = None
    if args.peer:
        from evals.peer import run_peer

        embedder = source.embedder
        if embedder is None:
            from ingest.embedding import Embedder

            embedder = Embedder(settings.model_path, settings.embed_batch_size)
        _err("Running the peer (llama-index defaults)…")
        peer = run_peer(embedder, cases, corpus_text)

    groups = dict(result.groups)
    if args.split != "all":
        groups.pop("all", None)  # a subset is compared with its own split only
    violations = None
    baseline = None
    if args.gate:
        baseline = read_baseline(args.baseline)
        if baseline is None:
            _err(f"No baseline at {args.baseline}; create one with --update-baseline.")
            return 2
        violations = find_violations(baseline, groups, result.scores, float(args.tolerance))

    meta = {
        "split": args.split,
        "cases_file": str(args.cases),
        "total_seconds": round(time.perf_counter() - started, 3),
        "tolerance": float(args.tolerance),
    }
    paths = write_report(args.out, result, peer, violations, meta)

    print("## Headline\n")
    print(headline_table(result.groups))
    if peer is not None:
        print(f"\n## Peer: {peer.description} ({peer.seconds:.1f} s)\n")
        print(peer_table(result.groups, peer))
    print("\n## Per tag\n")
    print(tag_table(result.groups))
    print(f"\n## Failures ({len(result.failures)})\n")
    print(failures_markdown(result))
    if violations is not None:
        print(f"\n## Gate (tolerance {float(args.tolerance):.3f} absolute; latency not gated)\n")
        print(violations_markdown(violations))
    print(f"\nReport: {', '.join(str(p) for p in paths)}  ({time.perf_counter() - started:.1f} s)")

    if args.update_baseline:
        extra: dict[str, Any] = {"created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        if peer is not None:
            extra["peer"] = {
                "description": peer.description,
                "metrics": {
                    g: {k: getattr(m, k) for k in ("n_with_cite", "hit_at_1", "hit_at_5", "mrr")}
                    for g, m in peer.groups.items()
                },
            }
        document = make_baseline(result.groups, result.scores, extra)
        args.baseline.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"Baseline rewritten: {args.baseline}")
    return 1 if violations else 0


def _cmd_feedback(args: argparse.Namespace) -> int:
    source = Path(args.from_feedback)
    text = sys.stdin.read() if str(source) == "-" else source.read_text(encoding="utf-8")
    existing: set[str] = set()
    if args.append and Path(args.append).exists():
        raw = yaml.safe_load(Path(args.append).read_text(encoding="utf-8")) or []
        existing = {str(item.get("id")) for item in raw if isinstance(item, dict)}
    skeletons = feedback_to_yaml(parse_feedback(text), existing)
    print(skeletons, end="")
    if args.append and skeletons:
        target = Path(args.append)
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        separator = "" if not current or current.endswith("\n") else "\n"
        with target.open("a", encoding="utf-8") as handle:
            handle.write(separator + skeletons)
        _err(f"Appended to {target}; fill the TODOs before committing.")
    elif not skeletons:
        _err("Nothing new: every record is already a case.")
    return 0


def register(subparsers: Any) -> None:
    """Add the ``eval`` subcommand to the ``reportqa`` parser."""
    parser = subparsers.add_parser(
        "eval",
        help="run the regression cases, write evals/reports/, optionally gate against the baseline",
        description=(
            "Run evals/cases.yaml through the engine (in process, or a server with --url) and report. "
            f"--gate fails (exit 1) when a headline rate drops by more than {TOLERANCE} absolute or a case "
            "that passed in the baseline fails; latency is reported, not gated. "
            "--from-feedback turns recorded answers into case skeletons instead of running."
        ),
    )
    parser.add_argument("--split", choices=SPLITS, default="all", help="which cases to run (default all)")
    parser.add_argument("--url", help="ask a running server (e.g. http://127.0.0.1:8000) instead")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="report folder (default evals/reports/)"
    )
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help=argparse.SUPPRESS)
    parser.add_argument(
        "--ingest",
        action="store_true",
        help="run the (idempotent) ingest first: a fresh checkout needs no separate `reportqa ingest`",
    )
    parser.add_argument("--peer", action="store_true", help="also score llama-index's default pipeline")
    parser.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE, help="default evals/baseline.json")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help=argparse.SUPPRESS)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--gate", action="store_true", help="exit 1 on a regression against the baseline")
    mode.add_argument("--update-baseline", action="store_true", help="rewrite the baseline from this run")
    parser.add_argument(
        "--from-feedback",
        metavar="FILE",
        help="turn recorded answers (JSON object, list or JSON lines; - for stdin) into case skeletons",
    )
    parser.add_argument("--append", metavar="CASES_YAML", help="with --from-feedback: also append them here")
    parser.set_defaults(func=cmd_eval)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.runner")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["eval", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
