"""A date given as a month or a year: which of its days must be tried, with a day that notes how it was read.

A month or a year is settled only when every day in it gives the calculator the same result, and asked for as
soon as two differ. The calculation is a pure function of its inputs, so a day can change its result only
through what the calculation reads of it. A ``WatchedDay`` notes that: every attribute and operator of a date.
When the calculation only compared the day with other dates (a rule's first day, another date of the question),
every day of the span on which each of those comparisons comes out the same takes the same path through the
calculation and gets the same result: one call settles all of them (a calendar year before the Treaty applies
is one call, not 366). A day read any other way (its year, arithmetic, its text) is its own; so is a day the
result keeps. (A date method called on the class, ``date.toordinal(day)``, would read the day unnoticed: the
calculators call none, and tests/unit/qa/test_numeric_date_spans.py keeps it so.)
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from typing import Any

# attributes that say nothing of the day's value: its type (isinstance reads it) and the notes themselves
_UNREAD = frozenset({"__class__", "_read", "_compared"})
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge, "eq": operator.eq, "ne": operator.ne,
}  # fmt: skip


class WatchedDay(date):
    """A day that notes any reading of its value: every attribute (year, month, isoformat, replace, …) and every
    operator a date has (comparison, arithmetic, hashing, formatting, pickling). Operators with a plain date on the
    left reach it too: a subclass's reflected method is tried first."""

    __slots__ = ("_compared", "_read")

    def __new__(cls, year: int, month: int, day: int) -> WatchedDay:
        # (date arithmetic makes its results of the subclass by calling it with year, month and day)
        watched = super().__new__(cls, year, month, day)
        object.__setattr__(watched, "_read", False)
        object.__setattr__(watched, "_compared", [])
        return watched

    def __getattribute__(self, name: str) -> Any:
        if name not in _UNREAD:
            object.__setattr__(self, "_read", True)
        return super().__getattribute__(name)

    def _note(self) -> None:
        object.__setattr__(self, "_read", True)

    def __lt__(self, other: object) -> Any:
        return _compare(self, "lt", other)

    def __le__(self, other: object) -> Any:
        return _compare(self, "le", other)

    def __gt__(self, other: object) -> Any:
        return _compare(self, "gt", other)

    def __ge__(self, other: object) -> Any:
        return _compare(self, "ge", other)

    def __eq__(self, other: object) -> Any:
        return _compare(self, "eq", other)

    def __ne__(self, other: object) -> Any:
        return _compare(self, "ne", other)

    def __hash__(self) -> int:
        self._note()
        return date.__hash__(self)

    def __add__(self, other: Any) -> Any:
        self._note()
        return date.__add__(self, other)

    def __radd__(self, other: Any) -> Any:
        self._note()
        return date.__radd__(self, other)

    def __sub__(self, other: Any) -> Any:
        self._note()
        return date.__sub__(self, other)

    def __rsub__(self, other: Any) -> Any:
        self._note()
        return date.__rsub__(self, other)  # type: ignore[attr-defined]

    def __str__(self) -> str:
        self._note()
        return date.__str__(self)

    def __repr__(self) -> str:
        self._note()
        return date.__repr__(self)

    def __format__(self, spec: str) -> str:
        self._note()
        return date.__format__(self, spec)

    def __reduce__(self) -> Any:
        self._note()
        return date.__reduce__(self)

    def __reduce_ex__(self, protocol: Any) -> Any:
        self._note()
        return date.__reduce_ex__(self, protocol)


def _compare(day: WatchedDay, name: str, other: object) -> Any:
    """``day`` compared with ``other``: noted as a comparison with a plain date, as a reading otherwise."""
    outcome = getattr(date, f"__{name}__")(day, other)
    if type(other) is date and isinstance(outcome, bool):
        object.__getattribute__(day, "_compared").append((name, other, outcome))
    else:
        object.__setattr__(day, "_read", True)
    return outcome


def watched(day: date) -> WatchedDay:
    """``day`` as a ``WatchedDay``, not read yet."""
    return WatchedDay(day.year, day.month, day.day)


def keep_watch(day: date, result: object) -> None:
    """Note ``day`` as read when ``result`` keeps it (whoever reads the result could read the day)."""
    if isinstance(day, WatchedDay) and _holds(result, day):
        object.__setattr__(day, "_read", True)


def _holds(value: object, day: WatchedDay) -> bool:
    if value is day:
        return True
    if isinstance(value, Mapping):
        return any(_holds(k, day) or _holds(v, day) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds(v, day) for v in value)
    return False


def span_outcomes(days: list[date], outcome: Callable[[date], Hashable]) -> set[Hashable]:
    """The outcomes the days of a span give, as far as needed to tell whether they are all the same: every one
    when they are, at least two when they are not. ``outcome`` is called with a ``WatchedDay``; a call settles
    every day on which the comparisons it made come out the same (see the module's docstring)."""
    found: set[Hashable] = set()
    left = set(range(len(days)))
    for index in coarse_to_fine(len(days)):
        if index not in left:
            continue
        day = watched(days[index])
        found.add(outcome(day))
        if len(found) > 1:
            break
        left.discard(index)
        if not object.__getattribute__(day, "_read"):
            compared = object.__getattribute__(day, "_compared")
            left -= {
                i
                for i in left
                if all(_COMPARISONS[name](days[i], other) is result for name, other, result in compared)
            }
    return found


def coarse_to_fine(n: int) -> list[int]:
    """Every index below ``n`` once: the first and the last, then the middle, then the quarters, and so on.

    Whether a span is settled or asked for does not depend on the order its days are tried; days spread over the
    span first find two that differ (a rule that starts mid-year) in a few calls, where day by day took half
    the span.
    """
    order = [0, n - 1][: min(n, 2)]
    seen = set(order)
    step = 1 << max(n - 1, 0).bit_length()
    while step >= 1:
        for index in range(0, n, step):
            if index not in seen:
                seen.add(index)
                order.append(index)
        step //= 2
    return order
