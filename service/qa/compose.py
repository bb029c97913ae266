"""The extractive composer: the answer is the best sentences of the best passages, quoted verbatim.

No language model, so it runs anywhere and cannot invent. Another composer (a generative one behind an
OpenAI-compatible endpoint) can replace it behind the `Composer` protocol.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from ingest.bm25 import BM25, tokenize
from service.qa.retrieval import Hit, Meaning

# A sentence opening with one of these leans on the one before ("These countries include …"): quote them together.
_LEANS_BACK = re.compile(r"^(?:These|This|Such|Those|They)\b")
# A document's title line names it and says nothing of what it does: "Service Agreement dated, May 1, 2004, …".
_TITLE = re.compile(r"^(?:[A-Z][\w&'.-]*\s+(?:(?:of|and|for|on|the)\s+)*){1,8}dated\b")
_CONTINUES = re.compile(r"(?:[:,;]|\b(?:and|or|is|are|if|to|including))\s*$")


@dataclass(frozen=True)
class Quote:
    """A verbatim span chosen for the answer, with the hit it came from."""

    hit: Hit
    start: int
    end: int
    text: str
    coverage: float  # share of the question's (idf-weighted) terms the span contains, times a rank prior
    score: float = 0.0  # what orders the quotes: coverage, meaning and whether it holds what is asked


@dataclass(frozen=True)
class Composition:
    text: str
    quotes: list[Quote]
    coverage: float = 0.0  # the best coverage of any candidate sentence, quoted or not (abstention reads it)


@dataclass(frozen=True)
class Weights:
    """How the composer weighs the evidence for a sentence; chosen on the dev split of the evals."""

    meaning: float = 0.75  # times the cosine similarity of question and sentence, added to the term coverage
    focus: float = 0.4  # added when the sentence holds the kind of thing asked for (a period, a date, a name)
    phrase: float = 0.6  # yes/no questions: times the share of the question's word pairs found side by side
    title: float = 0.5  # a document's title line ("X Agreement dated …, between …") keeps this share


_FEW_WORDS = 4  # a sentence with fewer words than this ("Not required.") means little without its heading


class Composer(Protocol):
    def compose(
        self, question: str, hits: Sequence[Hit], max_quotes: int, meaning: Meaning | None = None
    ) -> Composition: ...


def squash(text: str) -> str:
    """One line for reading: runs of whitespace become one space, list bullets are dropped."""
    text = re.sub(r"\n\s*(?:[-•·]\s*)+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class ExtractiveComposer:
    """Scores every sentence of the top passages, whichever passage ranks first, and quotes the best.

    A sentence scores by the idf-weighted share of the question's terms it contains, by its closeness in meaning
    to the question (given the vectors), and by whether it holds what the question asks for: a period for
    "how long", a date for "when", a name for "who", an amount for "how much", a definition for "what is".
    A document's title line scores less than the sentences that say something.
    """

    def __init__(
        self, bm25: BM25, passages: int = 3, keep_ratio: float = 0.6, weights: Weights | None = None
    ) -> None:
        self._bm25 = bm25
        self._passages = passages
        self._keep_ratio = keep_ratio
        self._weights = weights or Weights()

    def coverage(self, question_terms: set[str], text: str) -> float:
        return _share({t: self._bm25.idf(t) for t in question_terms}, set(tokenize(text)))

    def candidates(self, question: str, hits: Sequence[Hit], meaning: Meaning | None = None) -> list[Quote]:
        idf = {t: self._bm25.idf(t) for t in tokenize(question)}
        wanted = asked_for(question)
        named = set(tokenize(re.sub(r"['’]s\b", "", question)))  # "IIJ's" names IIJ
        about = topic_of(question)
        if about is not None:  # typos are not words of the reports
            about = Topic(tuple(t for t in about.subject if t in self._bm25.postings), about.verb)
        w = self._weights
        # "Are X subject to Y?" is answered by the sentence saying "X is subject to Y": its words side by side.
        pairs = _pairs(tokenize(question)) if _YES_NO.search(_asking_clause(question)) else set()
        naming = named_thing(question)
        quotes: list[Quote] = []
        for rank, hit in enumerate(hits[: self._passages]):
            chunk = hit.chunk
            heading = set(tokenize(chunk.section))
            units = list(chunk.sentences)
            similarity = _similarities(meaning, chunk.id, len(units))
            i = 0
            while i < len(units):
                first = i
                start, end = units[i]
                # A sentence that introduces a list is quoted with the whole list.
                while i + 1 < len(units) and _CONTINUES.search(
                    chunk.text[start - chunk.start : end - chunk.start]
                ):
                    i += 1
                    end = units[i][1]
                text = chunk.text[start - chunk.start : end - chunk.start]
                words = tokenize(text)
                cov = _share(idf, heading.union(words))
                close = max(similarity[first : i + 1]) if similarity else 0.0
                if similarity and len(words) < _FEW_WORDS:
                    close = max(close, hit.dense)  # its passage, heading and all, speaks for it
                holds = _holds(wanted, named, text) or is_about(about, text)
                kind = w.focus if holds or (naming is not None and naming.search(text)) else 0.0
                if pairs:
                    kind += w.phrase * len(pairs & _pairs(words)) / len(pairs)
                score = (cov + w.meaning * close + kind) * (w.title if _TITLE.match(text) else 1.0)
                # Coverage keeps the rank prior it always had: abstention is calibrated on it.
                quotes.append(Quote(hit, start, end, text, cov * (1.0 - 0.15 * rank), score))
                i += 1
        return quotes

    def compose(
        self, question: str, hits: Sequence[Hit], max_quotes: int, meaning: Meaning | None = None
    ) -> Composition:
        quotes = self.candidates(question, hits, meaning)
        if not quotes:
            return Composition("", [])
        best = max(q.score for q in quotes)
        order = sorted(range(len(quotes)), key=lambda i: (-quotes[i].score, i))
        chosen = [quotes[i] for i in order if quotes[i].score >= self._keep_ratio * best][:max_quotes]
        chosen = _without_repeats([_with_follower(q) for q in chosen])
        text = " ".join(f"{squash(q.text)} [{n}]" for n, q in enumerate(chosen, start=1))
        return Composition(text, chosen, max(q.coverage for q in quotes))


_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = rf"(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|{_MONTHS}\s+\d{{4}}|\b(?:19|20)\d{{2}}\b)"
# An interrogative opens its clause, perhaps after a conjunction ("and who …"); "duty when I sell" asks no time.
_OPENING = r"^\W*(?:(?:and|but|so|then|ok|okay)\W+)?"


@dataclass(frozen=True)
class Focus:
    """A kind of thing a question asks for: how to tell the question asks it, and how a sentence holds it."""

    name: str
    asks: re.Pattern[str]
    holds: re.Pattern[str]


FOCI: tuple[Focus, ...] = (
    Focus(
        "period",
        re.compile(rf"{_OPENING}how\s+long\b|\bhow\s+many\s+(?:\w+\s+)?(?:days|weeks|months|years)\b", re.I),
        re.compile(
            r"\b(?:\d+|one|two|three|four|five|six|twelve)[\s-]+(?:days?|weeks?|months?|years?)\b|\bperiod\b",
            re.I,
        ),
    ),
    Focus(
        "date",
        re.compile(r"\b(?:what|which)\s+date\b|\bdate\s+of\b|\b(?:since|from)\s+when\b", re.I),
        re.compile(_DATE),
    ),
    Focus(
        "time or condition",
        re.compile(rf"{_OPENING}when\b|\bby\s+when\b", re.I),
        re.compile(
            rf"{_DATE}|\b(?:before|after|until|within|prior\s+to|in\s+advance|upon|if|unless|provided)\b",
            re.I,
        ),
    ),
    Focus(
        "name",
        re.compile(rf"{_OPENING}(?:who|whom)\b", re.I),
        re.compile(  # a person ("Mr. Ito") or an organisation ("Mizuho Trust Bank", "The Bank of New York")
            r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*"
            r"|\b(?:[A-Z][\w&.-]*\s+(?:(?:of|and|&|for)\s+)?)+"
            r"(?:Inc|Corp|Corporation|Company|Co|Ltd|Limited|LLC|plc|KK|Bank|Trust|Association|Commission|Service"
            r"|Agency|Authority|Board|Fund|Institute|University|Group|Holdings|Partners)\b(?:\s+(?:of\s+)?[A-Z][a-z]+)*"
        ),
    ),
    Focus(
        "place",
        re.compile(rf"{_OPENING}where\b|\baddress\b", re.I),
        re.compile(  # a street address, a postcode, or a web address
            r"\b\d+\s+(?:[A-Z][a-z]+\s+)+(?:Street|St\.|Avenue|Ave\.|Road|Boulevard|Square|Place)"
            r"|\b[A-Z]{2}\s+\d{5}\b|\bwww\.[\w.-]+|\bhttps?://\S+"
        ),
    ),
    Focus(
        "amount",
        re.compile(
            r"\bhow\s+(?:much|many)\b|\bthreshold\b|^(?:\W*[\w']+\W+){0,4}?(?:rates?|percentage|amount|limit)\b",
            re.I,
        ),
        re.compile(r"\d[\d,.]*\s*(?:%|percent\b)|[$¥€£]\s*\d|\b\d[\d,.]*\b"),
    ),
)


# How a clause that asks something opens: a question word or a verb (perhaps after "and", "so" …).
_ASKS = re.compile(
    r"^\W*(?:(?:and|but|so|then|ok|okay)\W+)?(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|does"
    r"|do|did|can|could|will|would|must|should|has|have|may)\b",
    re.I,
)


def _asking_clause(question: str) -> str:
    """The last part of the question that asks something ("Which form? And for ADSs?" → "Which form"), else its
    last part: a follow-up fragment keeps the question word of the part before it."""
    clauses = [c.strip() for c in re.split(r"[?]+", question) if c.strip()]
    asking = [c for c in clauses if _ASKS.search(c)]
    return asking[-1] if asking else (clauses[-1] if clauses else "")


# "Which form …?": the answer names one ("the Application Form for …", "Form 8621").
_WHICH = re.compile(r"^\W*(?:(?:and|but|so|then)\W+)?(?:which|what)\s+(?P<thing>[a-z]+)\b", re.I)
_NOT_A_THING = frozenset(
    "is are was were does do did can could will would should must may has have happens happened if about kind "
    "sort type part".split()
)


def named_thing(question: str) -> re.Pattern[str] | None:
    """For "which/what <noun>" questions, what a name of such a thing looks like in the report's text."""
    match = _WHICH.search(_asking_clause(question))
    if match is None or match.group("thing").lower() in _NOT_A_THING:
        return None
    noun = re.escape(match.group("thing").lower().rstrip("s"))
    return re.compile(rf"\b[A-Z][\w-]*\s+{noun.capitalize()}s?\b|\b{noun.capitalize()}s?\s+[A-Z0-9][\w-]*")


def asked_for(question: str) -> Focus | None:
    """What the question's (last asking) clause asks for (a period, a date, a name, an amount), if it says."""
    last = _asking_clause(question)
    return next((focus for focus in FOCI if focus.asks.search(last)), None)


# What a question is about when it asks what something is ("What counts as passive income?", "define excess
# distribution") or how something is done to it ("How is my basis adjusted?"): the subject, then the verb asked.
_DEFINE = re.compile(
    r"\b(?:what\s+counts\s+as|what\s+is\s+meant\s+by|what\s+(?:is|are)(?:\s+(?:a|an|the))?|define|definition\s+of"
    r"|meaning\s+of)\s+(?P<term>[\w\s.'\"-]+?)\s*$",
    re.I,
)
_HOW_DONE = re.compile(
    r"^\W*how\s+(?:is|are|was|were|will)\s+(?:(?:my|our|your|their|the|a|an)\s+)?"
    r"(?P<term>[\w\s.'-]+?)\s+(?P<verb>[a-z]+(?:ed|en))\b",
    re.I,
)
_PREPOSITION = re.compile(
    r"\s+(?:for|under|in|of|on|to|with|from|by|above|below|over|after|before)\s.*$", re.I
)
_LEAD_IN = re.compile(r"^[\W\d]*(?:[^,]{0,40},\s*)?")  # "In general, " "For purposes of this discussion, "
_LETTERS = re.compile(r"[A-Za-z]+")
_DEFINING = re.compile(r"\b(?:is|are|means|mean|includes|include|refers|consists|constitutes)\b", re.I)


@dataclass(frozen=True)
class Topic:
    """The terms of what a question asks about and, for "how is X taxed", the verb's stem (else a definition)."""

    subject: tuple[str, ...]
    verb: str | None = None


def topic_of(question: str) -> Topic | None:
    """ "What counts as passive income for X?" → passive income; "How is my basis adjusted?" → basis, adjust."""
    last = _asking_clause(question).rstrip("?.! ")
    done = _HOW_DONE.search(last)
    if done:
        subject = tokenize(_PREPOSITION.sub("", done.group("term")))
        verb = tokenize(done.group("verb"))
        return Topic(tuple(subject), verb[0]) if subject and verb else None
    match = _DEFINE.search(last)
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


def _holds(focus: Focus | None, named: set[str], text: str) -> bool:
    """Whether the text holds what is asked for; a person or organisation counts only when the question does not
    name it already (`named`: the question's terms)."""
    if focus is None:
        return False
    if focus.name != "name":
        return focus.holds.search(text) is not None
    return any(not named.intersection(tokenize(m.group(0))) for m in focus.holds.finditer(text))


# A question that opens with its verb asks yes or no.
_YES_NO = re.compile(
    r"^\W*(?:is|are|was|were|does|do|did|can|could|will|would|must|should|has|have|may)\b", re.I
)


def _pairs(terms: list[str]) -> set[tuple[str, str]]:
    """Adjacent terms (stop words already dropped)."""
    return set(pairwise(terms))


def _share(weights: dict[str, float], present: set[str]) -> float:
    """The weighted share of the terms that are present."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in present) / total if total else 0.0


def _similarities(meaning: Meaning | None, chunk_id: str, count: int) -> list[float]:
    """Cosine similarity of the question with each sentence of a passage; [] when the vectors are missing."""
    if meaning is None:
        return []
    rows = meaning.sentences.get(chunk_id)
    if rows is None or len(rows) != count:
        return []
    return [float(x) for x in rows @ meaning.question]


def _with_follower(quote: Quote) -> Quote:
    """Extend a quote by the next sentence of its passage when that sentence refers back to it."""
    chunk = quote.hit.chunk
    for start, end in chunk.sentences:
        if start >= quote.end:
            follower = chunk.text[start - chunk.start : end - chunk.start]
            if not _LEANS_BACK.match(follower):
                return quote
            text = chunk.text[quote.start - chunk.start : end - chunk.start]
            return Quote(quote.hit, quote.start, end, text, quote.coverage, quote.score)
    return quote


def _without_repeats(quotes: list[Quote]) -> list[Quote]:
    """Drop a quote whose span another (earlier, better) quote already covers."""
    kept: list[Quote] = []
    for quote in quotes:
        if not any(
            k.hit.chunk.doc_id == quote.hit.chunk.doc_id and k.start <= quote.start and quote.end <= k.end
            for k in kept
        ):
            kept.append(quote)
    return kept
