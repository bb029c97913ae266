"""A reply read against what the previous answer asked for: its structured ``missing`` list, not its wording.

A bare reply ("about 8%", "no", "105", "38.6% and 35%") states a fact only as the answer to a question; which
question is known from the calculator inputs the previous answer named as missing, replayed from the earlier
user turns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from service.qa.numeric.questions import FIELDS
from service.qa.readers.replies import reply_facts
from service.qa.readers.series import parse_rates_by_year, spread_over

# The fact a bare reply gives, by the calculator input it answers (``questions.FIELDS``); inputs whose replies
# carry their own cue words, such as a date or a country, are read like any message.
REPLY_FACTS: dict[str, str] = {
    field.name: field.reply for field in FIELDS.values() if field.reply is not None
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
