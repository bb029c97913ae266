"""Events placed by their distance from a dividend date ("bought 55% eight months before the entitlement date",
"bought 20 days before the ex-dividend date and sold 30 days after it"), and the holding tests they settle.

A distance in months or years is a range of days (a month is 28 to 31 days); a test is answered only when every
length in the range gives the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from service.qa.readers.features import features
from service.qa.readers.numbers import NUMWORD, WORD_NUMBER, word_number

Event = Literal["acquisition", "disposition"]
Anchor = Literal["entitlement", "ex_dividend", "payment"]

# What was done: bought (or came to hold) or sold.
_EVENT_VERBS: tuple[tuple[Event, str], ...] = (
    (
        "acquisition",
        r"bought|buy|buying|purchased|acquired|got|took|picked\s+(?:(?:it|them|the\s+shares)\s+)?up|became|opened|entered|"
        # a stake that came to exceed a threshold: "went above 50% fourteen months before the record date"
        r"went\s+(?:above|over|past|beyond)|crossed|passed|exceeded|rose\s+(?:above|over|past)|reached|climbed\s+"
        r"(?:above|over|past)",
    ),
    # a sale in any tense or its slang: "sell", "dump them", "unload", "offload", "cash out", "get out"
    (
        "disposition",
        r"sold|sell|sells|selling|dispose\s+of|disposed\s+of|dump|dumps|dumping|dumped|exit|exits|exited|closed|"
        r"unload|unloads|unloaded|offload|offloaded|liquidate|liquidated|cash(?:ed)?\s+out|get\s+out|got\s+out",
    ),
)
# The date it is measured from; "it" / "that" / "then" is the date named last.
_ANCHORS: tuple[tuple[Anchor, str], ...] = (
    (
        "entitlement",
        r"(?:the\s+)?(?:dividend\s+)?(?:record|entitlement)(?:\s+date)?|(?:the\s+)?date\s+of\s+record",
    ),
    ("ex_dividend", r"(?:the\s+)?ex[- ]?(?:dividend|div|date)(?:\s+date)?"),
    ("payment", r"(?:the\s+)?(?:payment|pay)\s+date|(?:the\s+)?(?:dividend\s+)?(?:was\s+)?paid"),
)
_UNIT_DAYS: dict[str, tuple[int, int]] = {"d": (1, 1), "w": (7, 7), "m": (28, 31), "y": (365, 366)}
_RELATIVE = re.compile(
    r"""
    \b(?P<verb>"""
    + "|".join(f"(?P<{event}>{verbs})" for event, verbs in _EVENT_VERBS)
    + r""")\b
    [^.;?!]{0,60}?                                      # what was bought: "55% of the voting shares", "them"
    \b"""
    + NUMWORD
    + r"""[\s-]*(?P<unit>days?|weeks?|months?|years?)\s+
    (?P<dir>before|prior\s+to|ahead\s+of|after|following|past)\b
    (?:\s+(?:the|that|its)\s+\d[\d/.-]{5,9}(?=\s))?                 # "the 2004-09-30 record date": a date before the name
    (?:\s+(?P<anchor>"""
    + "|".join(f"(?P<{anchor}>{words})" for anchor, words in _ANCHORS)
    + r"""|it|that|then)\b)?                  # none named: the date named last ("sold 50 days after")
    """,
    re.I | re.X,
)


# The same said date first: "8 months before the record date we bought 55%".
_RELATIVE_FIRST = re.compile(
    r"""
    \b"""
    + NUMWORD
    + r"""[\s-]*(?P<unit>days?|weeks?|months?|years?)\s+
    (?P<dir>before|prior\s+to|ahead\s+of|after|following)\s+
    (?P<anchor>"""
    + "|".join(f"(?P<{anchor}>{words})" for anchor, words in _ANCHORS)
    + r""")\b
    [\s,]*(?:(?:i|we|they|he|she|it|the\s+\w+|our\s+\w+|my\s+\w+)\s+)?(?:had\s+|have\s+|was\s+|were\s+)?
    (?P<verb>"""
    + "|".join(f"(?P<{event}>{verbs})" for event, verbs in _EVENT_VERBS)
    + r""")\b
    # not a verb with a distance of its own ("45 days before the ex-date, sold 10 days after")
    (?![^.;?!]{0,25}?\b(?:\d+|"""
    + WORD_NUMBER
    + r""")[\s-]*(?:days?|weeks?|months?|years?)\b)
    """,
    re.I | re.X,
)


@dataclass(frozen=True)
class RelativeEvent:
    """A purchase or sale ``min_days``…``max_days`` days from a dividend date (negative: before it)."""

    event: Event
    anchor: Anchor
    min_days: int
    max_days: int
    count: Decimal
    unit: Literal["d", "w", "m", "y"]
    start: int
    end: int


# A purchase or sale on a dividend date itself: "bought on the ex-dividend date itself", "purchased them the
# ex-div day", "sold on the record date" (zero days from it).
_ON_ANCHOR = re.compile(
    r"\b(?P<verb>"
    + "|".join(f"(?P<{event}>{verbs})" for event, verbs in _EVENT_VERBS)
    + r")\b[^.;?!]{0,40}?\b(?:on|at)\s+(?:the\s+|that\s+)?(?:very\s+|same\s+)?(?P<anchor>"
    + "|".join(f"(?P<{anchor}>{words})" for anchor, words in _ANCHORS if anchor != "payment")
    + r")(?:\s+(?:itself|day))?\b",
    re.I,
)


# "the day before the ex-date" is one day before it; rewritten in place (same length, so spans hold)
_THE_DAY = re.compile(r"\bthe\s+day\s+(?=before\b|after\b|prior\s+to\b|following\b)", re.I)


# Every event is placed from a dividend date the text names (in its own words or before it), and every name of
# one in _ANCHORS holds one of these; a text without them places no event and is not read.
_ANCHOR_PARTS = ("record", "entitlement", "exd", "ex-d", "ex d", "paid")  # "paid" last: no day an event is on
_DIRECTIONS = ("before", "prior", "ahead", "after", "following", "past")


def _may_name_anchor(text: str) -> bool:
    held = features(text)
    return held.says(*_ANCHOR_PARTS) or (held.says("pay") and held.says("date"))


def relative_events(text: str) -> list[RelativeEvent]:
    """Every purchase or sale the text places relative to a dividend date, in text order."""
    return list(_events(text))


# Memoised on the text: one message is read by several readers (the facts, the two-cases split, the inputs),
# and the result is immutable (a tuple of frozen mentions); each caller gets a list of its own.
@lru_cache(maxsize=256)
def _events(text: str) -> tuple[RelativeEvent, ...]:
    if not _may_name_anchor(text):
        return ()
    held = features(text)
    # a distance holds its unit and its direction; a day itself, a date of record or an ex-dividend date
    distance = held.says("day", "week", "month", "year") and held.says(*_DIRECTIONS)
    on_the_day = held.says(*_ANCHOR_PARTS[:-1])
    text = _THE_DAY.sub(lambda m: "1 day".rjust(len(m.group(0)) - 1) + " ", text)
    found: list[RelativeEvent] = []
    last_anchor: Anchor | None = None
    matches = (
        sorted([*_RELATIVE.finditer(text), *_RELATIVE_FIRST.finditer(text)], key=lambda m: m.start())
        if distance
        else []
    )
    for m in matches:
        n = word_number(m.group("n"))
        anchor = next((a for a, _ in _ANCHORS if m.group(a)), last_anchor or _named_before(text[: m.start()]))
        if n is None or anchor is None:
            continue
        unit: Literal["d", "w", "m", "y"] = m.group("unit")[0].lower()  # type: ignore[assignment]
        low, high = _UNIT_DAYS[unit]
        sign = -1 if m.group("dir").lower().startswith(("before", "prior", "ahead")) else 1
        days = sorted((int(sign * n * low), int(sign * n * high)))
        event: Event = "acquisition" if m.group("acquisition") else "disposition"
        found.append(RelativeEvent(event, anchor, days[0], days[1], n, unit, m.start(), m.end()))
        last_anchor = anchor
    for m in _ON_ANCHOR.finditer(text) if on_the_day else ():
        if any(e.start <= m.start() < e.end for e in found):
            continue
        on: Event = "acquisition" if m.group("acquisition") else "disposition"
        at: Anchor = next(a for a, _ in _ANCHORS if a != "payment" and m.group(a))
        found.append(RelativeEvent(on, at, 0, 0, Decimal(0), "d", m.start(), m.end()))
    return tuple(sorted(found, key=lambda e: e.start))


def _named_before(text: str) -> Anchor | None:
    """The dividend date named last in ``text`` ("ex-dividend 2004-03-29; bought 10 days before it")."""
    named = [
        (m.start(), anchor)
        for anchor, words in _ANCHORS
        for m in re.finditer(rf"\b(?:{words})\b", text, re.I)
    ]
    return max(named)[1] if named else None


def _event(events: list[RelativeEvent], event: Event, anchor: Anchor) -> RelativeEvent | None:
    return next((e for e in events if e.event == event and e.anchor == anchor), None)


def held_twelve_months_at_record(text: str) -> bool | None:
    """R-10b: a stake bought some time before the entitlement date has been held twelve months on that date only
    if it was bought at least twelve months before it."""
    bought = _event(relative_events(text), "acquisition", "entitlement")
    if bought is None or bought.max_days > 0:
        return None
    months = {"y": Decimal(12), "m": Decimal(1)}.get(bought.unit)
    if months is not None:  # "twelve months before" is a year to the day
        return bought.count * months >= 12
    return -bought.max_days >= 365


def days_in_window(bought_before: int, sold_after: int) -> int:
    """Days held in the 121-day window around the ex-dividend date (acquisition day out, disposition day in)."""
    return max(0, min(sold_after, 60) + min(bought_before - 1, 60) + 1)


_STILL_HOLDING = re.compile(
    r"\bstill\s+(?:hold|holding|have|own|owning)\b|\b(?:never|haven'?t|have\s+not|hasn'?t|has\s+not|not(?:\s+yet)?)"
    r"\s+(?:yet\s+)?(?:sold|disposed)\b|\bhold(?:ing)?\s+(?:it|them|the\s+shares|the\s+adss)?\s*(?:still|to\s+this\s+day)\b",
    re.I,
)


def qdi_holding_met(text: str) -> bool | None:
    """R-34/R-35b: held more than 60 days in the 121-day window around the ex-dividend date, from a purchase and
    a sale (or "still holding") placed relative to that date; ``None`` when they do not settle it."""
    events = relative_events(text)
    bought = _event(events, "acquisition", "ex_dividend")
    if bought is None or bought.max_days > 0:
        return None
    sold = _event(events, "disposition", "ex_dividend")
    if sold is None and not _STILL_HOLDING.search(text):
        return None
    after = (60, 60) if sold is None else (sold.min_days, sold.max_days)
    answers = {
        days_in_window(before, sold_after) > 60
        for before in (-bought.max_days, -bought.min_days)
        for sold_after in after
    }
    return answers.pop() if len(answers) == 1 else None


def qdi_offsets(text: str) -> tuple[int, int | None] | None:
    """A purchase (and a sale, if any) placed a number of days from the ex-dividend date: (days before, days
    after; ``None`` when not sold), for the holding-period count; ``None`` unless the purchase is day-precise."""
    events = relative_events(text)
    bought = _event(events, "acquisition", "ex_dividend")
    if bought is None or bought.min_days != bought.max_days or bought.max_days > 0:
        return None
    sold = _event(events, "disposition", "ex_dividend")
    if sold is not None and sold.min_days != sold.max_days:
        return None
    return -bought.max_days, None if sold is None else sold.max_days
