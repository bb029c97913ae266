"""Dates as precise as the user gave them: a day, a day without a year, a month, a year, or vague."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Literal

from service.qa.asks import MONTH
from service.qa.readers.features import features
from service.qa.readers.numbers import overlaps

DateKind = Literal["day", "day_no_year", "month", "year", "vague"]

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = rf"(?P<mon>{MONTH})"
_ORD = r"(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class DateFact:
    """A date as precise as the user stated it: a day, a day without a year, a month, a year, or vague."""

    kind: DateKind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    raw: str = ""

    @property
    def iso(self) -> str | None:
        """``YYYY-MM-DD`` for a day (even an impossible one, so the calculator reports INVALID_DATE)."""
        if self.kind != "day" or self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def span(self) -> tuple[date, date] | None:
        """The first and last day of a month or year fact (a day fact is its own span); ``None`` otherwise."""
        if self.kind == "day":
            try:
                day = date.fromisoformat(self.iso or "")
            except ValueError:
                return None
            return day, day
        days = self.days()
        return (days[0], days[-1]) if days else None

    def days(self) -> list[date]:
        """Every calendar day this fact may stand for (month or year); empty for vague or day facts."""
        if self.kind == "month" and self.year is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            return [date(self.year, self.month, d) for d in range(1, last + 1)]
        if self.kind == "year" and self.year is not None:
            start = date(self.year, 1, 1).toordinal()
            end = date(self.year, 12, 31).toordinal()
            return [date.fromordinal(o) for o in range(start, end + 1)]
        return []

    def with_year(self, year: int) -> DateFact:
        """Resolve a day without a year ("July 1") against a known year."""
        return replace(self, kind="day", year=year)


@dataclass(frozen=True)
class DateMention:
    """A date found in the text with its position."""

    fact: DateFact
    start: int
    end: int


def _mon(m: re.Match[str]) -> int:
    return _MONTHS[m.group("mon").lower()[:3]]


# Days named rather than numbered: "the last day of June 2003", "New Year's Eve 2004", "Christmas Day 2004".
_NAMED_DAYS = {
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
}
_NAMED = "|".join(sorted((re.escape(k).replace("'", "['’]?") for k in _NAMED_DAYS), key=len, reverse=True))

_SLASHED = re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b")
_DASHED = re.compile(r"(?<![\d.,])(?P<m>\d{1,2})-(?P<d>\d{1,2})-(?P<y>\d{4})\b")


def _day_first(text: str) -> bool:
    """Whether the message's slashed or dashed dates put the day first: one has a first part over 12 and none
    has a second part over 12 ("25/12/2004 … 10/01/2005": the 10th of January)."""
    parts = [(int(m.group("m")), int(m.group("d"))) for p in (_SLASHED, _DASHED) for m in p.finditer(text)]
    return any(first > 12 >= second for first, second in parts) and not any(
        second > 12 >= first for first, second in parts
    )


_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "edge",
        re.compile(
            r"\b(?:the\s+)?(?P<edge>last|first|final)\s+day\s+of\s+"
            + _MON
            + r",?\s+(?:of\s+)?(?P<y>\d{4})\b",
            re.I,
        ),
    ),
    ("named", re.compile(r"\b(?P<named>" + _NAMED + r"),?\s+(?:of\s+)?(?P<y>\d{4})\b", re.I)),
    # a day with a two-digit year: "Sept 1 '04", "1 Sept '04"
    ("mdy", re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})" + _ORD + r",?\s+['’](?P<yy>\d{2})\b", re.I)),
    (
        "dmy",
        re.compile(r"\b(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON + r",?\s+['’](?P<yy>\d{2})\b", re.I),
    ),
    ("iso", re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b")),
    # slashes and dashes: month first, as US holders write them ("10/01/2004", "10-01-2004"), unless a part
    # over 12 or another date of the message shows the day comes first (see _day_first)
    ("us", _SLASHED),
    ("us", _DASHED),
    # day first with dots, as written in Europe: "15.10.2004"
    ("eu", re.compile(r"(?<![\d.,])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b")),
    # "15-Oct-2004"
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})-" + _MON + r"-(?P<y>\d{4})\b", re.I)),
    ("mdy", re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})" + _ORD + r"(?:\s*,\s*|\s+)(?P<y>\d{4})\b", re.I)),
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON + r",?\s+(?P<y>\d{4})\b", re.I)),
    (
        "vague",
        re.compile(
            r"\b(?:mid|early|late|end\s+of|beginning\s+of|start\s+of|middle\s+of|summer|spring|autumn|fall|winter|first\s+half\s+of|second\s+half\s+of|h[12]|q[1-4])[\s-]*(?:of\s+)?(?P<y>\d{4})\b",
            re.I,
        ),
    ),
    ("my", re.compile(r"\b" + _MON + r",?\s+(?:of\s+)?(?P<y>\d{4})\b", re.I)),
    # a whole month in other spellings: "May '04", "2004-05", "5/2004"
    ("my", re.compile(r"\b" + _MON + r",?\s+['’](?P<yy>\d{2})\b", re.I)),
    ("ym", re.compile(r"(?<![\d\-/.,$¥])(?P<y>(?:19|20)\d{2})[-/](?P<m>\d{1,2})\b(?![-/.]\d|\s*%)")),
    ("ym", re.compile(r"(?<![\d\-/.,$¥])(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})\b(?![-/.]\d)")),
    ("md", re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})" + _ORD + r"\b(?!\s*(?:%|,?\s*\d))", re.I)),
    ("dm", re.compile(r"\b(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON + r"(?!\w)", re.I)),
    ("mm-dd", re.compile(r"(?<![\d\-/.,$¥])(?P<m>\d{2})-(?P<d>\d{2})(?![\d\-/%])")),
    (
        "year",
        re.compile(
            r"\b(?:(?:in|during|for|of|year|since)\s+|"
            # a year right after the trade it dates ("bought 2002, sold …"); not a count ("bought 2000 shares")
            r"(?P<trade>(?<=bought\s)|(?<=purchased\s)|(?<=acquired\s)|(?<=sold\s)))"
            r"(?P<y>(?:19|20)\d{2})\b(?![-/])"
            r"(?(trade)(?!\s*(?:shares|ads|adss|adrs|units|stock|of\b|iij|more|at\b|for\b)))",
            re.I,
        ),
    ),
)


# What the patterns need, as data: every pattern holds a digit; one with a month name (_MON) holds a month word
# after a word boundary; one with a named day (_NAMED) holds "new year" or "christmas". A message without them
# cannot match the pattern, which is not run.
_MONTH_WORD = re.compile(r"\b" + MONTH, re.I)
_NAMED_WORDS = ("new year", "christmas")
_NEEDS_MONTH = frozenset(pattern for _, pattern in _DATE_PATTERNS if "(?P<mon>" in pattern.pattern)
_NEEDS_NAMED = frozenset(pattern for _, pattern in _DATE_PATTERNS if "(?P<named>" in pattern.pattern)
# The numeric spellings ("2004-10-01", "10/01/2004", "15.10.2004", "2004-05", "5/2004", "10-01") hold a digit, a
# separator and a digit; a vague date opens on one of _VAGUE_WORDS as a whole word (or run into "of": "earlyof")
_SEPARATED = re.compile(r"\d[-/.]\d")
_NEEDS_SEPARATOR = frozenset(
    pattern for kind, pattern in _DATE_PATTERNS if kind in {"iso", "us", "eu", "ym", "mm-dd"}
)
_VAGUE_WORDS = (
    "mid early late end beginning start middle summer spring autumn fall winter first second h q".split()
)
_VAGUE_RUNS = frozenset(_VAGUE_WORDS + [word + "of" for word in _VAGUE_WORDS])
_NEEDS_VAGUE = frozenset(pattern for kind, pattern in _DATE_PATTERNS if kind == "vague")


def parse_dates(text: str) -> list[DateMention]:
    """Every date mention, most precise reading first, in text order."""
    return list(_date_mentions(text))


# Memoised on the text: one message is read by several readers (the facts, the two-cases split, the inputs),
# and the result is immutable (a tuple of frozen mentions); each caller gets a list of its own.
@lru_cache(maxsize=256)
def _date_mentions(text: str) -> tuple[DateMention, ...]:
    held = features(text)
    if not held.digit:
        return ()
    skipped: set[re.Pattern[str]] = set()
    if _MONTH_WORD.search(text) is None:
        skipped |= _NEEDS_MONTH
    if not held.says(*_NAMED_WORDS):
        skipped |= _NEEDS_NAMED
    separated = _SEPARATED.search(text) is not None
    if not separated:
        skipped |= _NEEDS_SEPARATOR
    if not held.names(_VAGUE_RUNS):
        skipped |= _NEEDS_VAGUE
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    day_first = separated and _day_first(text)
    for kind, pattern in _DATE_PATTERNS:
        if pattern in skipped:
            continue
        for m in pattern.finditer(text):
            if overlaps(m.span(), taken):
                continue
            fact = _date_fact(kind, m, day_first)
            if fact is None:
                continue
            taken.append(m.span())
            found.append(DateMention(fact, m.start(), m.end()))
    found.sort(key=lambda mention: mention.start)
    years = [mention.fact.year for mention in found if mention.fact.year is not None]
    if years:
        found = [
            replace(mention, fact=mention.fact.with_year(years[0]))
            if mention.fact.kind == "day_no_year"
            else mention
            for mention in found
        ]
    return tuple(found)


def _century(yy: int) -> int:
    return yy + (2000 if yy < 50 else 1900)


def _date_fact(kind: str, m: re.Match[str], day_first: bool = False) -> DateFact | None:
    raw = m.group(0)
    groups = m.groupdict()
    if kind in {"iso", "us", "eu"}:
        year, month, day = int(groups["y"]), int(groups["m"]), int(groups["d"])
        if kind == "us" and year < 100:
            year += 2000 if year < 50 else 1900
        if kind in {"us", "eu"} and (month > 12 >= day or (kind == "us" and day_first and month <= 12)):
            month, day = day, month
        return DateFact("day", year, month, day, raw)
    if kind in {"mdy", "dmy"}:
        year = int(groups["y"]) if groups.get("y") else _century(int(groups["yy"]))
        return DateFact("day", year, _mon(m), int(groups["d"]), raw)
    if kind == "edge":
        year, month = int(groups["y"]), _mon(m)
        day = 1 if groups["edge"].lower() == "first" else calendar.monthrange(year, month)[1]
        return DateFact("day", year, month, day, raw)
    if kind == "named":
        key = re.sub(r"['’]", "'", groups["named"].lower())
        month, day = _NAMED_DAYS.get(key, _NAMED_DAYS.get(key.replace("'", ""), (0, 0)))
        return DateFact("day", int(groups["y"]), month, day, raw) if month else None
    if kind == "my":
        year = int(groups["y"]) if groups.get("y") else _century(int(groups["yy"]))
        return DateFact("month", year, _mon(m), None, raw)
    if kind == "ym":
        month = int(groups["m"])
        return DateFact("month", int(groups["y"]), month, None, raw) if 1 <= month <= 12 else None
    if kind in {"md", "dm"}:
        day = int(groups["d"])
        return DateFact("day_no_year", None, _mon(m), day, raw) if 1 <= day <= 31 else None
    if kind == "mm-dd":
        month, day = int(groups["m"]), int(groups["d"])
        return DateFact("day_no_year", None, month, day, raw) if 1 <= month <= 12 and 1 <= day <= 31 else None
    if kind == "vague":
        return DateFact("vague", int(groups["y"]), None, None, raw)
    if kind == "year":  # the mention spans its cue word ("since 2001"); the fact's text is the year alone
        return DateFact("year", int(groups["y"]), None, None, groups["y"])
    return None


def is_real_date(fact: DateFact) -> bool:
    """Whether a day fact names a real calendar day."""
    if fact.iso is None:
        return False
    try:
        date.fromisoformat(fact.iso)
    except ValueError:
        return False
    return True
