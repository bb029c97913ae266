"""Two cases in one question: one answer and one receipt for both."""

from __future__ import annotations

import re
from typing import Any

from service.qa.numeric.answer import NumericAnswer
from service.qa.numeric.questions import field_name
from service.qa.numeric.wording import article, fmt_pct_units, fmt_usd, fmt_yen
from service.qa.readers.cases import TwoCases
from service.qa.types import Route


def both_cases(cases: TwoCases, first: NumericAnswer, second: NumericAnswer) -> NumericAnswer:
    """One answer for two cases: each case's answer under its own label, citations numbered across both."""
    rules = list(first.rules_cited)

    def renumber(match: re.Match[str]) -> str:
        rule = second.rules_cited[int(match.group(1)) - 1]
        if rule not in rules:
            rules.append(rule)
        return f"[{rules.index(rule) + 1}]"

    second_text = re.sub(r"\[(\d+)\]", renumber, second.text)
    labels = _case_labels(cases, first, second)
    text = f"For {labels[0]}: {first.text} For {labels[1]}: {second_text}"
    routes = {first.route, second.route}
    route: Route = (
        "calculator" if "calculator" in routes else (first.route if len(routes) == 1 else "clarify")
    )
    missing = [m for answer in (first, second) if answer.route == "clarify" for m in answer.missing]
    return NumericAnswer(route, text, rules, _both_calculations(first, second), list(dict.fromkeys(missing)))


def _case_labels(cases: TwoCases, first: NumericAnswer, second: NumericAnswer) -> tuple[str, str]:
    """What tells the two cases apart, from the inputs each was calculated with ("an individual owning 3%",
    "sale date 2004-11-20"); the user's own words when the inputs do not differ."""
    one = (first.calculation or {}).get("inputs", {})
    two = (second.calculation or {}).get("inputs", {})
    first_words = ("residence", "holder_type", "holder_kind", "voting_pct", "gross_dividend_jpy")
    differing = sorted(
        (k for k in dict.fromkeys([*one, *two]) if one.get(k) != two.get(k)),
        key=lambda k: first_words.index(k) if k in first_words else len(first_words) + k.endswith("_usd"),
    )
    labels = []
    for inputs, words in ((one, cases.first_label), (two, cases.second_label)):
        parts = [_describe_input(k, inputs[k]) for k in differing if k in inputs]
        label = ", ".join(parts).replace(", owning", " owning").replace(", for $", " for $")
        labels.append(label if parts else f"“{words}”")
    return labels[0], labels[1]


def _describe_input(name: str, value: Any) -> str:
    if name == "holder_type":
        kind = str(value).replace("_", " ")
        return f"{article(kind)} {kind}"
    if name == "holder_kind":
        return f"a {value} holder"
    if name == "voting_pct":
        return f"owning {fmt_pct_units(value)}"
    phrases = {
        "payment_date": "a dividend paid on {}",
        "disposition_date": "a sale on {}",
        "acquisition_date": "a purchase on {}",
        "ex_dividend_date": "an ex-dividend date of {}",
        "event_date": "an event on {}",
    }
    if name in phrases:
        return phrases[name].format(value)
    if name == "gross_dividend_jpy":
        return f"a {fmt_yen(value)} dividend"
    if name == "amount_realized_usd":
        return f"for {fmt_usd(value)}"
    if name == "residence":
        return f"a resident of {value}"
    if name.endswith("_jpy"):
        return f"{field_name(name)} {fmt_yen(value)}"
    if name.endswith("_usd") and not isinstance(value, dict | list):
        return f"{field_name(name)} {fmt_usd(value)}"
    return f"{field_name(name)} {value}"


def _both_calculations(first: NumericAnswer, second: NumericAnswer) -> dict[str, Any] | None:
    """The receipt of a two-case answer: shared inputs, then each case's own inputs and result."""
    one, two = first.calculation, second.calculation
    if one is None or two is None:
        return one or two
    shared = {k: v for k, v in one["inputs"].items() if two["inputs"].get(k) == v}
    cases: dict[str, Any] = {}
    for name, calc in (("case_1", one), ("case_2", two)):
        own_inputs = {k: v for k, v in calc["inputs"].items() if k not in shared}
        cases[name] = {"inputs": own_inputs, "status": calc["status"], **calc["result"]}
        if calc["function"] != one["function"]:
            cases[name]["function"] = calc["function"]
    statuses = {one["status"], two["status"]}
    return {
        "function": one["function"],
        "inputs": shared,
        "status": one["status"]
        if len(statuses) == 1
        else ("NEED_INFO" if "NEED_INFO" in statuses else one["status"]),
        "result": cases,
        "flags": list(dict.fromkeys([*one["flags"], *two["flags"]])),
        "rules": list(dict.fromkeys([*one["rules"], *two["rules"]])),
        "steps": ["two cases in one question, each calculated on its own facts"]
        + [f"[case 1] {step}" for step in one["steps"]]
        + [f"[case 2] {step}" for step in two["steps"]],
    }
