"""Answer writers for the U.S. side: dividends, the holding period, capital gains."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from service.qa.numeric.answer import NumericAnswer, Result
from service.qa.numeric.inputs import date_from, read_capital_gain, read_holding_period, read_us_dividend
from service.qa.numeric.outcome import ask_for_missing, call_calculator, invalid_input, receipt
from service.qa.numeric.partial import US_DIVIDEND_ASKS, infer_holding_period, us_dividend_answerable
from service.qa.numeric.spec import CalcSpec
from service.qa.numeric.wording import Cites, first_asked, fmt_pct_units, fmt_usd, fmt_yen, in_words
from service.qa.readers.dates import is_real_date
from service.qa.readers.facts import ExtractedText
from service.qa.readers.relative import days_in_window
from service.tools.tax import InvalidInput


def _out_of_scope_us(inputs: Mapping[str, Any], cite: Cites) -> list[str]:
    special = inputs.get("special_class")
    if special is None:
        return [
            f"The report's U.S. tax discussion excludes investors that own 10% or more of IIJ's voting stock"
            f"{cite('R-31')}, so it does not cover a holder owning {fmt_pct_units(inputs['voting_pct'])}."
        ]
    names = {
        "tax_exempt": "tax-exempt entities (such as an IRA)",
        "pension_fund": "tax-exempt entities such as pension funds",
        "life_insurance": "life insurance companies",
        "dealer": "dealers in securities",
        "trader_mtm": "traders in securities that elect to mark-to-market",
        "amt": "investors liable for alternative minimum tax",
        "straddle_hedge": "investors holding shares as part of a straddle or a hedging or conversion transaction",
        "non_usd_functional_currency": "U.S. holders whose functional currency is not the U.S. dollar",
    }
    return [
        f"The report's U.S. tax discussion excludes {names.get(str(special), 'this class of holder')}{cite('R-31')}, "
        "so it does not cover this holder's U.S. tax."
    ]


def _outside_qdi_years(inputs: Mapping[str, Any]) -> str:
    """Why the 15% rate's years miss this dividend, naming its year: the rate covers taxable years beginning after
    December 31, 2002 and before January 1, 2009 (R-34)."""
    when = inputs.get("taxable_year_start") or inputs.get("payment_date")
    year = str(when)[:4] if when else ""
    span = "beginning after December 31, 2002 and before January 1, 2009"
    if not year.isdigit():
        return f"the taxable year is outside those the 15% rate covers: taxable years {span}"
    return f"the dividend falls in {year}, outside the taxable years the 15% rate covers: those {span}"


def _days_held(facts: Mapping[str, Any]) -> str:
    """The days held in the 121-day window when the purchase (and sale) are placed from the ex-dividend date."""
    offsets = facts.get("qdi_offsets")
    if offsets is None:
        return ""
    before, after = offsets
    days = days_in_window(before, 60 if after is None else after)
    return f": held {days} days in the 121-day period beginning 60 days before the ex-dividend date, not more than 60"


def _compose_us_dividend(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    """Income included, U.S. tax and foreign tax credit; the one the question asks for first leads."""
    if result.get("status") == "OUT_OF_SCOPE":
        return _out_of_scope_us(inputs, cite)
    asked = first_asked(question, ((ask.part, ask.pattern) for ask in US_DIVIDEND_ASKS))

    def income() -> list[str]:
        fx = inputs["jpy_per_usd_inclusion"]
        return [
            f"The gross dividend of {fmt_yen(result['gross_dividend_jpy'])} is "
            f"{fmt_usd(result['gross_dividend_usd'])} of income at ¥{fx} to the dollar{cite('R-40')}, including the "
            f"Japanese tax withheld{cite('R-37')}."
        ]

    def tax() -> list[str]:
        if result.get("qualified_dividend") is True:
            return [
                f"The U.S. tax is at most {fmt_usd(result['us_tax_at_max_rate_usd'])}: as qualified dividend income, "
                f"the {fmt_usd(result['gross_dividend_usd'])} gross dividend is taxed at a maximum rate of 15%"
                f"{cite('R-34')}."
            ]
        if result.get("qualified_dividend") is not False:
            return []
        # each reason cites the rule that sets it: the 15% rate's own conditions, or the PFIC rule
        reasons = {
            "corporate_holder": ("the holder is a corporation", "R-34"),
            "taxable_year_not_2003_to_2008": (_outside_qdi_years(inputs), "R-34"),
            "holding_period_not_met": (
                f"the holding-period requirement is not met{_days_held(facts)}",
                "R-34",
            ),
            "pfic_in_distribution_year": ("IIJ is a PFIC in the year of the distribution", "R-80"),
            "pfic_in_preceding_year": ("IIJ was a PFIC in the preceding taxable year", "R-80"),
        }
        why = ", ".join(
            f"{reasons[f][0]}{cite(reasons[f][1])}" if f in reasons else f
            for f in result.get("qdi_failures", [])
        )
        ordinary = (
            f"it is taxed at rates applicable to ordinary income{cite('R-81')}, which the report does not give"
            if {"pfic_in_distribution_year", "pfic_in_preceding_year"} & set(result.get("qdi_failures", []))
            else f"it is taxed at ordinary rates, which the report does not give{cite('R-81')}"
        )
        line = f"The dividend is not qualified dividend income ({why}), so {ordinary}."
        if result.get("us_tax_at_ordinary_rate_usd"):
            line += f" At your ordinary rate that is {fmt_usd(result['us_tax_at_ordinary_rate_usd'])}."
        out = [line]
        if result.get("dividends_received_deduction") is False:
            out.append(f"No dividends-received deduction is available{cite('R-39')}.")
        return out

    def credit() -> list[str]:
        if branches:
            f, n = branches["form_filed"], branches["form_not_filed"]
            return [
                f"If the treaty form was filed in advance, {fmt_yen(f['withheld_jpy'])} is withheld and creditable "
                f"({fmt_usd(f['ftc_creditable_usd'])}){cite('R-44')}; if not, {fmt_yen(n['withheld_jpy'])} is "
                f"withheld, of which {fmt_yen(n['ftc_creditable_jpy'])} ({fmt_usd(n['ftc_creditable_usd'])}) is "
                f"creditable and the refundable {fmt_yen(n['non_creditable_jpy'])} ({fmt_usd(n['non_creditable_usd'])}) "
                f"is not{cite('R-46')}."
            ]
        if result.get("ftc_creditable_jpy") is None:
            return []
        head = (
            f"Of the {fmt_yen(result['withheld_jpy'])} Japanese tax withheld, {fmt_yen(result['ftc_creditable_jpy'])} "
            f"({fmt_usd(result['ftc_creditable_usd'])}) is creditable against U.S. tax"
        )
        if result.get("non_creditable_jpy"):
            # The refundable part is what keeps the credit below the tax withheld: that rule sets the figure.
            return [
                f"{head}: the refundable {fmt_yen(result['non_creditable_jpy'])} "
                f"({fmt_usd(result['non_creditable_usd'])}) is not creditable{cite('R-46')}, and the rest is "
                f"creditable subject to limitations{cite('R-44')}."
            ]
        return [f"{head}, subject to limitations{cite('R-44')}."]

    parts = {"income": income, "tax": tax, "credit": credit}
    order = ["income", "tax", "credit"]
    if asked is not None:
        order.remove(asked)
        order.insert(0, asked)
    out: list[str] = []
    for name in order:
        out += parts[name]()
    if result.get("ftc_basket") is not None and (
        inputs.get("is_financial_institution") or _ASKS_BASKET.search(question)
    ):
        # the credit's category, asked or changed by the holder being a financial institution
        basket = (
            "“financial services income”"
            if result["ftc_basket"] == "financial_services"
            else "“passive income”"
        )
        who = "received by a financial institution" if inputs.get("is_financial_institution") else "here"
        out.append(
            f"For the credit the dividend is foreign-source income and, {who}, {basket}{cite('R-47')}."
        )
    return out


# the credit's category asked: "which basket", "FTC bucket", "what category of income for the credit", "passive or
# financial services income?"
_ASKS_BASKET = re.compile(
    r"\bbaskets?\b|\bbuckets?\b|\b(?:ftc|credit)\b[^.?!]{0,30}?\bcategor\w*|\bcategor\w*[^.?!]{0,30}?\b(?:ftc|credit)\b|"
    r"\b(?:category|type|kind|class)\s+of\s+(?:foreign\s+)?income\b|\bincome\s+(?:category|class)\b|"
    r"\bpassive\s+(?:income\s+)?(?:or|vs\.?|versus)\s+financial\s+services\b",
    re.I,
)


def _compose_qdi(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    window = result["window_days"]
    rule = "R-35b" if window == 121 else "R-34"
    met = result["met"]
    verdict = (
        "more than 60 days, so the holding period is met"
        if met
        else "not more than 60 days, so the holding period is not met"
    )
    offsets = facts.get("qdi_offsets")
    if offsets is not None and "ex_dividend_date" not in facts:
        before, after = offsets
        # the distances in days ("three weeks" is 21), on the receipt as every figure of the answer is
        result["days_bought_before_ex_dividend"] = before
        if after is not None:
            result["days_sold_after_ex_dividend"] = after
        sold = "not sold" if after is None else f"sold {after} days after it"
        bought = (
            "Bought on the ex-dividend date"
            if before == 0
            else f"Bought {before} days before the ex-dividend date"
        )
        return [
            f"{bought} and {sold}, the shares were held "
            f"{result['days_held_in_window']} days in the {window}-day window that begins 60 days before the "
            f"ex-dividend date{cite(rule)} — {verdict}{cite('R-34')}.",
            "Days are counted from the day after purchase through the sale day (IRS practice, not stated in the "
            "report), and the report's other holding period requirements are not checked.",
        ]
    sentences = [
        f"The {window}-day window runs from {in_words(result['window_start'])} to {in_words(result['window_end'])}{cite(rule)}; the shares "
        f"were held {result['days_held_in_window']} days in it — {verdict}{cite('R-34')}.",
    ]
    if window == 121 and re.search(r"\b120[- ]day", question) and re.search(r"\b121[- ]day", question):
        # both windows named: the original 120-day one too
        other = call_calculator(function, {**inputs, "window_days": 120})
        result["original_120_day_window"] = {
            key: other[key] for key in ("window_start", "window_end", "days_held_in_window", "met")
        }
        other_verdict = "more than 60 days, met" if other["met"] else "not more than 60 days, not met"
        sentences.append(
            f"Under the original 120-day window, from {in_words(other['window_start'])} to {in_words(other['window_end'])}"
            f"{cite('R-34')}, they were held {other['days_held_in_window']} days — {other_verdict}."
        )
    return [
        *sentences,
        "Days are counted from the day after purchase through the sale day (IRS practice, not stated in the report), "
        "and the report's other holding period requirements are not checked.",
    ]


_ASKS_GAIN_RATE = re.compile(
    r"\brates?\b|%|\btax(?:ed|es)?\b(?!\s+(?:purposes|basis))|\bowe\b|\blong[- ]term\b|\bshort[- ]term\b",
    re.I,
)


def _compose_capital_gain(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    """The gain, and the rate rule when the question asks how it is taxed (or states the gain itself)."""
    if result.get("status") == "OUT_OF_SCOPE":
        return _out_of_scope_us(inputs, cite)
    gain = Decimal(str(result["gain_loss_usd"]))
    kind = "gain" if gain >= 0 else "loss"
    amount = fmt_usd(abs(gain))
    stated = "gain_usd" in facts and not ("basis_usd" in facts and "amount_realized_usd" in facts)
    pfic = result.get("treatment") == "PFIC_EXCESS_DISTRIBUTION_RULES"
    if (pfic or gain >= 0) and (stated or _ASKS_GAIN_RATE.search(question)):
        if pfic:
            rate = (
                f"Because IIJ is treated as a PFIC, the capital {kind} of {amount} falls under the special PFIC rules"
                f"{cite('R-66', 'R-67')}."
            )
        elif result.get("us_tax_at_max_rate_usd") is not None:
            rate = (
                f"With a holding period greater than one year, a noncorporate holder and recognition on or after May "
                f"6, 2003 and before January 1, 2009, the capital gain of {amount} is taxed at a maximum rate of 15%"
                f"{cite('R-49')}, so at most {fmt_usd(result['us_tax_at_max_rate_usd'])}."
            )
        else:
            rate = f"The report gives no rate for the capital gain of {amount}: {_no_rate_reason(inputs, result)}{cite('R-49')}."
        if stated:
            basis = (
                f"A capital gain is the difference between the amount realized and your basis{cite('R-48')}; the "
                "figure used is the one you state."
            )
        else:
            basis = (
                f"It is {fmt_usd(result['amount_realized_usd'])} realized less a basis of "
                f"{fmt_usd(result['basis_usd'])}{cite('R-48')}."
            )
        return [rate, basis]
    if stated:
        return [
            f"On the capital {kind} of {amount} you state{cite('R-48')}, the report gives no rules on limiting or "
            "carrying over capital losses."
        ]
    out = [
        f"The capital {kind} is {amount}: {fmt_usd(result['amount_realized_usd'])} realized less a basis of "
        f"{fmt_usd(result['basis_usd'])}{cite('R-48')}."
    ]
    if pfic:
        out.append(
            f"Because IIJ is treated as a PFIC, the gain falls under the special PFIC rules{cite('R-66', 'R-67')}."
        )
    elif result.get("us_tax_at_max_rate_usd") is not None:
        out.append(
            f"With a holding period greater than one year, a noncorporate holder and recognition on or after May 6, "
            f"2003 and before January 1, 2009, it is taxed at a maximum rate of 15%{cite('R-49')}, so at most "
            f"{fmt_usd(result['us_tax_at_max_rate_usd'])}."
        )
    elif gain < 0:
        out.append("The report gives no rules on limiting or carrying over capital losses.")
    else:
        out.append(f"The report gives no rate here: {_no_rate_reason(inputs, result)}{cite('R-49')}.")
    return out


def _no_rate_reason(inputs: Mapping[str, Any], result: Result) -> str:
    """Why the 15% maximum rate misses this gain, in the report's own words for the condition that failed: a
    noncorporate U.S. holder, a holding period greater than one year, recognized in the rate's dates (R-49)."""
    sold = str(inputs.get("disposition_date") or "")
    if inputs.get("holder_kind") == "corporate":
        return "the 15% maximum rate is for noncorporate U.S. holders, and the holder is a corporation"
    if result.get("long_term") is False:
        return (
            "the 15% maximum rate needs a holding period greater than one year, and the shares were not held for "
            "more than one year"
        )
    if sold and not "2003-05-06" <= sold[:10] < "2009-01-01":
        return (
            "the 15% maximum rate covers only gains recognized on or after May 6, 2003 and before January 1, 2009, "
            "and this one falls outside those dates"
        )
    return "the 15% maximum rate does not apply"


def _answer_window(facts: Mapping[str, Any], question: str, ex: ExtractedText) -> NumericAnswer:
    """The QDI window for an ex-dividend date alone: the window does not depend on the purchase date."""
    function = "qdi_holding_period"
    inputs: dict[str, Any] = {}
    if re.search(r"\b120[- ]day", question):
        inputs["window_days"] = 120
    steps = [f"question routed to {function} (window only)"]
    ex_date = date_from(facts, "ex_dividend_date")
    if ex_date is None or ex_date.kind != "day" or not is_real_date(ex_date):
        return ask_for_missing(function, inputs, {}, ["ex_dividend_date"], facts, steps)
    inputs["ex_dividend_date"] = ex_date.iso
    # The calculator reports the window only with a purchase date; a purchase on the ex-dividend date is used
    # to read it (the window is the same for every purchase date) and the days-held figure is not reported.
    probe = {**inputs, "acquisition_date": ex_date.iso}
    steps.append("window read with acquisition_date = ex_dividend_date; days held not used")
    try:
        result = call_calculator(function, probe)
    except InvalidInput as error:
        return invalid_input(function, inputs, error, steps)
    window = {k: result[k] for k in ("window_days", "window_start", "window_end")}
    calculation = receipt(function, probe, {**result, **window}, steps)
    calculation["result"] = {**window, "note": result.get("note")}
    cite = Cites()
    rule = "R-35b" if window["window_days"] == 121 else "R-34"
    text = (
        f"For an ex-dividend date of {in_words(inputs['ex_dividend_date'])}, the {window['window_days']}-day period beginning 60 "
        f"days before the ex-dividend date runs from {in_words(window['window_start'])} to {in_words(window['window_end'])}{cite(rule)}; "
        f"the shares must be held for more than 60 days during it{cite('R-34')}. The report's other holding period "
        "requirements are not checked."
    )
    return NumericAnswer("calculator", text, cite.ids, calculation)


SPECS = (
    CalcSpec(
        "us_dividend_tax",
        needs=("gross_dividend_jpy", "jpy_per_usd_inclusion"),
        optional={
            "currency": None,
            "payment_date": None,
            "holder_kind": None,
            "jp_tax_withheld_jpy": None,
            "advance_form_filed": None,
            "voting_pct": None,
            "special_class": None,
            "taxable_year_start": None,
            "holding_period_met": None,
            "acquisition_date": None,
            "disposition_date": None,
            "ex_dividend_date": None,
            "window_days": None,
            "pfic_distribution_year": None,
            "pfic_preceding_year": None,
            "is_financial_institution": False,
            "ftc_jpy_per_usd": None,
            "ordinary_rate": None,
        },
        read=read_us_dividend,
        write=_compose_us_dividend,
        before_call=("jpy_per_usd_inclusion",),
        ask_first=("payment_date",),
        prepare=infer_holding_period,
        answerable=us_dividend_answerable,
    ),
    CalcSpec(
        "qdi_holding_period",
        needs=("acquisition_date", "ex_dividend_date"),
        optional={"disposition_date": None, "window_days": 121},
        read=read_holding_period,
        write=_compose_qdi,
    ),
    CalcSpec(
        "qdi_window",
        function="qdi_holding_period",
        needs=("ex_dividend_date",),
        optional={"window_days": 121},
        read=read_holding_period,
        write=_compose_qdi,
        answer=_answer_window,
    ),
    CalcSpec(
        "us_capital_gain",
        needs=("holder_kind", "acquisition_date", "disposition_date", "basis_usd", "amount_realized_usd"),
        optional={
            "amount_realized_jpy": None,
            "jpy_per_usd_realized": None,
            "currency": None,
            "pfic_holder": None,
            "mtm_election": False,
            "voting_pct": None,
            "special_class": None,
        },
        read=read_capital_gain,
        write=_compose_capital_gain,
    ),
)
