"""How much of a question's subject a quoted passage holds, counting only words used in the question's sense.

Search matches stems, so a quote can "contain" a question's word in another sense:

* inside a name: "revenue" in "Internal Revenue Service", "exchange" in "Securities and Exchange Commission" — the
  passage names an agency, it says nothing about revenue or exchange;
* through a derived word: "operating" (margin) and "operation" (of a network) share the stem "oper" but not the
  meaning; inflections ("taxed", "taxes"; "elected", "elect") are the same word;
* as part of a phrase with a word no report uses: in "return on equity" or "largest shareholders" the report's
  "return" (of capital) or "shareholders" is not what is asked about.

Pure: the weights (idf) and the words the reports lack come from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.bm25 import WORD, tokenize

_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# A phrase ends at punctuation (a dash between spaces included): words on either side are not one phrase.
_PHRASE_BREAK = re.compile(r"[,;:?!()\[\]\"“”]|\s[-–—]\s|\.(?:\s|$)")
# A phrase may run across one of these ("return on equity", "dealers in securities").
_LINKS = frozenset({"of", "on", "in", "for", "at", "to", "from", "by", "with"})
# A name: two or more capitalised words, joined at most by "of", "for" or "the", or by "and" before a name of two
# words ("Securities and Exchange Commission", "The Bank of New York", "Internal Revenue Service Form"). A name does
# not run past a full stop ("U.S." and "Mr." keep their inner dots only).
_CAPITALISED = r"[A-Z][\w'’-]*(?:\.[A-Za-z]+)*"
_NAME = re.compile(
    rf"\b{_CAPITALISED}(?:\s+(?:(?:of|for|the)\s+)?{_CAPITALISED}|\s+and\s+{_CAPITALISED}\s+{_CAPITALISED})+"
)


def without_possessives(text: str) -> str:
    """``text`` with each possessive "'s" dropped ("IIJ's" is "IIJ")."""
    return _POSSESSIVE.sub("", text)


def words(text: str) -> list[tuple[str, str]]:
    """Each search word of ``text`` with its term (stem), in order; stop words and possessives left out."""
    found: list[tuple[str, str]] = []
    for word in WORD.findall(without_possessives(text.lower().replace("’", "'"))):
        for term in tokenize(word):
            found.append((word, term))
    return found


def _bases(word: str) -> set[str]:
    """The forms ``word`` may be an inflection of: "taxes" → tax, "elected" → elect, "submitted" → submit (and an
    adverb of its adjective: "retroactively" → retroactive)."""
    bases = {word}
    for ending, back in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("d", ""),
        ("ing", ""),
        ("ly", ""),
    ):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: len(word) - len(ending)] + back
            bases.add(stem)
            if ending in ("ed", "ing"):
                bases.add(stem + "e")  # "taxed" from "tax", "issued" from "issue"
                if len(stem) > 3 and stem[-1] == stem[-2]:
                    bases.add(stem[:-1])  # "submitted" from "submit"
    return bases


def same_word(a: str, b: str) -> bool:
    """Whether two words are one word, inflected: "taxed"/"taxes", not "operating"/"operation"."""
    return a == b or bool(_bases(a) & _bases(b))


def names(text: str) -> list[frozenset[str]]:
    """The terms of each name in ``text``: two or more capitalised words, so a sentence's capitalised first word is
    no name unless the next word is capitalised too; a leading stop word ("The", "Under") is left out."""
    found: list[frozenset[str]] = []
    for match in _NAME.finditer(text):
        parts = match.group(0).split()
        while parts and not tokenize(parts[0]):  # "The Bank of New York": the leading "The" is no part of it
            parts = parts[1:]
        capitalised = [p for p in parts if p[:1].isupper() and tokenize(p)]
        if len(capitalised) >= 2:
            found.append(frozenset(t for p in parts for t in tokenize(p)))
    return found


@dataclass(frozen=True)
class Said:
    """A word of a question's phrase, its term, and whether a linking word ("on", "of") comes before it."""

    word: str
    term: str
    linked: bool = False


def phrases(text: str) -> list[list[Said]]:
    """The question's phrases: runs of search words between punctuation. A run may cross one linking word ("on" in
    "return on equity"); any other stop word ends it."""
    runs: list[list[Said]] = []
    for piece in _PHRASE_BREAK.split(without_possessives(text.lower().replace("’", "'"))):
        run: list[Said] = []
        gap: list[str] = []
        for word in WORD.findall(piece):
            terms = tokenize(word)
            if terms:
                run.append(Said(word, terms[0], linked=bool(gap)))
                gap = []
                continue
            gap.append(word)
            if word not in _LINKS or len(gap) > 1:
                if run:
                    runs.append(run)
                run, gap = [], []
        if run:
            runs.append(run)
    return runs


def weighted_share(weights: Mapping[str, float], present: Collection[str]) -> float:
    """The weighted share of the terms that are present."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in present) / total if total else 0.0


@dataclass(frozen=True)
class SubjectMatch:
    """Which of the question's subject terms a passage holds in the question's sense, weighted by idf."""

    weights: dict[str, float]
    found: frozenset[str]

    @property
    def coverage(self) -> float:
        return weighted_share(self.weights, self.found)

    @property
    def complete(self) -> bool:
        """Every subject term is there (and there is more than one: a single word is thin evidence)."""
        return len(self.weights) > 1 and self.found >= set(self.weights)


@dataclass(frozen=True)
class _Passage:
    """A passage's words outside names, and the terms of each name in it."""

    outside: tuple[tuple[str, str], ...]
    names: tuple[frozenset[str], ...]


@lru_cache(maxsize=2048)
def _read_passage(text: str) -> _Passage:
    found = names(text)
    outside = _NAME.sub(lambda m: " " if names(m.group(0)) else m.group(0), text)
    return _Passage(tuple(words(outside)), tuple(found))


class SubjectMatcher:
    """Matches one question's subject terms against passages.

    ``foreign``: the question's words no report uses; ``aliases``: for a word that only rewords a report word
    ("corp"), the terms of that word ("corpor"); ``stems``: terms the question reader wrote as bare stems beside
    a misspelling ("depositery depositari"), which stand for any word of that stem; ``groups``: terms that
    count only together, in one passage (what an abbreviation stands for: "qualified dividend income").
    """

    def __init__(
        self,
        question: str,
        subject: Sequence[str],
        idf: Callable[[str], float],
        foreign: Collection[str] = (),
        aliases: Mapping[str, Sequence[str]] | None = None,
        stems: Collection[str] = (),
        groups: Iterable[frozenset[str]] = (),
    ) -> None:
        self._aliases = {t: list(a) for t, a in (aliases or {}).items() if a}
        # A rewording weighs what the report word it means weighs ("corp" as "corporation").
        self.weights = {
            t: min(idf(a) for a in self._aliases[t]) if t in self._aliases else idf(t)
            for t in dict.fromkeys(subject)
        }
        self._forms: dict[str, set[str]] = {}
        for word, term in words(question):
            self._forms.setdefault(term, set()).add(word)
        self._stems = frozenset(stems)
        self._groups = [g & self.weights.keys() for g in groups if len(g & self.weights.keys()) > 1]
        self.bound = _bound_terms(question, {without_possessives(w.lower()) for w in foreign})

    def _same_sense(self, term: str, passage: _Passage) -> bool:
        forms = self._forms.get(term, set())
        if any(
            t == term and (term in self._stems or any(same_word(w, f) for f in forms))
            for w, t in passage.outside
        ):
            return True
        if any(t in self._aliases.get(term, ()) for _, t in passage.outside):
            return True
        # Inside a name, the word counts only when the question names more of it ("IRS" → "Internal Revenue
        # Service"); alone, "revenue" is not what "Internal Revenue Service" is about.
        return any(term in name and (name - {term}) & self._forms.keys() for name in passage.names)

    def match(self, section: str, text: str) -> SubjectMatch:
        """The subject terms ``text`` (with its section path) holds in the question's sense."""
        passage = _read_passage(text)
        found = {t for t in self.weights if self._same_sense(t, passage)}
        found |= {t for _, t in words(section) if t in self.weights}  # headings say what a passage is about
        for group in self._groups:
            if not group <= found:
                found -= group
        return SubjectMatch(self.weights, frozenset(found))

    def on_subject(self, matches: Iterable[SubjectMatch]) -> bool:
        """Whether some passage holds a subject term the question does not tie to a word no report uses."""
        return any(t not in self.bound for m in matches for t in m.found)


def _bound_terms(question: str, foreign: set[str]) -> frozenset[str]:
    """Terms every use of which, in the question, is part of a phrase with a word no report uses, so that the
    phrase names something the reports lack: the word that phrase modifies ("largest shareholders"), modified by it
    at the phrase's end ("operating margin"), or whose complement it heads ("return on equity")."""
    free: set[str] = set()
    bound: set[str] = set()
    for run in phrases(question):
        for i, said in enumerate(run):
            if said.word in foreign:
                continue
            tied = (
                # a foreign word right before it modifies it: "largest shareholders"
                (i > 0 and not said.linked and run[i - 1].word in foreign)
                # it modifies a foreign word that ends the phrase: "operating margin", "data centres"
                or (
                    i + 1 < len(run)
                    and not run[i + 1].linked
                    and run[i + 1].word in foreign
                    and (i + 2 == len(run) or run[i + 2].linked)
                )
                # its complement is headed by a foreign word: "return on equity"
                or (i + 1 < len(run) and run[i + 1].linked and _head(run, i + 1).word in foreign)
                # it is the complement of a foreign word: "margin on sales"
                or (i > 0 and said.linked and run[i - 1].word in foreign)
            )
            (bound if tied else free).add(said.term)
    return frozenset(bound - free)


def _head(run: Sequence[Said], start: int) -> Said:
    """The last word of the linked phrase that begins at ``start`` ("equity" in "on equity", "years" in "in later
    years")."""
    end = start + 1
    while end < len(run) and not run[end].linked:
        end += 1
    return run[end - 1]
