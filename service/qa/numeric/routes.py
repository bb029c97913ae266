"""Which calculator a message asks for: an ordered table of routes, the first whose conditions all hold wins.

Each row is data: the cue patterns that must occur in the (lower-cased) message, those that must not, the facts
it needs (all, or at least one, or none of), how many figures it needs, and named tests on the message for what a
pattern cannot say ("asks for a figure", "the asking sentence is about the U.S. side"). A row may route to
``None``: a question about the rule itself, left to retrieval before a later row would take it. The order is the
precedence; tests/unit/qa/test_numeric_routes.py checks each row on a message of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.qa.numeric.continuations import CONTINUATIONS, Continuation, continued
from service.qa.numeric.cues import (
    AMOUNT_KEYS,
    CALENDAR_DATE_ASKED,
    KIND_OF_RATE,
    NOT_STATED_TOPICS,
    PASSIVE,
    QDI_TEST,
    RATE_WORDS,
    SECOND_FORM,
    SITUATION_KEYS,
    STATE_OR_LOCAL_TAX,
    US_RATE_WORDS,
    US_TAX_WORDS,
    WITHHOLDING_WORDS,
)
from service.qa.numeric.route_tests import TESTS, Reading
from service.qa.numeric.table_rows import (
    OTHER_TREATY_COUNTRIES,
    RATES_OR_WHOLE_TABLE,
    TABLE,
    TREATIES_COMPARED,
)


@dataclass(frozen=True)
class Route:
    """One row of the routing table: when every condition holds, the message goes to ``to``."""

    name: str
    to: str | None
    cues: tuple[re.Pattern[str], ...] = ()  # each must occur
    not_cues: tuple[re.Pattern[str], ...] = ()  # none may occur
    facts: tuple[str, ...] = ()  # all needed
    any_fact: tuple[str, ...] = ()  # at least one needed
    no_facts: tuple[str, ...] = ()  # none may be given
    figures: int = 0  # at least this many numbers (percentages aside)
    tests: tuple[str, ...] = ()  # named tests that must hold ("!name": must not)

    def matches(self, reading: Reading) -> bool:
        facts = reading.facts
        return (
            all(k in facts for k in self.facts)
            and (not self.any_fact or any(k in facts for k in self.any_fact))
            and not any(k in facts for k in self.no_facts)
            and all(reading.has(cue) for cue in self.cues)
            and not any(reading.has(cue) for cue in self.not_cues)
            and (not self.figures or reading.figures >= self.figures)
            and all(TESTS[t.lstrip("!")](reading) != t.startswith("!") for t in self.tests)
        )


def _cue(pattern: str) -> re.Pattern[str]:
    """A cue tested on the lower-cased message."""
    return re.compile(pattern)


_ALLOCATION = _cue(
    r"allocat\w*|deferred\s+tax|interest\s+factor|"
    # the allocation said in plain words: "how much goes to prior years", "what falls in the earlier years"
    r"\b(?:goes|go|going|gone|falls?|assigned|attributed|spread|put|belongs?)\s+(?:(?:in)?to|in|over)\s+(?:the\s+)?"
    r"(?:prior|earlier|previous|preceding)\s+(?:taxable\s+)?years\b"
)
_SELLS = _cue(r"\bsold\b|\bsell\w*|\bsale\b|\bdispos\w*|\bgains?\b|\bloss\b")
_JAPAN_TAX = _cue(r"japan\w*\s+(?:income\s+|corporation\s+)?tax|tax\s+in\s+japan|\bjapan\b")
_DIVIDEND_AMOUNTS = ("gross_dividend_jpy", "dividend_per_share_jpy")
_WITHHOLDING_OR_TAX = re.compile(WITHHOLDING_WORDS.pattern + r"|\btax\b|\bdividend\b", re.I)
_WITHHOLDING_OR_DIVIDEND_TAX = re.compile(
    WITHHOLDING_WORDS.pattern + r"|\btreaty\b|\bdividends?\b.*\btax\w*|\btax\w*.*\bdividends?\b", re.I
)
_WITHHELD_OR_JAPAN = _cue(r"withh|japan")
# the U.S. side named: its tax words, or a tax "in the U.S." / "by the United States"
_US_SIDE_NAMED = re.compile(
    US_TAX_WORDS.pattern
    + r"|\b(?:in|by)\s+the\s+(?:u\.?s\.?a?|united\s+states|states)\b|\bu\.?s\.?\s+taxes\b",
    re.I,
)
_RATE_NUMBER = r"(?:\d+(?:\.\d+)?\s*%?|zero|nil|five|ten|fifteen|twenty)"
_RATE_CHOICE = (
    rf"\b{_RATE_NUMBER}\s+or\s+(?:the\s+)?{_RATE_NUMBER}\s*(?:%|percent\b|per\s*cent\b)|"
    # one of the table's rates asked for by its figure: "are we at 0%?", "do we qualify for 5%?", "is it 10%?"
    r"\b(?:at|get|qualify\s+for|eligible\s+for|entitled\s+to|is\s+it|be)\s+(?:the\s+)?(?:0|5|10|15|20)\s*"
    r"(?:%|percent\b|per\s*cent\b)"
)


def _not_stated(topic: str, pattern: re.Pattern[str]) -> Route:
    """A figure the report never gives, asked for: answered as "the report does not say"."""
    extras: dict[str, dict[str, Any]] = {
        "pfic_interest_rate": {"not_cues": (_cue("interest factor"),), "no_facts": ("interest_factors",)},
        # "the credit before limitations" asks for the credit itself, which the calculator gives
        "ftc_limitation": {
            "not_cues": (
                _cue(r"\b(?:before|without|ignoring|disregarding|pre-?)\s*(?:any\s+|the\s+)?limitations?\b"),
            )
        },
        # "2003 top rate 35%" states the rate: a figure to use, not one asked for
        "pfic_top_rates": {"no_facts": ("top_rates",)},
        # "a lower rate" of a treaty or of the withholding is no qualified-dividend bracket
        "lower_qdi_brackets": {"not_cues": (_cue(r"\btreat|withh|\bjapan"),)},
        "us_ordinary_rates": {"no_facts": ("gross_dividend_jpy", "ordinary_rate")},
        "fiscal_year_end": {"tests": ("asks_figure", "!ordinary_rates_of_a_dividend")},
    }
    extra = extras.get(topic, {})
    not_cues = (KIND_OF_RATE, *extra.pop("not_cues", ()))
    return Route(
        f"not_stated_{topic}",
        f"not_stated:{topic}",
        cues=(pattern,),
        not_cues=not_cues,
        **{"tests": ("asks_figure",), **extra},
    )


ROUTES: tuple[Route, ...] = (
    # a holder with a permanent establishment in Japan and no country said, asking of its dividends: whatever the
    # country, the Japanese discussion leaves them out, as its scope statement says (a sale: the calculator says so)
    Route(
        "japan_pe_without_country",
        None,
        cues=(_cue(r"permanent\s+establishment|\bpe\b"),),  # named so, as the scope statement names it
        not_cues=(_SELLS,),
        no_facts=("residence",),
        tests=("pe",),
    ),
    # "how long must a corporation hold …" asks for the rule itself
    Route("rule_how_long", None, cues=(_cue(r"^\s*how\s+long\b"),), no_facts=AMOUNT_KEYS),
    # a U.S. state's or city's own tax ("state income tax", "Ohio tax"): no calculator computes one and the report
    # discusses only the federal tax, so it is left to retrieval (unless the federal or Japanese tax is asked too)
    Route(
        "state_or_local_tax",
        None,
        cues=(_cue("tax"), STATE_OR_LOCAL_TAX),  # every match holds "tax": the cheap test first
        not_cues=(_cue(r"\bfederal\b|\bu\.?s\.?\s+(?:federal\s+)?(?:income\s+)?tax|\birs\b|withh|\bjapan"),),
    ),
    Route(
        "mark_to_market",
        "pfic_mark_to_market",
        cues=(_cue(r"mark[- ]to[- ]market|\bmtm\b"),),
        not_cues=(_cue("trader"),),
        facts=("mtm",),
        tests=("two_figures_or_asks_figure",),
    ),
    # "IIJ is a PFIC for me: $2,400 excess distribution … deferred tax?"
    Route(
        "allocate_stated_amount",
        "pfic_allocate",
        cues=(_ALLOCATION,),
        any_fact=("usd_amounts", "gain_usd"),
        figures=1,
    ),
    # "PFIC gain $3,650 … 2003 top rate 35% … amount per year and tax?": the allocation, asked year by year
    Route(
        "pfic_amount_by_year",
        "pfic_allocate",
        cues=(_cue(r"\bpfic\b"), _cue(r"\b(?:per|each|by|every)\s+(?:taxable\s+)?year\b|year[- ]by[- ]year")),
        any_fact=("usd_amounts", "gain_usd"),
        # "distributions by year: …; this year …": the earlier years' distributions listed are the excess test's
        no_facts=("prior_year_distributions_usd",),
        figures=1,
    ),
    Route(
        "pfic_holder_status",
        "pfic_holder_status",
        cues=(
            _cue(
                r"8621|\bqualif\w*|\bqdi\b|which\s+years?|what\s+years?|pfic\s+(?:with\s+respect|for\s+me|status)"
            ),
            # the PFIC status itself is named: "enough days for QDI?" with trade dates is the holding period
            _cue(r"\bpfic|8621|passive\s+foreign"),
        ),
        any_fact=("held_years", "pfic_years"),
    ),
    # "held 2001-2003, IIJ a PFIC in 2006: does any of it hit me?": the years held and the PFIC years both given,
    # with no amount, ask whether IIJ is a PFIC with respect to the holder
    Route(
        "pfic_holder_years_given",
        "pfic_holder_status",
        cues=(_cue(r"\bpfic|passive\s+foreign"),),
        facts=("held_years", "pfic_years"),
        no_facts=(*AMOUNT_KEYS, "prior_year_distributions_usd"),
    ),
    # "held since 2001, do I file Form 8621?": the years held follow from the PFIC years, which are asked for
    Route(
        "pfic_holder_status_held_since",
        "pfic_holder_status",
        cues=(_cue(r"8621|pfic\s+(?:with\s+respect|for\s+me|status)"),),
        facts=("since_date",),
        no_facts=("gross_dividend_jpy", "ex_dividend_date", "disposition_date"),
    ),
    Route("earnings_and_profits_given", "distribution_split", facts=("earnings_and_profits_usd",)),
    Route(
        "return_of_capital",
        "distribution_split",
        cues=(_cue(r"\be\s*&\s*p\b|earnings\s+(?:and|&)\s+profits|return\s+of\s+capital"),),
        any_fact=("distribution_usd", "basis_usd"),
    ),
    Route("conversion_rate_given", "fx_gain_loss", facts=("jpy_per_usd_conversion",)),
    Route(
        "currency_gain_on_conversion",
        "fx_gain_loss",
        cues=(
            _cue(r"(?:currency|exchange|fx|foreign\s+exchange|forex)\s+(?:gain|loss)"),
            _cue(r"\bconver\w*"),
        ),
        any_fact=("jpy_per_usd", "gross_dividend_jpy", "amount_realized_jpy"),
    ),
    # "the highest US rate in 2003 for the PFIC allocation?", "the top rate for 2001 under the excess distribution
    # rules?": a year is no amount to allocate, and the rate asked is one the report never gives
    Route(
        "not_stated_top_rate_for_allocation",
        "not_stated:pfic_top_rates",
        cues=(
            dict(NOT_STATED_TOPICS)["pfic_top_rates"],
            _cue(_ALLOCATION.pattern + r"|excess\s+distribution"),
        ),
        no_facts=(*AMOUNT_KEYS, "top_rates"),
        tests=("asks_figure",),
    ),
    Route("allocate", "pfic_allocate", cues=(_ALLOCATION,), figures=1),
    # one amount is enough: the calculator asks for the earlier years' distributions, or says the first year has none
    Route(
        "excess_distribution", "pfic_excess_distribution", cues=(_cue(r"excess\s+distribution"),), figures=1
    ),
    # "100, 200 and 300 in the prior years, 600 this year — what's the excess?": the earlier years' amounts stated
    Route(
        "excess_over_earlier_years",
        "pfic_excess_distribution",
        cues=(_cue(r"\bexcess\b"),),
        facts=("prior_year_distributions_usd",),
    ),
    # one figure is enough: the calculator asks for the rest of the test it belongs to
    Route(
        "pfic_tests",
        "pfic_test",
        cues=(PASSIVE, _cue(r"\bpfic\b|income\s+test|asset\s+test")),
        figures=1,
    ),
    # "passive assets were 60% at year end — a PFIC?": a share with no quarters; the calculator asks for them
    Route(
        "pfic_test_share",
        "pfic_test",
        cues=(
            PASSIVE,
            _cue(r"\bpfic\b|income\s+test|asset\s+test"),
            _cue(r"\d\s*(?:%|percent\b|per\s*cent\b)"),
        ),
        no_facts=("pfic_years",),
    ),
    # "total assets were ¥60bn each quarter — does IIJ pass the asset test?": a test figure the readers found
    Route(
        "pfic_test_figures",
        "pfic_test",
        cues=(_cue(r"\bpfic\b|income\s+test|asset\s+test"),),
        any_fact=("gross_income", "passive_income", "passive_assets_q", "total_assets_q"),
        # "suppose IIJ was a PFIC in 2003" gives the status for a year: nothing is left to test
        no_facts=("pfic_years",),
    ),
    Route(
        "second_form_deadline",
        "ads_second_form_deadline",
        cues=(SECOND_FORM,),
        any_fact=("fiscal_year_end_date", "unassigned_date"),
    ),
    # the calendar date asked for, with no fiscal year end given: ask for it ("deadline for the second form?"
    # with no date asked is the rule, for retrieval)
    Route(
        "second_form_deadline_date_asked",
        "ads_second_form_deadline",
        cues=(SECOND_FORM, CALENDAR_DATE_ASKED),
    ),
    Route(
        "qdi_window",
        "qdi_window",
        cues=(_cue(r"\bwindow\b|12[01][- ]day|holding[- ]period\s+(?:run|start|begin|end)"),),
        facts=("ex_dividend_date",),
        no_facts=("acquisition_date", "since_date", "gross_dividend_jpy"),
    ),
    *(_not_stated(topic, pattern) for topic, pattern in NOT_STATED_TOPICS),
    # the report's rate table asked about (a row, a band, the old column against the new), no case of one's own
    Route(
        "rate_table",
        "dividend_rate_table",
        # a row named by a rate ("the 0% row") belongs to the withholding table as much as one named by its words
        cues=(
            TABLE,
            _cue(
                r"\btreat(?:y|ies)\b|withh|\bw/h\b|\bvoting\b|\bdividends?\b|\b\d+\s*%\s+(?:row|band|line)\b"
            ),
            RATES_OR_WHOLE_TABLE,
        ),
        # "summarise the table" asks for the passage itself
        not_cues=(US_TAX_WORDS, US_RATE_WORDS, _cue(r"summar\w*|overview")),
        no_facts=AMOUNT_KEYS,
        tests=("!dated", "!holds_a_stake"),
    ),
    # the old treaty's rate against the new one's for a class of holder ("prior vs current treaty: under 10%?")
    Route(
        "treaties_compared",
        "dividend_rate_table",
        cues=(TREATIES_COMPARED, RATE_WORDS),
        not_cues=(US_TAX_WORDS, US_RATE_WORDS, _cue(r"summar\w*|overview")),
        no_facts=AMOUNT_KEYS,
        tests=("!dated", "!holds_a_stake"),
    ),
    # "under the old treaty, what rate for a holder of 10% or more?": a band of one treaty's column, no case
    Route(
        "treaty_band",
        "dividend_rate_table",
        cues=(_cue(r"\btreaty\b|\bconvention\b"), RATE_WORDS),
        not_cues=(US_TAX_WORDS, US_RATE_WORDS),
        facts=("regime_hint", "voting_pct"),
        no_facts=(*AMOUNT_KEYS, "residence", "holder_type"),
        tests=("!dated", "!holds_a_stake"),
    ),
    # "no treaty: what is withheld, and what rate do the other treaty countries get?": the statutory rate, and the
    # other countries' rates the report does not give, both from the table's text
    Route(
        "no_treaty_and_other_countries",
        "dividend_rate_table",
        cues=(_WITHHOLDING_OR_DIVIDEND_TAX, OTHER_TREATY_COUNTRIES),
        no_facts=(*AMOUNT_KEYS, "residence"),
        tests=("no_treaty", "asks_figure"),
    ),
    # "the prior treaty's cap for holders of 10% and up, and for the rest?": two rows of a treaty's column
    # compared, with no case of one's own (one row alone is answered by quoting the table)
    Route(
        "treaty_rows_compared",
        "dividend_rate_table",
        cues=(_cue(r"\btreat(?:y|ies)\b|\bconvention\b"), RATE_WORDS),
        not_cues=(US_TAX_WORDS, US_RATE_WORDS),
        no_facts=(*AMOUNT_KEYS, "residence"),
        tests=("two_rows", "!dated", "!holds_a_stake", "!no_treaty"),
    ),
    # "under the new treaty, what rate for pension funds?": the Treaty's pension-fund exemption, a row of its column
    # the text adds, asked of the treaty with no case of a holder
    Route(
        "treaty_pension_row",
        "dividend_rate_table",
        cues=(_cue(r"\btreaty\b|\bconvention\b"), RATE_WORDS, _cue(r"\bpension")),
        not_cues=(US_TAX_WORDS, US_RATE_WORDS),
        facts=("regime_hint",),
        no_facts=(*AMOUNT_KEYS, "residence", "voting_pct"),
        tests=("!dated",),
    ),
    Route(
        "us_tax_on_dividend_with_holding_dates",
        "us_dividend_tax",
        cues=(US_TAX_WORDS,),
        facts=("ex_dividend_date", "gross_dividend_jpy"),
        any_fact=("acquisition_date", "since_date"),
    ),
    Route(
        "qdi_holding_period",
        "qdi_holding_period",
        facts=("ex_dividend_date",),
        any_fact=("acquisition_date", "since_date"),
    ),
    # "bought 45 days before the ex-dividend date and sold 20 days after it": the count needs no calendar date;
    # with a dividend amount the holding is a fact of the U.S. dividend question, which the routes below take
    Route(
        "qdi_holding_period_from_offsets",
        "qdi_holding_period",
        facts=("qdi_offsets",),
        no_facts=("gross_dividend_jpy",),
    ),
    # a sale around the ex-dividend date asked as the holding period, with no purchase date: ask for it
    Route(
        "qdi_holding_period_without_purchase",
        "qdi_holding_period",
        cues=(QDI_TEST,),
        facts=("ex_dividend_date", "disposition_date"),
    ),
    # a general question about the rule ("is the exemption absolute?") is for retrieval
    Route(
        "japanese_tax_on_sale_rule",
        None,
        cues=(_SELLS, _JAPAN_TAX),
        tests=("!names_the_dividend", "!own_case", "!stated_sale"),
    ),
    Route(
        "japanese_tax_on_sale",
        "jp_tax_on_disposal",
        cues=(_SELLS, _JAPAN_TAX),
        tests=("!names_the_dividend",),
    ),
    Route(
        "capital_gain_from_amounts",
        "us_capital_gain",
        cues=(_SELLS,),
        any_fact=("basis_usd", "amount_realized_usd", "amount_realized_jpy", "gain_usd"),
    ),
    # bought and sold, asked as the qualified-dividend holding period: the ex-dividend date is what is missing
    Route(
        "qdi_holding_period_from_trade_dates",
        "qdi_holding_period",
        cues=(
            _cue(
                r"\bqdi\b|qualified\s+div\w*|\bdividends?\s+(?:be\s+|is\s+|was\s+|count\s+as\s+)?qualif\w*|"
                r"\b6[01][- ]days?\b|\b12[01][- ]day|\bex[- ]?div|"
                # a holding requirement asked about the dividend ("the holding requirement for the dividend")
                r"(?:holding\s+(?:requirement|period|test|rule)|(?:held|hold|holding|kept|keep)\s+(?:\w+\s+){0,2}?"
                r"long\s+enough)[^.?!]{0,40}\bdividend"
            ),
        ),
        facts=("acquisition_date", "disposition_date"),
        no_facts=AMOUNT_KEYS,
    ),
    Route(
        "capital_gain_from_dates",
        "us_capital_gain",
        cues=(_SELLS,),
        facts=("acquisition_date", "disposition_date"),
    ),
    # "… 10% withheld. How much income do I report?": the U.S. side is asked
    Route("dividend_us_side_asked", "us_dividend_tax", any_fact=_DIVIDEND_AMOUNTS, tests=("asks_us_side",)),
    Route(
        "dividend_us_tax_words",
        "us_dividend_tax",
        cues=(US_TAX_WORDS,),
        any_fact=_DIVIDEND_AMOUNTS,
        tests=("!asks_jp_side",),
    ),
    # a dividend with the holder's ordinary rate or IIJ's PFIC years stated: facts only the U.S. tax uses
    Route(
        "dividend_with_us_facts",
        "us_dividend_tax",
        not_cues=(_cue(r"withh|w/h|\bwht\b|\bnet\b|refund|reclaim"),),
        facts=("gross_dividend_jpy",),
        any_fact=("ordinary_rate", "pfic_years"),
        tests=("!asks_jp_side",),
    ),
    # a yen dividend at a yen/dollar rate, asked as income: its U.S. treatment
    Route(
        "dividend_income_at_a_rate",
        "us_dividend_tax",
        cues=(_cue(r"\bincome\b"),),
        not_cues=(_cue(r"withh|w/h|\bwht\b|japan|\bnet\b|refund|reclaim"),),
        facts=("gross_dividend_jpy", "jpy_per_usd"),
    ),
    Route(
        "dividend_withholding",
        "jp_withholding_amounts",
        cues=(_WITHHOLDING_OR_TAX,),
        any_fact=_DIVIDEND_AMOUNTS,
    ),
    # "what is the name of the form I file to get the treaty rate?": the form asked for, not a rate (the rate
    # named only as what the form obtains)
    Route(
        "rule_which_form",
        None,
        cues=(
            _cue(
                r"\b(?:what|which)(?:'s|\s+is|\s+are)?\s+(?:the\s+)?(?:(?:name|title)\s+of\s+the\s+)?(?:forms?|"
                # (not "forms of income", "the application of the treaty rate": a kind, or a rule's use)
                r"documents?|paperwork|applications?)\b(?!\s+of\b)|\b(?:name|title)\s+of\s+the\s+(?:form|application)\b"
            ),
        ),
        not_cues=(_cue(r"\b(?:and|also|plus)\s+(?:what|which|how\s+much)\b"),),
        no_facts=AMOUNT_KEYS,
        tests=("!dated",),
    ),
    # "…: is it zero or five percent for me?": a choice between two rates asks the rate as much as the word does
    Route(
        "situation_rate",
        "jp_withholding_rate",
        # "do we get 5%?", "is the holder at 10%?": a rate proposed for the stated case asks the rate too
        cues=(
            _cue(
                r"\brate\b|"
                + _RATE_CHOICE
                + r"|\b(?:at|get|getting|pay|owe|qualify\s+for)\s+(?:the\s+)?\d+(?:\.\d+)?\s*%"
            ),
        ),
        not_cues=(US_TAX_WORDS,),
        tests=("strong_situation",),
    ),
    # the U.S. tax of a holder owning 10% or more of the voting stock: the report's U.S. discussion excludes
    # them, which is the answer before any date or amount is asked for
    Route(
        "us_tax_of_a_ten_percent_holder",
        "us_dividend_tax",
        cues=(_WITHHOLDING_OR_DIVIDEND_TAX, _US_SIDE_NAMED),
        not_cues=(_WITHHELD_OR_JAPAN,),
        facts=("voting_pct",),
        tests=("ten_pct_or_more",),
    ),
    # a U.S.-tax rule question with no amount ("does a corporation get the 15% rate?")
    Route(
        "us_rule_for_a_situation",
        None,
        cues=(
            _WITHHOLDING_OR_DIVIDEND_TAX,
            re.compile(US_TAX_WORDS.pattern + "|" + US_RATE_WORDS.pattern, re.I),
        ),
        not_cues=(_WITHHELD_OR_JAPAN,),
        any_fact=SITUATION_KEYS,
        tests=("asks_figure",),
    ),
    Route(
        "situation_withholding",
        "jp_withholding_rate",
        cues=(_WITHHOLDING_OR_DIVIDEND_TAX,),
        any_fact=SITUATION_KEYS,
        tests=("asks_figure",),
    ),
)


def first_route(text: str, facts: Mapping[str, Any]) -> Route | None:
    """The first row of ``ROUTES`` a message meets; ``None`` when none does."""
    reading = Reading(text, facts)
    return next((route for route in ROUTES if route.matches(reading)), None)


def detect_intent(text: str, facts: Mapping[str, Any]) -> str | None:
    """Which calculator (or ``not_stated:<topic>``) a message asks for; ``None`` for non-calculation questions."""
    route = first_route(text, facts)
    return route.to if route is not None else None


__all__ = [
    "CONTINUATIONS",
    "ROUTES",
    "TESTS",
    "Continuation",
    "Reading",
    "Route",
    "continued",
    "detect_intent",
    "first_route",
]
