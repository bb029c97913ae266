"""Who holds the shares: individual, corporation, pension fund, other; the U.S. special classes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from service.qa.readers.spelling import edit_distance

HolderType = Literal["individual", "corporation", "pension_fund", "other"]


@dataclass(frozen=True)
class Holder:
    """Who holds the shares: the treaty holder type and the U.S. excluded class (R-31), when stated."""

    holder_type: HolderType | None
    special_class: str | None
    is_llc: bool = False


# A holder kind said not to apply: "not a company", "isn't a corporation", "rather than a fund".
_NEGATED_KIND = re.compile(
    r"\b(?:not|isn't|is\s+not|aren't|are\s+not|never|rather\s+than|instead\s+of)\s+(?:an?\s+|the\s+|some\s+)?"
    r"(?:corp|corporation|company|business|firm|entity|individual|person|fund|pension\s+fund)s?\b"
)


# Real words a letter or two from "corporation" that are not it.
_NEAR_CORPORATION = {"cooperation", "cooperations", "coronation", "corporatism", "corporatist"}
_CO_WORD = re.compile(r"\bco[a-z]{6,11}\b")


def respell_corporation(text: str) -> str:
    """Lower-case ``text`` with a misspelled "corporation" written right ("corproation", "coporation",
    "corperations"): two edits at most, not a real word that is near it ("cooperation")."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        plural = word.endswith("s") and not word.endswith("ss")
        stem = word[:-1] if plural else word
        if word in _NEAR_CORPORATION or stem == "corporation" or edit_distance(stem, "corporation") > 2:
            return word
        return "corporations" if plural else "corporation"

    return _CO_WORD.sub(fix, text.lower())


@dataclass(frozen=True)
class _Cue:
    """A pattern searched in the lower-cased message, and strings one of which each of its matches holds (the
    message holds none of them: the pattern is not run; None: always run)."""

    pattern: re.Pattern[str]
    parts: tuple[str, ...] | None = None

    def found(self, t: str) -> bool:
        if self.parts is not None and not any(part in t for part in self.parts):
            return False
        return self.pattern.search(t) is not None


_IRA = _Cue(
    re.compile(r"\b(?:ira|iras|roth|401\s*\(?k\)?|403\s*\(?b\)?|keogh)\b"), ("ira", "roth", "40", "keogh")
)
_PENSION = _Cue(
    re.compile(r"\bpension\b|\bretirement\s+(?:fund|plan|system|trust)\b|\bsuperannuation\b"),
    ("pension", "retirement", "superannuation"),
)
_TAX_EXEMPT = _Cue(
    re.compile(
        r"tax[- ]exempt|\bcharit(?:y|able)\b|\bnon-?profit\b|\bendowment\b|\bfoundation\b|\b501\s*\(c\)"
    ),
    ("exempt", "charit", "profit", "endowment", "foundation", "501"),
)
_LIFE_INSURANCE = _Cue(re.compile(r"\blife\s+insurance\b|\binsurer\b|\binsurance\s+company\b"), ("insur",))
_DEALER = _Cue(re.compile(r"\bdealer\b|\bbroker-dealer\b|\bmarket\s+maker\b"), ("dealer", "maker"))
_TRADER = _Cue(re.compile(r"\btrader\b"), ("trader",))
_MTM = _Cue(re.compile(r"mark[- ]to[- ]market|\bmtm\b"), ("mark", "mtm"))
_AMT = _Cue(re.compile(r"\bamt\b|alternative\s+minimum\s+tax"), ("amt", "alternative"))
_STRADDLE = _Cue(
    re.compile(r"\bstraddle\b|\bhedg\w*|\bconversion\s+transaction\b"), ("straddle", "hedg", "conversion")
)
_FUNCTIONAL = _Cue(re.compile(r"functional\s+currency"), ("functional",))
_USD_FUNCTIONAL = _Cue(
    re.compile(r"functional\s+currency\s+(?:is|=)\s+(?:the\s+)?(?:u\.?s\.?\s+)?(?:dollar|usd)"),
    ("functional",),
)
_LLC = _Cue(re.compile(r"\bllc\b|limited\s+liability\s+company"), ("llc", "limited"))
_TAXED_AS_CORPORATION = _Cue(
    re.compile(r"taxed\s+as\s+a\s+corporation|\bc[- ]?corp"), ("corporation", "corp")
)
_CORPORATION = _Cue(
    re.compile(
        r"\b(?:corp|corps|corporation|corporations|corporate|company|companies|co\.|inc|incorporated|ltd|"
        r"limited\s+company|plc|gmbh|kk|k\.k\.|firm|subsidiary|parent|holding\s+company|c[- ]?corp|"
        r"conglomerate|multinational|enterprise|taxed\s+as\s+a\s+corporation)\b"
    ),
    (
        "corp", "compan", "co.", "inc", "ltd", "limited", "plc", "gmbh", "kk", "k.k.", "firm", "subsidiary",
        "parent", "conglomerate", "multinational", "enterprise",
    ),
)  # fmt: skip
_OTHER = _Cue(
    re.compile(r"\b(?:trust|estate|partnership|lp|llp|mutual\s+fund|hedge\s+fund|fund)\b"),
    ("trust", "estate", "partnership", "lp", "fund"),
)
_INDIVIDUAL = re.compile(
    r"\b(?:i|i'm|im|i've|me|my|mine|myself|individual|individuals|indiv|individ|person|personally|retail|natural\s+person|"
    r"he|she|his|her|wife|husband|retiree|private\s+investor|individual\s+investor)\b"
)


def parse_holder(text: str) -> Holder:
    """Holder type and U.S. special class ("my IRA", "we're a Delaware corp", "our pension fund")."""
    t = _NEGATED_KIND.sub(
        " ", respell_corporation(text)
    )  # "an individual (not a company)" names one kind only
    special: str | None = None
    holder: HolderType | None = None
    if _IRA.found(t):
        return Holder("individual", "tax_exempt")
    if _PENSION.found(t):
        return Holder("pension_fund", "pension_fund")
    if _TAX_EXEMPT.found(t):
        special = "tax_exempt"
    elif _LIFE_INSURANCE.found(t):
        special, holder = "life_insurance", "corporation"
    elif _DEALER.found(t):
        special = "dealer"
    elif _TRADER.found(t) and _MTM.found(t):
        special = "trader_mtm"
    elif _AMT.found(t):
        special = "amt"
    elif _STRADDLE.found(t):
        special = "straddle_hedge"
    elif _FUNCTIONAL.found(t) and not _USD_FUNCTIONAL.found(t):
        special = "non_usd_functional_currency"
    noncorporate = _NONCORPORATE.search(t) is not None
    if noncorporate:
        t = _NONCORPORATE.sub(" ", t)  # its "corporate" names no corporation
    if holder is None:
        if _LLC.found(t) and not _TAXED_AS_CORPORATION.found(t):
            return Holder(None, special, is_llc=True)
        if _CORPORATION.found(t):
            holder = "corporation"
        elif _OTHER.found(t):
            holder = "other"
        elif _INDIVIDUAL.search(
            # "my client", "our customer": the asker acts for a holder whose kind the words do not say
            _FOR_ANOTHER.sub(" ", t),
        ):
            holder = "individual"
        elif noncorporate:
            holder = "other"  # "a noncorporate U.S. holder": not a corporation, whatever it is
    return Holder(holder, special)


# "noncorporate", "non-corporate", "non corporate": the report's word for every holder but a corporation
_NONCORPORATE = re.compile(r"\bnon[- ]?corporate\b", re.I)
_FOR_ANOTHER = re.compile(r"\b(?:my|our)\s+(?:clients?|customers?|principals?|employers?)\b")


def holder_kind(holder_type: str | None) -> str | None:
    """Treaty holder type → U.S. holder kind (corporate / noncorporate)."""
    if holder_type == "corporation":
        return "corporate"
    if holder_type in {"individual", "other", "pension_fund"}:
        return "noncorporate"
    return None


HOLDER_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
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
