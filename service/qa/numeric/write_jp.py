"""Answer writers for Japanese withholding and Japanese tax on a sale."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from service.qa.numeric.answer import NumericAnswer, Result
from service.qa.numeric.inputs import read_disposal, read_jp_amounts, read_jp_rate
from service.qa.numeric.outcome import call_calculator, receipt
from service.qa.numeric.spec import CalcSpec
from service.qa.numeric.table_rows import (
    COLUMN_NAMES,
    NO_TREATY,
    OTHER_TREATY_COUNTRIES,
    table_columns,
    table_rows_named,
)
from service.qa.numeric.wording import Cites, fmt_rate, fmt_yen, who_phrase
from service.qa.readers.facts import ExtractedText


def _rate_rule(result: Result, inputs: Mapping[str, Any]) -> tuple[str, ...]:
    """The rule that sets the withholding rate; a condition split over two quotes cites the condition first."""
    regime = result.get("regime")
    rate = result.get("rate", result.get("treaty_rate"))
    if regime == "PRIOR_TREATY_1971":
        return ("R-11",)
    if regime == "NO_TREATY":
        return ("R-13a",)
    if rate is None:
        return ("R-08",)
    value = Decimal(str(rate))
    if value == Decimal("0.05"):
        # a stake stated: the table's row for it ("10% to 50% of the voting shares 5%") is cited with the rule
        return ("R-09", "R-11") if inputs.get("voting_pct") is not None else ("R-09",)
    if value == 0 and inputs.get("holder_type") == "pension_fund":
        return ("R-10c", "R-10a")
    if value == 0:
        return ("R-10b", "R-10a")
    return ("R-08",)


def _treaty_in_force(result: Result, cite: Cites) -> str:
    """Which treaty applies by the payment date: context that follows the figure."""
    if result.get("regime") == "PRIOR_TREATY_1971":
        return (
            f"The Prior Treaty applies because the dividend is paid before the Treaty applies to amounts taxable on "
            f"or after July 1, 2004{cite('R-07')}"
        )
    return f"The Treaty applies to amounts taxable on or after July 1, 2004{cite('R-07')}"


def _treaty_rate_phrase(result: Result, inputs: Mapping[str, Any], who: str, cite: Cites) -> str:
    """'the Treaty's maximum rate of 10% for a US individual [n]' (or the Prior Treaty table's); ``who`` may be empty."""
    rate = fmt_rate(result.get("rate", result.get("treaty_rate")))
    source = "the Prior Treaty table's" if result.get("regime") == "PRIOR_TREATY_1971" else "the Treaty's"
    holder = f" for {who}" if who else ""
    return f"{source} maximum rate of {rate}{holder}{cite(*_rate_rule(result, inputs))}"


def _rate_sentence(result: Result, inputs: Mapping[str, Any], facts: Mapping[str, Any], cite: Cites) -> str:
    regime = result.get("regime")
    who = who_phrase(inputs, facts)
    rate = result.get("rate", result.get("treaty_rate"))
    if result.get("status") == "CONDITIONAL" or (
        rate is None and result.get("rate_if_conditions_met") is not None
    ):
        return (
            f"For {who} that has held more than 50% for the twelve months ending on the entitlement date, the rate "
            f"is 0% if IIJ's additional treaty requirements (not defined in the 20-F) are met{cite('R-10b', 'R-10a')}, "
            f"otherwise 5%{cite('R-09')}; the report names them only as “additional requirements”."
        )
    if regime == "NO_TREATY":
        return (
            f"With no tax treaty reducing it, the Japanese withholding rate on dividends to {who} is "
            f"{fmt_rate(rate)}{cite('R-13a')}."
        )
    if regime == "PRIOR_TREATY_1971":
        return (
            f"The Prior Treaty table gives a maximum Japanese withholding rate of {fmt_rate(rate)} on dividends to "
            f"{who}{cite('R-11')}, because the dividend is paid before the Treaty applies to amounts taxable on or "
            f"after July 1, 2004{cite('R-07')}."
        )
    sentence = (
        f"Under the Treaty, the maximum Japanese withholding rate on dividends to {who} is "
        f"{fmt_rate(rate)}{cite(*_rate_rule(result, inputs))}; the Treaty applies to amounts taxable on or after "
        f"July 1, 2004{cite('R-07')}."
    )
    voting = inputs.get("voting_pct")
    if (
        rate is not None
        and Decimal(str(rate)) == Decimal("0.05")
        and voting is not None
        and Decimal(str(voting)) > 50
    ):
        # more than 50% yet 5%: the 0% rate's holding test is what failed, and the answer says so
        sentence += (
            " No withholding would be imposed only if more than 50% of the voting shares had been owned for the "
            f"twelve months ending on the date entitlement to the dividend is determined{cite('R-10a', 'R-10b')}, "
            "which this holding does not meet."
        )
    return sentence


# the Treaty's lower rates named in a question: "0% or 5%?", "the five percent rate", "zero withholding"
_CORPORATE_RATES_NAMED = re.compile(
    r"(?<![\d.])[05]\s*(?:%|percent\b|per\s*cent\b)|\b(?:zero|five)\b(?:\s+(?:%|percent|per\s*cent))?|\bnil\b",
    re.I,
)


def _corporate_rates_note(result: Result, inputs: Mapping[str, Any], question: str, cite: Cites) -> list[str]:
    """A holder that is not a corporation gets the Treaty's 10% whatever its stake: when it holds 10% or more, or
    asks about the 5% or 0% rate, the answer says those rates are for corporations, citing the 5% rate's rule."""
    holder = inputs.get("holder_type")
    if result.get("regime") != "TREATY_2003" or holder in {None, "corporation"}:
        return []
    if result.get("rate") is None or Decimal(str(result["rate"])) != Decimal("0.10"):
        return []
    voting = inputs.get("voting_pct")
    large = voting is not None and Decimal(str(voting)) >= 10
    if not (large or _CORPORATE_RATES_NAMED.search(question)):
        return []
    return [
        f"The lower rates are for corporations only: 5% needs a recipient that is a corporation owning at least "
        f"10% of the voting shares on the entitlement date{cite('R-09')}, and no withholding is imposed only where "
        f"the recipient is a corporation that has owned more than 50% for twelve months{cite('R-10a', 'R-10b')}, so "
        "they do not apply here whatever the stake."
    ]


def _amount_clause(r: Result, cite: Cites, with_net: bool = True) -> str:
    withheld = r.get("withheld_jpy")
    if withheld is None:
        return ""
    clause = f"{fmt_yen(withheld)} is withheld"
    if with_net and r.get("net_jpy") is not None:
        clause += f" (net {fmt_yen(r['net_jpy'])})"
    refund = r.get("refund_claimable_jpy")
    if refund:
        clause += f" and {fmt_yen(refund)} can be reclaimed as a refund{cite('R-16')}"
    return clause


_ASKS_REFUND = re.compile(
    r"\brefund\w*|\breclaim\w*|\bget\s+(?:it\s+)?back\b|\bclaim\s+back\b|\brecover\w*", re.I
)


def _statutory(r: Result) -> str:
    return fmt_rate(r["applied_rate"]) if r.get("applied_rate") is not None else "20%"


def _refund_lead(
    r: Result, inputs: Mapping[str, Any], condition: str, gross: int, who: str, cite: Cites
) -> list[str]:
    """Without the form the statutory rate is withheld and the excess over the treaty rate reclaimed: the rule
    for a holder who files no application in advance sets both figures, so it is cited first. The tax the treaty
    rate allows (what should have been withheld) is said beside them: it is the figure the refund is measured from."""
    allowed = r.get("treaty_tax_jpy")
    over = f"the {fmt_yen(allowed)} of tax at " if allowed is not None else ""
    return [
        f"{condition}, {fmt_yen(r['withheld_jpy'])} is withheld from a {fmt_yen(gross)} dividend to {who} (net "
        f"{fmt_yen(r['net_jpy'])}) and {fmt_yen(r['refund_claimable_jpy'])} can be reclaimed as a refund{cite('R-16')}.",
        f"The statutory {_statutory(r)} is withheld at source{cite('R-13a')}; the refund is the excess over "
        f"{over}{_treaty_rate_phrase(r, inputs, '', cite)}",
    ]


def _branch_amounts(
    inputs: Mapping[str, Any],
    filed: Result,
    not_filed: Result,
    gross: int,
    who: str,
    question: str,
    cite: Cites,
) -> list[str]:
    """Both form branches; the branch with the refund leads when the question asks for the refund."""
    if _ASKS_REFUND.search(question) and not_filed.get("refund_claimable_jpy"):
        lead, rate = _refund_lead(
            not_filed, inputs, "If the treaty form was not filed in advance", gross, who, cite
        )
        return [
            lead,
            f"{rate}. If the form was filed in advance{cite('R-14')}, that rate applies at source: "
            f"{_amount_clause(filed, cite)}.",
            _treaty_in_force(filed, cite) + ".",
        ]
    return [
        f"On a {fmt_yen(gross)} dividend to {who}, {_treaty_rate_phrase(filed, inputs, '', cite)} applies if the "
        f"treaty form was filed in advance{cite('R-14')}: {_amount_clause(filed, cite)}; if not, the statutory "
        f"{_statutory(not_filed)} applies at source{cite('R-13a')}: {_amount_clause(not_filed, cite)}.",
        _treaty_in_force(filed, cite) + ".",
    ]


def _compose_jp(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    status = result.get("status")
    if status == "OUT_OF_SCOPE":
        return _out_of_scope_jp(inputs, facts, cite)
    if result.get("regime") == "OTHER_TREATY":
        country = str(facts.get("residence", "that country"))
        if country in {"United Kingdom", "Netherlands"}:
            country = f"the {country}"
        out = [
            f"{country[0].upper()}{country[1:]} is among the countries whose tax treaties with Japan reduce the withholding rate{cite('R-13b')}, "
            f"but the report gives no rate for {country}; without treaty relief the rate is 20%{cite('R-13a')}, and it "
            f"is further reduced where there is a capital relationship{cite('R-13c')}."
        ]
        r = branches["form_not_filed"] if branches else result
        if r.get("withheld_jpy") is not None:
            out.append(
                f"If the treaty form is not filed in advance{cite('R-14')}, {fmt_yen(r['withheld_jpy'])} is withheld "
                f"from the {fmt_yen(r['gross_dividend_jpy'])} dividend, and the excess over the treaty rate can be "
                f"reclaimed{cite('R-16')}, but the report does not give that rate."
            )
        return out
    if result.get("status") == "NOT_STATED":
        return [
            "The report gives no Japanese withholding rule for a dividend paid before the Prior Treaty was signed."
        ]
    gross = result.get("gross_dividend_jpy")
    if function != "jp_withholding_amounts" or gross is None:
        return [
            _rate_sentence(result, inputs, facts, cite),
            *_corporate_rates_note(result, inputs, question, cite),
        ]
    if result.get("scenarios") or (branches and branches["form_filed"].get("scenarios")):
        return [
            _rate_sentence(result, inputs, facts, cite),
            _conditional_amounts(result, branches, gross, cite),
        ]
    who = who_phrase(inputs, facts)
    if branches:
        return _branch_amounts(
            inputs, branches["form_filed"], branches["form_not_filed"], gross, who, question, cite
        )
    if result.get("regime") == "NO_TREATY":
        return [
            f"With no tax treaty reducing it, the Japanese withholding rate on dividends to {who} is "
            f"{fmt_rate(result.get('rate', result.get('treaty_rate')))}{cite('R-13a')}, so "
            f"{_amount_clause(result, cite)} on a {fmt_yen(gross)} dividend."
        ]
    if "actually_withheld_jpy" in inputs:
        return [
            f"With {fmt_yen(inputs['actually_withheld_jpy'])} actually withheld from a {fmt_yen(gross)} dividend, "
            f"{fmt_yen(result['refund_claimable_jpy'])} can be reclaimed{cite('R-16')}: tax at "
            f"{_treaty_rate_phrase(result, inputs, who, cite)} is {fmt_yen(result['treaty_tax_jpy'])}, and the net "
            f"is {fmt_yen(result['net_jpy'])}.",
            _treaty_in_force(result, cite) + ".",
        ]
    if inputs.get("advance_form_filed") is False and result.get("refund_claimable_jpy"):
        lead, rate = _refund_lead(
            result, inputs, "Without the treaty form filed in advance", gross, who, cite
        )
        return [
            lead,
            f"{rate}, which applies at source only if the form is submitted in advance{cite('R-14')}.",
            _treaty_in_force(result, cite) + ".",
        ]
    if inputs.get("advance_form_filed") is False:
        return [
            f"Without the treaty form filed in advance{cite('R-14')}, the statutory {_statutory(result)} is withheld "
            f"at source{cite('R-13a')}: on a {fmt_yen(gross)} dividend {_amount_clause(result, cite)}.",
            _treaty_in_force(result, cite) + ".",
        ]
    phrase = _treaty_rate_phrase(result, inputs, who, cite)
    return [
        f"With {phrase}, {_amount_clause(result, cite)} on a {fmt_yen(gross)} dividend.",
        f"{_treaty_in_force(result, cite)}, and the treaty form was filed in advance, as the reduced rate requires"
        f"{cite('R-14')}; only the treaty rate is withheld, so there is nothing to reclaim (refund ¥0).",
    ]


def _conditional_amounts(result: Result, branches: dict[str, Result] | None, gross: int, cite: Cites) -> str:
    def both(scn: str) -> str:
        if branches:
            f = branches["form_filed"]["scenarios"][scn]
            n = branches["form_not_filed"]["scenarios"][scn]
            return f"{_amount_clause(f, cite)} with the form filed in advance, or {_amount_clause(n, cite)} without it"
        return _amount_clause(result["scenarios"][scn], cite)

    return (
        f"On a {fmt_yen(gross)} dividend{cite('R-14')}: if the requirements are met, {both('conditions_met')}; "
        f"otherwise {both('otherwise')}."
    )


def _out_of_scope_jp(inputs: Mapping[str, Any], facts: Mapping[str, Any], cite: Cites) -> list[str]:
    who = (
        "a holder with a permanent establishment in Japan"
        if inputs.get("has_japan_pe")
        else "a resident of Japan"
    )
    return [
        f"The report's Japanese tax discussion covers only non-residents of Japan and non-Japanese corporations "
        f"without a permanent establishment in Japan{cite('R-01')}, so it does not cover {who}."
    ]


def _compose_disposal(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    if result.get("status") == "OUT_OF_SCOPE":
        return _out_of_scope_jp(inputs, facts, cite)
    outside = inputs.get("sale_location") == "outside_japan"
    rule = "R-17a" if outside else "R-17b"
    # a sale within Japan is free of tax only for a seller without a permanent establishment there: say so
    which = (
        "gains from a sale outside Japan by a non-resident"
        if outside
        else "gains from a sale within Japan by a non-resident without a permanent establishment in Japan"
    )
    return [
        f"Japanese tax on the gain is {fmt_yen(result['japanese_tax_jpy'])}: {which} are in general not subject to "
        f"Japanese income or corporation taxes{cite(rule)}.",
        f"IIJ will not pay any tax payable on the transfer or sale of the shares{cite('R-19')}; the report gives no amount for it.",
    ]


# A percentage said with a bound ("more than 50%", "more then 50%", "at least 10%") names a row of the table, not a
# stake someone holds.
_BOUND = re.compile(
    r"(?:(?:more|less|fewer)\s+th[ae]n|over|above|under|below|at\s+(?:least|most)|up\s+to|[<>]=?)\s*\d+(?:\.\d+)?\s*%|"
    r"\d+(?:\.\d+)?\s*%\s*(?:or\s+(?:more|less|over|above|under|below|higher|lower)|\+|and\s+(?:up|over|above))",
    re.I,
)


def _rows_for_stake(voting_pct: Any, question: str, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """The row a stated stake falls in, per column asked, by the table's own bounds (spec §3.1): a stake decides
    its row even where the question also names rows by their rate ("50%: the 0% row or the 5% row?"). None when
    the question states no stake, or its percentage is a row's bound."""
    if voting_pct is None or _BOUND.search(question):
        return []
    pct = Decimal(str(voting_pct))
    treaty = (
        "More than 50% of the voting shares"
        if pct > 50
        else "10% to 50% of the voting shares"
        if pct >= 10
        else "Others"
    )
    prior = "10% or more of the voting shares" if pct >= 10 else "Others"
    return [(c, treaty if c == "TREATY_2003" else prior) for c in columns]


def _beside_the_treaties(
    facts: Mapping[str, Any], question: str, result: Result, cite: Cites, shown: list[dict[str, Any]]
) -> list[str]:
    """What the table's text says beside the two treaties' columns, when asked: the rate without a treaty, and that
    it gives no rate for the other treaty countries it lists."""
    sentences = []
    if facts.get("treaty_with_japan") is False or NO_TREATY.search(question):
        rate = result["NO_TREATY"]["rate"]
        shown.append({"column": "NO_TREATY", "rate": rate, "rule": "R-13a"})
        sentences.append(
            f"Where no treaty reduces it, Japanese withholding on dividends to a non-resident is {fmt_rate(rate)}{cite('R-13a')}."
        )
    if OTHER_TREATY_COUNTRIES.search(question):
        shown.append({"column": "OTHER_LISTED_TREATY_COUNTRIES", "rate": None, "rule": "R-13b"})
        sentences.append(
            f"For the other countries whose treaties with Japan the report lists{cite('R-13b')}, the rate is not "
            "stated: the report says only that those treaties reduce it."
        )
    return sentences


def _answer_table_row(facts: Mapping[str, Any], question: str, ex: ExtractedText) -> NumericAnswer:
    """The rates of the dividend table a question asks about: the rows it names, or every row of the columns it
    names (a question about the table as a whole), each with the conditions the text adds."""
    function = "dividend_rate_table"
    result = call_calculator(function, {})
    cite = Cites()
    sentences: list[str] = []
    shown: list[dict[str, Any]] = []
    beside = _beside_the_treaties(facts, question, result, cite, shown)
    columns = table_columns(question)
    rows_named = table_rows_named(question)
    stake_rows = _rows_for_stake(facts.get("voting_pct"), question, columns)
    if stake_rows:
        # "10% or more vs everybody else": the stake's row and the row of all other holders, set against it
        stake_rows += [r for r in rows_named if r[1] == "Others" and r not in stake_rows]
    named = stake_rows or rows_named
    if not named and not beside:
        named = [
            (column, row["row"])
            for column in columns
            for row in result[column]["rows"]
            if "not in table" not in row["row"]
        ]
    sentences += beside
    for column in dict.fromkeys(c for c, _ in named):
        parts: list[str] = []
        text_only: list[str] = []
        for row_name in (r for c, r in named if c == column):
            row = next(r for r in result[column]["rows"] if r["row"] == row_name)
            shown.append({"column": column, **row})
            if "not in table" in row_name:  # a line of the text only, which the table leaves out
                holder = row_name.split(" (")[0].lower()
                part = f"its text (not the table) gives a {holder} a rate of {fmt_rate(row['table_rate'])}{cite(row['rule'])}"
            else:
                part = f"the row “{row_name}” gives a maximum withholding rate of {fmt_rate(row['table_rate'])}{cite('R-11')}"
                if row["rule"] != "R-11":
                    part += f", as the text states{cite(row['rule'])}"
            conditions = [
                c.replace("(undefined)", "(which the report does not define)") for c in row["text_conditions"]
            ]
            if conditions:
                part += f" (the text adds the conditions: {'; '.join(conditions)})"
            (text_only if "not in table" in row_name else parts).append(part)
        name = COLUMN_NAMES[column].removeprefix("the ")
        if parts:
            sentences.append(f"In the {name} column of the report's table, {'; '.join(parts)}.")
        if text_only:
            sentences.append(f"Under the {name}, {'; '.join(text_only)}.")
    steps = [f"question routed to {function}"] + [f"row: {COLUMN_NAMES[c]} / {r}" for c, r in named]
    calculation = receipt(function, {}, result, steps)
    calculation["result"] = shown[0] if len(shown) == 1 else {"rows": shown}
    return NumericAnswer("calculator", " ".join(sentences), cite.ids, calculation)


SPECS = (
    CalcSpec(
        "dividend_rate_table",
        needs=(),
        optional={},
        read=read_jp_rate,
        write=_compose_jp,
        answer=_answer_table_row,
    ),
    CalcSpec(
        "jp_withholding_rate",
        needs=("residence",),
        optional={
            "treaty_with_japan": None,
            "has_japan_pe": False,
            "payment_date": None,
            "entitlement_date": None,
            "holder_type": None,
            "voting_pct": None,
            "held_over_50pct_12m": None,
            "over_50pct_since": None,
            "additional_requirements_met": None,
            "pension_dividends_from_business": None,
        },
        read=read_jp_rate,
        write=_compose_jp,
        regime_hint=True,
    ),
    CalcSpec(
        "jp_withholding_amounts",
        needs=("residence",),
        optional={
            "treaty_with_japan": None,
            "has_japan_pe": False,
            "payment_date": None,
            "entitlement_date": None,
            "holder_type": None,
            "voting_pct": None,
            "held_over_50pct_12m": None,
            "over_50pct_since": None,
            "additional_requirements_met": None,
            "pension_dividends_from_business": None,
            "gross_dividend_jpy": None,
            "dividend_per_share_jpy": None,
            "shares": None,
            "shares_are_ads": False,
            "currency": None,
            "advance_form_filed": None,
            "is_ads": False,
            "actually_withheld_jpy": None,
        },
        read=read_jp_amounts,
        write=_compose_jp,
        falls_back=(("gross_dividend_jpy", "dividend_per_share_jpy"), "jp_withholding_rate"),
        regime_hint=True,
    ),
    CalcSpec(
        "jp_tax_on_disposal",
        needs=("sale_location",),
        optional={"is_nonresident": True, "has_japan_pe": False},
        read=read_disposal,
        write=_compose_disposal,
    ),
)
