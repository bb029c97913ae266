"""A follow-up that moves one date of the case before it: "if I'd bought one day earlier", "sold the next day
instead", "bought two days later, on the 22nd". Read only against the dates the conversation already has."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from service.qa.readers.dates import DateFact
from service.qa.readers.features import features
from service.qa.readers.numbers import word_number

# the date each trade or dividend word moves
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(r"\b(?:" + words + r")\b", re.I))
    for key, words in (
        ("acquisition_date", r"bought|buy|buying|purchased?|acquired?"),
        ("disposition_date", r"sold|sell|selling|disposed?|dumped|exited"),
        ("ex_dividend_date", r"ex[- ]?(?:dividend\s+)?date|went\s+ex|ex[- ]dividend"),
        ("payment_date", r"paid|payment|pay[- ]?date"),
    )
)
_COUNT = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of)"
# "one day earlier", "2 days later", "a week sooner"
_BY = re.compile(
    _COUNT
    + r"\s+(?P<unit>days?|weeks?)\s+(?P<dir>earlier|later|sooner|before|after|prior)\b(?!\s+(?:the|that|ex))",
    re.I,
)
# "the next day", "the following day", "the day after", "the day before", "the previous day"
_NEXT = re.compile(
    r"\bthe\s+(?:(?P<fwd>next|following)\s+day|day\s+(?P<rel>after|before)(?!\s+(?:the|that|ex|my|our|\d))|"
    r"(?P<back>previous|preceding)\s+day)\b",
    re.I,
)
# "on the 29th", "on the 3rd": a day of the month the earlier date lies in
_ORDINAL_DAY = re.compile(
    r"\b(?:on\s+)?the\s+(?P<d>[12]?\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of|day|year|month))", re.I
)
_WORDS = (
    "earlier",
    "later",
    "sooner",
    "before",
    "after",
    "prior",
    "next",
    "following",
    "previous",
    "preceding",
)


def _role(clause: str) -> str | None:
    """The date the clause's trade or dividend word names; ``None`` when none or more than one is named."""
    named = [key for key, pattern in _ROLES if pattern.search(clause)]
    return named[0] if len(named) == 1 else None


def _day(fact: Any) -> date | None:
    if not isinstance(fact, DateFact) or fact.kind != "day" or fact.iso is None:
        return None
    try:
        return date.fromisoformat(fact.iso)
    except ValueError:
        return None


def _fact(day: date) -> DateFact:
    return DateFact("day", day.year, day.month, day.day, day.isoformat())


def shifted_dates(question: str, earlier: Mapping[str, Any]) -> dict[str, DateFact]:
    """The dates of ``earlier`` (the conversation's facts) the follow-up ``question`` moves, by a count of days or
    weeks, to the next or the previous day, or to another day of the same month; empty when it moves none.

    Every wording holds one of _WORDS or an ordinal day ("29th"), so a message without them is not read."""
    held = features(question)
    if not (held.names(_WORDS) or (held.digit and held.names(("st", "nd", "rd", "th")))):
        return {}
    role = _role(question)
    if role is None:
        return {}
    before = _day(earlier.get(role))
    if before is None:
        return {}
    ordinal = _ORDINAL_DAY.search(question)
    if ordinal is not None:
        try:
            return {role: _fact(before.replace(day=int(ordinal.group("d"))))}
        except ValueError:
            return {}
    by = _BY.search(question)
    if by is not None:
        count = word_number(by.group("n"))  # "a" and "an" are 1, "a couple of" 2
        if count is None:
            return {}
        days = int(count) * (7 if by.group("unit").lower().startswith("week") else 1)
        forward = by.group("dir").lower() in {"later", "after"}
        return {role: _fact(before + timedelta(days=days if forward else -days))}
    step = _NEXT.search(question)
    if step is not None:
        forward = bool(step.group("fwd")) or (step.group("rel") or "").lower() == "after"
        return {role: _fact(before + timedelta(days=1 if forward else -1))}
    return {}
