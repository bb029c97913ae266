"""Values by year: per-year rates ("38.6% for 2002 and 35% for 2003"), lists of years held or PFIC years, amounts
for the earlier years ("$1,000 in each of the previous three years")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from service.qa.readers.dates import DateMention, parse_dates
from service.qa.readers.features import features
from service.qa.readers.numbers import (
    LIST_GAP,
    NUM,
    NUMWORD,
    WORD_NUMBER,
    Number,
    number_run_before,
    overlaps,
    parse_numbers,
    to_decimal,
    word_number,
)

# Taxable years named in a list ("2003, 2004 and 2005", "2002-2004"); a date such as 2002-06-30 is not one.
_ONE_YEAR = r"(?:19|20)\d{2}(?!\d|[-/.]\d{1,2}\b)"
_YEAR_LIST = (
    r"(?P<years>"
    + _ONE_YEAR
    + r"(?:\s*(?:,\s*and|,|and|&|through|thru|to|until|-|–|—)\s*"
    + _ONE_YEAR
    + r")*)"
)
YEAR_LIST = _YEAR_LIST  # a list or range of taxable years, its text in the group "years"
# "held IIJ in 2003 and 2004", "from 2001 to 2004", "held 2003–2005", "holding period 2005 thru 2009"; a year
# after "since", "until" or "before" is the start or end of a holding, not a list of the years held
HELD_YEARS = re.compile(
    # "owned"/"ownd", "during"/"durring": a doubled or dropped letter does not hide the word
    # "holdings 2003–2006", "ownership 2002 to 2004": the nouns name the years held as the verbs do
    r"\b(?:held|owne?d|hold|holding|holdings|owning|own|ownership)\b[^.;]{0,50}?(?:\b(?:in|dur+ing|for|from|throughout|(?P<between>between))\s+)?"
    r"(?:(?:the\s+)?(?:tax(?:able)?\s+)?years?\s+)?(?<!since\s)(?<!until\s)(?<!before\s)(?<!after\s)(?<![\d$¥,.])"
    + _YEAR_LIST,
    re.I,
)
PFIC_YEARS = re.compile(
    r"\bpfic\b[^.;]{0,25}?\b(?:in|for|during)\s+(?:(?:the\s+)?(?:tax(?:able)?\s+)?years?\s+)?(?:only\s+)?"
    + _YEAR_LIST
    + r"|\bpfic\s+(?:in\s+)?years?\s*(?:were|are|was|is|:|=)?\s*"
    + _YEAR_LIST.replace("years>", "years2>")
    # "2006 was a PFIC year", "2003 and 2004 were PFIC years": the years first
    + r"|"
    + _YEAR_LIST.replace("years>", "years3>")
    + r"\s+(?:was|were|is|are)\s+(?:(?:both|all)\s+)?(?:an?\s+)?pfic\s+(?:tax(?:able)?\s+)?years?\b",
    re.I,
)

_NEGATED_BEFORE = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:been\s+)?(?:an?\s+)?$", re.I)


def pfic_years_said(text: str) -> re.Match[str] | None:
    """The first list of years said to be PFIC years; "was not a PFIC in 2004" names a year that was not one."""
    for m in PFIC_YEARS.finditer(text):
        if not _NEGATED_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            return m
    return None


# "was never a PFIC", "has not been a PFIC in any year", "no PFIC years at all": no year was a PFIC year (a
# question such as "was it ever a PFIC?" states nothing)
NEVER_PFIC = re.compile(
    r"\b(?:never|at\s+no\s+time)\s+(?:been\s+|was\s+|is\s+|were\s+)?(?:an?\s+)?pfic\b|"
    r"\b(?:was|is|has|were)\s*(?:not|n't)\s+(?:been\s+)?(?:an?\s+)?pfic\s+(?:in|for|during)\s+any\s+"
    r"(?:(?:tax(?:able)?\s+)?years?|of\s+(?:the|those|these|its)\s+years)\b|"
    r"\bno\s+pfic\s+years?\b",
    re.I,
)

PCT_VALUE = r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s*cent\b)"
TOP_RATE_LABEL = r"\b(?:top|highest)\s+(?:marginal\s+)?(?:(?:income\s+)?tax\s+)?rates?\b"
INTEREST_FACTOR_LABEL = r"\b(?:interest\s+(?:charge\s+)?)?factors?\b"
_RATE_LABELS = (TOP_RATE_LABEL, INTEREST_FACTOR_LABEL)
# A year that labels a rate: not part of a date ("2002-06-30") nor of a longer number.
_RATE_YEAR = r"(?<![\d\-/.,$¥])(?:fy\s*)?(?P<year>(?:19|20)\d{2})(?!\d|[-/.]\d)"
_RATE_TOKEN = re.compile(
    PCT_VALUE
    + r"|"
    + _RATE_YEAR
    # an interest factor said as a fraction: "0.12", ".07"
    + r"|(?<![\d.])(?P<frac>0?\.\d+)(?![\d.]|\s*%)|(?P<word>[a-z']+)|(?P<other>[^\s\w])",
    re.I,
)
# Words that may sit between the rates and the years they belong to ("38.6% for the 2002 tax year").
_RATE_GLUE = frozenset(
    (
        "a an and both the for in of on at to is was were are be been would will each every prior previous preceding "
        "earlier year years tax taxable income rate rates top highest marginal max maximum effect respectively "
        "then fy with as applies applied apply federal us u s factor factors interest charge"
    ).split()
)


def _rate_tokens(clause: str, fractions: bool = False) -> list[tuple[str, Any]]:
    """The percentages ("P") and years ("Y") of a clause, in order, up to the first word that is not glue;
    with ``fractions``, a decimal below one is a value too (an interest factor of 0.12)."""
    tokens: list[tuple[str, Any]] = []
    for m in _RATE_TOKEN.finditer(clause):
        if m.group("pct") is not None:
            tokens.append(("P", Decimal(m.group("pct")) / 100))
        elif m.group("frac") is not None:
            if not fractions:
                break
            tokens.append(("P", Decimal(m.group("frac"))))
        elif m.group("year") is not None:
            tokens.append(("Y", int(m.group("year"))))
        elif (m.group("word") or "and").lower() not in _RATE_GLUE or (
            m.group("other") or ","
        ) not in ",:=()/-–&'":
            break  # a word or sign that is not glue ends the run of rates
    return tokens


_Year = TypeVar("_Year")
_Value = TypeVar("_Value")


def spread_over(years: Sequence[_Year], values: Sequence[_Value]) -> list[tuple[_Year, _Value]] | None:
    """``values`` paired with ``years`` in order, one value serving every year; ``None`` when the counts differ
    (or no year is given)."""
    if len(values) == 1:
        values = list(values) * len(years)
    if not years or len(values) != len(years):
        return None
    return list(zip(years, values, strict=True))


def _pair_rates(tokens: list[tuple[str, Any]]) -> dict[int, Decimal] | None:
    """Pair each run of rates with the run of years it names; ``None`` when any rate's year is uncertain.

    "38.6% for 2002 and 35% for 2003", "2002: 38.6%, 2003: 35%", "38.6% and 35% for 2002 and 2003" and
    "35% for 2002 and 2003" pair; "38.6% for 2002 and 35%" does not (the second rate names no year).
    """
    runs: list[tuple[str, list[Any]]] = []
    for kind, value in tokens:
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(value)
        else:
            runs.append((kind, [value]))
    if len(runs) % 2:
        return None
    paired: dict[int, Decimal] = {}
    for i in range(0, len(runs), 2):
        (first, a), (_, b) = runs[i], runs[i + 1]
        rates, years = (a, b) if first == "P" else (b, a)
        pairs = spread_over(years, rates)
        if pairs is None:
            return None
        for year, rate in pairs:
            if year in paired and paired[year] != rate:
                return None
            paired[year] = rate
    return paired


def parse_rates_by_year(text: str, label: str) -> dict[int, Decimal] | tuple[Decimal, ...] | None:
    """Percentages stated with ``label``, as fractions: by year ("top rate 38.6% for 2002 and 35% for 2003",
    "2003: 35%") or, with no year named, in year order ("interest factors 10% and 5%"; one value stands for
    every year). A rate is never given a year it was not stated with: when the pairing is unclear, ``None``."""
    m = re.search(label, text, re.I)
    if m is None:
        return None
    # "38.6% top rate for 2002", "use 36% as the top rate": a percentage just before the label is its first value
    lead = re.search(
        r"\d+(?:\.\d+)?\s*(?:%|percent|per\s*cent)\s*(?:as\s+(?:the\s+)?)?$", text[: m.start()], re.I
    )
    if lead and any(
        re.search(o + r"\W*$", text[max(0, lead.start() - 30) : lead.start()], re.I) for o in _RATE_LABELS
    ):
        lead = None  # "interest factor 10% top rate 35%": that percentage is the other label's
    start = lead.start() if lead else m.start()
    clause = re.split(r"[?;!]|\.(?:\s|$)", text[start:], maxsplit=1)[0]
    for other in _RATE_LABELS:
        if other != label:
            rival = re.search(other, clause[m.end() - start :], re.I)
            if rival is not None:
                clause = clause[: m.end() - start + rival.start()]
    tokens = _rate_tokens(clause, fractions=label == INTEREST_FACTOR_LABEL)
    rates = [value for kind, value in tokens if kind == "P"]
    if not rates:
        return None
    if all(kind == "P" for kind, _ in tokens):
        return tuple(rates)
    return _pair_rates(tokens)


def labels_a_percentage(text: str, mention: DateMention) -> bool:
    """Whether a year-only mention names the year a percentage belongs to ("10% for 2003", "2004 is 5%")."""
    if mention.fact.kind != "year":
        return False
    if re.search(r"(?:%|percent|per\s*cent)\s*(?:\(\s*)?$", text[: mention.start], re.I):
        return True
    return bool(re.match(r"\s*(?:is|was|=|:)\s*\d+(?:\.\d+)?\s*(?:%|percent)", text[mention.end :], re.I))


def held_year_list(text: str) -> list[int] | None:
    """The years held a message states ("held 2003–2005", "between 2002 and 2004" is a range); ``None``: none."""
    m = HELD_YEARS.search(text)
    if m is None:
        return None
    raw = m.group("years")
    if m.group("between"):
        raw = re.sub(r"\s+and\s+", " to ", raw, count=1)
    return parse_year_list(raw)


# "held the shares that whole year", "owned them throughout that year", "held all of that year": the year held is
# the one year the message names
_HELD_THAT_YEAR = re.compile(
    r"\b(?:held|owne?d|had|kept)\b[^.;?!\d]{0,40}?\b(?:(?:throughout|for|during|in|all\s+of)\s+)?"
    r"(?:that|this|the\s+same|the)\s+(?:(?:whole|entire|full|same)\s+)+(?:tax(?:able)?\s+)?(?:year|yr)\b|"
    r"\b(?:held|owne?d|had|kept)\b[^.;?!\d]{0,40}?\b(?:throughout|all\s+(?:of\s+)?)\s*(?:that|this|the\s+same)\s+"
    r"(?:tax(?:able)?\s+)?(?:year|yr)\b",
    re.I,
)
_A_YEAR = re.compile(r"(?<![\d$¥,.])(?:19|20)\d{2}(?![\d%])")


def held_that_year(text: str) -> list[int] | None:
    """The year held when the message says it was held for the whole of the one year it names."""
    held = features(text)
    if not held.says("year", "yr") or not held.digit or not _HELD_THAT_YEAR.search(text):
        return None
    years = {int(y) for y in _A_YEAR.findall(text)}
    return sorted(years) if len(years) == 1 else None


def parse_year_list(raw: str) -> list[int]:
    """ "2003, 2004 and 2005" → [2003, 2004, 2005]; "2002 to 2004" / "2002-2004" → every year in the range."""
    years: list[int] = []
    tokens = re.split(r"\s*(,\s*and|,|and|&|through|thru|to|until|-|–|—)\s*", raw.strip())
    pending_range = False
    for token in tokens:
        low = token.lower()
        if low in {"through", "thru", "to", "until", "-", "–", "—"}:
            pending_range = True
            continue
        if not token.isdigit():
            pending_range = False
            continue
        year = int(token)
        if pending_range and years and year > years[-1]:
            years.extend(range(years[-1] + 1, year + 1))
        elif year not in years:
            years.append(year)
        pending_range = False
    return sorted(set(years))


# ---------------------------------------------------------------------------------------------------- amounts by year

_EARLIER = r"(?:previous|prior|preceding|past|last|earlier)"
# _EARLIER_YEARS holds "year" or "yr"; a label of _EARLIER_LABEL one of these or a word of _EARLIER
_YEAR_WORDS = (
    "year",
    "yr",
    "oldest",
    "earliest",
    "previous",
    "prior",
    "preceding",
    "past",
    "last",
    "earlier",
)
# "in each of the previous three years", "a year for the past 3 years", "in those two years", "in the years before"
_EARLIER_YEARS = re.compile(
    r"""
    \s*(?P<each>(?:a|per|each)\s+y(?:ea)?r\s+|/\s*y(?:ea)?r\s+|annually\s+)?
    (?:(?:in|of)\s+(?:distributions?|dividends?|payments?|payouts?)\s+)?
    (?:(?:in|for|during|over|across)\s+|(?=the\s))
    (?:(?P<each2>each\s+of\s+|every\s+one\s+of\s+|all\s+(?:of\s+)?)?(?:the|those|these|my|its)\s+)?
    (?:"""
    + _EARLIER
    + r"""\s+)?(?:"""
    + NUMWORD
    + r"""\s+)?(?:"""
    + _EARLIER
    + r"""\s+)?
    (?:taxable\s+|tax\s+)?(?:year|yr)(?P<plural>s)?\b
    (?P<before>\s+(?:before|prior\s+to|preceding)\s+(?:this|the\s+current)(?:\s+one|\s+year)?)?
    """,
    re.I | re.X,
)
# "only held them two years before this one", "the three prior years": how many earlier years there were.
_YEARS_COUNT = re.compile(
    NUMWORD + r"\s+(?:(?:taxable|tax|full)\s+)?years?\s+(?:before|prior\s+to|ahead\s+of)\s+"
    r"(?:this|the\s+current|the\s+distribution)|\b"
    + _EARLIER
    + r"\s+"
    + NUMWORD.replace("<n>", "<n2>")
    + r"\s+years\b",
    re.I,
)


def _run_after(text: str, start: int, skip: list[tuple[int, int]] | None) -> list[Number]:
    """The run of amounts a few words after ``start`` ("in the three prior years I received $100, $120 and $140")."""
    run: list[Number] = []
    position = start
    for number in parse_numbers(text, skip):
        if number.start < start:
            continue
        gap = text[position : number.start]
        if (
            number.is_pct
            or (run and not LIST_GAP.fullmatch(gap))
            or (not run and not _LEAD_IN.fullmatch(gap))
        ):
            break
        run.append(number)
        position = number.end
    return run


_LEAD_IN = re.compile(
    # "years' payouts were $90", "years: USD 150": a possessive mark and a currency code may lead in too
    # "…, in which I got $600", "…, when we received $80": a clause that opens on the year just named
    # (not a word that moves to the current year: "one prior year, this year $800" names no earlier amount)
    # "(oldest first):", ", oldest to newest:": the order of the list, said before it
    r"[\s,:('’]*(?:(?:in\s+order\s+)?(?:oldest|earliest)\s+(?:first|to\s+(?:newest|latest|most\s+recent))\s*\)?[\s,:]*)?"
    r"(?:(?:in\s+which|during\s+which|when)\s+)?(?:(?:i|we|it|they|iij)\s+)?"
    r"(?:(?!(?:this|current|now|latest|today)\b)\w+\s+){0,2}?(?:received|got|paid|were|was|of)?[\s:]*"
    r"(?:[$¥]|(?:usd|us\$|jpy)\b)?\s*",
    re.I,
)


@dataclass(frozen=True)
class EarlierYears:
    """Amounts for the years before the current one, oldest first, and the text they were read from."""

    values: tuple[Decimal, ...]
    start: int
    end: int


def earlier_year_amounts(text: str, skip: list[tuple[int, int]] | None = None) -> EarlierYears | None:
    """Amounts stated for the earlier years ("$1,000 in each of the previous three years", "got $80 and $120 in
    those years" after "two years before this one"); one amount said of each year stands for every one of them.
    ``None`` when the count of years and of amounts disagree.

    Every reading holds a number and a word of _YEAR_WORDS (the years, their order, or an earlier one): a message
    without them is not read."""
    held = features(text)
    if not held.digit or not held.says(*_YEAR_WORDS):
        return None
    for cue in re.finditer(
        # "$250, $250 the past two years": "the" opens the years when it follows the amounts
        r"\b(?:a|per|each)\s+y(?:ea)?r\b|/\s*y(?:ea)?r\b|\bannually\b|\b(?:in|for|during|over|across)\b|"
        r"(?<=\d\s)the\b",
        text,
        re.I,
    ):
        m = _EARLIER_YEARS.match(text, cue.start())
        if m is None or not re.search(_EARLIER + r"|\bthose\b|\bthese\b|\bbefore\b", m.group(0), re.I):
            continue
        # "100, 200, 300, 400 dollars over four prior years": the run may end in its currency word
        # "$100, $100 and $100 of distributions in the three previous years": or in what was paid
        unit = re.search(
            r"\s*\b(?:(?:us\s+)?(?:dollars?|usd|bucks|yen|jpy)|(?:of|in)\s+(?:distributions?|dividends?|payouts?))\s*$",
            text[: cue.start()],
            re.I,
        )
        run_end = unit.start() if unit is not None else cue.start()
        run = number_run_before(text, run_end, skip) or _run_after(text, m.end(), skip)
        if not run:
            continue
        if cue.group(0).lower() == "the" and len(run) < 2 and text[run[0].start] not in "$¥" and unit is None:
            continue  # "sold 100 the last year": one bare figure before "the" is no amount said for a year
        stated = m.group("n")
        count = word_number(stated) if stated else None
        if count is None and not m.group("plural"):
            count = Decimal(1)  # "in the previous year"
        if count is None:
            said = _YEARS_COUNT.search(text)
            raw = said and (said.group("n") or said.group("n2"))
            count = word_number(raw) if raw else None
        values = tuple(n.value for n in run)
        each = bool(m.group("each") or m.group("each2"))
        if len(values) == 1 and count is not None and (each or count == 1):
            values = values * int(count)
        if count is not None and len(values) != count:
            return None
        return EarlierYears(values, run[0].start, m.end())
    return _labelled_earlier_years(text, skip)


# "Prior three years: $800, $800, $800", "held only two prior years: $400 then $600", "the 3 preceding years were"
_EARLIER_LABEL = re.compile(
    # "one full prior year", "two whole preceding years"
    r"\b(?:(?P<n>\d|"
    + WORD_NUMBER
    + r")\s+(?:full\s+|whole\s+)?)?"
    + _EARLIER
    + r"\s+(?:(?P<n2>\d|"
    + WORD_NUMBER
    + r")\s+)?"
    r"(?:taxable\s+|tax\s+)?(?:years?|yrs?)\b(?!\s+(?:ago|later))|"
    # "held 2 years before this one: $300 then $500"
    r"\b(?P<n3>\d|"
    + WORD_NUMBER
    + r")\s+(?:taxable\s+|tax\s+|full\s+)?years?\s+(?:before|prior\s+to|preceding)\s+"
    r"(?:this|the\s+current)(?:\s+one|\s+year)?\b|"
    # "previous distributions were $80 and $120", "prior-year distributions $80 and $100"
    r"\b" + _EARLIER + r"(?:[- ]years?(?:'s?)?)?\s+(?:distributions?|dividends?|payouts?)\b|"
    # "distributions by year, oldest first: $100, $300, …, and this year $1,000": a chronological list whose
    # last entry is the current year's, said apart; every listed amount before it is an earlier year's
    r"\b(?P<listed>(?:distributions?|dividends?|payouts?|amounts?)\s+(?:by|per|for\s+each|each)\s+year"
    # "by year since the purchase", "by year from when I bought": where the list starts
    r"(?:\s+(?:since|from)\s+[^:;.\d]{1,30}?(?=\s*:))?"
    r"(?:\s*,?\s*(?:oldest|earliest)\s+first)?|(?:oldest|earliest)\s+(?:year\s+)?first)\b",
    re.I,
)
# "$200 each", "$150 apiece", "$90 a year": one amount said for every one of the years counted
_EACH_AFTER = re.compile(r"\s*(?:each|apiece|every\s+year|a\s+year|per\s+year|/\s*yr|/\s*year)\b", re.I)
# "50 each for three years", "$80 apiece over the 2 years": one amount and the count of years it stands for
_EACH_FOR_YEARS = re.compile(
    r"\s*(?:each|apiece|a\s+year|per\s+year)\s+(?:for|in|over|during|across)\s+(?:the\s+|those\s+|all\s+)?"
    + NUMWORD
    + r"\s+(?:(?:prior|previous|preceding|earlier|taxable|tax)\s+)*years?\b",
    re.I,
)
# "each of the previous three years $60": the same words before the label
_EACH_BEFORE = re.compile(r"\b(?:each|every\s+one|all)\s+of\s+(?:the\s+|those\s+|my\s+|its\s+)?$", re.I)
# After a label that counts the years ("just one earlier year of holding, with a $700 payout"), the
# amount may come a few words later, in the same sentence, as long as no word moves to the current year between.
_COUNTED_LEAD_IN = re.compile(
    r"(?:(?!\b(?:this|current|now|latest|today|later)\b)[^\d.;?!$¥%])"
    r"{0,50}(?:[$¥]|(?:usd|us\$|jpy)\b)?\s*",
    re.I,
)
# between two amounts of a run: a separator, and a currency code after the one or before the next ("150 USD and
# USD 175")
_SERIES_GAP = re.compile(
    r"\s*(?:(?:usd|jpy|dollars?|yen)\b\s*)?(?:,|/|;|and|&|\+|then|,\s*and|,\s*then)?\s*"
    r"(?:\$|¥|(?:usd|us\$|jpy)\b)?\s*",
    re.I,
)


def values_of(run: list[Number]) -> tuple[Decimal, ...]:
    return tuple(n.value for n in run)


def _labelled_earlier_years(text: str, skip: list[tuple[int, int]] | None) -> EarlierYears | None:
    """Amounts listed right after a label for the earlier years; as many as the years counted, when counted."""
    for label in _EARLIER_LABEL.finditer(text):
        run: list[Number] = []
        position = label.end()
        raw = label.group("n") or label.group("n2") or label.group("n3")
        count = word_number(raw) if raw else None
        for number in parse_numbers(text, skip):
            if number.start < label.end():
                continue
            gap = text[position : number.start]
            lead_in = _LEAD_IN.fullmatch(gap) or (count is not None and _COUNTED_LEAD_IN.fullmatch(gap))
            if number.is_pct or not (_SERIES_GAP.fullmatch(gap) if run else lead_in):
                break
            run.append(number)
            position = number.end
        if not run:
            continue
        if label.group("listed"):
            return EarlierYears(values_of(run), label.start(), run[-1].end)
        if count is None and not re.search(r"s\b|distributions?|dividends?|payouts?", label.group(0), re.I):
            continue  # "300 last year and 200 the year before": one year's label, its amount is before it
        values = tuple(n.value for n in run)
        counted_after = _EACH_FOR_YEARS.match(text, run[-1].end) if len(values) == 1 else None
        if count is None and counted_after is not None:
            count = word_number(counted_after.group("n"))  # "prior years: 50 each for three years"
        if count is not None and len(values) == 1 and count > 1:
            if not (_EACH_AFTER.match(text, run[-1].end) or _EACH_BEFORE.search(text[: label.start()])):
                return None  # one amount for several years, with no "each": not guessed
            values = values * int(count)
        if count is not None and len(values) != count:
            return None
        return EarlierYears(values, label.start(), run[-1].end)
    return None


# A year and its amount: "2003 $140", "2003: 140", "$140 in 2003", "$140 (2003)"
_YEAR_AMOUNT = re.compile(
    r"(?<![\d.,])(?P<y>(?:19|20)\d{2})\s*(?:[:=\-–]\s*)?(?:us\s*)?\$\s*(?P<num>" + NUM + r")|"
    r"(?<![\d.,])(?P<y2>(?:19|20)\d{2})\s*[:=\-–]\s*(?P<num2>" + NUM + r")(?![\d%]|\s*[-–/.]\s*\d)|"
    r"\$\s*(?P<num3>" + NUM + r")\s*(?:\(\s*|in\s+|for\s+)(?P<y3>(?:19|20)\d{2})\b",
    re.I,
)


def amounts_by_year(text: str) -> dict[int, Decimal] | None:
    """Amounts each labelled with its calendar year ("2001 $100, 2002 $120, 2003 $140; 2004 $300"), when there are
    at least two, for consecutive years; ``None`` otherwise."""
    found: dict[int, Decimal] = {}
    dates = [(d.start, d.end) for d in parse_dates(text) if d.fact.kind in {"day", "month"}]
    for m in _YEAR_AMOUNT.finditer(text):
        if overlaps(m.span(), dates):
            continue  # "2003-05-01", "2003-05": a date, not a year and its amount
        year = int(m.group("y") or m.group("y2") or m.group("y3"))
        value = to_decimal(m.group("num") or m.group("num2") or m.group("num3"))
        if value is None or year in found:
            return None
        found[year] = value
    years = sorted(found)
    if len(years) < 2 or years != list(range(years[0], years[-1] + 1)):
        return None
    return {year: found[year] for year in years}
