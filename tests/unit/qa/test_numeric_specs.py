"""The calculator specs: one per function, in one registry, agreeing with the calculator and the routing table."""

from __future__ import annotations

import inspect

import pytest

from service.qa.numeric import question_for
from service.qa.numeric.registry import SPECS, spec_for
from service.qa.numeric.routes import ROUTES, Route
from service.qa.numeric.spec import CalcSpec
from service.tools.tax import FUNCTIONS, InvalidInput
from tests.conversations import calculated

# The calculator function that looks a table up rather than answer a situation: no message routes to it.
TABLE_LOOKUPS = {"statutory_and_misc_japan"}
SPEC_LIST = list(SPECS.values())


def test_every_calculator_function_has_a_spec_and_every_spec_a_calculator_function() -> None:
    assert {spec.calculator for spec in SPEC_LIST} == set(FUNCTIONS) - TABLE_LOOKUPS
    assert all(name == spec.name for name, spec in SPECS.items())


@pytest.mark.parametrize("route", [r for r in ROUTES if r.to is not None], ids=lambda r: r.name)
def test_every_route_leads_to_a_spec(route: Route) -> None:
    assert route.to is not None
    assert spec_for(route.to).name == route.to.split(":")[0]


@pytest.mark.parametrize("spec", SPEC_LIST, ids=lambda s: s.name)
def test_every_spec_is_reached_by_at_least_one_route(spec: CalcSpec) -> None:
    assert spec.routes
    assert all(route in ROUTES for route in spec.routes)


@pytest.mark.parametrize("spec", SPEC_LIST, ids=lambda s: s.name)
def test_spec_inputs_and_defaults_are_the_calculators_own(spec: CalcSpec) -> None:
    parameters = inspect.signature(FUNCTIONS[spec.calculator]).parameters
    if spec.name == spec.calculator:
        assert set(spec.inputs) == set(parameters)
    assert set(spec.inputs) <= set(parameters)
    for name, default in spec.optional.items():
        assert parameters[name].default == default, name


@pytest.mark.parametrize("spec", [s for s in SPEC_LIST if s.name == s.calculator], ids=lambda s: s.name)
def test_spec_needs_are_what_the_calculator_asks_for_when_told_nothing(spec: CalcSpec) -> None:
    try:
        asked = set(FUNCTIONS[spec.calculator]().get("missing", []))
    except InvalidInput as error:
        asked = {error.field}  # the calculator refuses to run without it
    assert asked <= set(spec.needs)


@pytest.mark.parametrize("spec", SPEC_LIST, ids=lambda s: s.name)
def test_every_needed_input_has_a_question_of_its_own(spec: CalcSpec) -> None:
    assert set(spec.questions) == set(spec.needs)
    for name, question in spec.questions.items():
        assert question == question_for(name)
        assert "?" in question
        assert "for this calculation" not in question, name


@pytest.mark.parametrize(
    "question",
    [
        "I sold my IIJ shares in New York at a profit under the treaty. Any Japanese tax?",
        "Under the prior treaty, I sold my ADSs outside Japan: Japanese tax on the gain?",
    ],
)
def test_a_sale_question_naming_the_treaty_is_answered_without_a_payment_date(question: str) -> None:
    answer = calculated(question)
    assert answer.calculation is not None
    assert answer.calculation["function"] == "jp_tax_on_disposal"
    assert "payment_date" not in answer.calculation["inputs"]
