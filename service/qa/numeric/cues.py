"""The cue words the numeric layer routes on, as named patterns, and the fact keys its routes test."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.qa.readers.dates import DateFact
from service.qa.readers.residence import US_STATES

RATE_WORDS = re.compile(
    r"\brates?\b|\bhow\s+much\b|\bpercent\w*|%|\bhow\s+high\b|\bwhat\s+amount\b|\bhow\s+many\b|\bfigure\b|"
    r"\bcalculat\w*|\bcompute\b|\bwork\s+out\b|\bexempt\b|\bwhat\s+(?:is|are)\s+the\s+tax\b|\bowe\b|"
    r"\bwhat(?:'s|\s+is)\s+(?:the\s+)?(?:japan(?:ese)?\s+)?(?:withholding|w/h|wht)\b",
    re.I,
)
WITHHOLDING_WORDS = re.compile(
    r"withh\w*|\bwithold\w*|\bwitheld\b|\bw/h\b|\bwht\b|\bjapanese\s+(?:tax|withholding)|\bjapan\s+tax|\btax\s+in\s+japan|\brefund\w*|"
    r"\breclaim\w*|\bnet\b|\btake[- ]home\b|\bdeduct\w*|\btreaty\s+rate\b|\bsource\s+tax\b|\bkeep\b|\bget\b|"
    r"\breceive\b|\bend\s+up\s+with\b|"
    # what the paying side takes from the dividend in everyday words: "takes out", "holds back", "skims"
    r"\b(?:take|takes|taking|took|taken|hold|holds|held)\s+(?:\w+\s+)?(?:off|out|back)\b|\bskim\w*|"
    # the paying state as the one that taxes: "what rate will Japan apply", "does Japan charge"
    r"\bjapan\s+(?:\w+\s+)?(?:apply|applies|applied|charge|charges|charged|levy|levies|levied|impose|imposes|imposed)\b",
    re.I,
)
US_TAX_WORDS = re.compile(
    r"\bu\.?s\.?\s+(?:federal\s+)?(?:income\s+)?tax\b|\bfederal\b|\birs\b|\bqdi\b|\bqualified\s+dividend|"
    r"\bforeign\s+tax\s+credit|\bftc\b|\bcredit(?:able)?\b|\bin\s+(?:us\s+)?dollars\b|\bgross\s+income\b|"
    r"\binclude\s+in\s+(?:my\s+)?income|\btaxable\s+income\b|\bon\s+my\s+(?:us\s+)?return\b|\b15\s*%\s+cap\b|"
    r"\bowe\b|\bamerican\s+tax\b|\bus\s+tax\b|dividends?[- ]received\s+deduction|\bdrd\b",
    re.I,
)
# "the top rate", "the highest US marginal income tax rate"
_TOP_RATE = (
    r"(?:top|highest)\s+(?:(?:u\.?s\.?|federal|marginal|income|individual|corporate|tax)\s+){0,5}rates?\b"
)
NOT_STATED_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pfic_interest_rate", re.compile(r"interest\s+(?:rate|charge)|underpayment\s+(?:rate|interest)", re.I)),
    ("inheritance_gift_rates", re.compile(r"inheritance|\bgift\s+tax|\bestate\s+tax", re.I)),
    ("capital_relationship_reduction", re.compile(r"capital\s+relationship", re.I)),
    (
        "additional_requirements_definition",
        re.compile(
            r"what\s+(?:exactly\s+)?(?:are|were)\s+(?:the\s+|iij's\s+|these\s+|those\s+)?['\"“‘]?additional\s+requirements|"
            r"additional\s+requirements['\"”’]?\s+(?:are|mean)",
            re.I,
        ),
    ),
    (
        "pfic_top_rates",
        re.compile(
            # the top rate asked with the PFIC rules that use it (the allocation, the excess distribution), before
            # or after it
            # ("the prior treaty" is the dividend table's, not a prior year)
            rf"{_TOP_RATE}.*\b(?:prior(?!\s+(?:treaty|convention))|each|pfic|excess\s+distribution|allocat\w*|"
            r"deferred\s+tax)|"
            rf"(?:pfic|excess\s+distribution|allocat\w*|deferred\s+tax).*{_TOP_RATE}",
            re.I,
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
    # the limitation named with the credit, side by side or not ("how much of my credit will the limitation allow")
    (
        "ftc_limitation",
        re.compile(
            r"(?:foreign\s+tax\s+credit|ftc)\b[^.?!]{0,40}?\blimitations?\b|"
            r"\blimitations?\b[^.?!]{0,30}?\b(?:foreign\s+tax\s+credit|ftc)\b",
            re.I,
        ),
    ),
    (
        "us_ordinary_rates",
        re.compile(
            r"ordinary\s+(?:income\s+)?(?:tax\s+)?rates?|(?:income|corporate)[- ]tax\s+rates?|marginal\s+rate|tax\s+brackets?",
            re.I,
        ),
    ),
    ("fiscal_year_end", re.compile(r"(?:when|what)\s+is\s+(?:iij's\s+)?fiscal\s+year[- ]end", re.I)),
)
# The kind of rate asked for, not a figure ("which type of rate", "flat or graduated?"): the report's words for it
# answer, by retrieval, where it gives no figure ("the progressive rates' top bracket" still asks a figure).
KIND_OF_RATE = re.compile(
    r"\b(?:kinds?|sorts?|types?|manner|form|basis)\s+of\s+(?:\w+\s+)?rates?\b|"
    r"\b(?:flat|progressive|graduated)\s+or\s+(?:a\s+)?(?:flat|progressive|graduated)\b|"
    r"\b(?:is|are)\s+(?:it|they|the\s+rates?)\s+(?:flat|progressive|graduated)\b",
    re.I,
)
# the asker (or a holder they name) owning a stake (on the lower-cased message)
HOLDS_A_STAKE = re.compile(
    r"\b(?:i|we|they|he|she|it|(?:our|my|their|the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:company|corp\w*|parent|fund|firm|"
    r"entity|client|subsidiary|investor|holder))\s+(?:\w+\s+){0,2}?(?:own|owns|owned|hold|holds|held|has|have)\b"
    # a stake after the verb ("hold 10%", "have 500 ADSs", "own a stake"): "I have a question" holds none
    r"[^.;?!]{0,40}?(?:\d\s*(?:%|percent\b|per\s*cent\b)|\b(?:shares?|adss?|adrs?|stakes?|interest|"
    r"stock|equity|position|voting|ownership|holdings?)\b)"
)
# a U.S. state's or city's own tax (on the lower-cased message)
STATE_OR_LOCAL_TAX = re.compile(
    r"\b(?:state|local|city|municipal|county)\s+(?:income\s+)?tax(?:es|ation)?\b|"
    r"(?<!bank\sof\s)\b(?:" + "|".join(US_STATES) + r")\s+(?:state\s+)?(?:income\s+)?tax(?:es|ation)?\b"
)
# the depositary's second treaty form (on the lower-cased message)
SECOND_FORM = re.compile(
    r"(?:second|other|later|follow[- ]up|remaining|2nd)\s+(?:(?:treaty|application|depositary|depositary's|ads|"
    r"adr)\s+){0,3}(?:form|filing)|within\s+(?:eight|8)\s+months|(?:eight|8)\s+months\s+after"
)
# a day on the calendar asked for (on the lower-cased message), not the rule that sets it
CALENDAR_DATE_ASKED = re.compile(
    r"\b(?:exact|specific|actual|calendar)\s+(?:due\s+)?(?:date|day)\b|\b(?:what|which)\s+(?:date|day)\b|"
    r"\b(?:this|next|last)\s+year's\b|\bdate\s+please\b|"
    # one period's filing ("for the current period", "the coming round"): a day on the calendar
    r"\b(?:this|next|last|the\s+(?:coming|upcoming|current))\s+(?:cycle|round|period|season|filing\s+year)\b|"
    r"\b(?:this|next|the\s+coming|this\s+coming|the\s+current)\s+(?:cycle|round|time\s+around|filing\s+season)\b|"
    # "… for my ADSs": the asker's own holding, so a day on the calendar, not the rule ("by when must it be
    # filed?" asked in general is answered by the rule: within eight months of the fiscal year end)
    r"\bfor\s+(?:my|our)\s+(?:\w+\s+){0,2}adss?\b"
)
# the qualified-dividend holding test named (on the lower-cased message)
QDI_TEST = re.compile(
    r"\bqdi\b|qualified\s+div\w*|holding[- ]period|\b15\s*%|enough\s+days|\b60\s+days|\b12[01][- ]day"
)
PASSIVE = re.compile(r"\bpassive\b", re.I)
SITUATION_KEYS = (
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


# What a dividend question asks about: its U.S. treatment (income to report, U.S. tax, the credit) …
ASKS_US_SIDE = re.compile(
    US_TAX_WORDS.pattern + r"|\bincome\b[^.?!]{0,30}\b(?:report|include|declare|recogni[sz]e|show)\w*|"
    r"\b(?:report|include|declare|recogni[sz]e)\w*\b[^.?!]{0,30}\bincome\b|"
    r"\b(?:u\.?s\.?|us|american|federal|irs)\s+(?:income\s+)?(?:tax\s+)?(?:consequences?|treatment|implications?|"
    r"side|purposes|return|taxes)\b|\btax(?:ed|ation)?\s+(?:in|by)\s+the\s+(?:us|u\.s\.|united\s+states)\b|"
    r"\b(?:my|our|the)\s+(?:(?:us|u\.s\.|federal|tax)\s+)*return\b|\b(?:dividend|gross|taxable)\s+income\b|"
    r"\bhow\s+much\s+(?:\w+\s+)?income\b|\b(?:u\.?s\.?|us|american|federal)\s+income\b(?!\s+tax\s+(?:treaty|convention))|"
    # the dividend's dollar value ("gross USD amount"), or the 15% cap asked where no treaty is named
    r"\b(?:usd|us\s*\$|dollar)\s+(?:amount|value|figure|equivalent|inclusion)\b|\binclusion\s+(?:amount|in\s+usd)\b|"
    # the gross dividend in dollars ("gross USD", "gross in dollars", "USD gross")
    r"\bgross\s+(?:amount\s+)?(?:in\s+)?(?:usd|us\s*\$|(?:us\s+)?dollars?)\b|\b(?:usd|dollars?)\s+gross\b|"
    r"^(?![^?]*\b(?:treaty|withh\w*|japan\w*)\b)[^?]*(?:\b15\s*%\s+(?:max\w*\s+|top\s+)?(?:tax\s+)?rate\b|"
    # "does the 15% max still apply?", "the 15% cap", "a maximum of 15%": the qualified-dividend rate
    r"\b15\s*%\s+(?:max(?:imum)?|cap|ceiling|top\s+rate)\b|\b(?:max(?:imum)?|capped|cap)\s+(?:rate\s+)?(?:of\s+|at\s+)?15\s*%)",
    re.I,
)
# … or the Japanese tax taken from it.
ASKS_JP_SIDE = re.compile(
    r"withh\w*|\bwithold\w*|\bwitheld\b|\bw/h\b|\bwht\b|\bjapan\w*|\bnet\b|\brefund\w*|\breclaim\w*|"
    r"\btake[- ]home\b|\bdeducted\b|\bend\s+up\s+with\b|\bsource\s+tax\b",
    re.I,
)


def asked_side(question: str) -> str | None:
    """Whether a question asks about the U.S. side of a dividend ("us") or the Japanese tax on it ("jp").

    The asking sentence decides, and within it the last part that names either side ("10% was withheld, so how
    much income do I report?" asks for income); ``None`` when it names both or neither.
    """
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", question.strip()) if s.strip()]
    asking = [s for s in sentences if "?" in s] or sentences[-1:]
    if not asking:
        return None
    for part in reversed(re.split(r"[,:;]|\s[-–—]\s", asking[-1])):
        us, jp = bool(ASKS_US_SIDE.search(part)), bool(ASKS_JP_SIDE.search(part))
        if us != jp:
            return "us" if us else "jp"
        if us and jp:
            return None
    return None


AMOUNT_KEYS = (
    "gross_dividend_jpy",
    "dividend_per_share_jpy",
    "actually_withheld_jpy",
    "amount_realized_jpy",
    "amount_realized_usd",
    "basis_usd",
    "usd_amounts",
    "gain_usd",
)
PERSONAL = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|we|we're|our|you|your)\b", re.I)
US_RATE_WORDS = re.compile(r"\bqualified\b|15\s*%\s+(?:max\w*\s+)?rate|\bcapital\s+gains?\b", re.I)


def dated(facts: Mapping[str, Any]) -> bool:
    return any(isinstance(v, DateFact) for v in facts.values())
