"""Requests no report text answers, told from the question alone: live market data, investment advice and
figures of the asker's own tax position.

Internals of the answerability judge (service/qa/answerable.py screens with `request_no_report_answers`).
"""

from __future__ import annotations

import re

from service.qa.verdict import Reason

# A report is a record as of its date: it cannot tell what something is worth or costs now, nor what it was in a
# period counted back from the asker's today ("last year", "this quarter"), which the report cannot place.
_NOW = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|right\s+now|at\s+the\s+moment|as\s+of\s+now|as\s+we\s+speak|"
    r"this\s+(?:morning|afternoon|week|month)|real[\s-]?time|live\s+(?:price|quote|rate)s?)\b",
    re.IGNORECASE,
)
# Only "last/this/next year" said of today: "the previous year's value", "the prior fiscal year", "the last year
# of the period" count back from a time the question names, which a report can place.
_COUNTED_BACK = re.compile(
    r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bthat\s)(?<!\bits\s)(?<!\beach\s)"
    r"\b(?:last|this|next)\s+(?:fiscal\s+)?(?:year|quarter|month|week)(?:'s|’s)?\b",
    re.IGNORECASE,
)
# "If IIJ was a PFIC last year, …": a period inside a supposition sets up a case; it asks for no figure of then.
_SUPPOSED = re.compile(r"\b(?:if|suppose|supposing|assum(?:e|ing)|say|had)\b[^,;:.?!]*$", re.IGNORECASE)
_QUANTITY = re.compile(
    r"\b(?:rates?|prices?|values?|quotes?|worth|trading|trades?|costs?|level|how\s+(?:much|many|high|low)|"
    r"per\s+(?:share|ads|adr)|pa(?:y|id|ys)\s+out|payouts?|revenues?)\b",
    re.IGNORECASE,
)
# Market quotes for a security, asked in the present tense ("what's the share price?").
_MARKET_QUOTE = re.compile(
    r"\b(?:share|stock|ads|adr|equity)s?(?:'s|')?\s+(?:price|quote)s?\b|\bstock\s+quotes?\b|"
    r"\bmarket\s+cap(?:itali[sz]ation)?\b|\btrad(?:ing|es|ed)\s+at\b|\bprice\s+per\s+(?:share|ads|adr)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|did|had|used\s+to|history|historical|range|highs?|lows?|highest|lowest|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# Advice on what to do with an investment, which a report does not give.
_ADVICE = re.compile(
    r"\bshould\s+(?:i|we|one|my\s+\w+)\s+(?:buy|sell|invest|purchase|short)\b|"
    r"\b(?:good|bad|wise|smart|safe|sound)\s+(?:investment|buy|bet)\b|"
    r"\bworth\s+(?:buying|investing|owning)\b|"
    r"\b(?:recommend|advise)\w*\s+(?:me\s+)?(?:to\s+)?(?:buy|sell|invest)\w*\b|"
    r"\bbuy\s+or\s+sell\b|\bgood\s+(?:time|moment)\s+to\s+(?:buy|sell|invest)\b",
    re.IGNORECASE,
)

# The asker's own tax position, which a report's tax discussion gives no figures for: their income tax bracket or
# marginal rate ("in the 25% bracket", "my marginal rate"), or a figure of their whole return computed from their
# other income or taxes ("work out my credit limitation given my other foreign income").
_OWN_BRACKET = re.compile(
    r"\b(?:in|at)\s+(?:the|a|my|our)\s+(?:(?:\d+(?:\.\d+)?\s*%|top|bottom|lowest|highest|low|high)\s+)?(?:federal\s+|income\s+|tax\s+|marginal\s+)*"
    r"(?:bracket|band)\b|\b(?:my|our)\s+(?:federal\s+|income\s+|tax\s+|marginal\s+)*(?:bracket|band)\b|"
    r"\b(?:my|our)\s+marginal\s+(?:tax\s+)?rate\b",
    re.IGNORECASE,
)
_COMPUTE = re.compile(r"\b(?:compute|calculate|work\s+out|figure\s+out|determine|tell\s+me)\b", re.IGNORECASE)
_OWN_RETURN = re.compile(
    r"\b(?:my|our)\s+(?:other|total|overall|whole)\s+(?:\w+\s+)?(?:income|taxes|tax\s+return|return|liability)\b",
    re.IGNORECASE,
)


def request_no_report_answers(question: str) -> Reason | None:
    """The kind of request (`Reason.LIVE_DATA`, `Reason.ADVICE`, `Reason.OWN_TAX_POSITION`) that no report text
    answers, or None."""
    counted_back = any(not _SUPPOSED.search(question[: m.start()]) for m in _COUNTED_BACK.finditer(question))
    if (_NOW.search(question) or counted_back) and _QUANTITY.search(question):
        return Reason.LIVE_DATA
    if _MARKET_QUOTE.search(question) and not _PAST.search(question):
        return Reason.LIVE_DATA
    if _ADVICE.search(question):
        return Reason.ADVICE
    if _OWN_BRACKET.search(question) or (_COMPUTE.search(question) and _OWN_RETURN.search(question)):
        return Reason.OWN_TAX_POSITION
    return None
