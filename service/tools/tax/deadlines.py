"""The depositary's second-form deadline (§3.16) and the §4 topics the document gives no number for."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from service.tools.tax._core import (
    DateLike,
    InvalidInput,
    Result,
    _add_months,
    _calculator,
    _is_month_end,
    _Out,
)
from service.tools.tax._inputs import _opt_date

# ----------------------------------------------------------------------------------------------------
# §3.16 second treaty form


@_calculator
def ads_second_form_deadline(*, fiscal_year_end: DateLike | None = None) -> Result:
    """Last day for the depositary's second treaty form: eight months after the fiscal year end (§3.16)."""
    year_end = _opt_date(fiscal_year_end, "fiscal_year_end")
    out = _Out()
    out.flag("FISCAL_YEAR_END_NOT_IN_DOCUMENT")
    if year_end is None:
        out.need("fiscal_year_end")
        return out.done("NEED_INFO", {"deadline": None})
    out.rule("R-15")
    deadline = _add_months(year_end, 8)
    if _is_month_end(year_end):
        deadline = date(deadline.year, deadline.month, calendar.monthrange(deadline.year, deadline.month)[1])
    out.step(f"{year_end.isoformat()} + 8 months = {deadline.isoformat()} (R-15)")
    return out.done("OK", {"deadline": deadline.isoformat()})


# ----------------------------------------------------------------------------------------------------
# §4 topics without numbers

NOT_STATED_TOPICS: Mapping[str, tuple[str, tuple[str, ...]]] = MappingProxyType(
    {
        "other_treaty_rate": ("the document lists treaty countries but gives no rate for them", ("R-13b",)),
        "capital_relationship_reduction": (
            "the rate is 'further reduced' but no number is given",
            ("R-13c",),
        ),
        "additional_requirements_definition": (
            "the 0% rate's 'additional requirements' are not defined",
            ("R-10b",),
        ),
        "us_ordinary_rates": ("the document gives no U.S. ordinary income-tax or corporate rates", ("R-81",)),
        "lower_qdi_brackets": ("the document gives only the 15% maximum rate", ("R-34", "R-49")),
        "ftc_limitation": (
            "the credit is 'subject to certain limitations' that are not described",
            ("R-44", "R-45"),
        ),
        "pfic_interest_rate": ("the interest charge on underpayments is not quantified", ("R-72",)),
        "pfic_top_rates": ("the highest tax rate for each prior year is not given", ("R-71",)),
        "pfic_exceptions": ("the 'certain exceptions' for prior years are not described", ("R-71",)),
        "inheritance_gift_rates": (
            "inheritance and gift taxes are at 'progressive rates' with no numbers",
            ("R-18",),
        ),
        "stamp_transfer_tax": ("no stamp or transfer tax amounts are given", ("R-19",)),
        "ads_ratio": ("the ADS-to-share ratio is not in this excerpt", ()),
        "fiscal_year_end": ("IIJ's fiscal year end is not in this excerpt", ("R-15",)),
        "capital_loss_limits": ("the document gives no loss-limitation or carryover rules", ("R-48",)),
    }
)


@_calculator
def not_stated(*, topic: str | None = None) -> Result:
    """A topic the document cannot answer with a number (§4); unknown topics raise INVALID_ENUM."""
    out = _Out()
    if topic is None:
        out.need("topic")
        return out.done("NEED_INFO", {"topic": None, "value": None, "reason": None})
    if not isinstance(topic, str) or topic not in NOT_STATED_TOPICS:
        raise InvalidInput("INVALID_ENUM", "topic", f"{topic!r} is not one of {', '.join(NOT_STATED_TOPICS)}")
    reason, rules = NOT_STATED_TOPICS[topic]
    out.rule(*rules)
    out.step(f"{topic}: {reason}")
    return out.done("NOT_STATED", {"topic": topic, "value": None, "reason": reason})
