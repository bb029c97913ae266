"""Japanese withholding rates: the §3.1 rate table and the §3.2 rate for one dividend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from service.tools.tax._core import (
    _ELECTION_END,
    _LAW_AS_OF,
    _OTHER_TREATY_NOTE,
    _PRIOR_TREATY_FLAG_BEFORE,
    _PRIOR_TREATY_SIGNED,
    _RATE_0,
    _RATE_5,
    _RATE_10,
    _RATE_15,
    _RATE_20,
    _TREATY_APPLIES,
    _TREATY_IN_FORCE,
    DateLike,
    InvalidInput,
    Number,
    Result,
    _add_months,
    _calculator,
    _Out,
    _pct_text,
    _plain,
    _rate_str,
)
from service.tools.tax._inputs import (
    LISTED_TREATY_COUNTRIES,
    _opt_bool,
    _opt_date,
    _opt_enum,
    _opt_pct,
    normalise_residence,
)

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
                        " for the twelve months ending on the entitlement date",
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
