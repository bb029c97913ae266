"""A question set in a case of the asker's doing ("if I make the election, does X still apply?"): the answer is the
sentence stating what follows in that case, not the one stating what follows in the opposite case.

Pure. The asker's case is the condition the question opens with (or ends with); a sentence's case is its "if" (or
"unless") clause. The two speak of one thing when they share a subject-matter word, or when the sentence points
back to it ("if you make this election" after the question names the election). A sentence whose case is the
asker's, negated ("if you did not make the election"), answers the other case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.bm25 import tokenize
from service.qa.query import QUESTION_STEMS

_ASKER = r"(?:i|we|you|they|he|she|my\s+[\w-]+|our\s+[\w-]+|the\s+(?:holder|investor|shareholder))"
# "If I make X, …", "once we elect X, …", "… if I make X?"
_ASKED = re.compile(
    rf"\b(?:if|once|suppose|supposing|assuming)\s+{_ASKER}\s+(?P<case>[^,;?]+?)"
    r"(?=\s*[,;?]|\s*$|\s+(?:do|does|did|will|would|can|could|is|are|am|should|may|must|still|then)\b)",
    re.IGNORECASE,
)
_STATED = re.compile(r"\b(?P<word>if|unless)\s+(?P<case>[^,:;]+)", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|no|fail(?:s|ed)?\s+to)\b|n't\b", re.IGNORECASE)
_POINTED = re.compile(r"\b(?:this|that|such|the)\s+([a-z][a-z-]+)", re.IGNORECASE)
# Words of every case of a holder's ("if you hold shares", "if the ADSs are sold"): they tell no two cases apart.
_PEOPLE = frozenset(
    tokenize(
        "holder holders investor investors shareholder you your we our treat treated share shares ADS ADSs ADR "
        "ADRs stock tax taxes dividend dividends hold holds own owns sell sells"
    )
)


@dataclass(frozen=True)
class Case:
    """A condition: its subject-matter terms, the nouns a later sentence may point back to, and its polarity."""

    terms: frozenset[str]
    negated: bool


def _case(text: str, negated: bool) -> Case:
    terms = frozenset(tokenize(text)) - QUESTION_STEMS - _PEOPLE
    return Case(terms, negated)


def asked_case(question: str) -> Case | None:
    """The case the asker sets the question in ("if I make a mark-to-market election"), or None."""
    match = _ASKED.search(question)
    if match is None:
        return None
    case = _case(match.group("case"), bool(_NEGATED.search(match.group("case"))))
    return case if case.terms else None


def stated_cases(sentence: str) -> list[Case]:
    """Each "if" (or "unless") clause of a sentence, up to its comma."""
    cases = []
    for match in _STATED.finditer(sentence):
        negated = bool(_NEGATED.search(match.group("case"))) != (match.group("word").lower() == "unless")
        case = _case(match.group("case"), negated)
        pointed = frozenset(t for m in _POINTED.finditer(match.group("case")) for t in tokenize(m.group(1)))
        cases.append(Case(case.terms | pointed, negated))
    return cases


def same_case(asked: Case, sentence: str) -> bool | None:
    """Whether the sentence states what follows in the asker's case (True), in the opposite case (False), or
    speaks of no such case (None)."""
    found = [c for c in stated_cases(sentence) if c.terms & asked.terms]
    if not found:
        return None
    return any(c.negated == asked.negated for c in found)
