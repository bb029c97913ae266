"""Japanese withholding amounts (§3.3), statutory facts (§3.4) and tax on disposal (§3.10)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from service.tools.tax._core import (
    _RATE_0,
    _RATE_5,
    _RATE_20,
    DateLike,
    InvalidInput,
    Number,
    Result,
    _calculator,
    _floor_yen,
    _Out,
    _plain,
    _rate_str,
    _yen_text,
)
from service.tools.tax._inputs import _currency, _opt_amount, _opt_bool, _opt_enum, _opt_yen
from service.tools.tax.japan_rates import _decide_rate, _rate_inputs

# ----------------------------------------------------------------------------------------------------
# §3.3 Japanese withholding amounts


def _amounts(
    out: _Out, gross: int, treaty_rate: Decimal, *, form: bool | None, actual: int | None, label: str = ""
) -> dict[str, Any]:
    prefix = f"[{label}] " if label else ""
    treaty_tax = _floor_yen(out, gross, treaty_rate, f"{prefix}treaty tax")
    result: dict[str, Any] = {
        "treaty_rate": _rate_str(treaty_rate),
        "applied_rate": None,
        "withheld_jpy": None,
        "net_jpy": None,
        "treaty_tax_jpy": treaty_tax,
        "refund_claimable_jpy": None,
    }
    if form is not None:
        applied = treaty_rate if form else _RATE_20
        result["applied_rate"] = _rate_str(applied)
        out.rule("R-14")
        if not form:
            out.rule("R-13a", "R-16")
            out.step(f"{prefix}no advance form: statutory 20% withheld at source (R-13a, R-14)")
    if actual is not None:
        withheld = actual
        out.step(f"{prefix}withheld = {_yen_text(actual)} (as actually withheld)")
    elif form is not None:
        withheld = _floor_yen(out, gross, _RATE_20 if not form else treaty_rate, f"{prefix}withheld")
    else:
        return result
    refund = max(0, withheld - treaty_tax)
    out.step(f"{prefix}net = {_yen_text(gross)} − {_yen_text(withheld)} = {_yen_text(gross - withheld)}")
    out.rule("R-16")
    out.step(
        f"{prefix}refund = max(0, {_yen_text(withheld)} − {_yen_text(treaty_tax)})"
        f" = {_yen_text(refund)} (R-16)"
    )
    result.update(withheld_jpy=withheld, net_jpy=gross - withheld, refund_claimable_jpy=refund)
    return result


@_calculator
def jp_withholding_amounts(
    *,
    residence: str | None = None,
    treaty_with_japan: bool | None = None,
    has_japan_pe: bool | None = False,
    payment_date: DateLike | None = None,
    entitlement_date: DateLike | None = None,
    holder_type: str | None = None,
    voting_pct: Number | None = None,
    held_over_50pct_12m: bool | None = None,
    over_50pct_since: DateLike | None = None,
    additional_requirements_met: bool | None = None,
    pension_dividends_from_business: bool | None = None,
    gross_dividend_jpy: Number | None = None,
    dividend_per_share_jpy: Number | None = None,
    shares: Number | None = None,
    shares_are_ads: bool | None = False,
    currency: str | None = None,
    advance_form_filed: bool | None = None,
    is_ads: bool | None = False,
    actually_withheld_jpy: Number | None = None,
) -> Result:
    """Japanese tax withheld, net dividend and refund claimable on an IIJ dividend (§3.3)."""
    v = _rate_inputs(
        residence=residence,
        treaty_with_japan=treaty_with_japan,
        has_japan_pe=has_japan_pe,
        payment_date=payment_date,
        entitlement_date=entitlement_date,
        holder_type=holder_type,
        voting_pct=voting_pct,
        held_over_50pct_12m=held_over_50pct_12m,
        over_50pct_since=over_50pct_since,
        additional_requirements_met=additional_requirements_met,
        pension_dividends_from_business=pension_dividends_from_business,
    )
    _currency(currency, "JPY")
    gross = _opt_yen(gross_dividend_jpy, "gross_dividend_jpy")
    per_share = _opt_amount(dividend_per_share_jpy, "dividend_per_share_jpy")
    share_count = _opt_amount(shares, "shares")
    in_ads = bool(_opt_bool(shares_are_ads, "shares_are_ads", default=False))
    form = _opt_bool(advance_form_filed, "advance_form_filed")
    ads = bool(_opt_bool(is_ads, "is_ads", default=False))
    actual = _opt_yen(actually_withheld_jpy, "actually_withheld_jpy")
    out = _Out()
    if gross is None and per_share is not None and share_count is not None and not in_ads:
        product = per_share * share_count
        if product != product.to_integral_value():
            raise InvalidInput(
                "NON_INTEGER_YEN", "shares", f"per-share dividend × shares = {product}, not whole yen"
            )
        gross = int(product)
        out.step(
            f"gross = {_yen_text(per_share.normalize())} × {_plain(share_count)} shares = {_yen_text(gross)}"
        )
    if gross is not None and actual is not None and actual > gross:
        raise InvalidInput(
            "WITHHELD_EXCEEDS_GROSS", "actually_withheld_jpy", "tax withheld exceeds the gross dividend"
        )

    decision = _decide_rate(v, out)
    fields: dict[str, Any] = {
        "residence": v.residence,
        "regime": decision.regime,
        "treaty_rate": _rate_str(decision.rate),
        "rate_if_conditions_met": _rate_str(decision.rate_if_conditions_met),
        "rate_otherwise": _rate_str(decision.rate_otherwise),
        "applied_rate": None,
        "gross_dividend_jpy": gross,
        "withheld_jpy": None,
        "net_jpy": None,
        "treaty_tax_jpy": None,
        "refund_claimable_jpy": None,
        "scenarios": None,
        "note": decision.note,
    }
    if decision.status in ("NEED_INFO", "OUT_OF_SCOPE") or (
        decision.status == "NOT_STATED" and not decision.regime
    ):
        return out.done(decision.status, fields)
    if ads:
        out.flag("ADS_DEPOSITARY_FORMS")
        out.rule("R-12", "R-15")
    if gross is None:
        if in_ads and per_share is not None:
            out.need("ads_to_share_ratio")
            out.step(
                "dividend is per share but the count is in ADSs; "
                "the ADS-to-share ratio is not in the document"
            )
        else:
            out.need("gross_dividend_jpy")
        return out.done("NEED_INFO", fields)

    if decision.regime == "NO_TREATY":
        fields["applied_rate"] = _rate_str(_RATE_20)
        withheld = actual if actual is not None else _floor_yen(out, gross, _RATE_20, "withheld")
        fields.update(withheld_jpy=withheld, net_jpy=gross - withheld, refund_claimable_jpy=0)
        out.step(
            f"net = {_yen_text(gross)} − {_yen_text(withheld)} = {_yen_text(gross - withheld)}; no refund"
        )
        return out.done("OK", fields)
    if decision.regime == "OTHER_TREATY":
        if actual is not None or form is False:
            if form is False:
                out.step("no advance form: no reduced rate at source (R-13a, R-14)")
                fields["applied_rate"] = _rate_str(_RATE_20)
            withheld = actual if actual is not None else _floor_yen(out, gross, _RATE_20, "withheld")
            fields.update(withheld_jpy=withheld, net_jpy=gross - withheld)
            out.rule("R-16")
            out.step(
                "refund of the excess over the treaty rate is claimable (R-16); the treaty rate is not stated"
            )
        return out.done("NOT_STATED", fields)
    if decision.status == "CONDITIONAL":
        fields["scenarios"] = {
            "conditions_met": _amounts(out, gross, _RATE_0, form=form, actual=actual, label="conditions met"),
            "otherwise": _amounts(out, gross, _RATE_5, form=form, actual=actual, label="otherwise"),
        }
        if form is None and actual is None:
            out.need("advance_form_filed")
            return out.done("NEED_INFO", fields)
        return out.done("CONDITIONAL", fields)

    assert decision.rate is not None
    amounts = _amounts(out, gross, decision.rate, form=form, actual=actual)
    fields.update(amounts)
    if form is None and actual is None:
        out.need("advance_form_filed")
        return out.done("NEED_INFO", fields)
    return out.done("OK", fields)


# ----------------------------------------------------------------------------------------------------
# §3.4 facts


@_calculator
def statutory_and_misc_japan() -> Result:
    """Stock splits, stamp/registration and inheritance/gift taxes: facts stated without numbers (§3.4)."""
    out = _Out()
    out.rule("R-20", "R-19", "R-18")
    facts = {
        "stock_splits": {
            "subject_to_japanese_income_tax": False,
            "exception": "except when treated as dividends in certain conditions",
            "conditions": None,
            "conditions_status": "NOT_STATED",
            "rule": "R-20",
        },
        "stamp_registration_tax": {
            "on_issue_paid_by_iij": True,
            "on_transfer_or_sale_paid_by_iij": False,
            "amount": None,
            "amount_status": "NOT_STATED",
            "rule": "R-19",
        },
        "inheritance_gift_tax": {
            "applies_to": "an individual who acquired shares or ADSs as a distributee, legatee or donee",
            "rates": "progressive",
            "rate": None,
            "rate_status": "NOT_STATED",
            "rule": "R-18",
        },
    }
    return out.done("OK", facts)


# ----------------------------------------------------------------------------------------------------
# §3.10 Japanese tax on disposal


@_calculator
def jp_tax_on_disposal(
    *,
    sale_location: str | None = None,
    is_nonresident: bool | None = True,
    has_japan_pe: bool | None = False,
) -> Result:
    """Japanese income or corporation tax on a sale of shares or ADSs by a non-resident (§3.10)."""
    location = _opt_enum(sale_location, "sale_location", ("outside_japan", "within_japan"))
    nonresident = bool(_opt_bool(is_nonresident, "is_nonresident", default=True))
    pe = bool(_opt_bool(has_japan_pe, "has_japan_pe", default=False))
    out = _Out()
    fields: dict[str, Any] = {
        "japanese_tax_jpy": None,
        "qualifier": None,
        "transfer_tax": {"paid_by_iij": False, "amount": None, "amount_status": "NOT_STATED", "rule": "R-19"},
    }
    out.rule("R-19")
    if not nonresident:
        out.rule("R-01")
        out.step("resident of Japan: the document covers non-residents only (R-01)")
        return out.done("OUT_OF_SCOPE", fields)
    if location is None:
        out.need("sale_location")
        return out.done("NEED_INFO", fields)
    if location == "within_japan" and pe:
        out.rule("R-17b")
        out.step("sale within Japan by a holder with a Japanese PE: not covered (R-17b)")
        return out.done("OUT_OF_SCOPE", fields)
    out.rule("R-17a" if location == "outside_japan" else "R-17b")
    fields.update(japanese_tax_jpy=0, qualifier="in general")
    where = "outside Japan" if location == "outside_japan" else "within Japan without a PE"
    out.step(f"sale {where}: in general no Japanese income or corporation tax")
    return out.done("OK", fields)
