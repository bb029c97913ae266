"""Misspelled words the fact readers key on, written right before they read: the trade verbs ("bougth",
"purchsed", "aquired", "sodl"), so a date after a misspelled verb is still the purchase or sale date."""

from __future__ import annotations

import re
from functools import lru_cache


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[len(b)]


# The past-tense trade verbs the date and amount readers look for.
_TRADE_VERBS = ("bought", "purchased", "acquired", "sold")
# Real words a slip away from one of them, which are not it.
_NEAR_TRADE_VERBS = {
    "bough", "boughs", "sought", "fought", "brought", "purchase", "purchases", "purchaser", "purchasers",
    "acquire", "acquires", "acquirer", "acquirers", "required", "inquired", "enquired", "solid", "solo",
    "sole", "soled", "solds", "scold", "soul",
}  # fmt: skip
_WORD = re.compile(r"\b[a-z]{4,11}\b", re.I)


@lru_cache(maxsize=4096)  # a word's verb is its own: worked out once per word, not once per message
def _trade_verb(word: str) -> str | None:
    """The trade verb ``word`` misspells, if any: the same first letter (a typo rarely hits it), one slip
    (two for the long verbs); the short "sold" only with its own letters swapped ("sodl"), since one changed
    letter makes other words of it ("hold", "told", "sole")."""
    w = word.lower()
    if w in _NEAR_TRADE_VERBS or w in _TRADE_VERBS:
        return None
    for verb in _TRADE_VERBS:
        if w[0] != verb[0]:
            continue
        if len(verb) <= 4:
            if sorted(w) == sorted(verb) and edit_distance(w, verb) == 1:
                return verb
            continue
        slips = 2 if len(verb) >= 8 else 1
        # each slip changes the length by one at most: a word longer or shorter by more is not one
        if abs(len(w) - len(verb)) <= slips and edit_distance(w, verb) <= slips:
            return verb
    return None


def respell_trade_verbs(text: str) -> str:
    """``text`` with each misspelled trade verb written right ("I bougth on …" → "I bought on …")."""

    def fix(m: re.Match[str]) -> str:
        verb = _trade_verb(m.group(0))
        return m.group(0) if verb is None else verb

    return _WORD.sub(fix, text)
