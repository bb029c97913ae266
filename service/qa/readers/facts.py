"""All facts one message states, keyed by calculator input names; carried forward through a conversation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from service.qa.readers.dates import DateFact, DateMention, is_real_date, parse_dates
from service.qa.readers.durations import holding_period_fact, parse_duration, twelve_month_fact
from service.qa.readers.features import features
from service.qa.readers.flags import (
    parse_additional_requirements,
    parse_financial_institution,
    parse_form_filed,
    parse_pension_business,
    parse_sale_location,
    unknown_facts,
)
from service.qa.readers.fx import FxRate, conversion_rate, one_rate_for_both, parse_fx, parse_fx_all
from service.qa.readers.holders import parse_holder
from service.qa.readers.income_test import income_test_facts, subsidiary_starts
from service.qa.readers.mark_to_market import MTM_DECLINED, MTM_TOPIC, MarkToMarket, parse_mark_to_market
from service.qa.readers.money import NO_BASIS, NO_EARNINGS, Money, amount_roles, parse_money, stated_net
from service.qa.readers.numbers import to_decimal
from service.qa.readers.ownership import parse_voting_pct
from service.qa.readers.per_share import share_count
from service.qa.readers.percentages import PFIC_PRECEDING_YEAR, WITHHELD_RATE, parse_ordinary_rate
from service.qa.readers.quarters import quarterly_assets
from service.qa.readers.relative import qdi_offsets
from service.qa.readers.residence import (
    parse_has_japan_pe,
    parse_nonresident,
    parse_residence,
    parse_treaty_with_japan,
)
from service.qa.readers.roles import DateRole, assign_date_roles
from service.qa.readers.series import (
    INTEREST_FACTOR_LABEL,
    NEVER_PFIC,
    TOP_RATE_LABEL,
    earlier_year_amounts,
    held_that_year,
    held_year_list,
    labels_a_percentage,
    parse_rates_by_year,
    parse_year_list,
    pfic_years_said,
)

_ADS = re.compile(r"\bads\b|\badss\b|\badrs?\b|\bamerican\s+depositary", re.I)
_UNDER_THE_TREATY = re.compile(
    r"\bunder\s+the\s+(?:new\s+|2003\s+|current\s+)?treaty\b|\bnew\s+treaty\b|"
    r"\btreaty\s+(?:rate|w/h|withholding|wht)\b",
    re.I,
)
_PRIOR_TREATY_NAMED = re.compile(r"prior\s+treaty|old\s+treaty|1971", re.I)
_UNDER_THE_PRIOR_TREATY = re.compile(r"\b(?:under\s+the\s+)?(?:prior|old|1971|previous)\s+treaty\b", re.I)
_NOT_A_PFIC = re.compile(r"\bnot\s+a\s+pfic\b|\bisn't\s+a\s+pfic\b|\bis\s+not\s+a\s+pfic\b", re.I)
_IS_A_PFIC = re.compile(
    r"\b(?:is|was|were|being|treated\s+as)\s+a\s+pfic\b|\bif\s+iij\s+is\s+a\s+pfic\b", re.I
)


@dataclass(frozen=True)
class ExtractedText:
    """Everything ``extract_facts`` found, plus the raw mentions numeric.py needs for PFIC phrasing."""

    facts: dict[str, Any]
    money: list[Money]
    dates: list[tuple[DateRole | None, DateMention]]
    fx: FxRate | None


def extract_facts(text: str) -> ExtractedText:
    """All calculator facts one message states, keyed by the calculator's input names where they exist."""
    facts: dict[str, Any] = {}
    fx = parse_fx(text)
    all_fx = parse_fx_all(text)
    masked = [(rate.start, rate.end) for rate in all_fx]
    if fx is not None:
        masked.append((fx.start, fx.end))
    date_mentions = parse_dates(text)
    money = parse_money(text, masked + [(d.start, d.end) for d in date_mentions])
    dates = assign_date_roles(text, date_mentions)

    conversion = conversion_rate(text, all_fx)
    if conversion is not None:
        facts["jpy_per_usd_conversion"] = conversion.jpy_per_usd
        if fx is not None and (fx.start, fx.end) == (conversion.start, conversion.end):
            fx = next(rate for rate in all_fx if rate is not conversion)
    both = one_rate_for_both(text, all_fx)
    if both is not None:
        facts["jpy_per_usd_conversion"] = both.jpy_per_usd  # "104 each time": the same rate converted the yen
    if fx is not None:
        facts["jpy_per_usd"] = fx.jpy_per_usd
        if fx.inverted_from is not None:
            facts["fx_inverted_from"] = fx.inverted_from

    for amount in amount_roles(text, money):
        if amount.role == "distribution_usd":
            facts["distribution_usd"] = amount.value
            facts.setdefault("usd_amounts", []).append(amount.value)
        elif amount.role == "usd_amounts":
            facts.setdefault("usd_amounts", []).append(amount.value)
        elif amount.role == "gross_dividend_jpy":
            if "gross_dividend_jpy" not in facts and stated_net(text, amount.money):
                facts["dividend_is_net"] = True
            facts.setdefault("gross_dividend_jpy", amount.value)
        else:
            facts[amount.role] = amount.value
    if NO_EARNINGS.search(text):
        facts.setdefault("earnings_and_profits_usd", Decimal(0))
    if NO_BASIS.search(text):
        facts.setdefault("basis_usd", Decimal(0))
    shares = share_count(text)
    if shares is not None and "dividend_per_share_jpy" in facts:
        facts["shares"] = shares.count
        if shares.are_ads:
            facts["shares_are_ads"] = True

    pfic_span = pfic_years_said(text)
    for role, mention in dates:
        if role is None and labels_a_percentage(text, mention):
            continue  # "10% for 2003": the year names the year a rate belongs to, not an event
        if role is None and pfic_span is not None and pfic_span.start() <= mention.start < pfic_span.end():
            continue  # "a PFIC in 2003": the year IIJ was a PFIC, not the date of an event
        key = f"{role}_date" if role else "unassigned_date"
        if role == "since":
            key = "since_date"
        facts.setdefault(key, mention.fact)

    withheld_rate = WITHHELD_RATE.search(text)
    if withheld_rate is not None:
        rate = to_decimal(
            withheld_rate.group("num") or withheld_rate.group("num2") or withheld_rate.group("num3")
        )
        if rate is not None:
            facts["withheld_rate"] = rate / 100
    for key, label in (("top_rates", TOP_RATE_LABEL), ("interest_factors", INTEREST_FACTOR_LABEL)):
        per_year = parse_rates_by_year(text, label)
        if per_year is not None:
            facts[key] = per_year
    if facts.get("dividend_is_net"):
        _gross_from_net(facts)
    ordinary = parse_ordinary_rate(text)
    if ordinary is not None:
        facts["ordinary_rate"] = ordinary
    held_years = held_year_list(text) or held_that_year(text)
    if held_years is not None:
        facts["held_years"] = held_years
    pfic_years = pfic_years_said(text)
    if pfic_years is not None:
        facts["pfic_years"] = parse_year_list(
            pfic_years.group("years") or pfic_years.group("years2") or pfic_years.group("years3")
        )
    elif NEVER_PFIC.search(text):
        facts["pfic_years"] = []

    earlier = earlier_year_amounts(text, [(d.start, d.end) for d in date_mentions])
    if earlier is not None:
        facts["prior_year_distributions_usd"] = list(earlier.values)
    income = income_test_facts(text, [(d.start, d.end) for d in date_mentions])
    _quarters_by_entity(text, facts, income.get("subsidiaries", []))
    facts.update(income)

    residence = parse_residence(text)
    if residence is not None:
        facts["residence"] = residence.country
        facts["residence_kind"] = residence.kind
    treaty = parse_treaty_with_japan(text)
    if treaty is not None:
        facts["treaty_with_japan"] = treaty
    pe = parse_has_japan_pe(text)
    if pe is not None:
        facts["has_japan_pe"] = pe
    if parse_nonresident(text):
        facts["is_nonresident"] = True
    if parse_financial_institution(text):
        facts["is_financial_institution"] = True

    holder = parse_holder(text)
    if holder.holder_type is not None:
        facts["holder_type"] = holder.holder_type
    if holder.special_class is not None:
        facts["special_class"] = holder.special_class
    if holder.is_llc:
        facts["is_llc"] = True

    ownership = parse_voting_pct(text)
    if ownership is not None:
        facts["voting_pct"] = ownership.voting_pct
        if ownership.note:
            facts["voting_pct_note"] = ownership.note

    offsets = qdi_offsets(text)
    if offsets is not None:
        facts["qdi_offsets"] = offsets
        _place_offsets(facts, offsets)

    duration = parse_duration(text)
    twelve = twelve_month_fact(duration, text)
    if twelve is not None:
        facts["held_over_50pct_12m"] = twelve
    holding = holding_period_fact(duration, text)
    if holding is not None:
        facts["holding_period_met"] = holding

    unknown = unknown_facts(text)
    if unknown:
        facts["unknown_facts"] = (
            unknown  # said not to be known: both branches are answered where the spec allows
        )
        for name in unknown:
            facts.pop(name, None)
    for key, value in (
        ("advance_form_filed", parse_form_filed(text, "advance_form_filed" in unknown)),
        ("pension_dividends_from_business", parse_pension_business(text)),
        ("additional_requirements_met", parse_additional_requirements(text)),
        ("sale_location", parse_sale_location(text)),
    ):
        if value is not None and key not in unknown:
            facts[key] = value
    if MTM_TOPIC.search(text) and not MTM_DECLINED.search(text):
        mtm = parse_mark_to_market(text, [(d.start, d.end) for d in date_mentions])
        if mtm.values or mtm.basis is not None or mtm.sale is not None or mtm.unclear:
            facts["mtm"] = mtm
    held = features(text)
    if held.says("ads", "adr", "american") and _ADS.search(text):
        facts["is_ads"] = True
    if held.says("treaty"):  # every wording of a treaty regime names it
        if _UNDER_THE_TREATY.search(text) and not _PRIOR_TREATY_NAMED.search(text):
            facts["regime_hint"] = "treaty"
        elif _UNDER_THE_PRIOR_TREATY.search(text):
            facts["regime_hint"] = "prior"
    if PFIC_PRECEDING_YEAR.search(text):
        facts["pfic_preceding"] = True
    elif held.says("pfic") and _NOT_A_PFIC.search(text):
        facts["pfic"] = False
    elif held.says("pfic") and _IS_A_PFIC.search(text):
        facts["pfic"] = True
    return ExtractedText(facts, money, dates, fx)


def _quarters_by_entity(text: str, facts: dict[str, Any], subsidiaries: list[dict[str, Any]]) -> None:
    """Quarterly assets: IIJ's own before the first subsidiary held by value is named, each subsidiary's after
    its name (the look-through); with no subsidiary figures, the whole message is IIJ's."""
    starts = subsidiary_starts(text) if subsidiaries else []
    bounds = [*starts, len(text)]
    own = quarterly_assets(text[: starts[0]] if starts else text)
    if starts and own is None:
        own, starts = quarterly_assets(text), []  # the quarters are stated once, for IIJ itself
    if own is not None:
        for key, values in (("passive_assets_q", own.passive), ("total_assets_q", own.total)):
            if values is not None:
                facts[key] = list(values)
    for sub, start, end in zip(subsidiaries, starts, bounds[1:], strict=False):
        quarters = quarterly_assets(text[start:end])
        if quarters is None:
            continue
        for key, values in (("passive_assets_q", quarters.passive), ("total_assets_q", quarters.total)):
            if values is not None:
                sub[key] = list(values)


def _place_offsets(facts: dict[str, Any], offsets: tuple[int, int | None]) -> None:
    """A purchase or sale placed in days from a stated ex-dividend date is that date moved by those days."""
    ex_date = facts.get("ex_dividend_date")
    if not isinstance(ex_date, DateFact) or not is_real_date(ex_date) or ex_date.iso is None:
        return
    day = date.fromisoformat(ex_date.iso)
    before, after = offsets
    moved = (("acquisition_date", -before), ("disposition_date", after))
    for key, days in moved:
        if days is not None and key not in facts:
            when = day + timedelta(days=days)
            facts[key] = DateFact(
                "day", when.year, when.month, when.day, f"{abs(days)} days from {ex_date.raw}"
            )


_PER_YEAR_KEYS = frozenset({"top_rates", "interest_factors"})


_NO_TREATY_COUNTRY = ("a country without a tax treaty with Japan", "UNLISTED")


def merge_facts(older: Mapping[str, Any], newer: Mapping[str, Any]) -> dict[str, Any]:
    """Carry facts forward: newer values win; a day without a year takes the year of the older same-role date."""
    merged = dict(older)
    for key, new_value in newer.items():
        value = new_value
        if isinstance(value, DateFact) and value.kind == "day_no_year":
            previous = older.get(key)
            if isinstance(previous, DateFact) and previous.year is not None:
                value = value.with_year(previous.year)
            else:
                years = [v.year for v in older.values() if isinstance(v, DateFact) and v.year is not None]
                if years:
                    value = value.with_year(years[0])
        if key == "unassigned_date" and isinstance(value, DateFact):
            # a bare date in a follow-up replaces the date the conversation already has
            for role_key in ("payment_date", "ex_dividend_date", "disposition_date", "fiscal_year_end_date"):
                if role_key in merged:
                    merged[role_key] = value
                    break
            else:
                merged[key] = value
            continue
        if isinstance(value, MarkToMarket) and isinstance(merged.get(key), MarkToMarket):
            value = value.fill_from(merged[key])
        if key in _PER_YEAR_KEYS and isinstance(value, dict) and isinstance(merged.get(key), dict):
            value = {**merged[key], **value}  # "and 35% for 2003": one more year's rate
        merged[key] = value
    for unknown in newer.get("unknown_facts", ()):
        merged.pop(unknown, None)  # "actually I'm not sure the form was filed" takes back an earlier answer
    if "residence" in newer and "residence_kind" not in newer:
        merged.pop("residence_kind", None)
    if (
        newer.get("residence_kind") != "UNLISTED"
        and "residence" in newer
        and "treaty_with_japan" not in newer
    ):
        merged.pop("treaty_with_japan", None)
    if newer.get("treaty_with_japan") is False and "residence" not in newer and "residence" in merged:
        # "and if the country had no treaty with Japan?" after a named country: the case is now a country without one
        merged["residence"], merged["residence_kind"] = _NO_TREATY_COUNTRY
    return merged


def _gross_from_net(facts: dict[str, Any]) -> None:
    """A dividend stated net of the Japanese tax: kept as ``net_dividend_jpy``; with the rate withheld stated, the
    gross it came from when that is a whole number of yen (net ÷ (1 − rate))."""
    net = Decimal(str(facts["gross_dividend_jpy"]))
    facts["net_dividend_jpy"] = net
    rate = facts.get("withheld_rate")
    if rate is None or not Decimal(0) <= Decimal(str(rate)) < 1:
        return
    gross = net / (1 - Decimal(str(rate)))
    if gross == gross.to_integral_value():
        facts["gross_dividend_jpy"] = gross.quantize(Decimal(1))
        del facts["dividend_is_net"]
