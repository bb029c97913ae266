"""Whether the passages of a composed answer answer the question: one judge, one typed verdict.

The engine reads the question and asks `Judge.screen` for the verdict the question alone decides: a request
no report text answers whatever is found (live market data, advice) is refused there, before any search. Otherwise
it searches, composes, then calls `Judge.judge` once; on a verdict that does not answer it says "the report does
not say". `judge` runs its checks in one order, each on what the one before left:

1. the evidence: passages found, close enough to the question (dense similarity), and quotes that cover enough of
   its subject; thresholds calibrated on the dev split of the evals;
2. the quotes: on the question's subject, not about a concept the reports lack, of the kind asked for (a date for
   "when was …?"), and not from a discussion that says it leaves the asker out.

Its internals, called from here only: service/qa/scope.py (the request, the subject and its words, the kind of
answer), which uses service/qa/evidence.py (words in the question's sense), service/qa/asks.py (the kind of
answer asked for) and service/qa/disclaimers.py (whom a report's discussion leaves out). Without a `Scope`
(setting `abstain_scope` off) only the thresholds decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy.typing as npt

from service.qa.compose import Quote
from service.qa.query import ReadQuestion
from service.qa.scope import Passage, Scope, request_no_report_answers
from service.qa.verdict import ANSWERS, Reason, Verdict


@dataclass(frozen=True)
class Thresholds:
    """When the evidence is too weak to answer; calibrated on the dev split of the evals (service/settings.py).

    Weak evidence: the best passage is far from the question, or the best quote covers too little of it. A question
    with a subject word no report contains ("CEO", "revenue guidance") can be made to need stronger dense evidence.
    """

    min_dense: float
    min_coverage: float
    min_dense_with_unknown: float = 0.0

    def weak(
        self, dense: float, coverage: float, unknown_words: int = 0, whole_subject: bool = False
    ) -> Reason | None:
        """Why the evidence is too weak, or None. ``whole_subject``: the best quote holds every subject word of the
        question, so a low dense similarity (a question of a few words against a long passage) is no reason to
        doubt it."""
        if unknown_words and dense < self.min_dense_with_unknown:
            return Reason.UNKNOWN_WORD
        if dense < self.min_dense and not whole_subject:
            return Reason.DISTANT
        if coverage < self.min_coverage:
            return Reason.THIN
        return None

    def abstains(
        self, dense: float, coverage: float, unknown_words: int = 0, whole_subject: bool = False
    ) -> bool:
        """Whether the evidence is too weak to answer (`weak` says why)."""
        return self.weak(dense, coverage, unknown_words, whole_subject) is not None


@dataclass(frozen=True)
class Judge:
    """Tells whether the quotes of a composed answer answer the question: the one entry point is `judge`.

    With a `Scope`, coverage counts only the question's subject words in the question's sense, and a quote holding
    all of them, or a rare name a terse question asks about (`Scope.rare_name_quoted`), is evidence however far
    its passage is from a terse question.
    """

    thresholds: Thresholds
    scope: Scope | None = None

    def screen(self, asked: str) -> Verdict:
        """The verdict the question alone decides, before any search: a request no report text answers (live
        market data, advice) or a tax no report discusses is refused whatever the passages would say. ``asked``:
        the user's own words this turn (a follow-up is screened for what it asks, not for the conversation it was
        resolved from)."""
        if self.scope is None:
            return ANSWERS
        return Verdict(
            request_no_report_answers(asked)
            or self.scope.other_tax(asked)
            or self.screen_any_route(asked).reason
        )

    def screen_any_route(self, asked: str) -> Verdict:
        """Part of `screen` that holds for the calculator too: a question set in a year after any the reports
        state ("under the 2019 protocol") asks for law the reports cannot give, and one about another company's
        securities for rules they do not state; their rules cannot compute either."""
        if self.scope is None:
            return ANSWERS
        return Verdict(self.scope.after_the_reports(asked) or self.scope.other_issuer(asked))

    def texts_to_embed(self, read: ReadQuestion) -> list[str]:
        """Texts `judge` may embed for ``read`` whatever the passages are (none without a `Scope`): embedded with the
        question's vector, in the same pass, they are not embedded again one by one."""
        return [] if self.scope is None else self.scope.texts_to_embed(read)

    def judge(
        self,
        read: ReadQuestion,
        quotes: Sequence[Quote],
        dense: float,
        coverage: float,
        asked: str | None = None,
        quote_vectors: Sequence[npt.NDArray[Any] | None] = (),
    ) -> Verdict:
        """The verdict on answering ``read`` with ``quotes`` (none when nothing was found to compose from).

        ``dense`` is the best passage similarity; ``coverage`` the best share of the question's terms any candidate
        sentence holds (not only the quoted ones: the composer may prefer a sentence for its meaning); ``asked``:
        the user's own words, when ``read`` is a follow-up resolved from the conversation; ``quote_vectors``: the
        quotes' vectors where the index holds them (whole sentences of a report), so they are not embedded again.
        What the question alone decides (`screen`) was decided before search and is not judged again.
        """
        if not quotes:
            return Verdict(Reason.NO_PASSAGES)
        if self.scope is None:
            return Verdict(self.thresholds.weak(dense, coverage, len(read.unknown)))
        vectors = list(quote_vectors) or [None] * len(quotes)
        passages = [
            Passage(q.text, q.hit.chunk.section, q.hit.chunk.doc_id, v)
            for q, v in zip(quotes, vectors, strict=True)
        ]
        matched = self.scope.matched(read, passages)  # words read and subject matched once, for both steps
        support = self.scope.support(read, passages, matched)
        # with no subject terms (only names, numbers, question words) the composer's coverage is all there is
        share, whole = (support.coverage, support.complete) if support else (coverage, False)
        whole = whole or self.scope.rare_name_quoted(matched, passages)
        weak = self.thresholds.weak(dense, share, len(read.unknown), whole)
        if weak is not None:
            return Verdict(weak)
        return self.scope.answered(read, passages, asked, matched)


__all__ = ["ANSWERS", "Judge", "Reason", "Thresholds", "Verdict"]
