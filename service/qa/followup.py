"""Follow-up questions resolved from the conversation, deterministically, for retrieval.

Pure: no I/O, no model. "what about a pension fund?" after "What is the maximum treaty rate for most
shareholders?" is searched as "What is the maximum treaty rate for a pension fund?"; "and before July 2004?"
adds the date to the question it follows; "which form is that?" is searched together with the question it
refers to. Each earlier user turn is resolved the same way, so a follow-up of a follow-up keeps the topic.
The calculator does its own carrying (service/qa/numeric/); this module only serves search.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.qa.asks import MONTH
from service.qa.types import Turn

# A question that opens like this continues the previous one.
_LEAD = re.compile(
    r"^\s*(?:(?:and|but|so|ok|okay)\s*,?\s+)?"
    r"(?:what\s+about|how\s+about|what\s+if|same\s+for|and\s+for|and\s+if|and|also|for|then|instead)\b[\s,]*",
    re.IGNORECASE,
)
# Words that point back at something said earlier.
_ANAPHORA = re.compile(r"\b(?:it|that|those|they|them|its|their|instead|the\s+same)\b", re.IGNORECASE)
_DATE = rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{4}})"
# "before July 2004", "on or after July 1, 2004", "in 2003".
_TIME = re.compile(
    rf"\b(?:on\s+or\s+(?:before|after)|prior\s+to|before|after|until|since|from|in|on)\s+{_DATE}(?![\w-])",
    re.IGNORECASE,
)
_HOLDER_NOUN = (
    r"(?:pension\s+funds?|(?:individual\s+)?(?:share|ads\s+|adr\s+)?holders?|shareholders?|individuals?|"
    r"corporations?|compan(?:y|ies)|partnerships?|trusts?|estates?|banks?|investors?|residents?|"
    r"non-residents?|person|people|funds?)"
)
_MODIFIER = (
    r"(?:u\.?s\.?|us|american|japanese|non-japanese|delaware|resident|non-resident|individual|corporate|"
    r"tax-exempt|exempt|foreign|domestic|qualified|private|public|large|small|\d+(?:\.\d+)?%|ads|adr)"
)
# "a pension fund", "most shareholders", "a US company", "U.S. individual holders".
_HOLDER = re.compile(
    rf"\b(?:(?:a|an|the|most|all|other|such|some)\s+)?(?:{_MODIFIER}\s+){{0,3}}{_HOLDER_NOUN}\b",
    re.IGNORECASE,
)
# Holder phrases in the question that are introduced by "for"/"to" (the slot a follow-up replaces).
_HOLDER_SLOT = re.compile(rf"\b(?:for|to|by|of)\s+({_HOLDER.pattern})", re.IGNORECASE)
_SHORT_WORDS = 4


def is_follow_up(question: str) -> bool:
    """True when the question only makes sense with the one before it."""
    text = question.strip()
    return bool(_LEAD.match(text)) or len(text.split()) <= _SHORT_WORDS or bool(_ANAPHORA.search(text))


def _fragment(question: str) -> str:
    """The follow-up without its opening ("and", "what about") and closing punctuation."""
    text = _LEAD.sub("", question.strip(), count=1).strip().rstrip("?.!").strip()
    return re.sub(r"[\s,]+instead$", "", text, flags=re.IGNORECASE)


def _is_whole(pattern: re.Pattern[str], text: str) -> bool:
    match = pattern.fullmatch(text)
    return match is not None


def _with(previous: str, addition: str) -> str:
    """``previous`` with ``addition`` placed before its closing question mark."""
    stem = previous.strip().rstrip("?.! ")
    return f"{stem} {addition}?"


def resolve(question: str, previous: str | None) -> str:
    """One follow-up against the (already resolved) question it follows; standalone questions are unchanged."""
    text = question.strip()
    if not previous or not previous.strip() or not is_follow_up(text):
        return text
    fragment = _fragment(text)
    holder = re.sub(r"^for\s+", "", fragment, flags=re.IGNORECASE)
    if fragment and _is_whole(_TIME, fragment):
        if _TIME.search(previous):
            return _TIME.sub(fragment, previous, count=1).strip()
        return _with(previous, fragment)
    if holder and _is_whole(_HOLDER, holder):
        slot = _HOLDER_SLOT.search(previous)
        if slot:
            return (previous[: slot.start(1)] + holder + previous[slot.end(1) :]).strip()
        return _with(previous, f"for {holder}")
    return f"{previous.strip()} {text}"


def retrieval_question(question: str, history: Sequence[Turn]) -> str:
    """The text to search for ``question`` asked after ``history`` (earlier user turns resolved in order)."""
    resolved: str | None = None
    for turn in history:
        if turn.role == "user" and turn.content.strip():
            resolved = resolve(turn.content, resolved)
    return resolve(question, resolved)
