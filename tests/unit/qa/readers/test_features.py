"""The readers' gates: a pattern is skipped only for a message that holds none of what every match of it holds."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from service.qa.readers import country_names, dates, flags, fx, holders, money, quarters, relative, residence
from service.qa.readers.facts import extract_facts
from service.qa.readers.features import Features, Needs, features

# Messages that state the facts the gated readers read, in several spellings and cases.
MESSAGES = [
    "I'm a US individual; got a ¥10,000 dividend paid on 2004-03-31. How much Japanese tax is withheld?",
    "As a U.S. corp owning 12% of IIJ, what is the withholding on JPY 500k paid in March 2004?",
    "USD/JPY was 108.50 when included and 105 when converted; $1 = ¥110 on the payment date.",
    "JPY/USD 0.0092, 1 yen = $0.0092, $0.0092 per yen, ¥110/$, 110 yen per dollar, 108.5 JPY to the USD.",
    "exchange rate 110; the rate was 108; 108 to the dollar; the dollar was at 108 yen; the yen stood at 110.",
    "I converted it when it was 105; at the same 107 rate; spot when received: 111.45; 105.5 at inclusion.",
    "105.25/$ and 104 on both dates; same spot rate: ¥107; bought at 110.",
    "three thousand dollars, two million yen, and the basis is five thousand; 3,000 dollars and USD 3k.",
    "yen received 1,750,000 and the yen I converted: 800k; 50 bucks; 500 jpy",
    "bought on 10/01/2004, sold on 10-20-2004, sold 15.10.2004, paid 15-Oct-2004, Sept 1 '04, 1 Sept '04, October 1st, 2004",
    "held since early 2001, mid-2003, Q3 2004, H1 2002, earlyof 2001; May '04, 2004-05, 5/2004, 10-01",
    "the last day of June 2003, New Year's Eve 2004, Christmas Day 2004, 3rd of May 2004, May 3, held since 2001",
    "bought 20 days before the ex-dividend date and sold 30 days after it; 8 months before the record date we "
    "bought 55%",
    "bought on the exdividend date itself; sold on the date of record; paid 10 days after the pay date",
    "I live in Osaka; a Tokyo-based fund; a Japan resident; a Japanese corporation; i live in kobe",
    "a Texas LLC, an NJ resident, a company in NY, from the US, in the U.S.A., Washington D.C., St. Louis",
    "New York, Los Angeles, san francisco, silicon valley, UNITED STATES, American investor",
    "je suis résident au Canada; j'habite en Suisse; vivo en Chile; wohnhaft in Österreich; ik woon in België",
    "soy residente en México; moro no Brasil; abito in Svizzera; domiciliee aux Pays-Bas; installes au Canada",
    "my IRA, a Roth, a 401(k), a 403b, our pension fund, a tax-exempt charity, a non-profit, a 501(c)(3)",
    "a life insurance company, a broker-dealer, a market maker, a trader who elected mark-to-market, AMT",
    "a straddle, hedging, a conversion transaction, functional currency is the euro, an LLC; "
    "functional currency is the US dollar",
    "a c-corp, a GmbH, a K.K., a PLC, a holding company, a trust, an estate, an LLP, a hedge fund",
    "not sure whether the form was filed; I don't remember if we met them; it may or may not be; no idea what "
    "additional treaty requirements apply",
    "passive assets 30, 40, 40, 30; total assets 100 each quarter; my country doesn't have a tax treaty with "
    "Japan; a treaty country; no DTA; a double taxation agreement",
]
# The same messages in capitals (every pattern reads case-insensitively, or after lower-casing)
MESSAGES += [message.upper() for message in MESSAGES]

_ANCHOR = re.compile("|".join(words for _, words in relative._ANCHORS), re.I)

# (name, pattern, the gate the readers test before running it)
GATES = [
    *(
        (f"fx {i}", p, needs.met)
        for i, ((_, p), needs) in enumerate(zip(fx._FX_PATTERNS, fx._FX_NEEDS, strict=True))
    ),
    *(
        (f"money {i}", p, needs.met)
        for i, ((_, p), needs) in enumerate(zip(money._MONEY_PATTERNS, money._MONEY_NEEDS, strict=True))
    ),
    ("money in words", money._WORD_AMOUNT, money._WORD_UNIT_NEEDS.met),
    ("bare money in words", money._BARE_WORD_AMOUNT, money._WORD_AMOUNT_NEEDS.met),
    *((f"date {i}", p, lambda held: held.digit) for i, (_, p) in enumerate(dates._DATE_PATTERNS)),
    ("US", residence._US_PATTERN, lambda held: held.names(residence._US_WORDS)),
    ("US in capitals", residence._US_UPPER, lambda held: held.names(residence._US_WORDS)),
    (
        "a US place",
        re.compile(residence._US_PLACES, re.I),
        lambda held: held.names(residence._US_PLACE_WORDS),
    ),
    ("Japanese residence", residence._JP_RESIDENT, residence._may_say_japan),
    ("residence in another language", country_names._CUE, lambda held: held.names(country_names._CUE_WORDS)),
    ("a dividend date", _ANCHOR, lambda held: relative._may_name_anchor(held.lower)),
    *(
        (name, p, lambda held: held.says("day", "week", "month", "year") and held.says(*relative._DIRECTIONS))
        for name, p in (("a distance", relative._RELATIVE), ("a distance first", relative._RELATIVE_FIRST))
    ),
    ("on a dividend date", relative._ON_ANCHOR, lambda held: held.says(*relative._ANCHOR_PARTS[:-1])),
    ("unsure", flags._UNSURE, flags._may_be_unsure),
    ("quarterly assets", quarters._LABELLED, lambda held: held.says("passive", "total")),
    ("no treaty", residence._NO_TREATY, lambda held: held.says(*residence._TREATY_WORDS)),
    ("a treaty", residence._HAS_TREATY, lambda held: held.says(*residence._TREATY_WORDS)),
    (
        "unsure of the requirements",
        flags._UNKNOWN_WHAT_ADDITIONAL,
        lambda held: held.says("requirement", "condition"),
    ),
]


def _matched(pattern: re.Pattern[str]) -> list[str]:
    return [message for message in MESSAGES if pattern.search(message)]


@pytest.mark.parametrize(("name", "pattern", "gate"), GATES, ids=[gate[0] for gate in GATES])
def test_a_gate_lets_through_every_message_its_pattern_matches(
    name: str, pattern: re.Pattern[str], gate: Callable[[Features], bool]
) -> None:
    matched = _matched(pattern)
    assert matched, f"{name}: no message matches the pattern, so the test says nothing"
    assert [message for message in matched if not gate(features(message))] == []


@pytest.mark.parametrize("pattern", sorted(dates._NEEDS_MONTH, key=lambda p: p.pattern))
def test_a_date_pattern_with_a_month_matches_only_where_a_month_word_is(pattern: re.Pattern[str]) -> None:
    assert all(dates._MONTH_WORD.search(message) for message in _matched(pattern))


@pytest.mark.parametrize("pattern", sorted(dates._NEEDS_SEPARATOR, key=lambda p: p.pattern))
def test_a_numeric_date_matches_only_where_digits_are_separated(pattern: re.Pattern[str]) -> None:
    matched = _matched(pattern)
    assert matched
    assert all(dates._SEPARATED.search(message) for message in matched)


def test_a_vague_date_matches_only_after_one_of_its_opening_words() -> None:
    (vague,) = dates._NEEDS_VAGUE
    matched = _matched(vague)
    assert len(matched) >= 2
    assert all(features(message).names(dates._VAGUE_RUNS) for message in matched)


@pytest.mark.parametrize(
    "name", [name for name, value in vars(holders).items() if isinstance(value, holders._Cue)]
)
def test_a_holder_cue_matches_only_where_one_of_its_strings_is(name: str) -> None:
    cue: holders._Cue = getattr(holders, name)
    assert cue.parts is not None
    lowered = [message.lower() for message in MESSAGES]
    matched = [t for t in lowered if cue.pattern.search(t)]
    assert matched, f"{name}: no message matches"
    assert all(any(part in t for part in cue.parts) for t in matched)


def test_without_a_us_place_the_us_names_alone_find_what_the_whole_pattern_finds() -> None:
    no_place = [message for message in MESSAGES if not features(message).names(residence._US_PLACE_WORDS)]
    assert len(no_place) > 10
    for message in no_place:
        whole = [m.span() for m in residence._US_PATTERN.finditer(message)]
        assert [m.span() for m in residence._US_NAMES_ONLY.finditer(message)] == whole


def test_features_hold_the_lower_cased_words_and_whether_a_digit_is_there() -> None:
    held = features("A US corp owning 3%")
    assert held.digit
    assert held.exact
    assert held.says("corp")
    assert not held.says("bank")
    assert held.names({"us"})
    assert not held.names({"u", "corporation"})
    assert not features("no figure at all").digit


def test_a_letter_outside_ascii_turns_every_test_off() -> None:
    # the Kelvin sign matches "k" when case is ignored: no test may then say a word is missing
    for text in ("\u212aobe resident", "résident au Japon"):
        held = features(text)
        assert not held.exact
        assert held.says("no such word")
        assert held.names({"nosuchword"})


def test_needs_ask_for_a_digit_one_string_of_each_group_and_a_whole_word() -> None:
    needs = Needs((("yen", "¥"), ("rate",)), words=frozenset({"at"}))
    assert needs.met(features("the rate at 110 yen"))
    assert not needs.met(features("the rate at one hundred yen"))  # no digit
    assert not needs.met(features("at 110 yen"))  # no "rate"
    assert not needs.met(features("the rate was 110 yen"))  # "at" is not a whole word of it
    assert Needs((("yen",),), digit=False).met(features("a hundred yen"))


@pytest.mark.parametrize("message", MESSAGES[: len(MESSAGES) // 2])
def test_the_gates_lose_no_fact(message: str) -> None:
    # the same message with a letter outside ASCII at its end turns the gates off: the readers then run everything
    ungated = extract_facts(message + " é")
    assert not features(message + " é").exact
    assert extract_facts(message).facts == ungated.facts
