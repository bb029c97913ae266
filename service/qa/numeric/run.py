"""Facts → inputs → calculator → an answer, a clarification or an out-of-scope reply."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.qa.extract import (
    DateFact,
    ExtractedText,
    is_real_date,
)
from service.qa.numeric.answer import NumericAnswer, Result
from service.qa.numeric.disclosures import _disclosures
from service.qa.numeric.inputs import _date_from, _inputs_for
from service.qa.numeric.partial import (
    _answerable_without,
    _asks_deferred_tax,
    _infer_holding_period,
    _partial_notes,
)
from service.qa.numeric.pfic_inputs import _pfic_allocate_years
from service.qa.numeric.questions import _field_question, field_name
from service.qa.numeric.wording import _Cites, _join
from service.qa.numeric.write_misc import _compose_generic
from service.qa.numeric.writers import _COMPOSERS
from service.qa.types import Route
from service.tools.tax import FUNCTIONS, InvalidInput


def _call(function: str, inputs: Mapping[str, Any]) -> Result:
    return FUNCTIONS[function](**inputs)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _signature(value: Any) -> Any:
    """The decision a result encodes, without its dates, steps, flags and rules (for whole-month checks)."""
    if isinstance(value, dict):
        return tuple(
            (k, _signature(v))
            for k, v in sorted(value.items())
            if k not in {"steps", "flags", "rules", "note"}
        )
    if isinstance(value, list):
        return tuple(_signature(v) for v in value)
    if isinstance(value, str) and _ISO.match(value):
        return "<date>"
    return value


def _resolve_dates(
    function: str, inputs: dict[str, Any], pending: Mapping[str, DateFact]
) -> tuple[list[str], list[str]]:
    """Turn day facts into ISO inputs; a month or year only when every day in it gives the same result."""
    notes: list[str] = []
    missing: list[str] = []
    for key, fact in pending.items():
        if fact.kind == "day":
            inputs[key] = fact.iso
            continue
        days = fact.days()
        if not days:
            missing.append(key)
            continue
        signatures = set()
        try:
            for day in days:
                signatures.add(_signature(_call(function, {**inputs, key: day.isoformat()})))
                if len(signatures) > 1:
                    break
        except InvalidInput:
            signatures = {None, 0}
        if len(signatures) == 1:
            inputs[key] = days[0].isoformat()
            notes.append(f"any day in {fact.raw} gives the same result")
        else:
            missing.append(key)
    return notes, missing


def _calculation(
    function: str, inputs: Mapping[str, Any], result: Result, steps_prefix: list[str]
) -> dict[str, Any]:
    body = {k: v for k, v in result.items() if k not in {"status", "flags", "rules", "steps"}}
    return {
        "function": function,
        "inputs": dict(inputs),
        "status": result.get("status", "OK"),
        "result": body,
        "flags": list(result.get("flags", [])),
        "rules": list(result.get("rules", [])),
        "steps": steps_prefix + list(result.get("steps", [])),
    }


def _answer(intent: str, facts: dict[str, Any], question: str, ex: ExtractedText) -> NumericAnswer:
    function = "not_stated" if intent.startswith("not_stated:") else intent
    if intent == "qdi_window":
        return _answer_window(facts, question, ex)
    if function == "jp_withholding_amounts" and not any(
        k in facts for k in ("gross_dividend_jpy", "dividend_per_share_jpy")
    ):
        function = "jp_withholding_rate"
    inputs, pending = _inputs_for(
        intent if function != "jp_withholding_rate" else function, facts, question, ex
    )
    steps = [f"question routed to {function}"]
    if function == "us_dividend_tax":
        _infer_holding_period(facts, inputs, steps)
    notes: list[str] = []
    if "payment_date" not in pending and facts.get("regime_hint") and function.startswith("jp_"):
        hint_date = "2004-07-01" if facts["regime_hint"] == "treaty" else "2004-06-30"
        pending = {
            **pending,
            "payment_date": DateFact(
                "day", int(hint_date[:4]), int(hint_date[5:7]), int(hint_date[8:]), hint_date
            ),
        }
        notes.append("treaty" if facts["regime_hint"] == "treaty" else "prior")
        steps.append(f"'{facts['regime_hint']} treaty' stated: payment date taken as {hint_date}")
    try:
        date_notes, date_missing = _resolve_dates(function, inputs, pending)
        for key, fact in pending.items():
            if fact.kind == "day" and not is_real_date(fact):
                steps.append(f"{key} {fact.raw} is not a calendar date")
        if function == "us_dividend_tax" and "jpy_per_usd_inclusion" not in inputs:
            date_missing.append("jpy_per_usd_inclusion")
        if date_missing:
            result = (
                _call(function, inputs)
                if function != "us_dividend_tax" or "jpy_per_usd_inclusion" in inputs
                else {}
            )
            return _clarify(function, inputs, result, date_missing, facts, steps)
        result = _call(function, inputs)
        if (
            function == "pfic_allocate"
            and result.get("status") == "NEED_INFO"
            and _pfic_allocate_years(facts, inputs, result)
        ):
            result = _call(function, inputs)
        branches: dict[str, Result] | None = None
        missing = list(result.get("missing", []))
        answerable = _answerable_without(function, result, question) if missing else []
        others = [m for m in missing if m != "advance_form_filed"]
        if (
            "advance_form_filed" in missing
            and "advance_form_filed" not in inputs
            and not (others and answerable)
        ):
            filed = _call(function, {**inputs, "advance_form_filed": True})
            not_filed = _call(function, {**inputs, "advance_form_filed": False})
            if not others and filed.get("status") != "NEED_INFO" and not_filed.get("status") != "NEED_INFO":
                branches = {"form_filed": filed, "form_not_filed": not_filed}
            else:
                return _clarify(
                    function, inputs, filed, others or list(filed.get("missing", [])), facts, steps
                )
    except InvalidInput as error:
        return _invalid(function, inputs, error, steps)
    partial: list[str] = []
    if branches is None and result.get("status") == "NEED_INFO":
        partial = answerable
        if not partial:
            return _clarify(function, inputs, result, list(result.get("missing", [])), facts, steps)
        steps.append(f"not needed for the figure asked: {', '.join(partial)}")
    if branches is None:
        calculation = _calculation(function, inputs, result, steps)
        status = str(result.get("status"))
    else:
        filed, not_filed = branches["form_filed"], branches["form_not_filed"]
        calculation = {
            "function": function,
            "inputs": dict(inputs),
            "status": str(filed.get("status")),
            "result": {
                name: {k: v for k, v in r.items() if k not in {"status", "flags", "rules", "steps"}}
                for name, r in branches.items()
            },
            "flags": list(dict.fromkeys([*filed.get("flags", []), *not_filed.get("flags", [])])),
            "rules": list(dict.fromkeys([*filed.get("rules", []), *not_filed.get("rules", [])])),
            "steps": steps
            + [f"[form filed] {s}" for s in filed.get("steps", [])]
            + [f"[form not filed] {s}" for s in not_filed.get("steps", [])],
        }
        status = str(filed.get("status"))
        result = filed
    cite = _Cites()
    composer = _COMPOSERS.get(function, _compose_generic)
    sentences = composer(function, inputs, result, branches, facts, cite, question)
    sentences += _partial_notes(partial, cite)
    sentences += _disclosures(calculation["flags"], inputs, facts, cite, notes + date_notes)
    text = " ".join(s.strip() for s in sentences if s.strip())
    if partial and function == "pfic_allocate" and _asks_deferred_tax(question):
        return NumericAnswer("clarify", text, cite.ids, calculation, partial)
    return NumericAnswer(_route_for(function, status), text, cite.ids, calculation, partial)


def _answer_window(facts: Mapping[str, Any], question: str, ex: ExtractedText) -> NumericAnswer:
    """The QDI window for an ex-dividend date alone: the window does not depend on the purchase date."""
    function = "qdi_holding_period"
    inputs: dict[str, Any] = {}
    if re.search(r"\b120[- ]day", question):
        inputs["window_days"] = 120
    steps = [f"question routed to {function} (window only)"]
    ex_date = _date_from(facts, "ex_dividend_date")
    if ex_date is None or ex_date.kind != "day" or not is_real_date(ex_date):
        return _clarify(function, inputs, {}, ["ex_dividend_date"], facts, steps)
    inputs["ex_dividend_date"] = ex_date.iso
    # The calculator reports the window only with a purchase date; a purchase on the ex-dividend date is used
    # to read it (the window is the same for every purchase date) and the days-held figure is not reported.
    probe = {**inputs, "acquisition_date": ex_date.iso}
    steps.append("window read with acquisition_date = ex_dividend_date; days held not used")
    try:
        result = _call(function, probe)
    except InvalidInput as error:
        return _invalid(function, inputs, error, steps)
    window = {k: result[k] for k in ("window_days", "window_start", "window_end")}
    calculation = _calculation(function, probe, {**result, **window}, steps)
    calculation["result"] = {**window, "note": result.get("note")}
    cite = _Cites()
    rule = "R-35b" if window["window_days"] == 121 else "R-34"
    text = (
        f"For an ex-dividend date of {inputs['ex_dividend_date']}, the {window['window_days']}-day period beginning 60 "
        f"days before the ex-dividend date runs from {window['window_start']} to {window['window_end']}{cite(rule)}; "
        f"the shares must be held for more than 60 days during it{cite('R-34')}. The report's other holding period "
        "requirements are not checked."
    )
    return NumericAnswer("calculator", text, cite.ids, calculation)


# Functions whose NOT_STATED result has no figure at all: the answer is "the report does not say".
_NO_FIGURE_WHEN_NOT_STATED = frozenset({"jp_withholding_rate", "not_stated"})


def _route_for(function: str, status: str) -> Route:
    """A situation the report excludes, or a figure it never gives, is out of scope; anything computed is not."""
    if status == "OUT_OF_SCOPE" or (status == "NOT_STATED" and function in _NO_FIGURE_WHEN_NOT_STATED):
        return "out_of_scope"
    return "calculator"


def _clarify(
    function: str,
    inputs: Mapping[str, Any],
    result: Result,
    missing: list[str],
    facts: Mapping[str, Any],
    steps: list[str],
) -> NumericAnswer:
    missing = [m for m in dict.fromkeys(missing) if m != "advance_form_filed"]
    if "holding_period" in missing and "holder_kind" in missing:
        missing.remove("holding_period")
    cite = _Cites()
    top_years = [m.removeprefix("top_rate_") for m in missing if m.startswith("top_rate_")]
    questions = [_field_question(name, facts, cite) for name in missing if not name.startswith("top_rate_")]
    if top_years:
        questions.append(
            f"What was the highest tax rate in effect for {_join(top_years)}? The report gives no top rates."
            + cite("R-71")
        )
    questions = list(dict.fromkeys(questions))
    lead = (
        "To work this out from the report's rules I need one more fact:"
        if len(questions) == 1
        else ("To work this out from the report's rules I need a few more facts:")
    )
    text = " ".join([lead, *questions])
    calculation = _calculation(function, inputs, {**result, "status": "NEED_INFO", "missing": missing}, steps)
    calculation["status"] = "NEED_INFO"
    return NumericAnswer("clarify", text, cite.ids, calculation, missing)


_ERROR_TEXT = {
    "NEGATIVE_AMOUNT": "an amount cannot be negative",
    "NON_INTEGER_YEN": "a yen amount must be a whole number of yen",
    "PCT_OUT_OF_RANGE": "a voting percentage must lie between zero and one hundred percent",
    "RATE_OUT_OF_RANGE": "a tax rate must be a fraction between zero and one hundred percent",
    "INVALID_FX_RATE": "the yen/dollar rate must be a positive number of yen per dollar",
    "UNSUPPORTED_CURRENCY": "the calculator takes dividends in yen and other amounts in U.S. dollars",
    "INVALID_DATE": "a date given is not a real calendar date",
    "DATE_ORDER": "the dates are in the wrong order (for example a sale before the purchase)",
    "WITHHELD_EXCEEDS_GROSS": "the tax withheld cannot exceed the gross dividend",
    "PASSIVE_EXCEEDS_TOTAL": "passive income or assets cannot exceed the totals",
    "QUARTER_COUNT": "the asset test needs the values for exactly four quarters",
}


def _invalid(
    function: str, inputs: Mapping[str, Any], error: InvalidInput, steps: list[str]
) -> NumericAnswer:
    if (
        error.code == "INVALID_FX_RATE"
        and error.field in {"jpy_per_usd_inclusion", "jpy_per_usd_realized"}
        and (error.field not in inputs)
    ):
        cite = _Cites()
        text = "To work this out from the report's rules I need one more fact: " + _field_question(
            error.field, {}, cite
        )
        calc = _calculation(function, inputs, {"status": "NEED_INFO", "missing": [error.field]}, steps)
        return NumericAnswer("clarify", text, cite.ids, calc, [error.field])
    reason = _ERROR_TEXT.get(error.code, "one of the figures cannot be used")
    text = (
        f"I can't calculate this: {reason} (the problem is the {field_name(error.field)}). "
        "Could you check that figure and give it again?"
    )
    calc = _calculation(
        function,
        inputs,
        {"status": "NEED_INFO", "error": error.code, "field": error.field, "missing": [error.field]},
        [*steps, f"input rejected: {error.code} ({error.field})"],
    )
    return NumericAnswer("clarify", text, [], calc, [error.field])
