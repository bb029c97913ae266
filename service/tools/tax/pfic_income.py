"""PFIC income: excess distribution (§3.12), its allocation over the holding period (§3.13), mark-to-market (§3.14)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from service.tools.tax._core import (
    _ZERO,
    DateLike,
    InvalidInput,
    Number,
    Result,
    _calculator,
    _date_flags,
    _Out,
    _pct_text,
    _plain,
    _round2,
    _usd,
    _usd_text,
)
from service.tools.tax._inputs import (
    _amount,
    _currency,
    _list,
    _mapping,
    _number,
    _opt_amount,
    _opt_date,
    _opt_rate,
    _rate,
    _year,
)

# ----------------------------------------------------------------------------------------------------
# §3.12 excess distribution


@_calculator
def pfic_excess_distribution(
    *,
    current_year_distributions_usd: Number | None = None,
    prior_year_distributions_usd: Sequence[Number] | None = None,
    currency: str | None = None,
) -> Result:
    """The part of this year's PFIC distributions above 125 % of the prior three years' average (§3.12)."""
    _currency(currency, "USD")
    current = _opt_amount(current_year_distributions_usd, "current_year_distributions_usd")
    prior: list[Decimal] | None = None
    if prior_year_distributions_usd is not None:
        prior = [
            _amount(x, f"prior_year_distributions_usd[{i}]")
            for i, x in enumerate(_list(prior_year_distributions_usd, "prior_year_distributions_usd"))
        ]
    out = _Out()
    fields: dict[str, Any] = dict.fromkeys(
        ["years_used", "average_usd", "threshold_usd", "excess_distribution_usd", "non_excess_usd", "note"]
    )
    if current is None:
        out.need("current_year_distributions_usd")
    if prior is None:
        out.need("prior_year_distributions_usd")
    if current is None or prior is None:
        return out.done("NEED_INFO", fields)
    out.rule("R-68")
    if not prior:
        out.flag("FIRST_YEAR_NOT_STATED")
        fields["note"] = "the document has no rule for the first year of the holding period"
        out.step("no preceding taxable year in the holding period: the document states no base")
        return out.done("NOT_STATED", fields)
    if len(prior) > 3:
        out.flag("MORE_THAN_THREE_PRIOR_YEARS_GIVEN")
        prior = prior[-3:]
    out.flag("PARTIAL_YEAR_COUNTED_AS_YEAR")
    average = sum(prior, _ZERO) / len(prior)
    threshold = average * Decimal("1.25")
    excess = max(_ZERO, current - threshold)
    out.rule("R-80", "R-81")
    fields.update(
        years_used=len(prior),
        average_usd=_usd(average),
        threshold_usd=_usd(threshold),
        excess_distribution_usd=_usd(excess),
        non_excess_usd=_usd(current - excess),
    )
    out.step(
        f"average of {len(prior)} prior year(s) = {_usd_text(average)};"
        f" threshold = 125% = {_usd_text(threshold)}"
    )
    out.step(f"excess = max(0, {_usd_text(current)} − {_usd_text(threshold)}) = {_usd_text(excess)} (R-68)")
    return out.done("OK", fields)


# ----------------------------------------------------------------------------------------------------
# §3.13 allocation over the holding period


def _year_map(
    value: object, field: str, parse: Callable[[object, str], Decimal]
) -> dict[int, Decimal] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidInput("INVALID_NUMBER", field, "must map years to numbers")
    result: dict[int, Decimal] = {}
    for key, item in value.items():
        year = _year(key, f"{field}[{key!r}]")
        result[year] = parse(item, f"{field}[{key!r}]")
    return result


def _interest_factor(value: object, field: str) -> Decimal:
    number = _number(value, field)
    if number < 0:
        raise InvalidInput("RATE_OUT_OF_RANGE", field, "an interest factor must not be negative")
    return number


@_calculator
def pfic_allocate(
    *,
    amount_usd: Number | None = None,
    acquisition_date: DateLike | None = None,
    event_date: DateLike | None = None,
    top_rate_by_year: Mapping[Any, Number] | None = None,
    interest_factor_by_year: Mapping[Any, Number] | None = None,
    current_year_ordinary_rate: Number | None = None,
    currency: str | None = None,
) -> Result:
    """Allocate an excess distribution or PFIC gain per day; deferred tax and interest (§3.13)."""
    _currency(currency, "USD")
    amount = _opt_amount(amount_usd, "amount_usd")
    acquired = _opt_date(acquisition_date, "acquisition_date")
    event = _opt_date(event_date, "event_date")
    top_rates = _year_map(top_rate_by_year, "top_rate_by_year", _rate)
    factors = _year_map(interest_factor_by_year, "interest_factor_by_year", _interest_factor)
    ordinary = _opt_rate(current_year_ordinary_rate, "current_year_ordinary_rate")
    if acquired is not None and event is not None and event <= acquired:
        raise InvalidInput("DATE_ORDER", "event_date", "the event must be after the acquisition")
    out = _Out()
    fields: dict[str, Any] = dict.fromkeys(
        [
            "holding_days",
            "days_by_year",
            "current_year",
            "allocation_by_year",
            "current_year_ordinary_income_usd",
            "current_year_tax_usd",
            "deferred_tax_by_year",
            "deferred_tax_total_usd",
            "interest_by_year",
            "interest_total_usd",
            "total_deferred_tax_and_interest_usd",
        ]
    )
    for name, value in (("amount_usd", amount), ("acquisition_date", acquired), ("event_date", event)):
        if value is None:
            out.need(name)
    if amount is None or acquired is None or event is None:
        return out.done("NEED_INFO", fields)

    out.flag("DAILY_RATABLE_ALLOCATION", "HOLDING_DAYCOUNT_EXTERNAL", "ASSUMED_CALENDAR_YEAR")
    out.flag("PFIC_PRIOR_YEAR_EXCEPTIONS_NOT_APPLIED", "PFIC_FTC_SPECIAL_RULES")
    out.rule("R-69", "R-70", "R-71", "R-72", "R-73")
    _date_flags(out, event)
    total_days = (event - acquired).days
    days_by_year: dict[int, int] = {}
    for year in range(acquired.year, event.year + 1):
        first = max(acquired, date(year - 1, 12, 31))
        last = min(event, date(year, 12, 31))
        if (last - first).days > 0:
            days_by_year[year] = (last - first).days
    out.step(f"holding period {acquired.isoformat()} → {event.isoformat()} = {total_days} days (R-69)")
    prior_years = [y for y in days_by_year if y < event.year]
    allocation = {y: _round2(amount * days_by_year[y] / total_days) for y in prior_years}
    # The remainder is taken from the amount in cents, so the parts always add up to the amount as stated.
    current = _round2(amount) - sum(allocation.values(), _ZERO)
    for year in prior_years:
        out.step(
            f"{year}: {_usd_text(amount)} × {days_by_year[year]}/{total_days} = {_usd_text(allocation[year])}"
        )
    out.step(f"{event.year} (current year): {_usd_text(current)}, ordinary income (R-70)")
    fields.update(
        holding_days=total_days,
        days_by_year={str(y): d for y, d in days_by_year.items()},
        current_year=event.year,
        allocation_by_year={str(y): _usd(a) for y, a in allocation.items()},
        current_year_ordinary_income_usd=_usd(current),
    )
    if ordinary is None:
        out.flag("ORDINARY_RATES_NOT_STATED")
    else:
        fields["current_year_tax_usd"] = _usd(current * ordinary)
        out.step(
            f"current-year tax = {_usd_text(current)} × {_pct_text(ordinary)}"
            f" = {_usd_text(current * ordinary)}"
        )

    missing_rates = [y for y in prior_years if top_rates is None or y not in top_rates]
    if missing_rates:
        out.need(*(f"top_rate_{y}" for y in missing_rates))
        out.flag("INTEREST_NOT_COMPUTED")
        return out.done("NEED_INFO", fields)
    assert top_rates is not None or not prior_years
    deferred = {y: _round2(allocation[y] * top_rates[y]) for y in prior_years} if top_rates else {}
    for year in prior_years:
        out.step(
            f"{year} deferred tax = {_usd_text(allocation[year])} × {_pct_text(top_rates[year])}"  # type: ignore[index]
            f" = {_usd_text(deferred[year])} (R-71)"
        )
    deferred_total = sum(deferred.values(), _ZERO)
    fields.update(
        deferred_tax_by_year={str(y): _usd(t) for y, t in deferred.items()},
        deferred_tax_total_usd=_usd(deferred_total),
    )
    if factors is not None and all(y in factors for y in prior_years):
        interest = {y: _round2(deferred[y] * factors[y]) for y in prior_years}
        for year in prior_years:
            out.step(
                f"{year} interest = {_usd_text(deferred[year])} × factor {_plain(factors[year])}"
                f" = {_usd_text(interest[year])} (R-72)"
            )
        interest_total = sum(interest.values(), _ZERO)
        fields.update(
            interest_by_year={str(y): _usd(i) for y, i in interest.items()},
            interest_total_usd=_usd(interest_total),
            total_deferred_tax_and_interest_usd=_usd(deferred_total + interest_total),
        )
    else:
        out.flag("INTEREST_NOT_COMPUTED")
        out.step("interest not computed: the document gives no interest rate (R-72)")
    return out.done("OK", fields)


# ----------------------------------------------------------------------------------------------------
# §3.14 mark-to-market


def _mtm_loss(
    out: _Out, label: str, basis: Decimal, value: Decimal, unreversed: Decimal
) -> tuple[Decimal, Decimal]:
    potential = basis - value
    allowed = min(potential, unreversed)
    disallowed = potential - allowed
    out.step(
        f"{label}: loss {_usd_text(potential)}, allowed {_usd_text(allowed)} "
        f"(limited to prior inclusions {_usd_text(unreversed)}; R-78)"
    )
    if disallowed:
        out.flag("MTM_EXCESS_LOSS_TREATMENT_NOT_STATED")
        out.step(f"{label}: {_usd_text(disallowed)} disallowed as a mark-to-market loss")
    return allowed, disallowed


@_calculator
def pfic_mark_to_market(
    *,
    initial_basis_usd: Number | None = None,
    years: Sequence[Mapping[str, Any]] | None = None,
    sale: Mapping[str, Any] | None = None,
    prior_unreversed_inclusions_usd: Number | None = 0,
    currency: str | None = None,
) -> Result:
    """Year-by-year ordinary income or loss and basis under the mark-to-market election (§3.14)."""
    _currency(currency, "USD")
    basis_in = _opt_amount(initial_basis_usd, "initial_basis_usd")
    unreversed = _opt_amount(prior_unreversed_inclusions_usd, "prior_unreversed_inclusions_usd") or _ZERO
    marks: list[tuple[int, Decimal]] = []
    out = _Out()
    for i, raw in enumerate(_list(years or [], "years")):
        entry = _mapping(raw, f"years[{i}]", ("year", "fmv_usd"))
        if entry.get("year") is None or entry.get("fmv_usd") is None:
            out.need(f"years[{i}].{'year' if entry.get('year') is None else 'fmv_usd'}")
            continue
        year = _year(entry["year"], f"years[{i}].year")
        if marks and year <= marks[-1][0]:
            raise InvalidInput("DATE_ORDER", f"years[{i}].year", "years must be in increasing order")
        marks.append((year, _amount(entry["fmv_usd"], f"years[{i}].fmv_usd")))
    sold: tuple[int, Decimal] | None = None
    if sale is not None:
        entry = _mapping(sale, "sale", ("year", "price_usd"))
        if entry.get("year") is None or entry.get("price_usd") is None:
            out.need(f"sale.{'year' if entry.get('year') is None else 'price_usd'}")
        else:
            sold = (_year(entry["year"], "sale.year"), _amount(entry["price_usd"], "sale.price_usd"))
            if marks and marks[-1][0] > sold[0]:
                raise InvalidInput("DATE_ORDER", "sale.year", "a year-end mark comes after the sale")
    fields: dict[str, Any] = dict.fromkeys(
        [
            "years",
            "sale",
            "ending_basis_usd",
            "unreversed_inclusions_usd",
            "total_ordinary_income_usd",
            "total_ordinary_loss_usd",
        ]
    )
    if basis_in is None:
        out.need("initial_basis_usd")
    if years is None and sale is None:
        out.need("years")
    if out.missing or basis_in is None:
        return out.done("NEED_INFO", fields)

    out.rule("R-74", "R-75", "R-76", "R-77", "R-79")
    basis = basis_in
    income_total = loss_total = _ZERO
    rows: list[dict[str, Any]] = []
    for year, fmv in marks:
        if sold is not None and year == sold[0]:
            continue
        income = loss = disallowed = _ZERO
        if fmv > basis:
            income = fmv - basis
            out.step(
                f"{year}: {_usd_text(fmv)} − basis {_usd_text(basis)}"
                f" = {_usd_text(income)} ordinary income (R-76)"
            )
            basis, unreversed = fmv, unreversed + income
        elif fmv < basis:
            out.rule("R-78")
            loss, disallowed = _mtm_loss(out, str(year), basis, fmv, unreversed)
            basis, unreversed = basis - loss, unreversed - loss
        else:
            out.step(f"{year}: value equals basis, nothing to include")
        income_total, loss_total = income_total + income, loss_total + loss
        rows.append(
            {
                "year": year,
                "fmv_usd": _usd(fmv),
                "ordinary_income_usd": _usd(income),
                "ordinary_loss_usd": _usd(loss),
                "loss_disallowed_usd": _usd(disallowed),
                "basis_after_usd": _usd(basis),
                "unreversed_inclusions_after_usd": _usd(unreversed),
            }
        )
    if sold is not None:
        year, price = sold
        loss = disallowed = gain = _ZERO
        if price < basis:
            out.rule("R-78")
            loss, disallowed = _mtm_loss(out, f"{year} sale", basis, price, unreversed)
            unreversed -= loss
            loss_total += loss
        elif price > basis:
            gain = price - basis
            out.flag("MTM_SALE_GAIN_CHARACTER_NOT_STATED")
            out.step(f"{year} sale: gain {_usd_text(gain)}; the document does not state its character")
        fields["sale"] = {
            "year": year,
            "price_usd": _usd(price),
            "basis_before_usd": _usd(basis),
            "gain_on_sale_usd": _usd(gain),
            "gain_character": None,
            "ordinary_loss_usd": _usd(loss),
            "loss_disallowed_usd": _usd(disallowed),
        }
        basis -= loss
    fields.update(
        years=rows,
        ending_basis_usd=_usd(basis),
        unreversed_inclusions_usd=_usd(unreversed),
        total_ordinary_income_usd=_usd(income_total),
        total_ordinary_loss_usd=_usd(loss_total),
    )
    out.step("these amounts are never qualified dividend income or long-term capital gain (R-77)")
    return out.done("OK", fields)
