"""Reading a question before search: expand finance abbreviations, fix typos, notice words the reports lack.

Pure: the vocabulary comes from the loaded index. People type "w/h", "QDI" and "cap gains"; reports spell them
out, so both searches (keyword and dense) see the report's words.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ingest.bm25 import tokenize

# Abbreviations readers use for what annual reports spell out. Keys are matched as whole words, any case.
ABBREVIATIONS: dict[str, str] = {
    "w/h": "withholding",
    "wht": "withholding tax",
    "w/o": "without",
    "qdi": "qualified dividend income",
    "mtm": "mark-to-market",
    "ftc": "foreign tax credit",
    "fx": "currency exchange",
    "forex": "currency exchange",
    "e&p": "earnings and profits",
    "amt": "alternative minimum tax",
    "pe": "permanent establishment",
    "drd": "dividends-received deduction",
    "cap gains": "capital gains",
    "cap gain": "capital gain",
    "ltcg": "long-term capital gain",
    "div": "dividend",
    "divs": "dividends",
    "dtt": "tax treaty",
    "irs": "IRS Internal Revenue Service",
    "sec": "Securities and Exchange Commission",
    "adr": "ADR ADS",
    "adrs": "ADRs ADSs",
    "yr": "year",
    "yrs": "years",
    "govt": "government",
    "jp": "Japan",
    "jpn": "Japan",
    "usa": "United States",
    "nonresident": "non-resident",
    "non resident": "non-resident",
    # everyday words for what reports call by their formal name
    # accounts and bodies exempt from income tax, which tax discussions name as "tax-exempt entities"
    "ira": "tax-exempt",
    "iras": "tax-exempt",
    "roth ira": "tax-exempt",
    "401k": "tax-exempt",
    "401(k)": "tax-exempt",
    "charity": "tax-exempt",
    "charities": "tax-exempt",
    "nonprofit": "tax-exempt",
    "non-profit": "tax-exempt",
    "swap": "exchange",
    "swaps": "exchanges",
    "swapping": "exchanging",
    "swapped": "exchanged",
}
# Everyday phrases for what the reports call by a legal term. Each describes the asker's situation ("I filed too
# late", "left me in his will"), so it is read as that term, and is no part of what kind of answer is asked for.
EVERYDAY_PHRASES: dict[str, str] = {
    # the report's legal terms for how shares change hands: an heir is a "legatee", a gift's receiver a "donee"
    "inherit": "legatee inheritance",
    "inherits": "legatee inheritance",
    "inherited": "legatee inheritance",
    "inheriting": "legatee inheritance",
    "heir": "legatee inheritance",
    "heirs": "legatee inheritance",
    "bequest": "legatee inheritance",
    "bequeathed": "legatee inheritance",
    "in his will": "legatee inheritance",
    "in her will": "legatee inheritance",
    "in their will": "legatee inheritance",
    "in a will": "legatee inheritance",
    "by will": "legatee inheritance",
    "gifted": "donee gift",
    "gave me": "donee gift",
    "gave us": "donee gift",
    "given to me": "donee gift",
    "as a present": "donee gift",
    # a company moving money across the border: the report's "import or export capital"
    "moving capital": "import export capital",
    "move capital": "import export capital",
    "moving money": "import export capital",
    "move money": "import export capital",
    "bringing money": "import export capital",
    "bring money": "import export capital",
    "taking money": "import export capital",
    "repatriate": "import export capital",
    "repatriating": "import export capital",
    "repatriation": "import export capital",
    # a time after the report's: the reports speak of "subsequent" years (never as a deadline: "no later than")
    "later": "subsequent",
    "later on": "subsequent",
    "in future": "subsequent",
    "in the future": "subsequent",
    "future years": "subsequent years",
    "going forward": "subsequent",
    "down the road": "subsequent",
    # where income "is sourced": the report's "sources" of income
    "sourced": "sources",
    # a form sent after its deadline: the report's holder who "does not submit ... in advance" (and its refund)
    "too late": "not submit in advance refund",
    "filed late": "not submit in advance refund",
    "file late": "not submit in advance refund",
    "submitted late": "not submit in advance refund",
    "missed the deadline": "not submit in advance refund",
    "missed the advance filing deadline": "not submit in advance refund",
    "missed the filing deadline": "not submit in advance refund",
    "missed the advance deadline": "not submit in advance refund",
    "miss the deadline": "not submit in advance refund",
    "forgot to file": "not submit in advance refund",
    "forgot to submit": "not submit in advance refund",
}
ABBREVIATIONS.update(EVERYDAY_PHRASES)
_EVERYDAY = re.compile(
    r"(?<![\w&/])("
    + "|".join(re.escape(k) for k in sorted(EVERYDAY_PHRASES, key=len, reverse=True))
    + r")(?![\w&/])(?!\s+than\b)",
    re.IGNORECASE,
)


# Everyday wordings too varied for a list of phrases, each with the report's terms for it.
EVERYDAY_WORDINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    # a treaty form not filed before payment, however it is worded ("forgot to send the application", "missed the
    # pre-payment filing"): the report's holder who "does not submit ... in advance" (and its refund)
    (
        re.compile(
            r"\b(?:miss(?:ed|ing)?|(?:forg[eo]t(?:ten)?\s+(?:to\s+)?|didn'?t\s+|did\s+not\s+|never\s+|"
            r"fail(?:ed)?\s+to\s+)(?:file[ds]?|send|sent|submit(?:ted)?|lodge[ds]?))"
            r"\b(?:\s+[\w'’-]+){0,4}\s+(?:deadline|application|forms?|filing|in\s+time|on\s+time|in\s+advance)\b",
            re.IGNORECASE,
        ),
        "not submit in advance refund",
    ),
    # a holding that ties an investor to the company ("an ownership tie", "we hold a stake in it"): the report's
    # "capital relationship"
    (
        re.compile(
            r"\b(?:ownership|equity|shareholding|capital|investment)\s+(?:ties?|links?|connections?|relationships?)\b"
            r"|\b(?:hold|holds|holding|own|owns|owning|have|has|having)\s+(?:a|an|some)\s+(?:[a-z-]+\s+)?"
            r"(?:stake|shareholding|equity\s+interest)\b|\bcross-?shareholdings?\b",
            re.IGNORECASE,
        ),
        "capital relationship",
    ),
    # no treaty in play ("with no treaty in place", "when there is no treaty", "without any treaty"): the report's
    # rate "unless an applicable tax treaty ... reduces" it
    (
        re.compile(
            r"\b(?:no|without(?:\s+an?|\s+any)?|absent(?:\s+an?|\s+any)?|lacking(?:\s+an?)?)\s+(?:\w+\s+){0,2}treat(?:y|ies)\b",
            re.IGNORECASE,
        ),
        "unless applicable tax treaty reduces",
    ),
    # the company's papers in its home country ("filings in Japan", "records kept in Tokyo"): the report's documents
    # on display at its headquarters
    (
        re.compile(
            r"\b(?:filings|documents|records|papers|files|reports)\s+(?:\w+\s+){0,2}?in\s+(?:Japan|Tokyo)\b",
            re.IGNORECASE,
        ),
        "documents on display Tokyo headquarters",
    ),
)


# The report named as where the answer is to be found ("in the report", "for this 20-F", "does the report cover"):
# every passage is in it, so search for the word finds the passages about reports as things (where they are
# filed), not the answer. The reports as things ("can the report be inspected?") stay.
_AS_SOURCE = re.compile(
    r"\b(?:in|for|from|by|within|throughout|according\s+to)\s+(?:the|this|your)\s+(?:annual\s+)?"
    r"(?:report|20-F)\b(?!\s+(?:filed|on\s+display))",
    re.IGNORECASE,
)
# "Does the report say/cover ...": the report as the one asked. ("How does the report define X?" is a definition
# question and is read whole.)
_ASKED_OF = re.compile(
    r"\b(does|did|will|can)\s+(?:the|this|your)\s+(?:annual\s+)?(?:report|20-F)\s+"
    r"(?=(?:say|state|mention|cover|address|discuss|deal)\w*\b)",
    re.IGNORECASE,
)


def without_the_report_as_source(text: str) -> str:
    """``text`` without the words naming the report as where to look (`_AS_SOURCE`, `_ASKED_OF`)."""
    text = _ASKED_OF.sub(r"\1 it ", _AS_SOURCE.sub(" ", text))
    return re.sub(r"\s{2,}", " ", text).replace(" ?", "?").strip()


def without_everyday_phrases(text: str) -> str:
    """``text`` without the everyday phrases `EVERYDAY_PHRASES` reads as report terms: "I missed the deadline; is
    the money lost?" asks whether it is lost, not for a deadline."""
    for pattern, _ in EVERYDAY_WORDINGS:
        text = pattern.sub(" ", text)
    return _EVERYDAY.sub(" ", text)


_ABBREVIATION = re.compile(
    r"(?<![\w&/])("
    + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w&/])(?!\s+than\b)",  # "later than" is a time limit, no time after the report's
    re.IGNORECASE,
)

# Everyday words of questions ("what's", "explain", "need") that say nothing about a report's subject matter.
# Used only to decide which unknown words matter, never to drop words from the search.
QUESTION_WORDS = frozenset(
    """
    about above across actually after again against ago all also although always am among another any anyone
    anything anyway apply applies around ask asked asking away back basically be because become becomes before
    being below besides best better between both briefly bring call can cannot case certain change check clear
    come comes compare compared concerning correct could currently describe described details did didn't do does
    doesn't doing don't done dose each either else enough ever every exactly example explain explained fact far
    few figure find first follow following get gets getting give given gives go goes going gone got happen
    happens happened hello help here hey hi hold how however i'd i'll i'm i've im instead isn't isnt it's its
    just keep kept kind know let let's like likely list look looks lot made main make makes many matter may maybe
    me mean means meant might mine more most much must my myself need needed needs never new next nothing now
    number often ok okay once one only other others otherwise own part particular per perhaps please point
    possible pretty probably put quick quickly quite rather really regarding relevant right run said same say
    says see seems should show simply since so some someone something sometimes soon sort still stuff summarise
    summarize summary sure take tell than thank thanks that's then there's these thing things think those though
    through thus today together too toward towards true try two under unless until up us use used using usually
    very via want wants was wasn't way ways we'd we're well went were what's whatever whether which while who's
    why will within without won't work works worked would wouldn't yeah yes yet you'd you're you've
    """.split()
)
QUESTION_STEMS = frozenset(t for w in QUESTION_WORDS for t in tokenize(w))


_US = re.compile(r"\bUS\b")  # capitals only: "tell us" is not a country


def expand_abbreviations(text: str) -> str:
    """ "QDI w/h?" → "QDI (qualified dividend income) w/h (withholding)?" — the original words stay."""
    text = _ABBREVIATION.sub(lambda m: f"{m.group(0)} ({ABBREVIATIONS[m.group(0).lower()]})", text)
    for pattern, terms in EVERYDAY_WORDINGS:
        text = pattern.sub(rf"\g<0> ({terms})", text)  # the terms are plain words
    return _US.sub("US (United States)", text)


# A name on one line: capitalised words, perhaps joined by "of", "and", "for", "&" ("The Bank of New York").
_NAME = re.compile(r"\b[A-Z][a-z]+(?: +(?:(?:of|and|for|&) +)?[A-Z][a-z]+)+")
_ARTICLE = re.compile(r"^(?:The|A|An)\s+")


def report_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """The initials of the names the reports spell out, lower-cased, with the name: "bny" for "The Bank of New
    York", "iij" for "Internet Initiative Japan". Three to six letters; an acronym two names share goes to the
    name written more often."""
    counts: dict[tuple[str, str], int] = {}
    for text in texts:
        for match in _NAME.finditer(text):
            name = _ARTICLE.sub("", match.group(0))
            words = name.split()
            if len(words) < 2:
                continue
            acronym = "".join(w[0] for w in words if w[0].isupper()).lower()
            if 3 <= len(acronym) <= 6:
                counts[acronym, name] = counts.get((acronym, name), 0) + 1
    best: dict[str, tuple[int, str]] = {}
    for (acronym, name), count in sorted(counts.items()):
        if count > best.get(acronym, (0, ""))[0]:
            best[acronym] = (count, name)
    return {acronym: name for acronym, (_, name) in best.items()}


def abbreviations_in(text: str) -> list[tuple[str, str]]:
    """Each abbreviation in ``text`` as typed, with what it stands for ("QDI" → "qualified dividend income")."""
    found = [(m.group(0), ABBREVIATIONS[m.group(0).lower()]) for m in _ABBREVIATION.finditer(text)]
    return found + [(m.group(0), "United States") for m in _US.finditer(text)]


def slips(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap neighbours) from ``a`` to ``b``; more than ``limit`` is limit + 1."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _one_slip(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with one letter left out, added, changed, or two neighbours swapped."""
    return slips(typed, word, 1) <= 1


def _one_family(typed: str, term: str) -> bool:
    """Whether a word and an index term are forms of one word: they share their beginning ("indirect",
    "indirectli"; "conclude", "conclus"), where "founded" and "fund" or "cover" and "over" do not."""
    typed = typed.lower()
    shared = 0
    while shared < min(len(typed), len(term)) and typed[shared] == term[shared]:
        shared += 1
    return shared >= max(4, 0.75 * min(len(typed), len(term)))


@dataclass(frozen=True)
class ReadQuestion:
    """A question prepared for search."""

    original: str
    search_text: str  # abbreviations expanded, typos corrected
    unknown: tuple[str, ...]  # subject-matter words the index has never seen (after typo correction)
    corrections: tuple[
        tuple[str, str], ...
    ] = ()  # (word as typed, the index term search_text adds beside it)
    # (abbreviation as typed, what it stands for): finance shorthand ("QDI") and the reports' own acronyms ("BNY")
    expansions: tuple[tuple[str, str], ...] = ()


class QuestionReader:
    """Knows a vocabulary (stemmed terms, usually the index's) and reads questions against it.

    ``words`` are whole words that ``corrected`` writes back for a misspelling of them (their stems join the
    vocabulary): a reader that must match its own phrases ("excess distribution") gets the word, not the stem.
    """

    def __init__(
        self,
        vocabulary: Collection[str],
        cutoff: float = 0.85,
        words: Collection[str] = (),
        dictionary: Callable[[str], bool] | None = None,
        acronyms: Mapping[str, str] | None = None,
    ) -> None:
        """``acronyms``: lower-cased initials and the names they stand for (`report_acronyms`), read as those names
        when the vocabulary lacks them and they are no real word ("docs" is a word, not initials)."""
        self._dictionary = dictionary or (lambda word: False)
        self._acronyms = {a: name for a, name in (acronyms or {}).items() if not self._dictionary(a)}
        self._words: dict[str, list[str]] = {}
        for word in words:
            for term in tokenize(word)[:1]:
                self._words.setdefault(term, []).append(word.lower())
        self._vocabulary = frozenset(vocabulary) | frozenset(self._words)
        # Spelling targets: a question word ("whether") says nothing about the subject, so it corrects nothing.
        # A typo rarely hits the first letter; a correction that changes it turns words into others ("cover").
        self._by_initial: dict[str, list[str]] = {}
        for term in sorted(self._vocabulary - QUESTION_STEMS):
            self._by_initial.setdefault(term[:1], []).append(term)
        self._cutoff = cutoff

    @lru_cache(maxsize=4096)  # noqa: B019 - one reader per loaded index; the cache dies with it
    def _correct(self, word: str) -> str | None:
        """The index word a misspelt word most likely meant, or None."""
        if len(word) < 5 or word.isdigit():
            return None
        stem = tokenize(word)
        if stem and stem[0] in self._vocabulary:
            return None
        key = stem[0] if stem else word
        match = difflib.get_close_matches(key, self._by_initial.get(key[:1], []), n=1, cutoff=self._cutoff)
        if not match or (self._dictionary(word) and not _one_family(word, match[0])):
            return None  # a real word the index lacks ("founded") is no slip of one it has ("fund")
        return match[0]

    def _unknown_words(self, text: str) -> Iterator[tuple[str, str | None]]:
        """Each subject-matter word the vocabulary lacks, with the term it most likely meant (or None)."""
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", text):
            known, fixed = self._reading(word)
            if not known:
                yield word, fixed

    @lru_cache(maxsize=8192)  # noqa: B019 - one reader per loaded index; the cache dies with it
    def _reading(self, word: str) -> tuple[bool, str | None]:
        """Whether ``word`` is known (in the vocabulary, or a question word or abbreviation) and, when it is not,
        the term it most likely meant (or None); a word's reading is its own, so it is worked out once."""
        lowered = word.lower().replace("’", "'")
        terms = tokenize(lowered)
        if not terms or all(t in self._vocabulary for t in terms):
            return True, None
        if lowered in QUESTION_WORDS or lowered in ABBREVIATIONS or all(t in QUESTION_STEMS for t in terms):
            return True, None
        return False, self._correct(lowered)

    @lru_cache(maxsize=8192)  # noqa: B019 - one reader per loaded index; the cache dies with it
    def _meant(self, word: str) -> str | None:
        """The form of one of ``words`` that ``corrected`` writes for ``word``, or None."""
        known, fixed = self._reading(word)
        if known:
            return None
        typed = word.lower()
        forms = [form for w in self._words.get(fixed or "", []) for form in (w, w + "s")]
        meant = [form for form in forms if _one_slip(typed, form)]
        return meant[0] if meant else None

    def corrected(self, text: str) -> str:
        """``text`` with each misspelt word that meant one of ``words`` replaced by it ("distributon").

        Only a slip of one letter (left out, added, changed or swapped) is corrected: a real word the vocabulary
        lacks ("internet") is usually further from the word it resembles ("interest").
        """
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", text):
            meant = self._meant(word)
            if meant is not None:
                text = re.sub(rf"\b{re.escape(word)}\b", meant, text)
        return text

    def read(self, question: str) -> ReadQuestion:
        expanded = expand_abbreviations(question)
        expansions = abbreviations_in(question)
        corrections: dict[str, str] = {}
        unknown: list[str] = []
        named: dict[str, str] = {}
        for word, fixed in self._unknown_words(expanded):
            bare = re.sub(r"['’]s$", "", word)
            if bare.lower() in self._acronyms:
                named[bare] = self._acronyms[bare.lower()]
            elif fixed is not None:
                corrections[word] = fixed
            elif len(word) > 2:
                unknown.append(word.lower().replace("’", "'"))
        search_text = without_the_report_as_source(expanded)
        for acronym, name in named.items():
            # after a possessive: "BNY's (Bank of New York) job"
            found = rf"\b{re.escape(acronym)}(?:['’]s)?(?![\w'’])"
            search_text = re.sub(found, rf"\g<0> ({name})", search_text)  # a name is letters, spaces and "&"
            expansions.append((acronym, name))
        for wrong, right in corrections.items():
            search_text = re.sub(rf"\b{re.escape(wrong)}\b", f"{wrong} {right}", search_text)
        return ReadQuestion(
            question,
            search_text,
            tuple(dict.fromkeys(unknown)),
            tuple(corrections.items()),
            tuple(expansions),
        )
