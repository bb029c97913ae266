"""Facts → inputs → calculator → an answer, a clarification or an out-of-scope reply."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from service.qa.numeric.answer import NumericAnswer, Result
from service.qa.numeric.disclosures import disclosures
from service.qa.numeric.outcome import ask_for_missing, call_calculator, invalid_input, receipt, route_for
from service.qa.numeric.partial import (
    partial_notes,
)
from service.qa.numeric.questions import field_question
from service.qa.numeric.registry import SPECS, spec_for
from service.qa.numeric.spans import keep_watch, span_outcomes
from service.qa.numeric.wording import Cites
from service.qa.readers.dates import DateFact, is_real_date
from service.qa.readers.facts import ExtractedText
from service.tools.tax import InvalidInput

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNSIGNED = frozenset({"steps", "flags", "rules", "note"})  # what a result says, not what it decides


def _signature(value: Any) -> Any:
    """The decision a result encodes, without its dates, steps, flags and rules (for whole-month checks)."""
    if isinstance(value, dict):
        return tuple([(k, _signature(value[k])) for k in sorted(value) if k not in _UNSIGNED])
    if isinstance(value, list):
        return tuple([_signature(v) for v in value])
    if isinstance(value, str) and _ISO.match(value):
        return "<date>"
    return value


_INVALID = object()  # a day the calculator rejects: the span is asked for, as when two days differ


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
        if not days and fact.kind == "vague" and fact.year is not None:
            days = DateFact(
                "year", fact.year
            ).days()  # "early 2001": settled when every day of the year agrees
        if not days:
            missing.append(key)
            continue

        def outcome(day: date, key: str = key) -> Any:
            try:
                result = call_calculator(function, {**inputs, key: day})
            except InvalidInput:
                return _INVALID
            keep_watch(day, result)
            return _signature(result)

        signatures = span_outcomes(days, outcome)
        if len(signatures) == 1 and _INVALID not in signatures:
            inputs[key] = days[0].isoformat()
            notes.append(f"any day in {fact.raw} gives the same result")
        else:
            missing.append(key)
    return notes, missing


def calculate(intent: str, facts: dict[str, Any], question: str, ex: ExtractedText) -> NumericAnswer:
    """Read the inputs the route's spec needs, call the calculator, and write the answer (or ask for a fact)."""
    spec = spec_for(intent)
    if spec.answer is not None:
        return spec.answer(facts, question, ex)
    if spec.falls_back is not None and not any(k in facts for k in spec.falls_back[0]):
        spec = SPECS[spec.falls_back[1]]
        intent = spec.name
    function = spec.calculator
    inputs, pending = spec.read(intent, facts, question, ex)
    steps = [f"question routed to {function}"]
    if spec.prepare is not None:
        spec.prepare(facts, inputs, steps)
    notes: list[str] = []
    if spec.regime_hint and "payment_date" not in pending and facts.get("regime_hint"):
        hint_date = "2004-07-01" if facts["regime_hint"] == "treaty" else "2004-06-30"
        pending = {
            **pending,
            "payment_date": DateFact(
                "day", int(hint_date[:4]), int(hint_date[5:7]), int(hint_date[8:]), hint_date
            ),
        }
        notes.append("treaty" if facts["regime_hint"] == "treaty" else "prior")
        steps.append(f"'{facts['regime_hint']} treaty' stated: payment date taken as {hint_date}")
    if spec.regime_hint and facts.get("regime_hint") and "residence" not in inputs:
        # the Treaty and the Prior Treaty are the report's Japan-US treaties: a holder asking for their rate with
        # no country said is a US resident
        inputs = {**inputs, "residence": "United States"}
        steps.append(
            f"'{facts['regime_hint']} treaty' named, no country stated: holder taken as a US resident"
        )
    try:
        date_notes, date_missing = _resolve_dates(function, inputs, pending)
        for key, fact in pending.items():
            if fact.kind == "day" and not is_real_date(fact):
                steps.append(f"{key} {fact.raw} is not a calendar date")
        date_missing += [name for name in spec.before_call if name not in inputs]
        first = [name for name in spec.ask_first if name not in inputs and name not in pending]
        if first and date_missing:
            date_missing = first  # the rate asked for is the one on that date: the date comes first
        if date_missing:
            callable_now = all(name in inputs for name in spec.before_call)
            result = call_calculator(function, inputs) if callable_now else _scope_only(function, inputs)
            # a holder the report leaves out (an IRA, a 10% holder) is told so before any fact is asked for
            if result.get("status") != "OUT_OF_SCOPE":
                return ask_for_missing(function, inputs, result, date_missing, facts, steps)
        else:
            result = call_calculator(function, inputs)
        if (
            spec.refill is not None
            and result.get("status") == "NEED_INFO"
            and spec.refill(facts, inputs, result)
        ):
            result = call_calculator(function, inputs)
        branches: dict[str, Result] | None = None
        missing = list(result.get("missing", []))
        answerable = spec.answerable(result, question) if missing and spec.answerable is not None else []
        others = [m for m in missing if m != "advance_form_filed"]
        if (
            "advance_form_filed" in missing
            and "advance_form_filed" not in inputs
            and not (others and answerable)
        ):
            filed = call_calculator(function, {**inputs, "advance_form_filed": True})
            not_filed = call_calculator(function, {**inputs, "advance_form_filed": False})
            if not others and filed.get("status") != "NEED_INFO" and not_filed.get("status") != "NEED_INFO":
                branches = {"form_filed": filed, "form_not_filed": not_filed}
            else:
                return ask_for_missing(
                    function, inputs, filed, others or list(filed.get("missing", [])), facts, steps
                )
    except InvalidInput as error:
        return invalid_input(function, inputs, error, steps)
    partial: list[str] = []
    if branches is None and result.get("status") == "NEED_INFO":
        partial = answerable
        if not partial:
            asks = list(result.get("missing", []))
            if spec.narrow_asks is not None:
                asks = spec.narrow_asks(facts, inputs, asks, question)
            return ask_for_missing(function, inputs, result, asks, facts, steps)
        steps.append(f"not needed for the figure asked: {', '.join(partial)}")
    if branches is not None:
        result = branches["form_filed"]
    cite = Cites()
    sentences = spec.write(function, inputs, result, branches, facts, cite, question)
    # the receipt follows the writer: a figure the writer works out beside the main one (the original 120-day
    # QDI window) is added to the result, so every number of the answer is on the receipt
    if branches is None:
        calculation = receipt(function, inputs, result, steps)
    else:
        calculation = _both_branches(function, inputs, branches, steps)
    status = str(result.get("status"))
    sentences += partial_notes(partial, cite)
    sentences += disclosures(calculation["flags"], inputs, facts, cite, notes + date_notes)
    text = " ".join(s.strip() for s in sentences if s.strip())
    if partial and spec.partial_asks is not None and spec.partial_asks(question):
        return NumericAnswer("clarify", text, cite.ids, calculation, partial)
    if (
        branches is not None
        and function == "jp_withholding_amounts"
        and "advance_form_filed" not in facts.get("unknown_facts", ())
    ):
        # the amounts withheld turn on the treaty form, which was never mentioned (spec §5: NEED_INFO for the amounts,
        # the rate still answered): both outcomes are shown, and the form is asked for. A user who says they do
        # not know gets both outcomes as the answer.
        ask = field_question("advance_form_filed", facts, cite)
        return NumericAnswer("clarify", f"{text} {ask}", cite.ids, calculation, ["advance_form_filed"])
    return NumericAnswer(route_for(function, status), text, cite.ids, calculation, partial)


def _scope_only(function: str, inputs: Mapping[str, Any]) -> Result:
    """The calculator's answer without the inputs it is normally not called without, when it can give one (an
    out-of-scope holder); an empty result when it cannot."""
    try:
        return call_calculator(function, inputs)
    except InvalidInput:
        return {}


def _both_branches(
    function: str, inputs: Mapping[str, Any], branches: dict[str, Result], steps: list[str]
) -> dict[str, Any]:
    """The receipt of an answer given for both outcomes of the treaty form (filed in advance or not)."""
    filed, not_filed = branches["form_filed"], branches["form_not_filed"]
    return {
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
