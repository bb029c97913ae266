"""Answer writers for the PFIC rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from service.qa.numeric.answer import Result
from service.qa.numeric.partial import allocation_answerable, asks_deferred_tax
from service.qa.numeric.pfic_inputs import (
    fill_allocation_years,
    holder_status_asks,
    pfic_test_answerable,
    pfic_test_asks,
    read_allocate,
    read_excess,
    read_holder_status,
    read_mtm,
    read_pfic_test,
)
from service.qa.numeric.spec import CalcSpec
from service.qa.numeric.wording import Cites, first_asked, fmt_pct_units, fmt_rate, fmt_usd, years_text


def _years_used(years: Any) -> str:
    """ "2 years'", "year's" for one year."""
    return "year's" if str(years) == "1" else f"{years} years'"


def _ratio_text(ratio: Any) -> str:
    """A test ratio as a percentage, with the ratio itself as the calculator reports it (6 dp, spec §1.4)."""
    value = Decimal(str(ratio))
    percent = fmt_rate(value.quantize(Decimal("0.0001")))
    return percent if value == value.quantize(Decimal("0.0001")) else f"{percent} (a ratio of {ratio})"


def _below_look_through(inputs: Mapping[str, Any], cite: Cites) -> list[str]:
    """A stake in another company below 25% by value is not looked through (R-65): the answer says so, and the
    tests are applied to the company's own figures."""
    small = [
        Decimal(str(sub["pct_by_value"]))
        for sub in inputs.get("subsidiaries") or []
        if isinstance(sub, Mapping)
        and sub.get("pct_by_value") is not None
        and Decimal(str(sub["pct_by_value"])) < 25
    ]
    if not small:
        return []
    stakes = " and ".join(fmt_pct_units(p) for p in small)
    return [
        f"The look-through rule does not apply to a stake of {stakes} by value: it applies only where a foreign "
        f"corporation owns at least 25% by value of another corporation's stock{cite('R-65')}, so the tests use the "
        "company's own figures."
    ]


def _compose_pfic_test(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    out = _below_look_through(inputs, cite)
    looked_through = "LOOKTHROUGH_ELIMINATION_BY_CALLER" in result.get("flags", [])
    if looked_through:
        out.append(
            f"IIJ is treated as holding its proportionate share of the assets and receiving its share of the income "
            f"of each company it owns 25% or more of by value{cite('R-65')}; smaller holdings are not looked through."
        )
    if result.get("income_test") is not None:
        ratio = _ratio_text(result["income_ratio"])
        verdict = "meets" if result["income_test"] else "does not meet"
        out.append(
            f"Passive income is {ratio} of gross income, which {verdict} the 75% income test{cite('R-62')}."
        )
    if result.get("asset_test") is not None:
        ratio = _ratio_text(result["asset_ratio"])
        verdict = "meets" if result["asset_test"] else "does not meet"
        out.append(
            f"Passive assets are {ratio} of total assets on a quarterly average, which {verdict} the 50% asset test{cite('R-63')}."
        )
        if (
            "ASSET_TEST_METHOD_SENSITIVE" in result.get("flags", [])
            and result.get("asset_ratio_alt") is not None
        ):
            other = "would not" if result["asset_test"] else "would"
            out.append(
                f"Averaging the four quarterly ratios instead gives {_ratio_text(result['asset_ratio_alt'])}, which "
                f"{other} meet it: the outcome depends on the averaging method, and the report's wording (the value "
                "of the assets on a quarterly average) is the one used."
            )
    one_test = result.get("income_test") is None or result.get("asset_test") is None
    if result.get("is_pfic"):
        out.append(f"On these figures IIJ would be a PFIC for the year{cite('R-61')}.")
    elif one_test:
        other = "asset" if result.get("asset_test") is None else "income"
        out.append(
            f"That test alone does not make IIJ a PFIC; it would still be one if it met the {other} test"
            f"{cite('R-61')}, for which no figures were given."
        )
    else:
        out.append(f"On these figures IIJ would not be a PFIC for the year{cite('R-61')}.")
    if one_test and result.get("is_pfic"):
        out.append("Only one of the two tests could be applied to the figures given.")
    return out


def _compose_excess(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    if result.get("excess_distribution_usd") is None:
        return [
            "The report gives no rule for an excess distribution in the first year of the holding period"
            + cite("R-68")
            + "."
        ]
    return [
        "An excess distribution is the part of the year's distributions greater than 125% of the average annual "
        "distributions during the three preceding taxable years or, if shorter, the holding period: the average of the "
        f"preceding {_years_used(result['years_used'])} distributions is {fmt_usd(result['average_usd'])}, so the "
        f"threshold is 125% of it, {fmt_usd(result['threshold_usd'])}{cite('R-68')}; the excess distribution "
        f"is {fmt_usd(result['excess_distribution_usd'])} and the remaining {fmt_usd(result['non_excess_usd'])} is a "
        f"dividend taxed at ordinary rates{cite('R-81')}."
    ]


_ALLOCATION_ASKS: dict[str, re.Pattern[str]] = {
    "interest": re.compile(
        r"\binterest\s+(?:charges?|owed|due|amount|payable|cost)\b|\bhow\s+much\s+interest\b|\binterest\s*\?",
        re.I,
    ),
    "tax": re.compile(
        r"\bdeferred\b|\bhow\s+much\s+tax\b|\btax\s+(?:on|per|for|due|owed|each|is|would|will)\b|"
        r"\b(?:i|we)\s+(?:owe|pay)\b|\bowe\b|\btax\s*\?",
        re.I,
    ),
    "allocation": re.compile(r"\balloca\w*|\bratabl\w*|\bspread\b|\beach\s+year\b", re.I),
    "current": re.compile(r"\bcurrent[- ]year\b|\bthis\s+year'?s?\b", re.I),
}


def _compose_allocate(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    """Allocation, deferred tax and interest: the figure asked leads; unasked, the last one computed."""

    def allocation() -> str:
        allocs = ", ".join(f"{y} {fmt_usd(v)}" for y, v in sorted(result["allocation_by_year"].items()))
        if not allocs:
            # held only within the current year: no prior year, so no deferred tax and no interest
            return (
                f"Allocated ratably over the {result['holding_days']}-day holding period{cite('R-69')}, all of it, "
                f"{fmt_usd(result['current_year_ordinary_income_usd'])}, falls in the current year "
                f"{result['current_year']} and is taxed as ordinary income{cite('R-70')}; no prior year shares it, so "
                "there is no deferred tax or interest."
            )
        return (
            f"Allocated ratably over the {result['holding_days']}-day holding period{cite('R-69')}: {allocs}, and "
            f"{fmt_usd(result['current_year_ordinary_income_usd'])} to the current year {result['current_year']}, "
            f"taxed as ordinary income{cite('R-70')}."
        )

    def tax() -> str:
        per_year = [fmt_usd(v) for _, v in sorted(result["deferred_tax_by_year"].items())]
        taxes = f"{' + '.join(per_year)} = " if len(per_year) > 1 else ""
        return (
            f"The deferred tax is {taxes}{fmt_usd(result['deferred_tax_total_usd'])}, at the highest rate in "
            f"effect for each prior year{cite('R-71')}."
        )

    def interest() -> str:
        per_year = [fmt_usd(v) for _, v in sorted(result["interest_by_year"].items())]
        amounts = f"{' + '.join(per_year)} = " if len(per_year) > 1 else ""
        text = (
            f"With the interest factors given, the interest charge{cite('R-72')} is {amounts}"
            f"{fmt_usd(result['interest_total_usd'])}"
        )
        if result.get("total_deferred_tax_and_interest_usd") is not None:
            # the whole charge for the prior years: what a "total" asks for
            text += (
                f", so the deferred tax and interest come to {fmt_usd(result['total_deferred_tax_and_interest_usd'])} "
                "in all"
            )
        return text + "."

    def current_tax() -> str:
        rate = fmt_rate(Decimal(str(inputs["current_year_ordinary_rate"])))
        return (
            f"At your ordinary rate of {rate}, the tax on the current year's {fmt_usd(result['current_year_ordinary_income_usd'])} "
            f"is {fmt_usd(result['current_year_tax_usd'])}{cite('R-70')}."
        )

    parts: dict[str, Callable[[], str]] = {"allocation": allocation}
    if (
        result.get("current_year_tax_usd") is not None
        and inputs.get("current_year_ordinary_rate") is not None
    ):
        parts["current"] = current_tax
    if result.get("deferred_tax_by_year"):
        parts["tax"] = tax
    if result.get("interest_by_year"):
        parts["interest"] = interest
    asked = first_asked(question, ((k, v) for k, v in _ALLOCATION_ASKS.items() if k in parts))
    lead = asked or list(parts)[-1]
    return [parts[lead]()] + [make() for name, make in parts.items() if name != lead]


_ASKS_BASIS = re.compile(
    r"\bwhat(?:'s|\s+is|\s+will\s+be|\s+would\s+be)\s+(?:my|the)\s+(?:new\s+|ending\s+|adjusted\s+)?basis\b|"
    r"\b(?:new|ending|resulting|final)\s+basis\b(?!\s+(?:of|is|was|\$|\d))|\bbasis\s+(?:afterwards|at\s+the\s+end|"
    r"end\s+up|become)",
    re.I,
)


def _compose_mtm(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    """Each year's income or loss leads, citing the loss limit when a loss is involved; the basis if asked."""
    parts = []
    loss = False
    for year in result["years"]:
        label = f"year {year['year']}"
        if Decimal(year["ordinary_income_usd"]) > 0:
            parts.append(f"{label}: {fmt_usd(year['ordinary_income_usd'])} ordinary income")
        elif Decimal(year["ordinary_loss_usd"]) > 0 or Decimal(year["loss_disallowed_usd"]) > 0:
            loss = True
            part = f"{label}: {fmt_usd(year['ordinary_loss_usd'])} ordinary loss allowed"
            if Decimal(year["loss_disallowed_usd"]) > 0:
                part += f" ({fmt_usd(year['loss_disallowed_usd'])} disallowed)"
            parts.append(part)
        else:
            parts.append(f"{label}: no change")

    def years() -> str:
        lead = f"Under the mark-to-market election, {'; '.join(parts)}"
        if loss:
            lead += f" — losses are allowed only up to the income previously included{cite('R-78')}, and"
        else:
            lead += " —"
        return (
            f"{lead} any excess of the year-end value over the adjusted basis is ordinary income"
            f"{cite('R-76', 'R-74')}."
        )

    def basis() -> str:
        return f"The basis ends at {fmt_usd(result['ending_basis_usd'])}{cite('R-79')}"

    # a question about the sale is answered by the sale first (cited first, so the markers run in order)
    sale_first = bool(result.get("sale")) and bool(_SALE_ASKED.search(question))
    lead = [_mtm_sale(result["sale"], cite)] if sale_first else []
    rates = (
        "these amounts of ordinary income will not be eligible for the favorable tax rates applicable to qualified "
        "dividend income or long-term capital gains"
    )
    if _ASKS_BASIS.search(question):
        out = [
            f"{basis()}, adjusted for each year's income or loss.",
            years(),
            f"{rates[0].upper()}{rates[1:]}{cite('R-77')}.",
        ]
    else:
        out = [years(), f"{basis()}, and {rates}{cite('R-77')}."]
    if result.get("sale") and not sale_first:
        out.append(_mtm_sale(result["sale"], cite))
    return lead + out


_SALE_ASKED = re.compile(r"\bsold\b|\bsale\b|\bsell\w*|\bdispos\w*", re.I)


def _mtm_sale(sale: Mapping[str, Any], cite: Cites) -> str:
    """A sale under the election: a loss below the adjusted basis is ordinary, allowed only up to the income
    previously included (R-78); a gain's character the report does not state."""
    at = f"On the {sale['year']} sale at {fmt_usd(sale['price_usd'])}"
    basis = fmt_usd(sale["basis_before_usd"])
    loss, disallowed = Decimal(sale["ordinary_loss_usd"]), Decimal(sale["loss_disallowed_usd"])
    if loss > 0 or disallowed > 0:
        text = (
            f"{at}, below the adjusted basis of {basis}, an ordinary loss of {fmt_usd(sale['ordinary_loss_usd'])} is "
            f"allowed, as losses are allowed only up to the income previously included under the election{cite('R-78')}"
        )
        if disallowed > 0:
            text += (
                f"; the other {fmt_usd(sale['loss_disallowed_usd'])} is not allowed as a mark-to-market loss"
            )
        return text + "."
    if Decimal(sale["gain_on_sale_usd"]) > 0:
        return (
            f"{at}, above the adjusted basis of {basis}, the gain is {fmt_usd(sale['gain_on_sale_usd'])}; the "
            "report does not say whether it is ordinary income or capital gain."
        )
    return f"{at}, equal to the adjusted basis, there is no gain or loss."


_HOLDER_STATUS_ASKS: dict[str, re.Pattern[str]] = {
    "form": re.compile(r"\b8621\b|\bfil(?:e|ing)\b", re.I),
    "qdi": re.compile(r"\bqualif\w*|\bqdi\b|\b15\s*%", re.I),
}


def _compose_holder_status(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    branches: dict[str, Result] | None,
    facts: Mapping[str, Any],
    cite: Cites,
    question: str,
) -> list[str]:
    """PFIC status, Form 8621 years and blocked qualified dividends; the one asked about first leads."""

    asked = first_asked(question, _HOLDER_STATUS_ASKS.items())
    blocked = result.get("qdi_blocked_years")
    if not result.get("pfic_with_respect_to_holder"):
        if asked == "form":
            lead = (
                f"No Form 8621 is required for the years you held the shares{cite('R-82')}, because IIJ was not a "
                f"PFIC in any of them{cite('R-61')}"
            )
            tail = (
                f"the dividends are not blocked from qualified dividend income by PFIC status{cite('R-80')}"
                if not blocked
                else f"but dividends in {years_text(blocked)} are not qualified dividend income because IIJ was a PFIC "
                f"the year before{cite('R-80')}"
            )
            return [f"{lead}; {tail}."]
        if asked == "qdi":
            lead = (
                f"The dividends are not blocked from qualified dividend income by PFIC status{cite('R-80')}"
                if not blocked
                else f"Dividends in {years_text(blocked)} are not qualified dividend income because IIJ was a PFIC the "
                f"year before{cite('R-80')}"
            )
            joint = ":" if not blocked else ", although"
            return [
                f"{lead}{joint} IIJ was not a PFIC in any taxable year in which you held the shares{cite('R-61')}, so "
                f"no Form 8621 is required for those years{cite('R-82')}."
            ]
        return [
            f"IIJ was not a PFIC in any taxable year in which you held the shares{cite('R-61')}, so no Form 8621 is "
            f"required for those years{cite('R-82')}; the dividends are not blocked from qualified dividend income "
            f"by PFIC status{cite('R-80')}."
            if not blocked
            else f"IIJ was not a PFIC in any taxable year in which you held the shares{cite('R-61')}, so no Form "
            f"8621 is required{cite('R-82')}, but dividends in {years_text(blocked)} are not qualified "
            f"dividend income because IIJ was a PFIC the year before{cite('R-80')}."
        ]

    def status() -> str:
        return f"it was a PFIC in a year in which you held the shares{cite('R-61')}"

    def qdi() -> list[str]:
        if not blocked:
            return []
        return [
            f"Dividends received in {years_text(blocked)} are not qualified dividend income, because IIJ was a PFIC in "
            f"that year or the preceding year{cite('R-80')}."
        ]

    form_years = years_text(result["form_8621_years"])
    if asked == "form":
        form = f"You must file Form 8621 for {form_years}{cite('R-82')}"
        return [f"{form}: IIJ is a PFIC with respect to you, because {status()}.", *qdi()]
    if asked == "qdi" and blocked:
        return [
            *qdi(),
            f"IIJ is a PFIC with respect to you, because {status()}; you must file Form 8621 for {form_years}"
            f"{cite('R-82')}.",
        ]
    return [
        f"IIJ is a PFIC with respect to you, because {status()}; you must file Form 8621 for {form_years}"
        f"{cite('R-82')}.",
        *qdi(),
    ]


SPECS = (
    CalcSpec(
        "pfic_test",
        needs=("gross_income", "passive_income", "passive_assets_q", "total_assets_q"),
        optional={"subsidiaries": None},
        read=read_pfic_test,
        write=_compose_pfic_test,
        answerable=pfic_test_answerable,
        narrow_asks=pfic_test_asks,
    ),
    CalcSpec(
        "pfic_excess_distribution",
        needs=("current_year_distributions_usd", "prior_year_distributions_usd"),
        optional={"currency": None},
        read=read_excess,
        write=_compose_excess,
    ),
    CalcSpec(
        "pfic_allocate",
        needs=("amount_usd", "acquisition_date", "event_date"),
        optional={
            "top_rate_by_year": None,
            "interest_factor_by_year": None,
            "current_year_ordinary_rate": None,
            "currency": None,
        },
        read=read_allocate,
        write=_compose_allocate,
        refill=fill_allocation_years,
        answerable=allocation_answerable,
        partial_asks=asks_deferred_tax,
    ),
    CalcSpec(
        "pfic_mark_to_market",
        needs=("initial_basis_usd", "years"),
        optional={"sale": None, "prior_unreversed_inclusions_usd": 0, "currency": None},
        read=read_mtm,
        write=_compose_mtm,
    ),
    CalcSpec(
        "pfic_holder_status",
        needs=("held_years", "pfic_years"),
        optional={},
        read=read_holder_status,
        write=_compose_holder_status,
        narrow_asks=holder_status_asks,
    ),
)
