"""A reply read against what the previous answer asked for: its structured ``missing`` list, not its wording.

A bare reply ("about 8%", "no", "105", "38.6% and 35%") states a fact only as the answer to a question; which
question is known from the calculator inputs the previous answer named as missing, replayed from the earlier
user turns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from service.qa.extract import parse_rates_by_year, reply_facts, spread_over

# The fact a bare reply gives, by the calculator input it answers (inputs whose replies carry their own cue words,
# such as a date or a country, are read like any message).
REPLY_FACTS: dict[str, str] = {
    "voting_pct": "voting_pct",
    "held_over_50pct_12m": "held_over_50pct_12m",
    "pension_dividends_from_business": "pension_dividends_from_business",
    "holding_period": "holding_period_met",
    "holding_period_met": "holding_period_met",
    "treaty_with_japan": "treaty_with_japan",
    "jpy_per_usd_inclusion": "jpy_per_usd",
    "jpy_per_usd_realized": "jpy_per_usd",
    "jpy_per_usd_conversion": "jpy_per_usd",
    "years": "mtm_values",
    "initial_basis_usd": "basis_usd",
    "basis_usd": "basis_usd",
}
_TOP_RATE = re.compile(r"top_rate_(\d{4})")


def reply_to(reply: str, missing: Sequence[str]) -> dict[str, Any]:
    """The facts ``reply`` states as the answer to the inputs ``missing`` asked for."""
    asked = list(dict.fromkeys(REPLY_FACTS[name] for name in missing if name in REPLY_FACTS))
    facts = reply_facts(reply, asked)
    years = [int(m.group(1)) for name in missing if (m := _TOP_RATE.fullmatch(name))]
    if years:
        # "38.6% and 35%": the highest rates for the years asked, in order
        rates = parse_rates_by_year(reply, r"^")
        if isinstance(rates, tuple):
            pairs = spread_over(years, rates)
            rates = dict(pairs) if pairs is not None else None
        if rates is not None:
            facts["top_rates"] = rates
    return facts
