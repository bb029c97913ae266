"""What a follow-up's own asking clause asks for, when that is no calculation: a form or document to file, a tax
the report does not cover (a U.S. state's), an explanation. Such a follow-up is answered on its own words
(retrieval, or "the report does not say"), not by the calculation of the turn before it; the facts of that
turn do not make it a calculation.

Pure: regular expressions over the question only.
"""

from __future__ import annotations

import re

_DOCUMENT = r"(?:forms?|documents?|paperwork|filings?|schedules?|(?:irs|tax|treaty)\s+forms?)"
# "which form do I file?", "what paperwork is needed?", "is there a form for that?", "what do I have to file?"
_ASKS_DOCUMENT = re.compile(
    rf"\b(?:what|which)\s+(?:(?:other|kind\s+of|type\s+of|sort\s+of|irs|tax|us|u\.s\.)\s+){{0,3}}{_DOCUMENT}\b|"
    rf"\b(?:is|are)\s+there\s+(?:an?\s+|any\s+)?{_DOCUMENT}\b|"
    r"\bwhat\s+(?:do|must|should|would)\s+(?:i|we|they|he|she)\s+(?:(?:need|have)\s+to\s+)?(?:file|submit|attach)\b|"
    r"\b(?:where|how)\s+(?:do|can|should|would)\s+(?:i|we|they|he|she)\s+(?:file|submit|send|lodge)\b|"
    # "do I need to file anything?", "must we submit something to the IRS?": whether there is a filing to make
    r"\b(?:do|does|must|should)\s+(?:i|we|they|he|she|the\s+holder)\s+(?:(?:need|have)\s+to\s+)?"
    r"(?:file|submit|attach|lodge)\b|"
    # "how do I claim the refund?", "how can we get it back?": a procedure, which the report describes
    r"\bhow\s+(?:do|can|should|would|could)\s+(?:i|we|they|he|she)\s+(?:go\s+about\s+)?"
    r"(?:claim\w*|get\b[^?]{0,25}\bback|get\s+(?:the\s+|a\s+|my\s+|our\s+)?refund|obtain\w*|apply\w*|"
    r"request\w*|reclaim\w*|recover\w*)\b",
    re.I,
)
_STATES = (
    r"alabama|alaska|arizona|arkansas|california|colorado|connecticut|florida|hawaii|idaho|"
    r"illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|"
    r"mississippi|missouri|montana|nebraska|nevada|new\s+hampshire|new\s+jersey|new\s+mexico|"
    r"(?<!bank\sof\s)new\s+york|north\s+carolina|north\s+dakota|ohio|oklahoma|oregon|pennsylvania|"
    r"rhode\s+island|south\s+carolina|south\s+dakota|tennessee|texas|utah|vermont|virginia|washington|"
    r"west\s+virginia|wisconsin|wyoming"
)
# "and my state income tax?", "how much will Ohio take?", "local taxes on top?": a tax below the federal one
_ASKS_SUB_FEDERAL = re.compile(
    rf"\b(?:state|local|city|municipal|county)\s+(?:income\s+)?tax(?:es|ation)?\b|"
    rf"\b(?:my|our|the|his|her|their)\s+state\b(?!\s+(?:department|of\s+residence))|"
    rf"^(?![^?]*\b(?:withh\w*|japan\w*)\b)[^?]*\b(?:{_STATES})\b[^?.!]{{0,30}}\b(?:take|takes|tax\w*|charge\w*|owe|levy|collect\w*)\b|"
    rf"^(?![^?]*\b(?:withh\w*|japan\w*)\b)[^?]*\b(?:tax\w*|owe|pay)\b[^?.!]{{0,20}}\b(?:in|to|for|by)\s+(?:{_STATES})\b",
    re.I,
)
# "why is that?", "how come?", "explain that", "what does that mean?"
_ASKS_WHY = re.compile(
    r"^\s*(?:(?:and|but|so|ok|okay|fine)\s*[,.]?\s+)*(?:why\b|how\s+come\b|explain\b|what\s+does\s+(?:that|this|it)"
    r"\s+mean\b|what\s+is\s+meant\b)",
    re.I,
)


# "what is the holding period requirement?", "what counts as a permanent establishment?", "who is the depositary?",
# "where do I send it?"
_ASKS_RULE = re.compile(
    r"\bwhat(?:'s|\s+is|\s+are)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?!(?:rates?|amount|tax|withholding|refund|net|credit|figure)\b)\w+\s+){0,3}?"
    r"(?:requirements?|rules?|conditions?|definition|criteria|tests?)\b(?:\s*(?:[?.!]|$)|\s+(?:for|on|of|to|in|about)\b)|"
    r"\bwhat\s+counts\s+as\b|\bwhat\s+(?:does|do)\b[^?]{0,40}\bmean\b|"
    r"\b(?:who|whom|where)\s+(?:is|are|was|were|do|does|did|should|must|can|would)\b",
    re.I,
)


def asks_elsewhere(question: str) -> bool:
    """True when the question's own asking clause asks for something no calculation gives: which form or
    document, a state or local tax, why something is so, what a rule requires or a term means."""
    return any(
        pattern.search(question) for pattern in (_ASKS_DOCUMENT, _ASKS_SUB_FEDERAL, _ASKS_WHY, _ASKS_RULE)
    )
