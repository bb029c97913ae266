"""Exchange rates, normalised to yen per dollar; the one the yen were converted at."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from service.qa.readers.features import Needs, features
from service.qa.readers.numbers import NUM, overlaps, to_decimal


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
# the moment a rate was taken, said after it: " at inclusion", " when I converted", " on the payment date"
_MOMENT = (
    r"\s+(?:at|on|upon|when|for)\s+(?:the\s+)?(?:time\s+of\s+)?(?:i\s+|we\s+|it\s+was\s+|they\s+were\s+)?"
)
_FX_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "USD/JPY 108.50", "usdjpy at 110"
    (
        "auto",
        re.compile(
            r"(?:usd\s*[/:]\s*jpy|usd-?jpy|\$\s*/\s*¥|dollar[- /]yen)\b[^\d%.;?!$¥]{0,30}?(?:¥\s*)?"  # "USD/JPY that day was"
            + _N
            + r"(?!\s*(?:%|percent|per\s*cent))",
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
            r"(?:\$\s*1|\b1\s*(?:us\s*)?(?:usd|dollars?))\s*(?:=|≈|~|is|equals|buys|got|gets|:|to)\s*(?:¥|jpy\s*)?"
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
            + r"\s*(?:usd|dollars?|\$)?\s*(?:per|/|for\s+(?:one|1|each|a))\s*(?:yen\b|jpy\b|¥)",
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
            # "110 yen = 1 dollar", "110 yen equals one US dollar" too
            + r"\s*(?:yen|jpy)\s*(?:per|/|to\s+(?:the|a|one|1)|(?:=|equals?|buys?|gets?|for)(?:\s*(?:1|one|a)\b)?|a)"
            r"\s*(?:us\s*)?(?:\$|dollars?\b|usd\b)",
            re.I,
        ),
    ),
    # "exchange rate 110", "spot rate of 0.0092", "converted at 108.5"
    (
        "auto",
        re.compile(
            r"(?:exchange\s+rate|fx\s+rate|\bfx|spot\s+rate|\bspot|conversion\s+rate|converted\s+at|translated\s+at|yen\s+rate|dollar\s+rate)"
            # "spot at inclusion 108.50", "spot rate on the payment date: 110"
            r"(?:\s+(?:at|on|upon|for)\s+(?:the\s+)?(?:inclusion|receipt|payment|conversion|pay(?:ment)?\s+date|"
            r"ex[- ]date)(?:\s+date)?)?\s*(?:was|is|of|at|=|:)?\s*(?:(?:still|again|also|then)\s+(?:at\s+)?)?(?:¥\s*)?"
            + _N
            + r"(?!\s*(?:%|percent|\d))",
            re.I,
        ),
    ),
    # said the way traders say it, read only in the range a yen/dollar rate can take (see _fx_match):
    # "the rate was 108", "108 to the dollar", "the dollar was at 108 yen", "the yen stood at 110"
    (
        "bare",
        re.compile(
            # "rate 108.50" with no verb too: the range check keeps tax rates and years out
            r"\brate\s+(?:that\s+day\s+|on\s+that\s+day\s+|then\s+|at\s+the\s+time\s+)?(?:(?:was|is|of|at|=|:|"
            r"stood\s+at|came\s+to)\s*)?(?:about\s+|around\s+|roughly\s+)?(?:¥\s*)?"
            + _N
            + r"(?!\s*(?:%|percent|per\s*cent|\d))",
            re.I,
        ),
    ),
    (
        "bare",
        re.compile(
            r"(?<![\w.,$¥])"
            + _N
            + r"\s*(?:to|per|a)\s+(?:the\s+|a\s+|one\s+|1\s+)?(?:us\s*)?(?:dollar|usd|buck)\b",
            re.I,
        ),
    ),
    (
        "bare",
        re.compile(
            r"\b(?:dollar|usd|greenback)\s+(?:was|is|stood|traded|trading|bought|fetched|worth)\s+(?:at\s+|worth\s+)?"
            r"(?:about\s+|around\s+)?(?:¥\s*)?" + _N + r"(?!\s*(?:%|percent|\d))",
            re.I,
        ),
    ),
    (
        "bare",
        re.compile(
            r"\byen\s+(?:was|is|stood|traded|trading)\s+at\s+(?:¥\s*)?" + _N + r"(?!\s*(?:%|percent|\d))",
            re.I,
        ),
    ),
    # "I converted it when it was 105", "by then it had fallen to 104"
    (
        "bare",
        re.compile(
            r"\bit\s+(?:was|stood\s+at|had\s+(?:gone|moved|fallen|risen|dropped|climbed)\s+to|"
            r"(?:went|moved|fell|rose|dropped|climbed)\s+to)\s+(?:about\s+|around\s+)?(?:¥\s*)?"
            + _N
            + r"(?!\s*(?:%|percent|per\s*cent|\d|/|-(?!\s)|days?|months?|years?|shares?|ads|yen\s+per\s+share|k\b|m\b))",
            re.I,
        ),
    ),
    # "at the same 107 rate", "a 104 spot rate": the figure set between an article and the word "rate"
    (
        "bare",
        re.compile(
            r"\b(?:the|a|an|that)\s+(?:(?:same|identical|exact|very)\s+)*(?:¥\s*)?"
            + _N
            + r"\s*(?:yen\s+)?(?:exchange\s+|fx\s+|spot\s+|conversion\s+)?rate\b",
            re.I,
        ),
    ),
    # "spot when received: 111.45", "fx on the day I converted = 109.9": a rate named by the moment it was taken
    (
        "bare",
        re.compile(
            r"\b(?:spot(?:\s+rate)?|exchange\s+rate|fx(?:\s+rate)?|rate)\s+(?:when|on|at|upon|as\s+of|for)\b"
            r"[^\d%;?!.,$¥]{1,30}?(?:[:=]\s*|\s(?:was|is|of|at)\s+|\s)(?:¥\s*)?"
            + _N
            + r"(?!\s*(?:%|percent|per\s*cent|\d|/|-(?!\s)|days?|months?|years?|shares?|k\b|m\b|million|thousand))",
            re.I,
        ),
    ),
    # "105.5 at inclusion, 107.25 at conversion", "108.2 at payment", "110.6 when I exchanged": a figure followed by
    # the moment it was the rate at
    # (the payment or receipt names a rate only for a figure with decimals: "sold 100 on payment date" is a count)
    (
        "bare",
        re.compile(
            r"(?<![\w.,$¥])(?<![$¥]\s)(?<!(?:sold|held|have|owns|hold|sell)\s)(?<!bought\s)(?<!owned\s)"
            r"(?:" + _N + r"(?=" + _MOMENT + r"(?:inclu\w*|conver\w*|exchang\w*|swap\w*|recogni[sz]\w*))|"
            r"(?P<dec>\d+\.\d+)(?=" + _MOMENT + r"(?:receipt|received|payment|paid)))",
            re.I,
        ),
    ),
    # "105.25/$", "108 / USD": yen per dollar written with the dollar sign alone after the slash
    (
        "bare",
        re.compile(r"(?<![\w.,$¥])" + _N + r"\s*/\s*(?:\$|usd\b|us\$)", re.I),
    ),
    # "104 on both dates", "105 for both", "108 each time": one figure said for inclusion and conversion alike
    (
        "bare",
        re.compile(
            # (not a count held or traded: "bought 100 each time")
            r"(?<![\w.,$¥])(?<!(?:sold|held|have|owns|hold|sell)\s)(?<!bought\s)(?<!owned\s)(?<!buy\s)(?:¥\s*)?"
            + _N
            + r"\s*(?:yen\s+)?(?:(?:for|on|at|in)\s+)?(?:both(?:\s+(?:times|dates|days|ends|steps|legs|cases))?|each\s+time)\b",
            re.I,
        ),
    ),
    # "at the same rate it was included at, 106", "same spot rate: ¥107"
    (
        "bare",
        re.compile(
            r"\bsame\s+(?:exchange\s+|fx\s+|spot\s+)?rate\b[^.;?!\d¥$]{0,30}?(?:¥\s*)?"
            + _N
            + r"(?!\s*(?:%|percent|per\s*cent|\d|/|-(?!\s)|days?|months?|years?|shares?|k\b|m\b|million|thousand))",
            re.I,
        ),
    ),
    # bare "at 110" / "at ¥110"
    (
        "bare",
        re.compile(
            r"\bat\s+(?:an?\s+)?(?:rate\s+of\s+)?(?:¥\s*)?"
            + _N
            + r"(?!\s*(?:%|percent|per\s*cent|\d|/|-(?!\s)|days?|months?|years?|shares?|ads|yen\s+per\s+share|k\b|m\b|million|thousand))",
            re.I,
        ),
    ),
)


_DOLLAR = ("$", "usd", "dollar")
_YEN = ("¥", "yen", "jpy")
# What every match of each of _FX_PATTERNS holds, in the same order (all hold a digit): a message without it is not
# matched against that pattern.
_FX_NEEDS: tuple[Needs, ...] = (
    Needs((_DOLLAR, _YEN)),  # "USD/JPY 108.50"
    Needs((_YEN, _DOLLAR)),  # "JPY/USD 0.0092"
    Needs((_DOLLAR, ("1",))),  # "$1 = ¥110"
    Needs((_YEN, ("1",))),  # "1 yen = $0.0092"
    Needs((_YEN, ("per", "/", "for"))),  # "$0.0092 per yen"
    Needs((("¥", "jpy"), _DOLLAR)),  # "¥110/$"
    Needs((("yen", "jpy"), _DOLLAR)),  # "110 yen per dollar"
    Needs((("exchange", "fx", "spot", "conversion", "converted", "translated", "yen", "dollar"),)),
    Needs((("rate",),)),  # "the rate was 108"
    Needs((("dollar", "usd", "buck"),)),  # "108 to the dollar"
    Needs((("dollar", "usd", "greenback"),)),  # "the dollar was at 108"
    Needs((("yen",),)),  # "the yen stood at 110"
    Needs(words=frozenset({"it"})),  # "it was 105"
    Needs((("rate",),)),  # "a 104 spot rate"
    Needs((("spot", "rate", "fx"),)),  # "spot when received: 111.45"
    Needs((("inclu", "conver", "exchang", "swap", "recogni", "receipt", "received", "payment", "paid"),)),
    Needs((("/",), ("$", "usd"))),  # "105.25/$"
    Needs((("both", "each"),)),  # "104 on both dates"
    Needs((("same",), ("rate",))),  # "same spot rate: ¥107"
    Needs(words=frozenset({"at"})),  # "at 110"
)


# A quote convention said once ("my broker quotes in dollars per yen"): then a bare small decimal is such a quote.
_DECLARED_INVERSE = re.compile(
    r"(?:dollars?|usd|\$)\s*(?:per|/|for\s+(?:one|1|each|a))\s*(?:yen|jpy|¥)", re.I
)
_SMALL_DECIMAL = re.compile(r"(?<![\w.,$¥])(?P<num>0\.\d{2,8})(?![\d%])")


def _declared_quotes(text: str, found: list[FxRate]) -> list[FxRate]:
    """Bare dollars-per-yen figures ("0.0092 on the day …") when the text says that is how it quotes rates."""
    if not _DECLARED_INVERSE.search(text):
        return []
    quotes = []
    for m in _SMALL_DECIMAL.finditer(text):
        value = to_decimal(m.group("num"))
        taken = [(r.start, r.end) for r in found]
        if value is not None and Decimal(0) < value < Decimal("0.05") and not overlaps(m.span(), taken):
            quotes.append(FxRate(invert_rate(value), value, m.start(), m.end()))
    return quotes


def _fx_match(kind: str, m: re.Match[str]) -> FxRate | None:
    value = to_decimal(m.group("num") or m.groupdict().get("dec") or "")
    if value is None or value <= 0:
        return None
    if kind == "bare" and not (Decimal(50) <= value <= Decimal(400) or value < Decimal("0.05")):
        return None
    if kind == "inverse" or (kind in {"auto", "bare"} and value < 1):
        return FxRate(invert_rate(value), value, m.start(), m.end())
    return FxRate(value, None, m.start(), m.end())


def parse_fx(text: str) -> FxRate | None:
    """The first exchange rate stated, normalised to yen per dollar (dollars-per-yen figures are inverted)."""
    # the first rate the patterns give (in their order) is the first of _pattern_rates: nothing is taken before it
    found = _pattern_rates(text)
    if found:
        return found[0]
    quotes = _declared_quotes(text, [])
    return quotes[0] if quotes else None


# A second figure joined to a stated rate ("USD/JPY was 110 when included and 105 when converted"): a rate too,
# in the range a yen/dollar rate can take
_JOINED = re.compile(
    r"(?:\s+(?:when|on|at|upon|as)\b[^.;,?!\d¥$]{0,40}?)?\s*,?\s*(?:and|then|but|later|vs\.?|versus)\s+(?P<lead>(?:it\s+was|at|was)\s+)?(?:¥\s*)?"
    + _N
    + r"(?!\s*(?:%|percent|per\s*cent|\d|/|-(?!\s)|days?|months?|years?|shares?|ads|k\b|m\b|million|thousand))",
    re.I,
)
# The role the second figure plays, said after it ("and 105 when converted", "and 100 on conversion"): without it
# or a lead ("and at 105", "and it was 105"), "and 100 of them were sold" is a count, not a rate
_JOINED_ROLE = re.compile(
    r"\s*(?:when|on|at|upon|as|for|after|by)\b[^.;,?!\d]{0,25}?"
    r"\b(?:includ|convert|exchang|receiv|paid|pay|sold|sell|swap|switch|chang|cash|turn|mov|transfer|wir|repatri|conversion|inclusion|sale|deposit|receipt)",
    re.I,
)


def parse_fx_all(text: str) -> list[FxRate]:
    """Every exchange rate stated (non-overlapping, most specific pattern first), in text order."""
    return list(_rates(text))


# Memoised on the text: one message is read by several readers (the facts, the two-cases split, the inputs),
# and the result is immutable (a tuple of frozen mentions); each caller gets a list of its own.
@lru_cache(maxsize=256)
def _pattern_rates(text: str) -> tuple[FxRate, ...]:
    """The rates the patterns state, non-overlapping, in pattern order (most specific first), each pattern's in
    text order; read once per text for parse_fx and parse_fx_all."""
    held = features(text)
    found: list[FxRate] = []
    for (kind, pattern), needs in zip(_FX_PATTERNS, _FX_NEEDS, strict=True):
        if not needs.met(held):
            continue
        for m in pattern.finditer(text):
            if overlaps(m.span(), [(r.start, r.end) for r in found]):
                continue
            rate = _fx_match(kind, m)
            if rate is not None:
                found.append(rate)
    return tuple(found)


@lru_cache(maxsize=256)
def _rates(text: str) -> tuple[FxRate, ...]:
    found: list[FxRate] = list(_pattern_rates(text))
    found.extend(_declared_quotes(text, found))
    for rate in sorted(found, key=lambda r: r.start):
        joined = _JOINED.match(text, rate.end)
        if joined is not None and not joined.group("lead") and not _JOINED_ROLE.match(text, joined.end()):
            joined = None
        if joined is not None and not overlaps(joined.span("num"), [(r.start, r.end) for r in found]):
            second = _fx_match("bare", joined)
            if second is not None:
                found.append(
                    FxRate(second.jpy_per_usd, second.inverted_from, joined.start("num"), joined.end())
                )
    return tuple(sorted(found, key=lambda r: r.start))


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
        start = max([max(0, rate.start - 40), *(r.end for r in rates if r.end <= rate.start)])
        if _CONVERSION_CUE.search(text[start : rate.start]) or re.match(
            r"(?:\s*(?:when|on)\s+)?\s*(?:at\s+)?conversion\b", text[rate.end : rate.end + 20], re.I
        ):
            return rate
    roles = [rate_role(text, rate) for rate in rates]
    # one rate said to be the conversion rate: the other of two is the inclusion rate, said or not
    if roles.count("conversion") == 1 and ("inclusion" in roles or len(rates) == 2):
        return rates[roles.index("conversion")]
    return None


_INCLUSION_WORD = r"inclu[ds]\w*|recogni[sz]\w*|received|receipt|paid|payment|booked|reported|accru\w*|income"
# "into dollars" / "to USD" said of the yen is their conversion ("got it into dollars at 112")
_CONVERSION_WORD = r"convert\w*|conversion|exchang\w*|changed|swapped|sold\s+the\s+yen|turned|(?:in)?to\s+(?:us\s*)?(?:dollars|usd)"
_ROLE_AFTER = re.compile(
    r"^[^.;?!]{0,25}?\b(?:when|on|at|upon|as)\s+(?:the\s+(?:day|date)\s+)?"
    r"(?:i\s+|we\s+|they\s+|it\s+was\s+|the\s+dividend\s+was\s+)?"
    rf"(?P<word>{_INCLUSION_WORD}|{_CONVERSION_WORD})",
    re.I,
)
_ROLE_BEFORE = re.compile(rf"\b(?P<word>{_INCLUSION_WORD}|{_CONVERSION_WORD})\b", re.I)


def rate_role(text: str, rate: FxRate) -> str | None:
    """Whether a rate is the one the dividend was included at ("inclusion") or converted at ("conversion"), by
    the nearest word that says so: after the rate in its clause ("0.0094 when I converted"), else the last before
    it in its sentence and after the rate before it ("converted ¥2m at 103.15 after including them at 106.80" gives
    each rate its own). A word inside the rate's own wording ("converted at 112.30") comes first."""
    within = _ROLE_BEFORE.search(
        text[rate.start : rate.end]
    )  # "converted at 112.30", "spot at inclusion 108.5"
    if within is not None:
        return _role_of(within.group("word"))
    after = _ROLE_AFTER.match(text[rate.end : rate.end + 45])
    if after is not None:
        return _role_of(after.group("word"))
    # the words before a rate since the rate before it: "inclusion spot 107, … the credit at 105" gives 105 none
    earlier = [r.end for r in _rates(text) if r.end <= rate.start]
    start = max([max(0, rate.start - 70), *earlier])
    before = re.split(r"[.;?!]\s", text[start : rate.start])[-1]
    words = list(_ROLE_BEFORE.finditer(before))
    return _role_of(words[-1].group("word")) if words else None


def _role_of(word: str) -> str:
    return "conversion" if re.match(_CONVERSION_WORD, word, re.I) else "inclusion"


# One rate said for both roles ("the same rate for both", "104 on both dates", "105 for both", "at 104, the rate
# it was included at", "the rate didn't change"): the yen were converted at the rate the dividend was included.
# A tax's rate said unchanged ("the withholding rate stayed the same", "same rate of tax") is no exchange rate.
_NOT_A_TAX = r"(?<!withholding\s)(?<!tax\s)(?<!treaty\s)(?<!dividend\s)(?<!interest\s)(?<!marginal\s)"
ONE_RATE_FOR_BOTH = re.compile(
    r"\bsame\s+(?:exchange\s+|fx\s+|spot\s+|conversion\s+)?rate\b(?!\s+of\s+(?:tax|withholding)\b)|"
    r"\b(?:both\s+times|for\s+both|on\s+both\s+(?:dates|days)|each\s+time|in\s+both\s+cases)\b|"
    r"\bboth\s+(?:at|@|were|are|=)\s*(?:¥\s*)?\d|"
    # "both when I included it and when I converted it", "on inclusion as well as on conversion"
    r"\bboth\s+(?:when|on|at|upon)\b[^.;?!]{0,80}?\band\s+(?:again\s+)?(?:when|on|at|upon)\b|"
    r"\b(?:when|on|at|upon)\s+(?:\w+\s+){0,5}?(?:inclu\w*|conver\w*)[^.;?!]{0,40}?\bas\s+well\s+as\s+(?:when|on|at|upon)\b|"
    # "on the day I included it and on the day I converted it too"
    r"\band\s+(?:also\s+|again\s+)?(?:when|on|at|upon)\b[^.;?!,]{0,50}?\b(?:too|as\s+well)(?=\s*[.;?!,]|\s*$)|"
    + _NOT_A_TAX
    + r"\brate\s+(?:was\s+|stayed\s+|remained\s+)?(?:unchanged|(?:the\s+)?same|constant|flat)\b|"
    + _NOT_A_TAX
    + r"\brate\s+(?:didn't|did\s+not|never)\s+(?:change|move)\b|\bunchanged\s+rate\b|"
    r"\bthe\s+(?:rate|spot)\s+(?:it|they|the\s+dividend)\s+(?:was|were)\s+included\b",
    re.I,
)


def one_rate_for_both(text: str, rates: list[FxRate]) -> FxRate | None:
    """The one rate stated when the text says the yen were converted and that the rate served both for inclusion
    and for conversion; ``None`` when two rates are stated or nothing says so."""
    if len(rates) != 1 or not ONE_RATE_FOR_BOTH.search(text):
        return None
    if not re.search(rf"\b(?:{_CONVERSION_WORD})", text, re.I):
        return None  # "for both accounts" with no conversion said is no conversion rate
    return rates[0]
