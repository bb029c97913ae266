"""Questions about the rules rather than the asker's own case: left to retrieval."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.qa.numeric.answer import NumericAnswer
from service.qa.numeric.cues import dated

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
# Besides "what form …", "how do I …", "who/where/why …": what something is called ("what's the name of the form
# …", "what is the title of …", "what is that application called?") asks for a name, never a figure.
_ASKS_OTHER = re.compile(
    _CLAUSE_LEAD
    + r"(?:(?:what|which)\s+(?:\w+\s+){0,2}?(?:forms?|documents?|applications?|paperwork|proof|evidence|"
    r"steps?|procedures?|office|authority|agent|address)\b|"
    r"what(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+)?(?:(?:exact|full|official|formal|proper)\s+)?"
    r"(?:names?|titles?)\s+of\b|what(?:'s|’s|\s+is|\s+are)\b[^?]*\b(?:called|named|titled)\b|how\s+(?:do|does|did|can|could|should|would|will|must|is|are|"
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
    r"\b(?:am\s+i|are\s+we)\s+(?:\w+\s+)?(?:taxed|liable|subject)\b|"
    # "does Japan tax my gain?": a taxing state asked about the asker's own income
    r"\b(?:do|does|did|would|will|could|can|might)\s+(?:japan|the\s+us|the\s+u\.s\.|the\s+irs|the\s+nta|"
    r"the\s+japanese\s+(?:government|authorities))\s+(?:\w+\s+)?tax\s+(?:my|our|me|us)\b",
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
# The report's own rate table: a question about it is answered from the table, however it is worded.
_TABLE = frozenset({"dividend_rate_table"})


# Reached without a date only when the question asks for a calendar date (routes.ROUTES): a "when" that wants
# the figure, not the rule.
_DATE_ASKED = frozenset({"ads_second_form_deadline"})


# The asker speaking of their own holding ("my pension fund", "we own"); "tell me" and "your sources" are not.
_ASKER = re.compile(r"\b(?:i|i'm|i've|i'd|im|me|my|mine|we|we're|we've|our|ours)\b", re.I)
_REQUEST = re.compile(
    r"\b(?:tell|show|give|let|help|remind|explain\s+to|confirm\s+(?:to|for))\s+(?:me|us)\b|\bi\s+(?:need|want)\s+to\s+know\b|"
    r"\b(?:i'd|i\s+would)\s+like\s+to\s+know\b",
    re.I,
)


def _asker_speaks_of_own_case(question: str) -> bool:
    return bool(_ASKER.search(_REQUEST.sub(" ", question)))


def specific(facts: Mapping[str, Any]) -> bool:
    return dated(facts) or any(k in facts for k in _SPECIFIC_KEYS)


def asks_for_other(question: str) -> bool:
    """Whether the asking clause asks for a form, a procedure, a person, a place, a time or a reason."""
    return _ask_kind(question) == "other"


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


def is_conceptual(question: str, facts: Mapping[str, Any], intent: str) -> bool:
    """A question about the rules, with nothing of the user's own to compute: retrieval answers it.

    With no amount, date, stake or other fact of a particular holding, these are conceptual: a question that asks
    for something other than a figure ("what form …", "how do I pay it?"), a yes/no question that is not about
    the asker's own liability ("can my corporation claim it?"; a stated premise is not a fact the user owns), and a
    rate question about a class of holders ("the treaty rate for most U.S. shareholders").
    """
    if specific(facts) or intent in _FROM_FIGURES or intent in _DATE_ASKED or intent in _TABLE:
        return False
    kind = _ask_kind(question)
    if kind == "other":
        return True
    seller = [k for k in ("residence", "has_japan_pe", "is_nonresident") if k in facts]
    if (
        "sale_location" in facts
        and seller
        and (_asker_speaks_of_own_case(question) or kind == "figure" or len(seller) >= 2)
    ):
        # a sale with its place and seller stated: the asker's own ("we, a German GmbH, sell in Tokyo"), a
        # figure asked of it, or a seller described twice over (where they live, and no office in Japan)
        return False
    if kind == "yes_no":
        return intent.startswith("not_stated:") or not _OWN_LIABILITY.search(question)
    return (
        intent in {"jp_withholding_rate", "jp_withholding_amounts", "jp_tax_on_disposal"}
        and bool(_GENERIC_HOLDERS.search(question))
        and not _asker_speaks_of_own_case(question)
    )


def needless_clarify(question: str, facts: Mapping[str, Any], answer: NumericAnswer) -> bool:
    """A clarification that would ask a general question for facts it does not need: leave it to retrieval.

    The asker's own yes/no question ("could I owe Japanese tax?") is answered by the rule when the calculator
    cannot answer it outright; a general rate question missing only the conditions of a rule the report states
    ("the treaty rate for a pension fund") is answered by quoting that rule with its conditions.
    """
    function = (answer.calculation or {}).get("function")
    if answer.route != "clarify" or specific(facts) or function in _FROM_FIGURES:
        return False
    if _ask_kind(question) == "yes_no":
        return True
    return not _asker_speaks_of_own_case(question) and set(answer.missing) <= _RULE_CONDITIONS
