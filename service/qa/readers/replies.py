"""A reply read against the question the assistant just asked ("about 8%", "yes", "105")."""

from __future__ import annotations

import re
from typing import Any

from service.qa.readers.fx import invert_rate
from service.qa.readers.mark_to_market import parse_mark_to_market
from service.qa.readers.numbers import BARE_USD, BARE_YEN, bare_number
from service.qa.readers.ownership import parse_voting_pct
from service.qa.readers.series import YEAR_LIST, parse_rates_by_year, parse_year_list, spread_over

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
        elif name in ("held_years", "pfic_years"):
            # "2004 and 2005", "2002-2004"; for the PFIC years, "none" / "never"
            listed = re.search(YEAR_LIST, reply)
            if listed is not None:
                facts[name] = parse_year_list(listed.group("years"))
            elif name == "pfic_years" and re.fullmatch(
                r"\s*(?:none|never|no\s+years?|not\s+ever)\W*", reply, re.I
            ):
                facts[name] = []
        elif name == "basis_usd":
            value = bare_number(reply, BARE_USD)
            if value is not None:
                facts["basis_usd"] = value
        elif name == "jpy_per_usd":
            value = bare_number(reply, BARE_YEN)
            if value is not None and value > 0:
                facts["jpy_per_usd"] = value if value >= 1 else invert_rate(value)
    return facts
