"""Pure scoring of reportqa answers against the regression cases: data in, numbers out (no I/O).

Definitions (the runner and the report rely on them):

* A citation is *valid* when ``0 <= start < end <= len(corpus)`` and ``quote == corpus[start:end]``.
* A citation *hits* an expected passage when the two spans overlap by at least half of the shorter span
  (:func:`citation_hit`). Only valid citations can hit.
* ``cite_ok``: every expected passage of the case is hit by at least one of the answer's citations.
* ``first_hit_rank``: 1-based position of the first answer citation that hits any expected passage; it drives
  hit@1, hit@5 and MRR, computed over the cases that expect a citation.
* ``missing_ok``: the set of missing fields equals the expected set; only checked for clarify cases or cases
  that list ``missing`` (a calculator answer may carry partial ``missing`` information).
* ``passed`` = route_ok and facts_ok and numbers_ok and missing_ok and cite_ok. An expected out_of_scope case
  has no facts, numbers or citations, so it passes exactly when the route is out_of_scope.
* Abstention: positive = out_of_scope. Precision = expected-and-returned / returned; recall =
  expected-and-returned / expected.
* Metrics whose denominator is empty are ``None`` (not 0): "not measured" is not "failed".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal, cast

from evals.locate import PassageNotFoundError, locate, normalise_ws

__all__ = [
    "ROUTES",
    "Case",
    "CaseScore",
    "Citation",
    "Metrics",
    "PassageNotFoundError",
    "Response",
    "Turn",
    "aggregate",
    "aggregate_by_group",
    "citation_hit",
    "citation_valid",
    "facts_absent",
    "facts_present",
    "locate",
    "normalise_numbers",
    "normalise_ws",
    "number_forms",
    "numbers_missing",
    "numbers_present",
    "percentile",
    "score_case",
]

Route = Literal["retrieval", "calculator", "clarify", "out_of_scope"]
ROUTES: tuple[Route, ...] = ("retrieval", "calculator", "clarify", "out_of_scope")
ABSTAIN: Route = "out_of_scope"


# ---------------------------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class Turn:
    """One earlier message of a follow-up conversation."""

    role: str
    content: str


@dataclass(frozen=True)
class Case:
    """One regression question and what a correct answer must contain."""

    id: str
    split: str
    question: str
    route: str
    facts: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    cite: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    history: tuple[Turn, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Case:
        """Build a case from one parsed YAML mapping; raises ``ValueError`` naming the bad field."""

        def text(key: str) -> str:
            value = data.get(key)
            if not isinstance(value, str) or not value:
                raise ValueError(f"case {data.get('id')!r}: {key!r} must be a non-empty string")
            return value

        def strings(key: str) -> tuple[str, ...]:
            value = data.get(key, [])
            if value is None:
                return ()
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"case {data.get('id')!r}: {key!r} must be a list of strings")
            return tuple(cast(list[str], value))

        raw_history = data.get("history", []) or []
        if not isinstance(raw_history, list):
            raise ValueError(f"case {data.get('id')!r}: 'history' must be a list")
        history: list[Turn] = []
        for turn in raw_history:
            if not isinstance(turn, Mapping):
                raise ValueError(f"case {data.get('id')!r}: each history turn must be a mapping")
            role, content = turn.get("role"), turn.get("content")
            if role not in ("user", "assistant") or not isinstance(content, str):
                raise ValueError(f"case {data.get('id')!r}: history turns need role and content")
            history.append(Turn(role=str(role), content=content))
        return cls(
            id=text("id"),
            split=text("split"),
            question=text("question"),
            route=text("route"),
            facts=strings("facts"),
            numbers=strings("numbers"),
            cite=strings("cite"),
            missing=strings("missing"),
            tags=strings("tags"),
            history=tuple(history),
        )


@dataclass(frozen=True)
class Citation:
    """A citation as returned by /v1/ask (only the fields scoring needs are required)."""

    quote: str
    start: int
    end: int
    id: str = ""
    doc_id: str = ""
    section: str = ""
    score: float = 0.0


@dataclass(frozen=True)
class Response:
    """What the system answered for one case (``error`` set when the call itself failed)."""

    answer: str
    route: str
    citations: tuple[Citation, ...] = ()
    missing: tuple[str, ...] = ()
    latency_ms: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class CaseScore:
    """The verdicts for one case; aggregates are computed from these alone."""

    case_id: str
    split: str
    tags: tuple[str, ...]
    expected_route: str
    returned_route: str
    route_ok: bool
    facts_ok: bool
    numbers_ok: bool
    missing_ok: bool
    cite_ok: bool
    passed: bool
    expects_citation: bool
    expects_numbers: bool
    first_hit_rank: int | None
    citations_total: int
    citations_valid: int
    latency_ms: float | None
    absent_facts: tuple[str, ...] = ()
    absent_numbers: tuple[str, ...] = ()
    unhit_passages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metrics:
    """Aggregate metrics over a group of case scores; ``None`` where the denominator is empty."""

    n: int
    pass_rate: float | None
    route_accuracy: float | None
    n_with_cite: int
    hit_at_1: float | None
    hit_at_5: float | None
    mrr: float | None
    citation_validity: float | None
    abstention_precision: float | None
    abstention_recall: float | None
    n_with_numbers: int
    numeric_exactness: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    # numeric questions (expected calculator or clarify) answered with the right figure or the right clarify,
    # citations aside; and out-of-scope questions answered with a quote as if it answered them
    numeric_right: float | None = None
    quoted_out_of_scope: int = 0


# ---------------------------------------------------------------------------------------------- numbers

_NUMBER = re.compile(
    r"""
    (?P<sign>(?<![^\s(\[:=])[-−])?                      # a sign only at the start of a token
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    (?:
        (?P<pct>\s*(?:%|percent\b|per\s+cent\b))
      | (?P<mult>(?:k|m|bn)\b|\s*(?:thousand|million|billion)\b)
    )?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MULTIPLIERS = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}


def _canon(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _forms(match: re.Match[str]) -> set[str]:
    try:
        value = Decimal(match.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only admits digits
        return set()
    negative = bool(match.group("sign"))
    if match.group("pct"):
        forms = {_canon(value) + "%"}
    else:
        mult = match.group("mult")
        if mult:
            value *= _MULTIPLIERS[mult.strip().lower()]
        forms = {_canon(value)}
        if not mult and "." in match.group("num") and 0 < value < 1:
            forms.add(_canon(value * 100) + "%")  # 0.10 is a rate: the same as 10%
    if value == 0:
        return {"0", "0%"}  # nothing is nothing in any unit: ¥0 withheld == a 0% rate
    if negative:
        forms |= {"-" + f for f in forms}
    return forms


def normalise_numbers(text: str) -> set[str]:
    """Every number in ``text`` in canonical form.

    Currency marks and thousands separators are dropped (``¥1,000,000``, ``1,000,000 yen``, ``JPY 1m`` →
    ``1000000``); trailing zeros go (``$1,363.640`` → ``1363.64``); percentages keep a ``%`` (``10 percent`` →
    ``10%``), and a bare fraction below one also counts as a percentage (``0.10`` → ``0.1`` and ``10%``).
    A negative number also yields its magnitude (``-20`` → ``-20`` and ``20``); zero in any unit is
    ``{"0", "0%"}``.
    """
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        found |= _forms(match)
    return found


def number_forms(expected: str) -> set[str]:
    """The canonical forms of one expected number; ``ValueError`` if it holds no number or several."""
    matches = list(_NUMBER.finditer(expected))
    if len(matches) != 1:
        raise ValueError(f"expected number {expected!r} must contain exactly one number")
    return _forms(matches[0])


def numbers_missing(expected: Sequence[str], answer_text: str) -> tuple[str, ...]:
    """The expected numbers that do not appear in the answer (compared in canonical form)."""
    present = normalise_numbers(answer_text)
    return tuple(e for e in expected if not (number_forms(e) & present))


def numbers_present(expected: Sequence[str], answer_text: str) -> bool:
    """True when every expected number appears in the answer text."""
    return not numbers_missing(expected, answer_text)


# ---------------------------------------------------------------------------------------------- facts

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "–": "-"})


def _fold(text: str) -> str:
    return normalise_ws(text.translate(_QUOTES)).casefold()


def facts_absent(facts: Sequence[str], answer_text: str) -> tuple[str, ...]:
    """The fact phrases not found in the answer (case-, whitespace- and typographic-quote-insensitive)."""
    folded = _fold(answer_text)
    return tuple(f for f in facts if _fold(f) not in folded)


def facts_present(facts: Sequence[str], answer_text: str) -> bool:
    """True when every fact phrase appears in the answer."""
    return not facts_absent(facts, answer_text)


# ---------------------------------------------------------------------------------------------- citations


def citation_hit(citation_span: tuple[int, int], expected_span: tuple[int, int]) -> bool:
    """True when the spans overlap by at least 50% of the shorter one (empty spans never hit)."""
    (c_start, c_end), (e_start, e_end) = citation_span, expected_span
    shorter = min(c_end - c_start, e_end - e_start)
    if shorter <= 0:
        return False
    overlap = min(c_end, e_end) - max(c_start, e_start)
    return overlap * 2 >= shorter


def citation_valid(citation: Citation, corpus_text: str) -> bool:
    """True when the offsets are in range and ``quote == corpus_text[start:end]`` exactly."""
    if not (0 <= citation.start < citation.end <= len(corpus_text)):
        return False
    return corpus_text[citation.start : citation.end] == citation.quote


# ---------------------------------------------------------------------------------------------- one case


def score_case(case: Case, response: Response, corpus_text: str) -> CaseScore:
    """Score one answer. Raises :class:`PassageNotFoundError` if an expected passage is not in the corpus."""
    expected_spans = [locate(corpus_text, passage) for passage in case.cite]
    failed = response.error is not None
    answer = "" if failed else response.answer

    route_ok = not failed and response.route == case.route
    absent_facts = facts_absent(case.facts, answer)
    absent_numbers = numbers_missing(case.numbers, answer)
    if case.route == "clarify" or case.missing:
        missing_ok = not failed and set(response.missing) == set(case.missing)
    else:
        missing_ok = True

    citations = () if failed else response.citations
    is_valid = [citation_valid(c, corpus_text) for c in citations]
    valid = [c for c, ok in zip(citations, is_valid, strict=True) if ok]
    first_hit_rank: int | None = None
    for rank, (citation, ok) in enumerate(zip(citations, is_valid, strict=True), start=1):
        if ok and any(citation_hit((citation.start, citation.end), span) for span in expected_spans):
            first_hit_rank = rank
            break
    unhit = tuple(
        passage
        for passage, span in zip(case.cite, expected_spans, strict=True)
        if not any(citation_hit((c.start, c.end), span) for c in valid)
    )
    cite_ok = not unhit

    facts_ok, numbers_ok = not absent_facts, not absent_numbers
    return CaseScore(
        case_id=case.id,
        split=case.split,
        tags=case.tags,
        expected_route=case.route,
        returned_route="" if failed else response.route,
        route_ok=route_ok,
        facts_ok=facts_ok,
        numbers_ok=numbers_ok,
        missing_ok=missing_ok,
        cite_ok=cite_ok,
        passed=route_ok and facts_ok and numbers_ok and missing_ok and cite_ok,
        expects_citation=bool(case.cite),
        expects_numbers=bool(case.numbers),
        first_hit_rank=first_hit_rank,
        citations_total=len(citations),
        citations_valid=len(valid),
        latency_ms=response.latency_ms,
        absent_facts=absent_facts,
        absent_numbers=absent_numbers,
        unhit_passages=unhit,
    )


# ---------------------------------------------------------------------------------------------- aggregates


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (``pct`` in (0, 100]); ``None`` for no values."""
    if not values:
        return None
    if not 0 < pct <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {pct}")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def aggregate(scores: Sequence[CaseScore]) -> Metrics:
    """Metrics over one group of scored cases."""
    cited = [s for s in scores if s.expects_citation]
    ranks = [s.first_hit_rank for s in cited]
    returned_abstain = [s for s in scores if s.returned_route == ABSTAIN]
    expected_abstain = [s for s in scores if s.expected_route == ABSTAIN]
    both_abstain = sum(1 for s in expected_abstain if s.returned_route == ABSTAIN)
    numeric = [s for s in scores if s.expects_numbers]
    figures = [s for s in scores if s.expected_route in ("calculator", "clarify")]
    latencies = [s.latency_ms for s in scores if s.latency_ms is not None]
    return Metrics(
        n=len(scores),
        pass_rate=_ratio(sum(s.passed for s in scores), len(scores)),
        route_accuracy=_ratio(sum(s.route_ok for s in scores), len(scores)),
        n_with_cite=len(cited),
        hit_at_1=_ratio(sum(1 for r in ranks if r is not None and r <= 1), len(cited)),
        hit_at_5=_ratio(sum(1 for r in ranks if r is not None and r <= 5), len(cited)),
        mrr=(sum(1 / r for r in ranks if r is not None) / len(cited)) if cited else None,
        citation_validity=_ratio(
            sum(s.citations_valid for s in scores), sum(s.citations_total for s in scores)
        ),
        abstention_precision=_ratio(both_abstain, len(returned_abstain)),
        abstention_recall=_ratio(both_abstain, len(expected_abstain)),
        n_with_numbers=len(numeric),
        numeric_exactness=_ratio(sum(s.numbers_ok for s in numeric), len(numeric)),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        numeric_right=_ratio(
            sum(s.route_ok and s.numbers_ok and s.missing_ok and s.facts_ok for s in figures), len(figures)
        ),
        quoted_out_of_scope=sum(1 for s in expected_abstain if s.returned_route == "retrieval"),
    )


def aggregate_by_group(scores: Iterable[CaseScore]) -> dict[str, Metrics]:
    """Metrics for ``all``, each ``split:<name>``, each ``route:<expected route>`` and each ``tag:<tag>``."""
    groups: dict[str, list[CaseScore]] = {"all": []}
    for score in scores:
        keys = ["all", f"split:{score.split}", f"route:{score.expected_route}"]
        keys += [f"tag:{tag}" for tag in score.tags]
        for key in keys:
            groups.setdefault(key, []).append(score)
    return {key: aggregate(members) for key, members in sorted(groups.items())}
