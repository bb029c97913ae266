"""U.S. distributions and gains: distribution split (§3.7), FX gain or loss (§3.8), capital gain (§3.9)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from service.tools.tax._core import (
    _CAPITAL_GAIN_DATES,
    _RATE_15,
    _ZERO,
    DateLike,
    InvalidInput,
    Number,
    Result,
    _add_months,
    _calculator,
    _date_flags,
    _Out,
    _plain,
    _rate_str,
    _round2,
    _usd,
    _usd_text,
    _yen_text,
)
from service.tools.tax._inputs import (
    _check_order,
    _currency,
    _fx,
    _opt_amount,
    _opt_bool,
    _opt_date,
    _opt_enum,
    _opt_fx,
    _opt_pct,
    _opt_yen,
)
from service.tools.tax.us_dividends import _HOLDER_KINDS, _SPECIAL_CLASSES, _us_scope

# ----------------------------------------------------------------------------------------------------
# §3.7 and §3.8


@_calculator
def distribution_split(
    *,
    distribution_usd: Number | None = None,
    earnings_and_profits_usd: Number | None = None,
    basis_usd: Number | None = None,
    currency: str | None = None,
) -> Result:
    """Split a distribution into dividend, return of capital and capital gain (§3.7)."""
    _currency(currency, "USD")
    dist = _opt_amount(distribution_usd, "distribution_usd")
    eandp = _opt_amount(earnings_and_profits_usd, "earnings_and_profits_usd")
    basis = _opt_amount(basis_usd, "basis_usd")
    out = _Out()
    fields: dict[str, Any] = dict.fromkeys(
        ["dividend_usd", "return_of_capital_usd", "capital_gain_usd", "basis_after_usd"]
    )
    # the basis matters only for the part above E&P: a distribution that E&P covers needs none
    covered = dist is not None and eandp is not None and dist <= eandp
    for name, value in (
        ("distribution_usd", dist),
        ("earnings_and_profits_usd", eandp),
        ("basis_usd", basis),
    ):
        if value is None and not (name == "basis_usd" and covered):
            out.need(name)
    if dist is None or eandp is None:
        return out.done("NEED_INFO", fields)
    if basis is None:
        if not covered:
            return out.done("NEED_INFO", fields)
        out.rule("R-33")
        fields.update(
            dividend_usd=_usd(dist), return_of_capital_usd=_usd(_ZERO), capital_gain_usd=_usd(_ZERO)
        )
        out.step(f"dividend = min({_usd_text(dist)}, E&P {_usd_text(eandp)}) = {_usd_text(dist)} (R-33)")
        out.step("nothing exceeds E&P: no return of capital, the basis is unchanged")
        return out.done("OK", fields)
    out.rule("R-33", "R-43")
    dividend = min(dist, eandp)
    capital = min(dist - dividend, basis)
    gain = dist - dividend - capital
    fields.update(
        dividend_usd=_usd(dividend),
        return_of_capital_usd=_usd(capital),
        capital_gain_usd=_usd(gain),
        basis_after_usd=_usd(basis - capital),
    )
    out.step(f"dividend = min({_usd_text(dist)}, E&P {_usd_text(eandp)}) = {_usd_text(dividend)} (R-33)")
    out.step(
        f"return of capital = min({_usd_text(dist - dividend)}, basis {_usd_text(basis)})"
        f" = {_usd_text(capital)}"
    )
    out.step(f"capital gain = {_usd_text(gain)}; basis after = {_usd_text(basis - capital)} (R-43)")
    return out.done("OK", fields)


@_calculator
def fx_gain_loss(
    *,
    yen_amount: Number | None = None,
    jpy_per_usd_inclusion: Number | None = None,
    jpy_per_usd_conversion: Number | None = None,
) -> Result:
    """Ordinary FX gain or loss between inclusion and conversion of a yen dividend (§3.8)."""
    yen = _opt_yen(yen_amount, "yen_amount")
    inclusion = _fx(jpy_per_usd_inclusion, "jpy_per_usd_inclusion")
    conversion = _fx(jpy_per_usd_conversion, "jpy_per_usd_conversion")
    out = _Out()
    fields: dict[str, Any] = {
        "fx_gain_loss_usd": None,
        "character": "ordinary",
        "qdi_rate_eligible": False,
        "source": "US",
    }
    if yen is None:
        out.need("yen_amount")
        return out.done("NEED_INFO", fields)
    out.rule("R-41", "R-42")
    at_conversion = Decimal(yen) / conversion
    at_inclusion = Decimal(yen) / inclusion
    result = at_conversion - at_inclusion
    fields["fx_gain_loss_usd"] = _usd(result)
    out.step(
        f"{_yen_text(yen)} ÷ {_plain(conversion)} − {_yen_text(yen)} ÷ {_plain(inclusion)}"
        f" = {_usd_text(result)}"
        " (ordinary, U.S. source; R-41, R-42)"
    )
    return out.done("OK", fields)


# ----------------------------------------------------------------------------------------------------
# §3.9 U.S. capital gain


@_calculator
def us_capital_gain(
    *,
    holder_kind: str | None = None,
    acquisition_date: DateLike | None = None,
    disposition_date: DateLike | None = None,
    basis_usd: Number | None = None,
    amount_realized_usd: Number | None = None,
    amount_realized_jpy: Number | None = None,
    jpy_per_usd_realized: Number | None = None,
    currency: str | None = None,
    pfic_holder: bool | None = None,
    mtm_election: bool | None = False,
    voting_pct: Number | None = None,
    special_class: str | None = None,
) -> Result:
    """U.S. gain or loss on a sale of shares or ADSs and the 15% long-term cap (§3.9)."""
    kind = _opt_enum(holder_kind, "holder_kind", _HOLDER_KINDS)
    acquired = _opt_date(acquisition_date, "acquisition_date")
    disposed = _opt_date(disposition_date, "disposition_date")
    basis = _opt_amount(basis_usd, "basis_usd")
    _currency(currency, "USD")
    realized_usd_in = _opt_amount(amount_realized_usd, "amount_realized_usd")
    realized_jpy = _opt_yen(amount_realized_jpy, "amount_realized_jpy")
    fx = _opt_fx(jpy_per_usd_realized, "jpy_per_usd_realized")
    pfic = _opt_bool(pfic_holder, "pfic_holder")
    mtm = bool(_opt_bool(mtm_election, "mtm_election", default=False))
    voting = _opt_pct(voting_pct, "voting_pct")
    special = _opt_enum(special_class, "special_class", _SPECIAL_CLASSES)
    _check_order(acquired, disposed)

    out = _Out()
    fields: dict[str, Any] = {
        "amount_realized_usd": None,
        "basis_usd": None if basis is None else _usd(basis),
        "gain_loss_usd": None,
        "long_term": None,
        "long_term_after": None,
        "preferential_max_rate": None,
        "us_tax_at_max_rate_usd": None,
        "treatment": None,
        "source": "US",
        "note": None,
    }
    scope_note = _us_scope(out, voting, special)
    if scope_note is not None:
        fields["note"] = scope_note
        return out.done("OUT_OF_SCOPE", fields)

    realized: Decimal | None = realized_usd_in
    if realized is None and realized_jpy is not None:
        if fx is None:
            raise InvalidInput(
                "INVALID_FX_RATE", "jpy_per_usd_realized", "needed to translate the yen amount"
            )
        realized = _round2(Decimal(realized_jpy) / fx)
        out.step(f"amount realized = {_yen_text(realized_jpy)} ÷ {_plain(fx)} = {_usd_text(realized)}")
    out.flag("SETTLEMENT_VS_TRADE_DATE_NOT_STATED")
    out.rule("R-48", "R-50")
    if pfic is None:
        out.flag("ASSUMED_NOT_PFIC")
        out.rule("R-32")
    for name, value in (
        ("holder_kind", kind),
        ("acquisition_date", acquired),
        ("disposition_date", disposed),
        ("basis_usd", basis),
        ("amount_realized_usd", realized),
    ):
        if value is None:
            out.need(name)

    gain: Decimal | None = None
    if realized is not None and basis is not None:
        gain = realized - basis
        fields["amount_realized_usd"] = _usd(realized)
        fields["gain_loss_usd"] = _usd(gain)
        out.step(f"gain/loss = {_usd_text(realized)} − basis {_usd_text(basis)} = {_usd_text(gain)} (R-48)")
    long_term: bool | None = None
    if acquired is not None and disposed is not None:
        anniversary = _add_months(acquired, 12)
        long_term = disposed > anniversary
        out.flag("HOLDING_DAYCOUNT_EXTERNAL")
        fields.update(long_term=long_term, long_term_after=anniversary.isoformat())
        out.step(
            f"held {acquired.isoformat()} → {disposed.isoformat()}: "
            f"{'long-term' if long_term else 'not long-term'}"
            f" (needs a disposition after {anniversary.isoformat()})"
        )
        _date_flags(out, disposed)

    if mtm:
        fields["treatment"] = "MARK_TO_MARKET"
        out.rule("R-74", "R-75", "R-76", "R-77", "R-78")
        out.step("mark-to-market election: use pfic_mark_to_market (R-74…R-79)")
    elif pfic:
        fields["treatment"] = "PFIC_EXCESS_DISTRIBUTION_RULES"
        out.rule("R-66", "R-67")
        out.step("PFIC without a mark-to-market election: allocate the gain with pfic_allocate (R-66, R-67)")
    else:
        fields["treatment"] = "CAPITAL_GAIN"
    if out.missing:
        return out.done("NEED_INFO", fields)
    assert gain is not None
    assert disposed is not None
    if fields["treatment"] != "CAPITAL_GAIN":
        return out.done("OK", fields)
    if gain < 0:
        out.flag("CAPITAL_LOSS_RULES_NOT_STATED")
        out.step("capital loss: the document gives no loss-limitation rules")
        return out.done("OK", fields)
    if gain == 0:
        return out.done("OK", fields)
    in_window = _CAPITAL_GAIN_DATES[0] <= disposed <= _CAPITAL_GAIN_DATES[1]
    if kind == "noncorporate" and long_term and in_window:
        out.rule("R-49")
        tax = gain * _RATE_15
        fields.update(preferential_max_rate=_rate_str(_RATE_15), us_tax_at_max_rate_usd=_usd(tax))
        out.step(
            f"noncorporate, long-term, recognised 2003-05-06…2008-12-31: "
            f"at most 15% = {_usd_text(tax)} (R-49)"
        )
        return out.done("OK", fields)
    reasons = [
        reason
        for reason, failed in (
            ("corporate holder", kind != "noncorporate"),
            ("holding period not greater than one year", not long_term),
            ("recognised outside 2003-05-06…2008-12-31", not in_window),
        )
        if failed
    ]
    out.rule("R-49")
    fields["note"] = f"document gives no rate ({'; '.join(reasons)})"
    out.step(f"no 15% cap: {'; '.join(reasons)}; the document gives no rate")
    return out.done("NOT_STATED", fields)
