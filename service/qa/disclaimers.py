"""What a report says its own discussion leaves out, read from the report's text when a question first needs it.

Tax and legal sections state whom they are for and whom they are not: "It does not address special classes of
holders … including: - dealers in securities, …"; "a summary … for a holder who is a non-resident of Canada
without a fixed base in Canada"; "It only applies to you if … you hold your shares … as capital assets". A
question about one of those left-out holders ("I'm a securities dealer: how are my gains taxed?") is
not answered by the section, however well its words match: the report says it does not cover them. Asked whether
the discussion covers them ("does this apply to dealers?"), the statement itself is the answer, so only questions
after substance are withheld (service/qa/asks.py).

Pure: chunks in, statements out; nothing here knows a particular report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ingest.bm25 import tokenize
from ingest.chunk import Chunk
from ingest.lists import statements
from service.qa.evidence import Said, phrases, same_word, words
from service.qa.places import PLACES_IN, within
from service.qa.taxes import TaxesNamed

# "It does not address …", "… are not discussed", "This summary does not cover …".
_EXCLUDES = re.compile(
    r"\b(?:does|do|will|shall)\s+not\s+(?:address|cover|discuss|deal\s+with|consider|describe)\b|"
    r"\b(?:is|are)\s+not\s+(?:addressed|covered|discussed|described)\b",
    re.IGNORECASE,
)
# A sentence that says what a section is about: "The following is a discussion summarizing …", "It only applies to
# you if …", "This summary applies only to …".
_SCOPE = re.compile(
    r"\bthe\s+following\s+(?:is\s+an?\s+)?(?:discussion|summary|summarises|summarizes|discusses)\b|"
    r"\bthis\s+(?:discussion|summary|section)\s+(?:is\s+for|applies|addresses\s+only)\b|"
    r"\bonly\s+appl(?:y|ies)\b|\bappl(?:y|ies)\s+only\b",
    re.IGNORECASE,
)
_ONLY_IF = re.compile(
    r"\bonly\s+appl(?:y|ies)\s+(?:to\s+\w+\s+)?if\b|\bappl(?:y|ies)\s+only\s+if\b", re.IGNORECASE
)
# "non-resident of Canada": the section is for residents of elsewhere. (A "non-" without a place says too little:
# resident of where?)
_NON = re.compile(r"\bnon-([a-z]+)\s+(?:of|in)\s+([A-Z][a-z]+)")
# "without a fixed base in Canada", "not having a …": up to three words, then perhaps a place.
_WITHOUT = re.compile(r"\b(?:without|not\s+having)\s+(?:an?\s+|any\s+)?[\"“]?((?:[a-z]+[\"”]?\s*){1,3})")
_PLACE = re.compile(r"^\s*(?:in|of)\s+([A-Z][a-z]+)")
# "What is a fixed base …?", "define …", "what counts as …": the words after it are being defined.
_DEFINES = re.compile(
    r"^\W*(?:what|who)\s*(?:is|are|'s|’s)\s+(?:an?\s+|the\s+)?(\w+)|"
    r"\b(?:define|definition\s+of|meaning\s+of|what\s+counts\s+as|what\s+does)\s+(?:an?\s+|the\s+)?[\"'“‘]?(\w+)",
    re.IGNORECASE,
)
# "What does the report mean by a 'fixed base'?", "what is meant by …": the term after "by" is being defined, whatever
# the words before it name (the report, "the 20-F", "this section").
_MEANT_BY = re.compile(r"\bmean(?:s|t)?\s+by\s+(?:an?\s+|the\s+)?[\"'“‘]?(\w+)", re.IGNORECASE)
# "This discussion addresses only United States federal income taxation": the one kind of the topic it covers.
_ONLY_KIND = re.compile(
    r"\b(?:address(?:es)?|cover(?:s)?|discuss(?:es)?|deals?\s+with)\s+only\s+([^.;:]+)|"
    r"\bonly\s+(?:address(?:es)?|cover(?:s)?|discuss(?:es)?)\s+([^.;:]+)",
    re.IGNORECASE,
)
# "federal, state and local": lower-case words named side by side as alternatives.
_ALTERNATIVES = re.compile(r"\b[a-z]+(?:,\s*[a-z]+)*,?\s+(?:and|or)\s+[a-z]+\b")
# A word said as a noun: right after an article or a possessive ("a straddle", "my dealer"). Not past a modifier:
# in "a taxable transaction" the modifier says which transaction, not that it is the listed kind.
_DETERMINER = re.compile(r"\b(?:a|an|the|my|our|your|their|his|her|its|this|that|these|those)\s+")


def _said_as_nouns(lowered: str, said: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The terms of the words of ``said`` that ``lowered`` has right after an article or a possessive, each a whole
    word: one scan for the determiners, then each word looked for where one ends (no pattern made per word, which
    cost a question a millisecond or more for each word never seen before)."""
    ends = [m.end() for m in _DETERMINER.finditer(lowered)]
    if not ends:
        return frozenset()
    return frozenset(
        term
        for word, term in said
        if any(lowered.startswith(word, end) and _word_edge(lowered, end + len(word)) for end in ends)
    )


def _word_edge(text: str, at: int) -> bool:
    """Whether a word starts or ends at ``at`` (the regular expression ``\\b`` there)."""
    before = at > 0 and _word_char(text[at - 1])
    after = at < len(text) and _word_char(text[at])
    return before != after


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# Saying where one lives is saying where one is resident ("I live in Canada", "we're based in Canada"): read as
# "resident in", so a section for non-residents of that place knows the asker is not one of them. Not where a
# broker, a company or a trade is said to be ("my broker is based in Canada", "a firm settled in Canada").
_LIVES_IN = re.compile(
    r"\b(?:live|lives|lived|living|reside|resides|resided|residing|based|domiciled|settled)\s+in\b",
    re.IGNORECASE,
)
_NOT_THE_HOLDER = re.compile(
    r"\b(?:broker\w*|banks?|compan(?:y|ies)|firms?|custodians?|depositary|funds?|accounts?|advis[eo]rs?|"
    r"corporations?|subsidiar(?:y|ies)|issuers?|exchanges?|trades?|sales?|it)\b(?![^.,;:?!]*\b(?:i|we)\b)"
    r"[^.,;:?!]*$",
    re.IGNORECASE,
)


def _as_resident(question: str) -> str:
    """``question`` with "live in" (and the like) said of the asker read as "resident in": not when a broker, a
    company or a trade is the one said to be there (unless "I" or "we" comes after it: "the sale, while we lived
    in Canada")."""

    def said_of_the_holder(match: re.Match[str]) -> str:
        if _NOT_THE_HOLDER.search(question[max(0, match.start() - 40) : match.start()]):
            return match.group(0)
        return "resident in"

    return _LIVES_IN.sub(said_of_the_holder, question)


# A yes/no question ("is the gain taxed?", "do we owe anything?") asks what happens to the asker as much as "how
# is it taxed?" does, unless it asks whether the discussion or a rule takes them in ("does this apply to me?", "are
# we covered?", "does the treaty help us?"): that the report's own statement of scope or condition answers.
_YES_NO = re.compile(
    r"(?:^|[.?!;:]\s+|,\s*(?:so|and|but)\s+|\b(?:so|and|but)\s+)(?:is|are|was|were|do|does|did|will|would|can|could|"
    r"should|must|may|might|am|has|have|shall)\s+\w",
    re.IGNORECASE,
)
_ABOUT_COVERAGE = re.compile(
    r"\b(?:appl(?:y|ies|icable)|cover(?:s|ed|age)?|address(?:es|ed)?|discuss\w*|includ\w*|relevant|mention\w*|"
    r"meant|intended|written\s+for|speaks?\s+(?:to|of|about)|count(?:s|ed)?|"
    # whether a rule's benefit reaches them ("does the treaty help me?"): its condition answers that
    r"help(?:s|ed)?|benefit(?:s|ed)?|eligible|qualif\w*|entitled)\b",
    re.IGNORECASE,
)


def asks_outcome(question: str) -> bool:
    """Whether a yes/no question asks what happens to the asker ("is the gain free of tax?"), not whether the
    discussion takes them in ("does it apply to a holder with an office there?")."""
    return bool(_YES_NO.search(question)) and not _ABOUT_COVERAGE.search(question)


_NEGATION = frozenset(
    {"no", "not", "non", "without", "never", "isn't", "aren't", "don't", "doesn't", "n't", "lack"}
)


@dataclass(frozen=True)
class _Asked:
    """A question as the disclaimers read it, read once for all of them: its phrases, terms and word pairs."""

    text: str
    runs: tuple[tuple[Said, ...], ...]
    terms: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    nouns: frozenset[str] = frozenset()  # terms of words said as nouns: after an article or a possessive

    @classmethod
    def of(cls, question: str) -> _Asked:
        question = _as_resident(question)
        runs = tuple(tuple(run) for run in phrases(question))
        said = words(question)
        lowered = question.lower().replace("’", "'")
        nouns = _said_as_nouns(lowered, said)
        return cls(question, runs, frozenset(t for _, t in said), frozenset(_run_pairs(runs)), nouns)


@lru_cache(maxsize=256)
def _phrase(words: tuple[str, ...]) -> re.Pattern[str]:
    """A restriction's words as said in a question, with anything but letters between them; made once per phrase."""
    return re.compile(r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\w*")


# Right after a phrase: a place it is in ("in Osaka", ") in Tokyo"), or "there" (group 1 empty).
_PLACE_AFTER = re.compile(r"\W*(?:(?:in|inside|within|at)\s+(?:the\s+)?(?:city\s+of\s+)?([a-z]+)|there\b())")


@dataclass(frozen=True)
class Restriction:
    """Whom a section is for, as one phrase: ``wanted`` (the section is only for holders with it: "capital assets")
    or not (only for holders without it: "resident" in "non-resident of Canada", "fixed base")."""

    words: tuple[str, ...]
    wanted: bool
    place: str = ""  # "canada" in "non-resident of Canada": a resident of elsewhere is not meant

    def contradicted_by(self, question: _Asked) -> bool:
        """Whether the question says the asker is on the other side ("I'm a resident of Canada", "not as capital
        assets"). Asking what the phrase means ("What is a fixed base?") says nothing of the asker."""
        defined = _MEANT_BY.search(question.text) or _DEFINES.search(question.text)
        term = next((g for g in defined.groups() if g), "") if defined else ""
        if term and same_word(term.lower(), self.words[0]):
            return False
        raw = question.text.lower()
        for run in question.runs:
            said = [w.word for w in run]
            for i in range(len(said) - len(self.words) + 1):
                if not all(same_word(said[i + k], w) for k, w in enumerate(self.words)):
                    continue
                negated = _negated(raw, said[i])
                if self.wanted and negated:
                    return True
                if not self.wanted and not negated and (self._placed(said, i) or self._placed_after(raw)):
                    return True
        return False

    def _placed_after(self, raw: str) -> bool:
        """Whether the place is said right before the phrase or follows it in the question's own text past a bracket
        ("our office (a fixed base) in Canada"), or is pointed back to by "there" once named before ("paid in Canada
        to a holder with a fixed base there")."""
        for match in _phrase(self.words).finditer(raw):
            # the place said just before, past a bracket ("a Japanese PE (permanent establishment)")
            before = re.findall(r"[a-z]+", raw[max(0, match.start() - 25) : match.start()])[-3:]
            if any(within(w, self.place) or w[:5] == self.place[:5] for w in before):
                return True
            after = _PLACE_AFTER.match(raw, match.end())
            if after is None:
                continue
            if after.group(1) and within(after.group(1), self.place):
                return True
            if not after.group(1) and any(
                within(w, self.place) for w in re.findall(r"[a-z]+", raw[: match.start()])
            ):
                return True
        return False

    def _placed(self, said: Sequence[str], at: int) -> bool:
        if not self.place:
            return True
        near = said[max(0, at - 3) : at + len(self.words) + 3]
        # a prefecture or city of the place is the place ("a resident of Osaka" is a resident of Japan)
        inside = PLACES_IN.get(self.place, frozenset())
        return any(w[:5] == self.place[:5] or w.lower() in inside for w in near)


@dataclass(frozen=True)
class Kind:
    """The one kind of a topic a section says it addresses ("only United States federal income taxation"), with the
    kinds the report names beside it elsewhere in the section ("federal, state and local"): a question about one of
    those others ("state income tax") is one the section does not cover."""

    kept: str  # "federal"
    others: frozenset[str]  # {"state", "local"}
    topic: tuple[str, ...]  # the terms after the kind: ("incom", "taxat")
    before: tuple[tuple[str, str], ...] = ()  # (word, the word before it) in the section's own phrase

    def contradicted_by(self, question: _Asked) -> str | None:
        """The other kind and topic the question asks about ("state income tax"), or None: when it names no
        other kind next to the topic, or names the kept kind too ("federal and state tax")."""
        runs = question.runs
        if any(same_word(said.word, self.kept) for run in runs for said in run):
            return None
        for run in runs:
            for i, said in enumerate(run[:-1]):
                if not any(same_word(said.word, other) for other in self.others):
                    continue
                if i and any(
                    same_word(said.word, w) and same_word(run[i - 1].word, prior) for w, prior in self.before
                ):
                    continue  # "States" in "United States" is the section's own name, not a kind of state
                topical = [
                    t for t in run[i + 1 : i + 3] if any(_one_stem(t.term, term) for term in self.topic)
                ]
                if topical:
                    return " ".join(t.word for t in run[i : run.index(topical[-1]) + 1])
        return None


@dataclass(frozen=True)
class Exclusion:
    """One kind of holder (or matter) a section says it does not address: the words and word pairs that name it
    and nothing else in the report."""

    text: str
    terms: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    # its own words that head a phrase of it ("straddle", "dealers" in "dealers in securities"), not those that
    # modify another word ("conversion" in "conversion transaction", "functional" in "functional currency")
    heads: frozenset[str] = frozenset()

    def named_by(self, question: _Asked) -> bool:
        """Two of its own words, or one of its own word pairs (either order), are in the question; or one own word
        that heads a phrase of the kind, said as a noun ("part of a straddle"): the thing only this kind has. One own
        word said otherwise ("am I liable") may be an everyday word that occurs in the report only there."""
        if len(question.terms & self.terms) >= 2 or question.nouns & self.heads:
            return True
        return any(pair in self.pairs or pair[::-1] in self.pairs for pair in question.pairs)


@dataclass(frozen=True)
class Disclaimer:
    """What a section (and its subsections) of one report says it leaves out."""

    doc_id: str
    section: str
    exclusions: tuple[Exclusion, ...] = ()
    restrictions: tuple[Restriction, ...] = ()
    kinds: tuple[Kind, ...] = ()

    def governs(self, doc_id: str, section: str) -> bool:
        return doc_id == self.doc_id and (section == self.section or section.startswith(self.section + " > "))


class Disclaimers:
    """Every disclaimer of the loaded reports, each report's read on first use: a question needs only those of
    the reports its quotes come from, so loading an index of many reports reads none of them."""

    def __init__(self, chunks: Sequence[Chunk] = (), ignore: Collection[str] = ()) -> None:
        """``ignore``: terms that name no kind of holder (question words, the reports' own names)."""
        self._chunks: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            self._chunks.setdefault(chunk.doc_id, []).append(chunk)
        self._ignore = frozenset(ignore)
        self._read: dict[str, tuple[Disclaimer, ...]] = {}
        self._taxes: TaxesNamed | None = None

    @classmethod
    def from_chunks(cls, chunks: Sequence[Chunk], ignore: Collection[str] = ()) -> Disclaimers:
        """The disclaimers of ``chunks``, read as they are needed."""
        return cls(chunks, ignore)

    def read_all(self, pause: Callable[[], None] = lambda: None) -> None:
        """Read every report's disclaimers not read yet, calling ``pause`` after each report (the service reads
        them on a background thread and pauses so that requests get the interpreter lock meanwhile): about 6 ms a
        report, 12 s for 2,001 reports."""
        for doc_id in list(self._chunks):
            if doc_id not in self._read:
                self.of(doc_id)
                pause()

    def taxes(self) -> TaxesNamed:
        """The taxes besides income tax the loaded reports name, with the countries they tie each to (read once)."""
        if self._taxes is None:
            self._taxes = TaxesNamed.read(
                chunk.text[a - chunk.start : b - chunk.start]
                for chunks in self._chunks.values()
                for chunk in chunks
                for a, b in chunk.sentences
            )
        return self._taxes

    @property
    def all(self) -> tuple[Disclaimer, ...]:
        return tuple(d for doc_id in self._chunks for d in self.of(doc_id))

    def of(self, doc_id: str) -> tuple[Disclaimer, ...]:
        """The disclaimers of one report (read once; reading twice at once gives the same, so no lock)."""
        found = self._read.get(doc_id)
        if found is None:
            found = self._read[doc_id] = _disclaimers(self._chunks.get(doc_id, []), self._ignore)
        return found

    def left_out(
        self, question: str, places: Iterable[tuple[str, str]], kinds_only: bool = False
    ) -> str | None:
        """What the question asks about that a disclaimer governing one of ``places`` ((doc id, section) of the
        quotes) leaves out, or None. ``kinds_only``: only the kinds of a topic a section leaves out ("state"
        income tax), not the holders."""
        spots = set(places)
        asked = _Asked.of(question)
        docs = {doc_id for doc_id, _ in spots}
        for disclaimer in (d for doc_id in self._chunks if doc_id in docs for d in self.of(doc_id)):
            # a kind of tax the report says it does not address ("only … federal income taxation": not state tax)
            # is not what any of its sections answers; whom a section leaves out, only that section says
            for kind in disclaimer.kinds:
                other = kind.contradicted_by(asked)
                if other is not None:
                    return other
            if not any(disclaimer.governs(doc_id, section) for doc_id, section in spots):
                continue
            for exclusion in () if kinds_only else disclaimer.exclusions:
                if exclusion.named_by(asked):
                    return exclusion.text
            for restriction in () if kinds_only else disclaimer.restrictions:
                if restriction.contradicted_by(asked):
                    return " ".join(restriction.words)
        return None


def _disclaimers(chunks: Sequence[Chunk], ignore: frozenset[str]) -> tuple[Disclaimer, ...]:
    """The disclaimers of one report's chunks; a kind's own words are those no other sentence of the report has."""
    grouped = [(chunk, group) for chunk in chunks for group in statements(chunk)]
    counts: dict[object, int] | None = None
    found: list[Disclaimer] = []
    for chunk, (lead, *items) in grouped:
        if _EXCLUDES.search(lead):
            if counts is None:  # only a report that leaves someone out needs its words counted
                counts = _sentence_counts(s for _, sentences in grouped for s in sentences)
            exclusions = _exclusions(lead, items, counts, ignore)
            found.append(Disclaimer(chunk.doc_id, chunk.section, exclusions))
        elif _SCOPE.search(lead):
            restrictions, kinds = _restrictions(lead), _kinds(lead, chunk.text)
            if restrictions or kinds:
                found.append(Disclaimer(chunk.doc_id, chunk.section, restrictions=restrictions, kinds=kinds))
    return tuple(found)


def _pairs(text: str) -> set[tuple[str, str]]:
    """Neighbouring terms of each phrase ("functional currency", "dealers in securities")."""
    return _run_pairs(phrases(text))


def _run_pairs(runs: Iterable[Sequence[Said]]) -> set[tuple[str, str]]:
    return {(a.term, b.term) for run in runs for a, b in pairwise(run)}


def _sentence_counts(sentences: Iterable[str]) -> dict[object, int]:
    """In how many sentences of the report each term and each word pair occurs."""
    counts: dict[object, int] = {}
    for sentence in sentences:
        for key in {t for _, t in words(sentence)} | _pairs(sentence):
            counts[key] = counts.get(key, 0) + 1
    return counts


def _exclusions(
    lead: str, items: Sequence[str], counts: dict[object, int], ignore: frozenset[str]
) -> tuple[Exclusion, ...]:
    """The kinds a statement leaves out: its list items, else what follows the verb. Each is named by its own words
    (in no other sentence of the report; not words of the lead or of two items, numbers or ``ignore``d terms) and by
    the word pairs that hold one of them ("dealers in securities": "dealer"; "securities dealer"); a kind with no
    own word ("investors that own … of the voting stock") by the word pairs no other sentence has ("voting
    stock")."""
    if not items:
        match = _EXCLUDES.search(lead)
        items = [lead[match.end() :]] if match else []
    shared = set(ignore) | {t for _, t in words(lead)}
    per_item = [{t for _, t in words(item)} for item in items]
    for i, terms in enumerate(per_item):
        shared |= {t for j, other in enumerate(per_item) if j != i for t in terms & other}
    found: list[Exclusion] = []
    for item, terms in zip(items, per_item, strict=True):
        own = frozenset(
            t for t in terms - shared if counts.get(t, 0) == 1 and not any(ch.isdigit() for ch in t)
        )
        usable = [
            p for p in _pairs(item) if not set(p) & ignore and not any(ch.isdigit() for ch in "".join(p))
        ]
        if own:  # the pairs that hold an own word ("securities dealer"), not the kind's qualifier alone
            pairs = frozenset(p for p in usable if set(p) & own)
        else:  # a kind whose head word others share ("investors that …") is named by a pair only it has
            pairs = frozenset(p for p in usable if counts.get(p, 0) == 1)
        if own or pairs:
            text = re.sub(r"^[\s\-•·]+|[\s,.;]+(?:or|and)?$", "", item)
            found.append(Exclusion(text, own, pairs, own & _heads(item)))
    return tuple(found)


def _heads(text: str) -> frozenset[str]:
    """The terms of the words that end a phrase, or its part before a linking word: "dealers" and "securities" in
    "dealers in securities", "transaction" (not "conversion") in "conversion transaction"."""
    return frozenset(
        said.term
        for run in phrases(text)
        for i, said in enumerate(run)
        if i + 1 == len(run) or run[i + 1].linked
    )


def _restrictions(sentence: str) -> tuple[Restriction, ...]:
    """Whom a scope sentence is for: the "non-…" and "without …" it names, and the conditions after "only … if"."""
    found: list[Restriction] = []
    for word, place in _NON.findall(sentence):
        found.append(Restriction((word,), wanted=False, place=place.lower()))
    for without in _WITHOUT.finditer(sentence):
        said: list[str] = []
        end = without.start(1)
        for word in re.finditer(r"[a-z]+", sentence[without.start(1) : without.end(1)]):
            if not tokenize(word.group(0)):  # the phrase ends at "in", "of", "to", "which" …
                break
            said.append(word.group(0))
            end = without.start(1) + word.end()
        place = _PLACE.match(sentence[end:])
        if said:
            found.append(
                Restriction(tuple(said), wanted=False, place=place.group(1).lower() if place else "")
            )
    only_if = _ONLY_IF.search(sentence)
    if only_if:
        for condition in re.split(r",?\s+and\s+|;", sentence[only_if.end() :]):
            tail = [w for w, _ in words(condition.split(",")[0])][-2:]  # "… as capital assets"
            if tail:
                found.append(Restriction(tuple(tail), wanted=True))
    return tuple(found)


def _kinds(sentence: str, section_text: str) -> tuple[Kind, ...]:
    """The kind a scope sentence says is the only one addressed, when the section names its alternatives right
    before the topic: "This discussion addresses only United States federal income taxation" with "… the United
    States federal, state and local and other tax consequences" gives federal, not state or local, income
    taxation."""
    only = _ONLY_KIND.search(sentence)
    if not only:
        return ()
    said = [w for w, _ in words(only.group(1) or only.group(2))]
    found: list[Kind] = []
    for listing in _ALTERNATIVES.finditer(section_text):
        named = re.findall(r"[a-z]+", listing.group(0))
        named = [w for w in named if w not in ("and", "or", "other")]
        kept = [w for w in named if w in said]
        if len(kept) != 1 or said.index(kept[0]) == len(said) - 1:
            continue  # the list must hold exactly one word of the phrase, and the phrase must go on after it
        at = said.index(kept[0])
        topic = tuple(t for _, t in words(" ".join(said[at + 1 :])))
        after = re.match(r"(?:\s+(?:and|or)\s+other)?\s+([a-z]+)", section_text[listing.end() :])
        following = tokenize(after.group(1)) if after else []
        if not any(_one_stem(t, term) for t in following for term in topic):
            continue  # the alternatives must qualify the topic: "federal, state and local … tax consequences"
        before = tuple((w, said[i - 1]) for i, w in enumerate(said) if i)
        others = frozenset(w for w in named if w != kept[0])
        if topic and others:
            found.append(Kind(kept[0], others, topic, before))
    return tuple(found)


def _one_stem(a: str, b: str) -> bool:
    """Whether one term is the other's beginning, three letters at least ("tax" and "taxat")."""
    return min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))


_LETTERS_OR_APOSTROPHE = re.compile(r"[a-z']+")


@lru_cache(maxsize=4096)
def _word_start(word: str) -> re.Pattern[str]:
    """``word`` where a word begins; compiled once per word."""
    return re.compile(rf"(?<![\w']){re.escape(word)}")


def _negated(text: str, word: str) -> bool:
    """Whether ``word`` comes, in ``text``, right after a negation ("non-resident", "no PE", "not as capital")."""
    for match in _word_start(word).finditer(text):
        before = _LETTERS_OR_APOSTROPHE.findall(text[max(0, match.start() - 30) : match.start()])[-3:]
        if any(w in _NEGATION or w.endswith("n't") for w in before):
            return True
    return False
