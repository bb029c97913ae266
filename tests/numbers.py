"""Numbers written in an answer, and the numbers an answer is allowed to contain (test helper)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

_NUMBER = re.compile(r"(?<![\w.])[¥$]?\d[\d,]*(?:\.\d+)?%?")


def numbers_in(text: str) -> list[tuple[str, set[Decimal]]]:
    """Each number token with the values it may stand for ("10%" → {10, 0.10}; "¥1,000,000" → {1000000})."""
    text = re.sub(r"\[\d+\]", " ", text)  # citation markers
    text = re.sub(r"\b20-F\b", " ", text)  # the form's name
    out = []
    for token in _NUMBER.findall(text):
        raw = token.strip("¥$%").replace(",", "")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            continue
        values = {value}
        if token.endswith("%"):
            values.add(value / 100)
        out.append((token, values))
    return out


def collect_numbers(value: Any, into: set[Decimal]) -> None:
    """Every number inside a JSON-like value (dict keys included; strings are scanned for numbers)."""
    if isinstance(value, dict):
        for key, item in value.items():
            collect_numbers(str(key), into)
            collect_numbers(item, into)
    elif isinstance(value, list | tuple):
        for item in value:
            collect_numbers(item, into)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float | Decimal):
        into.add(Decimal(str(value)))
    else:
        for _, values in numbers_in(str(value)):
            into.update(values)


def _shown(value: Decimal, allowed: set[Decimal]) -> bool:
    """Whether ``value`` is an allowed number, or one written to fewer decimals ("67.78%" for a ratio 0.677778)."""
    if value in allowed:
        return True
    places = value.as_tuple().exponent
    if not isinstance(places, int) or places >= 0:
        return False  # a whole number must be exact: rounding to it could hide an invented figure
    step = Decimal(1).scaleb(places)
    return any(source.quantize(step) == value for source in allowed if abs(source) < 10**12)


def invented_numbers(answer_text: str, sources: Iterable[Any]) -> list[str]:
    """Number tokens of the answer that appear in none of the sources (the question's own words, quotes,
    calculation inputs/results), allowing a source number written to fewer decimal places."""
    allowed: set[Decimal] = set()
    for source in sources:
        collect_numbers(source, allowed)
    return [
        token
        for token, values in numbers_in(answer_text)
        if not any(_shown(value, allowed) for value in values)
    ]
