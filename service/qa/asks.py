"""What kind of answer a question asks for, and whether a quoted passage is that kind of answer. Pure.

* A question after a point in time ("when was it signed?", "what date …?") is answered by a date; one after a
  deadline ("when is the form due?", "by when …?") also by a time limit ("within eight months after …"). "When does
  the 5% rate apply?" asks for a condition, not a date.
* A question that asks what something is or how it is treated ("how are my gains taxed?") wants substance; one that
  asks whether the discussion covers someone ("does this apply to dealers?") is answered by what the report says
  it covers.
* A question that asks what "the certain exceptions" or "the other requirements" are, where the report only
  names them ("with certain exceptions,") without saying what they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.bm25 import tokenize

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "March 25, 2004", "25 March 2004", "2004-07-01", "7/1/2004", a year, "the date hereof" (the report's own date),
# "the date on which entitlement … is determined" (a date the report defines).
_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}\s+{_MONTH}\b|\b(?:19|20)\d\d\b|"
    r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\bthe\s+dates?\b",
    re.IGNORECASE,
)
# A time limit: "before payment", "within eight months after", "no later than", "on or after".
_TIME_LIMIT = re.compile(
    r"\b(?:before|after|within|until|till|prior\s+to|no\s+later\s+than|by\s+the\s+end\s+of)\b", re.IGNORECASE
)
# The asker wants a date: "what/which date (day, year)", "date of/for …", "when was/were/did/will …", "when's",
# "when does … end (start, expire, …)".
_WHEN_EVENT = re.compile(
    r"\b(?:what|which)\s+(?:dates?|day|year|month)\b|\bdates?\s+(?:of|for)\b|"
    r"\bwhen(?:'s|’s|\s+(?:was|were|did|will|has|had)\b)|"
    r"\bwhen\s+(?:is|are|does|do)\b[^?.!]*\b(?:due|ends?|begins?|starts?|expires?|close[sd]?|opens?|"
    r"takes?\s+effect|(?:enters?|comes?)\s+into\s+force)\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"\bdeadlines?\b|\bdue\b|\bby\s+when\b|\bwhen\s+(?:must|should|do\s+i\s+have\s+to|does\s+\w+\s+have\s+to)\b|"
    r"\bhow\s+(?:long|soon)\s+(?:do|does|have)\b",
    re.IGNORECASE,
)
# "When will the dividend be taxable?" asks under what condition, whatever the tense.
_CONDITION = re.compile(
    r"\b(?:taxable|taxed|eligible|subject\s+to|exempt|liable|entitled|required|allowed|treated|applicable|"
    r"appl(?:y|ies)|impos(?:e|ed))\b",
    re.IGNORECASE,
)
_ASKS = re.compile(
    r"\b(?:how|what|what's|whats|which|who|whom|when|where|why)\b(?!\s+about\b)", re.IGNORECASE
)
# Asking what a thing is: "what are …", "list …", "explain …".
_ASKS_CONTENT = re.compile(
    r"^\W*(?:what|which)\b|\b(?:what|which)\s+(?:are|is|were)\b|\b(?:list|name|explain|describe|define|details?)\b",
    re.IGNORECASE,
)
# Words that mark something as named but not spelled out: "certain exceptions", "other requirements".
VAGUE = ("certain", "other", "additional", "special", "various", "some")
_VAGUE_PHRASE = re.compile(rf"\b({'|'.join(VAGUE)})\s+((?:[a-z][\w-]*\s+){{0,3}}[a-z][\w-]*)", re.IGNORECASE)
# After the vague words, a passage that goes on like this (before the line ends) says what they are: "other rules
# including: …", "certain rents … derived in the active conduct of a trade".
_SPELLS_OUT = re.compile(
    r"^[^\n]*?(?::|\bsuch\s+as\b|\binclud(?:e|es|ing)\b|\bnamely\b|\be\.g\.|\bi\.e\.|\bas\s+follows\b|"
    r"\blisted\b|\bderived\b|\bdescribed\b|\bdefined\b)",
    re.IGNORECASE,
)


def wants_date(question: str) -> bool:
    """Whether the question asks when something happened or happens (a date), not under what condition."""
    match = _WHEN_EVENT.search(question)
    if match is None:
        return False
    asks_when = match.group(0).lower().startswith("when")
    return not (asks_when and _CONDITION.search(question, match.end()))


def wants_deadline(question: str) -> bool:
    """Whether the question asks by when something must be done."""
    return _DEADLINE.search(question) is not None


def gives_date(text: str) -> bool:
    return _DATE.search(text) is not None


def gives_time_limit(text: str) -> bool:
    return gives_date(text) or _TIME_LIMIT.search(text) is not None


def asks_substance(question: str) -> bool:
    """Whether the question asks what, how, who … (not "does this apply to me?", "what about …?")."""
    return _ASKS.search(question) is not None


def vague_things_asked(question: str, quotes: Iterable[str]) -> list[str]:
    """The things the question asks to have spelled out ("what are the other requirements?") that the quotes only
    name with a vague word ("… and meet other requirements."), never saying what they are."""
    if not _ASKS_CONTENT.search(question):
        return []
    asked = [
        (vague.lower(), tokenize(rest)[:1])
        for vague, rest in _VAGUE_PHRASE.findall(question.replace("'", " ").replace("’", " "))
    ]
    asked = [(vague, head) for vague, head in asked if head]
    if not asked:
        return []
    named: list[str] = []
    for quote in quotes:
        for match in _VAGUE_PHRASE.finditer(quote):
            vague, rest = match.group(1).lower(), tokenize(match.group(2))
            if rest and (vague, rest[:1]) in asked and not _SPELLS_OUT.search(quote[match.end() :]):
                named.append(match.group(0))
    return named
