"""`reportqa slack` (Socket Mode, no public URL needed) and `reportqa feedback export` (clicks → eval cases)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from service.settings import Settings
from service.slack.feedback import FeedbackLog, Rating, export_cases, feedback_dir

CASES_FILE = Path(__file__).resolve().parents[2] / "evals" / "cases.yaml"


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_slack(args: argparse.Namespace) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from service.runtime import Runtime
    from service.slack.bot import build_bolt_app

    settings = Settings()
    if settings.slack_bot_token is None or settings.slack_app_token is None:
        _err(
            "Socket Mode needs REPORTQA_SLACK_BOT_TOKEN (xoxb-…) and REPORTQA_SLACK_APP_TOKEN (xapp-…, "
            "with the connections:write scope). See the README's 'Slack bot' section."
        )
        return 2
    _err("Loading the embedding model and the index…")
    runtime = Runtime(settings)
    runtime.load()
    if runtime.error:
        _err(f"Warning: {runtime.error} — questions will get an apology until this is fixed.")
    bolt = build_bolt_app(settings, runtime.get_engine, socket_mode=True)
    handler = SocketModeHandler(bolt, settings.slack_app_token.get_secret_value())
    _err("Connected to Slack over Socket Mode; Ctrl-C stops.")
    handler.start()  # type: ignore[no-untyped-call]  # slack_bolt leaves start() unannotated
    return 0


def _existing_ids(path: Path) -> set[str]:
    import yaml

    if not path.exists():
        return set()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {str(item.get("id")) for item in raw if isinstance(item, dict)}


def cmd_feedback_export(args: argparse.Namespace) -> int:
    settings = Settings()
    log = FeedbackLog(feedback_dir(settings.data_dir))
    rating: Rating | None = None if args.rating == "all" else args.rating
    existing = _existing_ids(args.cases) if args.cases else set()
    skeletons, skipped = export_cases(log.clicks(), rating, existing)
    if skipped:
        _err(f"{skipped} click(s) have no recorded question (their answer log is gone); skipped.")
    if not skeletons:
        _err(f"Nothing to export from {log.feedback_path}.")
        return 0
    if args.out:
        args.out.write_text(skeletons, encoding="utf-8")
        _err(f"Wrote {args.out}; fill the TODOs, then move the cases into evals/cases.yaml.")
    else:
        print(skeletons, end="")
    return 0


def register(subparsers: Any) -> None:
    """Add ``slack`` and ``feedback export`` to the ``reportqa`` parser."""
    slack = subparsers.add_parser(
        "slack",
        help="run the Slack bot over Socket Mode (REPORTQA_SLACK_BOT_TOKEN, REPORTQA_SLACK_APP_TOKEN)",
    )
    slack.set_defaults(func=cmd_slack)
    feedback = subparsers.add_parser("feedback", help="Slack 👍/👎 feedback")
    actions = feedback.add_subparsers(dest="feedback_command", required=True)
    export = actions.add_parser(
        "export", help="recorded clicks → case skeletons for evals/cases.yaml (YAML with TODO markers)"
    )
    export.add_argument(
        "--rating", choices=["up", "down", "all"], default="all", help="which clicks (default all)"
    )
    export.add_argument("--out", type=Path, help="write the YAML here instead of stdout")
    export.add_argument(
        "--cases",
        type=Path,
        default=CASES_FILE,
        help="skip questions already in this cases file (default evals/cases.yaml)",
    )
    export.set_defaults(func=cmd_feedback_export)
