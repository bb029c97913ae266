"""The question asked for each missing calculator input, and the inputs' plain names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.qa.numeric.wording import _Cites

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
