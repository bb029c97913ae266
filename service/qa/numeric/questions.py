"""Every calculator input in one table: its plain name, the question asked when it is missing (with the rules
that make it matter), and the fact a bare reply to that question gives."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.qa.numeric.wording import Cites


@dataclass(frozen=True)
class Field:
    """One calculator input. ``label``: its plain name (never the raw input name is shown); ``question``: what a
    clarification asks for it, citing ``rules``; ``reply``: the fact a bare reply to that question states, for
    inputs whose answer carries no cue word of its own ("about 8%", "no", "105")."""

    name: str
    label: str | None = None
    question: str | None = None
    rules: tuple[str, ...] = ()
    reply: str | None = None


FIELDS: dict[str, Field] = {
    field.name: field
    for field in (
        Field(
            "residence",
            label="country of residence",
            question="In which country is the holder resident for tax purposes?",
        ),
        Field(
            "payment_date",
            label="payment date",
            question="On what date was the dividend paid (day, month and year)? The Treaty applies to amounts taxable on or after July 1, 2004, and the Prior Treaty rates apply before that.",
            rules=("R-07",),
        ),
        Field("holder_type", question="Is the holder an individual, a corporation or a pension fund?"),
        Field("holder_kind", question="Is the U.S. holder an individual or a corporation?"),
        Field(
            "voting_pct",
            label="voting percentage",
            question="What percentage of IIJ's voting shares does the holder own on the date on which entitlement to the dividend is determined?",
            rules=("R-09",),
            reply="voting_pct",
        ),
        Field(
            "held_over_50pct_12m",
            question="Has the corporation owned more than 50% of IIJ's voting shares for the whole twelve months ending on the date on which entitlement to the dividend is determined?",
            rules=("R-10b",),
            reply="held_over_50pct_12m",
        ),
        Field(
            "over_50pct_since",
            label="date since which more than 50% was held",
            question="Since what date has the corporation owned more than 50% of the voting shares?",
            rules=("R-10b",),
        ),
        Field(
            "entitlement_date",
            label="record date",
            question="On what date is entitlement to the dividend determined (the record date)?",
            rules=("R-10b",),
        ),
        Field(
            "pension_dividends_from_business",
            question="Are the dividends derived from the carrying on of a business by the pension fund?",
            rules=("R-10c",),
            reply="pension_dividends_from_business",
        ),
        Field(
            "treaty_with_japan",
            question="Does {country} have an income tax treaty with Japan that reduces the withholding rate? The report's list of treaty countries is not exhaustive.",
            rules=("R-13b",),
            reply="treaty_with_japan",
        ),
        Field(
            "holding_period",
            question="Did the holder hold the shares for more than 60 days during the 121-day period beginning 60 days before the ex-dividend date (or what were the purchase, sale and ex-dividend dates)?",
            rules=("R-35b",),
            reply="holding_period_met",
        ),
        Field("gross_dividend_jpy", label="gross dividend", question="How large is the dividend, in yen?"),
        Field(
            "jpy_per_usd_inclusion",
            label="yen/dollar rate",
            question="What was the yen/dollar spot rate on the date the dividend was includible in income?",
            rules=("R-40",),
            reply="jpy_per_usd",
        ),
        Field(
            "acquisition_date",
            label="purchase date",
            question="On what date were the shares bought (day, month and year)?",
        ),
        Field(
            "disposition_date",
            label="sale date",
            question="On what date were the shares sold (day, month and year)?",
        ),
        Field(
            "ex_dividend_date",
            label="ex-dividend date",
            question="What is the ex-dividend date (day, month and year)?",
        ),
        Field(
            "basis_usd",
            label="basis",
            question="What is the tax basis of the shares, in U.S. dollars?",
            rules=("R-48",),
            reply="basis_usd",
        ),
        Field(
            "amount_realized_usd",
            label="amount realized",
            question="How much was realized on the sale (in dollars, or in yen together with the yen/dollar rate)?",
            rules=("R-48",),
        ),
        Field("sale_location", question="Were the shares sold outside Japan or within Japan?"),
        Field(
            "current_year_distributions_usd",
            label="current-year distributions",
            question="What were the distributions in the current taxable year?",
            rules=("R-68",),
        ),
        Field(
            "prior_year_distributions_usd",
            label="prior-year distributions",
            question="What were the distributions in each of the preceding taxable years (up to three)?",
            rules=("R-68",),
        ),
        Field(
            "amount_usd",
            label="amount to allocate",
            question="What is the amount of the excess distribution or gain to allocate?",
            rules=("R-69",),
        ),
        Field(
            "event_date",
            label="date of the distribution or sale",
            question="On what date was the distribution received or the shares sold?",
            rules=("R-69",),
        ),
        Field(
            "fiscal_year_end",
            label="fiscal year end",
            question="What is IIJ's fiscal year end (it is not in this part of the report)?",
        ),
        Field(
            "ads_to_share_ratio",
            question="How many shares does each ADS represent (the ratio is not in this part of the report)?",
        ),
        Field(
            "initial_basis_usd",
            label="initial basis",
            question="What was the initial basis of the shares?",
            rules=("R-79",),
            reply="basis_usd",
        ),
        Field(
            "gross_income",
            label="gross income",
            question="What was IIJ's gross income for the year (passive and non-passive together)?",
            rules=("R-62",),
        ),
        Field(
            "passive_income",
            label="passive income",
            question="What was IIJ's passive income for the year?",
            rules=("R-62",),
        ),
        Field(
            "passive_assets_q",
            label="passive assets",
            question="What were IIJ's passive assets at each quarter end?",
            rules=("R-63",),
        ),
        Field(
            "total_assets_q",
            label="total assets",
            question="What were IIJ's total assets at each quarter end?",
            rules=("R-63",),
        ),
        Field("yen_amount", label="yen amount", question="How many yen were converted?"),
        Field(
            "distribution_usd",
            label="distribution",
            question="How large was the distribution, in U.S. dollars?",
            rules=("R-43",),
        ),
        Field(
            "earnings_and_profits_usd",
            label="earnings and profits",
            question="How much current and accumulated earnings and profits (for U.S. tax purposes) stand behind it?",
            rules=("R-43",),
        ),
        Field(
            "jpy_per_usd_conversion",
            label="conversion rate",
            question="At what yen/dollar rate were the yen converted into dollars?",
            rules=("R-41",),
            reply="jpy_per_usd",
        ),
        Field(
            "held_years",
            label="years held",
            question="In which taxable years did you hold the shares or ADSs?",
            rules=("R-61",),
            reply="held_years",
        ),
        Field(
            "pfic_years",
            label="PFIC years",
            question="In which of IIJ's taxable years was IIJ a PFIC?",
            rules=("R-82",),
            reply="pfic_years",
        ),
        Field(
            "years",
            label="year-end values",
            question="What was the fair market value of the shares at the end of each taxable year since the election, in order (first year end, second, …)?",
            rules=("R-76",),
            reply="mtm_values",
        ),
        Field(
            "sale",
            label="sale",
            question="In which year were the shares sold, and for how much?",
            rules=("R-78",),
        ),
        Field(
            "advance_form_filed",
            question="Was the treaty application form filed in advance, before the dividend was paid?",
            rules=("R-14",),
            reply="advance_form_filed",
        ),
        Field(
            "shares", label="number of shares", question="How many shares (or ADSs) received the dividend?"
        ),
        Field(
            "dividend_per_share_jpy",
            label="dividend per share",
            question="How much is the dividend per share, in yen?",
        ),
        Field(
            "jpy_per_usd_realized",
            label="yen/dollar rate on the sale date",
            question="What was the yen/dollar rate on the date of the sale?",
            rules=("R-48",),
            reply="jpy_per_usd",
        ),
        Field(
            "amount_realized_jpy",
            label="amount realized in yen",
            question="How much was realized on the sale, in yen?",
            rules=("R-48",),
        ),
        Field(
            "holding_period_met",
            question="Did the holder hold the shares for more than 60 days during the 121-day period beginning 60 days before the ex-dividend date?",
            rules=("R-35b",),
            reply="holding_period_met",
        ),
        Field(
            "additional_requirements_met",
            question="Does the corporation meet IIJ's additional treaty requirements for the 0% rate (the 20-F does not define them)?",
            rules=("R-10b",),
        ),
        Field(
            "has_japan_pe",
            question="Does the holder have a permanent establishment in Japan to which the shares are attributable?",
            rules=("R-01",),
        ),
        Field(
            "ordinary_rate",
            label="ordinary tax rate",
            question="What is the holder's ordinary income tax rate?",
            rules=("R-81",),
        ),
        Field(
            "current_year_ordinary_rate",
            question="What is your ordinary income tax rate for the current year?",
            rules=("R-70",),
        ),
        Field(
            "prior_unreversed_inclusions_usd",
            question="How much mark-to-market income was included in earlier years and not yet reversed?",
            rules=("R-78",),
        ),
        Field("topic", question="Which figure would you like?"),
        Field(
            "top_rate_by_year",
            label="highest tax rates",
            question="What was the highest tax rate in effect for each prior year?",
            rules=("R-71",),
        ),
        Field(
            "interest_factor_by_year",
            label="interest factors",
            question="What interest factor applies to each prior year's deferred tax?",
            rules=("R-72",),
        ),
        Field("actually_withheld_jpy", label="tax withheld"),
        Field("jp_tax_withheld_jpy", label="Japanese tax withheld"),
        Field("ftc_jpy_per_usd", label="yen/dollar rate for the credit"),
        Field("window_days", label="holding-period window"),
    )
}


def field_name(name: str) -> str:
    """A calculator input in plain words ("years[1].fmv_usd" → "year-end values")."""
    base = re.split(r"[.\[]", name, maxsplit=1)[0]
    if base.startswith("top_rate_"):
        return f"highest tax rate for {base.removeprefix('top_rate_')}"
    field = FIELDS.get(base)
    return field.label if field is not None and field.label is not None else "one of the figures"


def question_for(name: str) -> str:
    """The question a clarification asks for one missing calculator input, without citation markers."""
    return re.sub(r"\s*\[\d+\]", "", field_question(name, {}, Cites()))


def field_question(name: str, facts: Mapping[str, Any], cite: Cites) -> str:
    """The question that asks for one missing input, in plain words, citing the rule that needs it."""
    if re.fullmatch(r"top_rate_\d{4}", name):
        year = name.removeprefix("top_rate_")
        return f"What was the highest tax rate in effect for {year}? The report gives no top rates.{cite('R-71')}"
    base = re.split(r"[.\[]", name, maxsplit=1)[0]
    field = next((f for f in (FIELDS.get(name), FIELDS.get(base)) if f is not None and f.question), None)
    text, rules = (
        (field.question or "", field.rules)
        if field is not None
        else (f"What is the {field_name(name)} for this calculation?", ())
    )
    if "{country}" in text:
        text = text.format(country=facts.get("residence", "the country"))
    extra = ""
    if name == "holder_type" and facts.get("is_llc"):
        extra = " (An LLC counts as a corporation only if it is taxed as one.)"
    return text.rstrip() + extra + cite(*rules)
