"""A reply read against the question the assistant just asked ("about 8%", "yes", "105")."""

from __future__ import annotations

import re
from typing import Any

from service.qa.readers.fx import invert_rate
from service.qa.readers.mark_to_market import parse_mark_to_market
from service.qa.readers.numbers import BARE_USD, BARE_YEN, bare_number
from service.qa.readers.ownership import parse_voting_pct
from service.qa.readers.series import YEAR_LIST, parse_rates_by_year, parse_year_list

_BOOLEAN_ANSWERS = frozenset(
    {
        "held_over_50pct_12m",
        "pension_dividends_from_business",
        "holding_period_met",
        "treaty_with_japan",
        "advance_form_filed",
    }
)
# "not sure", "no idea", "don't know": the yes/no fact asked is not known (the treaty form: both outcomes are answered)
_UNKNOWN = re.compile(
    r"^\s*(?:(?:i'?m\s+|we'?re\s+)?(?:not\s+(?:sure|certain)|unsure|no\s+idea|no\s+clue)|(?:i|we)?\s*(?:do\s*n[o']?t|dont)\s+"
    r"(?:know|remember|recall)|(?:i|we)?\s*can'?t\s+(?:remember|recall|say|tell)|unknown|dunno)\b",
    re.I,
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


# "it was filed", "submitted", "done": the form asked about was filed
_FILED = re.compile(
    r"^\s*(?:(?:it|they|the\s+forms?|forms?|we|i)\s+)?(?:(?:was|were|has\s+been|have\s+been|had\s+been|did|got\s+it)\s+)?"
    r"(?:filed|submitted|sent|lodged|done|in)\b",
    re.I,
)


def reply_facts(reply: str, asked: list[str]) -> dict[str, Any]:
    """Facts a reply states when read as the answer to the question just asked ("about 8%", "yes", "105").

    Which years a bare list of rates ("38.6% and 35%") belongs to is settled by the caller from the inputs the
    previous answer named as missing (service/qa/numeric/replies.py).
    """
    facts: dict[str, Any] = {}
    for name in asked:
        if name == "voting_pct":
            ownership = parse_voting_pct(reply, answers_stake_question=True)
            if ownership is not None:
                facts["voting_pct"] = ownership.voting_pct
                if ownership.note:
                    facts["voting_pct_note"] = ownership.note
        elif name in _BOOLEAN_ANSWERS and _UNKNOWN.search(reply):
            facts["unknown_facts"] = (name,)  # not known: the answer branches on it where the spec lets it
        elif name == "advance_form_filed" and _FILED.search(reply) and not _NO.search(reply):
            facts["advance_form_filed"] = True
        elif name in _BOOLEAN_ANSWERS and (_YES.search(reply) or _NO.search(reply)):
            facts[name] = _YES.search(reply) is not None
        elif name == "top_rates":
            rates = parse_rates_by_year(reply, r"^")
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
