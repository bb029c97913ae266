"""The three kinds of numeric answer besides a written calculation: the receipt, a clarification, a rejected input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.qa.numeric.answer import NumericAnswer, Result
from service.qa.numeric.questions import field_name, field_question
from service.qa.numeric.wording import Cites, join_words
from service.qa.timing import stage
from service.qa.types import Route
from service.tools.tax import FUNCTIONS, InvalidInput


def call_calculator(function: str, inputs: Mapping[str, Any]) -> Result:
    with stage("calculate"):
        return FUNCTIONS[function](**inputs)


def receipt(
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


# Functions whose NOT_STATED result has no figure at all: the answer is "the report does not say" (an excess
# distribution in the first year held has no base in the report).
_NO_FIGURE_WHEN_NOT_STATED = frozenset({"jp_withholding_rate", "not_stated", "pfic_excess_distribution"})


def route_for(function: str, status: str) -> Route:
    """A situation the report excludes, or a figure it never gives, is out of scope; anything computed is not."""
    if status == "OUT_OF_SCOPE" or (status == "NOT_STATED" and function in _NO_FIGURE_WHEN_NOT_STATED):
        return "out_of_scope"
    return "calculator"


def ask_for_missing(
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
    cite = Cites()
    top_years = [m.removeprefix("top_rate_") for m in missing if m.startswith("top_rate_")]
    questions = [field_question(name, facts, cite) for name in missing if not name.startswith("top_rate_")]
    if top_years:
        questions.append(
            f"What was the highest tax rate in effect for {join_words(top_years)}? The report gives no top rates."
            + cite("R-71")
        )
    questions = list(dict.fromkeys(questions))
    lead = (
        "To work this out from the report's rules I need one more fact:"
        if len(questions) == 1
        else ("To work this out from the report's rules I need a few more facts:")
    )
    text = " ".join([lead, *questions])
    calculation = receipt(function, inputs, {**result, "status": "NEED_INFO", "missing": missing}, steps)
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


def invalid_input(
    function: str, inputs: Mapping[str, Any], error: InvalidInput, steps: list[str]
) -> NumericAnswer:
    if (
        error.code == "INVALID_FX_RATE"
        and error.field in {"jpy_per_usd_inclusion", "jpy_per_usd_realized"}
        and (error.field not in inputs)
    ):
        cite = Cites()
        text = "To work this out from the report's rules I need one more fact: " + field_question(
            error.field, {}, cite
        )
        calc = receipt(function, inputs, {"status": "NEED_INFO", "missing": [error.field]}, steps)
        return NumericAnswer("clarify", text, cite.ids, calc, [error.field])
    reason = _ERROR_TEXT.get(error.code, "one of the figures cannot be used")
    text = (
        f"I can't calculate this: {reason} (the problem is the {field_name(error.field)}). "
        "Could you check that figure and give it again?"
    )
    calc = receipt(
        function,
        inputs,
        {"status": "NEED_INFO", "error": error.code, "field": error.field, "missing": [error.field]},
        [*steps, f"input rejected: {error.code} ({error.field})"],
    )
    return NumericAnswer("clarify", text, [], calc, [error.field])
