"""Behaviour of the pure eval scorers: locating passages, numbers, citation hits, per-case and aggregate scores."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from evals.scoring import (
    Case,
    CaseScore,
    Citation,
    PassageNotFoundError,
    Response,
    aggregate,
    aggregate_by_group,
    citation_hit,
    citation_valid,
    facts_present,
    locate,
    normalise_numbers,
    normalise_ws,
    number_forms,
    numbers_missing,
    numbers_present,
    percentile,
    score_case,
)

CORPUS_PATH = Path(__file__).resolve().parents[3] / "corpus" / "iij-20f-fy2004-item10.txt"
CORPUS = CORPUS_PATH.read_text(encoding="utf-8")

TREATY_10 = (
    "Under the Treaty, the maximum withholding rate for most shareholders is limited to 10% of the gross "
    "amount actually distributed."
)
TABLE = (
    "The Prior Treaty The Treaty 10% or more of the voting shares 10% More than 50% of the voting shares 0% "
    "10% to 50% of the voting shares 5% Others 15% Others 10%"
)
FORM_8621 = "If you own shares or ADSs during any year that we are a PFIC, you must file Internal Revenue Service Form 8621."


def cite_of(passage: str) -> Citation:
    start, end = locate(CORPUS, passage)
    return Citation(quote=CORPUS[start:end], start=start, end=end, id="c1")


# ------------------------------------------------------------------------------------------------ locate


def test_locate_returns_raw_offsets_of_a_single_line_sentence() -> None:
    start, end = locate(CORPUS, TREATY_10)
    assert CORPUS[start:end] == TREATY_10


def test_locate_maps_a_whitespace_collapsed_table_back_to_the_tabbed_original() -> None:
    start, end = locate(CORPUS, TABLE)
    raw = CORPUS[start:end]
    assert "\t" in raw
    assert normalise_ws(raw) == TABLE


def test_locate_accepts_a_passage_with_reflowed_whitespace() -> None:
    reflowed = TREATY_10.replace(" the ", "\n  the\t")
    assert locate(CORPUS, reflowed) == locate(CORPUS, TREATY_10)


def test_locate_ignores_surrounding_whitespace_of_the_passage() -> None:
    assert locate(CORPUS, f"  \n{TREATY_10}\n ") == locate(CORPUS, TREATY_10)


@pytest.mark.parametrize(
    "passage",
    [
        "The Treaty rate for most shareholders is 0%.",
        "under the treaty, the maximum withholding rate",  # case matters
        "",
        "   \n\t ",
    ],
)
def test_locate_raises_a_clear_error_for_passages_not_in_the_corpus(passage: str) -> None:
    with pytest.raises(PassageNotFoundError):
        locate(CORPUS, passage)


def test_passage_not_found_error_names_the_passage() -> None:
    with pytest.raises(PassageNotFoundError, match="maximum rate is 7%"):
        locate(CORPUS, "the maximum rate is 7%")


_WS_RUNS = st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n ", "\n\n"]), min_size=1, max_size=3).map(
    "".join
)


@given(
    bounds=st.tuples(st.integers(0, len(CORPUS)), st.integers(1, 400)),
    whitespace=st.lists(_WS_RUNS, min_size=1, max_size=50),
)
def test_locate_round_trips_any_corpus_substring_with_reflowed_whitespace(
    bounds: tuple[int, int], whitespace: list[str]
) -> None:
    start, length = bounds
    passage = CORPUS[start : start + length]
    assume(normalise_ws(passage))
    words = normalise_ws(passage).split(" ")
    reflowed = "".join(word + whitespace[i % len(whitespace)] for i, word in enumerate(words))
    found_start, found_end = locate(CORPUS, reflowed)
    assert normalise_ws(CORPUS[found_start:found_end]) == normalise_ws(passage)
    assert not CORPUS[found_start].isspace()
    assert not CORPUS[found_end - 1].isspace()


# ------------------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥1,000,000", {"1000000"}),
        ("1,000,000 yen", {"1000000"}),
        ("1000000", {"1000000"}),
        ("JPY 1m", {"1000000"}),
        ("1.2 million yen", {"1200000"}),
        ("JPY 500k", {"500000"}),
        ("¥10bn", {"10000000000"}),
        ("$1,363.64", {"1363.64"}),
        ("USD 1,363.640", {"1363.64"}),
        ("10%", {"10%"}),
        ("10 %", {"10%"}),
        ("10 percent", {"10%"}),
        ("10 per cent", {"10%"}),
        ("0.10", {"0.1", "10%"}),
        ("a loss of -20", {"-20", "20"}),
        ("a loss of −20", {"-20", "20"}),
        ("¥0", {"0", "0%"}),
        ("0%", {"0", "0%"}),
        ("-0.00", {"0", "0%"}),
        ("withheld ¥100,000.", {"100000"}),
        ("2004-09-30", {"2004", "9", "30"}),
        ("no numbers here", set()),
    ],
)
def test_normalise_numbers_gives_canonical_forms(text: str, expected: set[str]) -> None:
    assert normalise_numbers(text) == expected


@pytest.mark.parametrize(
    ("expected", "answer"),
    [
        (["¥1,000,000"], "The gross dividend is 1000000 yen."),
        (["1,000,000"], "¥1,000,000 gross"),
        (["100,000"], "Withheld: JPY 100,000 (10%)."),
        (["10%"], "a rate of 10 percent"),
        (["10%"], "rate 0.10"),
        (["0.15"], "at most 15%"),
        (["1,363.64"], "tax cap $1,363.64"),
        (["909.09", "1,363.64"], "credit $909.09; cap $1,363.64"),
        (["20"], "ordinary loss of -20"),
        (["30", "27"], "window 2004-07-30 to 2004-11-27"),
        (["0"], "no withholding tax is imposed (0%)"),
        ([], "anything"),
    ],
)
def test_numbers_present_matches_equivalent_writings(expected: list[str], answer: str) -> None:
    assert numbers_present(expected, answer)


@pytest.mark.parametrize(
    ("expected", "answer", "absent"),
    [
        (["100,000"], "Withheld: ¥1,000,000", ("100,000",)),
        (["10%"], "held for 10 days", ("10%",)),  # a bare 10 is not a rate
        (["1,363.64"], "$1,363.63", ("1,363.64",)),
        (["50,000", "100,000"], "refund ¥50,000", ("100,000",)),
        (["5%"], "0.5", ("5%",)),
    ],
)
def test_numbers_missing_lists_exactly_the_absent_numbers(
    expected: list[str], answer: str, absent: tuple[str, ...]
) -> None:
    assert numbers_missing(expected, answer) == absent
    assert not numbers_present(expected, answer)


@pytest.mark.parametrize("bad", ["", "ten percent", "10% and 5%"])
def test_expected_number_must_hold_exactly_one_number(bad: str) -> None:
    with pytest.raises(ValueError, match="exactly one number"):
        number_forms(bad)


@given(st.integers(min_value=1, max_value=10**12))
def test_grouped_and_plain_integers_normalise_alike(value: int) -> None:
    assert normalise_numbers(f"¥{value:,}") == normalise_numbers(f"{value} yen") == {str(value)}


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_every_dollar_amount_is_found_in_an_answer_that_states_it(value: Decimal) -> None:
    text = f"${value:,.2f}"
    assert numbers_present([text], f"The amount is {text}.")


# ------------------------------------------------------------------------------------------------ facts


@pytest.mark.parametrize(
    ("facts", "answer", "ok"),
    [
        (["IIJ America"], "iij america inc. provides the services", True),
        (["twelve months"], "for the period of twelve\nmonths ending", True),
        (["IIJ's Internet backbone"], "IIJ’s Internet backbone", True),
        (["pension fund", "business"], "a pension fund", False),
        ([], "", True),
    ],
)
def test_facts_present_is_case_whitespace_and_quote_insensitive(
    facts: list[str], answer: str, ok: bool
) -> None:
    assert facts_present(facts, answer) is ok


# ------------------------------------------------------------------------------------------------ citation hits


@pytest.mark.parametrize(
    ("citation", "expected", "hit"),
    [
        ((0, 100), (0, 100), True),  # identical
        ((0, 1000), (400, 500), True),  # a chunk containing the sentence
        ((420, 470), (400, 500), True),  # a clause inside the sentence
        ((0, 100), (50, 150), True),  # exactly half of the shorter
        ((0, 100), (51, 151), False),  # just under half
        ((0, 100), (100, 200), False),  # touching, no overlap
        ((0, 100), (300, 400), False),
        ((10, 10), (0, 100), False),  # empty citation
    ],
)
def test_citation_hit_needs_half_of_the_shorter_span(
    citation: tuple[int, int], expected: tuple[int, int], hit: bool
) -> None:
    assert citation_hit(citation, expected) is hit


@given(
    a=st.tuples(st.integers(0, 500), st.integers(1, 500)),
    b=st.tuples(st.integers(0, 500), st.integers(1, 500)),
)
def test_citation_hit_is_symmetric(a: tuple[int, int], b: tuple[int, int]) -> None:
    span_a, span_b = (a[0], a[0] + a[1]), (b[0], b[0] + b[1])
    assert citation_hit(span_a, span_b) is citation_hit(span_b, span_a)


def test_citation_is_valid_only_when_the_quote_matches_the_offsets() -> None:
    good = cite_of(TREATY_10)
    assert citation_valid(good, CORPUS)
    assert not citation_valid(Citation(quote=good.quote, start=good.start + 1, end=good.end + 1), CORPUS)
    assert not citation_valid(Citation(quote=good.quote.upper(), start=good.start, end=good.end), CORPUS)
    assert not citation_valid(Citation(quote="", start=5, end=5), CORPUS)
    assert not citation_valid(Citation(quote="x", start=len(CORPUS), end=len(CORPUS) + 1), CORPUS)


# ------------------------------------------------------------------------------------------------ one case

TREATY_CASE = Case(
    id="treaty-001",
    split="test",
    question="What's the maximum Japanese withholding rate under the Treaty for most shareholders?",
    route="retrieval",
    numbers=("10%",),
    cite=(TREATY_10,),
    tags=("treaty",),
)
CLARIFY_CASE = Case(
    id="clarify-001",
    split="dev",
    question="How much tax is withheld on a ¥1,000,000 IIJ dividend?",
    route="clarify",
    missing=("residence",),
    tags=("clarify", "jp_tax"),
)
OOS_CASE = Case(
    id="oos-001", split="test", question="Who is the CEO?", route="out_of_scope", tags=("out_of_scope",)
)


def test_a_correct_retrieval_answer_passes_with_its_hit_at_rank_one() -> None:
    response = Response(answer=f"{TREATY_10} [c1]", route="retrieval", citations=(cite_of(TREATY_10),))
    score = score_case(TREATY_CASE, response, CORPUS)
    assert score.passed
    assert score.first_hit_rank == 1
    assert (score.citations_total, score.citations_valid) == (1, 1)


def test_the_right_passage_cited_second_still_passes_with_rank_two() -> None:
    response = Response(
        answer="The maximum rate is 10%.",
        route="retrieval",
        citations=(cite_of(FORM_8621), cite_of(TREATY_10)),
    )
    score = score_case(TREATY_CASE, response, CORPUS)
    assert score.passed
    assert score.first_hit_rank == 2


def test_a_citation_whose_quote_does_not_match_its_offsets_cannot_hit() -> None:
    good = cite_of(TREATY_10)
    forged = Citation(quote="made up", start=good.start, end=good.end)
    score = score_case(TREATY_CASE, Response(answer="10%", route="retrieval", citations=(forged,)), CORPUS)
    assert not score.cite_ok
    assert not score.passed
    assert score.first_hit_rank is None
    assert (score.citations_total, score.citations_valid) == (1, 0)


def test_a_wrong_number_fails_the_case_and_is_reported() -> None:
    response = Response(answer="The rate is 15%.", route="retrieval", citations=(cite_of(TREATY_10),))
    score = score_case(TREATY_CASE, response, CORPUS)
    assert not score.numbers_ok
    assert not score.passed
    assert score.absent_numbers == ("10%",)


def test_every_expected_passage_must_be_cited() -> None:
    case = Case(
        id="pfic-tests-001",
        split="test",
        question="What are the two PFIC tests?",
        route="retrieval",
        cite=(
            "at least 75% of our gross income for the taxable year is passive income, or",
            "at least 50% of the value, determined on the basis of a quarterly average, of our assets",
        ),
    )
    response = Response(answer="75%", route="retrieval", citations=(cite_of(case.cite[0]),))
    score = score_case(case, response, CORPUS)
    assert not score.cite_ok
    assert score.first_hit_rank == 1
    assert score.unhit_passages == (case.cite[1],)


def test_clarify_passes_only_when_the_missing_fields_match_as_a_set() -> None:
    right = Response(answer="Where are you resident?", route="clarify", missing=("residence",))
    extra = Response(answer="?", route="clarify", missing=("residence", "payment_date"))
    assert score_case(CLARIFY_CASE, right, CORPUS).passed
    assert not score_case(CLARIFY_CASE, extra, CORPUS).missing_ok


def test_missing_fields_are_not_checked_for_non_clarify_cases() -> None:
    response = Response(
        answer="10%", route="retrieval", citations=(cite_of(TREATY_10),), missing=("advance_form_filed",)
    )
    assert score_case(TREATY_CASE, response, CORPUS).missing_ok


@pytest.mark.parametrize(("route", "passed"), [("out_of_scope", True), ("retrieval", False)])
def test_out_of_scope_passes_exactly_when_the_system_abstains(route: str, passed: bool) -> None:
    score = score_case(OOS_CASE, Response(answer="The report does not say.", route=route), CORPUS)
    assert score.passed is passed


def test_a_failed_call_fails_every_check_but_keeps_its_latency() -> None:
    response = Response(answer="10% " + TREATY_10, route="retrieval", error="HTTP 500", latency_ms=12.0)
    score = score_case(TREATY_CASE, response, CORPUS)
    assert not score.route_ok
    assert not score.passed
    assert score.returned_route == ""
    assert score.latency_ms == 12.0


def test_an_expected_passage_missing_from_the_corpus_raises() -> None:
    case = Case(id="x", split="dev", question="q", route="retrieval", cite=("not in the report at all",))
    with pytest.raises(PassageNotFoundError):
        score_case(case, Response(answer="", route="retrieval"), CORPUS)


def test_case_from_mapping_reads_a_yaml_case_with_history() -> None:
    case = Case.from_mapping(
        {
            "id": "fu-001",
            "split": "dev",
            "question": "and for a pension fund?",
            "history": [{"role": "user", "content": "rate?"}, {"role": "assistant", "content": "10%"}],
            "route": "retrieval",
            "facts": ["pension fund"],
            "numbers": [],
            "cite": [],
            "missing": [],
            "tags": ["followup"],
        }
    )
    assert case.facts == ("pension fund",)
    assert [t.role for t in case.history] == ["user", "assistant"]


@pytest.mark.parametrize(
    "data",
    [
        {"split": "dev", "question": "q", "route": "retrieval"},
        {"id": "a", "split": "dev", "question": "q", "route": "retrieval", "facts": "not a list"},
        {"id": "a", "split": "dev", "question": "q", "route": "retrieval", "history": [{"role": "bot"}]},
    ],
)
def test_case_from_mapping_rejects_malformed_cases(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"must be|history"):
        Case.from_mapping(data)


# ------------------------------------------------------------------------------------------------ aggregates


def make_score(
    *,
    passed: bool = True,
    expected: str = "retrieval",
    returned: str | None = None,
    rank: int | None = 1,
    expects_citation: bool = True,
    expects_numbers: bool = False,
    numbers_ok: bool = True,
    total: int = 1,
    valid: int = 1,
    latency: float | None = 10.0,
    split: str = "test",
    tags: tuple[str, ...] = ("treaty",),
) -> CaseScore:
    returned = expected if returned is None else returned
    return CaseScore(
        case_id="c",
        split=split,
        tags=tags,
        expected_route=expected,
        returned_route=returned,
        route_ok=expected == returned,
        facts_ok=True,
        numbers_ok=numbers_ok,
        missing_ok=True,
        cite_ok=rank is not None,
        passed=passed,
        expects_citation=expects_citation,
        expects_numbers=expects_numbers,
        first_hit_rank=rank,
        citations_total=total,
        citations_valid=valid,
        latency_ms=latency,
    )


def test_hit_at_k_and_mrr_are_computed_over_cases_that_expect_a_citation() -> None:
    scores = [
        make_score(rank=1),
        make_score(rank=3),
        make_score(rank=None),
        make_score(rank=6),
        make_score(rank=None, expects_citation=False, expected="out_of_scope"),
    ]
    m = aggregate(scores)
    assert m.n_with_cite == 4
    assert m.hit_at_1 == pytest.approx(1 / 4)
    assert m.hit_at_5 == pytest.approx(2 / 4)
    assert m.mrr == pytest.approx((1 + 1 / 3 + 1 / 6) / 4)


def test_abstention_precision_and_recall_treat_out_of_scope_as_positive() -> None:
    scores = [
        make_score(expected="out_of_scope", returned="out_of_scope"),  # true positive
        make_score(expected="out_of_scope", returned="retrieval"),  # missed abstention
        make_score(expected="retrieval", returned="out_of_scope"),  # wrong abstention
        make_score(expected="retrieval", returned="out_of_scope"),  # wrong abstention
        make_score(expected="retrieval"),
    ]
    m = aggregate(scores)
    assert m.abstention_precision == pytest.approx(1 / 3)
    assert m.abstention_recall == pytest.approx(1 / 2)
    assert m.route_accuracy == pytest.approx(2 / 5)


def test_numeric_right_counts_calculator_and_clarify_cases_with_right_route_and_figure() -> None:
    scores = [
        make_score(expected="calculator", expects_numbers=True, rank=None),  # right figure, citation missed
        make_score(expected="calculator", expects_numbers=True, numbers_ok=False),  # wrong figure
        make_score(expected="clarify", returned="calculator", expects_citation=False),  # answered, not asked
        make_score(expected="clarify", expects_citation=False),
        make_score(expected="retrieval"),  # not a numeric question
    ]
    assert aggregate(scores).numeric_right == pytest.approx(2 / 4)


def test_quoted_out_of_scope_counts_unanswerable_questions_answered_with_a_quote() -> None:
    scores = [
        make_score(expected="out_of_scope", returned="retrieval"),
        make_score(expected="out_of_scope", returned="clarify"),  # wrong, but no quote offered as the answer
        make_score(expected="out_of_scope"),
        make_score(expected="retrieval"),
    ]
    assert aggregate(scores).quoted_out_of_scope == 1


def test_citation_validity_is_the_share_of_all_citations_that_are_valid() -> None:
    m = aggregate([make_score(total=3, valid=2), make_score(total=1, valid=1), make_score(total=0, valid=0)])
    assert m.citation_validity == pytest.approx(3 / 4)


def test_numeric_exactness_counts_only_cases_with_expected_numbers() -> None:
    m = aggregate(
        [
            make_score(expects_numbers=True, numbers_ok=True),
            make_score(expects_numbers=True, numbers_ok=False),
            make_score(expects_numbers=False, numbers_ok=False),
        ]
    )
    assert (m.n_with_numbers, m.numeric_exactness) == (2, pytest.approx(0.5))


def test_metrics_with_empty_denominators_are_none_not_zero() -> None:
    m = aggregate([])
    assert m.n == 0
    assert m.pass_rate is None
    assert m.hit_at_1 is None
    assert m.abstention_precision is None
    assert m.latency_p50_ms is None


@pytest.mark.parametrize(
    ("values", "pct", "expected"),
    [
        ([5.0], 50, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        ([float(i) for i in range(1, 101)], 95, 95.0),
        ([], 50, None),
    ],
)
def test_percentile_uses_nearest_rank(values: list[float], pct: float, expected: float | None) -> None:
    assert percentile(values, pct) == expected


def test_latency_percentiles_skip_cases_without_a_latency() -> None:
    m = aggregate([make_score(latency=10.0), make_score(latency=30.0), make_score(latency=None)])
    assert (m.latency_p50_ms, m.latency_p95_ms) == (10.0, 30.0)


def test_groups_cover_all_splits_routes_and_tags() -> None:
    scores = [
        make_score(split="dev", tags=("treaty", "typo")),
        make_score(split="test", tags=("pfic",), expected="calculator", passed=False),
    ]
    groups = aggregate_by_group(scores)
    assert set(groups) == {
        "all",
        "split:dev",
        "split:test",
        "route:retrieval",
        "route:calculator",
        "tag:treaty",
        "tag:typo",
        "tag:pfic",
    }
    assert groups["all"].pass_rate == pytest.approx(0.5)
    assert groups["tag:pfic"].pass_rate == 0.0


_score_strategy = st.builds(
    make_score,
    passed=st.booleans(),
    expected=st.sampled_from(["retrieval", "calculator", "clarify", "out_of_scope"]),
    returned=st.sampled_from(["retrieval", "calculator", "clarify", "out_of_scope"]),
    rank=st.none() | st.integers(1, 10),
    expects_citation=st.booleans(),
    expects_numbers=st.booleans(),
    numbers_ok=st.booleans(),
    total=st.integers(0, 5),
    latency=st.none() | st.floats(0, 1e5),
).filter(lambda s: s.citations_valid <= s.citations_total)


@given(st.lists(_score_strategy, max_size=30))
def test_every_rate_metric_lies_between_zero_and_one(scores: list[CaseScore]) -> None:
    m = aggregate(scores)
    rates = [
        m.pass_rate,
        m.route_accuracy,
        m.hit_at_1,
        m.hit_at_5,
        m.mrr,
        m.citation_validity,
        m.abstention_precision,
        m.abstention_recall,
        m.numeric_exactness,
    ]
    for rate in rates:
        assert rate is None or (0.0 <= rate <= 1.0 and not math.isnan(rate))
    if m.hit_at_1 is not None and m.hit_at_5 is not None and m.mrr is not None:
        assert m.hit_at_1 <= m.mrr + 1e-12  # a first-place hit scores 1, every other hit less
        assert m.hit_at_1 <= m.hit_at_5
    if m.latency_p50_ms is not None and m.latency_p95_ms is not None:
        assert m.latency_p50_ms <= m.latency_p95_ms
