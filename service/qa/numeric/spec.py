"""One declaration per calculator function: what it needs, what it may go without, how its inputs are read and
how its answer is written.

A spec sits beside its writer (``write_jp.py``, ``write_us.py``, ``write_pfic.py``, ``write_misc.py``) and is
registered once in ``registry.py``. The cue words that route to it are the rows of ``routes.ROUTES`` that name it;
the question asked for a missing input is that input's row in ``questions.FIELDS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from service.qa.numeric.answer import NumericAnswer, Result
from service.qa.numeric.questions import question_for
from service.qa.numeric.routes import ROUTES, Route
from service.qa.numeric.wording import Cites
from service.qa.readers.dates import DateFact
from service.qa.readers.facts import ExtractedText

# (intent, facts, question, extracted text) → calculator inputs, and date facts still to resolve to ISO dates
Reader = Callable[[str, Mapping[str, Any], str, ExtractedText], tuple[dict[str, Any], dict[str, DateFact]]]
# (function, inputs, result, form branches, facts, citations, question) → the answer's sentences
Writer = Callable[
    [str, Mapping[str, Any], Result, "dict[str, Result] | None", Mapping[str, Any], Cites, str], list[str]
]
# (facts, question, extracted text) → the whole answer, for a spec that does not run the usual path
Answerer = Callable[[Mapping[str, Any], str, ExtractedText], NumericAnswer]


@dataclass(frozen=True)
class CalcSpec:
    """A calculator function as the numeric layer uses it.

    ``name`` is what a route sends a message to; ``function`` the calculator function called (the same, unless
    the spec is one way of using a function, as ``qdi_window`` uses ``qdi_holding_period``). ``needs`` are the
    inputs without which the calculator cannot answer, and asks for; ``optional`` the inputs it may go without,
    with the value it then assumes (``None``: it asks only when the rule turns on it).
    """

    name: str
    needs: tuple[str, ...]
    optional: Mapping[str, Any]
    read: Reader
    write: Writer
    function: str = ""
    # the whole answer, for a spec that does not run the usual path
    answer: Answerer | None = None
    # without any of these facts, the spec named second answers instead ("how much is withheld?" → the rate)
    falls_back: tuple[tuple[str, ...], str] | None = None
    # inputs the calculator cannot be called without at all: a clarification asks for them first
    before_call: tuple[str, ...] = field(default=())
    # a fact the others depend on ("the spot rate on the payment date"): while it is missing, it alone is asked
    ask_first: tuple[str, ...] = field(default=())
    # a payment date read from "under the treaty" / "the prior treaty" when none is stated
    regime_hint: bool = False
    # inputs inferred from the facts before the call, each noted in the steps
    prepare: Callable[[Mapping[str, Any], dict[str, Any], list[str]], None] | None = None
    # inputs filled from the first result (per-year rates for the years it names); True when any was
    refill: Callable[[Mapping[str, Any], dict[str, Any], Result], bool] | None = None
    # the missing inputs the figures the question asks for can do without
    answerable: Callable[[Result, str], list[str]] | None = None
    # a partial answer that still asks for a figure the question wants (the deferred tax) is a clarification
    partial_asks: Callable[[str], bool] | None = None
    # (facts, inputs, missing, question) → the missing inputs a clarification asks for, when not all of them
    narrow_asks: Callable[[Mapping[str, Any], Mapping[str, Any], list[str], str], list[str]] | None = None

    @property
    def calculator(self) -> str:
        return self.function or self.name

    @property
    def inputs(self) -> tuple[str, ...]:
        return (*self.needs, *self.optional)

    @property
    def routes(self) -> tuple[Route, ...]:
        """The rows of the routing table that send a message here: the cue words and facts that route to it."""
        return tuple(r for r in ROUTES if r.to is not None and r.to.split(":", 1)[0] == self.name)

    @property
    def questions(self) -> dict[str, str]:
        """The question a clarification asks for each needed input."""
        return {name: question_for(name) for name in self.needs}
