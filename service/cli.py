"""The `reportqa` command: ingest, ask, serve (and, from their own modules, eval and bench)."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from pydantic import ValidationError

from service.errors import ReportQAError
from service.settings import Settings

EXIT_SKIPPED = 3  # `reportqa ingest --strict`: the index was written, but a corpus file was skipped


def _settings(overrides: dict[str, Any] | None = None) -> Settings:
    return Settings(**(overrides or {}))


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ingest.embedding import Embedder
    from ingest.onnx_encoder import keep_graph
    from ingest.pipeline import run_ingest
    from ingest.store import VectorStore

    settings = _settings()
    print(
        f"Loading the embedding model and opening the store ({settings.chroma_url or settings.data_dir})…",
        file=sys.stderr,
    )
    model = Embedder(settings.model_path, settings.embed_batch_size, threads=settings.ingest_threads)
    store = VectorStore(settings.collection, settings.data_dir, settings.chroma_url)
    interactive = sys.stderr.isatty() and not args.quiet
    bar = tqdm(total=0, unit="chunk", desc="embedding", disable=not interactive)

    def progress(done: int, total: int) -> None:
        if interactive:
            bar.total = total
            bar.n = done
            bar.refresh()
        elif not args.quiet:  # logs and pipes get one plain line per batch
            print(f"embedded {done}/{total}", file=sys.stderr, flush=True)

    report = run_ingest(settings.corpus_dir, settings.data_dir, store, model, settings.chunk_tokens, progress)
    bar.close()
    # The service's ONNX graph of the same model (ingest/onnx_encoder.py), so that it starts by reading it.
    if keep_graph(model.model_path, settings.data_dir, model.identity.digest):
        print("wrote the service's embedding graph", file=sys.stderr)
    for line in report.repairs:
        print(f"repair: {line}", file=sys.stderr)
    if report.leftovers_removed:
        print(
            f"repair: removed {report.leftovers_removed} temporary file(s) of an interrupted ingest",
            file=sys.stderr,
        )
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.problems:
        print(f"problem: {line}", file=sys.stderr)
    print(report.summary())
    if args.strict and report.files_skipped:
        print(
            f"--strict: {len(report.files_skipped)} corpus file(s) were skipped (see above); exit {EXIT_SKIPPED}",
            file=sys.stderr,
        )
        return EXIT_SKIPPED
    return 0


def _print_answer(answer: Any) -> None:
    print(answer.answer)
    if answer.missing:
        print(f"\nTo answer, I need: {', '.join(answer.missing)}")
    if answer.citations:
        print("\nSources:")
        for n, c in enumerate(answer.citations, start=1):
            quote = " ".join(c.quote.split())
            print(f"  [{n}] {c.doc_id} — {c.section} (chars {c.start}–{c.end})\n      “{quote}”")
    if answer.calculation:
        calc = answer.calculation
        print(f"\nCalculation: {calc['function']} → {calc['status']}")
        for step in calc.get("steps", []):
            print(f"  · {step}")


def cmd_ask(args: argparse.Namespace) -> int:
    from ingest.snapshot import snapshot_path
    from service.runtime import Runtime

    settings = _settings()
    if not snapshot_path(settings.data_dir).exists():
        print(
            f"Nothing is ingested in {settings.data_dir} yet. Run `reportqa ingest` first.", file=sys.stderr
        )
        return 2
    runtime = Runtime(settings)
    runtime.load()
    engine = runtime.get_engine()  # a refused index raises its ReportQAError: one line, below
    from service.qa.retrieval import Filters

    filters = Filters(args.doc_id, args.company, args.fiscal_year)
    answer = engine.ask(args.question, filters=None if filters.is_empty() else filters)
    if args.json:
        print(json.dumps(asdict(answer), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app
    from service.serving import uvicorn_config

    overrides: dict[str, Any] = {}
    if args.host:
        overrides["host"] = args.host
    if args.port:
        overrides["port"] = args.port
    settings = _settings(overrides)
    if settings.binds_publicly and not settings.api_keys:
        print(
            f"Refusing to listen on {settings.host} without API keys: set REPORTQA_API_KEYS, "
            "or serve on 127.0.0.1.",
            file=sys.stderr,
        )
        return 2
    from service.logging import configure_logging

    configure_logging()  # JSON lines for uvicorn and reportqa alike; reportqa writes the access log itself
    # the client address from the socket unless proxies are trusted; a deadline for reading each request
    server = uvicorn.Server(uvicorn_config(create_app(settings), settings))
    server.run()
    return 0 if server.started else 1  # e.g. the port is taken (uvicorn logged why)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reportqa", description="Question answering over annual reports.")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser(
        "ingest", help="ingest corpus/ into the index (only new or changed text is embedded)"
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument(
        "--strict",
        action="store_true",
        help=f"exit {EXIT_SKIPPED} when any corpus file was skipped (for CI, cron)",
    )
    ingest.set_defaults(func=cmd_ingest)
    ask = sub.add_parser("ask", help="ask one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the /v1/ask JSON response")
    ask.add_argument("--doc-id", help="search only this report (see GET /v1/documents)")
    ask.add_argument("--company", help="search only this company's reports (as in corpus/manifest.yaml)")
    ask.add_argument("--fiscal-year", type=int, help="search only reports of this fiscal year")
    ask.set_defaults(func=cmd_ask)
    serve = sub.add_parser("serve", help="run the HTTP service (127.0.0.1:8000 by default)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)
    from evals.runner import register as register_eval

    register_eval(sub)
    from evals.bench.run import register as register_bench

    register_bench(sub)
    from service.slack.commands import register as register_slack

    register_slack(sub)
    return parser


def _quiet_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush of what no one reads cannot fail again
    (the recipe in Python's documentation of the signal module, "Note on SIGPIPE")."""
    # stdout may be no file (captured in process): then nothing will flush it to a closed pipe either
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        status = int(args.func(args))
        sys.stdout.flush()  # a reader that went away ("… | head -1") shows here, not at interpreter exit
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return 141  # 128 + SIGPIPE, what a shell tool killed by the closed pipe would return
    except ValidationError as exc:
        print(describe_settings_error(exc), file=sys.stderr)
        return 2
    except ReportQAError as exc:
        print(f"Error: {exc}" + (f" ({exc.detail})" if exc.detail else ""), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; the previous index is still in place.", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback on the command line; the words say what failed
        print(f"Error: {args.command} failed unexpectedly: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def describe_settings_error(exc: ValidationError) -> str:
    """One line per bad setting, named as its environment variable; never the value (it may be a key)."""
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        name = "_".join(str(part) for part in error["loc"][:1]).upper()
        lines.append(f"Bad setting{f' REPORTQA_{name}' if name else ''}: {error['msg']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
