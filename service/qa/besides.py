"""Questions that grant one thing and ask for the rest: "apart from X, what else ...", "in addition to X, ...".

Pure. What the asker already names (X) is no part of the answer: the sentence stating X again answers nothing new,
and the one that adds to it ("In addition, ...", "also ...") does.
"""

from __future__ import annotations

import re

from ingest.bm25 import tokenize
from service.qa.query import QUESTION_STEMS

# The granting words, then what is granted up to the clause's end: a comma, a question mark, or "what/which/is/
# does ..." that starts the asking clause ("besides the fee what else is due").
_GRANTED = re.compile(
    r"\b(?:besides|apart\s+from|aside\s+from|in\s+addition\s+to|on\s+top\s+of|beyond|other\s+than|except\s+for)\s+"
    r"(?P<given>[^,;:?.]+?)"
    r"(?=\s*[,;:?.]|\s*$|\s+(?:what|which|who|where|when|how|is|are|does|do|did|can|could|would|should|else)\b)",
    re.IGNORECASE,
)
# "other than" and "beyond" also state conditions ("a country other than Japan"): they grant something only when
# they open the question or a clause, or the question asks what else.
ASKS_ELSE = re.compile(
    r"\b(?:else|other\s+(?:things?|sources?|bases?|grounds?)|anything\s+more)\b", re.IGNORECASE
)
_WEAK = re.compile(r"^(?:beyond|other\s+than|except\s+for)\b", re.IGNORECASE)
# A sentence that adds to what came before.
ADDS = re.compile(
    r"^(?:In\s+addition|Additionally|Also|Moreover|Furthermore|Further|Besides)\b|\balso\b", re.IGNORECASE
)


def granted(question: str) -> str | None:
    """What the question grants and asks beyond ("the tax laws" of "besides the tax laws, what else ..."), or None."""
    for match in _GRANTED.finditer(question):
        opens = question[: match.start()].strip() == "" or question[: match.start()].rstrip()[-1:] in ",;:"
        if _WEAK.match(match.group(0)) and not (opens or ASKS_ELSE.search(question)):
            continue
        return match.group("given").strip()
    return None


def granted_terms(question: str) -> frozenset[str]:
    """The subject-matter terms only the granted part names (the asking clause's own words are not granted)."""
    given = granted(question)
    if given is None:
        return frozenset()
    rest = question.replace(given, " ")
    return frozenset(tokenize(given)) - frozenset(tokenize(rest)) - QUESTION_STEMS
