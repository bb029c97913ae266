"""PFIC status: the income and asset tests (§3.11) and a holder's PFIC years (§3.15)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from service.tools.tax._core import _ZERO, InvalidInput, Number, Result, _calculator, _Out, _plain, _ratio_str
from service.tools.tax._inputs import _list, _mapping, _opt_amount, _opt_pct, _quarters, _year

# ----------------------------------------------------------------------------------------------------
# §3.11 PFIC tests

_INCOME_KEYS = ("gross_income", "passive_income")
_ASSET_KEYS = ("passive_assets_q", "total_assets_q")
_SUBSIDIARY_KEYS = ("pct_by_value", *_INCOME_KEYS, *_ASSET_KEYS)


@dataclass(frozen=True)
class _Entity:
    name: str
    pct: Decimal | None
    income: dict[str, Decimal | None]
    assets: dict[str, list[Decimal] | None]


def _income_pair(gross: Decimal | None, passive: Decimal | None, field: str) -> None:
    if gross is not None and passive is not None and passive > gross:
        raise InvalidInput("PASSIVE_EXCEEDS_TOTAL", field, "passive income exceeds gross income")


def _asset_pair(passive: list[Decimal] | None, total: list[Decimal] | None, field: str) -> None:
    if passive is not None and total is not None:
        for i, (p, t) in enumerate(zip(passive, total, strict=True)):
            if p > t:
                raise InvalidInput(
                    "PASSIVE_EXCEEDS_TOTAL", f"{field}[{i}]", "passive assets exceed total assets"
                )


@_calculator
def pfic_test(
    *,
    gross_income: Number | None = None,
    passive_income: Number | None = None,
    passive_assets_q: Sequence[Number] | None = None,
    total_assets_q: Sequence[Number] | None = None,
    subsidiaries: Sequence[Mapping[str, Any]] | None = None,
) -> Result:
    """The PFIC income (75 %) and asset (50 %) tests, with 25 % look-through (§3.11)."""
    gross = _opt_amount(gross_income, "gross_income")
    passive = _opt_amount(passive_income, "passive_income")
    p_q = _quarters(passive_assets_q, "passive_assets_q")
    t_q = _quarters(total_assets_q, "total_assets_q")
    _income_pair(gross, passive, "passive_income")
    _asset_pair(p_q, t_q, "passive_assets_q")
    subs: list[_Entity] = []
    for i, raw in enumerate(_list(subsidiaries or [], "subsidiaries")):
        name = f"subsidiaries[{i}]"
        given = _mapping(raw, name, _SUBSIDIARY_KEYS)
        entity = _Entity(
            name=name,
            pct=_opt_pct(given.get("pct_by_value"), f"{name}.pct_by_value"),
            income={k: _opt_amount(given.get(k), f"{name}.{k}") for k in _INCOME_KEYS},
            assets={k: _quarters(given.get(k), f"{name}.{k}") for k in _ASSET_KEYS},
        )
        _income_pair(entity.income["gross_income"], entity.income["passive_income"], f"{name}.passive_income")
        _asset_pair(
            entity.assets["passive_assets_q"], entity.assets["total_assets_q"], f"{name}.passive_assets_q"
        )
        subs.append(entity)

    out = _Out()
    out.rule("R-61", "R-62", "R-63", "R-64")
    income: dict[str, Decimal | None] = {"gross_income": gross, "passive_income": passive}
    assets: dict[str, list[Decimal] | None] = {"passive_assets_q": p_q, "total_assets_q": t_q}
    income_missing = [k for k, v in income.items() if v is None]
    asset_missing = [k for k, v in assets.items() if v is None]
    for sub in subs:
        if sub.pct is None:
            income_missing.append(f"{sub.name}.pct_by_value")
            asset_missing.append(f"{sub.name}.pct_by_value")
            continue
        if sub.pct < 25:
            out.step(f"{sub.name}: {_plain(sub.pct)}% by value (< 25%) → no look-through (R-65)")
            continue
        share = sub.pct / 100
        out.flag("LOOKTHROUGH_ELIMINATION_BY_CALLER")
        out.rule("R-65")
        out.step(f"{sub.name}: {_plain(sub.pct)}% by value (≥ 25%) → add that share of its figures (R-65)")
        for key in _INCOME_KEYS:
            own, theirs = income[key], sub.income[key]
            if theirs is None:
                income_missing.append(f"{sub.name}.{key}")
            elif own is not None:
                income[key] = own + share * theirs
        for key in _ASSET_KEYS:
            own_q, their_q = assets[key], sub.assets[key]
            if their_q is None:
                asset_missing.append(f"{sub.name}.{key}")
            elif own_q is not None:
                assets[key] = [a + share * b for a, b in zip(own_q, their_q, strict=True)]

    fields: dict[str, Any] = dict.fromkeys(
        [
            "combined_gross_income",
            "combined_passive_income",
            "combined_passive_assets_q",
            "combined_total_assets_q",
            "income_ratio",
            "income_test",
            "asset_ratio",
            "asset_ratio_alt",
            "asset_test",
            "is_pfic",
        ]
    )
    income_test: bool | None = None
    income_undefined = asset_undefined = False
    if not income_missing:
        total_income, passive_total = income["gross_income"], income["passive_income"]
        assert total_income is not None
        assert passive_total is not None
        fields.update(
            combined_gross_income=_plain(total_income), combined_passive_income=_plain(passive_total)
        )
        if total_income == 0:
            income_undefined = True
            out.flag("INCOME_TEST_UNDEFINED")
            out.step("gross income is 0: the income test is undefined")
        else:
            ratio = passive_total / total_income
            income_test = ratio >= Decimal("0.75")
            fields.update(income_ratio=_ratio_str(ratio), income_test=income_test)
            out.step(
                f"income test: {_plain(passive_total)} ÷ {_plain(total_income)} = {_ratio_str(ratio)} "
                f"{'≥' if income_test else '<'} 0.75 (R-62)"
            )
    asset_test: bool | None = None
    if not asset_missing:
        passive_q, total_q = assets["passive_assets_q"], assets["total_assets_q"]
        assert passive_q is not None
        assert total_q is not None
        fields.update(
            combined_passive_assets_q=[_plain(x) for x in passive_q],
            combined_total_assets_q=[_plain(x) for x in total_q],
        )
        mean_total = sum(total_q, _ZERO) / 4
        if mean_total == 0:
            asset_undefined = True
            out.flag("ASSET_TEST_UNDEFINED")
            out.step("average total assets are 0: the asset test is undefined")
        else:
            ratio = (sum(passive_q, _ZERO) / 4) / mean_total
            asset_test = ratio >= Decimal("0.5")
            fields.update(asset_ratio=_ratio_str(ratio), asset_test=asset_test)
            out.step(
                f"asset test: average passive ÷ average total = {_ratio_str(ratio)} "
                f"{'≥' if asset_test else '<'} 0.50 (R-63)"
            )
            quarters = [p / t for p, t in zip(passive_q, total_q, strict=True) if t != 0]
            alt = sum(quarters, _ZERO) / len(quarters)
            fields["asset_ratio_alt"] = _ratio_str(alt)
            out.step(f"average of quarterly ratios = {_ratio_str(alt)} (for comparison)")
            if (alt >= Decimal("0.5")) != asset_test:
                out.flag("ASSET_TEST_METHOD_SENSITIVE")

    if income_test or asset_test:
        fields["is_pfic"] = True
        out.step("a test is met → PFIC for this taxable year (R-61)")
        return out.done("OK", fields)
    out.need(*income_missing, *asset_missing)
    if income_undefined and asset_undefined:
        out.need("gross_income", "total_assets_q")
    if out.missing or (income_test is None and asset_test is None):
        return out.done("NEED_INFO", fields)
    fields["is_pfic"] = False
    out.step("neither test is met → not a PFIC for this taxable year")
    return out.done("OK", fields)


# ----------------------------------------------------------------------------------------------------
# §3.15 holder status


def _years(value: object, field: str) -> list[int]:
    return [_year(item, f"{field}[{i}]") for i, item in enumerate(_list(value, field))]


@_calculator
def pfic_holder_status(
    *, held_years: Sequence[int] | None = None, pfic_years: Sequence[int] | None = None
) -> Result:
    """Whether IIJ is a PFIC with respect to a holder, Form 8621 years and QDI-blocked years (§3.15)."""
    held = None if held_years is None else set(_years(held_years, "held_years"))
    pfic = None if pfic_years is None else set(_years(pfic_years, "pfic_years"))
    out = _Out()
    fields: dict[str, Any] = dict.fromkeys(
        ["pfic_with_respect_to_holder", "form_8621_required", "form_8621_years", "qdi_blocked_years"]
    )
    if held is None:
        out.need("held_years")
    if pfic is None:
        out.need("pfic_years")
    if held is None or pfic is None:
        return out.done("NEED_INFO", fields)
    out.rule("R-61", "R-80", "R-82")
    overlap = sorted(held & pfic)
    blocked = sorted(y for y in held if y in pfic or y - 1 in pfic)
    fields.update(
        pfic_with_respect_to_holder=bool(overlap),
        form_8621_required=bool(overlap),
        form_8621_years=overlap,
        qdi_blocked_years=blocked,
    )
    out.step(
        f"held ∩ PFIC years = {overlap or 'none'}"
        f" → Form 8621 {'required' if overlap else 'not required'} (R-82)"
    )
    out.step(f"dividends not QDI in {blocked or 'no year'} (PFIC in that or the preceding year; R-80)")
    return out.done("OK", fields)
