"""Test vectors of the series readers: amounts for the earlier years, quarter-end assets, year-end values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.qa.readers.facts import extract_facts
from service.qa.readers.mark_to_market import parse_mark_to_market
from service.qa.readers.quarters import quarterly_assets
from service.qa.readers.series import amounts_by_year, earlier_year_amounts, held_year_list

# (text, amounts for the earlier years, oldest first, the text they were read from)
EARLIER = [
    (
        "I received $1,000 in each of the previous three years and $2,000 this year.",
        [1000, 1000, 1000],
        "$1,000 in each of the previous three years",
    ),
    (
        "I only held them two years before this one — got $80 and $120 in those years, and $300 this year.",
        [80, 120],
        "$80 and $120 in those years",
    ),
    ("distributions of $500 a year for the past 3 years; $900 now", [500, 500, 500], None),
    ("$100, $150 and $200 in the prior three years, then $600", [100, 150, 200], None),
    ("the fund paid me 75 in the previous year and 400 in this one", [75], None),
    ("two years before the current one I got 40 and 60 over those years", [40, 60], None),
    ("I got $200 each year for the three years before this one, and $700 this year", [200, 200, 200], None),
    ("in the three prior years I received $100, $120 and $140", [100, 120, 140], None),
    # a label for the earlier years followed by their amounts
    ("Preceding two years: $250 then $350. Now $1,000.", [250, 350], None),
    ("owned it for three previous years: payouts $90, $60, $30 (oldest first)", [90, 60, 30], None),
    ("they paid $40 per year in dividends in each of the past two years", [40, 40], None),
    ("got $10, $20 and $30 in the 3 previous yrs", [10, 20, 30], None),
    ("$75/yr for 2 prior years", [75, 75], None),
    # counted as years before this one, and a run that ends in its currency word
    ("had them 3 years before this one: $50, $70, then $90. Now $200", [50, 70, 90], None),
    ("paid 40, 45 and 50 dollars in the previous three years", [40, 45, 50], None),
    # one amount with "each"/"apiece" after it stands for every year counted
    ("the past two yrs $75 apiece, now $120", [75, 75], None),
    # an opening bracket before the amount
    ("held it just one earlier year (received $640 that year); $900 this year", [640], None),
    # a chronological list: every amount before the current year's is an earlier year's
    ("payouts by year, earliest first: $40, $50, $70, $60 and this year $200", [40, 50, 70, 60], None),
    # a possessive label whose noun and verb come before the amounts
    ("Earlier three years' payouts were $90 each; this year $300", [90, 90, 90], None),
    # a chronological list that says where it starts
    ("payouts by year since purchase: 10, 30, 30 and this year 90", [10, 30, 30], None),
    # a currency code before or after each amount
    ("Two previous taxable years: USD 150 and USD 175. This year USD 400", [150, 175], None),
    ("Preceding two years: 150 USD and 175 USD; now 300 USD", [150, 175], None),
    # a "full" year counted, and a clause opening on the year just named
    ("I held it for just one full earlier year, in which I received $600; this year $1,100", [600], None),
    ("two whole prior years, during which we got $30 and $45", [30, 45], None),
    # the amounts run straight into "the … years", repeated or not
    ("received $250, $250, $250 the past three years, $900 now", [250, 250, 250], None),
    ("80, 95 the preceding two years and 300 this year", [80, 95], None),
    # one counted earlier year, its amount a few words later
    ("Just one prior year of my holding, with a $700 payout; $1,500 this year", [700], None),
    # "each of" before the label: one amount for every year counted
    ("each of the previous three years $60; this year $200", [60, 60, 60], None),
    # the count of years said after the one amount
    ("Earlier years: $45 each for two years; this year $150", [45, 45], None),
]


@pytest.mark.parametrize(("text", "values", "span"), EARLIER)
def test_amounts_for_the_earlier_years_are_read_in_order(
    text: str, values: list[int], span: str | None
) -> None:
    earlier = earlier_year_amounts(text)
    assert earlier is not None
    assert earlier.values == tuple(Decimal(v) for v in values)
    if span is not None:
        assert text[earlier.start : earlier.end] == span


@pytest.mark.parametrize(
    "text",
    [
        "$100 and $200 in the previous three years",  # two amounts for three years: not guessed
        "$2,400 excess distribution this year",
        "prior two years: $500",  # one amount for two years, with no "each": not guessed
        "got 300 last year and 200 the year before",  # one year's label: its amount comes before it
        "one earlier year, and this year $800",  # the amount is the current year's
        "I sold 100 the last year",  # a bare count before "the last year"
    ],
)
def test_amounts_that_do_not_fit_the_earlier_years_are_not_read(text: str) -> None:
    assert earlier_year_amounts(text) is None


BN = 10**9
# (text, passive assets by quarter, total assets by quarter)
QUARTERS = [
    ("passive assets ¥20bn of ¥100bn total at every quarter-end", [20 * BN] * 4, [100 * BN] * 4),
    ("passive assets were 30, 40, 40 and 30 and total assets 100 each quarter", [30, 40, 40, 30], [100] * 4),
    ("passive 45 out of total 100 in all four quarters", [45] * 4, [100] * 4),
    ("each quarter end: passive assets $3m, total assets $10m", [3 * 10**6] * 4, [10 * 10**6] * 4),
    # a unit said once for the list
    (
        "passive assets per quarter (in $m) 5, 6, 7, 8 and total assets (in $m) 20, 20, 25, 25",
        [5, 6, 7, 8],
        [20, 20, 25, 25],
    ),
]


@pytest.mark.parametrize(("text", "passive", "total"), QUARTERS)
def test_quarter_end_assets_make_four_figures_each(text: str, passive: list[int], total: list[int]) -> None:
    quarters = quarterly_assets(text)
    assert quarters is not None
    assert quarters.passive == tuple(Decimal(v) for v in passive)
    assert quarters.total == tuple(Decimal(v) for v in total)


@pytest.mark.parametrize("text", ["passive assets 30 of 100", "total assets 250 at the year end"])
def test_one_figure_without_every_quarter_is_not_four_quarters(text: str) -> None:
    assert quarterly_assets(text) is None


# (text, passive assets by quarter or None, total assets by quarter or None): one side alone is still read
ONE_SIDE = [
    ("our total assets stood at ¥80bn at each quarter end", None, [80 * BN] * 4),
    ("the passive assets averaged $2m over the four quarters; is the asset test met?", [2 * 10**6] * 4, None),
    ("passive assets each quarter: 12, 14, 16, 18", [12, 14, 16, 18], None),
    ("passive assets Q1 5 Q2 6 Q3 7 Q4 8", [5, 6, 7, 8], None),  # quarter labels are no figures
]


@pytest.mark.parametrize(("text", "passive", "total"), ONE_SIDE)
def test_one_side_of_the_asset_test_is_read_alone(
    text: str, passive: list[int] | None, total: list[int] | None
) -> None:
    quarters = quarterly_assets(text)
    assert quarters is not None
    assert quarters.passive == (None if passive is None else tuple(Decimal(v) for v in passive))
    assert quarters.total == (None if total is None else tuple(Decimal(v) for v in total))


def test_passive_income_is_not_read_as_passive_assets() -> None:
    assert quarterly_assets("passive 40 of gross 100 in income every quarter") is None


# (text, basis, (calendar year, value) pairs)
YEAR_END = [
    (
        "Mark-to-market election: I paid $100; year-end values $130 (2004), $110 (2005), $80 (2006).",
        100,
        [(2004, 130), (2005, 110), (2006, 80)],
    ),
    (
        "MTM: basis 500, FMV 520 (end 2003), 480 (end 2004) and 610 (end 2005)",
        500,
        [(2003, 520), (2004, 480), (2005, 610)],
    ),
    ("bought for $1,000; worth $1,100 (FY2004) and $900 (FY2005)", 1000, [(2004, 1100), (2005, 900)]),
    # the year joined to "end" by a hyphen
    ("MTM: cost 700; end-2003 value 750, end-2004 value 690", 700, [(2003, 750), (2004, 690)]),
]


@pytest.mark.parametrize(("text", "basis", "values"), YEAR_END)
def test_year_end_values_labelled_with_their_year_in_brackets(
    text: str, basis: int, values: list[tuple[int, int]]
) -> None:
    mtm = parse_mark_to_market(text)
    assert mtm.basis == Decimal(basis)
    assert mtm.values == [(year, Decimal(v)) for year, v in values]
    assert mtm.years_are_calendar
    assert not mtm.unclear


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2002 $70, 2003 $80; 2004 $200", {2002: 70, 2003: 80, 2004: 200}),
        ("$5 in 2001, $6 in 2002 and $9 (2003)", {2001: 5, 2002: 6, 2003: 9}),
        ("2001: 10, 2002: 12", {2001: 10, 2002: 12}),
        ("2001 $10 and 2003 $30", None),  # not consecutive years
        ("bought 2004-01-02 for $100", None),
    ],
)
def test_amounts_labelled_with_consecutive_years(text: str, expected: dict[int, int] | None) -> None:
    read = amounts_by_year(text)
    assert read == (None if expected is None else {y: Decimal(v) for y, v in expected.items()})


@pytest.mark.parametrize(
    "text",
    [
        "Bought 2003-05-01, another lot 2004-06-01. Excess distribution?",
        "Distributions on 2002-07-15 and 2003-08-20.",
        "Held since 2001-04 and 2002-09.",
    ],
)
def test_dashed_dates_are_no_years_with_amounts(text: str) -> None:
    assert amounts_by_year(text) is None


def test_a_year_and_its_amount_beside_a_date_are_still_read() -> None:
    text = "Acquired 2001-03-10. 2002 - 250, 2003: 275, 2004 $410."
    assert amounts_by_year(text) == {2002: Decimal(250), 2003: Decimal(275), 2004: Decimal(410)}


def test_a_result_asked_about_is_no_figure_of_the_mark_to_market_case() -> None:
    mtm = parse_mark_to_market(
        "MTM in place, cost 6k, value at the first year end 5k: is the 1k loss deductible?"
    )
    assert (mtm.basis, mtm.values, mtm.unclear) == (Decimal(6000), [(1, Decimal(5000))], False)


def test_earlier_inclusions_are_named_by_the_words_after_the_amount() -> None:
    mtm = parse_mark_to_market(
        "$900 of prior inclusions still unreversed; basis $12,000 and worth $11,000 at year end"
    )
    assert (mtm.prior_inclusions, mtm.basis, mtm.unclear) == (Decimal(900), Decimal(12000), False)


def test_a_value_said_of_the_following_year_extends_the_earlier_series() -> None:
    older = parse_mark_to_market("basis $100, year-end values $120 then $90")
    newer = parse_mark_to_market("what if the following year the value falls to $70?")
    assert newer.fill_from(older).values == [(1, Decimal(120)), (2, Decimal(90)), (3, Decimal(70))]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2003 and 2004 were PFIC years for IIJ", [2003, 2004]),
        ("say 2005 is a PFIC year", [2005]),
    ],
)
def test_pfic_years_named_before_the_status(text: str, years: list[int]) -> None:
    assert extract_facts(text).facts["pfic_years"] == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # no year a PFIC year: an empty list, which the holder-status test can use
        ("held it 2000 to 2002 and the company was never a PFIC", []),
        ("it has not been a PFIC in any taxable year; do I file?", []),
        ("there were no PFIC years while I held it", []),
        # a year said not to be a PFIC year is not one; a later year said to be one still is
        ("it was not a PFIC in 2003 but was a PFIC in 2004", [2004]),
    ],
)
def test_years_said_not_to_be_pfic_years_are_not_pfic_years(text: str, years: list[int]) -> None:
    assert extract_facts(text).facts["pfic_years"] == years


@pytest.mark.parametrize("text", ["was it ever a PFIC?", "the company was not a PFIC in 2003"])
def test_a_question_or_a_denied_year_names_no_pfic_years(text: str) -> None:
    assert "pfic_years" not in extract_facts(text).facts


def test_years_held_read_through_a_doubled_or_dropped_letter() -> None:
    assert held_year_list("I ownd them durring 2007") == [2007]


def test_a_fall_from_the_basis_to_a_year_end_value_reads_both_figures() -> None:
    mtm = parse_mark_to_market(
        "First year after the MTM election, the stock fell from a $5,000 basis to $4,600 at year end. A loss of $400?"
    )
    assert (mtm.basis, mtm.values, mtm.unclear, mtm.next_year) == (
        Decimal(5000),
        [(1, Decimal(4600))],
        False,
        False,
    )


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("preceding years (earliest first): 5, 7, 9, 11; now 30", ("5", "7", "9", "11")),
        ("previous distributions, oldest to most recent: $60, $70, $80", ("60", "70", "80")),
    ],
)
def test_earlier_years_listed_after_their_order_is_said(text: str, values: tuple[str, ...]) -> None:
    earlier = earlier_year_amounts(text)
    assert earlier is not None
    assert earlier.values == tuple(Decimal(v) for v in values)


def test_the_holding_said_as_a_noun_gives_the_years_held() -> None:
    assert held_year_list("Holdings 2001–2003; PFIC in 2002") == [2001, 2002, 2003]
    assert held_year_list("our ownership ran 2005 to 2007") == [2005, 2006, 2007]
