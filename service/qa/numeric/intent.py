"""Which calculator a message asks for: the cue words and the order in which they are tried."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.qa.extract import (
    DateFact,
    parse_numbers,
)

_RATE_WORDS = re.compile(
    r"\brates?\b|\bhow\s+much\b|\bpercent\w*|%|\bhow\s+high\b|\bwhat\s+amount\b|\bhow\s+many\b|\bfigure\b|"
    r"\bcalculat\w*|\bcompute\b|\bwork\s+out\b|\bexempt\b|\bwhat\s+(?:is|are)\s+the\s+tax\b|\bowe\b|"
    r"\bwhat(?:'s|\s+is)\s+(?:the\s+)?(?:japanese\s+)?(?:withholding|w/h|wht)\b",
    re.I,
)
_WITHHOLDING_WORDS = re.compile(
    r"withh\w*|\bwithold\w*|\bwitheld\b|\bw/h\b|\bwht\b|\bjapanese\s+(?:tax|withholding)|\bjapan\s+tax|\btax\s+in\s+japan|\brefund\w*|"
    r"\breclaim\w*|\bnet\b|\btake[- ]home\b|\bdeduct\w*|\btreaty\s+rate\b|\bsource\s+tax\b|\bkeep\b|\bget\b|"
    r"\breceive\b|\bend\s+up\s+with\b",
    re.I,
)
_US_TAX_WORDS = re.compile(
    r"\bu\.?s\.?\s+(?:federal\s+)?(?:income\s+)?tax\b|\bfederal\b|\birs\b|\bqdi\b|\bqualified\s+dividend|"
    r"\bforeign\s+tax\s+credit|\bftc\b|\bcredit(?:able)?\b|\bin\s+(?:us\s+)?dollars\b|\bgross\s+income\b|"
    r"\binclude\s+in\s+(?:my\s+)?income|\btaxable\s+income\b|\bon\s+my\s+(?:us\s+)?return\b|\b15\s*%\s+cap\b|"
    r"\bowe\b|\bamerican\s+tax\b|\bus\s+tax\b|dividends?[- ]received\s+deduction|\bdrd\b",
    re.I,
)
_NOT_STATED_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pfic_interest_rate", re.compile(r"interest\s+(?:rate|charge)|underpayment\s+(?:rate|interest)", re.I)),
    ("inheritance_gift_rates", re.compile(r"inheritance|\bgift\s+tax|\bestate\s+tax", re.I)),
    ("capital_relationship_reduction", re.compile(r"capital\s+relationship", re.I)),
    (
        "additional_requirements_definition",
        re.compile(
            r"what\s+are\s+(?:the\s+|iij's\s+)?additional\s+requirements|additional\s+requirements\s+(?:are|mean)",
            re.I,
        ),
    ),
    (
        "pfic_top_rates",
        re.compile(
            r"(?:top|highest)\s+(?:tax\s+)?rates?\b.*\b(?:prior|each|pfic)|pfic.*(?:top|highest)\s+rate", re.I
        ),
    ),
    ("stamp_transfer_tax", re.compile(r"\bstamp\s+(?:duty|tax)|\btransfer\s+tax|\bregistration\s+tax", re.I)),
    (
        "ads_ratio",
        re.compile(
            r"ads[- ](?:to[- ])?share\s+ratio|shares?\s+(?:per|does\s+(?:an|each|one)\s+)ads|ads\s+represent",
            re.I,
        ),
    ),
    ("capital_loss_limits", re.compile(r"capital\s+loss(?:es)?\b.*\b(?:limit|carry|deduct|offset)", re.I)),
    (
        "lower_qdi_brackets",
        re.compile(
            r"(?:lower|reduced|(?<![\d.])5\s*%|zero|(?<![\d.])0\s*%)\s+(?:qdi|qualified\s+dividend|capital\s+gains?)\s+"
            r"(?:tax\s+)?(?:rate|bracket)|\blower\s+(?:qdi\s+|qualified\s+dividend\s+|tax\s+)?(?:rate|bracket)s?\b",
            re.I,
        ),
    ),
    ("ftc_limitation", re.compile(r"(?:foreign\s+tax\s+credit|ftc)\s+limitation", re.I)),
    (
        "us_ordinary_rates",
        re.compile(
            r"ordinary\s+(?:income\s+)?(?:tax\s+)?rates?|(?:income|corporate)[- ]tax\s+rates?|marginal\s+rate|tax\s+brackets?",
            re.I,
        ),
    ),
    ("fiscal_year_end", re.compile(r"(?:when|what)\s+is\s+(?:iij's\s+)?fiscal\s+year[- ]end", re.I)),
)
_PFIC_FIGURES = re.compile(r"\bpassive\b", re.I)
_SITUATION_KEYS = (
    "residence",
    "holder_type",
    "voting_pct",
    "payment_date",
    "unassigned_date",
    "gross_dividend_jpy",
    "special_class",
    "is_llc",
    "dividend_per_share_jpy",
    "actually_withheld_jpy",
    "has_japan_pe",
)


def detect_intent(text: str, facts: Mapping[str, Any]) -> str | None:
    """Which calculator (or ``not_stated:<topic>``) a message asks for; ``None`` for non-calculation questions."""
    t = text.lower()
    numbers = [n for n in parse_numbers(text) if not n.is_pct]
    asks_figure = bool(_RATE_WORDS.search(t)) or bool(
        re.search(r"\b(?:qualify|eligible|is\s+iij|would\s+iij)\b", t)
    )
    if re.search(r"^\s*how\s+long\b", t) and not any(k in facts for k in _AMOUNT_KEYS):
        return None  # "how long must a corporation hold …" asks for the rule itself
    if (
        re.search(r"mark[- ]to[- ]market|\bmtm\b", t)
        and "mtm" in facts
        and (len(numbers) >= 2 or asks_figure)
        and "trader" not in t
    ):
        return "pfic_mark_to_market"
    allocation = bool(re.search(r"allocat\w*|deferred\s+tax|interest\s+factor", t))
    if allocation and len(numbers) >= 1 and ("usd_amounts" in facts or "gain_usd" in facts):
        return "pfic_allocate"  # "IIJ is a PFIC for me: $2,400 excess distribution … deferred tax?"
    if ("held_years" in facts or "pfic_years" in facts) and re.search(
        r"8621|\bqualif\w*|\bqdi\b|which\s+years?|what\s+years?|pfic\s+(?:with\s+respect|for\s+me|status)", t
    ):
        return "pfic_holder_status"
    if "earnings_and_profits_usd" in facts or (
        re.search(r"\be\s*&\s*p\b|earnings\s+(?:and|&)\s+profits|return\s+of\s+capital", t)
        and any(k in facts for k in ("distribution_usd", "basis_usd"))
    ):
        return "distribution_split"
    if "jpy_per_usd_conversion" in facts or (
        re.search(r"(?:currency|exchange|fx|foreign\s+exchange|forex)\s+(?:gain|loss)", t)
        and re.search(r"\bconver\w*", t)
        and any(k in facts for k in ("jpy_per_usd", "gross_dividend_jpy", "amount_realized_jpy"))
    ):
        return "fx_gain_loss"
    if allocation and len(numbers) >= 1:
        return "pfic_allocate"
    if re.search(r"excess\s+distribution", t) and len(numbers) >= 2:
        return "pfic_excess_distribution"
    if _PFIC_FIGURES.search(t) and re.search(r"\bpfic\b|income\s+test|asset\s+test", t) and len(numbers) >= 2:
        return "pfic_test"
    if re.search(
        r"(?:second|other|later|follow[- ]up|remaining|2nd)\s+(?:treaty\s+)?(?:application\s+)?(?:form|filing)|"
        r"within\s+(?:eight|8)\s+months|(?:eight|8)\s+months\s+after",
        t,
    ) and any(k in facts for k in ("fiscal_year_end_date", "unassigned_date")):
        return "ads_second_form_deadline"
    if (
        "ex_dividend_date" in facts
        and not any(k in facts for k in ("acquisition_date", "since_date", "gross_dividend_jpy"))
        and re.search(r"\bwindow\b|12[01][- ]day|holding[- ]period\s+(?:run|start|begin|end)", t)
    ):
        return "qdi_window"
    for topic, pattern in _NOT_STATED_TOPICS:
        if (
            pattern.search(t)
            and asks_figure
            and not (
                topic == "pfic_interest_rate" and ("interest factor" in t or "interest_factors" in facts)
            )
        ):
            if topic == "us_ordinary_rates" and "gross_dividend_jpy" in facts:
                break
            return f"not_stated:{topic}"
    if "ex_dividend_date" in facts and ("acquisition_date" in facts or "since_date" in facts):
        if "gross_dividend_jpy" in facts and _US_TAX_WORDS.search(t):
            return "us_dividend_tax"
        return "qdi_holding_period"
    sells = bool(re.search(r"\bsold\b|\bsell\w*|\bsale\b|\bdispos\w*|\bgains?\b|\bloss\b", t))
    if (
        sells
        and re.search(r"japan\w*\s+(?:income\s+|corporation\s+)?tax|tax\s+in\s+japan|\bjapan\b", t)
        and not ("gross_dividend_jpy" in facts and "dividend" in t)
    ):
        # a general question about the rule ("is the exemption absolute?") is for retrieval
        if not (_PERSONAL.search(t) or any(k in facts for k in _AMOUNT_KEYS) or _dated(facts)):
            return None
        return "jp_tax_on_disposal"
    if sells and (
        any(k in facts for k in ("basis_usd", "amount_realized_usd", "amount_realized_jpy", "gain_usd"))
        or ("acquisition_date" in facts and "disposition_date" in facts)
    ):
        return "us_capital_gain"
    has_amount = any(k in facts for k in ("gross_dividend_jpy", "dividend_per_share_jpy"))
    asked_side = _asked_side(text)
    if has_amount and asked_side == "us":
        return "us_dividend_tax"  # "… 10% withheld. How much income do I report?": the U.S. side is asked
    if has_amount and _US_TAX_WORDS.search(t) and asked_side != "jp":
        return "us_dividend_tax"
    if (
        "gross_dividend_jpy" in facts
        and "jpy_per_usd" in facts
        and re.search(r"\bincome\b", t)
        and not re.search(r"withh|w/h|\bwht\b|japan|\bnet\b|refund|reclaim", t)
    ):
        return "us_dividend_tax"  # a yen dividend at a yen/dollar rate, asked as income: its U.S. treatment
    if has_amount and (_WITHHOLDING_WORDS.search(t) or re.search(r"\btax\b|\bdividend\b", t)):
        return "jp_withholding_amounts"
    situation = any(k in facts for k in _SITUATION_KEYS)
    strong_situation = (
        sum(k in facts for k in ("residence", "voting_pct", "payment_date", "unassigned_date")) >= 2
    )
    if strong_situation and re.search(r"\brate\b", t) and not _US_TAX_WORDS.search(t):
        return "jp_withholding_rate"
    if (
        situation
        and asks_figure
        and (
            _WITHHOLDING_WORDS.search(t)
            or re.search(r"\btreaty\b|\bdividends?\b.*\btax\w*|\btax\w*.*\bdividends?\b", t)
        )
    ):
        if (_US_TAX_WORDS.search(t) or _US_RATE_WORDS.search(t)) and not re.search(r"withh|japan", t):
            return None  # a U.S.-tax rule question with no amount ("does a corporation get the 15% rate?")
        return "jp_withholding_rate"
    return None


# What a dividend question asks about: its U.S. treatment (income to report, U.S. tax, the credit) …
_ASKS_US_SIDE = re.compile(
    _US_TAX_WORDS.pattern + r"|\bincome\b[^.?!]{0,30}\b(?:report|include|declare|recogni[sz]e|show)\w*|"
    r"\b(?:report|include|declare|recogni[sz]e)\w*\b[^.?!]{0,30}\bincome\b|"
    r"\b(?:u\.?s\.?|us|american|federal|irs)\s+(?:income\s+)?(?:tax\s+)?(?:consequences?|treatment|implications?|"
    r"side|purposes|return|taxes)\b|\btax(?:ed|ation)?\s+(?:in|by)\s+the\s+(?:us|u\.s\.|united\s+states)\b|"
    r"\b(?:my|our|the)\s+(?:(?:us|u\.s\.|federal|tax)\s+)*return\b|\b(?:dividend|gross|taxable)\s+income\b|"
    r"\bhow\s+much\s+(?:\w+\s+)?income\b",
    re.I,
)
# … or the Japanese tax taken from it.
_ASKS_JP_SIDE = re.compile(
    r"withh\w*|\bwithold\w*|\bwitheld\b|\bw/h\b|\bwht\b|\bjapan\w*|\bnet\b|\brefund\w*|\breclaim\w*|"
    r"\btake[- ]home\b|\bdeducted\b|\bend\s+up\s+with\b|\bsource\s+tax\b",
    re.I,
)


def _asked_side(question: str) -> str | None:
    """Whether a question asks about the U.S. side of a dividend ("us") or the Japanese tax on it ("jp").

    The asking sentence decides, and within it the last part that names either side ("10% was withheld, so how
    much income do I report?" asks for income); ``None`` when it names both or neither.
    """
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", question.strip()) if s.strip()]
    asking = [s for s in sentences if "?" in s] or sentences[-1:]
    if not asking:
        return None
    for part in reversed(re.split(r"[,:;]|\s[-–—]\s", asking[-1])):
        us, jp = bool(_ASKS_US_SIDE.search(part)), bool(_ASKS_JP_SIDE.search(part))
        if us != jp:
            return "us" if us else "jp"
        if us and jp:
            return None
    return None


_AMOUNT_KEYS = (
    "gross_dividend_jpy",
    "dividend_per_share_jpy",
    "actually_withheld_jpy",
    "amount_realized_jpy",
    "amount_realized_usd",
    "basis_usd",
    "usd_amounts",
    "gain_usd",
)
_PERSONAL = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|we|we're|our|you|your)\b", re.I)
_US_RATE_WORDS = re.compile(r"\bqualified\b|15\s*%\s+(?:max\w*\s+)?rate|\bcapital\s+gains?\b", re.I)


def _dated(facts: Mapping[str, Any]) -> bool:
    return any(isinstance(v, DateFact) for v in facts.values())
