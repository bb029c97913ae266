"""What a question is about: the thing it asks to define or classify, or the thing and the verb it asks of it.

"What counts as passive income?" → passive income; "How is my basis adjusted?" → basis, adjust; "Are dividends
treated as foreign-source income?" → dividends. The composer prefers the sentence that opens with that subject and
says what it is (service/qa/compose.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.bm25 import tokenize
from service.qa.asks import asking_clauses, last_asking_clause

# What a question is about when it asks what something is ("What counts as passive income?", "define excess
# distribution") or how something is done to it ("How is my basis adjusted?"): the subject, then the verb asked.
_DEFINE = re.compile(
    r"\b(?:what\s+counts\s+as|what\s+is\s+meant\s+by|what\s+(?:is|are)(?:\s+(?:a|an|the))?|define|definition\s+of"
    r"|meaning\s+of)\s+(?P<term>[\w\s.'\"-]+?)\s*$",
    re.I,
)
_HOW_DONE = re.compile(
    r"^\W*(?:how|when)\s+(?:is|are|was|were|will)\s+(?:(?:my|our|your|their|the|a|an)\s+)?"
    r"(?P<term>[\w\s.'-]+?)\s+(?P<verb>[a-z]+(?:ed|en|able))\b",
    re.I,
)
# What class a thing falls in ("which basket do dividends fall into?", "what kind of income are dividends?"): the
# thing is the topic, answered by the sentence that says what it is or constitutes.
_CLASS_OF = re.compile(
    r"^\W*(?:which|what)\s+(?:[\w()-]+\s+){1,5}?(?:do|does|is|are|would|will)\s+"
    r"(?:(?:my|our|your|their|the|a|an)\s+)?(?P<term>[\w\s.'-]+?)"
    r"(?:\s+(?:fall|falls|belong|belongs|count|counts|go|goes|come|comes|fit|fits|qualify|qualifies)\b.*)?$",
    re.I,
)
# Whether a thing is of a class ("are dividends treated as foreign-source income?", "do the gains count as
# ordinary income?", "is the refund considered income?"): the thing is the topic, as when its class is asked.
_IS_CLASS = re.compile(
    r"^\W*(?:are|is|do|does|would|will|can|could)\s+(?:(?:my|our|your|their|the|a|an|these|those|such)\s+)?"
    r"(?P<term>[\w\s.'-]+?)\s+(?:(?:be|get)\s+)?(?:treated\s+as|considered(?:\s+as)?|regarded\s+as|"
    r"counted\s+as|counts?\s+as|classed\s+as|classified\s+as|deemed(?:\s+to\s+be)?|qualify\s+as)\b",
    re.I,
)
_PREPOSITION = re.compile(
    r"\s+(?:for|under|in|of|on|to|with|from|by|above|below|over|after|before)\s.*$", re.I
)
_LEAD_IN = re.compile(r"^[\W\d]*(?:[^,]{0,40},\s*)?")  # "In general, " "For purposes of this discussion, "
_DEFINING = re.compile(
    r"\b(?:is|are|means|mean|includes|include|refers|consists|constitutes?|will\s+be)\b", re.I
)


@dataclass(frozen=True)
class Topic:
    """The terms of what a question asks about and, for "how is X taxed", the verb's stem (else a definition)."""

    subject: tuple[str, ...]
    verb: str | None = None


def topic_of(question: str) -> Topic | None:
    """ "What counts as passive income for X?" → passive income; "How is my basis adjusted?" → basis, adjust. Read
    from the last asking clause that names one ("What kind of income is it? I'm a bank, does that change it?")."""
    for clause in [last_asking_clause(question), *reversed(asking_clauses(question))]:
        found = _topic_in(clause)
        if found is not None:
            return found
    return None


def _topic_in(clause: str) -> Topic | None:
    last = clause.rstrip("?.! ")
    done = _HOW_DONE.search(last)
    if done:
        subject = tokenize(_PREPOSITION.sub("", done.group("term")))
        verb = tokenize(done.group("verb"))
        return Topic(tuple(subject), verb[0]) if subject and verb else None
    match = _DEFINE.search(last) or _CLASS_OF.search(last) or _IS_CLASS.search(last)
    subject = tokenize(_PREPOSITION.sub("", match.group("term"))) if match else []
    return Topic(tuple(subject)) if subject else None


def is_about(topic: Topic | None, text: str) -> bool:
    """Whether the sentence opens with the topic's subject (all its words) and goes on to say what it is, or to
    say the asked verb of it ("Your basis in the shares will be adjusted …")."""
    if topic is None or not topic.subject:
        return False
    body = _LEAD_IN.sub("", text, count=1)
    if topic.verb is None:
        verb, room = _DEFINING.search(body), 4
    else:
        verb = next(
            (m for m in re.finditer(r"[A-Za-z]+", body) if tokenize(m.group(0)) == [topic.verb]), None
        )
        room = 8
    if verb is None or len(body[: verb.start()].split()) > len(topic.subject) + room:
        return False
    head = tokenize(body[: verb.start()])[: len(topic.subject) + 1]
    return bool(head) and head[0] in topic.subject and all(t in head for t in topic.subject)
