"""Quarter-end values of a PFIC asset test: passive and total assets for each of the four quarters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from service.qa.readers.features import features
from service.qa.readers.numbers import AMOUNT, Number, parse_numbers

_EVERY_QUARTER = re.compile(
    r"\b(?:at|on|in|for|as\s+of)?\s*(?:every|each|all(?:\s+four)?|all\s+the)\s+(?:of\s+the\s+)?(?:fiscal\s+)?"
    r"quarter(?:[- ]?ends?|s)?\b|\bevery\s+quarter\b|\bquarter\s+after\s+quarter\b|\b(?:throughout|all)\s+the\s+year\b|"
    # "averaged ¥42bn across the four quarters": the asset test compares averages, so the average stands for each
    r"\baverag(?:ed|ing)\b|\bon\s+average\b|\b(?:across|over|in)\s+(?:all\s+)?(?:the\s+)?(?:four|4)\s+quarters\b",
    re.I,
)
# "¥20bn of ¥100bn total", "passive assets of 30 out of total assets of 100"
_PART_OF_TOTAL = re.compile(
    r"(?P<part>"
    + AMOUNT
    + r")\s*(?:(?:of\s+)?passive(?:\s+assets)?\s+)?(?:of|out\s+of|from)\s+(?:a\s+|the\s+)?"
    r"(?:total(?:\s+assets)?\s+(?:of\s+)?)?(?P<total>" + AMOUNT + r")",
    re.I,
)
_QUARTER_LABEL = re.compile(r"\b(?:q[1-4]|(?:1st|2nd|3rd|4th)\s+quarter)\b\s*[:=\-–]?", re.I)
_OF_TOTAL = re.compile(
    r"\s*(?:of|out\s+of|from)\s+(?:a\s+|the\s+)?(?:total(?:\s+assets)?\s+(?:of\s+)?)?(?P<total>"
    + AMOUNT
    + r")",
    re.I,
)
_PASSIVE = re.compile(r"\bpassive\b", re.I)
_LABELLED = re.compile(
    r"\b(?P<label>passive|total)(?:\s+assets)?\s*(?:(?:by|per|each|for\s+each|at\s+each)\s+quarter(?:[- ]?end)?s?\s*)?"
    # a unit said once for the list: "(¥bn)", "(in $m)"
    r"(?:\((?:in\s+)?[¥$]?\s*(?:bn|billions?|m|mn|millions?|k|thousands?|yen|jpy|usd|dollars?)?\)\s*|"
    r"in\s+[¥$]?\s*(?:bn|billions?|m|mn|millions?|k|thousands?|yen|jpy|usd|dollars?)\b\s*)?"
    r"(?:were|was|are|is|of|=|:|averag(?:ed|ing)|stood\s+at)?\s*"
    r"(?:(?:about|around|roughly|some)\s+)?(?P<values>"
    + AMOUNT
    + r"(?:(?:\s*(?:,|/|;|and|&|,\s*and)\s*|\s+)"
    + AMOUNT
    + r"){0,3})",
    re.I,
)


@dataclass(frozen=True)
class QuarterValues:
    """Passive and total assets at each of the four quarter ends, and where the figures were read; one side is
    ``None`` when only the other is stated ("passive assets averaged ¥42bn": the total is still to be asked)."""

    passive: tuple[Decimal, ...] | None
    total: tuple[Decimal, ...] | None
    start: int
    end: int


def _values(raw: str) -> list[Number]:
    return [n for n in parse_numbers(raw) if not n.is_pct]


def _names_assets(m: re.Match[str]) -> bool:
    """A labelled figure is an asset figure when it says so, or when the text speaks of no income."""
    if "asset" in m.group(0).lower() or "income" not in m.string.lower():
        return True
    # "passive assets 100 and total 400": a bare label in a clause that has already named assets
    clause = re.split(r"[.;:?!]\s", m.string[: m.start()])[-1].lower()
    return "asset" in clause and "income" not in clause.rsplit("asset", 1)[-1]


def _four(values: list[Decimal], every_quarter: bool) -> tuple[Decimal, ...] | None:
    if len(values) == 4:
        return tuple(values)
    if len(values) == 1 and every_quarter:
        return tuple(values) * 4  # "¥20bn of ¥100bn at every quarter-end": the same figure each quarter
    return None


# passive assets said as a share of the total: "passive assets 30% every quarter", "passive 20%, 25%, 30%, 20%"
_PCT_LIST = re.compile(
    r"\s*(?P<values>\d+(?:\.\d+)?\s*(?:%|percent\b|per\s*cent\b)"
    r"(?:\s*(?:,|/|;|and|&|,\s*and)\s*\d+(?:\.\d+)?\s*(?:%|percent\b|per\s*cent\b)){0,3})",
    re.I,
)


def _passive_shares(text: str, m: re.Match[str], every: bool) -> QuarterValues | None:
    """Passive assets given as percentages of the total at each quarter end: the test's ratio itself, so the
    total is 100 each quarter."""
    shares = _PCT_LIST.match(text, m.start("values"))
    if shares is None:
        return None
    values = [Decimal(v) for v in re.findall(r"\d+(?:\.\d+)?", shares.group("values"))]
    four = _four(values, every)
    if four is None:
        return None
    return QuarterValues(four, (Decimal(100),) * 4, m.start(), shares.end())


def quarterly_assets(text: str) -> QuarterValues | None:
    """Passive and total assets for the four quarters: "passive ¥20bn of ¥100bn total at every quarter-end",
    "passive assets 30, 40, 40, 30; total assets 100 each quarter". One side alone is read when it is labelled
    as assets and makes four figures ("total assets ¥100bn at every quarter-end"); ``None`` when neither does."""
    if not features(text).says("passive", "total"):
        return (
            None  # every reading holds a passive or total label (blanking the quarter labels adds no letter)
        )
    # "Q1 40 Q2 50 …": the quarter labels are blanked (same length, so spans hold), their digits are no figures
    text = _QUARTER_LABEL.sub(lambda m: " " * len(m.group(0)), text)
    every = _EVERY_QUARTER.search(text) is not None
    labelled = {m.group("label").lower(): m for m in _LABELLED.finditer(text) if _names_assets(m)}
    if len(labelled) == 1:
        ((label, m),) = labelled.items()
        values = [n.value for n in _values(m.group("values"))]
        four = _four(values, every)
        shares = _passive_shares(text, m, every) if label == "passive" else None
        if shares is not None:
            return shares
        of_total = _OF_TOTAL.match(text, m.end()) if label == "passive" else None
        if of_total is not None:
            # "passive assets 50, 60, 50, 60 of 100 each quarter": four figures out of one total
            whole = [n.value for n in _values(of_total.group("total"))]
            total = _four(whole, every or len(values) == 4)
            if four is not None and total is not None:
                return QuarterValues(four, total, m.start(), of_total.end())
        elif four is not None:
            if label == "passive":
                return QuarterValues(four, None, m.start(), m.end())
            return QuarterValues(None, four, m.start(), m.end())
    if not _PASSIVE.search(text):
        return None
    if "passive" in labelled and "total" in labelled:
        passive_m, total_m = labelled["passive"], labelled["total"]
        passive = _four([n.value for n in _values(passive_m.group("values"))], every)
        total = _four([n.value for n in _values(total_m.group("values"))], every)
        if passive is not None and total is not None:
            return QuarterValues(
                passive, total, min(passive_m.start(), total_m.start()), max(passive_m.end(), total_m.end())
            )
    share = _PART_OF_TOTAL.search(text, _PASSIVE.search(text).start() if every else 0)  # type: ignore[union-attr]
    if share is None or not every:
        return None
    passive = _four([n.value for n in _values(share.group("part"))], every)
    total = _four([n.value for n in _values(share.group("total"))], every)
    if passive is None or total is None:
        return None
    return QuarterValues(passive, total, share.start(), share.end())
