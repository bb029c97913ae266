"""The numeric layer's entry point: a conversation replayed turn by turn, each message decided."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ingest.bm25 import tokenize
from service.qa.numeric.answer import NumericAnswer
from service.qa.numeric.cases import both_cases
from service.qa.numeric.conceptual import asks_for_other, is_conceptual, needless_clarify, specific
from service.qa.numeric.cues import AMOUNT_KEYS, asked_side
from service.qa.numeric.own_ask import asks_elsewhere
from service.qa.numeric.replies import reply_to
from service.qa.numeric.routes import continued, detect_intent
from service.qa.numeric.run import calculate
from service.qa.query import QuestionReader
from service.qa.readers.cases import TwoCases, two_cases
from service.qa.readers.facts import ExtractedText, extract_facts, merge_facts
from service.qa.readers.shifts import shifted_dates
from service.qa.readers.spelling import respell_trade_verbs
from service.qa.types import Turn
from service.tools.tax_rules import RULES

_FOLLOW_UP = re.compile(
    # an acknowledgement may come first: "Got it. And …", "Thanks — what if …"
    r"^\s*(?:(?:got\s+it|thanks?(?:\s+you)?|ok(?:ay)?|great|right|i\s+see|understood|noted|perfect|alright|cool)"
    r"\b[\s.!,;:—–-]*)?(?:and|what\s+if|what\s+about|how\s+about|same|also|then|now|suppose|but|ok|okay|so|assume|with|without|"
    r"if\s+(?:it|they|he|she|i|we|the|that|you)|instead|what\s+would)\b|\binstead\b|"
    r"\bsame\s+(?:dividend|holder|case|facts|date|day|terms|company|corporation|investor|person|payment|stake)\b|"
    r"\bthat\s+(?:dividend|holder|case)\b|\bthis\s+time\b|\bas\s+before\b|"
    r"\b(?:everything|all|otherwise)\s+(?:else\s+)?(?:the\s+same|unchanged|as\s+before)\b",
    re.I,
)

# The amount a calculation works on: a message without one, asking the same calculation again, adds to it
# ("interest factors 12% and 8%?") rather than starting a new one.
_CALCULATION_AMOUNTS = (*AMOUNT_KEYS, "distribution_usd")

# Words the numeric detector keys on, corrected when misspelt ("excess distributon").
_TRIGGER_WORDS = (
    "distribution excess withholding withheld dividend allocate allocation deferred interest passive qualified "
    "refund reclaim treaty calculate holding exchange conversion currency earnings profits capital deduction "
    "preceding previous inheritance pension corporation individual percent income election acquired purchased "
    "realized proceeds disposition column table subsidiary"
).split()


@lru_cache(maxsize=1)
def _spelling() -> QuestionReader:
    """A reader whose vocabulary is the rules' own sentences plus the trigger words; it corrects to the latter."""
    vocabulary = {term for rule in RULES.values() for term in tokenize(rule.quote)}
    return QuestionReader(vocabulary, words=_TRIGGER_WORDS)


_HYPHENATED = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")


def _respelt(question: str) -> str:
    """The question with misspelt trigger words corrected, also inside a hyphenated word ("ex-divdend")."""
    text = _spelling().corrected(question)
    if "-" not in text:
        return text
    return _HYPHENATED.sub(
        lambda m: "-".join(_spelling().corrected(part) for part in m.group(0).split("-")), text
    )


@dataclass(frozen=True)
class _UserTurn:
    """One user message as the numeric layer read it; ``intent`` is set when the calculator layer answered it,
    and ``missing`` names the calculator inputs that answer asked for (what a bare reply to it answers).

    ``facts`` is a read-only view: replayed turns are cached and shared between questions (see ``_replayed``).
    """

    facts: Mapping[str, Any]
    intent: str | None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Decision:
    """``read``: the facts read from the message decided (shared with the two-cases reader)."""

    turn: _UserTurn
    answer: NumericAnswer | None
    read: ExtractedText | None = None


@dataclass(frozen=True)
class _Replay:
    """A conversation so far as the numeric layer read it: its user turns, and, once the assistant has replied
    to the last of them, what that reply asked for (the last turn's ``missing``; ``None`` before any reply)."""

    earlier: tuple[_UserTurn, ...]
    asked: tuple[str, ...] | None


_NO_HISTORY = _Replay((), None)


def answer_numeric(question: str, history: Sequence[Turn] = ()) -> NumericAnswer | None:
    """Answer a calculation question with the tax calculator; ``None`` when retrieval should answer it."""
    messages = tuple((turn.role, turn.content) for turn in history)
    replay = _NO_HISTORY
    for end in range(1, len(messages) + 1):
        replay = _replayed(messages[:end])  # each prefix built from the cached one before it
    return _decide(question, replay.earlier, replay.asked).answer


@lru_cache(maxsize=1024)
def _replayed(messages: tuple[tuple[str, str], ...]) -> _Replay:
    """The history ``messages`` (role, content) replayed turn by turn; cached per prefix, so a conversation's
    earlier user turns are decided once rather than again for every new question."""
    if not messages:
        return _NO_HISTORY
    before = _replayed(messages[:-1])
    role, content = messages[-1]
    if role == "assistant":
        replied = bool(content) and bool(before.earlier)
        return _Replay(before.earlier, before.earlier[-1].missing if replied else None)
    if not content.strip():
        return before
    turn = _decide(content, before.earlier, before.asked).turn
    return _Replay((*before.earlier, turn), None)


def _decide(question: str, earlier: Sequence[_UserTurn], asked: Sequence[str] | None) -> _Decision:
    """Route one user message given the earlier ones and what the reply to the last asked for; a message that
    asks for two cases gets both. The turn keeps what its answer asks for, for the reply to it."""
    decision = _decide_message(respell_trade_verbs(_respelt(question)), earlier, asked)
    if decision.answer is None or not decision.answer.missing:
        return decision
    return _Decision(replace(decision.turn, missing=tuple(decision.answer.missing)), decision.answer)


def _decide_message(question: str, earlier: Sequence[_UserTurn], asked: Sequence[str] | None) -> _Decision:
    whole = _decide_one(question, earlier, asked)
    if whole.answer is None:
        return whole
    cases = two_cases(question, whole.read)
    if cases is None:
        return whole
    return _decide_cases(cases, whole, earlier, asked)


def _decide_cases(
    cases: TwoCases, whole: _Decision, earlier: Sequence[_UserTurn], asked: Sequence[str] | None
) -> _Decision:
    """Two holders or two events in one question: each case is calculated on its own facts and both are answered.

    ``whole`` is the question decided as one case (a calculation). When the wording does not show which facts
    belong to which case, nothing is calculated: the answer says so and asks for one case at a time.
    """
    first = _decide_one(cases.first, earlier, asked) if cases.clear else whole
    if not cases.clear or first.answer is None:
        text = (
            f"Your question describes two cases (“{cases.first_label}” and “{cases.second_label}”), and I can't "
            "tell which of its facts belong to which. I calculate one case per question: please ask about each "
            "case separately."
        )
        return _Decision(whole.turn, NumericAnswer("clarify", text, [], None, ["which_case"]))
    if cases.second_follows:
        second = _decide_one(cases.second, [*earlier, first.turn], first.answer.missing)
    else:
        second = _decide_one(cases.second, earlier, asked)
    if second.answer is None:
        note = (
            f" I calculate one case per question: this is for “{cases.first_label}”; please ask about "
            f"“{cases.second_label}” separately."
        )
        answer = first.answer
        return _Decision(first.turn, replace(answer, text=answer.text + note))
    turn = second.turn if cases.second_follows else first.turn
    return _Decision(turn, both_cases(cases, first.answer, second.answer))


def _decide_one(question: str, earlier: Sequence[_UserTurn], asked: Sequence[str] | None) -> _Decision:
    """Route one user message given the earlier ones: carry facts into a follow-up, leave rule questions alone."""
    current = extract_facts(question)
    own = dict(current.facts)
    previous = earlier[-1].intent if earlier else None  # a follow-up continues the turn it follows
    if previous is not None and (
        asks_elsewhere(question) or (asks_for_other(question) and not _has_facts(own))
    ):
        # "which form do I file for that?", "and the state tax?", "who do I send it to?" (with no new fact): the
        # follow-up's own asking clause asks for no calculation, so it is answered on its own words, not by the
        # calculation before it
        return _Decision(_UserTurn(MappingProxyType(dict(own)), None), None, current)
    answered = reply_to(question, asked) if asked is not None and previous else {}
    own.update({k: v for k, v in answered.items() if k not in own})
    intent = detect_intent(question, own)
    facts = own
    follows = previous is not None and bool(
        _FOLLOW_UP.search(question)
        or (intent is None and _has_facts(own))
        or answered
        or (intent == previous and not any(k in own for k in _CALCULATION_AMOUNTS))
        or (intent is None and not _has_facts(own) and _asks_figure_of_a_side(question))
    )
    if previous is not None and follows:
        merged: dict[str, Any] = {}
        for turn in earlier:
            merged = merge_facts(merged, turn.facts)
        # "if I'd sold the next day instead": the date moved is the follow-up's own, kept for the turns after it
        own.update({k: v for k, v in shifted_dates(question, merged).items() if k not in own})
        facts = merge_facts(merged, own)
        alone = intent
        intent = continued(alone, previous, question)
        if alone is None and intent == previous:
            intent = _switched(previous, question, facts)
    elif intent is not None and (
        is_conceptual(question, own, intent)
        or (earlier and previous is None and _FOLLOW_UP.search(question) and not specific(own))
    ):
        intent = None  # a rule question, or a follow-up to one: retrieval answers it
    answer = None if intent is None else calculate(intent, facts, question, current)
    if answer is not None and not follows and needless_clarify(question, own, answer):
        answer = None
    return _Decision(
        _UserTurn(MappingProxyType(dict(own)), intent if answer is not None else None), answer, current
    )


# "how much …", "what's the …": a figure asked for
_ASKS_FIGURE = re.compile(
    r"\bhow\s+much\b|\bwhat(?:'s|\s+is|\s+was|\s+would\s+be|\s+will\s+be)\s+(?:the|my|our|his|her|their)\b",
    re.I,
)


def _asks_figure_of_a_side(question: str) -> bool:
    """A message with no facts of its own that asks a figure of one side of the dividend ("how much did Japan
    keep?", "what's the credit?"): a figure of the case the conversation is about."""
    return bool(_ASKS_FIGURE.search(question)) and asked_side(question) is not None


def _switched(previous: str, question: str, facts: Mapping[str, Any]) -> str:
    """The function a follow-up with no calculation of its own goes to: another one when its asking clause names
    a side of the dividend (the U.S. tax or credit, the Japanese withholding) and, with the case's facts, routes
    there ("how much of that can I credit in dollars?" after the amounts withheld); else the previous one."""
    if asked_side(question) is None:
        return previous
    other = detect_intent(question, facts)
    return other if other is not None else previous


def _has_facts(facts: Mapping[str, Any]) -> bool:
    keys = set(facts) - {"residence_kind", "is_ads"}
    return bool(keys)
