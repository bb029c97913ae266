"""Figures of a PFIC income test: gross and passive income, IIJ's own and those of subsidiaries it owns by value.

Every amount is read by the word beside it: "passive income of ¥6bn", "¥7.5bn of passive income", "gross income
¥10bn, of which ¥8bn is passive", "¥6,000m passive". Amounts that follow "owns 50% by value of a subsidiary"
belong to that subsidiary (the 25% look-through), the ones before the first such mention to IIJ itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from service.qa.readers.features import features
from service.qa.readers.numbers import AMOUNT, parse_numbers

_LABELS = ("passive", "gross", "total")
_VERB = r"(?:of|is|was|were|are|=|:|totall?ed|came\s+to|amounted\s+to|would\s+be|of\s+about|about|around)"
# "passive income of ¥6bn", "gross 100", "total income was": the label before an amount
_LABEL_BEFORE = re.compile(
    r"\b(?P<label>passive|gross|total)(?P<income>\s+income)?\s*(?:" + _VERB + r"\s*)?"
    r"(?:(?:exactly|just|only|precisely|roughly|approximately)\s*)?[$¥]?\s*$",
    re.I,
)
# "¥7.5bn of passive income", "¥6,000m passive", "of which ¥3bn is passive", "¥3bn of it was passive": the label
# after an amount
_LABEL_AFTER = re.compile(
    r"^\s*(?:(?:yen|jpy|dollars?|usd)\b\s*)?(?:(?:of|in|is|was|are|were)\s+)?(?:(?:its|the|their|it|them|which)\s+)?"
    # "¥3bn of it was passive", "¥3bn of which is passive": a part of the gross said to be passive
    r"(?:(?:is|was|are|were|would\s+be|be)\s+)?(?P<label>passive|gross|total)\b"
    r"(?P<income>\s+income)?(?!\s+assets?)",
    re.I,
)
# "owns 50% by value of a subsidiary", "a 30%-owned sub", "20% of another company"
_SUBSIDIARY = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b)[\s-]*(?:owned\s+)?(?:(?:by|in)\s+value\s+)?(?:(?:of|in)\s+)?"
    r"(?:(?:a|an|one|another|the|its|other)\s+)?(?:(?:other|second|japanese|foreign)\s+)?"
    r"(?:sub(?:sidiar(?:y|ies))?|compan(?:y|ies)|corporations?|entit(?:y|ies)|affiliates?)\b",
    re.I,
)


@dataclass(frozen=True)
class IncomeFigures:
    """Gross and passive income of one entity (``None``: not stated) and, for a subsidiary, IIJ's share by value."""

    gross: Decimal | None = None
    passive: Decimal | None = None
    pct_by_value: Decimal | None = None

    def as_inputs(self) -> dict[str, Any]:
        named = {
            "gross_income": self.gross,
            "passive_income": self.passive,
            "pct_by_value": self.pct_by_value,
        }
        return {k: v for k, v in named.items() if v is not None}


@dataclass(frozen=True)
class IncomeTest:
    """IIJ's own income figures and those of each subsidiary named with a share by value."""

    own: IncomeFigures
    subsidiaries: tuple[IncomeFigures, ...] = field(default=())


# "¥4bn of its ¥5bn gross income is passive": the first amount is the passive part of the second
_PART_IS_PASSIVE = re.compile(
    r"(?P<part>" + AMOUNT + r")\s+(?:of|out\s+of)\s+(?:(?:its|the|their|a)\s+)?(?P<whole>" + AMOUNT + r")\s+"
    r"(?:of\s+)?(?:gross\s+|total\s+)?income\s+(?:is|was|were|are|would\s+be|be)\s+passive\b",
    re.I,
)


_ALL_PASSIVE = re.compile(r"\b(?:all|entirely|wholly|100\s*%)\s+(?:of\s+it\s+)?passive\b", re.I)
# "30% by value of SubCo": a holding said by value names a company whatever it is called
_BY_VALUE = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:owned\s+)?(?:by|in)\s+value\s+(?:of|in)\s+(?:the\s+)?[\w&.'-]+",
    re.I,
)
# "IIJ itself", "its own": figures after these are IIJ's again, after a subsidiary's
_OWN = re.compile(
    r"\biij\s+itself\b|\biij'?s\s+own\b|\bits\s+own\b|\bthe\s+parent\b|"
    # "parent gross 800": the parent's figures, named by the word before their label
    r"\bparent(?:'s)?(?=\s+(?:gross|passive|total|income)\b)",
    re.I,
)
# "sub gross 400", "the subsidiary's passive 300": figures of the subsidiary named last, again
_SUB_AGAIN = re.compile(
    r"\b(?:the\s+)?sub(?:sidiar(?:y|ys|ies))?(?:['’]s)?(?=\s+(?:gross|passive|total|income)\b)",
    re.I,
)


_CLAUSE_BREAK = re.compile(r"[.;:?!\n](?:\s|$)")


def _after_gross_in_clause(text: str, start: int, at: int) -> bool:
    """A bare "passive"/"total" label is income when its clause names gross income and no assets before it:
    "gross income 50, passive 12", "gross 500 / passive 450" (a clause ends at . ; : ? !)."""
    clause = text[start:at]
    breaks = list(_CLAUSE_BREAK.finditer(clause))
    clause = clause[breaks[-1].end() :] if breaks else clause
    lower = clause.lower()
    return "gross" in lower and "asset" not in lower and "quarter" not in lower


def _figures(
    text: str, start: int, end: int, skip: list[tuple[int, int]], speaks_of_income: bool
) -> IncomeFigures:
    found: dict[str, Decimal] = {}
    share = _PART_IS_PASSIVE.search(text[:end], start)
    if share is not None:
        part, whole = parse_numbers(share.group("part")), parse_numbers(share.group("whole"))
        if part and whole:
            found = {"passive": part[0].value, "gross": whole[0].value}
    for number in parse_numbers(text[:end], skip):
        if number.start < start or number.is_pct:
            continue
        before = _LABEL_BEFORE.search(text[max(start, number.start - 40) : number.start])
        after = _LABEL_AFTER.match(text[number.end : end])
        m = before or after
        if m is None or not (
            m.group("income")
            or m.group("label").lower() == "gross"
            or speaks_of_income
            or _after_gross_in_clause(text, start, number.start)
        ):
            continue
        label = "passive" if m.group("label").lower() == "passive" else "gross"
        found.setdefault(label, number.value)
    if "gross" in found and "passive" not in found and _ALL_PASSIVE.search(text, start, end):
        found["passive"] = found["gross"]  # "$100 gross income, all passive"
    return IncomeFigures(found.get("gross"), found.get("passive"))


# The income test stated as a share: "passive income is only 20% of gross", "80% of its income is passive"
_PASSIVE_SHARE = re.compile(
    r"\bpassive\s+income\s+(?:is|was|are|were|makes\s+up|made\s+up|amounts?\s+to|amounted\s+to|comes?\s+to|came\s+to|"
    r"equals|represents|=|:)?\s*(?:only\s+|just\s+|about\s+|roughly\s+)?"
    r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+of\s+(?:its\s+|the\s+|iij'?s\s+)?(?:gross|total)\b|"
    r"(?<![\d.])(?P<pct2>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+of\s+(?:its\s+|the\s+|iij'?s\s+)?(?:gross\s+|total\s+)?"
    r"income\s+(?:is|was|are|were)\s+passive\b",
    re.I,
)


# The income test stated as a fraction: "passive income 150 of 200", "gross income mostly passive (45 out of 60)",
# "30 of the 40 of income is passive": the part is passive, the whole gross, with income named in the clause.
_FRACTION = re.compile(
    r"(?<![\d.,])(?P<part>\d[\d,]*(?:\.\d+)?)\s+(?:of|out\s+of)\s+(?:the\s+|a\s+|its\s+)?"
    r"(?P<whole>\d[\d,]*(?:\.\d+)?)(?![\d%])(?!\s*(?:%|percent|days?|months?|years?|shares?|adss?))",
    re.I,
)


def _income_fraction(text: str) -> IncomeFigures | None:
    """A passive part of gross income said as "part of whole", in the clause that names passive income."""
    for m in _FRACTION.finditer(text):
        start = max(0, m.start() - 60)
        breaks = list(_CLAUSE_BREAK.finditer(text, start, m.start()))
        before = text[breaks[-1].end() if breaks else start : m.start()]
        after = re.split(r"[,.;:?!)]|\s[-–—]\s|\band\b", text[m.end() : m.end() + 40], maxsplit=1)[0]
        clause = (before + " " + after).lower()
        if "passive" not in clause or "income" not in clause or "asset" in clause:
            continue
        part = Decimal(m.group("part").replace(",", ""))
        whole = Decimal(m.group("whole").replace(",", ""))
        if whole > 0 and part <= whole:
            return IncomeFigures(whole, part)
    return None


def _income_share(text: str) -> IncomeFigures | None:
    """A passive share of gross income, as figures in percent units (gross 100), or as a fraction."""
    fraction = _income_fraction(text)
    if fraction is not None:
        return fraction
    m = _PASSIVE_SHARE.search(text)
    if m is None:
        return None
    return IncomeFigures(Decimal(100), Decimal(m.group("pct") or m.group("pct2")))


def read_income_test(text: str, skip: list[tuple[int, int]] | None = None) -> IncomeTest | None:
    """The income-test figures a message states; ``None`` when it states none. A bare "passive"/"total" label
    counts only in a message that speaks of no assets or quarters ("$10m of it passive").

    IIJ's own figures are read only beside a label (passive, gross, total) and a share only of passive income,
    and without them the subsidiaries' figures are not returned: a message with none of these words, or with no
    digit, states none and is not read."""
    held = features(text)
    if not held.digit or not held.says(*_LABELS):
        return None
    skip = skip or []
    lower = text.lower()
    speaks_of_income = "asset" not in lower and "quarter" not in lower
    # each mention of a subsidiary held by value, or of IIJ itself, starts the figures of that entity
    holdings = list(_SUBSIDIARY.finditer(text))
    holdings += [
        m for m in _BY_VALUE.finditer(text) if all(h.start("pct") != m.start("pct") for h in holdings)
    ]
    again = list(_SUB_AGAIN.finditer(text)) if holdings else []
    marks = sorted([*holdings, *_OWN.finditer(text), *again], key=lambda m: m.start())
    bounds = [m.start() for m in marks[1:]] + [len(text)] if marks else []
    own_parts = [_figures(text, 0, marks[0].start() if marks else len(text), skip, speaks_of_income)]
    subsidiaries: list[IncomeFigures] = []
    for mark, end in zip(marks, bounds, strict=True):
        figures = _figures(text, mark.end(), end, skip, speaks_of_income)
        if mark.re is _OWN:
            own_parts.append(figures)
        elif mark.re is _SUB_AGAIN:
            if subsidiaries:  # the last subsidiary named: its figures, where it had none of its own
                last = subsidiaries[-1]
                subsidiaries[-1] = IncomeFigures(
                    last.gross if last.gross is not None else figures.gross,
                    last.passive if last.passive is not None else figures.passive,
                    last.pct_by_value,
                )
        else:
            subsidiaries.append(IncomeFigures(figures.gross, figures.passive, Decimal(mark.group("pct"))))
    own = IncomeFigures(
        next((part.gross for part in own_parts if part.gross is not None), None),
        next((part.passive for part in own_parts if part.passive is not None), None),
    )
    if own.gross is None and own.passive is None:
        share = _income_share(text)
        return None if share is None or subsidiaries else IncomeTest(share)
    return IncomeTest(own, tuple(subsidiaries))


def income_test_facts(text: str, skip: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """The income-test figures under the calculator's input names (gross_income, passive_income, subsidiaries)."""
    read = read_income_test(text, skip)
    if read is None:
        return {}
    facts = read.own.as_inputs()
    if read.subsidiaries:
        facts["subsidiaries"] = [sub.as_inputs() for sub in read.subsidiaries]
    return facts


def subsidiary_starts(text: str) -> list[int]:
    """Where each subsidiary held by value is first named, in order: the figures after each belong to it."""
    holdings = list(_SUBSIDIARY.finditer(text))
    holdings += [
        m for m in _BY_VALUE.finditer(text) if all(h.start("pct") != m.start("pct") for h in holdings)
    ]
    return sorted(m.start() for m in holdings)
