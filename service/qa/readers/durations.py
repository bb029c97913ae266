"""How long shares were held, and the holding tests it settles (12 months at >50%, the QDI 60 days)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from service.qa.readers.numbers import NUMWORD, word_number
from service.qa.readers.relative import held_twelve_months_at_record, qdi_holding_met


@dataclass(frozen=True)
class Duration:
    """A holding duration stated as "for two years", "for 12 months", "for 90 days"."""

    days: Decimal
    op: Literal["=", ">", "<"]


_DURATION = re.compile(
    r"\b(?:for|over|(?:held|owned|holding|had)(?:\s+(?:it|them|the\s+shares|shares|the\s+adss|adss|iij|my\s+shares|"
    r"the\s+stock|the\s+stake|our\s+stake))?(?:\s+for)?)(?:\s*(?P<sym>[><]=?)\s*|\s+)(?:(?P<op>(?:(?:well|way|comfortably|easily|far)\s+)?(?:more\s+than|"
    r"over|longer\s+than|beyond)|at\s+least|about|around|"
    r"almost|nearly|under|less\s+than|only|just|the\s+(?:past|last))\s+)?(?:a\s+full\s+|the\s+full\s+|a\s+whole\s+|the\s+)?"
    + NUMWORD
    + r"[\s-]*(?:full\s+)?(?P<unit>years?|yrs?|months?|mos?|days?|weeks?)\b",
    re.I,
)
_UNIT_DAYS = {"y": Decimal("365.25"), "m": Decimal("30.4375"), "d": Decimal(1), "w": Decimal(7)}


_LOOSE_YEARS = re.compile(
    r"\b(?:for|over|held\s+(?:it|them|the\s+shares|the\s+adss|iij)?\s*(?:for)?)\s+(?:many\s+|several\s+|a\s+few\s+|some\s+)?"
    r"years\b(?!\s+(?:before|prior|after|ago))|\b(?:long[- ](?:term|time)\s+(?:holder|shareholder|investor|owner)|"
    r"since\s+(?:the\s+)?ipo|since\s+(?:many\s+|several\s+|a\s+few\s+)?years|for\s+(?:ages|decades|a\s+long\s+time)|"
    # "a long-held position", "my longtime holding", "a long-standing stake", "owned them forever"
    r"long[- ]?held|long[- ]?(?:standing|time)\s+(?:position|holding|stake|investment|holder|shareholder|investor|"
    r"owner)|(?:held|owned|had|kept)\s+(?:(?:it|them|the\s+shares|the\s+adss|iij)\s+)?(?:for\s+)?forever)\b",
    re.I,
)


def parse_duration(text: str) -> Duration | None:
    """How long the holder has held (or held more than 50%): "for two years", "for 90 days", "for years"."""
    if _LOOSE_YEARS.search(text) and not _DURATION.search(text):
        return Duration(Decimal(730), ">")  # "years" is at least two years, whatever the exact number
    m = _DURATION.search(text)
    if m is None:
        m2 = re.search(r"\b(?P<n>\d+|two|three|five|ten)[- ](?P<unit>year|month)\b", text, re.I)
        if m2 is None or not re.search(r"\bheld\b|\bown|\bhold", text, re.I):
            return None
        n = word_number(m2.group("n"))
        return Duration(n * _UNIT_DAYS[m2.group("unit")[0].lower()], "=") if n is not None else None
    n = word_number(m.group("n"))
    if n is None:
        return None
    days = n * _UNIT_DAYS[m.group("unit")[0].lower()]
    op_raw = re.sub(
        r"^(?:well|way|comfortably|easily|far)\s+", "", (m.group("op") or m.group("sym") or "").lower()
    )
    op_raw = "over" if op_raw == "beyond" else op_raw
    op: Literal["=", ">", "<"] = "="
    if op_raw in {"more than", "over", "longer than", ">", ">="}:
        op = ">"
    elif op_raw in {"almost", "nearly", "under", "less than", "only", "just", "<", "<="}:
        op = "<" if op_raw != "just" else "="
    before = text[max(0, m.start() - 25) : m.start()]
    if re.search(r"\b(?:not|n't|never)\b|n't\s*$", before, re.I):
        op = "<" if op != "<" else ">"
    return Duration(days, op)


def twelve_month_fact(duration: Duration | None, text: str) -> bool | None:
    """R-10b: has the holder owned more than 50% for the twelve months ending on the entitlement date?"""
    t = text.lower()
    at_record = held_twelve_months_at_record(text)
    if at_record is not None:
        return at_record
    if re.search(
        r"(?:not|n't|never)\s+(?:\w+\s+){0,4}(?:for\s+)?(?:the\s+)?(?:full\s+|whole\s+)?(?:12|twelve)\s+months",
        t,
    ):
        return False
    if re.search(
        r"(?:less|fewer)\s+than\s+(?:a\s+year|12\s+months|twelve\s+months)|\brecently\s+(?:bought|acquired)|\bjust\s+(?:bought|acquired)",
        t,
    ):
        return False
    if duration is None:
        return None
    year = Decimal(365)
    if duration.op == "<":
        return False if duration.days <= year + 1 else None
    if duration.op == ">":
        return True if duration.days >= year - 31 else None
    return duration.days >= year


# "if it's qualified", "assuming the dividend qualifies", "treat it as QDI": a stated assumption, not a question.
_ASSUMED_QUALIFIED = re.compile(
    r"\b(?:if|assuming|assume|provided|given\s+that|suppose|supposing|treat(?:ing)?|say)\s+(?:that\s+)?"
    r"(?:it|it's|its|it\s+is|the\s+dividends?|that|that's|they|they're|this|this\s+is)\s+"
    r"(?:(?:is|was|are|were|would\s+be|be|counts?\s+as|treated\s+as|as)\s+)?(?:an?\s+)?"
    r"(?:qualified|qualifies|qualify|qdi)\b",
    re.I,
)


# "do I meet …", "whether we satisfy …": the holding period is asked about, not stated.
_ASKED_BEFORE = re.compile(
    r"\b(?:do|does|did|would|will|can|could|should|whether|wondering\s+if)\s+(?:i|we|you|they|he|she|it|the\s+\w+)"
    r"(?:\s+(?:still|even|actually|then))?\s*$"
)


# "held the ADSs all year", "owned them the whole year": a year of holding covers any 121-day window in it.
_HELD_THROUGHOUT = re.compile(
    r"\b(?:held|owned|holding|had|kept)\s+(?:(?:it|them|the\s+shares|shares|the\s+adss|adss|the\s+stock|my\s+\w+)\s+)?"
    r"(?:all|the\s+(?:whole|entire|full)|throughout\s+the)\s+year\b"
)
# "holding period fine", "holding period is ok", "holding period's no issue": stated as met, not asked.
# "holding fine", "holding period: met", "holding requirement satisfied", "holding test passed", "holding ✓"
_VERDICT_MET = (
    r"(?:(?:all\s+)?(?:fine|ok|okay|met|satisfied|covered|good|passed|fulfill?ed|respected|in\s+order)\b|"
    r"no\s+(?:problem|issue)\b|✓|✔)"
)
# "holding" with no noun after it must end its clause on the verdict: "holding good quality shares", "holding in
# order to get the dividend", "holding passed to my son" say nothing of the period
_PERIOD_FINE = re.compile(
    r"\bholding[- ](?:period|requirement|test|rule)(?:'s|\s+(?:is|was|requirement\s+is))?\s*[:=-]?\s*"
    + _VERDICT_MET
    + r"(?!\s*\?)|\bholding(?:'s|\s+(?:is|was))?\s*[:=-]?\s*"
    + _VERDICT_MET
    + r"(?=\s*(?:$|[.,;:!)]|(?:and|but|so)\b))"
)
# "holding not met", "holding period NOT ok", "holding period fails": stated as not met
_PERIOD_NOT_MET = re.compile(
    r"\bholding(?:[- ](?:period|requirement|test|rule))?(?:'s|\s+(?:is|was))?\s*[:=-]?\s*"
    r"(?:(?:not\s+(?:met|ok|okay|fine|satisfied|fulfill?ed|passed)|fail(?:s|ed)?)\b|✗|✘)(?!\s*\?)"
)


# "held them long enough to qualify", "kept it long enough for QDI", "I qualify on the holding period", "satisfy the
# holding-period test": the holder states the test met, not asks it (a question mark right after is a question).
_LONG_ENOUGH = re.compile(
    r"\b(?:held|owned|kept|had|holding)\s+(?:(?:it|them|the\s+shares|shares|the\s+adss|adss|the\s+stock|my\s+\w+)\s+)?"
    r"long\s+enough\b(?:\s+(?:for|to\s+(?:qualify|count|meet))\b(?:\s+(?:for|as)\b)?(?:\s+(?:the\s+)?"
    r"(?:qdi|qualified(?:\s+dividends?(?:\s+income)?)?|holding[- ]period|15\s*%(?:\s+rate)?)\b)?)?(?!\s*\?)|"
    r"\b(?:qualify|qualified|qualifies)\s+(?:on|under|for)\s+(?:the\s+)?holding[- ]period\b(?!\s*\?)"
)


def holding_period_fact(duration: Duration | None, text: str) -> bool | None:
    """QDI holding period (R-34/R-35b): more than 60 days in the window, as far as the user says so."""
    t = text.lower()
    if re.search(
        r"(?:didn't|did\s+not|doesn't|does\s+not|don't|not|fail\w*\s+to|haven't)\s+(?:\w+\s+){0,2}(?:meet|satisf\w*)\s+"
        r"(?:the\s+)?(?:qdi\s+|qualified\s+dividend\s+)?holding[- ]period",
        t,
    ):
        return False
    if _PERIOD_NOT_MET.search(t):
        return False
    relative = qdi_holding_met(text)
    if relative is not None:
        return relative  # "bought 20 days before the ex-dividend date and sold 30 days after it"
    met = re.search(
        r"(?:meets?|met|satisf\w*|pass(?:ed|es)?|fulfill?(?:ed|s)?|cleared?)\s+(?:the\s+)?(?:qdi\s+|qualified\s+dividend\s+)?"
        r"(?:holding[- ](?:period|rule|requirement|test)|(?:60|61|sixty)[- ]days?(?:[- ](?:rule|test|requirement))?)",
        t,
    )
    if met and not _ASKED_BEFORE.search(t[: met.start()]):
        return True
    long_enough = _LONG_ENOUGH.search(t)
    if long_enough and not _ASKED_BEFORE.search(t[: long_enough.start()]):
        return True  # the holder says the holding was long enough for the test
    if _HELD_THROUGHOUT.search(t) or _PERIOD_FINE.search(t):
        return True  # a whole year of holding, or the period declared fine, settles the 60-of-121-days test
    if _ASSUMED_QUALIFIED.search(t):
        return (
            True  # the holder asserts the dividend is qualified: the holding period is the fact that asserts
        )
    if duration is None:
        return None
    if duration.op == "<":
        return False if duration.days <= 61 else None
    if duration.op == ">":
        return True if duration.days >= 60 else None
    return duration.days > 60
