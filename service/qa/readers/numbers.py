"""Numbers as people write them: the one number grammar ("1,234.5", "3k", "¥1.2m", "eight") every reader uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Atomic: once a number is read it is never shortened to let a pattern's lookahead pass ("at 108.35 -" must not
# be read as 108 because "108.35" is followed by a dash a rate may not be followed by).
NUM = r"(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
# "5 grand" is five thousand ("grand total" is not an amount: a multiplier needs a number before it)
MULTIPLIER = r"(?:thousand|million|billion|grand|mln|mil|mio|mm|mn|bn|k|m|b)(?![a-z])"
SUFFIX = r"(?:\s*(?P<suf>" + MULTIPLIER + r"))?"  # multipliers
AMOUNT = r"(?:[$¥]\s*)?" + NUM + r"(?:\s*" + MULTIPLIER + r")?"  # an amount as a plain pattern (no groups)
_MULT = {
    "k": 10**3,
    "thousand": 10**3,
    "grand": 10**3,
    "m": 10**6,
    "mm": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "mil": 10**6,
    "mio": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
}
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_NUMBERS: dict[str, int | Decimal] = {
    "a": 1,
    "an": 1,
    "half a": Decimal("0.5"),
    "a dozen": 12,
    "a couple of": 2,
    "a couple": 2,
    **{word: n for n, word in enumerate(_UNITS)},
    **{word: 20 + 10 * n for n, word in enumerate(_TENS)},
}
# A number in words: "eight", "forty-five", "twenty one", "a dozen", "half a" (longest first).
WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(_UNITS[1:10]) + r"))?(?![\w-])|"
    r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")(?![\w-])|"
    r"a\s+dozen|a\s+couple(?:\s+of)?|half\s+a|an?)"
)


def to_decimal(raw: str) -> Decimal | None:
    """Parse ``"1,234.5"`` to ``Decimal``; ``None`` when it is not a number."""
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


def _bare_reply(before: str, after: str = "") -> re.Pattern[str]:
    """A reply that is one number and nothing else: ``before`` (hedges, a currency sign) and ``after`` (a unit
    word) may surround it; a closing full stop or exclamation mark is allowed."""
    return re.compile(r"\s*" + before + r"(?P<num>" + NUM + r")\s*" + after + r"[.!]?\s*", re.I)


BARE_STAKE = _bare_reply(r"(?:(?:about|around|roughly|approx\w*|circa|~|exactly|just|only)\s*)?")
BARE_USD = _bare_reply(r"(?:about\s+|around\s+)?\$?\s*", r"(?:dollars)?\s*")
BARE_YEN = _bare_reply(r"(?:about\s+|around\s+)?¥?\s*", r"(?:yen)?\s*")


def bare_number(reply: str, pattern: re.Pattern[str]) -> Decimal | None:
    """The number of a reply that is only a number (``pattern`` from ``_bare_reply``); ``None`` otherwise."""
    bare = pattern.fullmatch(reply)
    return to_decimal(bare.group("num")) if bare else None


def scaled(m: re.Match[str]) -> Decimal | None:
    value = to_decimal(m.group("num"))
    if value is None:
        return None
    suffix = (m.group("suf") or "").lower()
    return value * _MULT[suffix] if suffix else value


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


@dataclass(frozen=True)
class Number:
    """A plain number in the text (any unit), with its position."""

    value: Decimal
    start: int
    end: int
    is_pct: bool


_PLAIN = re.compile(
    r"(?<![\w.])(?:[$¥]\s*)?(?P<num>" + NUM + r")" + SUFFIX + r"(?P<pct>\s*(?:%|percent\b))?", re.I
)


def parse_numbers(text: str, skip: list[tuple[int, int]] | None = None) -> list[Number]:
    """Every plain number (currency signs and k/m suffixes allowed), skipping the given spans (dates)."""
    out: list[Number] = []
    for m in _PLAIN.finditer(text):
        if skip and overlaps(m.span(), skip):
            continue
        value = scaled(m)
        if value is None:
            continue
        out.append(Number(value, m.start(), m.end(), bool(m.group("pct"))))
    return out


def number_list_after(text: str, cue: str, skip: list[tuple[int, int]] | None = None) -> list[Decimal]:
    """The run of numbers ("100, 100 and 100", "80/120") that follows the first match of ``cue``."""
    m = re.search(cue, text, re.I)
    if m is None:
        return []
    values: list[Decimal] = []
    position = m.end()
    for number in parse_numbers(text, skip):
        if number.start < m.end():
            continue
        gap = text[position : number.start]
        if values and not re.fullmatch(
            r"\s*(?:,|/|;|and|then|&|\+|,\s*and|(?:,\s*)?then)?\s*(?:\$|¥)?\s*", gap, re.I
        ):
            break
        if not values and len(gap) > 45:
            break
        if number.is_pct:
            break
        values.append(number.value)
        position = number.end
    return values


NUMWORD = r"(?P<n>(?>\d+(?:\.\d+)?)|" + WORD_NUMBER + r")"


def word_number(raw: str) -> Decimal | None:
    """ "eight" → 8, "forty-five" → 45, "a dozen" → 12, "18" → 18; ``None`` when it is not a number."""
    raw = re.sub(r"[\s-]+", " ", raw.lower().strip())
    if raw in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[raw])
    tens, _, unit = raw.partition(" ")
    if tens in _TENS and unit in _UNITS[1:10]:
        return Decimal(_WORD_NUMBERS[tens]) + Decimal(_WORD_NUMBERS[unit])
    return to_decimal(raw)


LIST_GAP = re.compile(r"\s*(?:,|/|;|and|&|\+|,\s*and)?\s*(?:\$|¥)?\s*", re.I)


def number_run_before(text: str, end: int, skip: list[tuple[int, int]] | None = None) -> list[Number]:
    """The run of numbers ("$80 and $120", "100, 100, 100") that ends right before ``end``, in text order."""
    run: list[Number] = []
    position = end
    for number in reversed([n for n in parse_numbers(text[:end], skip) if not n.is_pct]):
        if not LIST_GAP.fullmatch(text[number.end : position]):
            break
        run.insert(0, number)
        position = number.start
    return run
