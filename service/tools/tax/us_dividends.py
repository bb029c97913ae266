"""U.S. dividends: the qualified-dividend holding period (§3.5) and U.S. tax on a dividend (§3.6)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from service.tools.tax._core import (
    _ELECTION_END,
    _HOLDING_NOTE,
    _PRIOR_TREATY_FLAG_BEFORE,
    _PRIOR_TREATY_SIGNED,
    _QDI_YEARS,
    _RATE_10,
    _RATE_15,
    _RATE_20,
    _TREATY_APPLIES,
    _TREATY_IN_FORCE,
    DateLike,
    InvalidInput,
    Number,
    Result,
    _calculator,
    _date_flags,
    _floor_yen,
    _Out,
    _pct_text,
    _plain,
    _rate_str,
    _usd,
    _usd_text,
    _yen_text,
)
from service.tools.tax._inputs import (
    _check_order,
    _currency,
    _opt_bool,
    _opt_date,
    _opt_enum,
    _opt_fx,
    _opt_pct,
    _opt_rate,
    _opt_yen,
    _window_days,
)

# ----------------------------------------------------------------------------------------------------
# §3.5 QDI holding period


def _holding_period(
    out: _Out, acquired: date, disposed: date | None, ex_date: date, window: int
) -> dict[str, Any]:
    start = ex_date - timedelta(days=60)
    end = start + timedelta(days=window - 1)
    out.flag("HOLDING_DAYCOUNT_EXTERNAL", "OTHER_HOLDING_PERIOD_REQUIREMENTS_UNVERIFIED")
    if window == 120:
        out.flag("WINDOW_120_STATUTORY_TEXT")
        out.rule("R-34")
    else:
        out.rule("R-34", "R-35a", "R-35b")
    first = max(acquired + timedelta(days=1), start)
    last = end if disposed is None else min(disposed, end)
    days = max(0, (last - first).days + 1)
    met = days > 60
    out.step(
        f"{window}-day window = {start.isoformat()}…{end.isoformat()}"
        f" (ex-dividend {ex_date.isoformat()} − 60 days)"
    )
    out.step(
        f"days held in window = {first.isoformat()}…{last.isoformat()} = {days} "
        f"(acquisition day excluded, disposition day included)"
    )
    out.step(f"{days} {'>' if met else '≤'} 60 → holding period {'met' if met else 'not met'}")
    return {
        "window_days": window,
        "window_start": start.isoformat(),
        "window_end": end.isoformat(),
        "days_held_in_window": days,
        "met": met,
        "note": _HOLDING_NOTE,
    }


@_calculator
def qdi_holding_period(
    *,
    acquisition_date: DateLike | None = None,
    disposition_date: DateLike | None = None,
    ex_dividend_date: DateLike | None = None,
    window_days: int | None = 121,
) -> Result:
    """Whether shares were held more than 60 days in the 121-day (or 120-day) window (§3.5)."""
    acquired = _opt_date(acquisition_date, "acquisition_date")
    disposed = _opt_date(disposition_date, "disposition_date")
    ex_date = _opt_date(ex_dividend_date, "ex_dividend_date")
    window = _window_days(window_days)
    _check_order(acquired, disposed)
    out = _Out()
    empty = {
        "window_days": window,
        "window_start": None,
        "window_end": None,
        "days_held_in_window": None,
        "met": None,
        "note": _HOLDING_NOTE,
    }
    if acquired is None:
        out.need("acquisition_date")
    if ex_date is None:
        out.need("ex_dividend_date")
    if acquired is None or ex_date is None:
        return out.done("NEED_INFO", empty)
    return out.done("OK", _holding_period(out, acquired, disposed, ex_date, window))


# ----------------------------------------------------------------------------------------------------
# §3.6 U.S. taxation of a dividend

_SPECIAL_CLASSES = (
    "tax_exempt",
    "pension_fund",
    "life_insurance",
    "dealer",
    "trader_mtm",
    "amt",
    "straddle_hedge",
    "non_usd_functional_currency",
)
_HOLDER_KINDS = ("noncorporate", "corporate")


def _us_scope(out: _Out, voting: Decimal | None, special: str | None) -> str | None:
    if voting is not None and voting >= 10:
        out.rule("R-31")
        out.step(
            f"owns {_plain(voting)}% (≥ 10%) of the voting stock: excluded from the U.S. discussion (R-31)"
        )
        return "holders of 10% or more of the voting stock are not covered"
    if special is not None:
        out.rule("R-31")
        out.step(f"special class {special!r}: excluded from the U.S. discussion (R-31)")
        return "special classes of holders are not covered"
    if voting is None:
        out.flag("ASSUMED_UNDER_10PCT")
    return None


@_calculator
def us_dividend_tax(
    *,
    gross_dividend_jpy: Number | None = None,
    currency: str | None = None,
    payment_date: DateLike | None = None,
    jpy_per_usd_inclusion: Number | None = None,
    holder_kind: str | None = None,
    jp_tax_withheld_jpy: Number | None = None,
    advance_form_filed: bool | None = None,
    voting_pct: Number | None = None,
    special_class: str | None = None,
    taxable_year_start: DateLike | None = None,
    holding_period_met: bool | None = None,
    acquisition_date: DateLike | None = None,
    disposition_date: DateLike | None = None,
    ex_dividend_date: DateLike | None = None,
    window_days: int | None = None,
    pfic_distribution_year: bool | None = None,
    pfic_preceding_year: bool | None = None,
    is_financial_institution: bool | None = False,
    ftc_jpy_per_usd: Number | None = None,
    ordinary_rate: Number | None = None,
) -> Result:
    """U.S. treatment of an IIJ dividend: gross income, the 15 % QDI cap, foreign tax credit (§3.6)."""
    gross = _opt_yen(gross_dividend_jpy, "gross_dividend_jpy")
    _currency(currency, "JPY")
    paid = _opt_date(payment_date, "payment_date")
    fx = _opt_fx(jpy_per_usd_inclusion, "jpy_per_usd_inclusion")
    kind = _opt_enum(holder_kind, "holder_kind", _HOLDER_KINDS)
    withheld_in = _opt_yen(jp_tax_withheld_jpy, "jp_tax_withheld_jpy")
    form = _opt_bool(advance_form_filed, "advance_form_filed")
    voting = _opt_pct(voting_pct, "voting_pct")
    special = _opt_enum(special_class, "special_class", _SPECIAL_CLASSES)
    year_start = _opt_date(taxable_year_start, "taxable_year_start")
    hp_given = _opt_bool(holding_period_met, "holding_period_met")
    acquired = _opt_date(acquisition_date, "acquisition_date")
    disposed = _opt_date(disposition_date, "disposition_date")
    ex_date = _opt_date(ex_dividend_date, "ex_dividend_date")
    window = _window_days(window_days)
    pfic_now = _opt_bool(pfic_distribution_year, "pfic_distribution_year")
    pfic_before = _opt_bool(pfic_preceding_year, "pfic_preceding_year")
    financial = bool(_opt_bool(is_financial_institution, "is_financial_institution", default=False))
    ftc_fx_in = _opt_fx(ftc_jpy_per_usd, "ftc_jpy_per_usd")
    ordinary = _opt_rate(ordinary_rate, "ordinary_rate")
    _check_order(acquired, disposed)
    if gross is not None and withheld_in is not None and withheld_in > gross:
        raise InvalidInput(
            "WITHHELD_EXCEEDS_GROSS", "jp_tax_withheld_jpy", "tax withheld exceeds the gross dividend"
        )

    out = _Out()
    fields: dict[str, Any] = {
        "gross_dividend_jpy": gross,
        "gross_dividend_usd": None,
        "treaty_rate": None,
        "withheld_jpy": None,
        "qualified_dividend": None,
        "qdi_failures": [],
        "max_rate": None,
        "us_tax_at_max_rate_usd": None,
        "us_tax_at_ordinary_rate_usd": None,
        "ftc_creditable_jpy": None,
        "non_creditable_jpy": None,
        "ftc_creditable_usd": None,
        "non_creditable_usd": None,
        "ftc_jpy_per_usd": None,
        "income_source": "foreign",
        "ftc_basket": None,
        "dividends_received_deduction": None,
        "holding_period": None,
        "note": None,
    }
    scope_note = _us_scope(out, voting, special)
    if scope_note is not None:
        fields["note"] = scope_note
        return out.done("OUT_OF_SCOPE", fields)
    if fx is None:
        raise InvalidInput(
            "INVALID_FX_RATE", "jpy_per_usd_inclusion", "the inclusion-date spot rate is required"
        )
    status = "OK"

    if gross is None:
        out.need("gross_dividend_jpy")
    else:
        exact_usd = Decimal(gross) / fx
        fields["gross_dividend_usd"] = _usd(exact_usd)
        out.flag("ASSUMED_FULL_E_AND_P")
        out.rule("R-33", "R-37", "R-38", "R-40")
        out.step(
            f"gross income = {_yen_text(gross)} ÷ {_plain(fx)} JPY/USD = {_usd_text(exact_usd)} "
            "(includes Japanese tax withheld; R-37, R-40)"
        )

    treaty_rate: Decimal | None = None
    if paid is None:
        out.need("payment_date")
    elif paid < _PRIOR_TREATY_SIGNED:
        status = "NOT_STATED"
        fields["note"] = "the document states no Japanese rate for payments before 1971-03-08"
    else:
        _date_flags(out, paid)
        if paid < _TREATY_APPLIES:
            treaty_rate = _RATE_15
            out.rule("R-07", "R-11")
            if paid >= _TREATY_IN_FORCE:
                out.flag("DOC_TENSION_PRIOR_TREATY_CEASED")
                out.rule("R-05")
            if paid < _PRIOR_TREATY_FLAG_BEFORE:
                out.flag("PRIOR_TREATY_EFFECTIVE_DATE_NOT_STATED")
            out.step(f"paid {paid.isoformat()}: Prior Treaty, holder under 10% → 15% (R-11 'Others')")
        else:
            treaty_rate = _RATE_10
            out.rule("R-07", "R-08")
            if paid <= _ELECTION_END:
                out.flag("PRIOR_TREATY_ELECTION_NOT_IN_DOC")
            out.step(f"paid {paid.isoformat()}: Treaty, holder under 10% → 10% (R-08)")
        fields["treaty_rate"] = _rate_str(treaty_rate)

    withheld: int | None = None
    if withheld_in is not None:
        withheld = withheld_in
        out.step(f"Japanese tax withheld = {_yen_text(withheld)} (given)")
    elif form is None:
        out.need("advance_form_filed")
    elif gross is not None and treaty_rate is not None:
        out.rule("R-14")
        withheld = _floor_yen(out, gross, treaty_rate if form else _RATE_20, "Japanese tax withheld")
    fields["withheld_jpy"] = withheld

    if year_start is None and paid is not None:
        year_start = date(paid.year, 1, 1)
        out.flag("ASSUMED_CALENDAR_YEAR")
    if (pfic_now is None or pfic_before is None) and not (pfic_now or pfic_before):
        out.flag("ASSUMED_NOT_PFIC")  # a year not given is taken as not a PFIC year, unless the other one is
        out.rule("R-32")
    pfic_now, pfic_before = bool(pfic_now), bool(pfic_before)

    hp = hp_given
    if acquired is not None and ex_date is not None:
        fields["holding_period"] = _holding_period(out, acquired, disposed, ex_date, window)
        if hp is None:
            hp = bool(fields["holding_period"]["met"])

    failures: list[str] = []
    if kind == "corporate":
        failures.append("corporate_holder")
    if year_start is not None and not _QDI_YEARS[0] <= year_start <= _QDI_YEARS[1]:
        failures.append("taxable_year_not_2003_to_2008")
        if year_start > _QDI_YEARS[1]:
            out.flag("LAW_AS_OF_2004")
            out.rule("R-02")
    if hp is False:
        failures.append("holding_period_not_met")
    if pfic_now:
        failures.append("pfic_in_distribution_year")
    if pfic_before:
        failures.append("pfic_in_preceding_year")
    if pfic_now or pfic_before:
        out.rule("R-80", "R-81")
    if kind is None:
        out.need("holder_kind")
    out.rule("R-34", "R-36")
    if failures:
        fields["qualified_dividend"] = False
        out.step(f"not qualified dividend income: {', '.join(failures)} (R-34, R-80)")
    elif kind is not None and year_start is not None:
        if hp is None:
            out.need("holding_period")
            out.step("qualified dividend income depends on the holding period (> 60 days in the window)")
        else:
            fields["qualified_dividend"] = True
            out.step(
                f"qualified dividend income: noncorporate, taxable year from {year_start.isoformat()}, held"
            )
    fields["qdi_failures"] = failures

    if gross is not None:
        exact_usd = Decimal(gross) / fx
        if fields["qualified_dividend"] is True:
            fields["max_rate"] = _rate_str(_RATE_15)
            tax = exact_usd * _RATE_15
            fields["us_tax_at_max_rate_usd"] = _usd(tax)
            out.step(f"U.S. tax at most {_usd_text(exact_usd)} × 15% = {_usd_text(tax)} (a cap, R-34)")
        elif fields["qualified_dividend"] is False:
            out.flag("ORDINARY_RATES_NOT_STATED")
            if ordinary is not None:
                tax = exact_usd * ordinary
                fields["us_tax_at_ordinary_rate_usd"] = _usd(tax)
                out.step(
                    f"U.S. tax at the given ordinary rate = {_usd_text(exact_usd)} × {_pct_text(ordinary)}"
                )

    if withheld is not None and gross is not None and treaty_rate is not None:
        ftc_fx = fx if ftc_fx_in is None else ftc_fx_in
        if ftc_fx_in is None:
            out.flag("FTC_FX_RATE_DEFAULTED")
        out.flag("FTC_LIMITATION_NOT_COMPUTED")
        out.rule("R-44", "R-45", "R-46")
        treaty_tax = _floor_yen(out, gross, treaty_rate, "tax at the treaty rate")
        creditable = min(withheld, treaty_tax)
        refundable = withheld - creditable
        fields.update(
            ftc_creditable_jpy=creditable,
            non_creditable_jpy=refundable,
            ftc_creditable_usd=_usd(Decimal(creditable) / ftc_fx),
            non_creditable_usd=_usd(Decimal(refundable) / ftc_fx),
            ftc_jpy_per_usd=_plain(ftc_fx),
        )
        out.step(
            f"creditable = min({_yen_text(withheld)}, {_yen_text(treaty_tax)}) = {_yen_text(creditable)}"
            f" = {_usd_text(Decimal(creditable) / ftc_fx)} at {_plain(ftc_fx)} (before the limitation, R-44)"
        )
        if refundable:
            out.rule("R-16")
            out.step(
                f"refundable excess {_yen_text(refundable)} = {_usd_text(Decimal(refundable) / ftc_fx)}"
                " is not creditable (R-46)"
            )

    fields["ftc_basket"] = "financial_services" if financial else "passive"
    out.rule("R-47")
    if kind == "corporate":
        fields["dividends_received_deduction"] = False
        out.flag("NO_DIVIDENDS_RECEIVED_DEDUCTION")
        out.rule("R-39")
    if out.missing and status == "OK":
        status = "NEED_INFO"
    return out.done(status, fields)
