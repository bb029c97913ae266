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
from ingest.chunk import Chunk
from ingest.lists import in_context, is_item
from service.qa.asks import (
    CONDITION_TERMS,
    asked_for_each,
    holds_asked,
    named_thing,
    yes_or_no_clause,
)
from service.qa.besides import ADDS, ASKS_ELSE, granted_terms
from service.qa.conditions import asked_case, same_case
from service.qa.evidence import weighted_share, without_possessives
from service.qa.instruments import form_asked, scoped_to
from service.qa.retrieval import Hit, Meaning
from service.qa.topics import Topic, is_about, topic_of

# A sentence opening with one of these leans on the one before ("These countries include …"): quote them together.
# A sentence that opens by pointing back, perhaps after a connective that qualifies what came before ("However,
# this conclusion …"), completes the sentence before it.
_LEANS_BACK = re.compile(
    r"^(?:(?:However|Nevertheless|Nonetheless|Still|Moreover|Accordingly|Therefore|Thus|In\s+addition),?\s+"
    r"(?:this|these|such|those|they)|These|This|Such|Those|They)\b"
)
# A document's title line names it and says nothing of what it does: "Service Agreement dated, May 1, 2004, …".
_TITLE = re.compile(r"^(?:[A-Z][\w&'.-]*\s+(?:(?:of|and|for|on|the)\s+)*){1,8}dated\b")
_CONTINUES = re.compile(r"(?:[:,;]|\b(?:and|or|is|are|if|to|including))\s*$")
# "If you make this election, …": a noun after a pointing word, which names what an earlier sentence spoke of.
_POINTS_BACK = re.compile(r"\b(?:this|that|such|these|those)\s+([a-z][a-z-]+)", re.IGNORECASE)


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
    restates: float = 0.5  # "besides X, what else": a sentence naming all of X keeps this share
    other_case: float = 0.5  # "if I do X, …": a sentence on the case of not doing X keeps this share


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
    A document's title line scores less than the sentences that say something. A lead-in is quoted with its list;
    a list that completes the lead-in's condition ("X if: - …, or - …") holds the words that ask for X's test or
    criteria, and each item is weighed by meaning as it reads after its lead-in (ingest/lists.py).
    """

    def __init__(
        self,
        bm25: BM25,
        passages: int = 3,
        keep_ratio: float = 0.6,
        weights: Weights | None = None,
        implied: frozenset[str] = frozenset(),
    ) -> None:
        """``implied``: terms every passage is about (the reports' own names): a sentence about "the dividend"
        is about "IIJ's dividend" in a report of IIJ's."""
        self._implied = implied
        self._bm25 = bm25
        self._passages = passages
        self._keep_ratio = keep_ratio
        self._weights = weights or Weights()

    def candidates(self, question: str, hits: Sequence[Hit], meaning: Meaning | None = None) -> list[Quote]:
        # "Besides X, what else …": X is granted; its words find the sentence saying X again, not what adds to it.
        given = granted_terms(question)
        adds = bool(given) or ASKS_ELSE.search(question) is not None  # "what else …": what adds to something
        case = asked_case(question)  # "if I make the election, …": what follows in that case is asked
        form = form_asked(question)  # "for my ADSs": what the report says of ADSs as such
        idf = {t: self._bm25.idf(t) for t in tokenize(question) if t not in given}
        wanted = asked_for_each(question)  # what each asking clause asks for
        named = set(tokenize(without_possessives(question)))  # "IIJ's" names IIJ
        about = topic_of(question)
        if about is not None:  # typos are not words of the reports
            about = Topic(
                tuple(t for t in about.subject if t in self._bm25.postings and t not in self._implied),
                about.verb,
            )
        w = self._weights
        # "Are X subject to Y?" is answered by the sentence saying "X is subject to Y": its words side by side.
        asked_whether = yes_or_no_clause(question)
        pairs = _pairs(tokenize(asked_whether)) if asked_whether else set()
        naming = named_thing(question)
        quotes: list[Quote] = []
        for rank, hit in enumerate(hits[: self._passages]):
            chunk = hit.chunk
            heading = set(tokenize(chunk.section))
            units = list(chunk.sentences)
            similarity = _similarities(meaning, chunk)
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
                present = heading.union(words, _referred_to(chunk, units, first, text))
                # "What is the income test?": a list of the conditions of something is its test, word or not.
                if states_conditions(*_lead_and_rest(chunk, units[first : i + 1])):
                    present |= CONDITION_TERMS
                cov = weighted_share(idf, present)
                close = max(similarity[first : i + 1]) if similarity else 0.0
                if similarity and len(words) < _FEW_WORDS:
                    close = max(close, hit.dense)  # its passage, heading and all, speaks for it
                held = [f.weight for f in wanted if holds_asked(f, named, text)]
                if is_about(about, text) or (naming is not None and naming.search(text)):
                    held.append(1.0)
                kind = w.focus * max(held, default=0.0)
                if pairs:
                    kind += w.phrase * len(pairs & _pairs(words)) / len(pairs)
                if adds:
                    kind += w.focus * bool(ADDS.search(text))
                if form is not None and scoped_to(form, text):
                    kind += w.focus
                score = (cov + w.meaning * close + kind) * (w.title if _TITLE.match(text) else 1.0)
                if given and given <= set(words):
                    score *= w.restates
                in_case = same_case(case, text) if case is not None else None
                if in_case is not None:
                    score = score + w.focus if in_case else score * w.other_case
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


def _referred_to(chunk: Chunk, units: Sequence[tuple[int, int]], first: int, text: str) -> list[str]:
    """The terms of the sentence before, when this one points back to a thing it names ("this election" after
    "… you may make a mark-to-market election."): the sentence speaks of that thing, in that sentence's words."""
    if first == 0:
        return []
    start, end = units[first - 1]
    before = tokenize(chunk.text[start - chunk.start : end - chunk.start])
    for match in _POINTS_BACK.finditer(text):
        if set(tokenize(match.group(1))) & set(before):
            return before
    return []


def _pairs(terms: list[str]) -> set[tuple[str, str]]:
    """Adjacent terms (stop words already dropped)."""
    return set(pairwise(terms))


# A lead-in whose last clause is a condition running on to the colon: "we will be a PFIC … if for any of our taxable
# years …:", "no tax is imposed unless the holder is:". The list completes that condition, so it is the test of
# what the lead-in names. ("If we are a PFIC, you will be subject to rules with respect to:" is not: its condition
# ends at the comma, and the list says what the rules apply to.)
_CONDITION_LEAD_IN = re.compile(
    r"\b(?:if|unless|provided\s+that|only\s+where|only\s+when)\b[^,;:.]*:\s*$", re.IGNORECASE
)


def states_conditions(lead_in: str, items: Sequence[str]) -> bool:
    """Whether a lead-in and the items after it state the conditions of something: the items complete the lead-in's
    condition ("… if:")."""
    return bool(items) and all(is_item(i) for i in items) and _CONDITION_LEAD_IN.search(lead_in) is not None


def _lead_and_rest(chunk: Chunk, spans: Sequence[tuple[int, int]]) -> tuple[str, list[str]]:
    """The first sentence of a run of the passage's sentences, and the ones after it."""
    texts = [chunk.text[a - chunk.start : b - chunk.start] for a, b in spans]
    return texts[0], texts[1:]


def _similarities(meaning: Meaning | None, chunk: Chunk) -> list[float]:
    """Cosine similarity of the question with each sentence of a passage; [] when the vectors are missing. A list
    item is as close as it reads alone or after its lead-in, whichever is closer: "at least 75% of our gross
    income …" answers a question about the test its lead-in names."""
    if meaning is None:
        return []
    rows = meaning.sentences.get(chunk.id)
    if rows is None or len(rows) != len(chunk.sentences):
        return []
    similarity = [float(x) for x in rows @ meaning.question]
    items = meaning.items.get(chunk.id)
    read = in_context(chunk)
    if items is not None and len(items) == len(read) and read:
        for (position, _), close in zip(read, items @ meaning.question, strict=True):
            similarity[position] = max(similarity[position], float(close))
    return similarity


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
    """Drop a quote whose span another quote covers: an earlier one, or a later, longer one of the same passage (a
    sentence that points back is quoted with the one it points to, which may come later)."""
    kept: list[Quote] = []
    for n, quote in enumerate(quotes):
        if not any(_covers(other, quote) for other in quotes[:n]) and not any(
            other.hit.chunk.id == quote.hit.chunk.id
            and _covers(other, quote)
            and (other.start, other.end) != (quote.start, quote.end)
            for other in quotes[n + 1 :]
        ):
            kept.append(quote)
    return kept


def _covers(outer: Quote, inner: Quote) -> bool:
    return (
        outer.hit.chunk.doc_id == inner.hit.chunk.doc_id
        and outer.start <= inner.start
        and inner.end <= outer.end
    )
