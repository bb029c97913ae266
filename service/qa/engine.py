"""The question-answering engine behind every surface (HTTP, Slack, CLI, evals).

One path per question: a question set after the reports' date, or about another company, is refused first (no
rule of theirs holds for it);
then the calculator when it is a numeric question, else read (and screen: a request no report
answers is refused here, before search) → search → compose → judge (service/qa/answerable.py) → answer, or "the
report does not say".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ingest.bm25 import tokenize
from service.errors import BadQuestion, NotIngested
from service.qa import followup
from service.qa.answerable import Judge
from service.qa.compose import Composer, Composition, squash
from service.qa.locate import caption_start, find_normalised
from service.qa.retrieval import Filters, Hit, SearchIndex
from service.qa.timing import StageClock, measuring, stage
from service.qa.types import Answer, Citation, Route, Turn

MAX_QUESTION_CHARS = 2000
NOT_COVERED = (
    "The report does not say: no passage of the ingested reports answers that question "
    "(GET /v1/documents lists what is ingested)."
)


class NumericResult(Protocol):
    @property
    def route(self) -> Route: ...
    @property
    def text(self) -> str: ...
    @property
    def rules_cited(self) -> list[str]: ...
    @property
    def calculation(self) -> dict[str, Any] | None: ...
    @property
    def missing(self) -> list[str]: ...


NumericSolver = Callable[[str, Sequence[Turn]], NumericResult | None]

_NOTHING = Composition("", [])


@dataclass(frozen=True)
class RulePassage:
    """Where a calculator rule's sentence stands in the report."""

    doc_id: str
    section: str
    start: int
    end: int
    quote: str


def retrieval_query(question: str, history: Sequence[Turn]) -> str:
    """A follow-up ("and for a pension fund?") is resolved from the conversation (service/qa/followup.py)."""
    return followup.retrieval_question(question, history)


def locate_rules(
    index: SearchIndex, rules: Mapping[str, Sequence[str]], doc_id: str
) -> dict[str, RulePassage]:
    """Map each rule to the passage of the report it quotes: the span covering all its verbatim fragments, from the
    caption sentence that introduces it when it has one (a table's "The following table ...:")."""
    located: dict[str, RulePassage] = {}
    chunks = [c for c in index.chunks.values() if c.doc_id == doc_id]
    for rule_id, fragments in rules.items():
        for chunk in chunks:
            spans = [find_normalised(chunk.text, fragment) for fragment in fragments]
            found = [span for span in spans if span is not None]
            if not fragments or len(found) != len(fragments):
                continue
            first, last = min(a for a, _ in found), max(b for _, b in found)
            first = caption_start(chunk.text, first)
            quote = chunk.text[first:last]
            located[rule_id] = RulePassage(
                doc_id, chunk.section, chunk.start + first, chunk.start + last, quote
            )
            break
    return located


class Engine:
    """Answers one question at a time; holds no per-conversation state."""

    def __init__(
        self,
        index: SearchIndex | None,
        composer: Composer | None,
        judge: Judge,
        numeric: NumericSolver | None = None,
        rule_passages: Mapping[str, RulePassage] | None = None,
        top_k: int = 3,
        candidates: int = 20,
        rrf_k: int = 60,
        on_answer: Callable[[Answer], None] | None = None,
    ) -> None:
        """``on_answer`` sees every answer (the service counts them for /metrics)."""
        self.on_answer = on_answer
        self.index = index
        self.composer = composer
        self.judge = judge
        self.numeric = numeric
        self.rule_passages = dict(rule_passages or {})
        self.top_k = top_k
        self.candidates = candidates
        self.rrf_k = rrf_k

    @staticmethod
    def check_question(question: str) -> str:
        if not question.strip():
            raise BadQuestion("question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise BadQuestion(f"question is {len(question)} characters; the limit is {MAX_QUESTION_CHARS}")
        return question.strip()

    def search(self, query: str, top_k: int, filters: Filters | None = None) -> list[Hit]:
        if self.index is None:
            raise NotIngested("nothing is ingested yet; run `reportqa ingest` first")
        return self.index.search(
            self.check_question(query), top_k, max(self.candidates, top_k), self.rrf_k, filters
        )

    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Answer:
        with measuring() as clock:
            question = self.check_question(question)
            solved = None
            with stage(
                "route"
            ):  # law after the reports' date, another company: no rule of theirs computes it
                refused = not self.judge.screen_any_route(question).answers
            if self.numeric is not None and not refused:
                with stage("route"):
                    solved = self.numeric(question, history)
            if refused:
                answer = Answer(answer=NOT_COVERED, route="out_of_scope", timing_ms=clock.report())
            elif solved is not None:
                answer = self._numeric_answer(solved, clock)
            else:
                with stage("read"):
                    query = retrieval_query(question, history)
                found = self._retrieval_answer(query, top_k or self.top_k, filters, asked=question)
                answer = Answer(
                    answer=found.answer,
                    route=found.route,
                    citations=found.citations,
                    timing_ms=clock.report(),
                )
        if self.on_answer is not None:
            self.on_answer(answer)
        return answer

    def _numeric_answer(self, solved: NumericResult, clock: StageClock) -> Answer:
        citations: list[Citation] = []
        for n, rule_id in enumerate(solved.rules_cited, start=1):
            passage = self.rule_passages.get(rule_id)
            if passage is None:
                continue
            citations.append(
                Citation(
                    f"c{n}", passage.doc_id, passage.section, passage.quote, passage.start, passage.end, 1.0
                )
            )
        return Answer(
            answer=solved.text,
            route=solved.route,
            citations=citations,
            calculation=solved.calculation,
            missing=list(solved.missing),
            timing_ms=clock.report(),
        )

    def _retrieval_answer(
        self, question: str, top_k: int, filters: Filters | None, asked: str | None = None
    ) -> Answer:
        if self.index is None or self.composer is None:
            raise NotIngested("nothing is ingested yet; run `reportqa ingest` first")
        with stage("route"):
            screened = self.judge.screen(asked or question)
        if not screened.answers:  # decided from the question alone: nothing is read, embedded or searched
            return Answer(answer=NOT_COVERED, route="out_of_scope")
        with stage("read"):
            read = self.index.reader.read(question)
        with stage("embed"):
            vector = self.index.question_vector(read.search_text, self.judge.texts_to_embed(read))
        hits = self.index.search(
            read.search_text, max(top_k, 3), self.candidates, self.rrf_k, filters, vector=vector
        )
        composition = _NOTHING  # nothing to compose from: no passage found, or no word to look for
        if hits and tokenize(read.search_text):
            with stage("compose"):
                meaning = self.index.meaning(vector, hits)
                composition = self.composer.compose(read.search_text, hits, top_k, meaning)
        best_dense = max((h.dense for h in hits), default=0.0)
        with stage("judge"):
            known = [self.index.sentence_vector(q.hit.chunk, q.start, q.end) for q in composition.quotes]
            verdict = self.judge.judge(
                read, composition.quotes, best_dense, composition.coverage, asked, known
            )
        if not verdict.answers:
            return Answer(answer=NOT_COVERED, route="out_of_scope")
        citations = [
            Citation(
                id=f"c{n}",
                doc_id=q.hit.chunk.doc_id,
                section=q.hit.chunk.section,
                quote=q.text,
                start=q.start,
                end=q.end,
                score=round(q.hit.score, 6),
            )
            for n, q in enumerate(composition.quotes, start=1)
        ]
        return Answer(answer=composition.text, route="retrieval", citations=citations)


__all__ = [
    "Engine",
    "NumericSolver",
    "RulePassage",
    "locate_rules",
    "retrieval_query",
    "squash",
]
