"""Percentages that are rates, not stakes: the rate withheld, the holder's own ordinary rate."""

from __future__ import annotations

import re
from decimal import Decimal

from service.qa.readers.numbers import NUM
from service.qa.readers.ownership import WITHHELD_PCT_AFTER
from service.qa.readers.series import PCT_VALUE

WITHHELD_RATE = re.compile(
    r"(?P<num>" + NUM + r")\s*(?:%|percent\b|per\s*cent\b)(?=" + WITHHELD_PCT_AFTER.pattern + r")|"
    r"\b(?:withheld|deducted)\s+at\s+(?:a\s+rate\s+of\s+)?(?P<num2>"
    + NUM
    + r")\s*(?:%|percent\b|per\s*cent\b)|"
    # "net of 20% Japanese tax", "after 10% withholding": the rate taken from a net dividend
    r"\b(?:net\s+of|after)\s+(?:(?:the|a)\s+)?(?P<num3>"
    + NUM
    + r")\s*(?:%|percent\b|per\s*cent\b)\s+(?:japanese\s+|japan\s+)?(?:withholding|tax|w/h|wht)\b",
    re.I,
)


_ORDINARY_RATE = re.compile(
    r"\b(?:ordinary|marginal)\s+(?:income\s+)?(?:tax\s+)?(?:rate|bracket)\s+(?:(?:this|for\s+the\s+current|in\s+the\s+current|for\s+this)\s+year\s+)?(?:is\s+|of\s+|=\s*|:\s*|at\s+|being\s+|"
    r"was\s+|will\s+be\s+)?"
    + PCT_VALUE
    + r"|(?P<pct2>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:ordinary\s+|marginal\s+)?(?:income\s+)?(?:tax\s+)?"
    r"(?:rate\s+)?bracket\b|(?P<pct3>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:ordinary|marginal)\s+(?:income\s+)?(?:tax\s+)?rate\b|"
    r"\b(?:my|our)\s+(?:own\s+)?(?P<pct4>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:income\s+)?(?:tax\s+)?rate\b",
    re.I,
)
PFIC_PRECEDING_YEAR = re.compile(
    r"\bpfic\b[^.;?]{0,30}?(?:\b(?:in|for|during)\s+the\s+(?:preceding|prior|previous)\s+(?:taxable\s+)?year|"
    r"\bthe\s+(?:taxable\s+)?year\s+before|\blast\s+year)\b",
    re.I,
)


def parse_ordinary_rate(text: str) -> Decimal | None:
    """The holder's own ordinary income-tax rate, as a fraction ("my ordinary rate is 35%", "the 28% bracket",
    "at my 28% rate")."""
    m = _ORDINARY_RATE.search(text)
    if m is None:
        return None
    raw = m.group("pct") or m.group("pct2") or m.group("pct3") or m.group("pct4")
    return Decimal(raw) / 100
