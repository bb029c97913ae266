"""Input validation (spec §1.3) and residence codes (§1.5): JSON values in, typed values or InvalidInput out."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from service.tools.tax._core import InvalidInput

# compiled once: the calculators read their inputs many times per question (each day of a month said)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR_DIGITS = re.compile(r"[0-9]{1,4}")
_PUNCTUATION = re.compile(r"[^\w\s]")

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
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
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
    if isinstance(value, str) and _YEAR_DIGITS.fullmatch(value.strip()):
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
    key = " ".join(_PUNCTUATION.sub("", value.lower()).split())
    if not key:
        return None
    return _RESIDENCE_ALIASES.get(key, key.upper())


def _check_order(acquired: date | None, disposed: date | None, field: str = "disposition_date") -> None:
    if acquired is not None and disposed is not None and disposed < acquired:
        raise InvalidInput("DATE_ORDER", field, "disposition is before acquisition")
