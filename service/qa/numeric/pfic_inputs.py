"""PFIC calculator inputs: figures read by the words beside them."""

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
from service.qa.readers.numbers import number_list_after, parse_numbers
from service.qa.readers.series import spread_over


def _date_spans(ex: ExtractedText) -> list[tuple[int, int]]:
    return [(mention.start, mention.end) for _, mention in ex.dates]


def read_excess(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    skip = _date_spans(ex)
    inputs: dict[str, Any] = {}
    prior = number_list_before(
        text,
        r"\s*(?:in|for|over|during)\s+(?:each\s+of\s+)?(?:the|its|my)\s+(?:\w+\s+)?"
        r"(?:prior|previous|preceding|past|earlier|last)\b",
        skip,
    ) or number_list_after(
        text, r"\b(?:prior|previous|preceding|past|earlier|last\s+(?:three|3|two|2))\b[^0-9$]*?", skip
    )
    current = number_list_after(
        text, r"\b(?:this\s+year|current\s+year|current|now|this\s+time)\b[^0-9$]*?", skip
    )
    if not current:
        m = re.search(
            r"(?P<num>[$¥]?\s*[\d,.]+\s*[km]?)\s+(?:this\s+year|in\s+the\s+current\s+year|now)\b",
            text,
            re.I,
        )
        if m:
            current = [n.value for n in parse_numbers(m.group("num"))]
    if prior:
        inputs["prior_year_distributions_usd"] = [json_number(v) for v in prior]
    if current:
        inputs["current_year_distributions_usd"] = json_number(current[0])
    return inputs, {}


def read_pfic_test(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    skip = _date_spans(ex)
    inputs: dict[str, Any] = {}
    gross = number_list_after(text, r"\b(?:gross|total)\s+income\b(?:\s+(?:of|is|was|=|:))?", skip)
    passive = number_list_after(text, r"\bpassive\s+income\b(?:\s+(?:of|is|was|=|:))?", skip)
    share = _share_of(
        text, r"\bpassive\s+income\b(?:\s+(?:of|is|was|=|:))?", r"(?:gross|total)(?:\s+income)?"
    )
    if share:
        passive, gross = share[0][:1], share[1][:1]
    which = re.search(
        r"\b(?:gross|total)\s+income\s+(?:of\s+|is\s+|was\s+|are\s+|were\s+|(?:would\s+)?be\s+|=\s*|:\s*)?(?P<g>[$¥]?\s*"
        + NUM_SUFFIXED
        + r")\s*,?\s*(?:of\s+which|including|with)\s+(?P<p>[$¥]?\s*"
        + NUM_SUFFIXED
        + r")\s+(?:is\s+|was\s+|are\s+|were\s+)?passive",
        text,
        re.I,
    )
    if which:
        gross = [n.value for n in parse_numbers(which.group("g"))]
        passive = [n.value for n in parse_numbers(which.group("p"))]
    m = re.search(
        r"(?P<p>[$¥]?[\d,.]+\s*(?:k|m|bn|million|billion)?)\s+(?:of|out\s+of)\s+(?P<g>[$¥]?[\d,.]+\s*(?:k|m|bn|million|billion)?)\s+(?:(?:of|in)\s+)?(?:its\s+|the\s+)?(?:gross\s+)?income",
        text,
        re.I,
    )
    if m and not (gross and passive):
        passive = [n.value for n in parse_numbers(m.group("p"))]
        gross = [n.value for n in parse_numbers(m.group("g"))]
    if gross and passive:
        inputs["gross_income"] = json_number(gross[0])
        inputs["passive_income"] = json_number(passive[0])
    pq = number_list_after(text, r"\bpassive\s+assets\b[^0-9$¥]*?", skip)
    tq = number_list_after(text, r"\btotal\s+assets\b[^0-9$¥]*?", skip)
    asset_share = _share_of(text, r"\bpassive\s+assets\b[^0-9$¥]*?", r"(?:total(?:\s+assets)?)", lists=True)
    if asset_share and not tq:
        pq, tq = asset_share
        if len(tq) == 1 and len(pq) == 4:
            tq = tq * 4  # "30, 40, 40, 30 of 100": each quarter out of the same total
    if pq and tq:
        if len(tq) == 1 and re.search(
            r"each\s+quarter|every\s+quarter|all\s+(?:four\s+)?quarters", text, re.I
        ):
            tq = tq * 4
        if len(pq) == 1 and re.search(
            r"passive\s+assets\s+(?:of\s+)?[$¥]?[\d,.]+\s*(?:k|m|bn)?\s+(?:each|every)\s+quarter",
            text,
            re.I,
        ):
            pq = pq * 4
        inputs["passive_assets_q"] = [json_number(v) for v in pq]
        inputs["total_assets_q"] = [json_number(v) for v in tq]
    return inputs, {}


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
    return inputs, pending


def read_mtm(intent: str, facts: Mapping[str, Any], text: str, ex: ExtractedText) -> Inputs:
    return _mtm_inputs(facts, text), {}


NUM_SUFFIXED = r"[\d,.]+\s*(?:k|m|bn|b|million|billion|thousand)?"


def number_list_before(text: str, cue: str, skip: list[tuple[int, int]] | None = None) -> list[Decimal]:
    """The run of numbers ("$100, $100 and $100") that ends right before the first match of ``cue``."""
    for m in re.finditer(cue, text, re.I):
        numbers = [n for n in parse_numbers(text[: m.start()], skip) if not n.is_pct]
        run: list[Decimal] = []
        end = m.start()
        for number in reversed(numbers):
            gap = text[number.end : end]
            if not re.fullmatch(r"\s*(?:,|/|;|and|&|,\s*and)?\s*(?:\$|¥)?\s*", gap, re.I):
                break
            run.insert(0, number.value)
            end = number.start
        if run:
            return run
    return []


def _share_of(
    text: str, cue: str, total_cue: str, lists: bool = False
) -> tuple[list[Decimal], list[Decimal]] | None:
    """ "passive income 60 of gross 100" / "passive assets 30, 40, 40, 30 out of 100" → (part, total)."""
    m = re.search(cue, text, re.I)
    if m is None:
        return None
    part = number_list_after(text, cue)
    if not part or not lists:
        part = part[:1]
    if not part:
        return None
    tail = re.match(
        r"\s*(?:(?:of|is|was|were|are|=|:)\s+)?(?:[$¥]?\s*"
        + NUM_SUFFIXED
        + r"\s*(?:,|and|&)?\s*){1,4}?(?:of|out\s+of|from)\s+(?:(?:a|the|its)\s+)?"
        r"(?:" + total_cue + r"\s+)?(?:of\s+|is\s+|was\s+)?",
        text[m.end() :],
        re.I,
    )
    if tail is None:
        return None
    rest = text[m.end() + tail.end() :]
    if not re.match(r"\s*[$¥]?\s*\d", rest):
        return None
    total = number_list_after(rest, r"^")
    return (part, total if lists else total[:1]) if total else None


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
