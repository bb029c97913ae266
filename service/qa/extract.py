"""Pure text extraction of calculator facts from plain-English questions (spec tax-rules.md §10).

Every function here is a pure function of its text: no I/O, no calculator calls. ``extract_facts`` gathers
all slots one message states; ``merge_facts`` carries facts forward through a conversation (newer wins).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypeVar

from service.qa.asks import MONTH

Currency = Literal["JPY", "USD"]
DateKind = Literal["day", "day_no_year", "month", "year", "vague"]

NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_SUFFIX = r"(?:\s*(?P<suf>thousand|million|billion|mln|mil|mio|mm|mn|bn|k|m|b)(?![a-z]))?"  # multipliers
_MULT = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mm": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "mil": 10**6,
    "mio": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
}
_WORD_NUMBERS: dict[str, int | Decimal] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
    "half a": Decimal("0.5"),
}


def to_decimal(raw: str) -> Decimal | None:
    """Parse ``"1,234.5"`` to ``Decimal``; ``None`` when it is not a number."""
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


def _bare_reply(before: str, after: str = "") -> re.Pattern[str]:
    """A reply that is one number and nothing else: ``before`` (hedges, a currency sign) and ``after`` (a unit
    word) may surround it; a closing full stop or exclamation mark is allowed."""
    return re.compile(r"\s*" + before + r"(?P<num>" + NUM + r")\s*" + after + r"[.!]?\s*", re.I)


_BARE_STAKE = _bare_reply(r"(?:(?:about|around|roughly|approx\w*|circa|~|exactly|just|only)\s*)?")
_BARE_USD = _bare_reply(r"(?:about\s+|around\s+)?\$?\s*", r"(?:dollars)?\s*")
_BARE_YEN = _bare_reply(r"(?:about\s+|around\s+)?¥?\s*", r"(?:yen)?\s*")


def _bare_number(reply: str, pattern: re.Pattern[str]) -> Decimal | None:
    """The number of a reply that is only a number (``pattern`` from ``_bare_reply``); ``None`` otherwise."""
    bare = pattern.fullmatch(reply)
    return to_decimal(bare.group("num")) if bare else None


# ---------------------------------------------------------------------------------------------------- money


@dataclass(frozen=True)
class Money:
    """A money amount stated in the text."""

    currency: Currency
    value: Decimal
    start: int
    end: int


_YEN_PRE = r"(?:¥|￥|\bjpy|\byen)\s*"
_YEN_POST = r"\s*(?:yen\b|jpy\b|¥)"
_USD_PRE = r"(?:us\s*\$|\$|\busd|\bus\s*dollars?)\s*"
_USD_POST = r"\s*(?:us\s+dollars?\b|dollars?\b|usd\b|bucks\b)"

_MONEY_PATTERNS: tuple[tuple[Currency, re.Pattern[str]], ...] = (
    ("JPY", re.compile(_YEN_PRE + r"(?P<num>" + NUM + r")" + _SUFFIX, re.I)),
    ("USD", re.compile(_USD_PRE + r"(?P<num>" + NUM + r")" + _SUFFIX, re.I)),
    ("JPY", re.compile(r"(?<![\w.,$¥])(?P<num>" + NUM + r")" + _SUFFIX + _YEN_POST, re.I)),
    ("USD", re.compile(r"(?<![\w.,$¥])(?P<num>" + NUM + r")" + _SUFFIX + _USD_POST, re.I)),
)


def _scaled(m: re.Match[str]) -> Decimal | None:
    value = to_decimal(m.group("num"))
    if value is None:
        return None
    suffix = (m.group("suf") or "").lower()
    return value * _MULT[suffix] if suffix else value


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def parse_money(text: str, masked: list[tuple[int, int]] | None = None) -> list[Money]:
    """All yen and dollar amounts, in text order ("¥1.2M", "JPY 500k", "3,000 dollars", "USD 3k")."""
    taken: list[tuple[int, int]] = list(masked or [])
    found: list[Money] = []
    for currency, pattern in _MONEY_PATTERNS:
        for m in pattern.finditer(text):
            span = m.span()
            if _overlaps(span, taken):
                continue
            value = _scaled(m)
            if value is None:
                continue
            taken.append(span)
            found.append(Money(currency, value, span[0], span[1]))
    return sorted(found, key=lambda money: money.start)


# ---------------------------------------------------------------------------------------------------- FX


@dataclass(frozen=True)
class FxRate:
    """An exchange rate as yen per dollar; ``inverted_from`` keeps a dollars-per-yen figure the user gave."""

    jpy_per_usd: Decimal
    inverted_from: Decimal | None
    start: int
    end: int


def invert_rate(usd_per_jpy: Decimal) -> Decimal:
    """Dollars per yen → yen per dollar, to 6 decimal places, trailing zeros dropped."""
    return (Decimal(1) / usd_per_jpy).quantize(Decimal("0.000001")).normalize()


_N = r"(?P<num>" + NUM + r")"
_FX_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "USD/JPY 108.50", "usdjpy at 110"
    (
        "auto",
        re.compile(
            r"(?:usd\s*/\s*jpy|usd-?jpy|\$\s*/\s*¥|dollar[- /]yen)\s*(?:rate\s*)?(?:of|at|is|was|=|:)?\s*"
            + _N,
            re.I,
        ),
    ),
    # "JPY/USD 0.0092"
    (
        "auto",
        re.compile(
            r"(?:jpy\s*/\s*usd|¥\s*/\s*\$|yen[- /]dollar)\s*(?:rate\s*)?(?:of|at|is|was|=|:)?\s*" + _N, re.I
        ),
    ),
    # "$1 = ¥110", "1 USD = 108.5 JPY"
    (
        "direct",
        re.compile(
            r"(?:\$\s*1|\b1\s*(?:us\s*)?(?:usd|dollars?))\s*(?:=|is|equals|buys|:|to)\s*(?:¥|jpy\s*)?"
            + _N
            + r"(?:\s*(?:yen|jpy))?",
            re.I,
        ),
    ),
    # "1 yen = $0.0092"
    ("inverse", re.compile(r"(?:¥\s*1|\b1\s*(?:yen|jpy))\s*(?:=|is|equals|:)\s*(?:\$|usd\s*)?" + _N, re.I)),
    # "$0.0092 per yen", "0.0092 dollars per yen"
    (
        "inverse",
        re.compile(
            r"(?:\$\s*)?"
            + _N
            + r"\s*(?:usd|dollars?|\$)?\s*(?:per|/|for\s+(?:one|1|each|a))\s*(?:yen|jpy|¥)\b",
            re.I,
        ),
    ),
    # "¥110/$", "110 yen per dollar", "108.5 JPY to the USD"
    (
        "direct",
        re.compile(
            r"(?:¥|jpy\s*)"
            + _N
            + r"\s*(?:yen|jpy)?\s*(?:per|/|to\s+(?:the|a|one|1)|=|a)\s*(?:us\s*)?(?:\$|dollars?\b|usd\b)",
            re.I,
        ),
    ),
    (
        "direct",
        re.compile(
            r"(?<![\w.,$¥])"
            + _N
            + r"\s*(?:yen|jpy)\s*(?:per|/|to\s+(?:the|a|one|1)|=|a)\s*(?:us\s*)?(?:\$|dollars?\b|usd\b)",
            re.I,
        ),
    ),
    # "exchange rate 110", "spot rate of 0.0092", "converted at 108.5"
    (
        "auto",
        re.compile(
            r"(?:exchange\s+rate|fx\s+rate|\bfx|spot\s+rate|\bspot|conversion\s+rate|converted\s+at|translated\s+at|yen\s+rate|dollar\s+rate)\s*(?:was|is|of|at|=|:)?\s*(?:¥\s*)?"
            + _N
            + r"(?!\s*(?:%|percent|\d))",
            re.I,
        ),
    ),
    # bare "at 110" / "at ¥110"
    (
        "bare",
        re.compile(
            r"\bat\s+(?:an?\s+)?(?:rate\s+of\s+)?(?:¥\s*)?"
            + _N
            + r"(?!\s*(?:%|percent|per\s*cent|\d|[-/]|days?|months?|years?|shares?|ads|yen\s+per\s+share|k\b|m\b|million|thousand))",
            re.I,
        ),
    ),
)


def _fx_match(kind: str, m: re.Match[str]) -> FxRate | None:
    value = to_decimal(m.group("num"))
    if value is None or value <= 0:
        return None
    if kind == "bare" and not (Decimal(50) <= value <= Decimal(400) or value < Decimal("0.05")):
        return None
    if kind == "inverse" or (kind in {"auto", "bare"} and value < 1):
        return FxRate(invert_rate(value), value, m.start(), m.end())
    return FxRate(value, None, m.start(), m.end())


def parse_fx(text: str) -> FxRate | None:
    """The first exchange rate stated, normalised to yen per dollar (dollars-per-yen figures are inverted)."""
    for kind, pattern in _FX_PATTERNS:
        for m in pattern.finditer(text):
            rate = _fx_match(kind, m)
            if rate is not None:
                return rate
    return None


def parse_fx_all(text: str) -> list[FxRate]:
    """Every exchange rate stated (non-overlapping, most specific pattern first), in text order."""
    found: list[FxRate] = []
    for kind, pattern in _FX_PATTERNS:
        for m in pattern.finditer(text):
            if _overlaps(m.span(), [(r.start, r.end) for r in found]):
                continue
            rate = _fx_match(kind, m)
            if rate is not None:
                found.append(rate)
    return sorted(found, key=lambda r: r.start)


_CONVERSION_CUE = re.compile(
    r"(?:convert\w*|exchang\w*\s+(?:it|them|the\s+yen)|changed\s+(?:it|them|the\s+yen)|sold\s+the\s+yen|"
    r"turned\s+(?:it|them|the\s+yen)\s+into\s+dollars|conversion)\b[^.;¥$]{0,35}$",
    re.I,
)


def conversion_rate(text: str, rates: list[FxRate]) -> FxRate | None:
    """With two or more rates stated, the one the yen were converted at ("converted at ¥105/$") (R-41)."""
    if len(rates) < 2:
        return None
    for rate in rates:
        if _CONVERSION_CUE.search(text[max(0, rate.start - 40) : rate.start]) or re.match(
            r"(?:\s*(?:when|on)\s+)?\s*(?:at\s+)?conversion\b", text[rate.end : rate.end + 20], re.I
        ):
            return rate
    return None


# ---------------------------------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = rf"(?P<mon>{MONTH})"
_ORD = r"(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class DateFact:
    """A date as precise as the user stated it: a day, a day without a year, a month, a year, or vague."""

    kind: DateKind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    raw: str = ""

    @property
    def iso(self) -> str | None:
        """``YYYY-MM-DD`` for a day (even an impossible one, so the calculator reports INVALID_DATE)."""
        if self.kind != "day" or self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def days(self) -> list[date]:
        """Every calendar day this fact may stand for (month or year); empty for vague or day facts."""
        if self.kind == "month" and self.year is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            return [date(self.year, self.month, d) for d in range(1, last + 1)]
        if self.kind == "year" and self.year is not None:
            start = date(self.year, 1, 1).toordinal()
            end = date(self.year, 12, 31).toordinal()
            return [date.fromordinal(o) for o in range(start, end + 1)]
        return []

    def with_year(self, year: int) -> DateFact:
        """Resolve a day without a year ("July 1") against a known year."""
        return replace(self, kind="day", year=year)


@dataclass(frozen=True)
class DateMention:
    """A date found in the text with its position."""

    fact: DateFact
    start: int
    end: int


def _mon(m: re.Match[str]) -> int:
    return _MONTHS[m.group("mon").lower()[:3]]


_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b")),
    ("us", re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b")),
    ("mdy", re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})" + _ORD + r"(?:\s*,\s*|\s+)(?P<y>\d{4})\b", re.I)),
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON + r",?\s+(?P<y>\d{4})\b", re.I)),
    (
        "vague",
        re.compile(
            r"\b(?:mid|early|late|end\s+of|beginning\s+of|start\s+of|middle\s+of|summer|spring|autumn|fall|winter|first\s+half\s+of|second\s+half\s+of|h[12]|q[1-4])[\s-]*(?:of\s+)?(?P<y>\d{4})\b",
            re.I,
        ),
    ),
    ("my", re.compile(r"\b" + _MON + r",?\s+(?:of\s+)?(?P<y>\d{4})\b", re.I)),
    ("md", re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})" + _ORD + r"\b(?!\s*(?:%|,?\s*\d))", re.I)),
    ("dm", re.compile(r"\b(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON + r"(?!\w)", re.I)),
    ("mm-dd", re.compile(r"(?<![\d\-/.,$¥])(?P<m>\d{2})-(?P<d>\d{2})(?![\d\-/%])")),
    ("year", re.compile(r"\b(?:in|during|for|of|year|since)\s+(?P<y>(?:19|20)\d{2})\b(?![-/])", re.I)),
)


def parse_dates(text: str) -> list[DateMention]:
    """Every date mention, most precise reading first, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if _overlaps(m.span(), taken):
                continue
            fact = _date_fact(kind, m)
            if fact is None:
                continue
            taken.append(m.span())
            found.append(DateMention(fact, m.start(), m.end()))
    found.sort(key=lambda mention: mention.start)
    years = [mention.fact.year for mention in found if mention.fact.year is not None]
    if years:
        found = [
            replace(mention, fact=mention.fact.with_year(years[0]))
            if mention.fact.kind == "day_no_year"
            else mention
            for mention in found
        ]
    return found


def _date_fact(kind: str, m: re.Match[str]) -> DateFact | None:
    raw = m.group(0)
    groups = m.groupdict()
    if kind in {"iso", "us"}:
        year, month, day = int(groups["y"]), int(groups["m"]), int(groups["d"])
        if kind == "us" and year < 100:
            year += 2000 if year < 50 else 1900
        if kind == "us" and month > 12 >= day:
            month, day = day, month
        return DateFact("day", year, month, day, raw)
    if kind in {"mdy", "dmy"}:
        return DateFact("day", int(groups["y"]), _mon(m), int(groups["d"]), raw)
    if kind == "my":
        return DateFact("month", int(groups["y"]), _mon(m), None, raw)
    if kind in {"md", "dm"}:
        day = int(groups["d"])
        return DateFact("day_no_year", None, _mon(m), day, raw) if 1 <= day <= 31 else None
    if kind == "mm-dd":
        month, day = int(groups["m"]), int(groups["d"])
        return DateFact("day_no_year", None, month, day, raw) if 1 <= month <= 12 and 1 <= day <= 31 else None
    if kind == "vague":
        return DateFact("vague", int(groups["y"]), None, None, raw)
    if kind == "year":  # the mention spans its cue word ("since 2001"); the fact's text is the year alone
        return DateFact("year", int(groups["y"]), None, None, groups["y"])
    return None


def is_real_date(fact: DateFact) -> bool:
    """Whether a day fact names a real calendar day."""
    if fact.iso is None:
        return False
    try:
        date.fromisoformat(fact.iso)
    except ValueError:
        return False
    return True


DateRole = Literal[
    "payment", "entitlement", "ex_dividend", "acquisition", "disposition", "since", "fiscal_year_end"
]

_ROLE_CUES: tuple[tuple[DateRole, re.Pattern[str]], ...] = (
    (
        "ex_dividend",
        re.compile(r"\bex[- ]?(?:dividend|div|date)\b|\bexdividend\b|\bgoes\s+ex\b|\bex\s+on\b", re.I),
    ),
    ("entitlement", re.compile(r"\brecord\s+date\b|\bof\s+record\b|\bentitle\w*|\brecord\b", re.I)),
    (
        "fiscal_year_end",
        re.compile(r"\bfiscal\s+year\s+(?:end|ending|ends|ended)\b|\bfye\b|\byear[- ]end\b", re.I),
    ),
    (
        "payment",
        re.compile(
            r"\bpaid\b|\bpay(?:s|ing|able|ment|out)?\b|\bdistribut\w*|\breceiv\w*|(?<!ex-)(?<!ex\s)(?<!ex)\bdividend\s+(?:on|date)\b|\bpayout\b",
            re.I,
        ),
    ),
    (
        "acquisition",
        re.compile(
            r"\bbought\b|\bbuy(?:ing|s)?\b|\bpurchas\w*|\bacqui\w*|\bheld\s+from\b|\bfrom(?=\s*$)|\bopened\b|"
            r"\b(?:held|owned|holding)(?:\s+(?:it|them|the\s+shares|shares|the\s+adss|adss))?(?:\s+(?:from|between|since))?(?=\s*$)|"
            r"\bbetween(?=\s*$)",
            re.I,
        ),
    ),
    (
        "disposition",
        re.compile(
            r"\bsold\b|\bsell(?:ing|s)?\b|\bsale\b|\bdispos\w*|\b(?:until|till|through|thru|to)(?=\s*$)|\bevent\b",
            re.I,
        ),
    ),
    ("since", re.compile(r"\bsince\b|\bstarting\b|\bbeginning\b", re.I)),
)


def assign_date_roles(text: str, mentions: list[DateMention]) -> list[tuple[DateRole | None, DateMention]]:
    """Give each date the role its nearest preceding cue word names ("paid", "bought", "ex-dividend", …)."""
    out: list[tuple[DateRole | None, DateMention]] = []
    previous_end = 0
    for mention in mentions:
        window_start = max(previous_end, mention.start - 60)
        window = text[window_start : mention.start]
        lead = re.match(r"since\b", text[mention.start : mention.end], re.I)
        if lead:  # "since 2001": the cue is part of the year mention
            window += " " + lead.group(0)
        best: tuple[int, DateRole] | None = None
        for role, pattern in _ROLE_CUES:
            for cue in pattern.finditer(window):
                if role == "disposition" and cue.group(0).lower() == "to" and not out:
                    continue  # "to" is a range end only after a start date
                if best is None or cue.end() > best[0]:
                    best = (cue.end(), role)
        out.append((best[1] if best else None, mention))
        previous_end = mention.end
    return out


# ---------------------------------------------------------------------------------------------------- parties

_US_STATES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho "
    "illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota "
    "mississippi missouri montana nebraska nevada new\\s+hampshire new\\s+jersey new\\s+mexico new\\s+york "
    "north\\s+carolina north\\s+dakota ohio oklahoma oregon pennsylvania rhode\\s+island south\\s+carolina "
    "south\\s+dakota tennessee texas utah vermont virginia washington west\\s+virginia wisconsin wyoming"
).split()
_US_CITIES = (
    "nyc los\\s+angeles chicago houston san\\s+francisco boston seattle miami dallas austin denver atlanta "
    "philadelphia phoenix san\\s+diego san\\s+jose portland detroit minneapolis silicon\\s+valley brooklyn "
    "manhattan las\\s+vegas nashville charlotte baltimore pittsburgh cleveland st\\.?\\s+louis honolulu"
).split()

_US_PATTERN = re.compile(
    r"\bu\.\s?s\.(?:\s?a\.?)?|\busa\b|\bunited\s+states\b|\bamerica\b|\bamerican\b|\bd\.c\.|"
    r"\bus\b(?=[\s-]*(?:corp|corporation|company|companies|holder|investor|individual|indiv|resident|person|"
    r"citizen|taxpayer|shareholder|pension|fund|based|entity|llc|trust|tax|federal|parent|subsidiary|"
    r"inc|partnership|charity|ira|retiree))|(?:\bthe|\bin|\bfrom)\s+us\b|"
    r"\b(?:" + "|".join(_US_STATES + _US_CITIES) + r")\b",
    re.I,
)
_US_UPPER = re.compile(r"\bUS\b")

_LISTED: dict[str, str] = {
    "Australia": r"australia|australian|sydney|melbourne",
    "Belgium": r"belgium|belgian|brussels",
    "Canada": r"canada|canadian|toronto|vancouver|montreal|ontario|quebec",
    "Denmark": r"denmark|danish|copenhagen",
    "Finland": r"finland|finnish|helsinki",
    "France": r"france|french|paris",
    "Germany": r"germany|german|berlin|frankfurt|munich|hamburg",
    "Ireland": r"ireland|irish|dublin",
    "Italy": r"italy|italian|rome|milan",
    "Luxembourg": r"luxembourg|luxembourgish|luxembourger",
    "Netherlands": r"(?:the\s+)?netherlands|dutch|holland|amsterdam|rotterdam",
    "New Zealand": r"new\s+zealand|new\s+zealander|kiwi|auckland|wellington",
    "Norway": r"norway|norwegian|oslo",
    "Singapore": r"singapore|singaporean",
    "Spain": r"spain|spanish|madrid|barcelona",
    "Sweden": r"sweden|swedish|stockholm",
    "Switzerland": r"switzerland|swiss|zurich|geneva",
    "United Kingdom": r"united\s+kingdom|u\.k\.|\buk\b|britain|british|england|english|scotland|scottish|"
    r"wales|welsh|london",
}
_UNLISTED: dict[str, str] = {
    "Brazil": r"brazil|brazilian",
    "India": r"india|indian|mumbai|bangalore",
    "China": r"china|chinese|beijing|shanghai",
    "South Korea": r"(?:south\s+)?korea|korean|seoul",
    "Hong Kong": r"hong\s+kong",
    "Taiwan": r"taiwan|taiwanese",
    "Mexico": r"mexico|mexican",
    "Argentina": r"argentina|argentinian|argentine",
    "Chile": r"chile|chilean",
    "Russia": r"russia|russian",
    "South Africa": r"south\s+africa|south\s+african",
    "Israel": r"israel|israeli",
    "United Arab Emirates": r"uae|united\s+arab\s+emirates|emirati|dubai|abu\s+dhabi",
    "Saudi Arabia": r"saudi(?:\s+arabia)?",
    "Cayman Islands": r"cayman(?:\s+islands)?",
    "British Virgin Islands": r"bvi|british\s+virgin\s+islands",
    "Bermuda": r"bermuda",
    "Thailand": r"thailand|thai",
    "Indonesia": r"indonesia|indonesian",
    "Malaysia": r"malaysia|malaysian",
    "Philippines": r"philippines|filipino",
    "Vietnam": r"vietnam|vietnamese",
    "Austria": r"austria|austrian|vienna",
    "Portugal": r"portugal|portuguese|lisbon",
    "Greece": r"greece|greek",
    "Poland": r"poland|polish",
    "Turkey": r"turkey|turkish",
    "Nigeria": r"nigeria|nigerian",
    "Pakistan": r"pakistan|pakistani",
    "Iceland": r"iceland|icelandic",
    "Peru": r"peru|peruvian",
    "Colombia": r"colombia|colombian",
    "Egypt": r"egypt|egyptian",
    "Kenya": r"kenya|kenyan",
}
ResidenceKind = Literal["US", "JP", "LISTED", "UNLISTED"]
_COUNTRY_PATTERNS: tuple[tuple[str, ResidenceKind, re.Pattern[str]], ...] = (
    ("United States", "US", _US_PATTERN),
    ("United States", "US", _US_UPPER),
    *(
        (country, "LISTED", re.compile(r"\b(?:" + pattern + r")\b", re.I))
        for country, pattern in _LISTED.items()
    ),
    *(
        (country, "UNLISTED", re.compile(r"\b(?:" + pattern + r")\b", re.I))
        for country, pattern in _UNLISTED.items()
    ),
)
_JP_CITIES = r"japan|tokyo|osaka|yokohama|kyoto|nagoya|fukuoka|sapporo|kobe"
_JP_RESIDENT = re.compile(
    r"(?<!non-)(?<!non)(?<!non )\b(?:resident|residents|living|live|lives|based|residing|reside|located|domiciled|"
    r"headquartered|incorporated)\s+(?:in|of)\s+(?:" + _JP_CITIES + r")\b|"
    r"(?<!non-)(?<!non)\bjapan(?:ese)?[- ](?:resident|based|domiciled)\b|"
    r"(?<!non-)(?<!non)(?<!non )\bjapanese\s+(?:company|corporation|corp|kk|resident|pension)|"
    r"\b(?:tokyo|osaka|yokohama|kyoto|nagoya|fukuoka|sapporo|kobe)[- ]based\b|"
    r"\bi\s+(?:live|reside)\s+in\s+(?:" + _JP_CITIES + r")\b",
    re.I,
)
_RESIDENCE_CUE = re.compile(
    r"(?:resident\s+(?:of|in)|living\s+in|lives?\s+in|based\s+in|reside\w*\s+in|located\s+in|from|"
    r"domiciled\s+in|incorporated\s+in|headquartered\s+in|tax\s+resident\s+(?:of|in))\s+(?:the\s+)?$",
    re.I,
)


@dataclass(frozen=True)
class Residence:
    """Where the holder lives; ``kind`` is US, JP, LISTED (R-13b) or UNLISTED."""

    country: str
    kind: ResidenceKind


def _country_matches(text: str) -> Iterator[tuple[str, ResidenceKind, re.Match[str]]]:
    """Every country named in ``text`` (the US first, then the listed and unlisted tables), not "New England"'s."""
    for country, kind, pattern in _COUNTRY_PATTERNS:
        for m in pattern.finditer(text):
            if country == "United Kingdom" and _in_new_england(text, m.start()):
                continue
            yield country, kind, m


def parse_residence(text: str) -> Residence | None:
    """The holder's country of residence ("US corp", "Texas", "German investor", "resident of Japan")."""
    if _JP_RESIDENT.search(text):
        return Residence("Japan", "JP")
    candidates = [(m.start(), False, Residence(country, kind)) for country, kind, m in _country_matches(text)]
    if not candidates:
        return None
    cued = [c for c in candidates if _RESIDENCE_CUE.search(text[max(0, c[0] - 40) : c[0]])]
    chosen = min(cued or candidates, key=lambda c: c[0])
    return chosen[2]


def _in_new_england(text: str, pos: int) -> bool:
    return text[max(0, pos - 4) : pos].lower() == "new "


def parse_treaty_with_japan(text: str) -> bool | None:
    """Whether the user says the country has (or lacks) a tax treaty with Japan; ``None`` when unsaid."""
    no_treaty = re.compile(
        r"\bno\s+(?:tax\s+|income\s+tax\s+|double\s+tax(?:ation)?\s+)?treaty\b(?!\s*(?:form|application|claim|relief\s+form))|"
        r"\bnon-?treaty\b|\bwithout\s+(?:a|any)\s+(?:tax\s+)?treaty\b(?!\s*form)|"
        r"\b(?:doesn't|does\s+not|don't|do\s+not|has\s+no|have\s+no|hasn't|lacks?)\s+(?:have\s+)?(?:an?\s+|any\s+)?"
        r"(?:(?:income\s+|double\s+)?tax\s+)?treaty\b(?!\s*form)|\bnot\s+a\s+treaty\s+country\b",
        re.I,
    )
    if no_treaty.search(text):
        return False
    has_treaty = re.compile(
        r"\b(?:has|have|with|there\s+is|there's)\s+an?\s+(?:(?:income\s+|double\s+)?tax\s+)?treaty\s+with\s+japan\b|"
        r"(?<!non-)(?<!non)\btreaty\s+country\b|\ba\s+(?:tax\s+)?treaty\s+applies\b",
        re.I,
    )
    return True if has_treaty.search(text) else None


def parse_has_japan_pe(text: str) -> bool | None:
    """A Japanese permanent establishment to which the income is attributable ("has a PE in Japan")."""
    m = re.search(r"permanent\s+establishment|\bpe\b", text, re.I)
    if m is None:
        return None
    before = text[max(0, m.start() - 40) : m.start()]
    return not re.search(r"\b(?:no|without|not|doesn't|does\s+not|don't|hasn't|lacks?|never)\b", before, re.I)


HolderType = Literal["individual", "corporation", "pension_fund", "other"]


@dataclass(frozen=True)
class Holder:
    """Who holds the shares: the treaty holder type and the U.S. excluded class (R-31), when stated."""

    holder_type: HolderType | None
    special_class: str | None
    is_llc: bool = False


def parse_holder(text: str) -> Holder:
    """Holder type and U.S. special class ("my IRA", "we're a Delaware corp", "our pension fund")."""
    t = text.lower()
    special: str | None = None
    holder: HolderType | None = None
    if re.search(r"\b(?:ira|iras|roth|401\s*\(?k\)?|403\s*\(?b\)?|keogh)\b", t):
        return Holder("individual", "tax_exempt")
    if re.search(r"\bpension\b|\bretirement\s+(?:fund|plan|system|trust)\b|\bsuperannuation\b", t):
        return Holder("pension_fund", "pension_fund")
    if re.search(
        r"tax[- ]exempt|\bcharit(?:y|able)\b|\bnon-?profit\b|\bendowment\b|\bfoundation\b|\b501\s*\(c\)", t
    ):
        special = "tax_exempt"
    elif re.search(r"\blife\s+insurance\b|\binsurer\b|\binsurance\s+company\b", t):
        special, holder = "life_insurance", "corporation"
    elif re.search(r"\bdealer\b|\bbroker-dealer\b|\bmarket\s+maker\b", t):
        special = "dealer"
    elif re.search(r"\btrader\b", t) and re.search(r"mark[- ]to[- ]market|\bmtm\b", t):
        special = "trader_mtm"
    elif re.search(r"\bamt\b|alternative\s+minimum\s+tax", t):
        special = "amt"
    elif re.search(r"\bstraddle\b|\bhedg\w*|\bconversion\s+transaction\b", t):
        special = "straddle_hedge"
    elif re.search(r"functional\s+currency", t) and not re.search(
        r"functional\s+currency\s+(?:is|=)\s+(?:the\s+)?(?:u\.?s\.?\s+)?(?:dollar|usd)", t
    ):
        special = "non_usd_functional_currency"
    if holder is None:
        if re.search(r"\bllc\b|limited\s+liability\s+company", t) and not re.search(
            r"taxed\s+as\s+a\s+corporation|\bc[- ]?corp", t
        ):
            return Holder(None, special, is_llc=True)
        if re.search(
            r"\b(?:corp|corps|corporation|corporations|corporate|company|companies|co\.|inc|incorporated|ltd|"
            r"limited\s+company|plc|gmbh|kk|k\.k\.|firm|subsidiary|parent|holding\s+company|c[- ]?corp|"
            r"conglomerate|multinational|enterprise|taxed\s+as\s+a\s+corporation)\b",
            t,
        ):
            holder = "corporation"
        elif re.search(r"\b(?:trust|estate|partnership|lp|llp|mutual\s+fund|hedge\s+fund|fund)\b", t):
            holder = "other"
        elif re.search(
            r"\b(?:i|i'm|im|i've|me|my|mine|myself|individual|individuals|indiv|individ|person|personally|retail|natural\s+person|"
            r"he|she|his|her|wife|husband|retiree|private\s+investor|individual\s+investor)\b",
            t,
        ):
            holder = "individual"
    return Holder(holder, special)


def holder_kind(holder_type: str | None) -> str | None:
    """Treaty holder type → U.S. holder kind (corporate / noncorporate)."""
    if holder_type == "corporation":
        return "corporate"
    if holder_type in {"individual", "other", "pension_fund"}:
        return "noncorporate"
    return None


# ---------------------------------------------------------------------------------------------------- ownership


@dataclass(frozen=True)
class Ownership:
    """Voting percentage; ``note`` explains a bound ("more than 50%") turned into a representative value."""

    voting_pct: Decimal
    note: str | None = None


_PCT = re.compile(r"(?P<num>" + NUM + r")\s*(?:%|percent\b|per\s*cent\b|pct\b)", re.I)
_NOT_VOTING_BEFORE = re.compile(
    r"(?:rate|rated|bracket|factor|factors|interest|withh\w*|marginal|top|tax|at|of\s+gross|w/h|wht|"
    r"charge|and|,|/)\s*(?:of|is|are|was|were|=|:)?\s*(?:a|the)?\s*$",
    re.I,
)
_VOTING_BEFORE = re.compile(
    r"\b(?:own|owns|owning|owned|hold|holds|holding|held|stake|control|controls|controlling|has|have|having|"
    r"with|possess\w*|shareholding|ownership|interest|voting)\b",
    re.I,
)
_VOTING_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:of\s+(?:the\s+|iij|its\s+)?(?:voting|iij|shares|stock|company|outstanding|vote|it\b|the\s+company)|"
    r"(?:(?:corporate|corporation|company|individual|institutional|parent|controlling|minority|majority|equity|"
    r"u\.?s\.?|american|japanese|foreign|non-resident|nonresident)\s+){0,2}"
    r"(?:stake|owner|holder|shareholder|share\s*holder|shareholding|interest|voting|owned|ownership|of\s+iij))",
    re.I,
)
_BOUND = re.compile(
    r"(?P<op>more\s+than|over|above|greater\s+than|in\s+excess\s+of|exceeding|at\s+least|not\s+less\s+than|"
    r"less\s+than|under|below|fewer\s+than|up\s+to|just\s+over|just\s+under)\s*$",
    re.I,
)


def _stake_at(text: str, m: re.Match[str], answers_stake_question: bool) -> tuple[bool, Ownership | None]:
    """Whether the percentage at ``m`` speaks of the holder's stake, and the stake it gives (``None``: a range
    or a bound that gives no single figure)."""
    value = to_decimal(m.group("num"))
    if value is None:
        return False, None
    before = text[max(0, m.start() - 40) : m.start()]
    after = text[m.end() : m.end() + 40]
    if _WITHHELD_PCT_AFTER.match(after):
        return False, None  # "10% Japanese tax withheld" is a withholding rate, not a stake
    if re.match(r"\s*(?:to|-|–|and)\s*\d", after) or re.search(r"\bbetween\s*$", before, re.I):
        return True, None  # a range such as "10% to 50%" names a table row, not the holder's stake
    bound = _BOUND.search(before)
    core_before = before[: bound.start()] if bound else before
    if not answers_stake_question:
        if _NOT_VOTING_BEFORE.search(core_before) and not _VOTING_AFTER.search(after):
            return False, None
        if not (_VOTING_BEFORE.search(core_before[-30:]) or _VOTING_AFTER.search(after)):
            return False, None
    if re.match(r"\s*or\s+more\b", after, re.I):
        return True, Ownership(value)
    if bound is None:
        return True, Ownership(value)
    op = bound.group("op").lower()
    if op in {"at least", "not less than"}:
        return True, Ownership(value)
    if op in {"less than", "under", "below", "fewer than", "just under"}:
        if value <= 10 and value >= 1:
            rep = value - 1
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
        value = _bare_number(text, _BARE_STAKE)
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
        r"\b(?:tiny|small|little|modest|portfolio)\s+(?:stake|holding|position|shareholding|shareholder|holder|investor|interest)\b",
        t,
    )
    if small:
        return Ownership(
            Decimal(1), f"taking 1% for “{small.group(0)}”; any stake under 10% gives the same result"
        )
    return None


_WITHHELD_PCT_AFTER = re.compile(
    r"\s*(?:of\s+(?:it|the\s+(?:gross\s+)?(?:dividend|amount))\s+)?(?:japanese\s+|japan\s+)?(?:(?:income\s+)?tax\s+|withholding\s+(?:tax\s+)?)?"
    r"(?:was\s+|is\s+|were\s+|got\s+|has\s+been\s+|had\s+been\s+)?(?:withheld|deducted|taken\s+out|withholding\b)",
    re.I,
)


# ---------------------------------------------------------------------------------------------------- durations and flags


@dataclass(frozen=True)
class Duration:
    """A holding duration stated as "for two years", "for 12 months", "for 90 days"."""

    days: Decimal
    op: Literal["=", ">", "<"]


_NUMWORD = r"(?P<n>\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty|sixty|ninety|half\s+a)"
_DURATION = re.compile(
    r"\b(?:for|over|(?:held|owned|holding|had)(?:\s+(?:it|them|the\s+shares|shares|the\s+adss|adss|iij|my\s+shares|"
    r"the\s+stock|the\s+stake|our\s+stake))?(?:\s+for)?)\s+(?:(?P<op>more\s+than|over|at\s+least|longer\s+than|about|around|"
    r"almost|nearly|under|less\s+than|only|just|the\s+(?:past|last))\s+)?(?:a\s+full\s+|the\s+full\s+|a\s+whole\s+)?"
    + _NUMWORD
    + r"[\s-]*(?:full\s+)?(?P<unit>years?|yrs?|months?|mos?|days?|weeks?)\b",
    re.I,
)
_UNIT_DAYS = {"y": Decimal("365.25"), "m": Decimal("30.4375"), "d": Decimal(1), "w": Decimal(7)}


_LOOSE_YEARS = re.compile(
    r"\b(?:for|over|held\s+(?:it|them|the\s+shares|the\s+adss|iij)?\s*(?:for)?)\s+(?:many\s+|several\s+|a\s+few\s+|some\s+)?"
    r"years\b(?!\s+(?:before|prior|after|ago))|\b(?:long[- ]term\s+holder|since\s+(?:the\s+)?ipo)\b",
    re.I,
)


def parse_duration(text: str) -> Duration | None:
    """How long the holder has held (or held more than 50%): "for two years", "for 90 days", "for years"."""
    if _LOOSE_YEARS.search(text) and not _DURATION.search(text):
        return Duration(Decimal(730), ">")  # "years" is at least two years, whatever the exact number
    m = _DURATION.search(text)
    if m is None:
        m2 = re.search(r"\b(?P<n>\d+|two|three|five|ten)[- ](?P<unit>year|month)\b", text, re.I)
        if m2 is None or not re.search(r"\bheld\b|\bown|\bhold", text, re.I):
            return None
        n = _word_number(m2.group("n"))
        return Duration(n * _UNIT_DAYS[m2.group("unit")[0].lower()], "=") if n is not None else None
    n = _word_number(m.group("n"))
    if n is None:
        return None
    days = n * _UNIT_DAYS[m.group("unit")[0].lower()]
    op_raw = (m.group("op") or "").lower()
    op: Literal["=", ">", "<"] = "="
    if op_raw in {"more than", "over", "longer than"}:
        op = ">"
    elif op_raw in {"almost", "nearly", "under", "less than", "only", "just"}:
        op = "<" if op_raw != "just" else "="
    before = text[max(0, m.start() - 25) : m.start()]
    if re.search(r"\b(?:not|n't|never)\b|n't\s*$", before, re.I):
        op = "<" if op != "<" else ">"
    return Duration(days, op)


def _word_number(raw: str) -> Decimal | None:
    raw = re.sub(r"\s+", " ", raw.lower())
    if raw in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[raw])
    return to_decimal(raw)


_BEFORE_RECORD = re.compile(
    r"\b(?:bought|acquired|purchased|got|took)\b[^.;]{0,40}?\b"
    + _NUMWORD
    + r"[\s-]*(?P<unit>years?|months?|weeks?|days?)\s+"
    r"(?:before|prior\s+to|ahead\s+of)\s+(?:the\s+)?(?:record\s+date|entitlement|date\s+of\s+record|dividend\s+record)",
    re.I,
)


def acquired_before_record(text: str) -> Duration | None:
    """How long before the record (entitlement) date the stake was acquired ("acquired 60% six months before")."""
    m = _BEFORE_RECORD.search(text)
    if m is None:
        return None
    n = _word_number(m.group("n"))
    return Duration(n * _UNIT_DAYS[m.group("unit")[0].lower()], "=") if n is not None else None


def twelve_month_fact(duration: Duration | None, text: str) -> bool | None:
    """R-10b: has the holder owned more than 50% for the twelve months ending on the entitlement date?"""
    t = text.lower()
    before_record = acquired_before_record(text)
    if before_record is not None:
        return before_record.days >= 365
    if re.search(
        r"(?:not|n't|never)\s+(?:\w+\s+){0,4}(?:for\s+)?(?:the\s+)?(?:full\s+|whole\s+)?(?:12|twelve)\s+months",
        t,
    ):
        return False
    if re.search(
        r"(?:less|fewer)\s+than\s+(?:a\s+year|12\s+months|twelve\s+months)|\brecently\s+(?:bought|acquired)|\bjust\s+(?:bought|acquired)",
        t,
    ):
        return False
    if duration is None:
        return None
    year = Decimal(365)
    if duration.op == "<":
        return False if duration.days <= year + 1 else None
    if duration.op == ">":
        return True if duration.days >= year - 31 else None
    return duration.days >= year


# "if it's qualified", "assuming the dividend qualifies", "treat it as QDI": a stated assumption, not a question.
_ASSUMED_QUALIFIED = re.compile(
    r"\b(?:if|assuming|assume|provided|given\s+that|suppose|supposing|treat(?:ing)?|say)\s+(?:that\s+)?"
    r"(?:it|it's|its|it\s+is|the\s+dividends?|that|that's|they|they're|this|this\s+is)\s+"
    r"(?:(?:is|was|are|were|would\s+be|be|counts?\s+as|treated\s+as|as)\s+)?(?:an?\s+)?"
    r"(?:qualified|qualifies|qualify|qdi)\b",
    re.I,
)


def holding_period_fact(duration: Duration | None, text: str) -> bool | None:
    """QDI holding period (R-34/R-35b): more than 60 days in the window, as far as the user says so."""
    t = text.lower()
    if re.search(
        r"(?:didn't|did\s+not|doesn't|does\s+not|don't|not|fail\w*\s+to|haven't)\s+(?:\w+\s+){0,2}(?:meet|satisf\w*)\s+"
        r"(?:the\s+)?(?:qdi\s+|qualified\s+dividend\s+)?holding[- ]period",
        t,
    ):
        return False
    if re.search(
        r"(?:meets?|met|satisf\w*)\s+(?:the\s+)?(?:qdi\s+|qualified\s+dividend\s+)?holding[- ]period", t
    ):
        return True
    if _ASSUMED_QUALIFIED.search(t):
        return (
            True  # the holder asserts the dividend is qualified: the holding period is the fact that asserts
        )
    if duration is None:
        return None
    if duration.op == "<":
        return False if duration.days <= 61 else None
    if duration.op == ">":
        return True if duration.days >= 60 else None
    return duration.days > 60


# The user does not know a fact: "not sure (whether)", "don't know if", "no idea if", "can't remember whether".
_UNSURE = re.compile(
    r"\b(?:not\s+(?:sure|certain)|unsure|uncertain|unclear|no\s+idea)\b(?![^.;?!,]{0,12}\b(?:about|of)\b)|"
    r"\b(?:(?:do\s*n[o']?t|dont|did\s*n[o']?t|does\s*n[o']?t|not)\s+(?:know|remember|recall)|can(?:'?t|not)\s+"
    r"(?:remember|recall|say|tell)|(?:have\s+)?forgotten|wonder(?:ing)?|not\s+known)\b[^.;?!]{0,30}?\b(?:whether|if)\b|"
    r"\bwhether\s+or\s+not\b|\b(?:may|might)\s+or\s+(?:may|might)\s+not\b",
    re.I,
)
_FILING_WORDS = re.compile(
    r"\b(?:filed|filing|file|files|submitted|submit|lodged|lodge|sent|send|handed\s+in|turned\s+in|in\s+place)\b",
    re.I,
)


def form_filing_unknown(text: str) -> bool:
    """Whether the user says they do not know if the treaty form was filed ("not sure whether the form was filed")."""
    for m in _UNSURE.finditer(text):
        clause = re.split(r"[.;?!,]", text[m.start() :], maxsplit=1)[0]
        if _FILING_WORDS.search(clause[:120]):
            return True
    return False


def parse_form_filed(text: str, unknown: bool | None = None) -> bool | None:
    """Whether the treaty application form was filed in advance (R-14): "filed the form", "w/o the form";
    ``None`` when unsaid or when the user does not know (``unknown``: ``form_filing_unknown(text)`` when the caller
    has it already)."""
    if form_filing_unknown(text) if unknown is None else unknown:
        return None
    t = text.lower()
    negative = re.compile(
        r"(?:did\s*n[o']?t|didnt|not|never|haven't|hasn't|hadn't|wasn't|weren't|forgot\s+to|failed\s+to|neglected\s+to|no|"
        r"without|w/o|w/out|missing|skipped)\s+(?:\w+\s+){0,4}?(?:file|filed|filing|submit|submitted|form|forms|"
        r"application|paperwork|send|sent)\b|"
        r"(?:form|forms|application|paperwork)\s+(?:was|were|has|had|is)?\s*(?:n[o']t|never|not\s+been)\s+"
        r"(?:been\s+)?(?:filed|submitted|sent|lodged)|"
        r"(?:form|application)\s+(?:was|were)n't\s+(?:filed|submitted)|\bno\s+(?:advance\s+)?filing\b|"
        r"\blate\s+(?:form|filing)\b|\bfiled\s+(?:the\s+form\s+)?(?:too\s+)?late\b"
    )
    if negative.search(t):
        return False
    positive = re.compile(
        r"(?:filed|submitted|lodged|sent|handed\s+in|turned\s+in|provided|completed|put\s+in)\s+(?:\w+\s+){0,4}?"
        r"(?:form|forms|application|paperwork)\b|"
        r"(?:form|forms|application|paperwork)\s+(?:was\s+|were\s+|has\s+been\s+|had\s+been\s+|is\s+|are\s+)?"
        r"(?:filed|submitted|lodged|in\s+place|sent)|\bwith\s+(?:the\s+|a\s+)?(?:treaty\s+)?(?:application\s+)?form\b|"
        r"\bfiled\s+in\s+advance\b|\bform\s+filed\b|\bfiled\s+(?:it|them)\b|"
        r"\b(?:did|do|does)\s+(?:file|submit|send|lodge)\s+(?:\w+\s+){0,3}?(?:form|forms|application|paperwork)\b"
    )
    return True if positive.search(t) else None


def parse_pension_business(text: str) -> bool | None:
    """R-10c fact: are the pension fund's dividends derived from carrying on a business?"""
    t = text.lower()
    if re.search(
        r"not\s+(?:derived\s+)?from\s+(?:the\s+carrying\s+on\s+of\s+)?(?:a|any|its)\s+business|"
        r"\bno\s+business\b|\bnot\s+business\b|\bnot\s+(?:connected|related)\s+to\s+(?:a|any|its)\s+business|"
        r"\bpassive\s+(?:investment|holding|portfolio)|\bpurely\s+(?:an?\s+)?investment|isn't\s+from\s+a\s+business|"
        r"(?:doesn't|does\s+not|don't)\s+(?:carry|run)\s+on\s+(?:a|any)\s+business",
        t,
    ):
        return False
    if re.search(
        r"(?:derived\s+)?from\s+(?:the\s+)?(?:carrying\s+on\s+(?:of\s+)?)?(?:a|its|their|the)\s+business|"
        r"\bbusiness\s+income\b|\bthrough\s+(?:a|its)\s+business|\b(?:runs|carries\s+on)\s+a\s+business",
        t,
    ):
        return True
    return None


def parse_additional_requirements(text: str) -> bool | None:
    """R-10b "additional requirements" as the user states them (the report does not define them)."""
    t = text.lower()
    if re.search(
        r"(?:doesn't|does\s+not|don't|not|fail\w*\s+to|can't|cannot)\s+(?:\w+\s+){0,2}(?:meet|satisfy|qualify)\w*\s+(?:\w+\s+){0,2}additional",
        t,
    ):
        return False
    if re.search(
        r"(?:meets?|met|satisf\w*|fulfil\w*)\s+(?:\w+\s+){0,3}additional\s+requirements|limitation[- ]on[- ]benefits|\blob\b",
        t,
    ):
        return True
    return None


def parse_sale_location(text: str) -> str | None:
    """Where shares were sold, for Japanese tax on the gain (R-17a/R-17b)."""
    t = text.lower()
    if re.search(
        r"outside\s+(?:of\s+)?japan|\bnasdaq\b|\bnyse\b|\bin\s+(?:new\s+york|the\s+us|the\s+u\.s\.|america|london)\b|\boverseas\b",
        t,
    ):
        return "outside_japan"
    if re.search(
        r"within\s+japan|\bin\s+japan\b|\btokyo\s+stock\s+exchange\b|\btse\b|\bmothers\b|\bon\s+a\s+japanese\s+exchange",
        t,
    ):
        return "within_japan"
    return None


# ---------------------------------------------------------------------------------------------------- numbers lists (PFIC)


@dataclass(frozen=True)
class Number:
    """A plain number in the text (any unit), with its position."""

    value: Decimal
    start: int
    end: int
    is_pct: bool


_PLAIN = re.compile(
    r"(?<![\w.])(?:[$¥]\s*)?(?P<num>" + NUM + r")" + _SUFFIX + r"(?P<pct>\s*(?:%|percent\b))?", re.I
)


def parse_numbers(text: str, skip: list[tuple[int, int]] | None = None) -> list[Number]:
    """Every plain number (currency signs and k/m suffixes allowed), skipping the given spans (dates)."""
    out: list[Number] = []
    for m in _PLAIN.finditer(text):
        if skip and _overlaps(m.span(), skip):
            continue
        value = _scaled(m)
        if value is None:
            continue
        out.append(Number(value, m.start(), m.end(), bool(m.group("pct"))))
    return out


def number_list_after(text: str, cue: str, skip: list[tuple[int, int]] | None = None) -> list[Decimal]:
    """The run of numbers ("100, 100 and 100", "80/120") that follows the first match of ``cue``."""
    m = re.search(cue, text, re.I)
    if m is None:
        return []
    values: list[Decimal] = []
    position = m.end()
    for number in parse_numbers(text, skip):
        if number.start < m.end():
            continue
        gap = text[position : number.start]
        if values and not re.fullmatch(
            r"\s*(?:,|/|;|and|then|&|\+|,\s*and|(?:,\s*)?then)?\s*(?:\$|¥)?\s*", gap, re.I
        ):
            break
        if not values and len(gap) > 45:
            break
        if number.is_pct:
            break
        values.append(number.value)
        position = number.end
    return values


# ---------------------------------------------------------------------------------------------------- mark-to-market

# Which year end a value belongs to: "the second year end", "year 2", "1st".
_ORDINAL_WORDS = {
    "first": 1, "1st": 1, "one": 1, "1": 1,
    "second": 2, "2nd": 2, "two": 2, "2": 2,
    "third": 3, "3rd": 3, "three": 3, "3": 3,
    "fourth": 4, "4th": 4, "four": 4, "4": 4,
    "fifth": 5, "5th": 5, "five": 5, "5": 5,
}  # fmt: skip
_ORDINAL_NAMES = r"first|second|third|fourth|fifth"
_ORDINAL_WORD = r"(?:" + _ORDINAL_NAMES + r"|1st|2nd|3rd|4th|5th)"
_YEAR_NO = r"(?:\d|one|two|three|four|five)"
# Labels of a year end: "year 2", "the second year end", "end of 2003". Their digits are not amounts.
_MTM_LABEL = re.compile(
    r"\byear\s+(?P<n>" + _YEAR_NO + r")\b|\b(?P<o>" + _ORDINAL_WORD + r")\b|"
    r"(?:\b(?:in|for|of|during|fy|year|end\s+of|at|by)\s+|^|(?<=[(\s]))(?P<y>(?:19|20)\d{2})(?!\d|[-/.,]\d)",
    re.I,
)
_MTM_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("inclusions", re.compile(r"\binclu\w*\b|\bincluded\b", re.I)),
    (
        "basis",
        re.compile(
            r"\bbasis\b|\bcost\b|\bpaid\b|\bbought\b|\bpurchas\w*|\bacqui\w*|\binvested\b|\bbuy\w*", re.I
        ),
    ),
    ("sale", re.compile(r"\bsold\b|\bsell\w*|\bsale\b|\bproceeds\b|\bdispos\w*", re.I)),
    (
        "value",
        re.compile(
            r"\bvalue[sd]?\b|\bworth\b|\bfmvs?\b|\bfair\s+market\b|\byear[- ]?ends?\b|\bend\s+of\b|\bmarks?\b|"
            r"\bclos\w*\b|\btrad\w*\s+at\b|\bquoted\b|\bthen\b|\blater\b|\bnext\b",
            re.I,
        ),
    ),
)
_CUE_AFTER = re.compile(
    r"^\s*(?:(?P<basis>basis|cost)|(?P<value>(?:fair\s+market\s+)?value|fmv|year[- ]?end|at\s+(?:the\s+)?"
    r"(?:(?:" + _ORDINAL_NAMES + r")\s+)?(?:year[- ]?end|end\s+of)))\b",
    re.I,
)
_ORDINAL_AFTER = re.compile(
    r"^\s*(?:at|by|for|in|as\s+of|on)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
    r"(?:(?P<o>" + _ORDINAL_WORD + r")|year\s+(?P<n>" + _YEAR_NO + r")\b|(?P<y>(?:19|20)\d{2})\b)",
    re.I,
)
_ORDINAL_BEFORE = re.compile(
    r"(?:(?P<o>" + _ORDINAL_WORD + r")\s+(?:year(?:[- ]?end)?|year[- ]?end)|year\s+(?P<n>" + _YEAR_NO + r")|"
    r"(?P<y>(?:19|20)\d{2}))\s*(?:year[- ]?end\s*)?(?:value\s*|fmv\s*|mark\s*)?(?:[:=\-–]|was|is|of|worth|at)?\s*[$]?\s*$",
    re.I,
)


_MTM_TOPIC = re.compile(
    r"mark(?:ed)?[- ]to[- ]market|\bmtm\b|year[- ]?end\s+(?:fair\s+market\s+)?values?|fair\s+market\s+values?",
    re.I,
)


@dataclass(frozen=True)
class MarkToMarket:
    """The figures of a mark-to-market question: year-end values as (year or position, value), in year order.

    ``years_are_calendar`` says the positions are calendar years the user named; ``unclear`` that some amount
    could not be told apart (basis, year-end value, sale price), so none may be guessed.
    """

    basis: Decimal | None
    values: list[tuple[int, Decimal]]
    sale: Decimal | None
    prior_inclusions: Decimal | None
    years_are_calendar: bool
    unclear: bool

    def fill_from(self, older: MarkToMarket) -> MarkToMarket:
        """A later message's figures, with what it leaves out taken from an earlier one."""
        keep_values = not self.values and not self.unclear
        return replace(
            self,
            basis=self.basis if self.basis is not None else older.basis,
            values=older.values if keep_values else self.values,
            years_are_calendar=older.years_are_calendar if keep_values else self.years_are_calendar,
            sale=self.sale if self.sale is not None else older.sale,
            prior_inclusions=self.prior_inclusions
            if self.prior_inclusions is not None
            else older.prior_inclusions,
        )


def _position(m: re.Match[str]) -> tuple[str, int] | None:
    if m.group("y"):
        return ("year", int(m.group("y")))
    raw = (m.group("o") or m.group("n") or "").lower()
    return ("ordinal", _ORDINAL_WORDS[raw]) if raw in _ORDINAL_WORDS else None


def parse_mark_to_market(
    text: str, skip: list[tuple[int, int]] | None = None, unlabelled: str | None = None
) -> MarkToMarket:
    """Basis, each year-end value and a sale price ("basis $300, worth $340 at the first year end and $310 at the
    second", "year-end values 130, 110, 80"); every amount is read by the words beside it. ``unlabelled`` is the
    kind of an amount no word names (a reply to "what were the year-end values?")."""
    # the election's own name is no cue: "mark to market: 100, 130" does not say which amount is which
    text = re.sub(r"mark(?:ed)?[- ]to[- ]market", lambda m: " " * len(m.group(0)), text, flags=re.I)
    labels = [m.span() for m in _MTM_LABEL.finditer(text)]
    numbers = [
        n
        for n in parse_numbers(text, (skip or []) + labels)
        if not n.is_pct and not re.match(r"\s*(?:shares?|adss?|adrs?|days?|months?)\b", text[n.end :], re.I)
    ]
    basis = sale = inclusions = None
    values: list[tuple[tuple[str, int] | None, Decimal]] = []
    unclear = False
    previous: str | None = None
    previous_end = 0
    for i, number in enumerate(numbers):
        clause_start = max(text.rfind(c, 0, number.start) for c in ".;?!")
        window = text[max(previous_end, clause_start + 1, number.start - 50) : number.start]
        following = text[number.end : numbers[i + 1].start if i + 1 < len(numbers) else len(text)]
        kind: str | None = None
        best = -1
        for name, cue in _MTM_CUES:
            for m in cue.finditer(window):
                if m.end() > best:
                    best, kind = m.end(), name
        if kind is None and re.search(r"\byear\s+" + _YEAR_NO + r"\b", window, re.I):
            kind = "value"  # "year 2: 900" names a year end, unless a word such as "sold" says otherwise
        after = _CUE_AFTER.match(following)
        if kind is None and after is not None:
            kind = "basis" if after.group("basis") else "value"  # "$300 basis", "$340 at the first year end"
        if kind is None and previous is not None and re.fullmatch(r"[\s,;/$]*(?:and|&|then)?[\s$]*", window):
            kind = previous  # "130, 110, 80": a list continues the kind of its first amount
        kind = kind or unlabelled
        if kind is None:
            unclear = True
            continue
        if kind == "value":
            ordinal = _ORDINAL_AFTER.match(following) or _ORDINAL_BEFORE.search(window)
            values.append((_position(ordinal) if ordinal else None, number.value))
        elif kind == "basis" and basis is None:
            basis = number.value
        elif kind == "sale" and sale is None:
            sale = number.value
        elif kind == "inclusions" and inclusions is None:
            inclusions = number.value
        else:
            unclear = True  # a second basis or sale price: which one is meant is not clear
        previous, previous_end = kind, number.end
    ordered, calendar_years, clash = _order_values(values)
    return MarkToMarket(basis, ordered, sale, inclusions, calendar_years, unclear or clash)


def _order_values(
    values: list[tuple[tuple[str, int] | None, Decimal]],
) -> tuple[list[tuple[int, Decimal]], bool, bool]:
    """Year-end values by the position or year each names; unnamed ones follow the one before them."""
    kinds = {position[0] for position, _ in values if position is not None}
    if len(kinds) > 1:
        return [], False, True
    calendar = kinds == {"year"}
    placed: dict[int, Decimal] = {}
    last: int | None = None
    for position, value in values:
        slot = (
            position[1]
            if position is not None
            else (last + 1 if last is not None else (None if calendar else 1))
        )
        if slot is None or slot in placed:
            return [], calendar, True
        placed[slot] = value
        last = slot
    return sorted(placed.items()), calendar, False


# ---------------------------------------------------------------------------------------------------- all facts


@dataclass(frozen=True)
class ExtractedText:
    """Everything ``extract_facts`` found, plus the raw mentions numeric.py needs for PFIC phrasing."""

    facts: dict[str, Any]
    money: list[Money]
    dates: list[tuple[DateRole | None, DateMention]]
    fx: FxRate | None


_WITHHELD_AFTER = re.compile(
    r"^\s*(?:(?:of|in)\s+)?(?:japanese\s+|japan\s+)?(?:(?:income\s+|withholding\s+)?tax\s+)?"
    r"(?:was|were|is|got|has\s+been|had\s+been|been)?\s*(?:withheld|deducted|taken)\b",
    re.I,
)
_WITHHELD_BEFORE = re.compile(r"(?:withheld|deducted|took|taken\s+out|withholding\s+of)\s*(?:was\s+)?$", re.I)
_PER_SHARE_AFTER = re.compile(r"^\s*(?:per|a|/|each)\s*(?:share|ads|adss)\b", re.I)
_SHARES = re.compile(r"(?P<num>" + NUM + r")" + _SUFFIX + r"\s*(?P<kind>shares|ads|adss|adrs)\b", re.I)
_BASIS_BEFORE = re.compile(
    r"(?:bought|purchased|paid|cost|basis|acquired|buy|purchase\s+price)\b[^.;$¥]{0,45}$", re.I
)
_BASIS_AFTER = re.compile(r"^\s*(?:tax\s+|cost\s+|adjusted\s+)?basis\b", re.I)  # "with a $5,000 basis"
_REALIZED_BEFORE = re.compile(r"(?:sold|sell|proceeds|realized|realised|sale\s+price)\b[^.;$¥]{0,45}$", re.I)
_GAIN_AFTER = re.compile(
    r"^\s*(?:capital\s+|long[- ]term\s+|short[- ]term\s+)?(?P<kind>gain|profit|loss)\b", re.I
)
_GAIN_BEFORE = re.compile(
    r"(?P<kind>gain|profit|loss)\s+(?:of|was|is|=|:|came\s+to|amounts?\s+to)\s*(?:about\s+)?$", re.I
)
# "made $750 on the sale", "sold in May and lost $200": a profit or loss stated by its verb.
_PROFIT_VERB_BEFORE = re.compile(
    r"\b(?P<verb>made|make|earned|profited|gained|lost|lose|losing)\s+(?:a\s+|an\s+)?"
    r"(?:(?:net\s+)?(?:profit|gain|loss)\s+of\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+)?$",
    re.I,
)
_SALE_CONTEXT_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:on|from|by|in|when|after|selling|with)\s+(?:the\s+|my\s+|our\s+|this\s+|that\s+)?"
    r"(?:sale|sales|selling|sold|dispos\w*|trade|deal|shares|adss?|adrs?|stock|iij|position)\b",
    re.I,
)
_SALE_WORD = re.compile(r"\bsold\b|\bsell\w*|\bsale\b|\bdispos\w*", re.I)
_EP_BEFORE = re.compile(r"(?:e\s*&\s*p|e\s+and\s+p|earnings\s+(?:and|&)\s+profits?)\b[^.;$¥]{0,25}$", re.I)
_EP_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:(?:current|accumulated)\s+(?:(?:and|or|&)\s+accumulated\s+)?)?"
    r"(?:e\s*&\s*p|e\s+and\s+p|earnings\s+(?:and|&)\s+profits?)\b",
    re.I,
)
_DISTRIBUTION_AFTER = re.compile(r"^\s*(?:cash\s+)?distribution\b", re.I)
_DISTRIBUTION_BEFORE = re.compile(r"(?<!excess\s)\bdistribution\s+(?:of|was|is|=|:)\s*$", re.I)
_WITHHELD_RATE = re.compile(
    r"(?P<num>" + NUM + r")\s*(?:%|percent\b|per\s*cent\b)(?=" + _WITHHELD_PCT_AFTER.pattern + r")|"
    r"\b(?:withheld|deducted)\s+at\s+(?:a\s+rate\s+of\s+)?(?P<num2>"
    + NUM
    + r")\s*(?:%|percent\b|per\s*cent\b)",
    re.I,
)
# Taxable years named in a list ("2003, 2004 and 2005", "2002-2004"); a date such as 2002-06-30 is not one.
_ONE_YEAR = r"(?:19|20)\d{2}(?!\d|[-/.]\d{1,2}\b)"
_YEAR_LIST = (
    r"(?P<years>" + _ONE_YEAR + r"(?:\s*(?:,\s*and|,|and|&|through|thru|to|until|-|–)\s*" + _ONE_YEAR + r")*)"
)
_HELD_YEARS = re.compile(
    r"\b(?:held|owned|hold|holding|owning|own)\b[^.;]{0,50}?\b(?:in|during|for|from|throughout)\s+"
    r"(?:(?:the\s+)?(?:tax(?:able)?\s+)?years?\s+)?" + _YEAR_LIST,
    re.I,
)
_PFIC_YEARS = re.compile(
    r"\bpfic\b[^.;]{0,25}?\b(?:in|for|during)\s+(?:(?:the\s+)?(?:tax(?:able)?\s+)?years?\s+)?(?:only\s+)?"
    + _YEAR_LIST
    + r"|\bpfic\s+(?:in\s+)?years?\s*(?:were|are|was|is|:|=)?\s*"
    + _YEAR_LIST.replace("years>", "years2>"),
    re.I,
)


_PCT_VALUE = r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s*cent\b)"
_TOP_RATE_LABEL = r"\b(?:top|highest)\s+(?:marginal\s+)?(?:(?:income\s+)?tax\s+)?rates?\b"
_INTEREST_FACTOR_LABEL = r"\b(?:interest\s+(?:charge\s+)?)?factors?\b"
_RATE_LABELS = (_TOP_RATE_LABEL, _INTEREST_FACTOR_LABEL)
# A year that labels a rate: not part of a date ("2002-06-30") nor of a longer number.
_RATE_YEAR = r"(?<![\d\-/.,$¥])(?:fy\s*)?(?P<year>(?:19|20)\d{2})(?!\d|[-/.]\d)"
_RATE_TOKEN = re.compile(_PCT_VALUE + r"|" + _RATE_YEAR + r"|(?P<word>[a-z']+)|(?P<other>[^\s\w])", re.I)
# Words that may sit between the rates and the years they belong to ("38.6% for the 2002 tax year").
_RATE_GLUE = frozenset(
    (
        "a an and the for in of on at to is was were are be been would will each every prior previous preceding "
        "earlier year years tax taxable income rate rates top highest marginal max maximum effect respectively "
        "then fy with as applies applied apply federal us u s factor factors interest charge"
    ).split()
)


def _rate_tokens(clause: str) -> list[tuple[str, Any]]:
    """The percentages ("P") and years ("Y") of a clause, in order, up to the first word that is not glue."""
    tokens: list[tuple[str, Any]] = []
    for m in _RATE_TOKEN.finditer(clause):
        if m.group("pct") is not None:
            tokens.append(("P", Decimal(m.group("pct")) / 100))
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
    # "38.6% top rate for 2002": a percentage just before the label is its first value
    lead = re.search(r"\d+(?:\.\d+)?\s*(?:%|percent|per\s*cent)\s*$", text[: m.start()], re.I)
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
    tokens = _rate_tokens(clause)
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


_ORDINARY_RATE = re.compile(
    r"\b(?:ordinary|marginal)\s+(?:income\s+)?(?:tax\s+)?(?:rate|bracket)\s+(?:is\s+|of\s+|=\s*|:\s*|at\s+|being\s+|"
    r"was\s+|will\s+be\s+)?"
    + _PCT_VALUE
    + r"|(?P<pct2>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:ordinary\s+|marginal\s+)?(?:income\s+)?(?:tax\s+)?"
    r"(?:rate\s+)?bracket\b|(?P<pct3>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:ordinary|marginal)\s+(?:income\s+)?(?:tax\s+)?rate\b|"
    r"\b(?:my|our)\s+(?:own\s+)?(?P<pct4>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:income\s+)?(?:tax\s+)?rate\b",
    re.I,
)
_PFIC_PRECEDING_YEAR = re.compile(
    r"\bpfic\b[^.;?]{0,30}?(?:\b(?:in|for|during)\s+the\s+(?:preceding|prior|previous)\s+(?:taxable\s+)?year|"
    r"\bthe\s+(?:taxable\s+)?year\s+before|\blast\s+year)\b",
    re.I,
)


def parse_ordinary_rate(text: str) -> Decimal | None:
    """The holder's own ordinary income-tax rate, as a fraction ("my ordinary rate is 35%", "the 28% bracket",
    "at my 28% rate")."""
    m = _ORDINARY_RATE.search(text)
    if m is None:
        return None
    raw = m.group("pct") or m.group("pct2") or m.group("pct3") or m.group("pct4")
    return Decimal(raw) / 100


def parse_year_list(raw: str) -> list[int]:
    """ "2003, 2004 and 2005" → [2003, 2004, 2005]; "2002 to 2004" / "2002-2004" → every year in the range."""
    years: list[int] = []
    tokens = re.split(r"\s*(,\s*and|,|and|&|through|thru|to|until|-|–)\s*", raw.strip())
    pending_range = False
    for token in tokens:
        low = token.lower()
        if low in {"through", "thru", "to", "until", "-", "–"}:
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


def _nearest_cue(before: str, cue: re.Pattern[str], rival: re.Pattern[str]) -> bool:
    """Whether ``cue`` names the amount that follows ``before`` and no later ``rival`` cue does."""
    own = [start for start in range(len(before)) if cue.match(before, start)]
    if not own:
        return False
    rivals = [start for start in range(len(before)) if rival.match(before, start)]
    return not rivals or max(own) > max(rivals)


def extract_facts(text: str) -> ExtractedText:
    """All calculator facts one message states, keyed by the calculator's input names where they exist."""
    facts: dict[str, Any] = {}
    fx = parse_fx(text)
    all_fx = parse_fx_all(text)
    masked = [(rate.start, rate.end) for rate in all_fx]
    if fx is not None:
        masked.append((fx.start, fx.end))
    date_mentions = parse_dates(text)
    money = parse_money(text, masked + [(d.start, d.end) for d in date_mentions])
    dates = assign_date_roles(text, date_mentions)

    conversion = conversion_rate(text, all_fx)
    if conversion is not None:
        facts["jpy_per_usd_conversion"] = conversion.jpy_per_usd
        if fx is not None and (fx.start, fx.end) == (conversion.start, conversion.end):
            fx = next(rate for rate in all_fx if rate is not conversion)
    if fx is not None:
        facts["jpy_per_usd"] = fx.jpy_per_usd
        if fx.inverted_from is not None:
            facts["fx_inverted_from"] = fx.inverted_from

    for money_item in money:
        before = text[max(0, money_item.start - 60) : money_item.start]
        after = text[money_item.end : money_item.end + 30]
        gain = _GAIN_AFTER.search(after) or _GAIN_BEFORE.search(before)
        if money_item.currency == "USD" and gain is not None:
            sign = -1 if gain.group("kind").lower() == "loss" else 1
            facts["gain_usd"] = sign * money_item.value
            continue
        verb = _PROFIT_VERB_BEFORE.search(before)
        if (
            money_item.currency == "USD"
            and verb is not None
            and (_SALE_CONTEXT_AFTER.search(after) or _SALE_WORD.search(before))
        ):
            sign = -1 if verb.group("verb").lower().startswith("los") else 1
            facts["gain_usd"] = sign * money_item.value
            continue
        long_after = text[money_item.end : money_item.end + 60]
        if money_item.currency == "USD" and (_EP_AFTER.search(long_after) or _EP_BEFORE.search(before)):
            facts["earnings_and_profits_usd"] = money_item.value
            continue
        if money_item.currency == "USD" and (
            _DISTRIBUTION_AFTER.search(after) or _DISTRIBUTION_BEFORE.search(before)
        ):
            facts["distribution_usd"] = money_item.value
            facts.setdefault("usd_amounts", []).append(money_item.value)
            continue
        if money_item.currency == "JPY":
            if _PER_SHARE_AFTER.search(after):
                facts["dividend_per_share_jpy"] = money_item.value
            elif _WITHHELD_AFTER.search(after) or _WITHHELD_BEFORE.search(before):
                facts["actually_withheld_jpy"] = money_item.value
            elif _REALIZED_BEFORE.search(before):
                facts["amount_realized_jpy"] = money_item.value
            elif "gross_dividend_jpy" not in facts:
                facts["gross_dividend_jpy"] = money_item.value
        elif _BASIS_AFTER.match(after) or _nearest_cue(before, _BASIS_BEFORE, _REALIZED_BEFORE):
            facts["basis_usd"] = money_item.value
        elif _REALIZED_BEFORE.search(before):
            facts["amount_realized_usd"] = money_item.value
        else:
            facts.setdefault("usd_amounts", []).append(money_item.value)
    shares = _SHARES.search(text)
    if shares and "dividend_per_share_jpy" in facts:
        count = _scaled(shares)
        if count is not None:
            facts["shares"] = count
            if shares.group("kind").lower() != "shares":
                facts["shares_are_ads"] = True

    for role, mention in dates:
        if role is None and labels_a_percentage(text, mention):
            continue  # "10% for 2003": the year names the year a rate belongs to, not an event
        key = f"{role}_date" if role else "unassigned_date"
        if role == "since":
            key = "since_date"
        facts.setdefault(key, mention.fact)

    withheld_rate = _WITHHELD_RATE.search(text)
    if withheld_rate is not None:
        rate = to_decimal(withheld_rate.group("num") or withheld_rate.group("num2"))
        if rate is not None:
            facts["withheld_rate"] = rate / 100
    for key, label in (("top_rates", _TOP_RATE_LABEL), ("interest_factors", _INTEREST_FACTOR_LABEL)):
        per_year = parse_rates_by_year(text, label)
        if per_year is not None:
            facts[key] = per_year
    ordinary = parse_ordinary_rate(text)
    if ordinary is not None:
        facts["ordinary_rate"] = ordinary
    held_years = _HELD_YEARS.search(text)
    if held_years is not None:
        facts["held_years"] = parse_year_list(held_years.group("years"))
    pfic_years = _PFIC_YEARS.search(text)
    if pfic_years is not None:
        facts["pfic_years"] = parse_year_list(pfic_years.group("years") or pfic_years.group("years2"))

    residence = parse_residence(text)
    if residence is not None:
        facts["residence"] = residence.country
        facts["residence_kind"] = residence.kind
    treaty = parse_treaty_with_japan(text)
    if treaty is not None:
        facts["treaty_with_japan"] = treaty
    pe = parse_has_japan_pe(text)
    if pe is not None:
        facts["has_japan_pe"] = pe

    holder = parse_holder(text)
    if holder.holder_type is not None:
        facts["holder_type"] = holder.holder_type
    if holder.special_class is not None:
        facts["special_class"] = holder.special_class
    if holder.is_llc:
        facts["is_llc"] = True

    ownership = parse_voting_pct(text)
    if ownership is not None:
        facts["voting_pct"] = ownership.voting_pct
        if ownership.note:
            facts["voting_pct_note"] = ownership.note

    duration = parse_duration(text)
    twelve = twelve_month_fact(duration, text)
    if twelve is not None:
        facts["held_over_50pct_12m"] = twelve
    holding = holding_period_fact(duration, text)
    if holding is not None:
        facts["holding_period_met"] = holding

    filing_unknown = form_filing_unknown(text)
    if filing_unknown:
        facts["unknown_facts"] = ("advance_form_filed",)  # said not to be known: both branches are answered
    for key, value in (
        ("advance_form_filed", parse_form_filed(text, filing_unknown)),
        ("pension_dividends_from_business", parse_pension_business(text)),
        ("additional_requirements_met", parse_additional_requirements(text)),
        ("sale_location", parse_sale_location(text)),
    ):
        if value is not None:
            facts[key] = value
    if _MTM_TOPIC.search(text):
        mtm = parse_mark_to_market(text, [(d.start, d.end) for d in date_mentions])
        if mtm.values or mtm.basis is not None or mtm.sale is not None or mtm.unclear:
            facts["mtm"] = mtm
    if re.search(r"\bads\b|\badss\b|\badrs?\b|\bamerican\s+depositary", text, re.I):
        facts["is_ads"] = True
    if re.search(
        r"\bunder\s+the\s+(?:new\s+|2003\s+|current\s+)?treaty\b|\bnew\s+treaty\b|"
        r"\btreaty\s+(?:rate|w/h|withholding|wht)\b",
        text,
        re.I,
    ) and not re.search(r"prior\s+treaty|old\s+treaty|1971", text, re.I):
        facts["regime_hint"] = "treaty"
    elif re.search(r"\b(?:under\s+the\s+)?(?:prior|old|1971|previous)\s+treaty\b", text, re.I):
        facts["regime_hint"] = "prior"
    if _PFIC_PRECEDING_YEAR.search(text):
        facts["pfic_preceding"] = True
    elif re.search(r"\bnot\s+a\s+pfic\b|\bisn't\s+a\s+pfic\b|\bis\s+not\s+a\s+pfic\b", text, re.I):
        facts["pfic"] = False
    elif re.search(
        r"\b(?:is|was|were|being|treated\s+as)\s+a\s+pfic\b|\bif\s+iij\s+is\s+a\s+pfic\b", text, re.I
    ):
        facts["pfic"] = True
    return ExtractedText(facts, money, dates, fx)


# ---------------------------------------------------------------------------------------------------- two cases in one question

_HOLDER_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("individual", re.compile(r"\b(?:individuals?|indiv|individ|natural\s+person|retiree)\b", re.I)),
    ("pension_fund", re.compile(r"\bpension\s+(?:fund|plan)s?\b|\bretirement\s+(?:fund|plan)s?\b", re.I)),
    (
        "corporation",
        re.compile(
            r"\b(?:corp|corps|corporation|corporations|company|companies|inc|ltd|firm|parent|subsidiary|"
            r"c[- ]?corp)\b",
            re.I,
        ),
    ),
)
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


def _case_mentions(text: str) -> list[tuple[str, Any, int, int]]:
    """Facts that tell one case from another, each with its kind and position: holder, stake, date, amount."""
    out: list[tuple[str, Any, int, int]] = []
    for value, pattern in _HOLDER_NOUNS:
        out += [("holder", value, m.start(), m.end()) for m in pattern.finditer(text)]
    out += [("stake", ownership.voting_pct, start, end) for ownership, start, end in stake_mentions(text)]
    out += _country_mentions(text)
    previous_role: DateRole | None = None
    previous_end = 0
    for stated_role, mention in assign_date_roles(text, parse_dates(text)):
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
    rates = [(rate.start, rate.end) for rate in parse_fx_all(text)]
    for money in parse_money(text, rates):
        if money.currency == "JPY" and not (
            _PER_SHARE_AFTER.search(text[money.end : money.end + 30])
            or _WITHHELD_AFTER.search(text[money.end : money.end + 30])
            or _WITHHELD_BEFORE.search(text[max(0, money.start - 60) : money.start])
        ):
            out.append(("yen", money.value, money.start, money.end))
    return sorted(out, key=lambda mention: mention[2])


_NOT_RESIDENCE_AFTER = re.compile(
    r"\s*(?:federal\s+)?(?:income\s+)?(?:tax|taxes|dollars?|return|purposes|rules|law|sources?|exchanges?)\b",
    re.I,
)


def _country_mentions(text: str) -> list[tuple[str, Any, int, int]]:
    """Countries named as where a holder lives ("a US corp", "my wife, a German resident"), not "US tax"."""
    found = [
        ("country", country, m.start(), m.end())
        for country, _, m in _country_matches(text)
        if not _NOT_RESIDENCE_AFTER.match(text[m.end() :])
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


def two_cases(text: str) -> TwoCases | None:
    """The two cases of a question that states one fact twice, joined as alternatives; ``None`` for one case.

    "w/h for a US individual w/ 3%, and for a US corp w/ 12%?" → the same question for each holder; "gain if I
    sell on 2004-01-15 vs 2004-03-01" → for each date; "…? and if I'd sold on 11-20?" → a follow-up.
    """
    mentions = _case_mentions(text)
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


DATE_KEYS = (
    "payment_date",
    "entitlement_date",
    "ex_dividend_date",
    "acquisition_date",
    "disposition_date",
    "since_date",
    "fiscal_year_end_date",
    "unassigned_date",
)


_PER_YEAR_KEYS = frozenset({"top_rates", "interest_factors"})


def merge_facts(older: Mapping[str, Any], newer: Mapping[str, Any]) -> dict[str, Any]:
    """Carry facts forward: newer values win; a day without a year takes the year of the older same-role date."""
    merged = dict(older)
    for key, new_value in newer.items():
        value = new_value
        if isinstance(value, DateFact) and value.kind == "day_no_year":
            previous = older.get(key)
            if isinstance(previous, DateFact) and previous.year is not None:
                value = value.with_year(previous.year)
            else:
                years = [v.year for v in older.values() if isinstance(v, DateFact) and v.year is not None]
                if years:
                    value = value.with_year(years[0])
        if key == "unassigned_date" and isinstance(value, DateFact):
            # a bare date in a follow-up replaces the date the conversation already has
            for role_key in ("payment_date", "ex_dividend_date", "disposition_date"):
                if role_key in merged:
                    merged[role_key] = value
                    break
            else:
                merged[key] = value
            continue
        if isinstance(value, MarkToMarket) and isinstance(merged.get(key), MarkToMarket):
            value = value.fill_from(merged[key])
        if key in _PER_YEAR_KEYS and isinstance(value, dict) and isinstance(merged.get(key), dict):
            value = {**merged[key], **value}  # "and 35% for 2003": one more year's rate
        merged[key] = value
    for unknown in newer.get("unknown_facts", ()):
        merged.pop(unknown, None)  # "actually I'm not sure the form was filed" takes back an earlier answer
    if "residence" in newer and "residence_kind" not in newer:
        merged.pop("residence_kind", None)
    if (
        newer.get("residence_kind") != "UNLISTED"
        and "residence" in newer
        and "treaty_with_japan" not in newer
    ):
        merged.pop("treaty_with_japan", None)
    return merged


# ---------------------------------------------------------------------------------------------------- replies

# What an assistant's question asks for, by the words any phrasing of it uses.
_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("held_over_50pct_12m", re.compile(r"\b(?:twelve|12)\s+months\b", re.I)),
    (
        "voting_pct",
        re.compile(
            r"\b(?:percent\w*|what\s+share|how\s+much\s+of|how\s+large\s+a\s+(?:stake|share))\b.{0,60}\b"
            r"(?:voting|shares|stock|iij)\b|\bvoting\s+(?:shares|stock)\b.{0,40}\b(?:own|hold)\b|\bstake\b",
            re.I,
        ),
    ),
    ("pension_dividends_from_business", re.compile(r"\bbusiness\b", re.I)),
    ("residence", re.compile(r"\bresident\b|\bwhich\s+country\b|\bwhere\s+(?:is|are|do|does)\b", re.I)),
    (
        "holder_type",
        re.compile(
            r"\bindividual\b.{0,40}\b(?:corporation|company)\b|\b(?:corporation|company)\b.{0,40}\bindividual\b",
            re.I,
        ),
    ),
    (
        "payment_date",
        re.compile(
            r"\b(?:what|which)\s+date\b.{0,40}\bpaid\b|\bwhen\s+(?:was|is|will)\b.{0,40}\bpaid\b|\bpayment\s+date\b",
            re.I,
        ),
    ),
    (
        "jpy_per_usd",
        re.compile(r"\b(?:spot|exchange)\s+rate\b|\byen\s*/\s*dollar\b|\byen\s+per\s+dollar\b", re.I),
    ),
    ("holding_period_met", re.compile(r"\b60\s+days\b|\bholding\s+period\b", re.I)),
    ("treaty_with_japan", re.compile(r"\btreaty\s+with\s+japan\b", re.I)),
    ("top_rates", re.compile(r"\b(?:highest|top)\s+(?:marginal\s+)?(?:tax\s+)?rates?\b", re.I)),
    (
        "mtm_values",
        re.compile(
            r"\bfair\s+market\s+values?\b.{0,60}\b(?:year[- ]?ends?|end\s+of\s+(?:each|every|the))\b|"
            r"\byear[- ]end\s+values?",
            re.I,
        ),
    ),
    ("basis_usd", re.compile(r"\b(?:initial|tax|adjusted)\s+basis\b", re.I)),
)
_BOOLEAN_ANSWERS = frozenset(
    {"held_over_50pct_12m", "pension_dividends_from_business", "holding_period_met", "treaty_with_japan"}
)
_YES = re.compile(
    r"^\s*(?:yes|yep|yeah|yup|correct|right|sure|it\s+(?:has|does|is|did)|they\s+(?:are|do|have)|"
    r"we\s+(?:have|do|did|are)|i\s+(?:have|do|did))\b(?!\s*(?:not|n't))",
    re.I,
)
_NO = re.compile(
    r"^\s*(?:no|nope|not|never|it\s+(?:hasn't|doesn't|isn't|didn't|has\s+not|does\s+not|is\s+not)|"
    r"they\s+(?:aren't|don't|are\s+not|do\s+not)|we\s+(?:haven't|don't|didn't|have\s+not)|i\s+(?:haven't|didn't))\b",
    re.I,
)


def asked_facts(assistant_text: str) -> list[str]:
    """The facts an assistant's question asks for ("What percentage of IIJ's voting shares …?" → voting_pct)."""
    questions = " ".join(re.findall(r"[^.?!]*\?", assistant_text))
    return [name for name, pattern in _ASKED if pattern.search(questions)] if questions else []


def _years_asked(assistant_text: str, pattern: re.Pattern[str]) -> list[int]:
    """The years an assistant's question names ("the highest tax rate in effect for 2002 and 2003?")."""
    for question in re.findall(r"[^.?!]*\?", assistant_text):
        if pattern.search(question):
            return [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", question)]
    return []


def reply_facts(reply: str, asked: list[str], assistant_text: str = "") -> dict[str, Any]:
    """Facts a reply states when read as the answer to the question just asked ("about 8%", "yes", "105").

    ``assistant_text`` is that question: a bare list of rates ("38.6% and 35%") belongs to the years it names.
    """
    facts: dict[str, Any] = {}
    for name in asked:
        if name == "voting_pct":
            ownership = parse_voting_pct(reply, answers_stake_question=True)
            if ownership is not None:
                facts["voting_pct"] = ownership.voting_pct
                if ownership.note:
                    facts["voting_pct_note"] = ownership.note
        elif name in _BOOLEAN_ANSWERS and (_YES.search(reply) or _NO.search(reply)):
            facts[name] = _YES.search(reply) is not None
        elif name == "top_rates":
            rates = parse_rates_by_year(reply, r"^")
            years = _years_asked(assistant_text, dict(_ASKED)["top_rates"])
            if isinstance(rates, tuple) and years:
                pairs = spread_over(years, rates)
                rates = dict(pairs) if pairs is not None else None
            if rates is not None:
                facts["top_rates"] = rates
        elif name == "mtm_values":
            mtm = parse_mark_to_market(reply, unlabelled="value")
            if mtm.values or mtm.unclear:
                facts["mtm"] = mtm
        elif name == "basis_usd":
            value = _bare_number(reply, _BARE_USD)
            if value is not None:
                facts["basis_usd"] = value
        elif name == "jpy_per_usd":
            value = _bare_number(reply, _BARE_YEN)
            if value is not None and value > 0:
                facts["jpy_per_usd"] = value if value >= 1 else invert_rate(value)
    return facts
