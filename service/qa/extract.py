"""Pure text extraction of calculator facts from plain-English questions (spec tax-rules.md §10).

Every function here is a pure function of its text: no I/O, no calculator calls. ``extract_facts`` gathers
all slots one message states; ``merge_facts`` carries facts forward through a conversation (newer wins).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

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
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
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
    if kind == "year":
        return DateFact("year", int(groups["y"]), None, None, raw)
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
        lead = re.match(r"since\b", mention.fact.raw, re.I)
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
    kind: Literal["US", "JP", "LISTED", "UNLISTED"]


def parse_residence(text: str) -> Residence | None:
    """The holder's country of residence ("US corp", "Texas", "German investor", "resident of Japan")."""
    if _JP_RESIDENT.search(text):
        return Residence("Japan", "JP")
    candidates: list[tuple[int, bool, Residence]] = []
    for m in _US_PATTERN.finditer(text):
        candidates.append((m.start(), False, Residence("United States", "US")))
    for m in _US_UPPER.finditer(text):
        candidates.append((m.start(), False, Residence("United States", "US")))
    for table, kind in ((_LISTED, "LISTED"), (_UNLISTED, "UNLISTED")):
        for country, pattern in table.items():
            for m in re.finditer(r"\b(?:" + pattern + r")\b", text, re.I):
                if kind == "LISTED" and country == "United Kingdom" and _in_new_england(text, m.start()):
                    continue
                candidates.append((m.start(), False, Residence(country, kind)))  # type: ignore[arg-type]
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


def parse_voting_pct(text: str, answers_stake_question: bool = False) -> Ownership | None:
    """Percentage of IIJ's voting shares held ("owning 60 percent", "30% stake", "holds 5% of IIJ").

    ``answers_stake_question``: the text replies to a question about the stake ("about 8%", "12"), so a
    percentage, or a bare number up to 100, needs no word such as "own" to be read as the stake.
    """
    if answers_stake_question and not _PCT.search(text):
        bare = re.fullmatch(
            r"\s*(?:(?:about|around|roughly|approx\w*|circa|~|exactly|just|only)\s*)?(?P<num>"
            + NUM
            + r")\s*[.!]?\s*",
            text,
            re.I,
        )
        value = to_decimal(bare.group("num")) if bare else None
        if value is not None and value <= 100:
            return Ownership(value)
    for m in _PCT.finditer(text):
        value = to_decimal(m.group("num"))
        if value is None:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 40]
        if _WITHHELD_PCT_AFTER.match(after):
            continue  # "10% Japanese tax withheld" is a withholding rate, not a stake
        if re.match(r"\s*(?:to|-|–|and)\s*\d", after) or re.search(r"\bbetween\s*$", before, re.I):
            return None  # a range such as "10% to 50%" names a table row, not the holder's stake
        bound = _BOUND.search(before)
        core_before = before[: bound.start()] if bound else before
        if not answers_stake_question:
            if _NOT_VOTING_BEFORE.search(core_before) and not _VOTING_AFTER.search(after):
                continue
            if not (_VOTING_BEFORE.search(core_before[-30:]) or _VOTING_AFTER.search(after)):
                continue
        if re.match(r"\s*or\s+more\b", after, re.I):
            return Ownership(value)
        if bound is None:
            return Ownership(value)
        op = bound.group("op").lower()
        if op in {"at least", "not less than"}:
            return Ownership(value)
        if op in {"less than", "under", "below", "fewer than", "just under"}:
            if value <= 10 and value >= 1:
                rep = value - 1
                return Ownership(rep, f"taking {rep}% for “{bound.group(0).strip()} {m.group(0)}”")
            return None
        if op == "up to":
            return None
        if value >= 50:
            rep = min(value + 1, Decimal(100))
            return Ownership(rep, f"taking {rep}% for “{bound.group(0).strip()} {m.group(0)}”")
        return None
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


def parse_form_filed(text: str) -> bool | None:
    """Whether the treaty application form was filed in advance (R-14): "filed the form", "w/o the form"."""
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
        r"\bfiled\s+in\s+advance\b|\bform\s+filed\b|\bfiled\s+(?:it|them)\b"
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
_REALIZED_BEFORE = re.compile(r"(?:sold|sell|proceeds|realized|realised|sale\s+price)\b[^.;$¥]{0,45}$", re.I)
_GAIN_AFTER = re.compile(
    r"^\s*(?:capital\s+|long[- ]term\s+|short[- ]term\s+)?(?P<kind>gain|profit|loss)\b", re.I
)
_GAIN_BEFORE = re.compile(
    r"(?P<kind>gain|profit|loss)\s+(?:of|was|is|=|:|came\s+to|amounts?\s+to)\s*(?:about\s+)?$", re.I
)
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
_YEAR_LIST = (
    r"(?P<years>(?:19|20)\d{2}(?:\s*(?:,\s*and|,|and|&|through|thru|to|until|-|–)\s*(?:19|20)\d{2})*)"
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
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TOP_RATE_LABEL = r"\b(?:top|highest)\s+(?:marginal\s+)?(?:tax\s+)?rates?\b"
_INTEREST_FACTOR_LABEL = r"\b(?:interest\s+(?:charge\s+)?)?factors?\b"
_PCT_FOR_YEAR = re.compile(
    _PCT_VALUE + r"\s*(?:for|in)\s+(?:the\s+)?(?:(?:tax(?:able)?\s+)?year\s+)?" + _YEAR + r"\b", re.I
)
_YEAR_THEN_PCT = re.compile(
    r"(?<![\d-])" + _YEAR + r"\s*(?::|=|-|–|is|was|of|at)?\s*(?:is\s+|was\s+)?" + _PCT_VALUE, re.I
)
_ORDINARY_RATE = re.compile(
    r"\b(?:ordinary|marginal)\s+(?:income\s+)?(?:tax\s+)?(?:rate|bracket)\s+(?:is\s+|of\s+|=\s*|:\s*|at\s+)?"
    + _PCT_VALUE
    + r"|(?P<pct2>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:ordinary\s+|marginal\s+)?(?:income\s+)?(?:tax\s+)?"
    r"(?:rate\s+)?bracket\b|(?P<pct3>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:ordinary|marginal)\s+(?:income\s+)?(?:tax\s+)?rate\b",
    re.I,
)
_PFIC_PRECEDING_YEAR = re.compile(
    r"\bpfic\b[^.;?]{0,30}?(?:\b(?:in|for|during)\s+the\s+(?:preceding|prior|previous)\s+(?:taxable\s+)?year|"
    r"\bthe\s+(?:taxable\s+)?year\s+before|\blast\s+year)\b",
    re.I,
)


def labels_a_percentage(text: str, mention: DateMention) -> bool:
    """Whether a year-only mention names the year a percentage belongs to ("10% for 2003", "2004 is 5%")."""
    if mention.fact.kind != "year":
        return False
    if re.search(r"(?:%|percent|per\s*cent)\s*$", text[: mention.start], re.I):
        return True
    return bool(re.match(r"\s*(?:is|was|=|:)\s*\d+(?:\.\d+)?\s*(?:%|percent)", text[mention.end :], re.I))


def parse_rates_by_year(text: str, label: str) -> dict[int, Decimal] | tuple[Decimal, ...] | None:
    """Percentages stated after ``label``, as fractions: by year ("factors of 10% for 2003 and 5% for 2004",
    "2003: 35%") or in year order ("interest factors 10% and 5%"; a single value stands for every year)."""
    m = re.search(label, text, re.I)
    if m is None:
        return None
    clause = re.split(r"[?;]|\.(?:\s|$)", text[m.end() :], maxsplit=1)[0]
    by_year: dict[int, Decimal] = {}
    for pattern in (_PCT_FOR_YEAR, _YEAR_THEN_PCT):
        for found in pattern.finditer(clause):
            by_year.setdefault(int(found.group("year")), Decimal(found.group("pct")) / 100)
    if by_year:
        return by_year
    run = re.match(
        r"\s*(?:of\s+|are\s+|is\s+|was\s+|were\s+|=\s*|:\s*)?((?:\d+(?:\.\d+)?\s*%[\s,/]*(?:and\s+)?)+)",
        clause,
        re.I,
    )
    if run is None:
        return None
    return tuple(Decimal(v) / 100 for v in re.findall(r"(\d+(?:\.\d+)?)\s*%", run.group(1)))


def parse_ordinary_rate(text: str) -> Decimal | None:
    """The holder's own ordinary income-tax rate, as a fraction ("my ordinary rate is 35%", "the 28% bracket")."""
    m = _ORDINARY_RATE.search(text)
    if m is None:
        return None
    raw = m.group("pct") or m.group("pct2") or m.group("pct3")
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
        elif _nearest_cue(before, _BASIS_BEFORE, _REALIZED_BEFORE):
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

    for key, value in (
        ("advance_form_filed", parse_form_filed(text)),
        ("pension_dividends_from_business", parse_pension_business(text)),
        ("additional_requirements_met", parse_additional_requirements(text)),
        ("sale_location", parse_sale_location(text)),
    ):
        if value is not None:
            facts[key] = value
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


def merge_facts(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
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
        merged[key] = value
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


def reply_facts(reply: str, asked: list[str]) -> dict[str, Any]:
    """Facts a reply states when read as the answer to the question just asked ("about 8%", "yes", "105")."""
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
        elif name == "jpy_per_usd":
            bare = re.fullmatch(
                r"\s*(?:about\s+|around\s+)?¥?\s*(?P<num>" + NUM + r")\s*(?:yen)?\s*[.!]?\s*", reply, re.I
            )
            value = to_decimal(bare.group("num")) if bare else None
            if value is not None and value > 0:
                facts["jpy_per_usd"] = value if value >= 1 else invert_rate(value)
    return facts
