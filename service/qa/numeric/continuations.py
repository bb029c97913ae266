"""Which function a follow-up goes to when its own words route elsewhere, or nowhere: rows of data, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Continuation:
    """In a follow-up: a message routed to ``alone`` on its own words (``None``: to nothing), after a turn
    answered by ``before`` (``None``: by any function), continues that turn's function unless ``unless`` occurs."""

    alone: str | None
    before: str | None = None
    unless: re.Pattern[str] | None = None

    def holds(self, alone: str | None, before: str, question: str) -> bool:
        return (
            alone == self.alone
            and self.before in {None, before}
            and (self.unless is None or not self.unless.search(question))
        )


CONTINUATIONS: tuple[Continuation, ...] = (
    # "and if it had owned 60% for two years?": nothing to calculate alone, so the previous calculation goes on
    Continuation(None),
    # "and for a corporation?" after an amount: still the amounts, not just the rate
    Continuation("jp_withholding_rate", before="jp_withholding_amounts"),
    # a new dividend after a U.S.-tax answer keeps the U.S. side, unless it asks for the withholding
    Continuation("jp_withholding_amounts", before="us_dividend_tax", unless=re.compile(r"withh|japan", re.I)),
)


def continued(alone: str | None, before: str, question: str) -> str | None:
    """The function a follow-up goes to: ``before``'s, when a continuation holds; else its own."""
    return before if any(c.holds(alone, before, question) for c in CONTINUATIONS) else alone
