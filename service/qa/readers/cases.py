"""A question that asks the same calculation for two holders or two events, split into two questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from service.qa.readers.facts import ExtractedText, extract_facts
from service.qa.readers.flags import NOT_A_RESIDENCE_GAP
from service.qa.readers.holders import HOLDER_NOUNS
from service.qa.readers.money import WITHHELD_AFTER, WITHHELD_BEFORE
from service.qa.readers.ownership import stake_mentions
from service.qa.readers.per_share import PER_SHARE_AFTER
from service.qa.readers.residence import country_matches
from service.qa.readers.roles import DateRole
from service.qa.readers.series import labels_a_percentage

# "…, and for a US corp", "… vs 2004-03-01": the words that join a second case to the first.
_CASE_CUE = re.compile(
    r"(?:,\s*)?\b(?:and|or|vs\.?|versus|compared\s+(?:to|with)|as\s+opposed\s+to|rather\s+than)\s+(?:also\s+)?",
    re.I,
)
_JOINS_A_DATE = re.compile(
    _CASE_CUE.pattern + r"(?:(?:on|at|in|by|if|i|we|sell|sold|selling|it|them|instead)\s+)*$", re.I
)
# A sentence that restates the question for another case ("and if I'd sold on 11-20?", "What about a US corp?").
_CASE_SENTENCE = re.compile(
    r"^\s*(?:(?:and|or|but|also|then)\s+)?(?:what|how)\s+(?:about|if)\b|^\s*(?:and|or|but)\s+(?:what\s+)?"
    r"(?:if|for|with|on|at|to|when|in|a|an|the)\b|^\s*what\s+if\b|^\s*(?:vs\.?|versus)\s",
    re.I,
)
# Words that open the second case like the first ("for a US individual … and for a US corp").
_CASE_HEADS = frozenset("for to if on at with by when in a an the my our as".split())
# Words that may stand between the joining word and the second value ("… vs on 2004-03-01", "or one paid …").
_CASE_FILLERS = frozenset(
    "for to if on at with by when in a an the my our as one paid sold sell selling bought it i we i'd we'd had "
    "was were is us u.s. american".split()
)


@dataclass(frozen=True)
class TwoCases:
    """A question that asks the same calculation for two holders or two events.

    ``first`` and ``second`` are each case as a question of its own; when ``second_follows`` the second is a
    follow-up to the first ("… how many days? and if I'd sold on 11-20?"). The labels quote the user's words
    that tell the cases apart. ``clear`` is false when the two cases cannot be told apart word for word.
    """

    first: str
    second: str
    second_follows: bool
    first_label: str
    second_label: str
    clear: bool = True


def _case_mentions(text: str, read: ExtractedText) -> list[tuple[str, Any, int, int]]:
    """Facts that tell one case from another, each with its kind and position: holder, stake, date, amount.

    The dates (with their roles) and the amounts are the ones the facts were read from (``read``): an amount is
    read where no exchange rate or date is."""
    out: list[tuple[str, Any, int, int]] = []
    for value, pattern in HOLDER_NOUNS:
        out += [("holder", value, m.start(), m.end()) for m in pattern.finditer(text)]
    out += [("stake", ownership.voting_pct, start, end) for ownership, start, end in stake_mentions(text)]
    out += _country_mentions(text)
    previous_role: DateRole | None = None
    previous_end = 0
    for stated_role, mention in read.dates:
        if labels_a_percentage(text, mention):
            continue
        role = stated_role
        if (
            role is None
            and previous_role is not None
            and _JOINS_A_DATE.search(text[previous_end : mention.start])
        ):
            role = (
                previous_role  # "sell on 2004-01-15 vs 2004-03-01": the second date has the first one's role
            )
        if role is not None:
            out.append((f"date:{role}", mention.fact, mention.start, mention.end))
        previous_role, previous_end = role, mention.end
    if re.search(r"\bpassive\b|\bassets\b|\b(?:gross|total)\s+income\b", text, re.I):
        return sorted(out, key=lambda mention: mention[2])  # the PFIC tests' figures are lists, not cases
    for money in read.money:
        if money.currency == "JPY" and not (
            PER_SHARE_AFTER.search(text[money.end : money.end + 30])
            or WITHHELD_AFTER.search(text[money.end : money.end + 30])
            or WITHHELD_BEFORE.search(text[max(0, money.start - 60) : money.start])
        ):
            out.append(("yen", money.value, money.start, money.end))
    return sorted(out, key=lambda mention: mention[2])


_NOT_RESIDENCE_AFTER = re.compile(
    r"\s*(?:federal\s+)?(?:income\s+)?(?:tax|taxes|dollars?|return|purposes|rules|law|sources?|exchanges?)\b|"
    # where the trade or the account is, not where the holder lives: "a London broker", "a Tokyo-based bank"
    r"[\s-]*(?:based\s+)?(?:brokers?|brokerage|banks?|custodians?|accounts?|desks?|branch|office|markets?)\b",
    re.I,
)
# "sold through a …", "via the …", "on the … exchange": the place named next is where the sale is made
_NOT_RESIDENCE_BEFORE = re.compile(
    r"\b(?:through|via|using|with|at|on)\s+(?:an?\s+|the\s+|my\s+|our\s+)?$", re.I
)


# "I sell my ADSs in London", "sold them on the NYSE in New York": a place named in the clause of a sale is where
# the sale is made, not where a holder lives
_PLACE_OF_SALE_BEFORE = re.compile(
    r"\b(?:sell|sells|selling|sold|sale|dispos\w*|trade[sd]?|trading|listed|cash(?:ed)?\s+out)\b"
    + NOT_A_RESIDENCE_GAP
    + r"{0,40}?"
    r"\b(?:in|on|at|through|via)\s+(?:the\s+)?$",
    re.I,
)


def _country_mentions(text: str) -> list[tuple[str, Any, int, int]]:
    """Countries named as where a holder lives ("a US corp", "my wife, a German resident"), not "US tax", nor the
    place of a sale ("sell my ADSs in London")."""
    found = [
        ("country", country, m.start(), m.end())
        for country, _, m in country_matches(text)
        if not _NOT_RESIDENCE_AFTER.match(text[m.end() :])
        and not _NOT_RESIDENCE_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
        and not _PLACE_OF_SALE_BEFORE.search(text[max(0, m.start() - 60) : m.start()])
    ]
    found.sort(key=lambda mention: mention[2])
    return [m for i, m in enumerate(found) if not (i and found[i - 1][2] <= m[2] < found[i - 1][3])]


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in ".;:?!") + 1


def _clause_end(text: str, pos: int) -> int:
    m = re.search(r"[,;:?!]|\.(?:\s|$)|\s[-–—]\s", text[pos:])
    return pos + m.start() if m else len(text)


def _label(segment: str) -> str:
    words = re.sub(r"^[\s,;:.?!]+|[\s,;:.?!]+$", "", segment)
    return re.sub(
        r"^(?:and|or|but|also|then|vs\.?|versus|what\s+about|how\s+about)\s+", "", words, flags=re.I
    )


def two_cases(text: str, read: ExtractedText | None = None) -> TwoCases | None:
    """The two cases of a question that states one fact twice, joined as alternatives; ``None`` for one case.

    "w/h for a US individual w/ 3%, and for a US corp w/ 12%?" → the same question for each holder; "gain if I
    sell on 2004-01-15 vs 2004-03-01" → for each date; "…? and if I'd sold on 11-20?" → a follow-up.
    ``read``: what ``extract_facts`` read from ``text``, when the caller has it already.
    """
    mentions = _case_mentions(text, read if read is not None else extract_facts(text))
    pairs: list[tuple[int, int, int, int]] = []
    for i, (kind, value, start, end) in enumerate(mentions):
        for kind2, value2, start2, end2 in mentions[i + 1 :]:
            if kind2 == kind:
                if value2 != value:
                    pairs.append((start, end, start2, end2))
                break
    for start, end, start2, end2 in sorted(pairs, key=lambda pair: pair[2]):
        cases = _split_at(text, start, end, start2, end2)
        if cases is not None:
            return cases
    return None


def _split_at(text: str, start: int, end: int, start2: int, end2: int) -> TwoCases | None:
    between = text[end:start2]
    stop = max(between.rfind(c) for c in ".?!")
    if stop >= 0 and not re.match(r"\d", between[stop + 1 : stop + 2]):
        sentence = end + stop + 1
        if _CASE_SENTENCE.search(text[sentence:]):
            second = text[sentence:].strip()
            return TwoCases(text[:sentence].strip(), second, True, _label(text[start:end]), _label(second))
        return None
    cues = list(_CASE_CUE.finditer(between))
    if not cues:
        return None
    cue_start, cue_end = end + cues[-1].start(), end + cues[-1].end()
    head = text[cue_end:start2]
    if len(head) > 40:
        return None
    opening = re.match(r"\s*([\w'.]+)", head + text[start2:])
    first_word = opening.group(1).lower() if opening else ""
    clause = _clause_start(text, start)
    if first_word in _CASE_HEADS:
        heads = [
            m.start() for m in re.finditer(r"\b" + re.escape(first_word) + r"\b", text[clause:start], re.I)
        ]
        if heads:
            base = clause + heads[-1]
            alt_end = _clause_end(text, end2)
            return TwoCases(
                text[:cue_start].rstrip() + text[alt_end:],
                text[:base] + text[cue_end:],
                False,
                _label(text[base:cue_start]),
                _label(text[cue_end:alt_end]),
            )
    if all(word.lower() in _CASE_FILLERS for word in re.findall(r"[\w'.]+", head)):
        return TwoCases(
            text[:cue_start].rstrip() + text[end2:],
            text[:start] + text[start2:],
            False,
            _label(text[start:end]),
            _label(text[start2:end2]),
        )
    return TwoCases(text, text, False, _label(text[start:end]), _label(text[cue_end:end2]), clear=False)
