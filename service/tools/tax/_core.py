"""The calculator's common ground: value types, the input error, the result envelope, rounding and formatting."""

from __future__ import annotations

import calendar
import functools
import inspect
from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext
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


def _date_flags(out: _Out, day: date) -> None:
    if day >= _LAW_AS_OF:
        out.flag("LAW_AS_OF_2004")
        out.rule("R-02")
