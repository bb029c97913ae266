"""What one eval run produced, as plain data shared by the runner, the report and the gate (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.scoring import Case, CaseScore, Metrics, Response


@dataclass(frozen=True)
class CaseRun:
    """One case, what came back for it, and its verdicts."""

    case: Case
    response: Response
    score: CaseScore


@dataclass(frozen=True)
class RunResult:
    """Every case of a run and the aggregates (``all``, ``split:*``, ``route:*``, ``tag:*``) over them."""

    runs: tuple[CaseRun, ...]
    groups: dict[str, Metrics]
    seconds: float = 0.0
    source: str = "in-process"

    @property
    def scores(self) -> list[CaseScore]:
        return [run.score for run in self.runs]

    @property
    def failures(self) -> list[CaseRun]:
        return [run for run in self.runs if not run.score.passed]


@dataclass(frozen=True)
class PeerResult:
    """The llama-index default pipeline's retrieval metrics over the same cases (only those that cite)."""

    groups: dict[str, Metrics]
    description: str
    chunks: int
    relocated: int = 0  # nodes whose start/end_char_idx did not match their text and were found by search
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
