"""What a message holds that the fact readers' patterns key on, read once per message.

A reader (or one of its patterns) states as data next to itself the words or characters every match of it
contains; when the message holds none of them the pattern cannot match and is not run. Such a test is a necessary
condition of a match, never a guess, so no fact a reader would have read is lost.

The tests look at the lower-cased text. That is exact when every letter of the message is ASCII: a
case-insensitive match of an ASCII letter is then the same letter in the lower-cased text. A message with another
letter ("é", the Kelvin sign, which matches "k") turns every test off: each reader then runs as it always did.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LETTER_RUN = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Features:
    """The lower-cased message, its whole words (runs of letters) and whether it holds a digit.

    ``exact`` is false when the message has a letter outside ASCII: then ``says`` and ``names`` answer yes to
    everything (the patterns are run, as they would be without the tests).
    """

    lower: str
    words: frozenset[str]
    digit: bool
    exact: bool

    def says(self, *parts: str) -> bool:
        """Whether one of ``parts`` (lower-case) occurs anywhere in the message."""
        return not self.exact or any(part in self.lower for part in parts)

    def names(self, words: Collection[str]) -> bool:
        """Whether one of ``words`` (lower-case letters) is a whole run of letters of the message: a pattern
        ``\\bword\\b`` (or one with a non-letter on each side of the word) can match only then."""
        return not self.exact or not self.words.isdisjoint(words)


@lru_cache(maxsize=256)
def features(text: str) -> Features:
    """The features of ``text``; memoised, since every reader of a message asks for them."""
    lower = text.lower()
    exact = not any(char.isalpha() for char in _NON_ASCII.findall(text))
    return Features(lower, frozenset(_LETTER_RUN.findall(lower)), _DIGIT.search(text) is not None, exact)


@dataclass(frozen=True)
class Needs:
    """What every match of one pattern holds, as data beside the pattern: a digit (``digit``), for each group of
    ``parts`` one of its strings (lower-case), and one of ``words`` as a whole word (none: no such test)."""

    parts: tuple[tuple[str, ...], ...] = ()
    words: frozenset[str] = frozenset()
    digit: bool = True

    def met(self, held: Features) -> bool:
        """Whether a message with these features may match the pattern (false: it cannot)."""
        if self.digit and not held.digit:
            return False
        if self.words and not held.names(self.words):
            return False
        return all(held.says(*group) for group in self.parts)
