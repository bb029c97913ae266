"""A question about one of the two forms a holding takes (the ADSs, or the shares themselves): the answer is the
sentence the report scopes to that form ("With respect to ADSs, ...", "... or the Depositary, in the case of
ADSs, ..."), over one that speaks of both alike.

Pure.
"""

from __future__ import annotations

import re

_ADS = r"(?:ADSs?|ADRs?|American\s+depositary\s+(?:shares?|receipts?))"
_SHARES = r"(?:(?:ordinary|common|underlying)\s+)?shares"
# the form named as what the asker holds or asks about; "not shares" / "rather than shares" names the other one
_NAMES_ADS = re.compile(rf"\b{_ADS}\b", re.IGNORECASE)
_NAMES_SHARES = re.compile(rf"(?<!not\s)(?<!than\s)(?<!of\s)(?<!depositary\s)\b{_SHARES}\b", re.IGNORECASE)
_SCOPED = {
    "ads": re.compile(
        rf"\b(?:with\s+respect\s+to|in\s+the\s+case\s+of)\s+(?:the\s+)?{_ADS}\b",
        re.IGNORECASE,
    ),
    "shares": re.compile(
        r"\b(?:with\s+respect\s+to|in\s+the\s+case\s+of)\s+(?:the\s+)?shares\b"
        r"(?!\s+or\s+ADSs?)",
        re.IGNORECASE,
    ),
}


def form_asked(question: str) -> str | None:
    """ "ads" or "shares" when the question names one form of holding and not the other; else None."""
    ads = _NAMES_ADS.search(question) is not None
    shares = _NAMES_SHARES.search(question) is not None
    if ads != shares:
        return "ads" if ads else "shares"
    return None


def scoped_to(form: str, sentence: str) -> bool:
    """Whether the sentence states something of that form as such ("in the case of ADSs")."""
    return _SCOPED[form].search(sentence) is not None
