"""Figures a question asks for that can be given although some facts are missing."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.qa.numeric.answer import Result
from service.qa.numeric.inputs import PAYMENT_SOURCES, date_from
from service.qa.numeric.wording import Cites, join_words
from service.qa.readers.dates import DateFact, is_real_date


@dataclass(frozen=True)
class _Ask:
    """One figure a U.S. dividend question may ask for: the answer part that states it and the result field."""

    part: str
    field: str
    pattern: re.Pattern[str]


# What a U.S. dividend question asks for. The one table both decides which missing facts the figures asked can do
# without (``_answerable_without``) and which part of the answer leads (``_compose_us_dividend``).
US_DIVIDEND_ASKS: tuple[_Ask, ...] = (
    _Ask(
        "income",
        "gross_dividend_usd",
        re.compile(
            r"\bgross\s+income\b|\bhow\s+much\s+(?:\w+\s+)?income|\bdividend\s+income\b|\bincome\s+in\b|"
            r"\binclud\w*|\breport\b|\bon\s+my\s+(?:u\.?s\.?\s+)?return\b|\bin\s+(?:u\.?s\.?\s+)?(?:dollars|usd|\$)|"
            r"\bgross\s+in\b|\bdollar\s+(?:value|amount)\b|\btaxable\s+(?:income|amount)\b|"
            # "gross USD", "the USD equivalent", "how many dollars of income"
            r"\bgross\s+(?:amount\s+)?(?:usd|us\s*\$|dollars?)\b|\busd\s+(?:amount|value|equivalent|gross)\b|"
            r"\bhow\s+many\s+(?:us\s+)?dollars\b|\bdollars?\s+of\s+income\b",
            re.I,
        ),
    ),
    _Ask(
        "tax",
        "qualified_dividend",
        re.compile(
            # "credit against (my) US tax": the tax is what the credit is set against, not the figure asked
            r"(?<!against\s)(?<!against\smy\s)(?<!against\sthe\s)(?<!against\syour\s)(?<!against\sour\s)"
            r"\b(?:u\.?s\.?|federal|american)\s+(?:federal\s+)?(?:income\s+)?tax\b(?!\s+(?:credit|liability|purposes))|"
            r"\bqdi\b|\bqualif\w*|\b15\s*%|\bhow\s+much\s+tax\b|\btax\s+(?:do|would|will|should|must)\s+(?:i|we)\b|"
            r"\bowe\b|\btaxed\b|\bmax(?:imum)?\s+tax\b|"
            r"(?<!inclusion\s)(?<!exchange\s)(?<!spot\s)(?<!conversion\s)(?<!fx\s)(?<!yen\s)(?<!dollar\s)\brate\b"
            r"(?!\s+(?:of\s+|is\s+|was\s+|=\s*)?[¥$]?\s*\d+(?:\.\d+)?(?!\s*%))",
            re.I,
        ),
    ),
    _Ask("credit", "ftc_creditable_jpy", re.compile(r"\bcredit\w*|\bftc\b|\brefund\w*|\breclaim\w*", re.I)),
    _Ask(
        "tax", "dividends_received_deduction", re.compile(r"dividends?[- ]received\s+deduction|\bdrd\b", re.I)
    ),
)


def us_dividend_answerable(result: Result, question: str) -> list[str]:
    """The missing facts that do not change the U.S. dividend figures asked, when those figures are computed.

    Gross income needs no holding period, holder kind or payment date; the dividends-received deduction needs
    only the holder kind; U.S. tax is settled once the dividend is known not to be qualified. The Japanese rate,
    and so the foreign tax credit, needs the payment date.
    """
    missing = list(result.get("missing", []))
    if not missing:
        return []
    asked = [ask.field for ask in US_DIVIDEND_ASKS if ask.pattern.search(question)]
    if not asked or result.get("gross_dividend_usd") is None:
        return []
    for field in asked:
        if field == "dividends_received_deduction":
            if "holder_kind" in missing:
                return []
        elif result.get(field) is None:
            return []
    return missing


_ASKS_THE_TAX = re.compile(r"\btax(?:ed|es)?\b|\bdeferred\b", re.I)


def allocation_answerable(result: Result, question: str) -> list[str]:
    """PFIC allocation: the per-year allocation needs no top rates; only the deferred tax does. A question that
    asks how the amount is taxed asks for that tax, so the missing rates are asked for instead."""
    missing = list(result.get("missing", []))
    if (
        missing
        and not _ASKS_THE_TAX.search(question)
        and all(m.startswith("top_rate_") for m in missing)
        and result.get("allocation_by_year") is not None
    ):
        return missing
    return []


def _date_bounds(fact: DateFact) -> tuple[date, date] | None:
    """The first and last calendar day a date fact can stand for."""
    if fact.kind == "day":
        return (
            (date.fromisoformat(fact.iso), date.fromisoformat(fact.iso))
            if is_real_date(fact) and fact.iso
            else None
        )
    days = fact.days()
    if days:
        return days[0], days[-1]
    if fact.kind == "vague" and fact.year is not None:
        return date(fact.year, 1, 1), date(fact.year, 12, 31)
    return None


def infer_holding_period(facts: Mapping[str, Any], inputs: dict[str, Any], steps: list[str]) -> None:
    """Shares held since more than a year before the payment, and not sold, meet the QDI holding period.

    The holding period asks for more than 60 days in the 121 days around the ex-dividend date, which falls before
    the payment; a holder who bought more than a year before the payment and still holds has met it, as does
    one who says "held for over a year".
    """
    if "holding_period_met" in inputs or any(k in facts for k in ("ex_dividend_date", "disposition_date")):
        return
    acquired = date_from(facts, "acquisition_date", "since_date")
    paid = date_from(facts, *PAYMENT_SOURCES)
    acquired_bounds = _date_bounds(acquired) if acquired else None
    paid_bounds = _date_bounds(paid) if paid else None
    if acquired is None or paid is None or acquired_bounds is None or paid_bounds is None:
        return
    if (paid_bounds[0] - acquired_bounds[1]).days > 365:
        inputs["holding_period_met"] = True
        steps.append(
            f"held since {acquired.raw}, more than a year before the payment ({paid.raw}), and not sold: "
            "holding period taken as met"
        )


def asks_deferred_tax(question: str) -> bool:
    return bool(re.search(r"deferred|\btax\b|interest|\bowe\b|top\s+rate|highest\s+rate", question, re.I))


def partial_notes(partial: Sequence[str], cite: Cites) -> list[str]:
    if not partial:
        return []
    top_years = [m.removeprefix("top_rate_") for m in partial if m.startswith("top_rate_")]
    if top_years:
        return [
            f"The deferred tax on each prior year's share is taxed at the highest rate in effect for that year"
            f"{cite('R-71')}, which the report does not give. What was the highest tax rate in effect for "
            f"{join_words(top_years)}?"
        ]
    notes = []
    if "payment_date" in partial:
        notes.append(
            f"The Japanese tax withheld, and so the foreign tax credit, depends on the payment date: the Treaty applies "
            f"to amounts taxable on or after July 1, 2004{cite('R-07')}. The date does not change these figures."
        )
    open_conditions = [
        condition
        for name, condition in (
            ("holding_period", "the holding period"),
            ("holder_kind", "the holder being noncorporate"),
        )
        if name in partial
    ]
    if open_conditions:
        depends = " and on ".join(open_conditions)
        verb = "do" if len(open_conditions) > 1 else "does"
        notes.append(
            f"Whether it is qualified dividend income (taxed at a maximum of 15%{cite('R-34')}) depends on {depends}, "
            f"which {verb} not change these figures."
        )
    return notes
