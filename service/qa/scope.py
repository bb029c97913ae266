"""Whether the reports hold what a question asks for, beyond how strongly the best passage matches it.

Internals of the answerability judge (service/qa/answerable.py), which alone calls them. Signals, none tied to one
report:

* request types no report text answers: live market data ("today's exchange rate", "the share price") and
  investment advice ("should I buy?") (service/qa/requests.py); securities of another company
  (service/qa/issuers.py);
* how much of the question's subject the quotes hold, counting only words used in the question's sense
  (service/qa/evidence.py): question words, the reports' own names and numbers say nothing about the subject,
  "revenue" inside "Internal Revenue Service" is not revenue, "operation" is not "operating";
* the quoted answer holds none of the question's subject: the passages are about something else;
* a concept the reports lack: a question word that no report contains and no report word means nearly the same
  (word vectors of the reports' vocabulary), where the quoted answer fits the question clearly better once that
  word is replaced by its nearest report word ("consumption tax" → "revenue tax"): the answer is about what the
  report has, not about what was asked;
* the kind of answer asked for is not there: a date for "when was …?", a time limit for "when is … due?", a figure
  for "how much …?", what
  "the certain exceptions" are where the report only names them (service/qa/asks.py);
* the report says its discussion leaves the asker out ("it does not address … dealers in securities", "for a
  non-resident of Canada") and the question asks for substance about them (service/qa/disclaimers.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ingest.bm25 import tokenize
from ingest.vocabulary import Embed, WordVectors
from service.qa import asks, definitions, issuers
from service.qa.compose import squash
from service.qa.disclaimers import Disclaimers, asks_outcome
from service.qa.evidence import SubjectMatch, SubjectMatcher, without_possessives
from service.qa.query import QUESTION_STEMS, ReadQuestion, without_everyday_phrases
from service.qa.query import slips as _slips
from service.qa.requests import request_no_report_answers
from service.qa.verdict import ANSWERS, Reason, Verdict

# Words that ask whether a rule takes something in ("does it cover me?", "does this count toward the test?"):
# they say nothing about the subject, though search still sees them.
_ASKING = frozenset(tokenize("cover covers covered count counts counted"))
# The report, or a part of it, named as the source ("what does the report say", "the Japanese taxation section"):
# every passage is in the report, so the word says nothing about the subject, though search still sees it.
# Reports as things ("can reports be inspected?") are subject matter.
_THE_DOCUMENT = re.compile(
    r"\b((?:the|this|that|its|your)\s+(?:[\w'’-]+\s+){0,3}?)"
    r"(?:report|filing|document|section|text|paragraph|page|20-f)(?:['’]s)?(?![\w-])",
    re.IGNORECASE,
)
# A part of a question that points back to what another part asks about ("that risk", "this rule").
_POINTS_BACK = re.compile(r"\b(?:that|this|these|those|such)\s+[a-z-]+\b", re.IGNORECASE)
# Phrases that place the question in time as the asker lives it ("going forward", "from now on"): they say
# nothing about its subject.
_WHEN_ASKED = re.compile(
    r"\b(?:going\s+forward|from\s+now\s+on|in\s+(?:the\s+)?future|in\s+the\s+years\s+ahead|these\s+days|"
    r"nowadays|down\s+the\s+road|at\s+some\s+point)\b",
    re.IGNORECASE,
)
# "how long", "how soon", "how old": the word after "how" is part of the question, not of its subject.
_HOW = re.compile(r"\bhow\s+([a-z]+)", re.IGNORECASE)
# A document or provision named by its number: "Form 8621", "Article 266", "Section 1291", "Item 10".
_NUMBERED = re.compile(
    r"\b(?:forms?|articles?|items?|sections?|schedules?|rules?|chapters?|regulations?|publications?|pub\.?)\s+"
    r"(\d+[A-Za-z]?)(?![\w%])",
    re.IGNORECASE,
)
# A rate: "5%", "15 percent" (the figure in group 1).
_PERCENT = r"(\d[\d.]*)\s*(?:%|percent\b)"
_RATE = re.compile(_PERCENT, re.IGNORECASE)
# A choice between rates the question names ("5% or 0%?", "at 5% instead of 15%"): the answer must give a rate of
# what it asks about, not the named figure as the rate of something else.
_RATE_CHOICE = re.compile(
    rf"{_PERCENT}\s*(?:,?\s*or|instead\s+of|rather\s+than|vs\.?|versus)\s+{_PERCENT}", re.IGNORECASE
)
# A rate proposed in place of another ("taxed at 5% instead of 15%?"): the question asks whether the proposed one
# applies, which only a quote stating it can say.
_RATE_PROPOSED = re.compile(rf"{_PERCENT}\s*,?\s*(?:instead\s+of|rather\s+than)\s+{_PERCENT}", re.IGNORECASE)
# Words that only say a date is asked for: a quote need not hold them to be about the question.
_DATE_WORDS = frozenset(tokenize("date dates day days year years month months time"))

# A year: not an amount ("$2,015", "2015 yen", "20.5%", "USD 2020", "JPY 2030 per share"), nor a count of shares
# or holders ("2050 ADSs", "2025 holders"), nor a number that names a form ("Form 2011").
_YEAR = re.compile(
    r"(?<![\d$¥€£,.-])(?<![$¥€£]\s)(?<!\busd\s)(?<!\bjpy\s)(?<!\byen\s)(?<!\beur\s)(?<!\bgbp\s)"
    r"((?:19|20)\d\d)(?!\d|,\d|\.\d|\s*(?:%|percent|yen|dollars|usd|jpy|shares?\b|adss?\b|adrs?\b|"
    r"holders?\b|shareholders?\b|stockholders?\b|per\s+(?:share|ads|adr|unit)))",
    re.IGNORECASE,
)


def latest_year(texts: Iterable[str]) -> int | None:
    """The latest year the texts state, or None."""
    return max((int(y) for text in texts for y in _YEAR.findall(text)), default=None)


def identity_terms(names: Iterable[str]) -> frozenset[str]:
    """Terms of the reports' own names (company, document id): every passage of a report is about them."""
    return frozenset(t for name in names for t in tokenize(re.sub(r"[-_/]", " ", name)))


@dataclass(frozen=True)
class Passage:
    """A quote of a composed answer and where it stands: its report and section path."""

    text: str
    section: str = ""
    doc_id: str = ""
    # the quote's vector when the index already holds it (a whole sentence of the report): not embedded again
    vector: npt.NDArray[np.floating[Any]] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ScopeLimits:
    """Thresholds, calibrated on the dev split of the evals; their values are settings (`abstain_synonym`,
    `abstain_pull` in service/settings.py), passed in by the runtime."""

    # An unknown word at least this close to a report word (cosine) is only a different wording.
    min_synonym: float
    # Replacing a foreign word by its nearest report word may bring the question at most this much closer to its
    # quoted answer (cosine).
    max_pull: float


@dataclass(frozen=True)
class WordReading:
    """What the reports make of a question's unknown words."""

    foreign: tuple[tuple[str, str], ...] = ()  # no report word means them: (word, nearest report word)
    synonyms: tuple[tuple[str, str], ...] = ()  # a report word means the same: (word, that report word)


@dataclass(frozen=True)
class Matched:
    """A question's subject matched against the passages of one answer: read once, used by `Scope.support` and
    `Scope.answered`."""

    reading: WordReading
    matcher: SubjectMatcher
    matches: tuple[SubjectMatch, ...]


class Scope:
    """Tells when a composed answer does not answer the question, from the reports' words and word vectors."""

    def __init__(
        self,
        vocabulary: WordVectors,
        embed: Embed,
        limits: ScopeLimits,
        identity: frozenset[str] = frozenset(),
        idf: Callable[[str], float] | None = None,
        disclaimers: Disclaimers | None = None,
        dictionary: Callable[[str], bool] | None = None,
        latest_year: int | None = None,
        known: Callable[[str], bool] | None = None,
        share: Callable[[str], float] | None = None,
    ) -> None:
        """``latest_year``: the latest year the reports state (`latest_year`); ``known``: whether a search term is
        in some report (names included); ``share``: the share of the reports' passages that hold a search term."""
        self._share = share
        self._latest_year = latest_year
        self._known = known
        self._vocabulary = vocabulary
        self._embed = embed  # the service passes the embedder's cached entry point: quotes and words recur
        # Spelling targets for typos, by first letter: report words that are not question words ("whether").
        self._spellings: dict[str, list[str]] = {}
        for w in vocabulary.words:
            if not set(tokenize(w)) <= QUESTION_STEMS:
                self._spellings.setdefault(w[0], []).append(w)
        self._identity = identity
        self.limits = limits
        self._idf = idf or (lambda term: 1.0)
        self.disclaimers = disclaimers or Disclaimers()
        # Whether a word is a real word (the embedding model's whole-word pieces), not a misspelling.
        self._dictionary = dictionary or (lambda word: False)

    def other_issuer(self, question: str) -> Reason | None:
        """`Reason.OTHER_COMPANY` when the question asks about a security of a company no report names
        (service/qa/issuers.py); without the reports' terms (``known``) nothing is told."""
        if self._known is None:
            return None
        return issuers.other_issuer(question, self._known, self._identity, self._dictionary)

    def other_tax(self, question: str) -> Reason | None:
        """`Reason.OTHER_TAX` when the question names a tax besides income tax that the reports do not discuss
        (service/qa/taxes.py): "U.S. estate tax" where a report names only Japanese inheritance and gift taxes."""
        return Reason.OTHER_TAX if self.disclaimers.taxes().not_discussed(question) else None

    def after_the_reports(self, question: str) -> Reason | None:
        """`Reason.AFTER_REPORTS` when the question names a year later than any the reports state ("under the 2019
        protocol", "dividends paid in 2012"): a report speaks as of its date and cannot say what came after."""
        if self._latest_year is None:
            return None
        named = set(_NUMBERED.findall(question))
        years = [int(y) for y in _YEAR.findall(question) if y not in named]
        return Reason.AFTER_REPORTS if any(y > self._latest_year for y in years) else None

    def subject_terms(self, text: str) -> list[str]:
        """The question's terms that say what it is about: no question words ("how long" included), report names
        or numbers."""
        asking = {t for word in _HOW.findall(text) for t in tokenize(word)}
        for _ in range(2):  # "this report's tax section": the report, then its section
            text = _THE_DOCUMENT.sub(r"\1", text)
        text = _WHEN_ASKED.sub(" ", text)
        return [
            t
            for t in dict.fromkeys(_terms(text))
            if t not in QUESTION_STEMS
            and t not in _ASKING
            and t not in asking
            and t not in self._identity
            and not any(ch.isdigit() for ch in t)
        ]

    def words_to_read(self, unknown: Sequence[str]) -> list[str]:
        """The unknown words `read_words` looks up by their vectors: all but the typos of a report word."""
        return [w for w in unknown if not self._misspells_report_word(w)]

    def texts_to_embed(self, read: ReadQuestion) -> list[str]:
        """The texts `matched` and `answered` may embed whatever the passages are, besides the question itself:
        its unknown words, and the question as `pull` reads it. A caller that embeds them with the question, in one
        pass, saves the judge passes of its own (the embedder caches by text)."""
        plain = _plain(read.search_text)
        return [*self.words_to_read(read.unknown), *([plain] if plain != read.search_text else [])]

    def read_words(self, unknown: Sequence[str]) -> WordReading:
        """Which unknown words are foreign to the reports and which only reword a report word (typos are neither)."""
        words = self.words_to_read(unknown)
        if not words:
            return WordReading()
        vectors = self._vectors(words)
        nearest = [
            (word, *self._vocabulary.closest(vector)) for word, vector in zip(words, vectors, strict=True)
        ]
        same = [
            (w, near, sim >= self.limits.min_synonym and not _contrast(w, near)) for w, near, sim in nearest
        ]
        return WordReading(
            tuple((w, near) for w, near, synonym in same if near and not synonym),
            tuple((w, near) for w, near, synonym in same if near and synonym),
        )

    def _vectors(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.asarray(self._embed(texts), dtype=np.float32).reshape(len(texts), -1)

    def foreign_words(self, unknown: Sequence[str]) -> list[tuple[str, str]]:
        """The unknown words with no near synonym among the reports' words, each with its nearest report word."""
        return list(self.read_words(unknown).foreign)

    def matcher(self, read: ReadQuestion, reading: WordReading | None = None) -> SubjectMatcher:
        """Matches the question's subject against passages.

        A word the question reader corrected counts as what it meant: a misspelling ("depositery") or another form
        of the same word ("indirect" → "indirectly"); the reader leaves real words the reports lack ("founded")
        alone. An abbreviation counts as what it stands for, and only where all of that
        is ("QDI": "qualified dividend income", not any "dividend"). A word that only rewords a report word counts
        where that word is.
        """
        dropped: set[str] = set()
        stems: set[str] = set()
        for typed, term in read.corrections:
            dropped.update(tokenize(typed))
            stems.add(term)
        groups: list[frozenset[str]] = []
        abbreviations = read.expansions
        # the words typed apart from any abbreviation ("QDI on dividends": "dividends" counts wherever it is)
        typed_apart = set(_terms(read.original)) - {t for key, _ in abbreviations for t in _terms(key)}
        for key, meaning in abbreviations:
            said, meant = set(_terms(key)), _terms(meaning)
            dropped |= said - set(meant)
            if len(meant) > 1 and not said & set(meant):
                groups.append(frozenset(meant) - typed_apart)
        subject = [t for t in self.subject_terms(read.search_text) if t not in dropped]
        reading = reading or WordReading()
        aliases = {t: tokenize(near) for word, near in reading.synonyms for t in tokenize(word)}
        # a word that only asks whether a rule takes something in ("is Finland covered?") ties no term to it
        foreign = [w for w, _ in reading.foreign if not set(tokenize(w)) <= _ASKING]
        return SubjectMatcher(read.search_text, subject, self._idf, foreign, aliases, stems, groups)

    def matched(self, read: ReadQuestion, passages: Sequence[Passage]) -> Matched:
        """The question's unknown words read (typo scan, word vectors) and its subject matched in each passage."""
        reading = self.read_words(read.unknown)
        matcher = self.matcher(read, reading)
        return Matched(reading, matcher, tuple(matcher.match(p.section, p.text) for p in passages))

    def support(
        self, read: ReadQuestion, passages: Sequence[Passage], matched: Matched | None = None
    ) -> SubjectMatch | None:
        """The best-supported passage's match of the question's subject; None when the question has no subject
        terms (only names, numbers and question words). ``matched``: `matched(read, passages)`, if already made."""
        matched = matched or self.matched(read, passages)
        if not matched.matcher.weights:
            return None
        return max(matched.matches, key=lambda m: m.coverage, default=None)

    def rare_name_quoted(self, matched: Matched, passages: Sequence[Passage]) -> bool:
        """Whether a terse question (two subject terms at most: "is Norway on the list?", "which form, Form 6166?")
        has a quote that holds one of them written as a name (capitalised inside its sentence) that few passages
        hold (`RARE_SHARE`): a country in a list, a named form, a party. A name that rare is where the question
        points, however far a question of a few words is from its long passage by meaning."""
        weights = matched.matcher.weights
        if self._share is None or not weights or len(weights) > 2:
            return False
        share = self._share
        return any(
            t not in matched.matcher.bound and share(t) <= RARE_SHARE and _written_as_name(t, p.text)
            for p, match in zip(passages, matched.matches, strict=True)
            for t in match.found
        )

    @staticmethod
    def _rate_of_subject(matched: Matched, quotes: Sequence[str], rate: str | None = None) -> bool:
        """Whether a quote gives a rate and holds the question's most specific subject term the reports know: "Do I
        pay 5% or 0% on qualified dividends?" is not answered by a 5% that is the rate of something else.
        ``rate``: the figure that rate must be (one proposed "instead of" another)."""
        pattern = (
            _RATE if rate is None else re.compile(rf"(?<![\d.]){re.escape(rate)}\s*(?:%|percent\b)", re.I)
        )
        foreign = {t for word, _ in matched.reading.foreign for t in tokenize(word)}
        known = {t: w for t, w in matched.matcher.weights.items() if t not in foreign}
        if not known:
            return True
        key = max(known, key=lambda t: known[t])
        return any(
            key in match.found and pattern.search(quote)
            for quote, match in zip(quotes, matched.matches, strict=True)
        )

    def _part_about_the_foreign(self, asked: str, reading: WordReading) -> bool:
        """Whether the question asks two things or more and one of them is about nothing but words no report uses
        ("Who chairs the board, and how many staff are there?" where no report has "chairs" or "staff"): a quote
        answering the other part would be shown as the answer to both."""
        clauses = asks.asking_clauses(asked)
        if len(clauses) < 2 or not reading.foreign:
            return False
        foreign = {t for word, _ in reading.foreign for t in _terms(word)}
        # "… what does it say about that risk?": a part that points back to another is about that other part
        subjects = [set(self.subject_terms(c)) for c in clauses if not _POINTS_BACK.search(c)]
        return any(subject and subject <= foreign for subject in subjects)

    def _misspells_report_word(self, word: str) -> bool:
        """A word one slip away from a report word ("releif", "pasive") is a typo, not a concept the reports
        lack; a longer word may be two slips away ("witholdng"). "outstanding" is no slip of "standing", nor is
        any real word ("founded" of "funded")."""
        if len(word) < 5 or self._dictionary(word):
            return False
        slips = 1 if len(word) < 8 else 2
        return any(  # a slip seldom hits the first letter; comparing only those keeps this fast
            abs(len(w) - len(word)) <= slips and _slips(word, w, slips) <= slips
            for w in self._spellings.get(word[0], ())
        )

    def pull(
        self,
        text: str,
        words: Sequence[tuple[str, str]],
        quotes: Sequence[str],
        known: Sequence[npt.NDArray[np.floating[Any]] | None] = (),
    ) -> float:
        """How much closer the question comes to its best quote when an unknown word is replaced by the nearest
        report word (the most over ``words``): the answer is about the report's word, not the asker's.
        ``known``: the quotes' vectors where the index holds them (None where it does not)."""
        if not words or not quotes:
            return 0.0
        plain = _plain(text)
        variants = [_replace(plain, word, near) for word, near in words]
        known = list(known) or [None] * len(quotes)
        todo = [q for q, v in zip(quotes, known, strict=True) if v is None]
        vectors = self._vectors([plain, *variants, *todo])
        questions, fresh = vectors[: len(variants) + 1], iter(vectors[len(variants) + 1 :])
        answers = np.stack([np.asarray(v, dtype=np.float32) if v is not None else next(fresh) for v in known])
        best = (questions @ answers.T).max(axis=1)
        return float((best[1:] - best[0]).max())

    def lacks(
        self,
        read: ReadQuestion,
        passages: Sequence[Passage],
        asked: str | None = None,
        matched: Matched | None = None,
    ) -> str | None:
        """Why the answer composed from ``passages`` would not answer the question, in words, or None when nothing
        says so (`answered`, as text)."""
        verdict = self.answered(read, passages, asked, matched)
        return None if verdict.answers else str(verdict)

    def answered(
        self,
        read: ReadQuestion,
        passages: Sequence[Passage],
        asked: str | None = None,
        matched: Matched | None = None,
    ) -> Verdict:
        """Whether the answer composed from ``passages`` answers the question, as far as its words tell.

        ``asked``: the user's own words when ``read`` is a follow-up resolved from the conversation; what kind of
        answer is wanted ("does it cover me?" or "how am I taxed?") is read from them. ``matched``:
        `matched(read, passages)`, if already made (`support` needs it too). A request no report answers (live
        data, advice) is told by `request_no_report_answers`, so it is not judged here.
        """
        asked = asked or read.original
        matched = matched or self.matched(read, passages)
        reading, matcher, matches = matched.reading, matched.matcher, matched.matches
        if matcher.weights and not matcher.on_subject(matches):
            return Verdict(Reason.OFF_SUBJECT)
        quotes = [squash(p.text) for p in passages]
        known = [p.vector for p in passages]
        if any(_other_kind(word, near) for word, near in reading.foreign):
            return Verdict(Reason.FOREIGN_CONCEPT)
        if self._part_about_the_foreign(asked, reading):
            return Verdict(Reason.FOREIGN_CONCEPT)
        if (
            reading.foreign
            and self.pull(read.search_text, reading.foreign, quotes, known) > self.limits.max_pull
        ):
            return Verdict(Reason.FOREIGN_CONCEPT)
        # A date (or time limit) answers only from a quote about the question's subject, not just its "date"; a
        # thing named by its number ("Form 8621") is the subject only where that number is.
        numbers = _NUMBERED.findall(asked)
        asked = without_everyday_phrases(asked)  # the asker's situation, not the kind of answer asked for
        about = [
            quote
            for quote, match in zip(quotes, matches, strict=True)
            if (match.found - _DATE_WORDS or not matcher.weights.keys() - _DATE_WORDS)
            and all(re.search(rf"(?<![\w.]){re.escape(n)}(?![\w])", quote) for n in numbers)
        ]
        if asks.wants_deadline(asked):
            if not any(asks.gives_time_limit(q) for q in about):
                return Verdict(Reason.NO_TIME_LIMIT)
        elif asks.wants_date(asked) and not any(asks.gives_date(q) for q in about):
            return Verdict(Reason.NO_DATE)
        if asks.wants_amount(asked) and not any(asks.gives_amount(q) for q in about):
            return Verdict(Reason.NO_AMOUNT)
        if asks.wants_money(asked) and not any(asks.gives_money(q) for q in about):
            return Verdict(Reason.NO_AMOUNT)
        if asks.wants_limit(asked) and not any(asks.gives_limit(q) for q in about):
            return Verdict(Reason.NO_AMOUNT)
        if _RATE_CHOICE.search(asked) and not self._rate_of_subject(matched, quotes):
            return Verdict(Reason.NO_AMOUNT)
        proposed = _RATE_PROPOSED.search(asked)
        if proposed and not self._rate_of_subject(matched, quotes, proposed.group(1)):
            return Verdict(Reason.NO_AMOUNT)
        if definitions.wants_choice(asked) and not any(definitions.gives_choice(q) for q in about):
            return Verdict(
                Reason.NO_CHOICE
            )  # a choice no quote on the subject offers is one the reports lack
        if asks.vague_things_asked(asked, quotes):
            return Verdict(Reason.NOT_SPELLED_OUT)
        term = definitions.term_asked_to_define(asked)
        if term and any(definitions.defines(q, term) for q in quotes):
            return ANSWERS  # what a term means, stated: whoever the discussion leaves out
        if asks.asks_substance(asked) or asks_outcome(asked):
            places = [(p.doc_id, p.section) for p in passages]
            left_out = self.disclaimers.left_out(read.search_text, places)
            if left_out is None and (reading.foreign or reading.synonyms):
                # a word the reports lack, read as the report word nearest it, may name a kind of the topic the
                # discussion leaves out ("California tax" as "state tax")
                left_out = self.disclaimers.left_out(_with_nearest(read.search_text, reading), places, True)
            if left_out is not None:
                return Verdict(Reason.LEFT_OUT, left_out)
        return ANSWERS


# A name is rare when at most this share of the reports' passages holds it.
RARE_SHARE = 0.1
_CAPITALISED_WORD = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")


def _written_as_name(term: str, text: str) -> bool:
    """Whether ``text`` writes ``term`` capitalised where a sentence does not open ("Denmark", "Form")."""
    for match in _CAPITALISED_WORD.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1] not in ".?!:;" and tokenize(match.group()) == [term]:
            return True
    return False


def _terms(text: str) -> list[str]:
    """Search terms with possessives dropped ("IIJ's" is "IIJ")."""
    return tokenize(without_possessives(text))


def _plain(text: str) -> str:
    """The question as `Scope.pull` compares it: curly apostrophes straightened, as in the reports' words."""
    return text.replace("’", "'")


def _contrast(word: str, near: str) -> bool:
    """Whether two close words name opposite kinds of one thing, not the same one: a compound with the same head
    and another modifier ("short-term", "long-term"), or one word with a negating prefix ("nonqualified")."""
    a, b = word.lower(), near.lower()
    negated = any(x in (f"{p}{y}", f"{p}-{y}") for x, y in ((a, b), (b, a)) for p in _NEGATING)
    return negated or _other_kind(a, b)


def _other_kind(word: str, near: str) -> bool:
    """A compound with the report word's head and another modifier: "short-term" beside "long-term". The report
    speaks of the one kind only; what it says of that kind does not answer for the other."""
    if "-" not in word or "-" not in near:
        return False
    (first_a, head_a), (first_b, head_b) = word.lower().rsplit("-", 1), near.lower().rsplit("-", 1)
    return head_a == head_b and first_a != first_b


_NEGATING = ("non", "un", "in", "dis")


def _with_nearest(text: str, reading: WordReading) -> str:
    """``text`` with the report word nearest each unknown word said after it ("California state tax")."""
    for word, near in (*reading.foreign, *reading.synonyms):
        text = _replace(text, word, f"{word} {near}")
    return text


def _replace(text: str, word: str, replacement: str) -> str:
    return re.sub(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])", replacement, text, flags=re.IGNORECASE)


__all__ = ["Passage", "Scope", "ScopeLimits", "identity_terms", "latest_year", "request_no_report_answers"]
