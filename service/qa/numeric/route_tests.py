"""The named tests the routing table (service/qa/numeric/routes.py) runs on a message, for what a cue pattern or a
fact list cannot say ("asks for a figure", "the asking sentence is about the U.S. side"), and the message as they
read it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from service.qa.numeric.cues import (
    AMOUNT_KEYS,
    HOLDS_A_STAKE,
    NOT_STATED_TOPICS,
    PERSONAL,
    RATE_WORDS,
    asked_side,
    dated,
)
from service.qa.numeric.table_rows import NO_TREATY, rows_named
from service.qa.readers.numbers import parse_numbers


@dataclass(frozen=True)
class Reading:
    """A message as the routes test it: its text, lower-cased text and facts."""

    text: str
    facts: Mapping[str, Any]

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def figures(self) -> int:
        """How many numbers the message states, percentages aside."""
        return sum(1 for n in parse_numbers(self.text) if not n.is_pct)

    @cached_property
    def side(self) -> str | None:
        return asked_side(self.text)

    @cached_property
    def _cues_found(self) -> dict[re.Pattern[str], bool]:
        return {}

    def has(self, cue: re.Pattern[str]) -> bool:
        """Whether ``cue`` occurs in the lower-cased message; searched once per message, as rows share cues."""
        found = self._cues_found.get(cue)
        if found is None:
            found = self._cues_found[cue] = cue.search(self.lower) is not None
        return found


_ASKS_FIGURE = re.compile(
    RATE_WORDS.pattern + r"|\b(?:qualify|eligible|is\s+iij|would\s+iij)\b|"
    r"\b(?:max(?:imum)?|highest|top)\s+(?:japanese\s+|japan\s+)?(?:withholding|w/h|wht)\b|"
    # "what Japanese withholding applies?", "how much withholding?": the withholding itself asked for
    r"\b(?:what|which|how\s+much)\s+(?:japanese\s+|japan\s+|dividend\s+)?(?:withholding|w/h|wht)\b|"
    # "what does Japan withhold?": what is withheld asked for
    r"\bwhat\s+(?:does|do|did|will|would|is|was)\s+(?:\w+\s+){0,2}?withh",
    re.I,
)
_ASKS_TAX = re.compile(r"\btax\w*|\bowe\b|\bhow\s+much\b")
_STRONG_SITUATION = ("residence", "voting_pct", "payment_date", "unassigned_date")
_US_ORDINARY_RATES = dict(NOT_STATED_TOPICS)["us_ordinary_rates"]

# Named tests on a message, for conditions a cue pattern or a fact list cannot state; "!name" negates one.
TESTS: dict[str, Callable[[Reading], bool]] = {
    "asks_figure": lambda r: r.has(_ASKS_FIGURE),
    "dated": lambda r: dated(r.facts),
    # the asker (or a holder they name) owning a stake: a case of their own, not the table itself
    "holds_a_stake": lambda r: r.has(HOLDS_A_STAKE),
    "two_figures_or_asks_figure": lambda r: r.figures >= 2 or r.has(_ASKS_FIGURE),
    # the asker's own case: personal words, an amount or a date ("is the exemption absolute?" is not)
    "own_case": lambda r: (
        bool(PERSONAL.search(r.lower)) or any(k in r.facts for k in AMOUNT_KEYS) or dated(r.facts)
    ),
    # a dividend amount and the word "dividend": a sale question that is really about the dividend
    "names_the_dividend": lambda r: "gross_dividend_jpy" in r.facts and "dividend" in r.lower,
    "asks_us_side": lambda r: r.side == "us",
    # the tax asked on a sale whose place and seller (residence or permanent establishment) are stated
    "stated_sale": lambda r: (
        "sale_location" in r.facts
        and any(k in r.facts for k in ("has_japan_pe", "residence", "is_nonresident"))
        and bool(_ASKS_TAX.search(r.lower))
    ),
    "asks_jp_side": lambda r: r.side == "jp",
    # no treaty with Japan said ("if there is no treaty"): the statutory rate, which the table's text gives
    "no_treaty": lambda r: r.facts.get("treaty_with_japan") is False or r.has(NO_TREATY),
    "two_rows": lambda r: rows_named(r.lower) >= 2,
    "pe": lambda r: r.facts.get("has_japan_pe") is True,
    "ten_pct_or_more": lambda r: r.facts.get("voting_pct") is not None and r.facts["voting_pct"] >= 10,
    # at least two of residence, stake and payment date: enough of a situation to ask its withholding rate
    "strong_situation": lambda r: sum(k in r.facts for k in _STRONG_SITUATION) >= 2,
    # ordinary rates asked about a stated dividend: no not-stated topic after this one applies
    "ordinary_rates_of_a_dividend": lambda r: (
        "gross_dividend_jpy" in r.facts and bool(_US_ORDINARY_RATES.search(r.lower))
    ),
}
