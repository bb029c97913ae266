"""Deterministic tax calculator for IIJ's Form 20-F (fiscal 2004), Item 10.E (docs/tax-rules.md).

Pure: no I/O, no clock reads, ``Decimal`` arithmetic only (context precision 50). Every function is
keyword-only, callable as ``fn(**inputs)`` with JSON values, and listed in ``FUNCTIONS``.

Inputs: dates are ISO ``YYYY-MM-DD`` strings (``date`` objects are accepted too); numbers are int, str or
float (floats go through ``str()`` before ``Decimal``); ownership and voting figures are percent units
(``10`` = 10 %); rates are fractions (``0.35``); FX rates are JPY per 1 USD. Booleans must be JSON booleans
or null.

Outputs are JSON-serialisable dicts with one representation per kind:
- yen: ``int`` (whole yen; Japanese tax is truncated, §1.4);
- USD: ``str`` with exactly 2 dp, e.g. ``"1363.64"`` (ROUND_HALF_UP once, from exact values);
- rates: ``str`` fraction with at least 2 dp, e.g. ``"0.05"`` (a caller's rate keeps its extra places);
- PFIC test ratios: ``str`` with 6 dp, e.g. ``"0.750000"``; figures in the caller's own unit: plain ``str``;
- dates: ISO ``str``; years: ``int`` (``str`` when they are keys of a per-year map).
Every result holds ``status``, the function's own fields (``None`` when not determined), ``missing``
(fields to ask for; empty unless ``NEED_INFO``), ``flags`` and ``rules`` (in the order raised, without
repeats) and ``steps`` (short human-readable calculation lines).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from service.tools.tax._core import DateLike, InvalidInput, Number, Result
from service.tools.tax._inputs import LISTED_TREATY_COUNTRIES, normalise_residence
from service.tools.tax.deadlines import NOT_STATED_TOPICS, ads_second_form_deadline, not_stated
from service.tools.tax.japan import jp_tax_on_disposal, jp_withholding_amounts, statutory_and_misc_japan
from service.tools.tax.japan_rates import dividend_rate_table, jp_withholding_rate
from service.tools.tax.pfic import pfic_holder_status, pfic_test
from service.tools.tax.pfic_income import pfic_allocate, pfic_excess_distribution, pfic_mark_to_market
from service.tools.tax.us_dividends import qdi_holding_period, us_dividend_tax
from service.tools.tax.us_gains import distribution_split, fx_gain_loss, us_capital_gain

FUNCTIONS: Mapping[str, Callable[..., Result]] = MappingProxyType(
    {
        fn.__name__: fn
        for fn in (
            dividend_rate_table,
            jp_withholding_rate,
            jp_withholding_amounts,
            statutory_and_misc_japan,
            qdi_holding_period,
            us_dividend_tax,
            distribution_split,
            fx_gain_loss,
            us_capital_gain,
            jp_tax_on_disposal,
            pfic_test,
            pfic_excess_distribution,
            pfic_allocate,
            pfic_mark_to_market,
            pfic_holder_status,
            ads_second_form_deadline,
            not_stated,
        )
    }
)

__all__ = [
    "FUNCTIONS",
    "LISTED_TREATY_COUNTRIES",
    "NOT_STATED_TOPICS",
    "DateLike",
    "InvalidInput",
    "Number",
    "Result",
    "ads_second_form_deadline",
    "distribution_split",
    "dividend_rate_table",
    "fx_gain_loss",
    "jp_tax_on_disposal",
    "jp_withholding_amounts",
    "jp_withholding_rate",
    "normalise_residence",
    "not_stated",
    "pfic_allocate",
    "pfic_excess_distribution",
    "pfic_holder_status",
    "pfic_mark_to_market",
    "pfic_test",
    "qdi_holding_period",
    "statutory_and_misc_japan",
    "us_capital_gain",
    "us_dividend_tax",
]
