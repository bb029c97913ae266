"""The natural-language numeric layer: detect calculator questions, fill the calculator's inputs, compose the answer.

Policy (numeric vs retrieval). A question goes to the calculator when it asks for a figure — a rate, an amount,
a refund, a tax, a holding-period or PFIC result — *for a situation* (an amount, a holder, a country, an ownership
share, a date) or when it asks for a figure the report does not give (spec §4: treaty-country rates, the PFIC
interest rate, ordinary or inheritance tax rates). Pure definitions and facts ("what does PFIC mean?", "who is
the depositary?", "what is the maximum rate under the treaty for most shareholders?") return ``None`` and are
left to retrieval. Every number in an answer comes from the calculation's inputs/result or a cited rule quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ingest.bm25 import tokenize
from service.qa.extract import (
    DateFact,
    ExtractedText,
    MarkToMarket,
    TwoCases,
    asked_facts,
    extract_facts,
    holder_kind,
    is_real_date,
    merge_facts,
    number_list_after,
    parse_numbers,
    reply_facts,
    spread_over,
    two_cases,
)
from service.qa.query import QuestionReader
from service.qa.timing import stage
from service.qa.types import Route, Turn
from service.tools.tax import FUNCTIONS, InvalidInput
from service.tools.tax_rules import RULES

Result = dict[str, Any]


@dataclass(frozen=True)
class NumericAnswer:
    """A calculator-backed answer; marker ``[i]`` in ``text`` cites ``rules_cited[i-1]``."""

    route: Route
    text: str
    rules_cited: list[str]
    calculation: dict[str, Any] | None
    missing: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------- intents

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


_FOLLOW_UP = re.compile(
    r"^\s*(?:and|what\s+if|what\s+about|how\s+about|same|also|then|now|suppose|but|ok|okay|so|assume|with|without|"
    r"if\s+(?:it|they|he|she|i|we|the|that|you)|instead|what\s+would)\b|\binstead\b|"
    r"\bsame\s+(?:dividend|holder|case|facts|date|day|terms|company|corporation|investor|person|payment|stake)\b|"
    r"\bthat\s+(?:dividend|holder|case)\b|\bthis\s+time\b|\bas\s+before\b|"
    r"\b(?:everything|all|otherwise)\s+(?:else\s+)?(?:the\s+same|unchanged|as\s+before)\b",
    re.I,
)


# ---------------------------------------------------------------------------------------------------- conceptual questions

# Facts of one particular holding or payment: with any of these a question asks about the user's own case.
_SPECIFIC_KEYS = frozenset(
    {
        *(
            "gross_dividend_jpy dividend_per_share_jpy actually_withheld_jpy amount_realized_jpy amount_realized_usd "
            "basis_usd usd_amounts gain_usd distribution_usd earnings_and_profits_usd withheld_rate shares voting_pct "
            "held_over_50pct_12m pension_dividends_from_business additional_requirements_met held_years pfic_years "
            "jpy_per_usd jpy_per_usd_conversion holding_period_met ordinary_rate top_rates interest_factors mtm"
        ).split()
    }
)
# Facts that pick a line of a rule the report states in full ("0% ... provided that such dividends are not derived
# from the carrying on of a business"): a general question missing only these is answered by quoting the rule.
_RULE_CONDITIONS = frozenset(
    {
        "pension_dividends_from_business",
        "voting_pct",
        "held_over_50pct_12m",
        "over_50pct_since",
        "entitlement_date",
        "additional_requirements_met",
        "holder_type",
    }
)
_CLAUSE = re.compile(r"[,;:.!?()\[\]—–]+|\s-\s")
_CLAUSE_LEAD = r"^\s*(?:(?:and|but|so|then|ok|okay|now|also|just|please|well)\s+)*"
_ASKS_FIGURE = re.compile(
    _CLAUSE_LEAD + r"(?:how\s+(?:much|many|high|big|large)|what\s+rate|calculate|compute|work\s+out|"
    r"what(?:'s|\s+is|\s+are|\s+was|\s+were|\s+would|\s+will)?\s+(?:be\s+)?(?:the\s+|my\s+|our\s+|its\s+|their\s+)?"
    r"(?:\w+\s+){0,3}?(?:rates?|amount|tax|taxes|withholding|w/h|wht|refund|net|figure|income|credit|gain|loss|"
    r"deduction|percentage|total|number|deadline|excess)\b)",
    re.I,
)
_ASKS_OTHER = re.compile(
    _CLAUSE_LEAD
    + r"(?:(?:what|which)\s+(?:\w+\s+){0,2}?(?:forms?|documents?|applications?|paperwork|proof|evidence|"
    r"steps?|procedures?|office|authority|agent|address)\b|how\s+(?:do|does|did|can|could|should|would|will|must|is|are|"
    r"was|were)\b|(?:who|whom|whose|where|why|when)\b)",
    re.I,
)
_ASKS_YES_NO = re.compile(
    _CLAUSE_LEAD
    + r"(?:can|could|do|does|did|is|isn't|are|aren't|was|were|will|would|should|must|may|might|am|has|"
    r"have|had|shall)\s+\w",
    re.I,
)
# "do I owe …", "will we have to pay …", "am I taxed …": a yes/no question about the asker's own liability.
_OWN_LIABILITY = re.compile(
    r"\b(?:do|does|did|would|will|could|can|might|must|should|shall)\s+(?:i|we|my\s+\w+|our\s+\w+)\s+(?:\w+\s+)?"
    r"(?:owe|pay|have\s+to\s+pay|be\s+taxed|get\s+taxed|be\s+liable|be\s+subject)\b|"
    r"\b(?:am\s+i|are\s+we)\s+(?:\w+\s+)?(?:taxed|liable|subject)\b",
    re.I,
)
# "most shareholders", "U.S. holders", "pension funds": a class of holders, which the rule answers.
_GENERIC_HOLDERS = re.compile(
    r"\b(?:most|all|any|every|typical|ordinary|other)\s+(?:\w+\s+){0,2}?(?:share|ads\s+|adr\s+)?holders?\b|"
    r"\b(?:share|ads\s+|adr\s+)?holders\b|\b(?:shareholders|investors|individuals|corporations|companies|"
    r"pension\s+funds|residents|non-residents)\b",
    re.I,
)


# Calculators chosen only when the question states the figures they work on.
_FROM_FIGURES = frozenset({"pfic_test", "pfic_excess_distribution", "pfic_allocate", "pfic_mark_to_market"})


# The asker speaking of their own holding ("my pension fund", "we own"); "tell me" and "your sources" are not.
_ASKER = re.compile(r"\b(?:i|i'm|i've|i'd|im|me|my|mine|we|we're|we've|our|ours)\b", re.I)
_REQUEST = re.compile(
    r"\b(?:tell|show|give|let|help|remind|explain\s+to|confirm\s+(?:to|for))\s+(?:me|us)\b|\bi\s+(?:need|want)\s+to\s+know\b|"
    r"\b(?:i'd|i\s+would)\s+like\s+to\s+know\b",
    re.I,
)


def _asker_speaks_of_own_case(question: str) -> bool:
    return bool(_ASKER.search(_REQUEST.sub(" ", question)))


def _specific(facts: Mapping[str, Any]) -> bool:
    return _dated(facts) or any(k in facts for k in _SPECIFIC_KEYS)


def _ask_kind(question: str) -> str:
    """What the question's asking clause asks for: a ``figure``, ``other`` (a form, a procedure, a person, a
    place, a reason), ``yes_no``, or ``unknown``. The last clause that opens as a question decides."""
    for clause in reversed(_CLAUSE.split(question)):
        if _ASKS_FIGURE.search(clause):
            return "figure"
        if _ASKS_OTHER.search(clause):
            return "other"
        if _ASKS_YES_NO.search(clause):
            return "yes_no"
    return "unknown"


def _conceptual(question: str, facts: Mapping[str, Any], intent: str) -> bool:
    """A question about the rules, with nothing of the user's own to compute: retrieval answers it.

    With no amount, date, stake or other fact of a particular holding, these are conceptual: a question that asks
    for something other than a figure ("what form …", "how do I pay it?"), a yes/no question that is not about
    the asker's own liability ("can my corporation claim it?"; a stated premise is not a fact the user owns), and a
    rate question about a class of holders ("the treaty rate for most U.S. shareholders").
    """
    if _specific(facts) or intent in _FROM_FIGURES:
        return False
    kind = _ask_kind(question)
    if kind == "other":
        return True
    if kind == "yes_no":
        return intent.startswith("not_stated:") or not _OWN_LIABILITY.search(question)
    return (
        intent in {"jp_withholding_rate", "jp_withholding_amounts", "jp_tax_on_disposal"}
        and bool(_GENERIC_HOLDERS.search(question))
        and not _asker_speaks_of_own_case(question)
    )


def _needless_clarify(question: str, facts: Mapping[str, Any], answer: NumericAnswer) -> bool:
    """A clarification that would ask a general question for facts it does not need: leave it to retrieval.

    The asker's own yes/no question ("could I owe Japanese tax?") is answered by the rule when the calculator
    cannot answer it outright; a general rate question missing only the conditions of a rule the report states
    ("the treaty rate for a pension fund") is answered by quoting that rule with its conditions.
    """
    function = (answer.calculation or {}).get("function")
    if answer.route != "clarify" or _specific(facts) or function in _FROM_FIGURES:
        return False
    if _ask_kind(question) == "yes_no":
        return True
    return not _asker_speaks_of_own_case(question) and set(answer.missing) <= _RULE_CONDITIONS


# ---------------------------------------------------------------------------------------------------- entry point


# The amount a calculation works on: a message without one, asking the same calculation again, adds to it
# ("interest factors 12% and 8%?") rather than starting a new one.
_CALCULATION_AMOUNTS = (*_AMOUNT_KEYS, "distribution_usd")

# Words the numeric detector keys on, corrected when misspelt ("excess distributon").
_TRIGGER_WORDS = (
    "distribution excess withholding withheld dividend allocate allocation deferred interest passive qualified "
    "refund reclaim treaty calculate holding exchange conversion currency earnings profits capital deduction "
    "preceding previous inheritance pension corporation individual percent income election acquired purchased "
    "realized proceeds disposition"
).split()


@lru_cache(maxsize=1)
def _spelling() -> QuestionReader:
    """A reader whose vocabulary is the rules' own sentences plus the trigger words; it corrects to the latter."""
    vocabulary = {term for rule in RULES.values() for term in tokenize(rule.quote)}
    return QuestionReader(vocabulary, words=_TRIGGER_WORDS)


@dataclass(frozen=True)
class _UserTurn:
    """One user message as the numeric layer read it; ``intent`` is set when the calculator layer answered it.

    ``facts`` is a read-only view: replayed turns are cached and shared between questions (see ``_replayed``).
    """

    facts: Mapping[str, Any]
    intent: str | None


@dataclass(frozen=True)
class _Decision:
    turn: _UserTurn
    answer: NumericAnswer | None


@dataclass(frozen=True)
class _Replay:
    """A conversation so far as the numeric layer read it: its user turns, and the assistant reply after the last."""

    earlier: tuple[_UserTurn, ...]
    last_assistant: str | None


_NO_HISTORY = _Replay((), None)


def answer_numeric(question: str, history: Sequence[Turn] = ()) -> NumericAnswer | None:
    """Answer a calculation question with the tax calculator; ``None`` when retrieval should answer it."""
    messages = tuple((turn.role, turn.content) for turn in history)
    replay = _NO_HISTORY
    for end in range(1, len(messages) + 1):
        replay = _replayed(messages[:end])  # each prefix built from the cached one before it
    return _decide(question, replay.earlier, replay.last_assistant).answer


@lru_cache(maxsize=1024)
def _replayed(messages: tuple[tuple[str, str], ...]) -> _Replay:
    """The history ``messages`` (role, content) replayed turn by turn; cached per prefix, so a conversation's
    earlier user turns are decided once rather than again for every new question."""
    if not messages:
        return _NO_HISTORY
    before = _replayed(messages[:-1])
    role, content = messages[-1]
    if role == "assistant":
        return _Replay(before.earlier, content)
    if not content.strip():
        return before
    turn = _decide(content, before.earlier, before.last_assistant).turn
    return _Replay((*before.earlier, turn), None)


def _decide(question: str, earlier: Sequence[_UserTurn], last_assistant: str | None) -> _Decision:
    """Route one user message given the earlier ones; a message that asks for two cases gets both."""
    question = _spelling().corrected(question)
    whole = _decide_one(question, earlier, last_assistant)
    if whole.answer is None:
        return whole
    cases = two_cases(question)
    if cases is None:
        return whole
    return _decide_cases(cases, whole, earlier, last_assistant)


def _decide_cases(
    cases: TwoCases, whole: _Decision, earlier: Sequence[_UserTurn], last_assistant: str | None
) -> _Decision:
    """Two holders or two events in one question: each case is calculated on its own facts and both are answered.

    ``whole`` is the question decided as one case (a calculation). When the wording does not show which facts
    belong to which case, nothing is calculated: the answer says so and asks for one case at a time.
    """
    first = _decide_one(cases.first, earlier, last_assistant) if cases.clear else whole
    if not cases.clear or first.answer is None:
        text = (
            f"Your question describes two cases (“{cases.first_label}” and “{cases.second_label}”), and I can't "
            "tell which of its facts belong to which. I calculate one case per question: please ask about each "
            "case separately."
        )
        return _Decision(whole.turn, NumericAnswer("clarify", text, [], None, ["which_case"]))
    if cases.second_follows:
        second = _decide_one(cases.second, [*earlier, first.turn], first.answer.text)
    else:
        second = _decide_one(cases.second, earlier, last_assistant)
    if second.answer is None:
        note = (
            f" I calculate one case per question: this is for “{cases.first_label}”; please ask about "
            f"“{cases.second_label}” separately."
        )
        answer = first.answer
        return _Decision(first.turn, replace(answer, text=answer.text + note))
    turn = second.turn if cases.second_follows else first.turn
    return _Decision(turn, _both_cases(cases, first.answer, second.answer))


def _both_cases(cases: TwoCases, first: NumericAnswer, second: NumericAnswer) -> NumericAnswer:
    """One answer for two cases: each case's answer under its own label, citations numbered across both."""
    rules = list(first.rules_cited)

    def renumber(match: re.Match[str]) -> str:
        rule = second.rules_cited[int(match.group(1)) - 1]
        if rule not in rules:
            rules.append(rule)
        return f"[{rules.index(rule) + 1}]"

    second_text = re.sub(r"\[(\d+)\]", renumber, second.text)
    labels = _case_labels(cases, first, second)
    text = f"For {labels[0]}: {first.text} For {labels[1]}: {second_text}"
    routes = {first.route, second.route}
    route: Route = (
        "calculator" if "calculator" in routes else (first.route if len(routes) == 1 else "clarify")
    )
    missing = [m for answer in (first, second) if answer.route == "clarify" for m in answer.missing]
    return NumericAnswer(route, text, rules, _both_calculations(first, second), list(dict.fromkeys(missing)))


def _case_labels(cases: TwoCases, first: NumericAnswer, second: NumericAnswer) -> tuple[str, str]:
    """What tells the two cases apart, from the inputs each was calculated with ("an individual owning 3%",
    "sale date 2004-11-20"); the user's own words when the inputs do not differ."""
    one = (first.calculation or {}).get("inputs", {})
    two = (second.calculation or {}).get("inputs", {})
    first_words = ("residence", "holder_type", "holder_kind", "voting_pct", "gross_dividend_jpy")
    differing = sorted(
        (k for k in dict.fromkeys([*one, *two]) if one.get(k) != two.get(k)),
        key=lambda k: first_words.index(k) if k in first_words else len(first_words) + k.endswith("_usd"),
    )
    labels = []
    for inputs, words in ((one, cases.first_label), (two, cases.second_label)):
        parts = [_describe_input(k, inputs[k]) for k in differing if k in inputs]
        label = ", ".join(parts).replace(", owning", " owning").replace(", for $", " for $")
        labels.append(label if parts else f"“{words}”")
    return labels[0], labels[1]


def _describe_input(name: str, value: Any) -> str:
    if name == "holder_type":
        kind = str(value).replace("_", " ")
        return f"{_article(kind)} {kind}"
    if name == "holder_kind":
        return f"a {value} holder"
    if name == "voting_pct":
        return f"owning {fmt_pct_units(value)}"
    phrases = {
        "payment_date": "a dividend paid on {}",
        "disposition_date": "a sale on {}",
        "acquisition_date": "a purchase on {}",
        "ex_dividend_date": "an ex-dividend date of {}",
        "event_date": "an event on {}",
    }
    if name in phrases:
        return phrases[name].format(value)
    if name == "gross_dividend_jpy":
        return f"a {fmt_yen(value)} dividend"
    if name == "amount_realized_usd":
        return f"for {fmt_usd(value)}"
    if name == "residence":
        return f"a resident of {value}"
    if name.endswith("_jpy"):
        return f"{field_name(name)} {fmt_yen(value)}"
    if name.endswith("_usd") and not isinstance(value, dict | list):
        return f"{field_name(name)} {fmt_usd(value)}"
    return f"{field_name(name)} {value}"


def _both_calculations(first: NumericAnswer, second: NumericAnswer) -> dict[str, Any] | None:
    """The receipt of a two-case answer: shared inputs, then each case's own inputs and result."""
    one, two = first.calculation, second.calculation
    if one is None or two is None:
        return one or two
    shared = {k: v for k, v in one["inputs"].items() if two["inputs"].get(k) == v}
    cases: dict[str, Any] = {}
    for name, calc in (("case_1", one), ("case_2", two)):
        own_inputs = {k: v for k, v in calc["inputs"].items() if k not in shared}
        cases[name] = {"inputs": own_inputs, "status": calc["status"], **calc["result"]}
        if calc["function"] != one["function"]:
            cases[name]["function"] = calc["function"]
    statuses = {one["status"], two["status"]}
    return {
        "function": one["function"],
        "inputs": shared,
        "status": one["status"]
        if len(statuses) == 1
        else ("NEED_INFO" if "NEED_INFO" in statuses else one["status"]),
        "result": cases,
        "flags": list(dict.fromkeys([*one["flags"], *two["flags"]])),
        "rules": list(dict.fromkeys([*one["rules"], *two["rules"]])),
        "steps": ["two cases in one question, each calculated on its own facts"]
        + [f"[case 1] {step}" for step in one["steps"]]
        + [f"[case 2] {step}" for step in two["steps"]],
    }


def _decide_one(question: str, earlier: Sequence[_UserTurn], last_assistant: str | None) -> _Decision:
    """Route one user message given the earlier ones: carry facts into a follow-up, leave rule questions alone."""
    current = extract_facts(question)
    own = dict(current.facts)
    previous = earlier[-1].intent if earlier else None  # a follow-up continues the turn it follows
    answered = (
        reply_facts(question, asked_facts(last_assistant), last_assistant)
        if last_assistant and previous
        else {}
    )
    own.update({k: v for k, v in answered.items() if k not in own})
    intent = detect_intent(question, own)
    facts = own
    follows = previous is not None and bool(
        _FOLLOW_UP.search(question)
        or (intent is None and _has_facts(own))
        or answered
        or (intent == previous and not any(k in own for k in _CALCULATION_AMOUNTS))
    )
    if previous is not None and follows:
        merged: dict[str, Any] = {}
        for turn in earlier:
            merged = merge_facts(merged, turn.facts)
        facts = merge_facts(merged, own)
        if intent is None or (intent == "jp_withholding_rate" and previous == "jp_withholding_amounts"):
            intent = previous
        elif (
            intent == "jp_withholding_amounts"
            and previous == "us_dividend_tax"
            and not re.search(r"withh|japan", question, re.I)
        ):
            intent = "us_dividend_tax"
    elif intent is not None and (
        _conceptual(question, own, intent)
        or (earlier and previous is None and _FOLLOW_UP.search(question) and not _specific(own))
    ):
        intent = None  # a rule question, or a follow-up to one: retrieval answers it
    answer = None if intent is None else _answer(intent, facts, question, current)
    if answer is not None and not follows and _needless_clarify(question, own, answer):
        answer = None
    return _Decision(_UserTurn(MappingProxyType(dict(own)), intent if answer is not None else None), answer)


def _has_facts(facts: Mapping[str, Any]) -> bool:
    keys = set(facts) - {"residence_kind", "is_ads"}
    return bool(keys)


# ---------------------------------------------------------------------------------------------------- formatting


def fmt_yen(value: Any) -> str:
    """``1000000`` → ``¥1,000,000``."""
    return f"¥{int(value):,}"


def fmt_usd(value: Any) -> str:
    """``"1363.64"`` → ``$1,363.64``."""
    amount = Decimal(str(value))
    sign = "−" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def fmt_rate(value: Any) -> str:
    """A fraction (``"0.10"``) → ``10%``."""
    pct = (Decimal(str(value)) * 100).normalize()
    return f"{pct:f}%"


def fmt_pct_units(value: Any) -> str:
    """Percent units (``30``) → ``30%``."""
    return f"{Decimal(str(value)).normalize():f}%"


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


class _Cites:
    """Hands out citation markers in order of first use."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def __call__(self, *rule_ids: str) -> str:
        marks = []
        for rule_id in rule_ids:
            if rule_id not in self.ids:
                self.ids.append(rule_id)
            marks.append(f"[{self.ids.index(rule_id) + 1}]")
        return " " + "".join(marks) if marks else ""


# ---------------------------------------------------------------------------------------------------- inputs


def _json_number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else _plain(value)


def _yen_input(value: Any) -> int | str:
    return _json_number(Decimal(str(value)))


_PAYMENT_SOURCES = ("payment_date", "unassigned_date")


def _date_from(facts: Mapping[str, Any], *keys: str) -> DateFact | None:
    for key in keys:
        value = facts.get(key)
        if isinstance(value, DateFact):
            return value
    return None


def _jp_inputs(facts: Mapping[str, Any], amounts: bool) -> tuple[dict[str, Any], dict[str, DateFact]]:
    inputs: dict[str, Any] = {}
    pending: dict[str, DateFact] = {}
    if "residence" in facts:
        inputs["residence"] = facts["residence"]
    for key in (
        "treaty_with_japan",
        "has_japan_pe",
        "holder_type",
        "held_over_50pct_12m",
        "additional_requirements_met",
        "pension_dividends_from_business",
    ):
        if key in facts:
            inputs[key] = facts[key]
    if "voting_pct" in facts:
        inputs["voting_pct"] = _json_number(facts["voting_pct"])
    dates = {
        "payment_date": _date_from(facts, *_PAYMENT_SOURCES),
        "entitlement_date": _date_from(facts, "entitlement_date"),
        "over_50pct_since": _date_from(facts, "since_date"),
    }
    for key, fact in dates.items():
        if fact is not None:
            pending[key] = fact
    if amounts:
        if "gross_dividend_jpy" in facts:
            inputs["gross_dividend_jpy"] = _yen_input(facts["gross_dividend_jpy"])
        elif "dividend_per_share_jpy" in facts and "shares" in facts:
            inputs["dividend_per_share_jpy"] = _json_number(facts["dividend_per_share_jpy"])
            inputs["shares"] = _json_number(facts["shares"])
            if facts.get("shares_are_ads"):
                inputs["shares_are_ads"] = True
        for key in ("advance_form_filed", "is_ads"):
            if key in facts:
                inputs[key] = facts[key]
        if "actually_withheld_jpy" in facts:
            inputs["actually_withheld_jpy"] = _yen_input(facts["actually_withheld_jpy"])
        elif "withheld_rate" in facts and "gross_dividend_jpy" in facts:
            inputs["actually_withheld_jpy"] = _withheld_from_rate(facts)
    return inputs, pending


def _withheld_from_rate(facts: Mapping[str, Any]) -> int:
    """ "10% withheld" on a stated gross → the yen withheld, fractions of a yen dropped (spec §1.4)."""
    return int(Decimal(str(facts["gross_dividend_jpy"])) * Decimal(str(facts["withheld_rate"])))


def _us_common(facts: Mapping[str, Any], inputs: dict[str, Any]) -> None:
    kind = holder_kind(facts.get("holder_type"))
    if kind is not None:
        inputs["holder_kind"] = kind
    if "voting_pct" in facts:
        inputs["voting_pct"] = _json_number(facts["voting_pct"])
    special = facts.get("special_class")
    if special is None and facts.get("holder_type") == "pension_fund":
        special = "pension_fund"
    if special is not None:
        inputs["special_class"] = special


def _inputs_for(
    intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText
) -> tuple[dict[str, Any], dict[str, DateFact]]:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    sources: tuple[str, ...]
    if intent in {"jp_withholding_rate", "jp_withholding_amounts"}:
        return _jp_inputs(facts, intent == "jp_withholding_amounts")
    if intent == "us_dividend_tax":
        _us_common(facts, inputs)
        if "gross_dividend_jpy" in facts:
            inputs["gross_dividend_jpy"] = _yen_input(facts["gross_dividend_jpy"])
        if "jpy_per_usd" in facts:
            inputs["jpy_per_usd_inclusion"] = _plain(facts["jpy_per_usd"])
        if "actually_withheld_jpy" in facts:
            inputs["jp_tax_withheld_jpy"] = _yen_input(facts["actually_withheld_jpy"])
        elif "withheld_rate" in facts and "gross_dividend_jpy" in facts:
            inputs["jp_tax_withheld_jpy"] = _withheld_from_rate(facts)
        for key in ("advance_form_filed", "holding_period_met"):
            if key in facts:
                inputs[key] = facts[key]
        if "pfic" in facts:
            inputs["pfic_distribution_year"] = facts["pfic"]
        if facts.get("pfic_preceding"):
            inputs["pfic_preceding_year"] = True
        if "ordinary_rate" in facts:
            inputs["ordinary_rate"] = _plain(facts["ordinary_rate"])
        for key, sources in (
            ("payment_date", _PAYMENT_SOURCES),
            ("acquisition_date", ("acquisition_date",)),
            ("disposition_date", ("disposition_date",)),
            ("ex_dividend_date", ("ex_dividend_date",)),
        ):
            fact = _date_from(facts, *sources)
            if fact is not None:
                pending[key] = fact
        return inputs, pending
    if intent == "qdi_holding_period":
        for key, sources in (
            ("acquisition_date", ("acquisition_date", "since_date")),
            ("disposition_date", ("disposition_date",)),
            ("ex_dividend_date", ("ex_dividend_date", "unassigned_date")),
        ):
            fact = _date_from(facts, *sources)
            if fact is not None:
                pending[key] = fact
        if re.search(r"\b120[- ]day", text):
            inputs["window_days"] = 120
        return inputs, pending
    if intent == "us_capital_gain":
        _us_common(facts, inputs)
        if "gain_usd" in facts and not ("basis_usd" in facts and "amount_realized_usd" in facts):
            # only the difference matters (R-48): a stated gain is realized amount less a zero basis
            gain = Decimal(facts["gain_usd"])
            inputs["basis_usd"] = _plain(max(-gain, Decimal(0)))
            inputs["amount_realized_usd"] = _plain(max(gain, Decimal(0)))
        elif "basis_usd" in facts:
            inputs["basis_usd"] = _plain(facts["basis_usd"])
        if "amount_realized_usd" in inputs:
            pass
        elif "amount_realized_usd" in facts:
            inputs["amount_realized_usd"] = _plain(facts["amount_realized_usd"])
        elif "amount_realized_jpy" in facts:
            inputs["amount_realized_jpy"] = _yen_input(facts["amount_realized_jpy"])
            if "jpy_per_usd" in facts:
                inputs["jpy_per_usd_realized"] = _plain(facts["jpy_per_usd"])
        if "pfic" in facts:
            inputs["pfic_holder"] = facts["pfic"]
        capital_dates: tuple[tuple[str, tuple[str, ...]], ...] = (
            ("acquisition_date", ("acquisition_date", "since_date", "payment_date")),
            ("disposition_date", ("disposition_date", "unassigned_date")),
        )
        for key, sources in capital_dates:
            fact = _date_from(facts, *sources)
            if fact is not None:
                pending[key] = fact
        return inputs, pending
    if intent == "jp_tax_on_disposal":
        if "sale_location" in facts:
            inputs["sale_location"] = facts["sale_location"]
        if facts.get("residence_kind") == "JP":
            inputs["is_nonresident"] = False
        if "has_japan_pe" in facts:
            inputs["has_japan_pe"] = facts["has_japan_pe"]
        return inputs, pending
    if intent == "qdi_window":
        fact = _date_from(facts, "ex_dividend_date")
        if fact is not None:
            pending["ex_dividend_date"] = fact
        if re.search(r"\b120[- ]day", text):
            inputs["window_days"] = 120
        return inputs, pending
    if intent == "distribution_split":
        for key, source in (
            ("distribution_usd", "distribution_usd"),
            ("earnings_and_profits_usd", "earnings_and_profits_usd"),
            ("basis_usd", "basis_usd"),
        ):
            if source in facts:
                inputs[key] = _plain(facts[source])
        if "distribution_usd" not in inputs and facts.get("usd_amounts"):
            inputs["distribution_usd"] = _plain(facts["usd_amounts"][0])
        return inputs, pending
    if intent == "fx_gain_loss":
        if "jpy_per_usd" in facts:
            inputs["jpy_per_usd_inclusion"] = _plain(facts["jpy_per_usd"])
        if "jpy_per_usd_conversion" in facts:
            inputs["jpy_per_usd_conversion"] = _plain(facts["jpy_per_usd_conversion"])
        yen = facts.get("gross_dividend_jpy", facts.get("amount_realized_jpy"))
        if yen is not None and not re.search(r"convert\w*\s+(?:the\s+|my\s+)?(?:¥|jpy|yen)", text, re.I):
            withheld = facts.get("actually_withheld_jpy")
            if withheld is None and "withheld_rate" in facts:
                withheld = _withheld_from_rate(facts)
            if withheld is not None:
                yen = Decimal(str(yen)) - Decimal(str(withheld))  # the yen actually received and converted
        if yen is not None:
            inputs["yen_amount"] = _yen_input(yen)
        return inputs, pending
    if intent == "pfic_holder_status":
        for key in ("held_years", "pfic_years"):
            if key in facts:
                inputs[key] = list(facts[key])
        return inputs, pending
    if intent == "ads_second_form_deadline":
        fact = _date_from(facts, "fiscal_year_end_date", "unassigned_date")
        if fact is not None:
            pending["fiscal_year_end"] = fact
        return inputs, pending
    if intent.startswith("not_stated:"):
        return {"topic": intent.split(":", 1)[1]}, pending
    if intent == "pfic_allocate":
        pfic_dates: tuple[tuple[str, tuple[str, ...]], ...] = (
            ("acquisition_date", ("acquisition_date", "since_date")),
            ("event_date", ("disposition_date", "payment_date", "unassigned_date")),
        )
        for key, sources in pfic_dates:
            fact = _date_from(facts, *sources)
            if fact is not None:
                pending[key] = fact
    return _pfic_inputs(intent, facts, text, ex), pending


def _date_spans(ex: ExtractedText) -> list[tuple[int, int]]:
    return [(mention.start, mention.end) for _, mention in ex.dates]


def _pfic_inputs(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> dict[str, Any]:
    skip = _date_spans(ex)
    inputs: dict[str, Any] = {}
    if intent == "pfic_excess_distribution":
        prior = number_list_before(
            text,
            r"\s*(?:in|for|over|during)\s+(?:each\s+of\s+)?(?:the|its|my)\s+(?:\w+\s+)?"
            r"(?:prior|previous|preceding|past|earlier|last)\b",
            skip,
        ) or number_list_after(
            text, r"\b(?:prior|previous|preceding|past|earlier|last\s+(?:three|3|two|2))\b[^0-9$]*?", skip
        )
        current = number_list_after(
            text, r"\b(?:this\s+year|current\s+year|current|now|this\s+time)\b[^0-9$]*?", skip
        )
        if not current:
            m = re.search(
                r"(?P<num>[$¥]?\s*[\d,.]+\s*[km]?)\s+(?:this\s+year|in\s+the\s+current\s+year|now)\b",
                text,
                re.I,
            )
            if m:
                current = [n.value for n in parse_numbers(m.group("num"))]
        if prior:
            inputs["prior_year_distributions_usd"] = [_json_number(v) for v in prior]
        if current:
            inputs["current_year_distributions_usd"] = _json_number(current[0])
        return inputs
    if intent == "pfic_test":
        gross = number_list_after(text, r"\b(?:gross|total)\s+income\b(?:\s+(?:of|is|was|=|:))?", skip)
        passive = number_list_after(text, r"\bpassive\s+income\b(?:\s+(?:of|is|was|=|:))?", skip)
        share = _share_of(
            text, r"\bpassive\s+income\b(?:\s+(?:of|is|was|=|:))?", r"(?:gross|total)(?:\s+income)?"
        )
        if share:
            passive, gross = share[0][:1], share[1][:1]
        which = re.search(
            r"\b(?:gross|total)\s+income\s+(?:of\s+|is\s+|was\s+|are\s+|were\s+|(?:would\s+)?be\s+|=\s*|:\s*)?(?P<g>[$¥]?\s*"
            + NUM_SUFFIXED
            + r")\s*,?\s*(?:of\s+which|including|with)\s+(?P<p>[$¥]?\s*"
            + NUM_SUFFIXED
            + r")\s+(?:is\s+|was\s+|are\s+|were\s+)?passive",
            text,
            re.I,
        )
        if which:
            gross = [n.value for n in parse_numbers(which.group("g"))]
            passive = [n.value for n in parse_numbers(which.group("p"))]
        m = re.search(
            r"(?P<p>[$¥]?[\d,.]+\s*(?:k|m|bn|million|billion)?)\s+(?:of|out\s+of)\s+(?P<g>[$¥]?[\d,.]+\s*(?:k|m|bn|million|billion)?)\s+(?:(?:of|in)\s+)?(?:its\s+|the\s+)?(?:gross\s+)?income",
            text,
            re.I,
        )
        if m and not (gross and passive):
            passive = [n.value for n in parse_numbers(m.group("p"))]
            gross = [n.value for n in parse_numbers(m.group("g"))]
        if gross and passive:
            inputs["gross_income"] = _json_number(gross[0])
            inputs["passive_income"] = _json_number(passive[0])
        pq = number_list_after(text, r"\bpassive\s+assets\b[^0-9$¥]*?", skip)
        tq = number_list_after(text, r"\btotal\s+assets\b[^0-9$¥]*?", skip)
        asset_share = _share_of(
            text, r"\bpassive\s+assets\b[^0-9$¥]*?", r"(?:total(?:\s+assets)?)", lists=True
        )
        if asset_share and not tq:
            pq, tq = asset_share
            if len(tq) == 1 and len(pq) == 4:
                tq = tq * 4  # "30, 40, 40, 30 of 100": each quarter out of the same total
        if pq and tq:
            if len(tq) == 1 and re.search(
                r"each\s+quarter|every\s+quarter|all\s+(?:four\s+)?quarters", text, re.I
            ):
                tq = tq * 4
            if len(pq) == 1 and re.search(
                r"passive\s+assets\s+(?:of\s+)?[$¥]?[\d,.]+\s*(?:k|m|bn)?\s+(?:each|every)\s+quarter",
                text,
                re.I,
            ):
                pq = pq * 4
            inputs["passive_assets_q"] = [_json_number(v) for v in pq]
            inputs["total_assets_q"] = [_json_number(v) for v in tq]
        return inputs
    if intent == "pfic_allocate":
        amounts = (
            facts.get("usd_amounts")
            or ([facts["gain_usd"]] if "gain_usd" in facts else [])
            or [n.value for n in parse_numbers(text, skip) if not n.is_pct][:1]
        )
        if amounts:
            inputs["amount_usd"] = _json_number(amounts[0])
        return inputs
    if intent == "pfic_mark_to_market":
        return _mtm_inputs(facts, text)
    return inputs


NUM_SUFFIXED = r"[\d,.]+\s*(?:k|m|bn|b|million|billion|thousand)?"


def number_list_before(text: str, cue: str, skip: list[tuple[int, int]] | None = None) -> list[Decimal]:
    """The run of numbers ("$100, $100 and $100") that ends right before the first match of ``cue``."""
    for m in re.finditer(cue, text, re.I):
        numbers = [n for n in parse_numbers(text[: m.start()], skip) if not n.is_pct]
        run: list[Decimal] = []
        end = m.start()
        for number in reversed(numbers):
            gap = text[number.end : end]
            if not re.fullmatch(r"\s*(?:,|/|;|and|&|,\s*and)?\s*(?:\$|¥)?\s*", gap, re.I):
                break
            run.insert(0, number.value)
            end = number.start
        if run:
            return run
    return []


def _share_of(
    text: str, cue: str, total_cue: str, lists: bool = False
) -> tuple[list[Decimal], list[Decimal]] | None:
    """ "passive income 60 of gross 100" / "passive assets 30, 40, 40, 30 out of 100" → (part, total)."""
    m = re.search(cue, text, re.I)
    if m is None:
        return None
    part = number_list_after(text, cue)
    if not part or not lists:
        part = part[:1]
    if not part:
        return None
    tail = re.match(
        r"\s*(?:(?:of|is|was|were|are|=|:)\s+)?(?:[$¥]?\s*"
        + NUM_SUFFIXED
        + r"\s*(?:,|and|&)?\s*){1,4}?(?:of|out\s+of|from)\s+(?:(?:a|the|its)\s+)?"
        r"(?:" + total_cue + r"\s+)?(?:of\s+|is\s+|was\s+)?",
        text[m.end() :],
        re.I,
    )
    if tail is None:
        return None
    rest = text[m.end() + tail.end() :]
    if not re.match(r"\s*[$¥]?\s*\d", rest):
        return None
    total = number_list_after(rest, r"^")
    return (part, total if lists else total[:1]) if total else None


def _mtm_first_year(text: str) -> int:
    m = re.search(
        r"\b(?:from|starting(?:\s+in)?|beginning(?:\s+in)?|first\s+year(?:\s+is)?)\s+((?:19|20)\d{2})\b",
        text,
        re.I,
    )
    return int(m.group(1)) if m else 1


def _mtm_inputs(facts: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Mark-to-market inputs from the amounts the conversation states, each read by the words beside it.

    Year-end values must run without a gap from the first year end (or name their calendar years); when an amount
    cannot be told apart, or a year end is skipped, none is guessed and the calculator asks for them.
    """
    inputs: dict[str, Any] = {}
    mtm = facts.get("mtm")
    basis = mtm.basis if isinstance(mtm, MarkToMarket) and mtm.basis is not None else facts.get("basis_usd")
    if basis is not None:
        inputs["initial_basis_usd"] = _json_number(Decimal(str(basis)))
    if not isinstance(mtm, MarkToMarket):
        return inputs
    if mtm.prior_inclusions is not None:
        inputs["prior_unreversed_inclusions_usd"] = _json_number(mtm.prior_inclusions)
    positions = [position for position, _ in mtm.values]
    first = positions[0] if positions else 0
    contiguous = positions == list(range(first, first + len(positions)))
    if mtm.unclear or not mtm.values or not contiguous or (not mtm.years_are_calendar and first != 1):
        return inputs
    offset = 0 if mtm.years_are_calendar else _mtm_first_year(text) - 1
    inputs["years"] = [
        {"year": position + offset, "fmv_usd": _json_number(value)} for position, value in mtm.values
    ]
    if mtm.sale is not None:
        inputs["sale"] = {"year": inputs["years"][-1]["year"] + 1, "price_usd": _json_number(mtm.sale)}
    return inputs


def _by_year(values: Any, years: list[str]) -> dict[str, str] | None:
    """Per-year fractions for ``years``: from a {year: value} map, or a list in year order (one value for all)."""
    if isinstance(values, dict):
        # only the years the user gave a rate for: the calculator asks for the others
        known = {y: _plain(values[int(y)]) for y in years if int(y) in values}
        return known or None
    pairs = spread_over(years, list(values or ()))
    return None if pairs is None else {y: _plain(v) for y, v in pairs}


def _pfic_allocate_years(facts: Mapping[str, Any], inputs: dict[str, Any], result: Result) -> bool:
    """Fill top rates / interest factors per prior year from the rates the conversation states."""
    years = sorted((result.get("allocation_by_year") or {}).keys())
    if not years:
        return False
    changed = False
    for name, key in (("top_rate_by_year", "top_rates"), ("interest_factor_by_year", "interest_factors")):
        if name in inputs or key not in facts:
            continue
        values = _by_year(facts[key], years)
        if values is not None:
            inputs[name] = values
            changed = True
    return changed


# ---------------------------------------------------------------------------------------------------- running


def _call(function: str, inputs: Mapping[str, Any]) -> Result:
    with stage("calculate"):
        return FUNCTIONS[function](**inputs)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _signature(value: Any) -> Any:
    """The decision a result encodes, without its dates, steps, flags and rules (for whole-month checks)."""
    if isinstance(value, dict):
        return tuple(
            (k, _signature(v))
            for k, v in sorted(value.items())
            if k not in {"steps", "flags", "rules", "note"}
        )
    if isinstance(value, list):
        return tuple(_signature(v) for v in value)
    if isinstance(value, str) and _ISO.match(value):
        return "<date>"
    return value


def _resolve_dates(
    function: str, inputs: dict[str, Any], pending: Mapping[str, DateFact]
) -> tuple[list[str], list[str]]:
    """Turn day facts into ISO inputs; a month or year only when every day in it gives the same result."""
    notes: list[str] = []
    missing: list[str] = []
    for key, fact in pending.items():
        if fact.kind == "day":
            inputs[key] = fact.iso
            continue
        days = fact.days()
        if not days:
            missing.append(key)
            continue
        signatures = set()
        try:
            for day in days:
                signatures.add(_signature(_call(function, {**inputs, key: day.isoformat()})))
                if len(signatures) > 1:
                    break
        except InvalidInput:
            signatures = {None, 0}
        if len(signatures) == 1:
            inputs[key] = days[0].isoformat()
            notes.append(f"any day in {fact.raw} gives the same result")
        else:
            missing.append(key)
    return notes, missing


# ---------------------------------------------------------------------------------------------------- answer


_FIELD_QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "residence": ("In which country is the holder resident for tax purposes?", ()),
    "payment_date": (
        "On what date was the dividend paid (day, month and year)? The Treaty applies to amounts taxable "
        "on or after July 1, 2004, and the Prior Treaty rates apply before that.",
        ("R-07",),
    ),
    "holder_type": ("Is the holder an individual, a corporation or a pension fund?", ()),
    "holder_kind": ("Is the U.S. holder an individual or a corporation?", ()),
    "voting_pct": (
        "What percentage of IIJ's voting shares does the holder own on the date on which entitlement to "
        "the dividend is determined?",
        ("R-09",),
    ),
    "held_over_50pct_12m": (
        "Has the corporation owned more than 50% of IIJ's voting shares for the whole twelve months ending on "
        "the date on which entitlement to the dividend is determined?",
        ("R-10b",),
    ),
    "over_50pct_since": (
        "Since what date has the corporation owned more than 50% of the voting shares?",
        ("R-10b",),
    ),
    "entitlement_date": (
        "On what date is entitlement to the dividend determined (the record date)?",
        ("R-10b",),
    ),
    "pension_dividends_from_business": (
        "Are the dividends derived from the carrying on of a business by the pension fund?",
        ("R-10c",),
    ),
    "treaty_with_japan": (
        "Does {country} have an income tax treaty with Japan that reduces the withholding rate? The report's list "
        "of treaty countries is not exhaustive.",
        ("R-13b",),
    ),
    "holding_period": (
        "Did the holder hold the shares for more than 60 days during the 121-day period beginning 60 days "
        "before the ex-dividend date (or what were the purchase, sale and ex-dividend dates)?",
        ("R-35b",),
    ),
    "gross_dividend_jpy": ("How large is the dividend, in yen?", ()),
    "jpy_per_usd_inclusion": (
        "What was the yen/dollar spot rate on the date the dividend was includible in income?",
        ("R-40",),
    ),
    "acquisition_date": ("On what date were the shares bought (day, month and year)?", ()),
    "disposition_date": ("On what date were the shares sold (day, month and year)?", ()),
    "ex_dividend_date": ("What is the ex-dividend date (day, month and year)?", ()),
    "basis_usd": ("What is the tax basis of the shares, in U.S. dollars?", ("R-48",)),
    "amount_realized_usd": (
        "How much was realized on the sale (in dollars, or in yen together with the yen/dollar rate)?",
        ("R-48",),
    ),
    "sale_location": ("Were the shares sold outside Japan or within Japan?", ()),
    "current_year_distributions_usd": ("What were the distributions in the current taxable year?", ("R-68",)),
    "prior_year_distributions_usd": (
        "What were the distributions in each of the preceding taxable years (up to three)?",
        ("R-68",),
    ),
    "amount_usd": ("What is the amount of the excess distribution or gain to allocate?", ("R-69",)),
    "event_date": ("On what date was the distribution received or the shares sold?", ("R-69",)),
    "fiscal_year_end": (
        "What is IIJ's fiscal year end (it is not in this part of the report)?",
        (),
    ),
    "ads_to_share_ratio": (
        "How many shares does each ADS represent (the ratio is not in this part of the report)?",
        (),
    ),
    "initial_basis_usd": ("What was the initial basis of the shares?", ("R-79",)),
    "gross_income": ("What are IIJ's gross income and passive income for the year?", ("R-62",)),
    "passive_income": ("What are IIJ's gross income and passive income for the year?", ("R-62",)),
    "passive_assets_q": ("What were the passive and total assets at each quarter?", ("R-63",)),
    "total_assets_q": ("What were the passive and total assets at each quarter?", ("R-63",)),
    "yen_amount": ("How many yen were converted?", ()),
    "distribution_usd": ("How large was the distribution, in U.S. dollars?", ("R-43",)),
    "earnings_and_profits_usd": (
        "How much current and accumulated earnings and profits (for U.S. tax purposes) stand behind it?",
        ("R-43",),
    ),
    "jpy_per_usd_conversion": ("At what yen/dollar rate were the yen converted into dollars?", ("R-41",)),
    "held_years": ("In which taxable years did you hold the shares or ADSs?", ("R-61",)),
    "pfic_years": ("In which of IIJ's taxable years was IIJ a PFIC?", ("R-82",)),
    "years": (
        "What was the fair market value of the shares at the end of each taxable year since the election, in order "
        "(first year end, second, …)?",
        ("R-76",),
    ),
    "sale": ("In which year were the shares sold, and for how much?", ("R-78",)),
    "advance_form_filed": (
        "Was the treaty application form filed in advance, before the dividend was paid?",
        ("R-14",),
    ),
    "shares": ("How many shares (or ADSs) received the dividend?", ()),
    "dividend_per_share_jpy": ("How much is the dividend per share, in yen?", ()),
    "jpy_per_usd_realized": ("What was the yen/dollar rate on the date of the sale?", ("R-48",)),
    "amount_realized_jpy": ("How much was realized on the sale, in yen?", ("R-48",)),
    "holding_period_met": (
        "Did the holder hold the shares for more than 60 days during the 121-day period beginning 60 days "
        "before the ex-dividend date?",
        ("R-35b",),
    ),
    "additional_requirements_met": (
        "Does the corporation meet IIJ's additional treaty requirements for the 0% rate (the 20-F does not define "
        "them)?",
        ("R-10b",),
    ),
    "has_japan_pe": (
        "Does the holder have a permanent establishment in Japan to which the shares are attributable?",
        ("R-01",),
    ),
    "ordinary_rate": ("What is the holder's ordinary income tax rate?", ("R-81",)),
    "current_year_ordinary_rate": ("What is your ordinary income tax rate for the current year?", ("R-70",)),
    "prior_unreversed_inclusions_usd": (
        "How much mark-to-market income was included in earlier years and not yet reversed?",
        ("R-78",),
    ),
    "topic": ("Which figure would you like?", ()),
    "top_rate_by_year": ("What was the highest tax rate in effect for each prior year?", ("R-71",)),
    "interest_factor_by_year": ("What interest factor applies to each prior year's deferred tax?", ("R-72",)),
}

# Plain names of calculator inputs, for questions and error messages (never the raw input name).
_FIELD_NAMES: dict[str, str] = {
    "gross_dividend_jpy": "gross dividend",
    "dividend_per_share_jpy": "dividend per share",
    "actually_withheld_jpy": "tax withheld",
    "jp_tax_withheld_jpy": "Japanese tax withheld",
    "voting_pct": "voting percentage",
    "payment_date": "payment date",
    "entitlement_date": "record date",
    "over_50pct_since": "date since which more than 50% was held",
    "acquisition_date": "purchase date",
    "disposition_date": "sale date",
    "ex_dividend_date": "ex-dividend date",
    "event_date": "date of the distribution or sale",
    "jpy_per_usd_inclusion": "yen/dollar rate",
    "jpy_per_usd_conversion": "conversion rate",
    "jpy_per_usd_realized": "yen/dollar rate on the sale date",
    "ftc_jpy_per_usd": "yen/dollar rate for the credit",
    "basis_usd": "basis",
    "initial_basis_usd": "initial basis",
    "amount_realized_usd": "amount realized",
    "amount_realized_jpy": "amount realized in yen",
    "amount_usd": "amount to allocate",
    "top_rate_by_year": "highest tax rates",
    "interest_factor_by_year": "interest factors",
    "years": "year-end values",
    "sale": "sale",
    "yen_amount": "yen amount",
    "distribution_usd": "distribution",
    "earnings_and_profits_usd": "earnings and profits",
    "gross_income": "gross income",
    "passive_income": "passive income",
    "passive_assets_q": "passive assets",
    "total_assets_q": "total assets",
    "current_year_distributions_usd": "current-year distributions",
    "prior_year_distributions_usd": "prior-year distributions",
    "ordinary_rate": "ordinary tax rate",
    "fiscal_year_end": "fiscal year end",
    "held_years": "years held",
    "pfic_years": "PFIC years",
    "shares": "number of shares",
    "residence": "country of residence",
    "window_days": "holding-period window",
}


def field_name(name: str) -> str:
    """A calculator input in plain words ("years[1].fmv_usd" → "year-end values")."""
    base = re.split(r"[.\[]", name, maxsplit=1)[0]
    if base.startswith("top_rate_"):
        return f"highest tax rate for {base.removeprefix('top_rate_')}"
    return _FIELD_NAMES.get(base, "one of the figures")


def question_for(name: str) -> str:
    """The question a clarification asks for one missing calculator input, without citation markers."""
    return re.sub(r"\s*\[\d+\]", "", _field_question(name, {}, _Cites()))


def _field_question(name: str, facts: Mapping[str, Any], cite: _Cites) -> str:
    """The question that asks for one missing input, in plain words, citing the rule that needs it."""
    if re.fullmatch(r"top_rate_\d{4}", name):
        year = name.removeprefix("top_rate_")
        return f"What was the highest tax rate in effect for {year}? The report gives no top rates.{cite('R-71')}"
    base = re.split(r"[.\[]", name, maxsplit=1)[0]
    text, rules = _FIELD_QUESTIONS.get(
        name,
        _FIELD_QUESTIONS.get(base, (f"What is the {field_name(name)} for this calculation?", ())),
    )
    if "{country}" in text:
        text = text.format(country=facts.get("residence", "the country"))
    extra = ""
    if name == "holder_type" and facts.get("is_llc"):
        extra = " (An LLC counts as a corporation only if it is taxed as one.)"
    return text.rstrip() + extra + cite(*rules)


def _calculation(
    function: str, inputs: Mapping[str, Any], result: Result, steps_prefix: list[str]
) -> dict[str, Any]:
    body = {k: v for k, v in result.items() if k not in {"status", "flags", "rules", "steps"}}
    return {
        "function": function,
        "inputs": dict(inputs),
        "status": result.get("status", "OK"),
        "result": body,
        "flags": list(result.get("flags", [])),
        "rules": list(result.get("rules", [])),
        "steps": steps_prefix + list(result.get("steps", [])),
    }


def _answer(intent: str, facts: dict[str, Any], question: str, ex: ExtractedText) -> NumericAnswer:
    function = "not_stated" if intent.startswith("not_stated:") else intent
    if intent == "qdi_window":
        return _answer_window(facts, question, ex)
    if function == "jp_withholding_amounts" and not any(
        k in facts for k in ("gross_dividend_jpy", "dividend_per_share_jpy")
    ):
        function = "jp_withholding_rate"
    inputs, pending = _inputs_for(
        intent if function != "jp_withholding_rate" else function, facts, question, ex
    )
    steps = [f"question routed to {function}"]
    if function == "us_dividend_tax":
        _infer_holding_period(facts, inputs, steps)
    notes: list[str] = []
    if "payment_date" not in pending and facts.get("regime_hint") and function.startswith("jp_"):
        hint_date = "2004-07-01" if facts["regime_hint"] == "treaty" else "2004-06-30"
        pending = {
            **pending,
            "payment_date": DateFact(
                "day", int(hint_date[:4]), int(hint_date[5:7]), int(hint_date[8:]), hint_date
            ),
        }
        notes.append("treaty" if facts["regime_hint"] == "treaty" else "prior")
        steps.append(f"'{facts['regime_hint']} treaty' stated: payment date taken as {hint_date}")
    try:
        date_notes, date_missing = _resolve_dates(function, inputs, pending)
        for key, fact in pending.items():
            if fact.kind == "day" and not is_real_date(fact):
                steps.append(f"{key} {fact.raw} is not a calendar date")
        if function == "us_dividend_tax" and "jpy_per_usd_inclusion" not in inputs:
            date_missing.append("jpy_per_usd_inclusion")
        if date_missing:
            result = (
                _call(function, inputs)
                if function != "us_dividend_tax" or "jpy_per_usd_inclusion" in inputs
                else {}
            )
            return _clarify(function, inputs, result, date_missing, facts, steps)
        result = _call(function, inputs)
        if (
            function == "pfic_allocate"
            and result.get("status") == "NEED_INFO"
            and _pfic_allocate_years(facts, inputs, result)
        ):
            result = _call(function, inputs)
        branches: dict[str, Result] | None = None
        missing = list(result.get("missing", []))
        answerable = _answerable_without(function, result, question) if missing else []
        others = [m for m in missing if m != "advance_form_filed"]
        if (
            "advance_form_filed" in missing
            and "advance_form_filed" not in inputs
            and not (others and answerable)
        ):
            filed = _call(function, {**inputs, "advance_form_filed": True})
            not_filed = _call(function, {**inputs, "advance_form_filed": False})
            if not others and filed.get("status") != "NEED_INFO" and not_filed.get("status") != "NEED_INFO":
                branches = {"form_filed": filed, "form_not_filed": not_filed}
            else:
                return _clarify(
                    function, inputs, filed, others or list(filed.get("missing", [])), facts, steps
                )
    except InvalidInput as error:
        return _invalid(function, inputs, error, steps)
    partial: list[str] = []
    if branches is None and result.get("status") == "NEED_INFO":
        partial = answerable
        if not partial:
            return _clarify(function, inputs, result, list(result.get("missing", [])), facts, steps)
        steps.append(f"not needed for the figure asked: {', '.join(partial)}")
    if branches is None:
        calculation = _calculation(function, inputs, result, steps)
        status = str(result.get("status"))
    else:
        filed, not_filed = branches["form_filed"], branches["form_not_filed"]
        calculation = {
            "function": function,
            "inputs": dict(inputs),
            "status": str(filed.get("status")),
            "result": {
                name: {k: v for k, v in r.items() if k not in {"status", "flags", "rules", "steps"}}
                for name, r in branches.items()
            },
            "flags": list(dict.fromkeys([*filed.get("flags", []), *not_filed.get("flags", [])])),
            "rules": list(dict.fromkeys([*filed.get("rules", []), *not_filed.get("rules", [])])),
            "steps": steps
            + [f"[form filed] {s}" for s in filed.get("steps", [])]
            + [f"[form not filed] {s}" for s in not_filed.get("steps", [])],
        }
        status = str(filed.get("status"))
        result = filed
    cite = _Cites()
    composer = _COMPOSERS.get(function, _compose_generic)
    sentences = composer(function, inputs, result, branches, facts, cite, question)
    sentences += _partial_notes(partial, cite)
    sentences += _disclosures(calculation["flags"], inputs, facts, cite, notes + date_notes)
    text = " ".join(s.strip() for s in sentences if s.strip())
    if partial and function == "pfic_allocate" and _asks_deferred_tax(question):
        return NumericAnswer("clarify", text, cite.ids, calculation, partial)
    return NumericAnswer(_route_for(function, status), text, cite.ids, calculation, partial)


@dataclass(frozen=True)
class _Ask:
    """One figure a U.S. dividend question may ask for: the answer part that states it and the result field."""

    part: str
    field: str
    pattern: re.Pattern[str]


# What a U.S. dividend question asks for. The one table both decides which missing facts the figures asked can do
# without (``_answerable_without``) and which part of the answer leads (``_compose_us_dividend``).
_US_DIVIDEND_ASKS: tuple[_Ask, ...] = (
    _Ask(
        "income",
        "gross_dividend_usd",
        re.compile(
            r"\bgross\s+income\b|\bhow\s+much\s+(?:\w+\s+)?income|\bdividend\s+income\b|\bincome\s+in\b|"
            r"\binclud\w*|\breport\b|\bon\s+my\s+(?:u\.?s\.?\s+)?return\b|\bin\s+(?:u\.?s\.?\s+)?(?:dollars|usd|\$)|"
            r"\bgross\s+in\b|\bdollar\s+(?:value|amount)\b|\btaxable\s+(?:income|amount)\b",
            re.I,
        ),
    ),
    _Ask(
        "tax",
        "qualified_dividend",
        re.compile(
            r"\b(?:u\.?s\.?|federal|american)\s+(?:federal\s+)?(?:income\s+)?tax\b(?!\s+(?:credit|liability|purposes))|"
            r"\bqdi\b|\bqualif\w*|\b15\s*%|\bhow\s+much\s+tax\b|\btax\s+(?:do|would|will|should|must)\s+(?:i|we)\b|"
            r"\bowe\b|\btaxed\b|\bmax(?:imum)?\s+tax\b|"
            r"(?<!inclusion\s)(?<!exchange\s)(?<!spot\s)(?<!conversion\s)(?<!fx\s)(?<!yen\s)(?<!dollar\s)\brate\b"
            r"(?!\s+(?:of\s+|is\s+|was\s+|=\s*)?[¥$]?\s*\d+(?:\.\d+)?(?!\s*%))",
            re.I,
        ),
    ),
    _Ask("credit", "ftc_creditable_jpy", re.compile(r"\bcredit\w*|\bftc\b|\brefund\w*|\breclaim\w*", re.I)),
    _Ask(
        "tax", "dividends_received_deduction", re.compile(r"dividends?[- ]received\s+deduction|\bdrd\b", re.I)
    ),
)


def _answerable_without(function: str, result: Result, question: str) -> list[str]:
    """The missing facts that do not change the figures asked, when those figures are computed.

    U.S. dividend: gross income needs no holding period, holder kind or payment date; the dividends-received
    deduction needs only the holder kind; U.S. tax is settled once the dividend is known not to be qualified.
    The Japanese rate, and so the foreign tax credit, needs the payment date. PFIC allocation: the per-year
    allocation needs no top rates; only the deferred tax does.
    """
    missing = list(result.get("missing", []))
    if not missing:
        return []
    if function == "us_dividend_tax":
        asked = [ask.field for ask in _US_DIVIDEND_ASKS if ask.pattern.search(question)]
        if not asked or result.get("gross_dividend_usd") is None:
            return []
        for field in asked:
            if field == "dividends_received_deduction":
                if "holder_kind" in missing:
                    return []
            elif result.get(field) is None:
                return []
        return missing
    if (
        function == "pfic_allocate"
        and all(m.startswith("top_rate_") for m in missing)
        and result.get("allocation_by_year") is not None
    ):
        return missing
    return []


def _date_bounds(fact: DateFact) -> tuple[date, date] | None:
    """The first and last calendar day a date fact can stand for."""
    if fact.kind == "day":
        return (
            (date.fromisoformat(fact.iso), date.fromisoformat(fact.iso))
            if is_real_date(fact) and fact.iso
            else None
        )
    days = fact.days()
    if days:
        return days[0], days[-1]
    if fact.kind == "vague" and fact.year is not None:
        return date(fact.year, 1, 1), date(fact.year, 12, 31)
    return None


def _infer_holding_period(facts: Mapping[str, Any], inputs: dict[str, Any], steps: list[str]) -> None:
    """Shares held since more than a year before the payment, and not sold, meet the QDI holding period.

    The holding period asks for more than 60 days in the 121 days around the ex-dividend date, which falls before
    the payment; a holder who bought more than a year before the payment and still holds has met it, as does
    one who says "held for over a year".
    """
    if "holding_period_met" in inputs or any(k in facts for k in ("ex_dividend_date", "disposition_date")):
        return
    acquired = _date_from(facts, "acquisition_date", "since_date")
    paid = _date_from(facts, *_PAYMENT_SOURCES)
    acquired_bounds = _date_bounds(acquired) if acquired else None
    paid_bounds = _date_bounds(paid) if paid else None
    if acquired is None or paid is None or acquired_bounds is None or paid_bounds is None:
        return
    if (paid_bounds[0] - acquired_bounds[1]).days > 365:
        inputs["holding_period_met"] = True
        steps.append(
            f"held since {acquired.raw}, more than a year before the payment ({paid.raw}), and not sold: "
            "holding period taken as met"
        )


def _asks_deferred_tax(question: str) -> bool:
    return bool(re.search(r"deferred|\btax\b|interest|\bowe\b|top\s+rate|highest\s+rate", question, re.I))


def _join(items: Sequence[str]) -> str:
    """ "2001", "2001 and 2002", "2001, 2002 and 2003"."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _years(values: Iterable[Any]) -> str:
    """Years (or any values) joined as text: ``[2001, 2002]`` → "2001 and 2002"."""
    return _join([str(v) for v in values])


def _partial_notes(partial: Sequence[str], cite: _Cites) -> list[str]:
    if not partial:
        return []
    top_years = [m.removeprefix("top_rate_") for m in partial if m.startswith("top_rate_")]
    if top_years:
        return [
            f"The deferred tax on each prior year's share is taxed at the highest rate in effect for that year"
            f"{cite('R-71')}, which the report does not give. What was the highest tax rate in effect for "
            f"{_join(top_years)}?"
        ]
    notes = []
    if "payment_date" in partial:
        notes.append(
            f"The Japanese tax withheld, and so the foreign tax credit, depends on the payment date: the Treaty applies "
            f"to amounts taxable on or after July 1, 2004{cite('R-07')}. The date does not change these figures."
        )
    open_conditions = [
        condition
        for name, condition in (
            ("holding_period", "the holding period"),
            ("holder_kind", "the holder being noncorporate"),
        )
        if name in partial
    ]
    if open_conditions:
        depends = " and on ".join(open_conditions)
        verb = "do" if len(open_conditions) > 1 else "does"
        notes.append(
            f"Whether it is qualified dividend income (taxed at a maximum of 15%{cite('R-34')}) depends on {depends}, "
            f"which {verb} not change these figures."
        )
    return notes


def _answer_window(facts: Mapping[str, Any], question: str, ex: ExtractedText) -> NumericAnswer:
    """The QDI window for an ex-dividend date alone: the window does not depend on the purchase date."""
    function = "qdi_holding_period"
    inputs: dict[str, Any] = {}
    if re.search(r"\b120[- ]day", question):
        inputs["window_days"] = 120
    steps = [f"question routed to {function} (window only)"]
    ex_date = _date_from(facts, "ex_dividend_date")
    if ex_date is None or ex_date.kind != "day" or not is_real_date(ex_date):
        return _clarify(function, inputs, {}, ["ex_dividend_date"], facts, steps)
    inputs["ex_dividend_date"] = ex_date.iso
    # The calculator reports the window only with a purchase date; a purchase on the ex-dividend date is used
    # to read it (the window is the same for every purchase date) and the days-held figure is not reported.
    probe = {**inputs, "acquisition_date": ex_date.iso}
    steps.append("window read with acquisition_date = ex_dividend_date; days held not used")
    try:
        result = _call(function, probe)
    except InvalidInput as error:
        return _invalid(function, inputs, error, steps)
    window = {k: result[k] for k in ("window_days", "window_start", "window_end")}
    calculation = _calculation(function, probe, {**result, **window}, steps)
    calculation["result"] = {**window, "note": result.get("note")}
    cite = _Cites()
    rule = "R-35b" if window["window_days"] == 121 else "R-34"
    text = (
        f"For an ex-dividend date of {inputs['ex_dividend_date']}, the {window['window_days']}-day period beginning 60 "
        f"days before the ex-dividend date runs from {window['window_start']} to {window['window_end']}{cite(rule)}; "
        f"the shares must be held for more than 60 days during it{cite('R-34')}. The report's other holding period "
        "requirements are not checked."
    )
    return NumericAnswer("calculator", text, cite.ids, calculation)


# Functions whose NOT_STATED result has no figure at all: the answer is "the report does not say".
_NO_FIGURE_WHEN_NOT_STATED = frozenset({"jp_withholding_rate", "not_stated"})


def _route_for(function: str, status: str) -> Route:
    """A situation the report excludes, or a figure it never gives, is out of scope; anything computed is not."""
    if status == "OUT_OF_SCOPE" or (status == "NOT_STATED" and function in _NO_FIGURE_WHEN_NOT_STATED):
        return "out_of_scope"
    return "calculator"


def _clarify(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    missing: list[str],
    facts: Mapping[str, Any],
    steps: list[str],
) -> NumericAnswer:
    missing = [m for m in dict.fromkeys(missing) if m != "advance_form_filed"]
    if "holding_period" in missing and "holder_kind" in missing:
        missing.remove("holding_period")
    cite = _Cites()
    top_years = [m.removeprefix("top_rate_") for m in missing if m.startswith("top_rate_")]
    questions = [_field_question(name, facts, cite) for name in missing if not name.startswith("top_rate_")]
    if top_years:
        questions.append(
            f"What was the highest tax rate in effect for {_join(top_years)}? The report gives no top rates."
            + cite("R-71")
        )
    questions = list(dict.fromkeys(questions))
    lead = (
        "To work this out from the report's rules I need one more fact:"
        if len(questions) == 1
        else ("To work this out from the report's rules I need a few more facts:")
    )
    text = " ".join([lead, *questions])
    calculation = _calculation(function, inputs, {**result, "status": "NEED_INFO", "missing": missing}, steps)
    calculation["status"] = "NEED_INFO"
    return NumericAnswer("clarify", text, cite.ids, calculation, missing)


_ERROR_TEXT = {
    "NEGATIVE_AMOUNT": "an amount cannot be negative",
    "NON_INTEGER_YEN": "a yen amount must be a whole number of yen",
    "PCT_OUT_OF_RANGE": "a voting percentage must lie between zero and one hundred percent",
    "RATE_OUT_OF_RANGE": "a tax rate must be a fraction between zero and one hundred percent",
    "INVALID_FX_RATE": "the yen/dollar rate must be a positive number of yen per dollar",
    "UNSUPPORTED_CURRENCY": "the calculator takes dividends in yen and other amounts in U.S. dollars",
    "INVALID_DATE": "a date given is not a real calendar date",
    "DATE_ORDER": "the dates are in the wrong order (for example a sale before the purchase)",
    "WITHHELD_EXCEEDS_GROSS": "the tax withheld cannot exceed the gross dividend",
    "PASSIVE_EXCEEDS_TOTAL": "passive income or assets cannot exceed the totals",
    "QUARTER_COUNT": "the asset test needs the values for exactly four quarters",
}


def _invalid(
    function: str, inputs: Mapping[str, Any], error: InvalidInput, steps: list[str]
) -> NumericAnswer:
    if (
        error.code == "INVALID_FX_RATE"
        and error.field in {"jpy_per_usd_inclusion", "jpy_per_usd_realized"}
        and (error.field not in inputs)
    ):
        cite = _Cites()
        text = "To work this out from the report's rules I need one more fact: " + _field_question(
            error.field, {}, cite
        )
        calc = _calculation(function, inputs, {"status": "NEED_INFO", "missing": [error.field]}, steps)
        return NumericAnswer("clarify", text, cite.ids, calc, [error.field])
    reason = _ERROR_TEXT.get(error.code, "one of the figures cannot be used")
    text = (
        f"I can't calculate this: {reason} (the problem is the {field_name(error.field)}). "
        "Could you check that figure and give it again?"
    )
    calc = _calculation(
        function,
        inputs,
        {"status": "NEED_INFO", "error": error.code, "field": error.field, "missing": [error.field]},
        [*steps, f"input rejected: {error.code} ({error.field})"],
    )
    return NumericAnswer("clarify", text, [], calc, [error.field])


# ---------------------------------------------------------------------------------------------------- composers

Composer = Callable[
    [str, Mapping[str, Any], Result, "dict[str, Result] | None", Mapping[str, Any], _Cites, str], list[str]
]


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _who(inputs: Mapping[str, Any], facts: Mapping[str, Any]) -> str:
    residence = facts.get("residence")
    place = "US" if residence == "United States" else residence
    holder = {
        "individual": "individual",
        "corporation": "corporation",
        "pension_fund": "pension fund",
        "other": "holder",
    }.get(str(inputs.get("holder_type")), "holder")
    if place == "US":
        who = f"a US {holder}"
    elif place:
        who = f"{_article(holder)} {holder} resident in {place}"
    else:
        who = f"{_article(holder)} {holder}"
    if "voting_pct" in inputs and inputs.get("holder_type") == "corporation":
        who += f" owning {fmt_pct_units(inputs['voting_pct'])} of the voting shares"
    return who


def _first_asked(question: str, cues: Iterable[tuple[str, re.Pattern[str]]]) -> str | None:
    """Which of several figures a question asks for first: the name of the (name, cue) pair whose cue occurs
    earliest in its wording."""
    found = [(match.start(), name) for name, cue in cues if (match := cue.search(question))]
    return min(found)[1] if found else None


def _rate_rule(result: Result, inputs: Mapping[str, Any]) -> tuple[str, ...]:
    """The rule that sets the withholding rate; a condition split over two quotes cites the condition first."""
    regime = result.get("regime")
    rate = result.get("rate", result.get("treaty_rate"))
    if regime == "PRIOR_TREATY_1971":
        return ("R-11",)
    if regime == "NO_TREATY":
        return ("R-13a",)
    if rate is None:
        return ("R-08",)
    value = Decimal(str(rate))
    if value == Decimal("0.05"):
        return ("R-09",)
    if value == 0 and inputs.get("holder_type") == "pension_fund":
        return ("R-10c", "R-10a")
    if value == 0:
        return ("R-10b", "R-10a")
    return ("R-08",)


def _treaty_in_force(result: Result, cite: _Cites) -> str:
    """Which treaty applies by the payment date: context that follows the figure."""
    if result.get("regime") == "PRIOR_TREATY_1971":
        return (
            f"The Prior Treaty applies because the dividend is paid before the Treaty applies to amounts taxable on "
            f"or after July 1, 2004{cite('R-07')}"
        )
    return f"The Treaty applies to amounts taxable on or after July 1, 2004{cite('R-07')}"


def _treaty_rate_phrase(result: Result, inputs: Mapping[str, Any], who: str, cite: _Cites) -> str:
    """'the Treaty's maximum rate of 10% for a US individual [n]' (or the Prior Treaty table's); ``who`` may be empty."""
    rate = fmt_rate(result.get("rate", result.get("treaty_rate")))
    source = "the Prior Treaty table's" if result.get("regime") == "PRIOR_TREATY_1971" else "the Treaty's"
    holder = f" for {who}" if who else ""
    return f"{source} maximum rate of {rate}{holder}{cite(*_rate_rule(result, inputs))}"


def _rate_sentence(result: Result, inputs: Mapping[str, Any], facts: Mapping[str, Any], cite: _Cites) -> str:
    regime = result.get("regime")
    who = _who(inputs, facts)
    rate = result.get("rate", result.get("treaty_rate"))
    if result.get("status") == "CONDITIONAL" or (
        rate is None and result.get("rate_if_conditions_met") is not None
    ):
        return (
            f"For {who} that has held more than 50% for the twelve months ending on the entitlement date, the rate "
            f"is 0% if IIJ's additional treaty requirements (not defined in the 20-F) are met{cite('R-10b', 'R-10a')}, "
            f"otherwise 5%{cite('R-09')}."
        )
    if regime == "NO_TREATY":
        return (
            f"With no tax treaty reducing it, the Japanese withholding rate on dividends to {who} is "
            f"{fmt_rate(rate)}{cite('R-13a')}."
        )
    if regime == "PRIOR_TREATY_1971":
        return (
            f"The Prior Treaty table gives a maximum Japanese withholding rate of {fmt_rate(rate)} on dividends to "
            f"{who}{cite('R-11')}, because the dividend is paid before the Treaty applies to amounts taxable on or "
            f"after July 1, 2004{cite('R-07')}."
        )
    return (
        f"Under the Treaty, the maximum Japanese withholding rate on dividends to {who} is "
        f"{fmt_rate(rate)}{cite(*_rate_rule(result, inputs))}; the Treaty applies to amounts taxable on or after "
        f"July 1, 2004{cite('R-07')}."
    )


def _amount_clause(r: Result, cite: _Cites, with_net: bool = True) -> str:
    withheld = r.get("withheld_jpy")
    if withheld is None:
        return ""
    clause = f"{fmt_yen(withheld)} is withheld"
    if with_net and r.get("net_jpy") is not None:
        clause += f" (net {fmt_yen(r['net_jpy'])})"
    refund = r.get("refund_claimable_jpy")
    if refund:
        clause += f" and {fmt_yen(refund)} can be reclaimed as a refund{cite('R-16')}"
    return clause


_ASKS_REFUND = re.compile(
    r"\brefund\w*|\breclaim\w*|\bget\s+(?:it\s+)?back\b|\bclaim\s+back\b|\brecover\w*", re.I
)


def _statutory(r: Result) -> str:
    return fmt_rate(r["applied_rate"]) if r.get("applied_rate") is not None else "20%"


def _refund_lead(
    r: Result, inputs: Mapping[str, Any], condition: str, gross: int, who: str, cite: _Cites
) -> list[str]:
    """Without the form the statutory rate is withheld and the excess over the treaty rate reclaimed: the rule
    for a holder who files no application in advance sets both figures, so it is cited first."""
    return [
        f"{condition}, {fmt_yen(r['withheld_jpy'])} is withheld from a {fmt_yen(gross)} dividend to {who} (net "
        f"{fmt_yen(r['net_jpy'])}) and {fmt_yen(r['refund_claimable_jpy'])} can be reclaimed as a refund{cite('R-16')}.",
        f"The statutory {_statutory(r)} is withheld at source{cite('R-13a')}; the refund is the excess over "
        f"{_treaty_rate_phrase(r, inputs, '', cite)}",
    ]


def _branch_amounts(
    inputs: Mapping[str, Any],
    filed: Result,
    not_filed: Result,
    gross: int,
    who: str,
    question: str,
    cite: _Cites,
) -> list[str]:
    """Both form branches; the branch with the refund leads when the question asks for the refund."""
    if _ASKS_REFUND.search(question) and not_filed.get("refund_claimable_jpy"):
        lead, rate = _refund_lead(
            not_filed, inputs, "If the treaty form was not filed in advance", gross, who, cite
        )
        return [
            lead,
            f"{rate}. If the form was filed in advance{cite('R-14')}, that rate applies at source: "
            f"{_amount_clause(filed, cite)}.",
            _treaty_in_force(filed, cite) + ".",
        ]
    return [
        f"On a {fmt_yen(gross)} dividend to {who}, {_treaty_rate_phrase(filed, inputs, '', cite)} applies if the "
        f"treaty form was filed in advance{cite('R-14')}: {_amount_clause(filed, cite)}; if not, the statutory "
        f"{_statutory(not_filed)} applies at source{cite('R-13a')}: {_amount_clause(not_filed, cite)}.",
        _treaty_in_force(filed, cite) + ".",
    ]


def _compose_jp(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    status = result.get("status")
    if status == "OUT_OF_SCOPE":
        return _out_of_scope_jp(inputs, facts, cite)
    if result.get("regime") == "OTHER_TREATY":
        country = str(facts.get("residence", "that country"))
        if country in {"United Kingdom", "Netherlands"}:
            country = f"the {country}"
        out = [
            f"{country[0].upper()}{country[1:]} is among the countries whose tax treaties with Japan reduce the withholding rate{cite('R-13b')}, "
            f"but the report gives no rate for {country}; without treaty relief the rate is 20%{cite('R-13a')}, and it "
            f"is further reduced where there is a capital relationship{cite('R-13c')}."
        ]
        r = branches["form_not_filed"] if branches else result
        if r.get("withheld_jpy") is not None:
            out.append(
                f"If the treaty form is not filed in advance{cite('R-14')}, {fmt_yen(r['withheld_jpy'])} is withheld "
                f"from the {fmt_yen(r['gross_dividend_jpy'])} dividend, and the excess over the treaty rate can be "
                f"reclaimed{cite('R-16')}, but the report does not give that rate."
            )
        return out
    if result.get("status") == "NOT_STATED":
        return [
            "The report gives no Japanese withholding rule for a dividend paid before the Prior Treaty was signed."
        ]
    gross = result.get("gross_dividend_jpy")
    if function != "jp_withholding_amounts" or gross is None:
        return [_rate_sentence(result, inputs, facts, cite)]
    if result.get("scenarios") or (branches and branches["form_filed"].get("scenarios")):
        return [
            _rate_sentence(result, inputs, facts, cite),
            _conditional_amounts(result, branches, gross, cite),
        ]
    who = _who(inputs, facts)
    if branches:
        return _branch_amounts(
            inputs, branches["form_filed"], branches["form_not_filed"], gross, who, question, cite
        )
    if result.get("regime") == "NO_TREATY":
        return [
            f"With no tax treaty reducing it, the Japanese withholding rate on dividends to {who} is "
            f"{fmt_rate(result.get('rate', result.get('treaty_rate')))}{cite('R-13a')}, so "
            f"{_amount_clause(result, cite)} on a {fmt_yen(gross)} dividend."
        ]
    if "actually_withheld_jpy" in inputs:
        return [
            f"With {fmt_yen(inputs['actually_withheld_jpy'])} actually withheld from a {fmt_yen(gross)} dividend, "
            f"{fmt_yen(result['refund_claimable_jpy'])} can be reclaimed{cite('R-16')}: tax at "
            f"{_treaty_rate_phrase(result, inputs, who, cite)} is {fmt_yen(result['treaty_tax_jpy'])}, and the net "
            f"is {fmt_yen(result['net_jpy'])}.",
            _treaty_in_force(result, cite) + ".",
        ]
    if inputs.get("advance_form_filed") is False and result.get("refund_claimable_jpy"):
        lead, rate = _refund_lead(
            result, inputs, "Without the treaty form filed in advance", gross, who, cite
        )
        return [
            lead,
            f"{rate}, which applies at source only if the form is submitted in advance{cite('R-14')}.",
            _treaty_in_force(result, cite) + ".",
        ]
    if inputs.get("advance_form_filed") is False:
        return [
            f"Without the treaty form filed in advance{cite('R-14')}, the statutory {_statutory(result)} is withheld "
            f"at source{cite('R-13a')}: on a {fmt_yen(gross)} dividend {_amount_clause(result, cite)}.",
            _treaty_in_force(result, cite) + ".",
        ]
    phrase = _treaty_rate_phrase(result, inputs, who, cite)
    return [
        f"With {phrase}, {_amount_clause(result, cite)} on a {fmt_yen(gross)} dividend.",
        f"{_treaty_in_force(result, cite)}, and the treaty form was filed in advance, as the reduced rate requires"
        f"{cite('R-14')}.",
    ]


def _conditional_amounts(result: Result, branches: dict[str, Result] | None, gross: int, cite: _Cites) -> str:
    def both(scn: str) -> str:
        if branches:
            f = branches["form_filed"]["scenarios"][scn]
            n = branches["form_not_filed"]["scenarios"][scn]
            return f"{_amount_clause(f, cite)} with the form filed in advance, or {_amount_clause(n, cite)} without it"
        return _amount_clause(result["scenarios"][scn], cite)

    return (
        f"On a {fmt_yen(gross)} dividend{cite('R-14')}: if the requirements are met, {both('conditions_met')}; "
        f"otherwise {both('otherwise')}."
    )


def _out_of_scope_jp(inputs: Mapping[str, Any], facts: Mapping[str, Any], cite: _Cites) -> list[str]:
    who = (
        "a holder with a permanent establishment in Japan"
        if inputs.get("has_japan_pe")
        else "a resident of Japan"
    )
    return [
        f"The report's Japanese tax discussion covers only non-residents of Japan and non-Japanese corporations "
        f"without a permanent establishment in Japan{cite('R-01')}, so it does not cover {who}."
    ]


def _out_of_scope_us(inputs: Mapping[str, Any], cite: _Cites) -> list[str]:
    special = inputs.get("special_class")
    if special is None:
        return [
            f"The report's U.S. tax discussion excludes investors that own 10% or more of IIJ's voting stock"
            f"{cite('R-31')}, so it does not cover a holder owning {fmt_pct_units(inputs['voting_pct'])}."
        ]
    names = {
        "tax_exempt": "tax-exempt entities (such as an IRA)",
        "pension_fund": "tax-exempt entities such as pension funds",
        "life_insurance": "life insurance companies",
        "dealer": "dealers in securities",
        "trader_mtm": "traders in securities that elect to mark-to-market",
        "amt": "investors liable for alternative minimum tax",
        "straddle_hedge": "investors holding shares as part of a straddle or a hedging or conversion transaction",
        "non_usd_functional_currency": "U.S. holders whose functional currency is not the U.S. dollar",
    }
    return [
        f"The report's U.S. tax discussion excludes {names.get(str(special), 'this class of holder')}{cite('R-31')}, "
        "so it does not cover this holder's U.S. tax."
    ]


def _compose_us_dividend(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    """Income included, U.S. tax and foreign tax credit; the one the question asks for first leads."""
    if result.get("status") == "OUT_OF_SCOPE":
        return _out_of_scope_us(inputs, cite)
    asked = _first_asked(question, ((ask.part, ask.pattern) for ask in _US_DIVIDEND_ASKS))

    def income() -> list[str]:
        fx = inputs["jpy_per_usd_inclusion"]
        return [
            f"The gross dividend of {fmt_yen(result['gross_dividend_jpy'])} is "
            f"{fmt_usd(result['gross_dividend_usd'])} of income at ¥{fx} to the dollar{cite('R-40')}, including the "
            f"Japanese tax withheld{cite('R-37')}."
        ]

    def tax() -> list[str]:
        if result.get("qualified_dividend") is True:
            return [
                f"The U.S. tax is at most {fmt_usd(result['us_tax_at_max_rate_usd'])}: as qualified dividend income, "
                f"the {fmt_usd(result['gross_dividend_usd'])} gross dividend is taxed at a maximum rate of 15%"
                f"{cite('R-34')}."
            ]
        if result.get("qualified_dividend") is not False:
            return []
        # each reason cites the rule that sets it: the 15% rate's own conditions, or the PFIC rule
        reasons = {
            "corporate_holder": ("the holder is a corporation", "R-34"),
            "taxable_year_not_2003_to_2008": (
                "the taxable year is outside the years the 15% rate covers",
                "R-34",
            ),
            "holding_period_not_met": ("the holding-period requirement is not met", "R-34"),
            "pfic_in_distribution_year": ("IIJ is a PFIC in the year of the distribution", "R-80"),
            "pfic_in_preceding_year": ("IIJ was a PFIC in the preceding taxable year", "R-80"),
        }
        why = ", ".join(
            f"{reasons[f][0]}{cite(reasons[f][1])}" if f in reasons else f
            for f in result.get("qdi_failures", [])
        )
        ordinary = (
            f"it is taxed at rates applicable to ordinary income{cite('R-81')}, which the report does not give"
            if {"pfic_in_distribution_year", "pfic_in_preceding_year"} & set(result.get("qdi_failures", []))
            else f"it is taxed at ordinary rates, which the report does not give{cite('R-81')}"
        )
        line = f"The dividend is not qualified dividend income ({why}), so {ordinary}."
        if result.get("us_tax_at_ordinary_rate_usd"):
            line += f" At your ordinary rate that is {fmt_usd(result['us_tax_at_ordinary_rate_usd'])}."
        out = [line]
        if result.get("dividends_received_deduction") is False:
            out.append(f"No dividends-received deduction is available{cite('R-39')}.")
        return out

    def credit() -> list[str]:
        if branches:
            f, n = branches["form_filed"], branches["form_not_filed"]
            return [
                f"If the treaty form was filed in advance, {fmt_yen(f['withheld_jpy'])} is withheld and creditable "
                f"({fmt_usd(f['ftc_creditable_usd'])}){cite('R-44')}; if not, {fmt_yen(n['withheld_jpy'])} is "
                f"withheld, of which {fmt_yen(n['ftc_creditable_jpy'])} ({fmt_usd(n['ftc_creditable_usd'])}) is "
                f"creditable and the refundable {fmt_yen(n['non_creditable_jpy'])} ({fmt_usd(n['non_creditable_usd'])}) "
                f"is not{cite('R-46')}."
            ]
        if result.get("ftc_creditable_jpy") is None:
            return []
        head = (
            f"Of the {fmt_yen(result['withheld_jpy'])} Japanese tax withheld, {fmt_yen(result['ftc_creditable_jpy'])} "
            f"({fmt_usd(result['ftc_creditable_usd'])}) is creditable against U.S. tax"
        )
        if result.get("non_creditable_jpy"):
            # The refundable part is what keeps the credit below the tax withheld: that rule sets the figure.
            return [
                f"{head}: the refundable {fmt_yen(result['non_creditable_jpy'])} "
                f"({fmt_usd(result['non_creditable_usd'])}) is not creditable{cite('R-46')}, and the rest is "
                f"creditable subject to limitations{cite('R-44')}."
            ]
        return [f"{head}, subject to limitations{cite('R-44')}."]

    parts = {"income": income, "tax": tax, "credit": credit}
    order = ["income", "tax", "credit"]
    if asked is not None:
        order.remove(asked)
        order.insert(0, asked)
    out: list[str] = []
    for name in order:
        out += parts[name]()
    return out


def _compose_qdi(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    window = result["window_days"]
    rule = "R-35b" if window == 121 else "R-34"
    met = result["met"]
    verdict = (
        "more than 60 days, so the holding period is met"
        if met
        else "not more than 60 days, so the holding period is not met"
    )
    return [
        f"The {window}-day window runs from {result['window_start']} to {result['window_end']}{cite(rule)}; the shares "
        f"were held {result['days_held_in_window']} days in it — {verdict}{cite('R-34')}.",
        "Days are counted from the day after purchase through the sale day (IRS practice, not stated in the report), "
        "and the report's other holding period requirements are not checked.",
    ]


_ASKS_GAIN_RATE = re.compile(
    r"\brates?\b|%|\btax(?:ed|es)?\b(?!\s+(?:purposes|basis))|\bowe\b|\blong[- ]term\b|\bshort[- ]term\b",
    re.I,
)


def _compose_capital_gain(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    """The gain, and the rate rule when the question asks how it is taxed (or states the gain itself)."""
    if result.get("status") == "OUT_OF_SCOPE":
        return _out_of_scope_us(inputs, cite)
    gain = Decimal(str(result["gain_loss_usd"]))
    kind = "gain" if gain >= 0 else "loss"
    amount = fmt_usd(abs(gain))
    stated = "gain_usd" in facts and not ("basis_usd" in facts and "amount_realized_usd" in facts)
    pfic = result.get("treatment") == "PFIC_EXCESS_DISTRIBUTION_RULES"
    if (pfic or gain >= 0) and (stated or _ASKS_GAIN_RATE.search(question)):
        if pfic:
            rate = (
                f"Because IIJ is treated as a PFIC, the capital {kind} of {amount} falls under the special PFIC rules"
                f"{cite('R-66', 'R-67')}."
            )
        elif result.get("us_tax_at_max_rate_usd") is not None:
            rate = (
                f"Held for more than one year by a noncorporate holder and recognized on or after May 6, 2003 and "
                f"before January 1, 2009, the capital gain of {amount} is taxed at a maximum rate of 15%"
                f"{cite('R-49')}, so at most {fmt_usd(result['us_tax_at_max_rate_usd'])}."
            )
        else:
            reason = (
                "it was not held for more than one year"
                if result.get("long_term") is False
                else "the 15% maximum rate does not apply"
            )
            rate = f"The report gives no rate for the capital gain of {amount}: {reason}{cite('R-49')}."
        if stated:
            basis = (
                f"A capital gain is the difference between the amount realized and your basis{cite('R-48')}; the "
                "figure used is the one you state."
            )
        else:
            basis = (
                f"It is {fmt_usd(result['amount_realized_usd'])} realized less a basis of "
                f"{fmt_usd(result['basis_usd'])}{cite('R-48')}."
            )
        return [rate, basis]
    if stated:
        return [
            f"On the capital {kind} of {amount} you state{cite('R-48')}, the report gives no rules on limiting or "
            "carrying over capital losses."
        ]
    out = [
        f"The capital {kind} is {amount}: {fmt_usd(result['amount_realized_usd'])} realized less a basis of "
        f"{fmt_usd(result['basis_usd'])}{cite('R-48')}."
    ]
    if pfic:
        out.append(
            f"Because IIJ is treated as a PFIC, the gain falls under the special PFIC rules{cite('R-66', 'R-67')}."
        )
    elif result.get("us_tax_at_max_rate_usd") is not None:
        out.append(
            f"Held for more than one year by a noncorporate holder and recognized on or after May 6, 2003 and before "
            f"January 1, 2009, it is taxed at a maximum rate of 15%{cite('R-49')}, so at most "
            f"{fmt_usd(result['us_tax_at_max_rate_usd'])}."
        )
    elif gain < 0:
        out.append("The report gives no rules on limiting or carrying over capital losses.")
    else:
        reason = (
            "it was not held for more than one year"
            if result.get("long_term") is False
            else "the 15% maximum rate does not apply"
        )
        out.append(f"The report gives no rate here: {reason}{cite('R-49')}.")
    return out


def _compose_disposal(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    if result.get("status") == "OUT_OF_SCOPE":
        return _out_of_scope_jp(inputs, facts, cite)
    rule = "R-17a" if inputs.get("sale_location") == "outside_japan" else "R-17b"
    return [
        f"Japanese tax on the gain is {fmt_yen(result['japanese_tax_jpy'])}: such gains are in general not subject to "
        f"Japanese income or corporation taxes{cite(rule)}.",
        f"IIJ will not pay any tax payable on the transfer or sale of the shares{cite('R-19')}; the report gives no amount for it.",
    ]


def _compose_not_stated(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    texts = {
        "pfic_interest_rate": "The report gives no interest rate for the PFIC interest charge: it says only that the interest charge generally applicable to underpayments of tax is imposed",
        "inheritance_gift_rates": "The report gives no inheritance or gift tax rates: it says only that they are charged at progressive rates",
        "us_ordinary_rates": "The report gives no ordinary income-tax rates: it says only that such dividends are taxed at rates applicable to ordinary income",
        "capital_relationship_reduction": "The report gives no number for the capital-relationship reduction: it says only that the rate is further reduced",
        "additional_requirements_definition": "The report does not define the additional requirements for the 0% rate",
        "pfic_top_rates": "The report gives no highest tax rates for prior years",
        "stamp_transfer_tax": "The report gives no stamp or transfer tax amounts",
        "lower_qdi_brackets": "The report gives only the maximum 15% rate, no lower rates",
        "ftc_limitation": "The report does not describe how the foreign tax credit limitation is computed",
        "ads_ratio": "The ADS-to-share ratio is not in this part of the report",
        "fiscal_year_end": "IIJ's fiscal year end is not in this part of the report",
        "capital_loss_limits": "The report gives no capital-loss limitation or carryover rules",
    }
    topic = str(inputs.get("topic"))
    return [texts.get(topic, "The report gives no number for this") + cite(*result.get("rules", [])) + "."]


def _compose_pfic_test(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    out = []
    if result.get("income_test") is not None:
        ratio = fmt_rate(Decimal(result["income_ratio"]).quantize(Decimal("0.0001")))
        verdict = "meets" if result["income_test"] else "does not meet"
        out.append(
            f"Passive income is {ratio} of gross income, which {verdict} the 75% income test{cite('R-62')}."
        )
    if result.get("asset_test") is not None:
        ratio = fmt_rate(Decimal(result["asset_ratio"]).quantize(Decimal("0.0001")))
        verdict = "meets" if result["asset_test"] else "does not meet"
        out.append(
            f"Passive assets are {ratio} of total assets on a quarterly average, which {verdict} the 50% asset test{cite('R-63')}."
        )
    verdict = "would be" if result.get("is_pfic") else "would not be"
    out.append(f"On these figures IIJ {verdict} a PFIC for the year{cite('R-61')}.")
    if result.get("income_test") is None or result.get("asset_test") is None:
        out.append("Only one of the two tests could be applied to the figures given.")
    return out


def _compose_excess(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    if result.get("excess_distribution_usd") is None:
        return [
            "The report gives no rule for an excess distribution in the first year of the holding period"
            + cite("R-68")
            + "."
        ]
    return [
        f"The average of the preceding {result['years_used']} years' distributions is {fmt_usd(result['average_usd'])}, "
        f"so the threshold is 125% of it, {fmt_usd(result['threshold_usd'])}{cite('R-68')}; the excess distribution "
        f"is {fmt_usd(result['excess_distribution_usd'])} and the remaining {fmt_usd(result['non_excess_usd'])} is a "
        f"dividend taxed at ordinary rates{cite('R-81')}."
    ]


_ALLOCATION_ASKS: dict[str, re.Pattern[str]] = {
    "interest": re.compile(
        r"\binterest\s+(?:charges?|owed|due|amount|payable|cost)\b|\bhow\s+much\s+interest\b|\binterest\s*\?",
        re.I,
    ),
    "tax": re.compile(
        r"\bdeferred\b|\bhow\s+much\s+tax\b|\btax\s+(?:on|per|for|due|owed|each|is|would|will)\b|"
        r"\b(?:i|we)\s+(?:owe|pay)\b|\bowe\b|\btax\s*\?",
        re.I,
    ),
    "allocation": re.compile(r"\balloca\w*|\bratabl\w*|\bspread\b|\beach\s+year\b", re.I),
}


def _compose_allocate(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    """Allocation, deferred tax and interest: the figure asked leads; unasked, the last one computed."""

    def allocation() -> str:
        allocs = ", ".join(f"{y} {fmt_usd(v)}" for y, v in sorted(result["allocation_by_year"].items()))
        return (
            f"Allocated ratably over the {result['holding_days']}-day holding period{cite('R-69')}: {allocs}, and "
            f"{fmt_usd(result['current_year_ordinary_income_usd'])} to the current year {result['current_year']}, "
            f"taxed as ordinary income{cite('R-70')}."
        )

    def tax() -> str:
        taxes = " + ".join(fmt_usd(v) for _, v in sorted(result["deferred_tax_by_year"].items()))
        return (
            f"The deferred tax is {taxes} = {fmt_usd(result['deferred_tax_total_usd'])}, at the highest rate in "
            f"effect for each prior year{cite('R-71')}."
        )

    def interest() -> str:
        amounts = " + ".join(fmt_usd(v) for _, v in sorted(result["interest_by_year"].items()))
        return (
            f"With the interest factors given, the interest charge{cite('R-72')} is {amounts} = "
            f"{fmt_usd(result['interest_total_usd'])}."
        )

    parts: dict[str, Callable[[], str]] = {"allocation": allocation}
    if result.get("deferred_tax_by_year"):
        parts["tax"] = tax
    if result.get("interest_by_year"):
        parts["interest"] = interest
    asked = _first_asked(question, ((k, v) for k, v in _ALLOCATION_ASKS.items() if k in parts))
    lead = asked or list(parts)[-1]
    return [parts[lead]()] + [make() for name, make in parts.items() if name != lead]


_ASKS_BASIS = re.compile(
    r"\bwhat(?:'s|\s+is|\s+will\s+be|\s+would\s+be)\s+(?:my|the)\s+(?:new\s+|ending\s+|adjusted\s+)?basis\b|"
    r"\b(?:new|ending|resulting|final)\s+basis\b(?!\s+(?:of|is|was|\$|\d))|\bbasis\s+(?:afterwards|at\s+the\s+end|"
    r"end\s+up|become)",
    re.I,
)


def _compose_mtm(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    """Each year's income or loss leads, citing the loss limit when a loss is involved; the basis if asked."""
    parts = []
    loss = False
    for year in result["years"]:
        label = f"year {year['year']}"
        if Decimal(year["ordinary_income_usd"]) > 0:
            parts.append(f"{label}: {fmt_usd(year['ordinary_income_usd'])} ordinary income")
        elif Decimal(year["ordinary_loss_usd"]) > 0 or Decimal(year["loss_disallowed_usd"]) > 0:
            loss = True
            part = f"{label}: {fmt_usd(year['ordinary_loss_usd'])} ordinary loss allowed"
            if Decimal(year["loss_disallowed_usd"]) > 0:
                part += f" ({fmt_usd(year['loss_disallowed_usd'])} disallowed)"
            parts.append(part)
        else:
            parts.append(f"{label}: no change")

    def years() -> str:
        lead = f"Under the mark-to-market election, {'; '.join(parts)}"
        if loss:
            lead += f" — losses are allowed only up to the income previously included{cite('R-78')}, and"
        else:
            lead += " —"
        return (
            f"{lead} any excess of the year-end value over the adjusted basis is ordinary income"
            f"{cite('R-76', 'R-74')}."
        )

    def basis() -> str:
        return f"The basis ends at {fmt_usd(result['ending_basis_usd'])}{cite('R-79')}"

    rates = "none of these amounts gets the qualified-dividend or long-term capital gain rates"
    if _ASKS_BASIS.search(question):
        out = [
            f"{basis()}, adjusted for each year's income or loss.",
            years(),
            f"{rates[0].upper()}{rates[1:]}{cite('R-77')}.",
        ]
    else:
        out = [years(), f"{basis()}, and {rates}{cite('R-77')}."]
    if result.get("sale"):
        sale = result["sale"]
        out.append(f"On the sale: {', '.join(f'{k} {v}' for k, v in sale.items() if v is not None)}.")
    return out


def _compose_deadline(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    return [
        f"The depositary's second treaty form is due within eight months after the fiscal year end{cite('R-15')}: "
        f"by {result['deadline']} for a fiscal year ending {inputs['fiscal_year_end']} (IIJ's fiscal year end is not "
        "in this part of the report)."
    ]


def _compose_generic(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    return [f"The calculation ({function}) is in the receipt{cite(*result.get('rules', [])[:2])}."]


def _compose_distribution(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    """A distribution above earnings and profits leads with the return-of-capital rule that splits the excess."""
    total = fmt_usd(inputs["distribution_usd"])
    dividend = fmt_usd(result["dividend_usd"])
    capital = fmt_usd(result["return_of_capital_usd"])
    gain = fmt_usd(result["capital_gain_usd"])
    basis = f"Your basis falls to {fmt_usd(result['basis_after_usd'])}."
    if Decimal(str(result["return_of_capital_usd"])) > 0 or Decimal(str(result["capital_gain_usd"])) > 0:
        return [
            f"Of the {total} distribution, the part above earnings and profits is a return of capital up to your "
            f"basis, {capital}, and thereafter capital gain, {gain}{cite('R-43')}; the other {dividend} is a dividend "
            f"out of earnings and profits{cite('R-33')}.",
            basis,
        ]
    return [
        f"Of the {total} distribution, {dividend} is a dividend out of earnings and profits{cite('R-33')}; the "
        f"excess is a return of capital up to your basis, {capital}, and thereafter capital gain, {gain}"
        f"{cite('R-43')}.",
        basis,
    ]


def _compose_fx(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    amount = Decimal(str(result["fx_gain_loss_usd"]))
    kind = "gain" if amount >= 0 else "loss"
    return [
        f"Converting {fmt_yen(inputs['yen_amount'])} at ¥{inputs['jpy_per_usd_conversion']} to the dollar after including "
        f"it at ¥{inputs['jpy_per_usd_inclusion']} gives a currency {kind} of {fmt_usd(abs(amount))}: it is ordinary "
        f"income or loss, not eligible for the qualified dividend rate{cite('R-41')}, and from U.S. sources for foreign "
        f"tax credit limitation purposes{cite('R-42')}."
    ]


_HOLDER_STATUS_ASKS: dict[str, re.Pattern[str]] = {
    "form": re.compile(r"\b8621\b|\bfil(?:e|ing)\b", re.I),
    "qdi": re.compile(r"\bqualif\w*|\bqdi\b|\b15\s*%", re.I),
}


def _compose_holder_status(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: _Cites,
    question: str,
) -> list[str]:
    """PFIC status, Form 8621 years and blocked qualified dividends; the one asked about first leads."""

    asked = _first_asked(question, _HOLDER_STATUS_ASKS.items())
    blocked = result.get("qdi_blocked_years")
    if not result.get("pfic_with_respect_to_holder"):
        if asked == "form":
            lead = (
                f"No Form 8621 is required for the years you held the shares{cite('R-82')}, because IIJ was not a "
                f"PFIC in any of them{cite('R-61')}"
            )
            tail = (
                f"the dividends are not blocked from qualified dividend income by PFIC status{cite('R-80')}"
                if not blocked
                else f"but dividends in {_years(blocked)} are not qualified dividend income because IIJ was a PFIC "
                f"the year before{cite('R-80')}"
            )
            return [f"{lead}; {tail}."]
        if asked == "qdi":
            lead = (
                f"The dividends are not blocked from qualified dividend income by PFIC status{cite('R-80')}"
                if not blocked
                else f"Dividends in {_years(blocked)} are not qualified dividend income because IIJ was a PFIC the "
                f"year before{cite('R-80')}"
            )
            joint = ":" if not blocked else ", although"
            return [
                f"{lead}{joint} IIJ was not a PFIC in any taxable year in which you held the shares{cite('R-61')}, so "
                f"no Form 8621 is required for those years{cite('R-82')}."
            ]
        return [
            f"IIJ was not a PFIC in any taxable year in which you held the shares{cite('R-61')}, so no Form 8621 is "
            f"required for those years{cite('R-82')}; the dividends are not blocked from qualified dividend income "
            f"by PFIC status{cite('R-80')}."
            if not blocked
            else f"IIJ was not a PFIC in any taxable year in which you held the shares{cite('R-61')}, so no Form "
            f"8621 is required{cite('R-82')}, but dividends in {_years(blocked)} are not qualified "
            f"dividend income because IIJ was a PFIC the year before{cite('R-80')}."
        ]

    def status() -> str:
        return f"it was a PFIC in a year in which you held the shares{cite('R-61')}"

    def qdi() -> list[str]:
        if not blocked:
            return []
        return [
            f"Dividends received in {_years(blocked)} are not qualified dividend income, because IIJ was a PFIC in "
            f"that year or the preceding year{cite('R-80')}."
        ]

    form_years = _years(result["form_8621_years"])
    if asked == "form":
        form = f"You must file Form 8621 for {form_years}{cite('R-82')}"
        return [f"{form}: IIJ is a PFIC with respect to you, because {status()}.", *qdi()]
    if asked == "qdi" and blocked:
        return [
            *qdi(),
            f"IIJ is a PFIC with respect to you, because {status()}; you must file Form 8621 for {form_years}"
            f"{cite('R-82')}.",
        ]
    return [
        f"IIJ is a PFIC with respect to you, because {status()}; you must file Form 8621 for {form_years}"
        f"{cite('R-82')}.",
        *qdi(),
    ]


_COMPOSERS: dict[str, Composer] = {
    "jp_withholding_rate": _compose_jp,
    "jp_withholding_amounts": _compose_jp,
    "us_dividend_tax": _compose_us_dividend,
    "qdi_holding_period": _compose_qdi,
    "us_capital_gain": _compose_capital_gain,
    "jp_tax_on_disposal": _compose_disposal,
    "not_stated": _compose_not_stated,
    "pfic_test": _compose_pfic_test,
    "pfic_excess_distribution": _compose_excess,
    "pfic_allocate": _compose_allocate,
    "pfic_mark_to_market": _compose_mtm,
    "ads_second_form_deadline": _compose_deadline,
    "distribution_split": _compose_distribution,
    "fx_gain_loss": _compose_fx,
    "pfic_holder_status": _compose_holder_status,
}


def _disclosures(
    flags: Sequence[str], inputs: Mapping[str, Any], facts: Mapping[str, Any], cite: _Cites, notes: list[str]
) -> list[str]:
    out: list[str] = []
    flag_set = set(flags)
    if "fx_inverted_from" in facts and any(k.startswith("jpy_per_usd") for k in inputs):
        rate = next(v for k, v in inputs.items() if k.startswith("jpy_per_usd"))
        out.append(f"(I used ¥{rate} to the dollar, the inverse of the dollars-per-yen rate you gave.)")
    if "voting_pct_note" in facts and "voting_pct" in inputs:
        note = str(facts["voting_pct_note"])
        rule = cite("R-10b") if Decimal(str(inputs["voting_pct"])) > 50 else cite("R-09")
        out.append(f"({note[0].upper()}{note[1:]}{rule}.)")
    if "treaty" in notes:
        out.append(
            "(No payment date was given; I took a dividend paid on or after July 1, 2004, when the Treaty applies.)"
        )
    if "prior" in notes:
        out.append(
            "(No payment date was given; I took a dividend paid before July 1, 2004, under the Prior Treaty.)"
        )
    for note in notes:
        if note.startswith("any day"):
            out.append(f"({note[0].upper()}{note[1:]}.)")
    if "DOC_TENSION_PRIOR_TREATY_CEASED" in flag_set:
        out.append(
            f"Note that the report says the Prior Treaty ceased to have effect when the Treaty came into force"
            f"{cite('R-05')}, yet the Treaty applies only from July 1, 2004{cite('R-07')}; the Prior Treaty rates are used."
        )
    if "PRIOR_TREATY_HOLDER_TYPE_NOT_IN_DOC" in flag_set and inputs.get("holder_type") not in {
        None,
        "corporation",
    }:
        out.append(
            "The report's Prior Treaty table sets the rate by voting shares only, with no holder-type conditions."
        )
    if "PENSION_FUND_TREATED_AS_NON_CORPORATE" in flag_set:
        out.append(
            f"Because its dividends come from a business, the pension fund gets the general rate; the 5% rate needs a corporation{cite('R-09')}."
        )
    if "CALLER_ASSERTED_ADDITIONAL_REQUIREMENTS" in flag_set:
        out.append(
            "The 0% rate rests on your statement that IIJ's additional treaty requirements (not defined in the 20-F) are met."
        )
    if "JPY_TRUNCATION" in flag_set:
        out.append("Fractions of a yen are truncated.")
    if "ADS_DEPOSITARY_FORMS" in flag_set:
        out.append(f"For ADSs the depositary must submit the application forms{cite('R-15')}.")
    if "ASSUMED_UNDER_10PCT" in flag_set:
        out.append(f"This assumes the holder owns less than 10% of IIJ's voting stock{cite('R-31')}.")
    if "ASSUMED_NOT_PFIC" in flag_set:
        out.append(f"It assumes IIJ is not a PFIC{cite('R-32')}.")
    if "FTC_LIMITATION_NOT_COMPUTED" in flag_set:
        out.append("The foreign tax credit limitation is not computed.")
    if "INTEREST_NOT_COMPUTED" in flag_set:
        out.append(
            f"The report gives no interest rate for the interest charge{cite('R-72')}, so interest is not computed."
        )
    if "LAW_AS_OF_2004" in flag_set:
        out.append(
            f"The report states the law as at its date (“as at the date hereof”){cite('R-02')}, so later changes are not reflected."
        )
    return out
