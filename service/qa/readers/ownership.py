"""Percentages of IIJ's voting shares held, bounds ("more than half") read as a representative figure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from service.qa.readers.numbers import BARE_STAKE, NUM, bare_number, to_decimal


@dataclass(frozen=True)
class Ownership:
    """Voting percentage; ``note`` explains a bound ("more than 50%") turned into a representative value."""

    voting_pct: Decimal
    note: str | None = None


_PCT = re.compile(r"(?P<num>" + NUM + r")\s*(?:%|percent\b|per\s*cent\b|pct\b)", re.I)
_NOT_VOTING_BEFORE = re.compile(
    r"(?:rate|rated|bracket|factor|factors|interest|withh\w*|marginal|top|tax|at|of\s+gross|w/h|wht|assets|income|"
    r"charge|and|,|(?<!\bw)/)\s*(?:of|is|are|was|were|=|:)?\s*(?:a|the)?\s*$",
    re.I,
)
_VOTING_BEFORE = re.compile(
    r"\b(?:own|owns|owning|owned|hold|holds|holding|held|stake|control|controls|controlling|has|have|having|"
    r"with|possess\w*|shareholding|ownership|interest|voting)\b|"
    r"\bw/(?!h)",  # "a US corp w/ 12%"
    re.I,
)
_VOTING_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:of\s+(?:the\s+|iij|its\s+)?(?:voting|iij|shares|stock|company|outstanding|vote|it\b|the\s+company)|"
    r"(?:(?:corporate|corporation|company|individual|institutional|parent|controlling|minority|majority|equity|"
    r"u\.?s\.?|american|japanese|foreign|non-resident|nonresident)\s+){0,2}"
    r"(?:stake|owner|holder|shareholder|share\s*holder|shareholding|holding(?!\s+period)|interest|voting|owned|"
    # a stake named by what was bought: "a 60% block of the voting shares", "a 30% position", "a 15% slice"
    r"ownership|of\s+iij|block|position|slice|chunk|piece|tranche|parcel))",
    re.I,
)
# A percentage right after the holder's noun is its stake: "US corp 60%", "US corporation, 75% since …",
# "a Delaware company (40%)", "an investor with 12%"; not a rate said there ("US corp, 10% rate")
_HOLDER_JUST_BEFORE = re.compile(
    r"\b(?:corp|corporation|company|co|inc|llc|ltd|entity|parent|investor|holder|shareholder|fund|subsidiary)\.?"
    r"\s*[,:(]?\s*(?:with\s+|owning\s+|holding\s+)?$",
    re.I,
)
_NOT_A_STAKE_AFTER = re.compile(
    r"\s*(?:\)\s*)?(?:rate|tax|bracket|withh\w*|w/h|wht|treaty|max\w*|cap|ordinary|top|marginal|of\s+(?:the\s+)?"
    r"(?:gross|dividend|income|assets|value))\b",
    re.I,
)
# A percentage followed by a rate word names a rate, whatever ownership words stand before it: "held since 2001 …
# is the 20% maximum rate available", "long-held; does the 20% cap apply", "in the 30% bracket", "the 20% LTCG rate"
_RATE_NAMED_AFTER = re.compile(
    r"\s*(?:\)\s*)?(?:-\s*)?(?:(?:qdi|qualified(?:[- ]dividend)?|ltcg|long[- ]term(?:\s+capital[- ]gains?)?|"
    r"capital[- ]gains?|dividend|treaty|federal|u\.?s\.?|japanese|withholding|income|tax|preferential|reduced|"
    r"special|favou?rable|statutory|marginal|top|maximum|max)\s+){0,2}"
    r"(?:rate|rates|bracket|cap|ceiling|max\w*|limit|tax\s+rate|withh\w*|w/h|wht)\b",
    re.I,
)
# a threshold crossed ("crossed 50% on …", "went above 50%") or a stake arrived at ("we hit 51% on …", "increased
# our stake to 55%"), where no rate is spoken of
_CROSSED = re.compile(
    r"crossed|passed|exceeded|topped|surpassed|(?:went|rose|climbed|moved|got)\s+(?:above|over|past|beyond)",
    re.I,
)
_ARRIVED_BEFORE = re.compile(
    r"\b(?:hit|reached|(?:rose|went|got|grew|increased|climbed|upped)\s+(?:\w+\s+){0,2}?to)\s*$", re.I
)
_RATE_WORD = re.compile(r"\b(?:rate|tax|withh\w*|bracket|yield|price|value|income)\b", re.I)
# a percentage before the holder's noun: "a 55% US parent", "the 20% corporate holder"
_HOLDER_AFTER = re.compile(
    r"^\s*(?:(?:u\.?s\.?|american|japanese|foreign|corporate|delaware|british|german)\s+)?"
    r"(?:parent|corp|corporation(?!\s+tax)|company|affiliate|investor)\b",
    re.I,
)
_BOUND = re.compile(
    r"(?P<op>more\s+than|over|above|greater\s+than|in\s+excess\s+of|exceeding|at\s+least|not\s+less\s+than|"
    r"less\s+than|under|below|fewer\s+than|up\s+to|just\s+over|just\s+under|>=|≥|>|<=|≤|<|"
    # a threshold crossed is a bound: "crossed 50%", "went above 50%"
    r"crossed|passed|exceeded|topped|surpassed|(?:went|rose|climbed|moved|got)\s+(?:above|over|past|beyond))\s*$",
    re.I,
)


# a small bound said of the holder is its stake: "a US holder (well under 1%)", "investor, below 2%"
_BELOW = re.compile(r"less\s+than|under|below|fewer\s+than|just\s+under|<", re.I)
_HOLDER_NEAR = re.compile(
    r"\b(?:holder|shareholder|investor|owner|stake|position|holding)\b[^.;?!%]{0,20}$", re.I
)

# said as the holder's own ("if you had 10%+", "we hold 10% or more"), not as a band ("holders of 10% or more")
_POSSESSED = re.compile(
    r"\b(?:own|owns|owned|owning|hold|holds|holding|held|had|has|have|having|with|control\w*)\s+(?:\w+\s+)?$",
    re.I,
)
_AT_LEAST_AFTER = re.compile(
    r"\s*(?:\+|or\s+(?:more|above|higher|greater|over)\b|and\s+(?:up|over|above)\b)", re.I
)

_SIGNS = {">": "more than", ">=": "at least", "≥": "at least", "<": "less than", "<=": "up to", "≤": "up to"}


def _stake_at(text: str, m: re.Match[str], answers_stake_question: bool) -> tuple[bool, Ownership | None]:
    """Whether the percentage at ``m`` speaks of the holder's stake, and the stake it gives (``None``: a range
    or a bound that gives no single figure)."""
    value = to_decimal(m.group("num"))
    if value is None:
        return False, None
    before = text[max(0, m.start() - 40) : m.start()]
    after = text[m.end() : m.end() + 40]
    # "10%+ of the voting shares", "10% or more of the voting shares": a bound said after the figure
    at_least = _AT_LEAST_AFTER.match(after)
    if at_least is not None and _POSSESSED.search(before):
        after = after[at_least.end() :]
    elif at_least is not None and not re.match(r"\s*or\s+more\b", after, re.I):
        at_least = None
    if WITHHELD_PCT_AFTER.match(after):
        return False, None  # "10% Japanese tax withheld" is a withholding rate, not a stake
    if re.match(r"\s*(?:to|-|–|and)\s*\d", after) or re.search(r"\bbetween\s*$", before, re.I):
        return True, None  # a range such as "10% to 50%" names a table row, not the holder's stake
    bound = _BOUND.search(before)
    core_before = before[: bound.start()] if bound else before
    crossed = bound is not None and _CROSSED.fullmatch(bound.group("op"))
    arrived = _ARRIVED_BEFORE.search(core_before) and not _RATE_WORD.search(core_before[-30:])
    holder_stake = (
        _HOLDER_JUST_BEFORE.search(core_before)
        or crossed
        or arrived
        or (bound is not None and _BELOW.fullmatch(bound.group("op")) and _HOLDER_NEAR.search(core_before))
    ) and not _NOT_A_STAKE_AFTER.match(after)
    if not answers_stake_question and _RATE_NAMED_AFTER.match(after) and not _VOTING_AFTER.search(after):
        return False, None
    if not answers_stake_question and not holder_stake:
        if _NOT_VOTING_BEFORE.search(core_before) and not _VOTING_AFTER.search(after):
            return False, None
        if not (
            _VOTING_BEFORE.search(core_before[-30:])
            or _VOTING_AFTER.search(after)
            or _HOLDER_AFTER.match(after)
        ):
            return False, None
    if at_least is not None:
        return True, Ownership(value)
    if bound is None:
        return True, Ownership(value)
    op = _SIGNS.get(bound.group("op"), bound.group("op").lower())
    if op in {"at least", "not less than"}:
        return True, Ownership(value)
    if op in {"less than", "under", "below", "fewer than", "just under"}:
        if value <= 10 and value > 0:
            rep = value - 1 if value > 1 else value / 2  # "way under 1%": half of it, still a stake
            return True, Ownership(rep, f"taking {rep}% for “{bound.group(0).strip()} {m.group(0)}”")
        return True, None
    if op == "up to":
        return True, None
    if value >= 50:
        rep = min(value + 1, Decimal(100))
        return True, Ownership(rep, f"taking {rep}% for “{bound.group(0).strip()} {m.group(0)}”")
    return True, None


def stake_mentions(text: str) -> list[tuple[Ownership, int, int]]:
    """Every voting stake the text states, with its position ("3% of the voting shares … a corp w/ 12%")."""
    found: list[tuple[Ownership, int, int]] = []
    for m in _PCT.finditer(text):
        is_stake, ownership = _stake_at(text, m, False)
        if is_stake and ownership is not None:
            found.append((ownership, m.start(), m.end()))
    return found


def parse_voting_pct(text: str, answers_stake_question: bool = False) -> Ownership | None:
    """Percentage of IIJ's voting shares held ("owning 60 percent", "30% stake", "holds 5% of IIJ").

    ``answers_stake_question``: the text replies to a question about the stake ("about 8%", "12"), so a
    percentage, or a bare number up to 100, needs no word such as "own" to be read as the stake.
    """
    if answers_stake_question and not _PCT.search(text):
        value = bare_number(text, BARE_STAKE)
        if value is not None and value <= 100:
            return Ownership(value)
    for m in _PCT.finditer(text):
        is_stake, ownership = _stake_at(text, m, answers_stake_question)
        if is_stake:
            return ownership
    t = text.lower()
    if re.search(r"wholly[- ]owned|\bown(?:s|ing)?\s+all\s+(?:of\s+)?(?:the\s+)?(?:shares|iij)", t):
        return Ownership(Decimal(100), "taking 100% for full ownership")
    if re.search(r"\bmajority\b", t):
        return Ownership(Decimal(51), "taking 51% for a majority holding")
    half = re.search(
        r"\b(?:more\s+than|over|above|just\s+over)\s+(?:a\s+|one\s+)?half\b(?!\s+(?:of\s+)?(?:its|the|iij's)\s+(?:gross|income|assets))",
        t,
    )
    if half:
        return Ownership(Decimal(51), f"taking 51% for “{half.group(0)}”")
    small = re.search(
        r"\b(?:tiny|small|little|modest|portfolio|minuscule|miniscule|minute|negligible|token)\s+"
        # a kind of holder may stand between: "a small US holder", "a tiny retail position"
        r"(?:(?:u\.?s\.?|american|retail|individual|private|personal|minority)\s+)?"
        r"(?:stake|holding|position|shareholding|shareholder|holder|investor|interest|fraction|slice|percentage)\b",
        t,
    )
    if small:
        return Ownership(
            Decimal(1), f"taking 1% for “{small.group(0)}”; any stake under 10% gives the same result"
        )
    return None


WITHHELD_PCT_AFTER = re.compile(
    r"\s*(?:of\s+(?:it|the\s+(?:gross\s+)?(?:dividend|amount))\s+)?(?:japanese\s+|japan\s+)?(?:(?:income\s+)?tax\s+|withholding\s+(?:tax\s+)?)?"
    r"(?:was\s+|is\s+|were\s+|got\s+|has\s+been\s+|had\s+been\s+)?(?:withheld|deducted|taken\s+out|withholding\b)",
    re.I,
)
