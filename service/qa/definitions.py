"""Two kinds of question the judge reads for what they ask: what a term means (answered only by a quote that
defines it) and whether the asker may elect or choose something (answered only by a quote that speaks of a
choice at all). Pure: text in, answer out."""

from __future__ import annotations

import re

# "What is a 'permanent establishment' (according to the report)?", "what does 'donee' mean?", "define legatee".
_QUOTE_MARKS = "\"'‘’“”"
_DEFINITION = re.compile(
    rf"^\s*(?:so,?\s+|and\s+)?(?:what\s+(?:is|are|'s)|what\s+does|define|meaning\s+of)\s+(?:an?\s+|the\s+)?"
    rf"[{_QUOTE_MARKS}]?(?P<term>[a-z][\w -]*?)[{_QUOTE_MARKS}]?(?:\s+(?:in|under)\s+[A-Z][\w.]*)?"
    r"(?:\s+(?:mean|means|stand\s+for))?(?:\s*,?\s+(?:according\s+to|in|under|as\s+used\s+in)\s+the\s+\w+)?\s*\??\s*$",
    re.IGNORECASE,
)


def term_asked_to_define(question: str) -> str | None:
    """The term whose meaning the question asks for ("permanent establishment" in "What is a 'permanent
    establishment' in Japan according to the filing?"), or None."""
    match = _DEFINITION.match(question)
    return re.sub(r"^(?:an?|the)\s+", "", match.group("term").strip(), flags=re.IGNORECASE) if match else None


def defines(quote: str, term: str) -> bool:
    """Whether the quote states what ``term`` is: the term, then within a few words "is", "are" or "means"."""
    marks = f"[{_QUOTE_MARKS}]?"
    said = r"\s+".join(re.escape(w) for w in term.split())
    return bool(
        re.search(
            rf"\b{said}{marks}(?:\s+[\w,]+){{0,4}}?\s+(?:is|are|means|refers\s+to)\b", quote, re.IGNORECASE
        )
    )


# "Can I elect to …?", "may we opt out of …?", "could I choose the old rate?": whether the asker has a choice.
_WANTS_CHOICE = re.compile(
    r"\b(?:can|may|could|am|are|is)\s+(?:i|we|a\s+holder|holders|one|my\s+\w+)\s+(?:still\s+|also\s+)?"
    r"(?:(?:allowed|able|permitted|entitled)\s+to\s+)?(?:elect|choose|opt)\b|\b(?:an?|the)\s+(?:election|option)\s+to\b",
    re.IGNORECASE,
)
_GIVES_CHOICE = re.compile(
    r"\b(?:elect\w*|opt(?:s|ed|ing)?|option\w*|choos\w*|chose\w*|choice)\b", re.IGNORECASE
)


def wants_choice(question: str) -> bool:
    """Whether the question asks if the asker may elect, choose or opt for something."""
    return _WANTS_CHOICE.search(question) is not None


def gives_choice(quote: str) -> bool:
    """Whether the quote speaks of an election, an option or a choice at all."""
    return _GIVES_CHOICE.search(quote) is not None
