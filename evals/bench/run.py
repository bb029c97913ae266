"""`reportqa bench`: start-up, warm HTTP latency, large-corpus ingest, re-ingest, RSS and scale, measured.

Everything runs as it does in production: `reportqa serve` and `python -m ingest` in their own processes, asked
over HTTP on a free loopback port; peak RSS is each subprocess's VmHWM. The large corpus is the real report
plus `--docs` synthetic ones (evals/synthetic.py). Results go to evals/reports/bench/ as JSON and Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from evals.bench.proc import proc_cpu_seconds, proc_status_mb
from evals.bench.raw import raw_embedding
from evals.bench.stats import LatencySummary, latency_table, median, ratio, targets_table
from evals.bench.unseen import (
    ask_each_once,
    cpu_line,
    floor_seconds,
    stage_medians,
    stages_table,
    summarise_unseen,
    unseen_questions,
)
from evals.synthetic import generate, write_corpus
from service.settings import PROJECT_ROOT

DEFAULT_OUT = PROJECT_ROOT / "evals" / "reports" / "bench"
CASES = PROJECT_ROOT / "evals" / "cases.yaml"
REPORT_DOC_ID = "iij-20f-fy2004-item10"
ROUTES = ("retrieval", "calculator", "clarify", "out_of_scope")
READY_TIMEOUT = 300.0


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(corpus: Path, data: Path, chroma_url: str | None = None) -> dict[str, str]:
    env = {**os.environ, "REPORTQA_CORPUS_DIR": str(corpus), "REPORTQA_DATA_DIR": str(data)}
    env.pop("REPORTQA_CHROMA_URL", None)
    if chroma_url:
        env["REPORTQA_CHROMA_URL"] = chroma_url
    env.setdefault("ANONYMIZED_TELEMETRY", "False")
    # One loopback caller on purpose sends hundreds of requests a second: measure the service, not its limiter.
    env["REPORTQA_RATE_LIMIT_PER_MINUTE"] = "100000000"
    return env


# ---------------------------------------------------------------------------------------------- processes


class Service:
    """`reportqa serve` in a subprocess on a free loopback port; always stopped by `stop` (use `serving`)."""

    def __init__(self, corpus: Path, data: Path, log_path: Path, chroma_url: str | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log_path.open("wb")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=PROJECT_ROOT,
            env=_env(corpus, data, chroma_url),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> float:
        """Seconds from process start to the first /readyz 200."""
        import httpx

        deadline = self.started + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.perf_counter() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"reportqa serve exited with {self.process.returncode}")
                try:
                    if client.get(f"{self.url}/readyz").status_code == 200:
                        return time.perf_counter() - self.started
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"reportqa serve was not ready within {timeout:.0f} s")

    def peak_rss_mb(self) -> float | None:
        return proc_status_mb(self.process.pid)

    def cpu_seconds(self) -> float | None:
        return proc_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


@contextmanager
def serving(corpus: Path, data: Path, log_path: Path, chroma_url: str | None = None) -> Iterator[Service]:
    service = Service(corpus, data, log_path, chroma_url)
    try:
        yield service
    finally:
        service.stop()


@dataclass(frozen=True)
class IngestRun:
    seconds: float
    peak_rss_mb: float | None
    summary: str
    # user + system time of the child: what the run cost, whatever else the machine ran
    cpu_seconds: float = 0.0


def ingest_subprocess(corpus: Path, data: Path, log_path: Path) -> IngestRun:
    """`python -m ingest --quiet` timed from spawn to exit; peak RSS from the kernel's accounting of the child."""
    with log_path.open("ab") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "ingest", "--quiet"],
            cwd=PROJECT_ROOT,
            env=_env(corpus, data),
            stdout=subprocess.PIPE,
            stderr=log,
        )
        hwm: float | None = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            hwm = proc_status_mb(process.pid) or hwm
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out = process.stdout.read().decode() if process.stdout else ""
        if process.stdout:
            process.stdout.close()
    if process.returncode != 0:
        raise RuntimeError(f"ingest exited with {process.returncode}; see {log_path}")
    peak = max(usage.ru_maxrss / 1024, hwm or 0.0)  # ru_maxrss is in KB on Linux
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    return IngestRun(seconds, peak, summary, usage.ru_utime + usage.ru_stime)


# ---------------------------------------------------------------------------------------------- load


@dataclass(frozen=True)
class Question:
    route: str
    text: str


def pick_questions(cases_path: Path, per_route: int) -> list[Question]:
    """The first `per_route` single-turn dev cases of each route (cases.yaml order, so stable across runs)."""
    raw = yaml.safe_load(cases_path.read_text(encoding="utf-8")) or []
    chosen: dict[str, list[Question]] = defaultdict(list)
    for split in ("dev", "test"):
        for case in raw:
            route = case.get("route")
            if case.get("split") != split or case.get("history") or route not in ROUTES:
                continue
            if len(chosen[route]) < per_route:
                chosen[route].append(Question(route, case["question"]))
    return [q for route in ROUTES for q in chosen[route]]


@dataclass
class LoadRun:
    latencies: dict[str, list[float]]
    errors: dict[str, int]
    seconds: float
    samples: list[str]  # the first few error messages


def _ask(client: Any, question: Question) -> tuple[float, str | None]:
    started = time.perf_counter()
    try:
        reply = client.post("/v1/ask", json={"question": question.text})
    except Exception as exc:  # a transport error is an error of the run, not of the bench
        return (time.perf_counter() - started) * 1000, f"{type(exc).__name__}: {exc}"
    elapsed = (time.perf_counter() - started) * 1000
    if reply.status_code != 200:
        return elapsed, f"HTTP {reply.status_code}: {reply.text[:200]}"
    return elapsed, None


def drive(
    url: str,
    questions: Sequence[Question],
    concurrency: int,
    requests: int | None = None,
    seconds: float | None = None,
    seed: int = 0,
) -> LoadRun:
    """`concurrency` client threads asking the questions (shuffled, cycled) until `requests` or `seconds` run out."""
    import httpx

    order = list(questions)
    random.Random(seed).shuffle(order)  # noqa: S311 -- load order, not secrets
    lock = threading.Lock()
    counter = iter(range(10**12))
    run = LoadRun(defaultdict(list), defaultdict(int), 0.0, [])
    started = time.perf_counter()
    stop_at = started + seconds if seconds else None

    def next_question() -> Question | None:
        with lock:
            n = next(counter)
        if requests is not None and n >= requests:
            return None
        if stop_at is not None and time.perf_counter() >= stop_at:
            return None
        return order[n % len(order)]

    def client_loop() -> None:
        with httpx.Client(base_url=url, timeout=60.0) as client:
            while (question := next_question()) is not None:
                elapsed, error = _ask(client, question)
                with lock:
                    if error is None:
                        run.latencies[question.route].append(elapsed)
                    else:
                        run.errors[question.route] += 1
                        if len(run.samples) < 5:
                            run.samples.append(error)

    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run


def summarise(run: LoadRun) -> dict[str, Any]:
    out: dict[str, Any] = {}
    routes = sorted(set(run.latencies) | set(run.errors), key=lambda r: ROUTES.index(r) if r in ROUTES else 9)
    for route in routes:
        out[route] = asdict(LatencySummary.of(run.latencies[route], run.errors[route], run.seconds))
    everything = [x for values in run.latencies.values() for x in values]
    out["all"] = asdict(LatencySummary.of(everything, sum(run.errors.values()), run.seconds))
    out["errors"] = sum(run.errors.values())
    if run.samples:
        out["error_samples"] = run.samples
    return out


def checked_questions(url: str, questions: Sequence[Question]) -> tuple[list[Question], dict[str, float]]:
    """Ask each question once (first sight: nothing cached); keep those answered on their expected route."""
    import httpx

    kept: list[Question] = []
    first: dict[str, list[float]] = defaultdict(list)
    with httpx.Client(base_url=url, timeout=60.0) as client:
        for question in questions:
            started = time.perf_counter()
            reply = client.post("/v1/ask", json={"question": question.text})
            first[question.route].append((time.perf_counter() - started) * 1000)
            if reply.status_code == 200 and reply.json()["route"] == question.route:
                kept.append(question)
    return kept, {route: median(values) for route, values in first.items()}


# ---------------------------------------------------------------------------------------------- phases


def prepare_small(work: Path) -> tuple[Path, Path]:
    corpus, data = work / "small" / "corpus", work / "small" / "data"
    if not corpus.exists():
        shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    return corpus, data


def prepare_large(work: Path, docs: int, seed: int, keep: float) -> tuple[Path, Path]:
    """The real report plus `docs` synthetic ones; a corpus of another size or seed starts from scratch."""
    root = work / f"large-{docs}-s{seed}-k{keep}"
    corpus, data = root / "corpus", root / "data"
    if not (corpus / "manifest.yaml").exists():
        shutil.rmtree(root, ignore_errors=True)
        base = (PROJECT_ROOT / "corpus" / f"{REPORT_DOC_ID}.txt").read_text(encoding="utf-8")
        corpus.mkdir(parents=True)
        shutil.copy(PROJECT_ROOT / "corpus" / f"{REPORT_DOC_ID}.txt", corpus)
        original = yaml.safe_load((PROJECT_ROOT / "corpus" / "manifest.yaml").read_text(encoding="utf-8"))
        write_corpus(corpus, list(generate(base, docs, seed, keep)), original["documents"])
    return corpus, data


def measure_latency(
    url: str, questions: Sequence[Question], levels: Sequence[int], requests: int, rounds: int
) -> dict[str, Any]:
    """Per concurrency level: `rounds` runs of `requests` requests each, pooled into one summary."""
    out: dict[str, Any] = {}
    for level in levels:
        pooled = LoadRun(defaultdict(list), defaultdict(int), 0.0, [])
        for n in range(rounds):
            run = drive(url, questions, level, requests=max(requests, level * 4), seed=n)
            for route, values in run.latencies.items():
                pooled.latencies[route].extend(values)
            for route, count in run.errors.items():
                pooled.errors[route] += count
            pooled.seconds += run.seconds
            pooled.samples.extend(run.samples[: 5 - len(pooled.samples)])
        out[f"c{level}"] = summarise(pooled)
        _log(f"  concurrency {level}: " + json.dumps(out[f"c{level}"]["all"]))
    return out


def phase_small(args: argparse.Namespace, work: Path, logs: Path, results: dict[str, Any]) -> None:
    """One report: time to ready, warm latency per route and concurrency, the soak."""
    questions = pick_questions(CASES, args.per_route)
    small_corpus, small_data = prepare_small(work)
    _log(f"Ingesting the real report into {small_data}…")
    ingest_subprocess(small_corpus, small_data, logs / "ingest-small.log")
    ready: list[float] = []
    floor: list[float] = []
    for n in range(args.ready_runs):  # the service start and its floor side by side, under the same load
        with serving(small_corpus, small_data, logs / f"serve-small-{n}.log") as service:
            ready.append(service.wait_ready())
            results.setdefault("rss", {})["service_small_idle_mb"] = service.peak_rss_mb()
        floor.append(floor_seconds(_env(small_corpus, small_data), PROJECT_ROOT))
        _log(f"  ready after {ready[-1]:.2f} s; sentence-transformers import + model load {floor[-1]:.2f} s")
    results.setdefault("ready", {})["small"] = {
        "runs_s": ready,
        "median_s": median(ready),
        "floor_runs_s": floor,
        "floor_median_s": median(floor),
        "ratio_to_floor": ratio(median(ready), median(floor)),
    }

    everything = unseen_questions(CASES)
    results["unseen"] = {}
    for level in args.concurrency:  # a fresh service per level: every question is new to it
        with serving(small_corpus, small_data, logs / f"serve-small-unseen-c{level}.log") as service:
            service.wait_ready()
            cpu_before = service.cpu_seconds()
            run = ask_each_once(service.url, everything, level)
            cpu_after = service.cpu_seconds()
            results["unseen"][f"c{level}"] = summarise_unseen(run, ROUTES)
            if cpu_before is not None and cpu_after is not None and everything:
                cpu_ms = (cpu_after - cpu_before) * 1000 / len(everything)
                results["unseen"][f"c{level}"]["service_cpu_ms_per_question"] = round(cpu_ms, 2)
            if level == 1:
                results["unseen_stages"] = stage_medians(run)
            results["rss"][f"service_small_unseen_c{level}_mb"] = service.peak_rss_mb()
        _log(f"  unseen, concurrency {level}: " + json.dumps(results["unseen"][f"c{level}"]["all"]))

    with serving(small_corpus, small_data, logs / "serve-small-load.log") as service:
        service.wait_ready()
        kept, first_seen = checked_questions(service.url, questions)
        results["questions"] = {r: [q.text for q in kept if q.route == r] for r in ROUTES}
        results["first_seen_p50_ms"] = first_seen
        _log(f"Warm latency, {len(kept)} questions, concurrency {args.concurrency}…")
        results["latency"] = measure_latency(service.url, kept, args.concurrency, args.requests, args.rounds)
        if args.soak:
            _log(f"Soak: 16 clients for {args.soak:.0f} s…")
            soak = drive(service.url, kept, 16, seconds=args.soak)
            results["soak"] = {"seconds": args.soak, **summarise(soak)}
        results.setdefault("rss", {})["service_small_mb"] = service.peak_rss_mb()


def phase_ingest(args: argparse.Namespace, work: Path, logs: Path, results: dict[str, Any]) -> None:
    """The large corpus: first ingest against raw embedding, then unchanged re-ingests."""
    large_corpus, large_data = prepare_large(work, args.docs, args.seed, args.keep)
    saved = large_data.parent / "ingest-results.json"
    if args.fresh and large_data.exists():
        shutil.rmtree(large_data)
    _log(f"Ingesting the large corpus ({args.docs} synthetic reports + the real one) into {large_data}…")
    first = ingest_subprocess(large_corpus, large_data, logs / "ingest-large.log")
    _log(f"  {first.summary} in {first.seconds:.1f} s")
    if "embedded 0 " in first.summary and saved.exists():
        _log(f"  nothing was embedded: the first-ingest figures come from {saved} (use --fresh to redo)")
        results.update(json.loads(saved.read_text(encoding="utf-8")))
        results.setdefault("rss", {})
    else:
        _log(f"Raw embedding of the same chunk texts (sample {args.raw_sample or 'all'})…")
        raw = raw_embedding(large_data, args.raw_sample, args.batch_size, args.seed)
        chunks = int(first.summary.split("chunks ")[1].split()[0])
        rate = chunks / first.seconds
        results["ingest"] = {
            "documents": args.docs + 1,
            "chunks": chunks,
            "summary": first.summary,
            "seconds": first.seconds,
            "chunks_per_s": rate,
            "raw": raw,
            "raw_seconds_for_all_chunks": chunks / raw["chunks_per_s"],
            "throughput_ratio": ratio(rate, raw["chunks_per_s"]),
            # ingest embeds each distinct chunk text once: the same ratio counting only those
            "distinct_chunk_texts": raw["distinct_chunk_texts"],
            "throughput_ratio_distinct": ratio(
                raw["distinct_chunk_texts"] / first.seconds, raw["chunks_per_s"]
            ),
            # The same two rates on CPU time (one torch thread each side): a shared machine whose load changes
            # between the ingest and the raw pass moves the wall-clock ratio, not this one.
            "cpu_seconds": first.cpu_seconds,
            "throughput_ratio_cpu": ratio(chunks / first.cpu_seconds, raw["chunks_per_cpu_s"])
            if first.cpu_seconds
            else None,
        }
        results.setdefault("rss", {})["ingest_large_mb"] = first.peak_rss_mb
        saved.write_text(
            json.dumps(
                {"ingest": results["ingest"], "rss": {"ingest_large_mb": first.peak_rss_mb}}, indent=2
            ),
            encoding="utf-8",
        )
    again = [ingest_subprocess(large_corpus, large_data, logs / "ingest-large.log") for _ in range(3)]
    seconds = median([r.seconds for r in again])
    results["reingest"] = {
        "runs_s": [r.seconds for r in again],
        "median_s": seconds,
        "summary": again[-1].summary,
        "time_ratio": ratio(seconds, results["ingest"]["seconds"]),
        "peak_rss_mb": max(r.peak_rss_mb or 0 for r in again),
    }
    _log(f"  re-ingest {seconds:.1f} s ({again[-1].summary})")


def phase_large(args: argparse.Namespace, work: Path, logs: Path, results: dict[str, Any]) -> None:
    """Service with the large corpus: ready time, RSS, and retrieval p50 against one report, back to back."""
    large_corpus, large_data = prepare_large(work, args.docs, args.seed, args.keep)
    if not (large_data / "index.json").exists():
        raise RuntimeError(f"{large_data} is not ingested; run the ingest phase first")
    small_corpus, small_data = prepare_small(work)
    ingest_subprocess(small_corpus, small_data, logs / "ingest-small.log")
    retrieval = [q for q in pick_questions(CASES, args.per_route) if q.route == "retrieval"]
    everything = unseen_questions(CASES)
    p50: dict[str, dict[str, Any]] = {}
    unseen: dict[str, dict[str, Any]] = {}
    for name, corpus, data in (("small", small_corpus, small_data), ("large", large_corpus, large_data)):
        with serving(corpus, data, logs / f"serve-{name}-scale.log") as service:
            seconds = service.wait_ready()
            if name == "large":
                results.setdefault("ready", {})["large"] = {"median_s": seconds}
            unseen[name] = summarise_unseen(ask_each_once(service.url, everything, 1), ROUTES)
            checked_questions(service.url, retrieval)  # first sight: fill the query-vector cache alike
            p50[name] = measure_latency(service.url, retrieval, [1], args.requests, args.rounds)["c1"][
                "retrieval"
            ]
            results.setdefault("rss", {})[f"service_{name}_scale_mb"] = service.peak_rss_mb()
    results["rss"]["service_large_mb"] = results["rss"].pop("service_large_scale_mb")
    results["scale"] = {
        "reports_small": 1,
        "reports_large": args.docs + 1,
        "p50_small_ms": p50["small"]["p50"],
        "p50_large_ms": p50["large"]["p50"],
        "p95_small_ms": p50["small"]["p95"],
        "p95_large_ms": p50["large"]["p95"],
        "p50_ratio": ratio(p50["large"]["p50"], p50["small"]["p50"]),
        "unseen_retrieval_small": unseen["small"].get("retrieval"),
        "unseen_retrieval_large": unseen["large"].get("retrieval"),
        "unseen_p50_ratio": ratio(
            (unseen["large"].get("retrieval") or {}).get("p50"),
            (unseen["small"].get("retrieval") or {}).get("p50"),
        ),
    }


PHASES = {"small": phase_small, "ingest": phase_ingest, "large": phase_large}


def run_bench(args: argparse.Namespace) -> dict[str, Any]:
    work: Path = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    logs = args.out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()},
        "args": {k: str(v) for k, v in vars(args).items() if k != "func"},
    }
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        raise SystemExit(f"unknown phases {sorted(unknown)}; choose from {', '.join(PHASES)}")
    for name, phase in PHASES.items():
        if name in phases and (args.docs or name == "small"):
            _log(f"== phase {name}")
            phase(args, work, logs, results)
    results["machine"]["load_avg_at_end"] = os.getloadavg()
    return results


# ---------------------------------------------------------------------------------------------- report


def markdown(results: dict[str, Any]) -> str:
    parts = [
        "# reportqa benchmarks",
        "",
        f"Run {results['created']} · {results['machine']['cpus']} CPUs · load average at start "
        f"{', '.join(f'{x:.1f}' for x in results['machine']['load_avg_at_start'])}",
        "",
        "## Targets",
        "",
        targets_table(results),
        "",
        "## Questions never asked before, over HTTP (1 report)",
        "",
        "Every single-turn eval question asked once to a freshly started service (no cache hits), grouped by "
        "the route it was answered on; one fresh service per concurrency level.",
        "",
        latency_table(results.get("unseen", {})),
        "",
        cpu_line(results.get("unseen", {})),
        "",
        "Where the time goes at concurrency 1 (server-side `timing_ms`, p50 / p95 ms per stage):",
        "",
        stages_table(results.get("unseen_stages", {})),
        "",
        "## Repeated questions over HTTP (1 report; query vectors cached)",
        "",
        latency_table(results.get("latency", {})),
        "",
        "First sight of each question (query vector not yet cached), p50 ms: "
        + ", ".join(f"{k} {v:.1f}" for k, v in results.get("first_seen_p50_ms", {}).items()),
    ]
    if "soak" in results:
        soak = results["soak"]
        parts += ["", f"Soak: 16 clients for {soak['seconds']:.0f} s: {soak['all']['n']} requests, "
                  f"{soak['errors']} errors, p50 {soak['all']['p50']:.1f} ms, p99 {soak['all']['p99']:.1f} ms."]  # fmt: skip
    details: dict[str, Any] = {
        k: results[k] for k in ("ready", "ingest", "reingest", "rss", "scale") if k in results
    }
    details["load_avg_at_end"] = results["machine"].get("load_avg_at_end")
    parts += ["", "## Figures", "", "```json", json.dumps(details, indent=2), "```", ""]
    return "\n".join(parts)


def cmd_bench(args: argparse.Namespace) -> int:
    results = run_bench(args)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (args.out / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = markdown(results)
    (args.out / f"bench-{stamp}.md").write_text(text, encoding="utf-8")
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def register(subparsers: Any) -> None:
    """Add the ``bench`` subcommand to the ``reportqa`` parser."""
    parser = subparsers.add_parser(
        "bench",
        help="measure start-up, latency, large-corpus ingest, RSS and scale; writes evals/reports/bench/",
    )
    parser.add_argument(
        "--docs", type=int, default=100, help="synthetic reports in the large corpus (0: skip)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=float, default=0.4, help="share of the report's paragraphs each keeps")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--requests", type=int, default=120, help="requests per run and concurrency level")
    parser.add_argument("--rounds", type=int, default=3, help="runs per concurrency level (pooled)")
    parser.add_argument("--per-route", type=int, default=5, help="questions per route from evals/cases.yaml")
    parser.add_argument("--ready-runs", type=int, default=3)
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of 16 concurrent clients (e.g. 60)")
    parser.add_argument("--raw-sample", type=int, default=2000, help="chunks for raw embedding (0: all)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--fresh", action="store_true", help="delete the large corpus's index first")
    parser.add_argument(
        "--phases",
        default="small,ingest,large",
        help="any of small (1 report), ingest, large (comma-separated)",
    )
    parser.add_argument("--workdir", type=Path, default=DEFAULT_OUT / "work")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.set_defaults(func=cmd_bench)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["bench", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args))
