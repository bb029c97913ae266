"""What a corpus can answer: a question about a part of an annual report that is not ingested is out of scope.

An annual report on Form 20-F has a fixed list of items (the SEC's Form 20-F). Each ingested report says in the
manifest which items its text holds (`items`; all of them when not said). A question that reads closer to an item
that no ingested report holds ("Who is the CEO?" → Item 6) than to any passage that is ingested is answered with
"the report does not say" instead of the nearest unrelated quote. The item summaries below are our own wording of
the form's item titles and the matters each item asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

FORM_20F_ITEMS: dict[str, str] = {
    "1": "identity of directors, senior management, advisers and auditors of the company",
    "2": "offer statistics and expected timetable of a securities offering",
    "3": "key information: selected financial data, revenue, net income, earnings per share, dividends per share "
    "paid in past years, exchange rate history, capitalization and indebtedness, risk factors",
    "4": "information on the company: history, business overview, products and services, customers, competition, "
    "strategy, organizational structure, subsidiaries, offices and property",
    "5": "operating and financial review and prospects: results of operations, revenue and profit growth, operating "
    "income, liquidity, cash flow, research and development, trends, outlook and guidance",
    "6": "directors, senior management and employees: chief executive officer, CEO, CFO, board members, executive "
    "compensation, number of employees, staff, stock options",
    "7": "major shareholders and related party transactions: largest shareholders and their ownership",
    "8": "financial information: consolidated financial statements, legal proceedings, dividend policy, "
    "significant changes",
    "9": "the offer and listing: stock exchange listing, ticker symbol, trading market, share price history, "
    "market capitalization, number of shares outstanding",
    "10": "additional information: share capital, articles of association, material contracts, exchange controls, "
    "taxation of dividends and capital gains, withholding tax, tax treaty, PFIC, dividends and paying agents, "
    "statement by experts, documents on display",
    "11": "quantitative and qualitative disclosures about market risk: interest rate risk, foreign currency risk, "
    "derivatives and hedging",
    "12": "description of securities other than equity securities: depositary fees and charges for ADS holders",
    "15": "controls and procedures: disclosure controls, internal control over financial reporting",
    "16": "audit committee, code of ethics, principal accountant, auditor and audit fees",
}


@dataclass(frozen=True)
class ScopeVerdict:
    """How a question relates to what is ingested."""

    in_scope: bool
    nearest_item: str
    outside_similarity: float  # best similarity to an item no ingested report holds
    inside_similarity: float  # best similarity to an ingested passage or a held item


class ScopeMap:
    """Item summaries embedded once; questions compared against them and against the best passage."""

    def __init__(
        self,
        embed: Callable[[Sequence[str]], list[list[float]]],
        held_items: Collection[str],
        margin: float = 0.05,
    ) -> None:
        held = set(held_items) or set(FORM_20F_ITEMS)
        self._items = list(FORM_20F_ITEMS)
        self._held = [item in held for item in self._items]
        self._vectors = embed([f"Form 20-F Item {i}: {FORM_20F_ITEMS[i]}" for i in self._items])
        self.margin = margin

    def judge(self, question_vector: Sequence[float], best_passage_similarity: float) -> ScopeVerdict:
        sims = [sum(a * b for a, b in zip(question_vector, v, strict=True)) for v in self._vectors]
        outside = [(s, i) for s, i, held in zip(sims, self._items, self._held, strict=True) if not held]
        inside = [s for s, held in zip(sims, self._held, strict=True) if held]
        best_out, nearest = max(outside, default=(-1.0, ""))
        best_in = max([best_passage_similarity, *inside])
        return ScopeVerdict(best_out <= best_in + self.margin, nearest, best_out, best_in)
