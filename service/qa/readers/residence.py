"""Where the holder lives (US, Japan, a treaty country the report lists, another) and treaty status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile
from typing import Literal

from service.qa.places import PLACES_IN
from service.qa.readers.country_names import english_name, foreign_residence, iso_names
from service.qa.readers.features import Features, features

US_STATES = (
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

_US_NAMES = (
    r"\bu\.\s?s\.(?:\s?a\.?)?|\busa\b|\bunited\s+states\b|\bamerica\b|\bamerican\b|\bd\.c\.|"
    r"\bus\b(?=[\s-]*(?:corp|corporation|company|companies|holder|investor|individual|indiv|resident|person|"
    r"citizen|taxpayer|shareholder|pension|fund|based|entity|llc|trust|tax|federal|parent|subsidiary|"
    r"inc|partnership|charity|ira|retiree))|(?:\bthe|\bin|\bfrom)\s+us\b"
)
# a state or city, not in a name: "The Bank of New York" (the depositary), "the New York Stock Exchange"
_US_PLACES = (
    r"(?<!bank\sof\s)\b(?:" + "|".join(US_STATES + _US_CITIES) + r")\b(?!\s+(?:stock\s+exchange|mellon))"
)
_US_PATTERN = re.compile(_US_NAMES + "|" + _US_PLACES, re.I)
# The same without its last alternative, the places: identical matches in a text that names no place (an
# alternative that cannot match anywhere changes no match), at a ninth of the cost
_US_NAMES_ONLY = re.compile(_US_NAMES, re.I)
_US_PLACE_WORDS = frozenset(name.split("\\")[0] for name in US_STATES + _US_CITIES)
_US_UPPER = re.compile(r"\bUS\b")
# The whole words one of which every match of _US_PATTERN or _US_UPPER holds first ("u" of "u.s.", "d" of "d.c.",
# a state's or city's first word)
_US_WORDS = frozenset(["u", "usa", "united", "america", "american", "d", "us"]) | _US_PLACE_WORDS
# A state's postal code, written in capitals, where it says where the holder lives: before a holder or residence
# word ("an NJ resident", "TX-based", "WA individual") or after "in" / "from" ("a company in NY"). Codes that are
# also common capitalised words (IN, OR, ME, OK, HI, DE) count only before "resident" or "based".
_AMBIGUOUS_POSTAL = {"IN", "OR", "ME", "OK", "HI", "DE"}
_POSTAL = [
    code
    for code in (
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
        "OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
    ).split()
    if code not in _AMBIGUOUS_POSTAL
]
_US_POSTAL = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(_POSTAL)
    + r")(?=[\s-]*(?i:resident|residents|based|individual|investor|holder|"
    r"taxpayer|person|citizen|corp|corporation|company|firm|llc|inc|retiree|shareholder)\b)|"
    r"(?<![\w.])(?:" + "|".join(sorted(_AMBIGUOUS_POSTAL)) + r")(?=[\s-]*(?i:resident|residents|based)\b)|"
    r"(?i:\b(?:in|from|of)\s+)(?:" + "|".join(_POSTAL) + r")\b(?![\w$-]|\.\w)"
)

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


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a table entry ("(?:south\\s+)?korea|korean" → two)."""
    parts, depth, start, escaped = [], 0, 0, False
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


def _leading_words(pattern: str) -> tuple[str, ...] | None:
    """Letters one of which every match of a table entry starts with ("new\\s+zealand|kiwi" → "new", "kiwi");
    ``None`` when an alternative starts with something else (a group, an optional letter)."""
    words = []
    for written in _alternatives(pattern):
        alternative = written.removeprefix("\\b")
        letters = "".join(takewhile(lambda char: "a" <= char <= "z", alternative))
        if alternative[len(letters) : len(letters) + 1] in {"?", "*", "{"}:
            letters = letters[:-1]  # the last letter is optional
        if not letters:
            return None
        words.append(letters)
    return tuple(words)


# (country, kind, pattern, a cheap test that skips the pattern: the letters a match starts with, or whole words one
# of which it holds; None: always run it)
_COUNTRY_PATTERNS: tuple[
    tuple[str, ResidenceKind, re.Pattern[str], tuple[str, ...] | frozenset[str] | None], ...
] = (
    ("United States", "US", _US_PATTERN, _US_WORDS),
    ("United States", "US", _US_UPPER, _US_WORDS),
    ("United States", "US", _US_POSTAL, None),
    *(
        (country, "LISTED", re.compile(r"\b(?:" + pattern + r")\b", re.I), _leading_words(pattern))
        for country, pattern in _LISTED.items()
    ),
    *(
        (country, "UNLISTED", re.compile(r"\b(?:" + pattern + r")\b", re.I), _leading_words(pattern))
        for country, pattern in _UNLISTED.items()
    ),
)


# Japan, or one of its prefectures or large cities (service/qa/places.py)
# The table entries each run of leading letters opens (the letters a match starts with, _leading_words)
def _opened_by() -> dict[str, list[int]]:
    opened: dict[str, list[int]] = {}
    for index, entry in enumerate(_COUNTRY_PATTERNS):
        if isinstance(entry[3], tuple):
            for letters in entry[3]:
                opened.setdefault(letters, []).append(index)
    return opened


_OPENED_BY = _opened_by()
_JP_CITIES = "japan|" + "|".join(sorted(PLACES_IN["japan"]))
_JP_RESIDENT = re.compile(
    r"(?<!non-)(?<!non)(?<!non )\b(?:resident|residents|living|live|lives|based|residing|reside|located|domiciled|"
    r"headquartered|incorporated)\s+(?:in|of)\s+(?:" + _JP_CITIES + r")\b|"
    r"(?<!non-)(?<!non)\bjapan(?:ese)?[- ](?:resident|based|domiciled)\b|"
    # "a Japanese corporation", not "Japanese corporation tax"
    r"(?<!non-)(?<!non)(?<!non )\bjapanese\s+(?:company|corporation|corp|kk|resident|pension)\b(?!\s+(?:income\s+)?tax)|"
    r"\b(?:" + _JP_CITIES + r")[- ]based\b|"
    # "a Tokyo resident", "Japan resident"
    r"(?<!non-)(?<!non)(?<!non )\b(?:" + _JP_CITIES + r")\s+(?:tax\s+)?resident\b|"
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


@lru_cache(maxsize=256)  # a message is read for its residence and again for its cases: once is enough
def country_matches(text: str) -> tuple[tuple[str, ResidenceKind, re.Match[str]], ...]:
    """Every country named in ``text`` (the US first, then the listed and unlisted tables), not "New England"'s.

    A table entry's match starts a word, so an entry none of whose leading letters start a word of the text (the US
    patterns: none of whose whole words is one) cannot match and is not run; see service/qa/readers/features.py
    for why that test is exact.
    """
    held = features(text)
    opened = {i for run in held.words for n in range(1, len(run) + 1) for i in _OPENED_BY.get(run[:n], ())}
    found: list[tuple[str, ResidenceKind, re.Match[str]]] = []
    for index, (country, kind, pattern, words) in enumerate(_COUNTRY_PATTERNS):
        if isinstance(words, frozenset) and not held.names(words):
            continue
        if isinstance(words, tuple) and held.exact and index not in opened:
            continue
        run = _US_NAMES_ONLY if pattern is _US_PATTERN and not held.names(_US_PLACE_WORDS) else pattern
        for m in run.finditer(text):
            if country == "United Kingdom" and _in_new_england(text, m.start()):
                continue
            found.append((country, kind, m))
    return tuple(found)


def _may_say_japan(held: Features) -> bool:
    """Every match of _JP_RESIDENT holds "japan" or a Japanese place as a whole word."""
    return held.says("japan") or held.names(PLACES_IN["japan"])


def parse_residence(text: str) -> Residence | None:
    """The holder's country of residence ("US corp", "Texas", "German investor", "resident of Japan")."""
    if _may_say_japan(features(text)) and _JP_RESIDENT.search(text):
        return Residence("Japan", "JP")
    candidates = [(m.start(), False, Residence(country, kind)) for country, kind, m in country_matches(text)]
    cued = [c for c in candidates if _RESIDENCE_CUE.search(text[max(0, c[0] - 40) : c[0]])]
    foreign = foreign_residence(text)
    if foreign is not None and not cued:
        return _classified(foreign)  # "j'habite en Colombie": a residence said in another language
    if not candidates:
        return _other_country(text) or unnamed_residence(text)
    chosen = min(cued or candidates, key=lambda c: c[0])
    return chosen[2]


# Every country's name, official name and common name (ISO 3166, from pycountry), for a residence our own table
# does not name ("resident of Kazakhstan"); read only after a word that says where the holder lives.
_ISO_NAMES: dict[str, str] = {name.lower(): english for english, name in iso_names()}
_CUED_NAME = re.compile(
    r"\b(?:resident\s+(?:of|in)|living\s+in|lives?\s+in|based\s+in|reside\w*\s+in|located\s+in|from|"
    r"domiciled\s+in|incorporated\s+in|headquartered\s+in|citizen\s+of)\s+(?:the\s+)?"
    r"(?P<name>[^\W\d_][\w'’.-]*(?:,?\s+[^\W\d_][\w'’.-]*){0,4})",
    re.I,
)


def _other_country(text: str) -> Residence | None:
    """A country outside our table, named after a residence word ("resident of Kazakhstan", "we're from Peru"),
    in English or in another language ("living in Brasil")."""
    for m in _CUED_NAME.finditer(text):
        words = m.group("name").rstrip(".,").split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(".,")
            country = _ISO_NAMES.get(name.lower())
            if country is not None and country not in {"Japan", "United States"}:
                return Residence(country, "UNLISTED")
            foreign = english_name(name)
            if foreign is not None and foreign not in {"Japan", "United States"}:
                return _classified(foreign)
    return None


def _classified(country: str) -> Residence:
    """A country's English (ISO) name as a residence of its kind: the US, Japan, a listed treaty country, or
    another ("Brazil" → UNLISTED, "Belgium" → LISTED)."""
    if country == "Japan":
        return Residence("Japan", "JP")
    named = country_matches(country)
    if named:
        own, kind, _ = named[0]
        return Residence(own, kind)
    return Residence(country, "UNLISTED")


def _in_new_england(text: str, pos: int) -> bool:
    return text[max(0, pos - 4) : pos].lower() == "new "


# A tax treaty by any of its names ("tax treaty", "double taxation agreement", "DTA"); not the treaty's form.
_TREATY = (
    r"(?:(?:japan(?:ese)?|us|u\.s\.)[- ]+)?"  # "no Japan tax treaty"
    r"(?:(?:(?:income\s+)?tax|double\s+tax(?:ation)?)\s+(?:treaty|convention|agreement)|treaty|\bdta|\bdtt)"
    r"(?!\s*(?:form|application|claim|relief\s+form|rate))\b"
)
_TREATY_WORDS = ("treaty", "convention", "agreement", "dta", "dtt")
_NO_TREATY = re.compile(
    r"""
    \bno\s+"""
    + _TREATY
    + r"""                                        # "no tax treaty"
    | \bnon-?treaty\b                                                  # "a non-treaty country"
    | \b(?:without|lacking|lacks|lack)\s+(?:a|any)\s+"""
    + _TREATY
    + r"""                    # "without a treaty"
    | \b(?:doesn'?t|does\s+not|don'?t|do\s+not|has\s+no|have\s+no|hasn'?t|haven'?t|lacks?|never\s+signed)
      \s+(?:have\s+|got\s+|had\s+)?(?:an?\s+|any\s+)?"""
    + _TREATY
    + r"""   # "my country doesn't have a treaty"
    | \b(?:not|isn'?t|aren'?t)\s+(?:a\s+)?(?:party|signatory)\s+to\s+(?:a|any)\s+"""
    + _TREATY
    + r"""
    | \bnot\s+(?:covered\s+by|under)\s+(?:a|any)\s+"""
    + _TREATY
    + r"""  # "not covered by any treaty"
    | \b(?:not|isn'?t)\s+(?:a\s+|one\s+of\s+the\s+)treaty\s+countr(?:y|ies)\b
    """,
    re.I | re.X,
)
_HAS_TREATY = re.compile(
    r"\b(?:has|have|with|there\s+is|there's|signed)\s+an?\s+" + _TREATY + r"\s+with\s+japan\b|"
    r"(?<!non-)(?<!non)\btreaty\s+country\b|\ba\s+(?:tax\s+)?treaty\s+applies\b",
    re.I,
)
# The holder's country named only by its treaty status ("I live in a country that has no tax treaty with Japan").
_PLACE = r"(?:country|jurisdiction|nation|state|place)"
_UNNAMED_COUNTRY = re.compile(
    r"\b(?:my|our|his|her|their|the\s+holder's|the\s+investor's)\s+(?:home\s+|own\s+)?(?:country|jurisdiction)\b|"
    r"\b(?:i|we|he|she|they)(?:'m|\s+am|\s+are|'re|\s+is|'s)?\s+(?:live|lives|living|reside|resides|residing|based|"
    r"resident|domiciled|located|tax\s+resident|in|from)\s+(?:in\s+|of\s+)?(?:a|another|some)\s+(?:[\w-]+\s+)?"
    + _PLACE
    + r"\b|"
    # the holder named by what it is: "our company resides in a country …", "my fund is in a non-treaty state"
    r"\b(?:my|our|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:is|are|resides?|sits?|lives?|(?:is\s+)?(?:based|located|"
    r"domiciled|incorporated|organi[sz]ed|registered|established|resident))\s+(?:in|of)\s+(?:a|an|another|some)\s+"
    r"(?:[\w-]+\s+)?" + _PLACE + r"\b|"
    r"\bwhere\s+(?:i|we|he|she|they)\s+(?:live|lives|reside|resides|am\s+based|are\s+based|is\s+based)\b|"
    r"\b(?:resident|residents|based|domiciled|located|incorporated|organi[sz]ed)\s+(?:in|of)\s+(?:a|another|some)\s+"
    r"(?:[\w-]+\s+)?" + _PLACE + r"\b",
    re.I,
)


def parse_treaty_with_japan(text: str) -> bool | None:
    """Whether the user says the country has (or lacks) a tax treaty with Japan; ``None`` when unsaid."""
    if not features(text).says(*_TREATY_WORDS):
        return None  # every wording below names a treaty by one of its names
    if _NO_TREATY.search(text):
        return False
    return True if _HAS_TREATY.search(text) else None


def unnamed_residence(text: str) -> Residence | None:
    """The holder's country when it is named only by its treaty status: an unlisted country with or without a
    treaty with Japan ("my country doesn't have a treaty with Japan")."""
    treaty = parse_treaty_with_japan(text)
    if treaty is None:
        return None
    if not _UNNAMED_COUNTRY.search(text):
        return None
    return Residence(f"a country {'with a' if treaty else 'without a'} tax treaty with Japan", "UNLISTED")


_NO_PRESENCE = re.compile(
    r"\b(?:no|without(?:\s+any)?|not\s+any|zero)\s+(?:business\s+|physical\s+|taxable\s+)?"
    r"(?:presence|office|branch|establishment|place\s+of\s+business)\s+(?:in|inside)\s+japan\b",
    re.I,
)
# "as a non-resident", "a non-resident of Japan", "I don't live in Japan": the seller is not resident in Japan
_NONRESIDENT = re.compile(
    r"\bnon[- ]?residents?\b(?!\s+(?:alien|of\s+the\s+(?:us|u\.s\.|united\s+states)))|"
    r"\b(?:do\s+not|don't|does\s+not|doesn't)\s+(?:live|reside)\s+in\s+japan\b|\bnot\s+(?:a\s+)?resident\s+(?:in|of)\s+japan\b",
    re.I,
)


def parse_nonresident(text: str) -> bool | None:
    """Whether the seller or holder is said not to be resident in Japan; ``None`` when not said."""
    return True if _NONRESIDENT.search(text) else None


def parse_has_japan_pe(text: str) -> bool | None:
    """A Japanese permanent establishment to which the income is attributable ("has a PE in Japan")."""
    held = features(text)
    if held.says("japan") and _NO_PRESENCE.search(text):
        return False  # "no presence in Japan", "without any office in Japan"
    m = re.search(r"permanent\s+establishment|\bpe\b", text, re.I) if held.says("permanent", "pe") else None
    if m is None:
        if not held.says("attributable"):
            return None
        # "a branch in Osaka to which the shareholding is attributable": a permanent establishment in all but name
        office = re.search(
            r"\b(?:branch|office|place\s+of\s+business)\s+in\s+(?:"
            + _JP_CITIES
            + r")\b[^.;?!]{0,60}\battributable\b",
            text,
            re.I,
        )
        return True if office is not None else None
    before = text[max(0, m.start() - 40) : m.start()]
    return not re.search(r"\b(?:no|without|not|doesn't|does\s+not|don't|hasn't|lacks?|never)\b", before, re.I)
