"""A holder that is not a corporation gets the Treaty's 10% whatever its stake, and is told why when it asks about
(or would seem to qualify for) the 5% and 0% rates only corporations get."""

from __future__ import annotations

from service.qa.numeric import answer_numeric
from service.qa.numeric.routes import detect_intent
from service.qa.readers.facts import extract_facts


def test_an_individual_with_a_large_stake_is_told_the_lower_rates_need_a_corporation() -> None:
    answer = answer_numeric(
        "US-resident individual with 35% of IIJ's voting stock, dividend paid 15 January 2005: Japanese withholding rate?"
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "10%" in answer.text
    assert "corporations only" in answer.text
    assert "R-09" in answer.rules_cited


def test_an_individual_asking_for_a_lower_rate_by_name_is_told_it_needs_a_corporation() -> None:
    answer = answer_numeric(
        "US individual holding 4% of IIJ, dividend paid on 20 March 2006: is the withholding rate 5 percent for me?"
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "corporations only" in answer.text


def test_a_small_individual_holder_asking_only_the_rate_gets_no_note() -> None:
    answer = answer_numeric(
        "US individual, 1% of the shares, dividend paid 2005-05-05: Japanese withholding rate?"
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "corporations only" not in answer.text


def test_a_choice_between_two_rates_with_a_situation_asks_the_withholding_rate() -> None:
    question = "American individual, 60% of the votes, dividend paid on 9 May 2005. Zero or ten per cent?"
    assert detect_intent(question, extract_facts(question).facts) == "jp_withholding_rate"
