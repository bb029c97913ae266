"""Deterministic tax calculator for IIJ's Form 20-F (fiscal 2004), Item 10.E (docs/tax-rules.md).

Pure: no I/O, no clock reads, ``Decimal`` arithmetic only (context precision 50). Every function is
keyword-only, callable as ``fn(**inputs)`` with JSON values, and listed in ``FUNCTIONS``.

Inputs: dates are ISO ``YYYY-MM-DD`` strings (``date`` objects are accepted too); numbers are int, str or
float (floats go through ``str()`` before ``Decimal``); ownership and voting figures are percent units
(``10`` = 10 %); rates are fractions (``0.35``); FX rates are JPY per 1 USD. Booleans must be JSON booleans
or null.

Outputs are JSON-serialisable dicts with one representation per kind:
- yen: ``int`` (whole yen; Japanese tax is truncated, §1.4);
- USD: ``str`` with exactly 2 dp, e.g. ``"1363.64"`` (ROUND_HALF_UP once, from exact values);
- rates: ``str`` fraction with at least 2 dp, e.g. ``"0.05"`` (a caller's rate keeps its extra places);
- PFIC test ratios: ``str`` with 6 dp, e.g. ``"0.750000"``; figures in the caller's own unit: plain ``str``;
- dates: ISO ``str``; years: ``int`` (``str`` when they are keys of a per-year map).
Every result holds ``status``, the function's own fields (``None`` when not determined), ``missing``
(fields to ask for; empty unless ``NEED_INFO``), ``flags`` and ``rules`` (in the order raised, without
repeats) and ``steps`` (short human-readable calculation lines).
"""

from __future__ import annotations

import calendar
import functools
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from types import MappingProxyType
from typing import Any, ParamSpec

from service.tools.tax_rules import RULES

Number = int | float | str | Decimal
DateLike = str | date
Result = dict[str, Any]

_P = ParamSpec("_P")
_CONTEXT = Context(prec=50, rounding=ROUND_HALF_UP)

_CENT = Decimal("0.01")
_MICRO = Decimal("0.000001")
_ZERO = Decimal(0)
_RATE_0 = Decimal("0.00")
_RATE_5 = Decimal("0.05")
_RATE_10 = Decimal("0.10")
_RATE_15 = Decimal("0.15")
_RATE_20 = Decimal("0.20")

_PRIOR_TREATY_SIGNED = date(1971, 3, 8)
_PRIOR_TREATY_FLAG_BEFORE = date(1973, 1, 1)
_TREATY_IN_FORCE = date(2004, 3, 30)
_TREATY_APPLIES = date(2004, 7, 1)
_LAW_AS_OF = date(2005, 1, 1)
_ELECTION_END = date(2005, 6, 30)
_QDI_YEARS = (date(2003, 1, 1), date(2008, 12, 31))
_CAPITAL_GAIN_DATES = (date(2003, 5, 6), date(2008, 12, 31))

_OTHER_TREATY_NOTE = "reduced by treaty; rate not stated in the document"
_HOLDING_NOTE = "other holding period requirements not verified"


class InvalidInput(Exception):
    """Raised when an input is malformed or out of range (spec §1.3); never for a missing fact."""

    def __init__(self, code: str, field: str, message: str) -> None:
        super().__init__(f"{code} {field}: {message}")
        self.code = code
        self.field = field
        self.message = message


def _calculator(fn: Callable[_P, Result]) -> Callable[_P, Result]:
    names = frozenset(inspect.signature(fn).parameters)

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> Result:
        unknown = sorted(set(kwargs) - names)
        if unknown:
            raise InvalidInput("UNKNOWN_INPUT", unknown[0], f"{fn.__name__} takes no input {unknown[0]!r}")
        with localcontext(_CONTEXT):
            return fn(*args, **kwargs)

    return wrapper


class _Out:
    """Collects the envelope of one result: missing facts, flags, rules and steps, each in order raised."""

    def __init__(self) -> None:
        self.missing: list[str] = []
        self.flags: list[str] = []
        self.rules: list[str] = []
        self.steps: list[str] = []

    def need(self, *fields: str) -> None:
        self.missing.extend(f for f in fields if f not in self.missing)

    def flag(self, *codes: str) -> None:
        self.flags.extend(c for c in codes if c not in self.flags)

    def rule(self, *ids: str) -> None:
        for rule_id in ids:
            if rule_id not in RULES:
                raise KeyError(rule_id)
            if rule_id not in self.rules:
                self.rules.append(rule_id)

    def step(self, text: str) -> None:
        self.steps.append(text)

    def done(self, status: str, fields: Mapping[str, Any]) -> Result:
        return {
            "status": status,
            **fields,
            "missing": list(self.missing),
            "flags": list(self.flags),
            "rules": list(self.rules),
            "steps": list(self.steps),
        }


# ----------------------------------------------------------------------------------------------------
# Input validation


def _number(value: object, field: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidInput("INVALID_NUMBER", field, "a boolean is not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidInput("INVALID_NUMBER", field, f"{value!r} is not a number") from None
    else:
        raise InvalidInput("INVALID_NUMBER", field, f"{type(value).__name__} is not a number")
    if not number.is_finite():
        raise InvalidInput("INVALID_NUMBER", field, f"{value!r} is not a finite number")
    return number


def _amount(value: object, field: str) -> Decimal:
    number = _number(value, field)
    if number < 0:
        raise InvalidInput("NEGATIVE_AMOUNT", field, "must not be negative")
    return number


def _opt_amount(value: object, field: str) -> Decimal | None:
    return None if value is None else _amount(value, field)


def _yen(value: object, field: str) -> int:
    number = _amount(value, field)
    if number != number.to_integral_value():
        raise InvalidInput("NON_INTEGER_YEN", field, f"{number} is not a whole number of yen")
    return int(number)


def _opt_yen(value: object, field: str) -> int | None:
    return None if value is None else _yen(value, field)


def _opt_pct(value: object, field: str) -> Decimal | None:
    if value is None:
        return None
    number = _number(value, field)
    if not 0 <= number <= 100:
        raise InvalidInput("PCT_OUT_OF_RANGE", field, "a percentage must be between 0 and 100")
    return number


def _rate(value: object, field: str) -> Decimal:
    number = _number(value, field)
    if not 0 <= number <= 1:
        raise InvalidInput("RATE_OUT_OF_RANGE", field, "a rate is a fraction between 0 and 1")
    return number


def _opt_rate(value: object, field: str) -> Decimal | None:
    return None if value is None else _rate(value, field)


def _fx(value: object, field: str) -> Decimal:
    if value is None:
        raise InvalidInput("INVALID_FX_RATE", field, "an FX rate (JPY per 1 USD) is required")
    try:
        number = _number(value, field)
    except InvalidInput:
        raise InvalidInput("INVALID_FX_RATE", field, f"{value!r} is not a number") from None
    if number <= 0:
        raise InvalidInput("INVALID_FX_RATE", field, "an FX rate must be greater than 0")
    return number


def _opt_fx(value: object, field: str) -> Decimal | None:
    return None if value is None else _fx(value, field)


def _opt_date(value: object, field: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput("INVALID_DATE", field, f"{value!r} is not a real calendar date in YYYY-MM-DD form")


def _opt_bool(value: object, field: str, default: bool | None = None) -> bool | None:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInput("INVALID_ENUM", field, "must be true, false or null")
    return value


def _opt_enum(value: object, field: str, allowed: Sequence[str]) -> str | None:
    if value is None:
        return None
    key = value.strip().lower() if isinstance(value, str) else None
    if key not in allowed:
        raise InvalidInput("INVALID_ENUM", field, f"{value!r} is not one of {', '.join(allowed)}")
    return key


def _currency(value: object, expected: str, field: str = "currency") -> None:
    if value is None:
        return
    if not isinstance(value, str) or value.strip().upper() != expected:
        raise InvalidInput("UNSUPPORTED_CURRENCY", field, f"only {expected} is supported here, not {value!r}")


def _window_days(value: object) -> int:
    if value is None:
        return 121
    if not isinstance(value, bool) and isinstance(value, int | str | float | Decimal):
        try:
            number = _number(value, "window_days")
        except InvalidInput:
            number = None
        if number in (120, 121):
            return int(number)
    raise InvalidInput("INVALID_ENUM", "window_days", "must be 120 or 121")


def _year(value: object, field: str) -> int:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,4}", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise InvalidInput("INVALID_NUMBER", field, f"{value!r} is not a year")
    return value


def _mapping(value: object, field: str, allowed: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput("INVALID_NUMBER", field, "must be an object")
    for key in value:
        if key not in allowed:
            raise InvalidInput("UNKNOWN_INPUT", f"{field}.{key}", f"allowed keys: {', '.join(allowed)}")
    return value


def _list(value: object, field: str) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise InvalidInput("INVALID_NUMBER", field, "must be a list")
    return value


def _quarters(value: object, field: str) -> list[Decimal] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != 4:
        raise InvalidInput("QUARTER_COUNT", field, "quarterly asset values need exactly 4 entries")
    return [_amount(item, f"{field}[{i}]") for i, item in enumerate(value)]


# ----------------------------------------------------------------------------------------------------
# Residence (§1.5)

_RESIDENCE_ALIASES: Mapping[str, str] = {
    **dict.fromkeys(["us", "usa", "united states", "united states of america", "america"], "US"),
    **dict.fromkeys(["jp", "japan"], "JP"),
    **dict.fromkeys(["au", "australia"], "AU"),
    **dict.fromkeys(["be", "belgium"], "BE"),
    **dict.fromkeys(["ca", "canada"], "CA"),
    **dict.fromkeys(["dk", "denmark"], "DK"),
    **dict.fromkeys(["fi", "finland"], "FI"),
    **dict.fromkeys(["fr", "france"], "FR"),
    **dict.fromkeys(["de", "germany"], "DE"),
    **dict.fromkeys(["ie", "ireland"], "IE"),
    **dict.fromkeys(["it", "italy"], "IT"),
    **dict.fromkeys(["lu", "luxembourg"], "LU"),
    **dict.fromkeys(["nl", "netherlands", "the netherlands"], "NL"),
    **dict.fromkeys(["nz", "new zealand"], "NZ"),
    **dict.fromkeys(["no", "norway"], "NO"),
    **dict.fromkeys(["sg", "singapore"], "SG"),
    **dict.fromkeys(["es", "spain"], "ES"),
    **dict.fromkeys(["se", "sweden"], "SE"),
    **dict.fromkeys(["ch", "switzerland"], "CH"),
    **dict.fromkeys(["gb", "uk", "united kingdom"], "GB"),
}
LISTED_TREATY_COUNTRIES = frozenset(set(_RESIDENCE_ALIASES.values()) - {"US", "JP"})


def normalise_residence(value: object) -> str | None:
    """The §1.5 code for a residence ("US", "JP", a listed country's code), or the cleaned upper-case name."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput("INVALID_ENUM", "residence", "must be a country name or code")
    key = " ".join(re.sub(r"[^\w\s]", "", value.lower()).split())
    if not key:
        return None
    return _RESIDENCE_ALIASES.get(key, key.upper())


# ----------------------------------------------------------------------------------------------------
# Formatting and arithmetic


def _usd(value: Decimal) -> str:
    rounded = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{rounded + 0:f}" if rounded else "0.00"


def _usd_text(value: Decimal) -> str:
    rounded = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"-${-rounded:,}" if rounded < 0 else f"${rounded:,}"


def _round2(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _rate_str(rate: Decimal | None) -> str | None:
    if rate is None:
        return None
    if rate == rate.quantize(_CENT):
        return f"{rate.quantize(_CENT):f}"
    return f"{rate.normalize():f}"


def _pct_text(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _ratio_str(ratio: Decimal | None) -> str | None:
    return None if ratio is None else f"{ratio.quantize(_MICRO, rounding=ROUND_HALF_UP):f}"


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def _yen_text(value: int | Decimal) -> str:
    return f"¥{value:,}"


def _floor_yen(out: _Out, gross: int, rate: Decimal, label: str) -> int:
    product = gross * rate
    floored = int(product.to_integral_value(rounding=ROUND_FLOOR))
    if product != floored:
        out.flag("JPY_TRUNCATION")
        out.step(
            f"{label} = floor({_yen_text(gross)} × {_pct_text(rate)} = {_yen_text(product.normalize())})"
            f" = {_yen_text(floored)}"
        )
    else:
        out.step(f"{label} = {_yen_text(gross)} × {_pct_text(rate)} = {_yen_text(floored)}")
    return floored


def _add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


# ----------------------------------------------------------------------------------------------------
# §3.1 rate table


@_calculator
def dividend_rate_table() -> Result:
    """The document's dividend withholding table (R-11) with the text conditions of R-08…R-10 (§3.1)."""
    out = _Out()
    out.rule("R-11", "R-08", "R-09", "R-10b", "R-10c", "R-13a", "R-13b")
    table = {
        "TREATY_2003": {
            "applies_to": (
                "US residents/corporations without a Japanese PE; "
                "amounts taxable on or after 2004-07-01 (R-06, R-07)"
            ),
            "rows": [
                {
                    "row": "More than 50% of the voting shares",
                    "table_rate": "0.00",
                    "text_conditions": [
                        "recipient is a corporation",
                        "owned >50% (directly or indirectly through residents of Japan or the US)"
                        " for the 12 months ending on the entitlement date",
                        "meets additional requirements (undefined)",
                    ],
                    "rule": "R-10b",
                },
                {
                    "row": "Pension fund (text only, not in table)",
                    "table_rate": "0.00",
                    "text_conditions": [
                        "dividends not derived from carrying on a business, "
                        "directly or indirectly, by the fund"
                    ],
                    "rule": "R-10c",
                },
                {
                    "row": "10% to 50% of the voting shares",
                    "table_rate": "0.05",
                    "text_conditions": [
                        "recipient is a corporation",
                        "owns at least 10% on the entitlement date",
                    ],
                    "rule": "R-09",
                },
                {"row": "Others", "table_rate": "0.10", "text_conditions": [], "rule": "R-08"},
            ],
        },
        "PRIOR_TREATY_1971": {
            "applies_to": "US residents; amounts taxable before 2004-07-01 (derived from R-07)",
            "rows": [
                {
                    "row": "10% or more of the voting shares",
                    "table_rate": "0.10",
                    "text_conditions": [],
                    "rule": "R-11",
                },
                {"row": "Others", "table_rate": "0.15", "text_conditions": [], "rule": "R-11"},
            ],
        },
        "NO_TREATY": {"rate": "0.20", "rule": "R-13a"},
        "OTHER_LISTED_TREATY_COUNTRIES": {"rate": None, "note": _OTHER_TREATY_NOTE, "rule": "R-13b"},
    }
    return out.done("OK", table)


# ----------------------------------------------------------------------------------------------------
# §3.2 Japanese withholding rate

_HOLDER_TYPES = ("individual", "corporation", "pension_fund", "other")


@dataclass(frozen=True)
class _RateInputs:
    residence: str | None
    treaty_with_japan: bool | None
    has_japan_pe: bool
    payment_date: date | None
    entitlement_date: date | None
    holder_type: str | None
    voting_pct: Decimal | None
    held_over_50pct_12m: bool | None
    over_50pct_since: date | None
    additional_requirements_met: bool | None
    pension_dividends_from_business: bool | None


@dataclass
class _Rate:
    status: str
    regime: str | None = None
    rate: Decimal | None = None
    rate_if_conditions_met: Decimal | None = None
    rate_otherwise: Decimal | None = None
    statutory_rate_without_treaty_relief: Decimal | None = None
    note: str | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "rate": _rate_str(self.rate),
            "rate_if_conditions_met": _rate_str(self.rate_if_conditions_met),
            "rate_otherwise": _rate_str(self.rate_otherwise),
            "statutory_rate_without_treaty_relief": _rate_str(self.statutory_rate_without_treaty_relief),
            "note": self.note,
        }


def _rate_inputs(
    *,
    residence: object,
    treaty_with_japan: object,
    has_japan_pe: object,
    payment_date: object,
    entitlement_date: object,
    holder_type: object,
    voting_pct: object,
    held_over_50pct_12m: object,
    over_50pct_since: object,
    additional_requirements_met: object,
    pension_dividends_from_business: object,
) -> _RateInputs:
    inputs = _RateInputs(
        residence=normalise_residence(residence),
        treaty_with_japan=_opt_bool(treaty_with_japan, "treaty_with_japan"),
        has_japan_pe=bool(_opt_bool(has_japan_pe, "has_japan_pe", default=False)),
        payment_date=_opt_date(payment_date, "payment_date"),
        entitlement_date=_opt_date(entitlement_date, "entitlement_date"),
        holder_type=_opt_enum(holder_type, "holder_type", _HOLDER_TYPES),
        voting_pct=_opt_pct(voting_pct, "voting_pct"),
        held_over_50pct_12m=_opt_bool(held_over_50pct_12m, "held_over_50pct_12m"),
        over_50pct_since=_opt_date(over_50pct_since, "over_50pct_since"),
        additional_requirements_met=_opt_bool(additional_requirements_met, "additional_requirements_met"),
        pension_dividends_from_business=_opt_bool(
            pension_dividends_from_business, "pension_dividends_from_business"
        ),
    )
    since, entitled = inputs.over_50pct_since, inputs.entitlement_date
    if since is not None and entitled is not None and since > entitled:
        raise InvalidInput("DATE_ORDER", "over_50pct_since", "must not be after entitlement_date")
    return inputs


def _twelve_month_test(v: _RateInputs, out: _Out) -> bool | None:
    if v.held_over_50pct_12m is not None:
        out.step(f"12-month test (R-10b): given as {'met' if v.held_over_50pct_12m else 'not met'}")
        return v.held_over_50pct_12m
    if v.over_50pct_since is not None and v.entitlement_date is not None:
        period_start = _add_months(v.entitlement_date, -12) + timedelta(days=1)
        met = v.over_50pct_since <= period_start
        out.flag("TWELVE_MONTH_CONVENTION")
        out.step(
            f"12-month period = {period_start.isoformat()}…{v.entitlement_date.isoformat()}; >50% since "
            f"{v.over_50pct_since.isoformat()} → {'met' if met else 'not met'} (R-10b)"
        )
        return met
    out.need("entitlement_date" if v.over_50pct_since is not None else "held_over_50pct_12m")
    return None


def _other_treaty(out: _Out) -> _Rate:
    out.flag("CAPITAL_RELATIONSHIP_REDUCTION_NOT_STATED")
    out.rule("R-13a", "R-13b", "R-13c", "R-14")
    out.step(
        "treaty country: the document gives no rate for its treaty (R-13b); "
        "20% applies without relief (R-13a)"
    )
    return _Rate(
        "NOT_STATED",
        regime="OTHER_TREATY",
        statutory_rate_without_treaty_relief=_RATE_20,
        note=_OTHER_TREATY_NOTE,
    )


def _prior_treaty(v: _RateInputs, paid: date, out: _Out) -> _Rate:
    out.rule("R-07", "R-11")
    out.step(f"paid {paid.isoformat()} before 2004-07-01: Prior Treaty table (R-07, R-11)")
    if paid >= _TREATY_IN_FORCE:
        out.flag("DOC_TENSION_PRIOR_TREATY_CEASED")
        out.rule("R-05")
    if paid < _PRIOR_TREATY_FLAG_BEFORE:
        out.flag("PRIOR_TREATY_EFFECTIVE_DATE_NOT_STATED")
    if v.voting_pct is None:
        out.need("voting_pct")
        return _Rate("NEED_INFO", regime="PRIOR_TREATY_1971")
    out.flag("PRIOR_TREATY_HOLDER_TYPE_NOT_IN_DOC")
    rate = _RATE_10 if v.voting_pct >= 10 else _RATE_15
    row = "10% or more of the voting shares" if v.voting_pct >= 10 else "Others"
    out.step(f"voting {_plain(v.voting_pct)}% → row {row!r} → {_pct_text(rate)}")
    return _Rate("OK", regime="PRIOR_TREATY_1971", rate=rate)


def _treaty(v: _RateInputs, paid: date, out: _Out) -> _Rate:
    regime = "TREATY_2003"
    out.rule("R-06", "R-07")
    out.step(f"paid {paid.isoformat()} on or after 2004-07-01: Treaty (R-07)")
    if paid <= _ELECTION_END:
        out.flag("PRIOR_TREATY_ELECTION_NOT_IN_DOC")
    holder = v.holder_type
    if holder is None:
        out.need("holder_type")
        return _Rate("NEED_INFO", regime=regime)
    if holder == "pension_fund":
        out.rule("R-10a", "R-10c")
        if v.pension_dividends_from_business is None:
            out.need("pension_dividends_from_business")
            return _Rate("NEED_INFO", regime=regime)
        if not v.pension_dividends_from_business:
            out.step("pension fund, dividends not derived from a business → 0% (R-10c)")
            return _Rate("OK", regime=regime, rate=_RATE_0)
        out.flag("PENSION_FUND_TREATED_AS_NON_CORPORATE")
        out.rule("R-08", "R-09")
        out.step("pension fund with business-derived dividends: not a corporation → 10% (R-08)")
        return _Rate("OK", regime=regime, rate=_RATE_10)
    if holder != "corporation":
        out.rule("R-08")
        out.step(f"{holder}: the 5%/0% rates need a corporation → 10% (R-08)")
        return _Rate("OK", regime=regime, rate=_RATE_10)
    if v.voting_pct is None:
        out.need("voting_pct")
        return _Rate("NEED_INFO", regime=regime)
    pct = _plain(v.voting_pct)
    if v.voting_pct < 10:
        out.rule("R-08")
        out.step(f"corporation with {pct}% (< 10%) → 10% (R-08)")
        return _Rate("OK", regime=regime, rate=_RATE_10)
    out.rule("R-09")
    if v.voting_pct <= 50:
        out.step(f"corporation with {pct}% (10% to 50%) → 5% (R-09)")
        return _Rate("OK", regime=regime, rate=_RATE_5)
    out.rule("R-10a", "R-10b")
    out.step(
        f"corporation with {pct}% (> 50%): 0% needs the 12-month test and additional requirements (R-10b)"
    )
    met = _twelve_month_test(v, out)
    if met is None:
        return _Rate("NEED_INFO", regime=regime, note="at most 5% (R-09); 0% if the 12-month test is met")
    if not met:
        out.step("12-month test not met → 5% (R-09)")
        return _Rate("OK", regime=regime, rate=_RATE_5)
    out.flag("ADDITIONAL_REQUIREMENTS_UNDEFINED")
    if v.additional_requirements_met is True:
        out.flag("CALLER_ASSERTED_ADDITIONAL_REQUIREMENTS")
        out.step("additional requirements asserted as met by the caller → 0% (R-10b)")
        return _Rate("OK", regime=regime, rate=_RATE_0)
    if v.additional_requirements_met is False:
        out.step("additional requirements not met → 5% (R-09)")
        return _Rate("OK", regime=regime, rate=_RATE_5)
    out.step("additional requirements unknown → 0% if met, otherwise 5%")
    return _Rate(
        "CONDITIONAL",
        regime=regime,
        rate_if_conditions_met=_RATE_0,
        rate_otherwise=_RATE_5,
        note="0% if IIJ's additional treaty requirements (not defined in the 20-F) are met, otherwise 5%",
    )


def _decide_rate(v: _RateInputs, out: _Out) -> _Rate:
    if v.residence is None:
        out.need("residence")
        return _Rate("NEED_INFO")
    if v.residence == "JP":
        out.rule("R-01")
        out.step("resident of Japan: the document covers non-residents only (R-01)")
        return _Rate("OUT_OF_SCOPE", note="the document covers non-residents of Japan only")
    if v.has_japan_pe:
        out.rule("R-01", "R-06")
        out.step("holder has a Japanese permanent establishment: outside the document's discussion (R-01)")
        return _Rate("OUT_OF_SCOPE", note="holders with a Japanese permanent establishment are not covered")
    if v.payment_date is not None and v.payment_date >= _LAW_AS_OF:
        out.flag("LAW_AS_OF_2004")
        out.rule("R-02")
    if v.residence != "US":
        if v.residence in LISTED_TREATY_COUNTRIES:
            return _other_treaty(out)
        out.flag("NON_EXHAUSTIVE_TREATY_LIST")
        out.rule("R-13b")
        if v.treaty_with_japan is True:
            return _other_treaty(out)
        if v.treaty_with_japan is False:
            out.rule("R-13a")
            out.step("no tax treaty with Japan → statutory 20% (R-13a)")
            return _Rate("OK", regime="NO_TREATY", rate=_RATE_20)
        out.need("treaty_with_japan")
        return _Rate(
            "NEED_INFO",
            note="the document's list of treaty countries is not exhaustive; without a treaty: 20%",
        )
    if v.payment_date is None:
        out.need("payment_date")
        return _Rate("NEED_INFO")
    if v.payment_date < _PRIOR_TREATY_SIGNED:
        out.rule("R-05")
        out.step("paid before the Prior Treaty was signed (1971-03-08): the document has no rule")
        return _Rate("NOT_STATED", note="the document states no rule for payments before 1971-03-08")
    if v.payment_date < _TREATY_APPLIES:
        return _prior_treaty(v, v.payment_date, out)
    return _treaty(v, v.payment_date, out)


@_calculator
def jp_withholding_rate(
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
) -> Result:
    """Maximum Japanese withholding rate on an IIJ dividend (§3.2)."""
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
    out = _Out()
    decision = _decide_rate(v, out)
    return out.done(decision.status, {"residence": v.residence, **decision.fields()})


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


def _check_order(acquired: date | None, disposed: date | None, field: str = "disposition_date") -> None:
    if acquired is not None and disposed is not None and disposed < acquired:
        raise InvalidInput("DATE_ORDER", field, "disposition is before acquisition")


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


def _date_flags(out: _Out, day: date) -> None:
    if day >= _LAW_AS_OF:
        out.flag("LAW_AS_OF_2004")
        out.rule("R-02")


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
    for name, value in (
        ("distribution_usd", dist),
        ("earnings_and_profits_usd", eandp),
        ("basis_usd", basis),
    ):
        if value is None:
            out.need(name)
    if dist is None or eandp is None or basis is None:
        return out.done("NEED_INFO", fields)
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


# ----------------------------------------------------------------------------------------------------
# §3.15 and §3.16


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


@_calculator
def ads_second_form_deadline(*, fiscal_year_end: DateLike | None = None) -> Result:
    """Last day for the depositary's second treaty form: eight months after the fiscal year end (§3.16)."""
    year_end = _opt_date(fiscal_year_end, "fiscal_year_end")
    out = _Out()
    out.flag("FISCAL_YEAR_END_NOT_IN_DOCUMENT")
    if year_end is None:
        out.need("fiscal_year_end")
        return out.done("NEED_INFO", {"deadline": None})
    out.rule("R-15")
    deadline = _add_months(year_end, 8)
    if _is_month_end(year_end):
        deadline = date(deadline.year, deadline.month, calendar.monthrange(deadline.year, deadline.month)[1])
    out.step(f"{year_end.isoformat()} + 8 months = {deadline.isoformat()} (R-15)")
    return out.done("OK", {"deadline": deadline.isoformat()})


# ----------------------------------------------------------------------------------------------------
# §4 topics without numbers

NOT_STATED_TOPICS: Mapping[str, tuple[str, tuple[str, ...]]] = MappingProxyType(
    {
        "other_treaty_rate": ("the document lists treaty countries but gives no rate for them", ("R-13b",)),
        "capital_relationship_reduction": (
            "the rate is 'further reduced' but no number is given",
            ("R-13c",),
        ),
        "additional_requirements_definition": (
            "the 0% rate's 'additional requirements' are not defined",
            ("R-10b",),
        ),
        "us_ordinary_rates": ("the document gives no U.S. ordinary income-tax or corporate rates", ("R-81",)),
        "lower_qdi_brackets": ("the document gives only the 15% maximum rate", ("R-34", "R-49")),
        "ftc_limitation": (
            "the credit is 'subject to certain limitations' that are not described",
            ("R-44", "R-45"),
        ),
        "pfic_interest_rate": ("the interest charge on underpayments is not quantified", ("R-72",)),
        "pfic_top_rates": ("the highest tax rate for each prior year is not given", ("R-71",)),
        "pfic_exceptions": ("the 'certain exceptions' for prior years are not described", ("R-71",)),
        "inheritance_gift_rates": (
            "inheritance and gift taxes are at 'progressive rates' with no numbers",
            ("R-18",),
        ),
        "stamp_transfer_tax": ("no stamp or transfer tax amounts are given", ("R-19",)),
        "ads_ratio": ("the ADS-to-share ratio is not in this excerpt", ()),
        "fiscal_year_end": ("IIJ's fiscal year end is not in this excerpt", ("R-15",)),
        "capital_loss_limits": ("the document gives no loss-limitation or carryover rules", ("R-48",)),
    }
)


@_calculator
def not_stated(*, topic: str | None = None) -> Result:
    """A topic the document cannot answer with a number (§4); unknown topics raise INVALID_ENUM."""
    out = _Out()
    if topic is None:
        out.need("topic")
        return out.done("NEED_INFO", {"topic": None, "value": None, "reason": None})
    if not isinstance(topic, str) or topic not in NOT_STATED_TOPICS:
        raise InvalidInput("INVALID_ENUM", "topic", f"{topic!r} is not one of {', '.join(NOT_STATED_TOPICS)}")
    reason, rules = NOT_STATED_TOPICS[topic]
    out.rule(*rules)
    out.step(f"{topic}: {reason}")
    return out.done("NOT_STATED", {"topic": topic, "value": None, "reason": reason})


FUNCTIONS: Mapping[str, Callable[..., Result]] = MappingProxyType(
    {
        fn.__name__: fn
        for fn in (
            dividend_rate_table,
            jp_withholding_rate,
            jp_withholding_amounts,
            statutory_and_misc_japan,
            qdi_holding_period,
            us_dividend_tax,
            distribution_split,
            fx_gain_loss,
            us_capital_gain,
            jp_tax_on_disposal,
            pfic_test,
            pfic_excess_distribution,
            pfic_allocate,
            pfic_mark_to_market,
            pfic_holder_status,
            ads_second_form_deadline,
            not_stated,
        )
    }
)
