"""The calculator's inputs from the facts a conversation states."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from service.qa.numeric.wording import json_number, plain, yen_input
from service.qa.readers.dates import DateFact
from service.qa.readers.facts import ExtractedText
from service.qa.readers.fx import parse_fx_all, rate_role
from service.qa.readers.holders import holder_kind
from service.qa.readers.numbers import parse_numbers

PAYMENT_SOURCES = ("payment_date", "unassigned_date")


def date_from(facts: Mapping[str, Any], *keys: str) -> DateFact | None:
    for key in keys:
        value = facts.get(key)
        if isinstance(value, DateFact):
            return value
    return None


def _jp_inputs(facts: Mapping[str, Any], amounts: bool) -> tuple[dict[str, Any], dict[str, DateFact]]:
    inputs: dict[str, Any] = {}
    pending: dict[str, DateFact] = {}
    if "residence" in facts:
        inputs["residence"] = facts["residence"]
    for key in (
        "treaty_with_japan",
        "has_japan_pe",
        "holder_type",
        "held_over_50pct_12m",
        "additional_requirements_met",
        "pension_dividends_from_business",
    ):
        if key in facts:
            inputs[key] = facts[key]
    if "voting_pct" in facts:
        inputs["voting_pct"] = json_number(facts["voting_pct"])
    dates = {
        "payment_date": date_from(facts, *PAYMENT_SOURCES),
        "entitlement_date": date_from(facts, "entitlement_date"),
        "over_50pct_since": date_from(facts, "since_date"),
    }
    for key, fact in dates.items():
        if fact is not None:
            pending[key] = fact
    if amounts:
        if "gross_dividend_jpy" in facts and not facts.get("dividend_is_net"):
            inputs["gross_dividend_jpy"] = yen_input(facts["gross_dividend_jpy"])
        elif "dividend_per_share_jpy" in facts and "shares" in facts:
            inputs["dividend_per_share_jpy"] = json_number(facts["dividend_per_share_jpy"])
            inputs["shares"] = json_number(facts["shares"])
            if facts.get("shares_are_ads"):
                inputs["shares_are_ads"] = True
        for key in ("advance_form_filed", "is_ads"):
            if key in facts:
                inputs[key] = facts[key]
        if "actually_withheld_jpy" in facts:
            inputs["actually_withheld_jpy"] = yen_input(facts["actually_withheld_jpy"])
        elif "withheld_rate" in facts and "gross_dividend_jpy" in inputs:
            inputs["actually_withheld_jpy"] = _withheld_from_rate(facts)
    return inputs, pending


def _withheld_from_rate(facts: Mapping[str, Any]) -> int:
    """ "10% withheld" on a stated gross → the yen withheld, fractions of a yen dropped (spec §1.4)."""
    return int(Decimal(str(facts["gross_dividend_jpy"])) * Decimal(str(facts["withheld_rate"])))


def _us_common(facts: Mapping[str, Any], inputs: dict[str, Any]) -> None:
    kind = holder_kind(facts.get("holder_type"))
    if kind is not None:
        inputs["holder_kind"] = kind
    if "voting_pct" in facts:
        inputs["voting_pct"] = json_number(facts["voting_pct"])
    special = facts.get("special_class")
    if special is None and facts.get("holder_type") == "pension_fund":
        special = "pension_fund"
    if special is not None:
        inputs["special_class"] = special


# The 15% maximum rate asked about: the report gives it only to a noncorporate U.S. holder, so a
# question that asks whether it applies, saying nothing of the holder, is about a noncorporate one
_FIFTEEN_PERCENT = re.compile(r"\b15\s*(?:%|percent\b|per\s*cent\b|pct\b)|\bfifteen\s+percent\b", re.I)


def _kind_from_rate_asked(text: str, facts: Mapping[str, Any], inputs: dict[str, Any]) -> None:
    if "holder_kind" not in inputs and "holder_type" not in facts and _FIFTEEN_PERCENT.search(text):
        inputs["holder_kind"] = "noncorporate"


Inputs = tuple[dict[str, Any], dict[str, DateFact]]
"""A reader's result: the calculator inputs, and the date facts still to be resolved into ISO dates."""


def read_jp_rate(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    return _jp_inputs(facts, amounts=False)


def read_jp_amounts(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    return _jp_inputs(facts, amounts=True)


def read_us_dividend(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    sources: tuple[str, ...]
    _us_common(facts, inputs)
    _kind_from_rate_asked(text, facts, inputs)
    if "gross_dividend_jpy" in facts and not facts.get("dividend_is_net"):
        inputs["gross_dividend_jpy"] = yen_input(facts["gross_dividend_jpy"])
    if "jpy_per_usd" in facts:
        inputs["jpy_per_usd_inclusion"] = plain(facts["jpy_per_usd"])
        credit = _credit_rate(text)
        if credit is not None and credit != facts["jpy_per_usd"]:
            inputs["ftc_jpy_per_usd"] = plain(credit)
    if "actually_withheld_jpy" in facts:
        inputs["jp_tax_withheld_jpy"] = yen_input(facts["actually_withheld_jpy"])
    elif "withheld_rate" in facts and "gross_dividend_jpy" in inputs:
        inputs["jp_tax_withheld_jpy"] = _withheld_from_rate(facts)
    for key in ("advance_form_filed", "holding_period_met", "is_financial_institution"):
        if key in facts:
            inputs[key] = facts[key]
    if "pfic" in facts:
        inputs["pfic_distribution_year"] = facts["pfic"]
    if facts.get("pfic_preceding"):
        inputs["pfic_preceding_year"] = True
    if "ordinary_rate" in facts:
        inputs["ordinary_rate"] = plain(facts["ordinary_rate"])
    paid = date_from(facts, *PAYMENT_SOURCES)
    if facts.get("pfic_years") and paid is not None and paid.year is not None:
        # "a PFIC in 2003" with a dividend paid in 2004: the years named say which of the two PFIC tests holds
        years = set(facts["pfic_years"])
        inputs["pfic_distribution_year"] = paid.year in years
        inputs["pfic_preceding_year"] = paid.year - 1 in years
    for key, sources in (
        ("payment_date", PAYMENT_SOURCES),
        ("acquisition_date", ("acquisition_date",)),
        ("disposition_date", ("disposition_date",)),
        ("ex_dividend_date", ("ex_dividend_date",)),
    ):
        fact = date_from(facts, *sources)
        if fact is not None:
            pending[key] = fact
    return inputs, pending


_CREDIT_WORDS = re.compile(r"\b(?:foreign\s+tax\s+credit|ftc|credit)\b", re.I)


def _credit_rate(text: str) -> Decimal | None:
    """A second yen/dollar rate said for the foreign tax credit ("the credit translated at 105"): a rate with no
    inclusion or conversion word of its own, whose clause names the credit; ``None`` when there is none."""
    rates = parse_fx_all(text)
    if len(rates) < 2:
        return None
    for rate in rates:
        clause = re.split(r"[.;,?!]\s", text[max(0, rate.start - 70) : rate.start])[-1]
        if rate_role(text, rate) is None and _CREDIT_WORDS.search(clause):
            return rate.jpy_per_usd
    return None


def read_holding_period(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    sources: tuple[str, ...]
    for key, sources in (
        ("acquisition_date", ("acquisition_date", "since_date")),
        ("disposition_date", ("disposition_date",)),
        ("ex_dividend_date", ("ex_dividend_date", "unassigned_date")),
    ):
        fact = date_from(facts, *sources)
        if fact is not None:
            pending[key] = fact
    offsets = facts.get("qdi_offsets")
    if offsets is not None and "ex_dividend_date" not in pending:
        # only the distances from the ex-dividend date are given: the count does not depend on the date itself
        before, after = offsets
        inputs["ex_dividend_date"] = OFFSET_REFERENCE.isoformat()
        inputs["acquisition_date"] = (OFFSET_REFERENCE - timedelta(days=before)).isoformat()
        if after is not None:
            inputs["disposition_date"] = (OFFSET_REFERENCE + timedelta(days=after)).isoformat()
        pending.pop("acquisition_date", None)
        pending.pop("disposition_date", None)
    if re.search(r"\b120[- ]day", text) and not re.search(r"\b121[- ]day", text):
        inputs["window_days"] = 120  # with both named, the window in force first; the writer adds the other
    return inputs, pending


# The ex-dividend date a holding-period count uses when only distances from it are given (any date gives the
# same count; the answer states the distances, not this date).
OFFSET_REFERENCE = date(2004, 9, 28)


def read_capital_gain(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    sources: tuple[str, ...]
    _us_common(facts, inputs)
    _kind_from_rate_asked(text, facts, inputs)
    if "gain_usd" in facts and not ("basis_usd" in facts and "amount_realized_usd" in facts):
        # only the difference matters: a stated gain is realized amount less a zero basis
        gain = Decimal(facts["gain_usd"])
        inputs["basis_usd"] = plain(max(-gain, Decimal(0)))
        inputs["amount_realized_usd"] = plain(max(gain, Decimal(0)))
    elif "basis_usd" in facts:
        inputs["basis_usd"] = plain(facts["basis_usd"])
    if "amount_realized_usd" in inputs:
        pass
    elif "amount_realized_usd" in facts:
        inputs["amount_realized_usd"] = plain(facts["amount_realized_usd"])
    elif "amount_realized_jpy" in facts:
        inputs["amount_realized_jpy"] = yen_input(facts["amount_realized_jpy"])
        if "jpy_per_usd" in facts:
            inputs["jpy_per_usd_realized"] = plain(facts["jpy_per_usd"])
    if "pfic" in facts:
        inputs["pfic_holder"] = facts["pfic"]
    capital_dates: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("acquisition_date", ("acquisition_date", "since_date", "payment_date")),
        ("disposition_date", ("disposition_date", "unassigned_date")),
    )
    for key, sources in capital_dates:
        fact = date_from(facts, *sources)
        if fact is not None:
            pending[key] = fact
    return inputs, pending


def read_disposal(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    if "sale_location" in facts:
        inputs["sale_location"] = facts["sale_location"]
    if facts.get("residence_kind") == "JP":
        inputs["is_nonresident"] = False
    elif facts.get("is_nonresident"):
        inputs["is_nonresident"] = True
    if "has_japan_pe" in facts:
        inputs["has_japan_pe"] = facts["has_japan_pe"]
    return inputs, pending


def read_distribution(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    for key, source in (
        ("distribution_usd", "distribution_usd"),
        ("earnings_and_profits_usd", "earnings_and_profits_usd"),
        ("basis_usd", "basis_usd"),
    ):
        if source in facts:
            inputs[key] = plain(facts[source])
    if "distribution_usd" not in inputs and facts.get("usd_amounts"):
        inputs["distribution_usd"] = plain(facts["usd_amounts"][0])
    if "basis_usd" not in inputs:
        # the split is figured in dollars: a basis stated with no currency ("my basis is 20k") is in dollars
        m = _BARE_BASIS.search(text)
        figures = [n for n in parse_numbers(m.group("amount")) if not n.is_pct] if m else []
        if figures:
            inputs["basis_usd"] = plain(figures[0].value)
    return inputs, pending


_BARE_BASIS = re.compile(
    r"\bbasis(?:\s*(?:is|was|of|=|:|at|now|stands|sits|about|around|roughly)){0,3}\s*(?P<amount>\d[\d,.]*\s*(?:k|m|mn|million|thousand)?)\b",
    re.I,
)


def read_fx(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    if "jpy_per_usd" in facts:
        inputs["jpy_per_usd_inclusion"] = plain(facts["jpy_per_usd"])
        rates = parse_fx_all(text)
        if (
            "jpy_per_usd_conversion" not in facts
            and len(rates) == 1
            and rate_role(text, rates[0]) == "conversion"
        ):
            # the one rate given is the one the yen were converted at: the inclusion rate is still to be asked
            inputs["jpy_per_usd_conversion"] = inputs.pop("jpy_per_usd_inclusion")
    if "jpy_per_usd_conversion" in facts:
        inputs["jpy_per_usd_conversion"] = plain(facts["jpy_per_usd_conversion"])
    one_rate = [k for k in ("jpy_per_usd_inclusion", "jpy_per_usd_conversion") if k in inputs]
    if len(one_rate) == 1 and _SAME_RATE.search(text):
        # "both at 106", "converted the same day it was included": one rate serves for inclusion and conversion
        inputs["jpy_per_usd_inclusion"] = inputs["jpy_per_usd_conversion"] = inputs[one_rate[0]]
    # the yen converted: a net dividend when one is stated
    net = facts.get("net_dividend_jpy")
    yen = net if net is not None else facts.get("gross_dividend_jpy", facts.get("amount_realized_jpy"))
    if (
        net is None
        and yen is not None
        and not re.search(r"convert\w*\s+(?:the\s+|my\s+)?(?:¥|jpy|yen)", text, re.I)
    ):
        withheld = facts.get("actually_withheld_jpy")
        if withheld is None and "withheld_rate" in facts:
            withheld = _withheld_from_rate(facts)
        if withheld is not None:
            yen = Decimal(str(yen)) - Decimal(str(withheld))  # the yen actually received and converted
    if yen is not None:
        inputs["yen_amount"] = yen_input(yen)
    return inputs, pending


_SAME_RATE = re.compile(
    r"\bboth\s+(?:at|@|were|are|=|on)\b|\b(?:on|at)\s+the\s+(?:very\s+)?same\s+(?:day|date|rate)\b|"
    r"\bsame[- ]day\b|\b(?:the\s+)?same\s+rate\s+(?:for|as|both)\b|\bunchanged\s+rate\b|"
    # "the same 107 rate as when it was included": the figure named between "same" and "rate"
    r"\bsame\s+(?:¥\s*)?\d[\d.,]*\s*(?:yen\s+)?(?:exchange\s+|fx\s+|spot\s+)?rate\b",
    re.I,
)


def read_holder_status(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    for key in ("held_years", "pfic_years"):
        if key in facts:
            inputs[key] = list(facts[key])
    return inputs, pending


def read_deadline(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    inputs: dict[str, Any] = {}
    fact = date_from(facts, "fiscal_year_end_date", "unassigned_date")
    if fact is not None:
        pending["fiscal_year_end"] = fact
    return inputs, pending


def read_not_stated(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    return {"topic": intent.split(":", 1)[1]}, {}
