"""PFIC calculator inputs, from the facts the readers found (service/qa/readers/): the earlier years' and the
current year's distributions, the income- and asset-test figures, dates, year-end values and per-year rates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from service.qa.numeric.answer import Result
from service.qa.numeric.inputs import Inputs, date_from
from service.qa.numeric.wording import json_number, plain
from service.qa.readers.dates import DateFact
from service.qa.readers.facts import ExtractedText
from service.qa.readers.mark_to_market import MarkToMarket
from service.qa.readers.numbers import AMOUNT, number_list_after, parse_numbers
from service.qa.readers.series import amounts_by_year, earlier_year_amounts, spread_over


def _date_spans(ex: ExtractedText) -> list[tuple[int, int]]:
    return [(mention.start, mention.end) for _, mention in ex.dates]


def read_excess(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    """The current year's distributions and the earlier years' (read as ``prior_year_distributions_usd``)."""
    skip = _date_spans(ex)
    earlier = earlier_year_amounts(text, skip)
    taken = [(earlier.start, earlier.end)] if earlier is not None else []
    inputs: dict[str, Any] = {}
    prior = facts.get("prior_year_distributions_usd")
    if prior is not None:
        inputs["prior_year_distributions_usd"] = [json_number(Decimal(str(v))) for v in prior]
    elif _FIRST_YEAR.search(text):
        inputs["prior_year_distributions_usd"] = []  # the first year held: no earlier distributions
    current = number_list_after(text, _CURRENT_BEFORE, skip + taken)[:1]
    if not current:
        m = re.search(r"(?P<num>" + AMOUNT + r")\s+" + _CURRENT_AFTER, text, re.I)
        current = [n.value for n in parse_numbers(m.group("num"))] if m else []
    if not current:
        # one amount left once the earlier years' are set aside: "paid me $3,200 this year", "got $500"
        rest = [n.value for n in parse_numbers(text, skip + taken) if not n.is_pct]
        current = rest if len(rest) == 1 else []
    by_year = amounts_by_year(text) if prior is None and earlier is None else None
    if by_year is not None and not current:
        # "2001 $100, 2002 $120, 2003 $140; 2004 $300": the latest year is the current one, the others earlier
        *before, latest = by_year.values()
        inputs["prior_year_distributions_usd"] = [json_number(v) for v in before]
        current = [latest]
    if current:
        inputs["current_year_distributions_usd"] = json_number(current[0])
    return inputs, {}


_CURRENT_BEFORE = r"\b(?:this\s+y(?:ea)?r|current\s+y(?:ea)?r|current|now|this\s+time)\b[^0-9$]*?"
_CURRENT_AFTER = r"(?:this\s+y(?:ea)?r|in\s+the\s+current\s+year|now)\b"
_FIRST_YEAR = re.compile(
    r"\bfirst\s+(?:taxable\s+)?year\s+(?:(?:that|in\s+which)\s+)?(?:(?:i|we)(?:'ve|\s+have)?\s+)?"
    r"(?:owned|held|had|own|hold|holding|owning|of\s+(?:owning|holding|ownership))\b|"
    # "my first year as a holder", "year one of my holding"
    r"\bfirst\s+year\s+as\s+(?:a|an)\s+(?:holder|shareholder|owner|investor)\b|"
    r"\b(?:bought|acquired|purchased)\s+(?:it|them|the\s+\w+|iij|(?:[\w']+\s+){0,3}?(?:in|during)\s+\w+)\s+this\s+year\b|"
    r"\bno\s+(?:prior|earlier|previous)\s+"
    r"(?:years?|distributions)\b",
    re.I,
)


def read_pfic_test(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    """The income-test and asset-test figures the readers found, each under its calculator input name."""
    inputs: dict[str, Any] = {}
    for key in ("gross_income", "passive_income"):
        if key in facts:
            inputs[key] = json_number(Decimal(str(facts[key])))
    for key in ("passive_assets_q", "total_assets_q"):
        if key in facts:
            inputs[key] = [json_number(Decimal(str(v))) for v in facts[key]]
    if facts.get("subsidiaries"):
        inputs["subsidiaries"] = [{k: _figure(v) for k, v in sub.items()} for sub in facts["subsidiaries"]]
    return inputs, {}


def _figure(value: Any) -> Any:
    """One figure, or a list of quarterly figures, as calculator numbers."""
    if isinstance(value, list):
        return [json_number(Decimal(str(v))) for v in value]
    return json_number(Decimal(str(value)))


_INCOME_INPUTS = ("gross_income", "passive_income")
_ASSET_INPUTS = ("passive_assets_q", "total_assets_q")


def _test_of(name: str) -> tuple[str, ...]:
    base = name.rsplit(".", 1)[-1]
    return _INCOME_INPUTS if base in _INCOME_INPUTS else _ASSET_INPUTS if base in _ASSET_INPUTS else ()


def _stated_tests(inputs: Mapping[str, Any], question: str) -> set[tuple[str, ...]]:
    """The tests a question is about: those it gives a figure for, else the one it names."""
    given: set[tuple[str, ...]] = {
        test for test in (_INCOME_INPUTS, _ASSET_INPUTS) if any(k in inputs for k in test)
    }
    if given:
        return given
    named: set[tuple[str, ...]] = set()
    # a test named, or named by its quantity ("passive assets were 45% at year end" is the asset test)
    if re.search(r"\bincome\s+test\b|\b75\s*%|\b(?:passive|gross)\s+income\b", question, re.I):
        named.add(_INCOME_INPUTS)
    if re.search(r"\basset\s+test\b|\b50\s*%|\b(?:passive|total)\s+assets?\b", question, re.I):
        named.add(_ASSET_INPUTS)
    return named


def pfic_test_answerable(result: Result, question: str) -> list[str]:
    """One test applied and the other given no figure at all: that test is answered alone (a test met makes IIJ a
    PFIC whatever the other says; one not met is stated as such, the other test left open)."""
    missing = list(result.get("missing", []))
    if result.get("income_test") is None and result.get("asset_test") is None:
        return []
    other = _ASSET_INPUTS if result.get("income_test") is not None else _INCOME_INPUTS
    if not set(other) <= set(missing) or any(_test_of(m) != other for m in missing):
        return []  # a figure of the other test is given, or a subsidiary's figure is missing: ask for it
    return missing


def pfic_test_asks(
    facts: Mapping[str, Any], inputs: Mapping[str, Any], missing: list[str], question: str
) -> list[str]:
    """The missing figures worth asking for: those of the test the question is about ("passive income was ¥3bn —
    does that trip the income test?" asks for the gross income alone, not the quarterly assets)."""
    tests = _stated_tests(inputs, question)
    narrowed = [m for m in missing if not _test_of(m) or _test_of(m) in tests]
    return narrowed or missing


def read_holder_status(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    """Years held and PFIC years. Held "since 2003" and not sold: every year from then on is held, so once the PFIC
    years are known the years held run to the year after the last of them (the last year its dividends can lose
    the qualified rate)."""
    inputs: dict[str, Any] = {key: list(facts[key]) for key in ("held_years", "pfic_years") if key in facts}
    start = _held_since(facts)
    if "held_years" not in inputs and start is not None and "pfic_years" in inputs:
        last = max([start, *(year + 1 for year in inputs["pfic_years"])])
        inputs["held_years"] = list(range(start, last + 1))
    return inputs, {}


def _held_since(facts: Mapping[str, Any]) -> int | None:
    """The year a holding still held began: "held since 2003", or a purchase date with no sale."""
    since = facts.get("since_date", facts.get("acquisition_date"))
    if not isinstance(since, DateFact) or since.year is None or "disposition_date" in facts:
        return None
    return since.year


def holder_status_asks(
    facts: Mapping[str, Any], inputs: Mapping[str, Any], missing: list[str], question: str
) -> list[str]:
    """Held since a year and still held: the years held follow from the PFIC years, which alone are asked for."""
    if _held_since(facts) is not None and "pfic_years" in missing:
        return [m for m in missing if m != "held_years"]
    return missing


def read_allocate(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    pending: dict[str, DateFact] = {}
    pfic_dates: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("acquisition_date", ("acquisition_date", "since_date")),
        ("event_date", ("disposition_date", "payment_date", "unassigned_date")),
    )
    for key, sources in pfic_dates:
        fact = date_from(facts, *sources)
        if fact is not None:
            pending[key] = fact
    skip = _date_spans(ex)
    inputs: dict[str, Any] = {}
    amounts = (
        facts.get("usd_amounts")
        or ([facts["gain_usd"]] if "gain_usd" in facts else [])
        or [n.value for n in parse_numbers(text, skip) if not n.is_pct][:1]
    )
    if amounts:
        inputs["amount_usd"] = json_number(amounts[0])
    if "ordinary_rate" in facts:
        # the holder's own ordinary rate taxes the current year's share (a prior year's takes the top rate)
        inputs["current_year_ordinary_rate"] = plain(Decimal(str(facts["ordinary_rate"])))
    return inputs, pending


def read_mtm(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    return _mtm_inputs(facts, text), {}


def _mtm_first_year(text: str) -> int:
    m = re.search(
        r"\b(?:from|starting(?:\s+in)?|beginning(?:\s+in)?|first\s+year(?:\s+is)?)\s+((?:19|20)\d{2})\b",
        text,
        re.I,
    )
    return int(m.group(1)) if m else 1


def _mtm_inputs(facts: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Mark-to-market inputs from the amounts the conversation states, each read by the words beside it.

    Year-end values must run without a gap from the first year end (or name their calendar years); when an amount
    cannot be told apart, or a year end is skipped, none is guessed and the calculator asks for them.
    """
    inputs: dict[str, Any] = {}
    mtm = facts.get("mtm")
    basis = mtm.basis if isinstance(mtm, MarkToMarket) and mtm.basis is not None else facts.get("basis_usd")
    if basis is not None:
        inputs["initial_basis_usd"] = json_number(Decimal(str(basis)))
    if not isinstance(mtm, MarkToMarket):
        return inputs
    if mtm.prior_inclusions is not None:
        inputs["prior_unreversed_inclusions_usd"] = json_number(mtm.prior_inclusions)
    positions = [position for position, _ in mtm.values]
    first = positions[0] if positions else 0
    contiguous = positions == list(range(first, first + len(positions)))
    if mtm.unclear or not mtm.values or not contiguous or (not mtm.years_are_calendar and first != 1):
        return inputs
    offset = 0 if mtm.years_are_calendar else _mtm_first_year(text) - 1
    inputs["years"] = [
        {"year": position + offset, "fmv_usd": json_number(value)} for position, value in mtm.values
    ]
    if mtm.sale is not None:
        inputs["sale"] = {"year": inputs["years"][-1]["year"] + 1, "price_usd": json_number(mtm.sale)}
    return inputs


def _by_year(values: Any, years: list[str]) -> dict[str, str] | None:
    """Per-year fractions for ``years``: from a {year: value} map, or a list in year order (one value for all)."""
    if isinstance(values, dict):
        # only the years the user gave a rate for: the calculator asks for the others
        known = {y: plain(values[int(y)]) for y in years if int(y) in values}
        return known or None
    pairs = spread_over(years, list(values or ()))
    return None if pairs is None else {y: plain(v) for y, v in pairs}


def fill_allocation_years(facts: Mapping[str, Any], inputs: dict[str, Any], result: Result) -> bool:
    """Fill top rates / interest factors per prior year from the rates the conversation states."""
    years = sorted((result.get("allocation_by_year") or {}).keys())
    if not years:
        return False
    changed = False
    for name, key in (("top_rate_by_year", "top_rates"), ("interest_factor_by_year", "interest_factors")):
        if name in inputs or key not in facts:
            continue
        values = _by_year(facts[key], years)
        if values is not None:
            inputs[name] = values
            changed = True
    return changed
