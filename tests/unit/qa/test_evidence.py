"""A question's subject words count in a quote only in the question's sense: names, derived words, foreign phrases."""

from __future__ import annotations

import pytest

from service.qa.evidence import SubjectMatcher, names, phrases, same_word


def even(term: str) -> float:
    return 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("taxed", "taxes"),
        ("elected", "elect"),
        ("submitted", "submit"),
        ("qualified", "qualify"),
        ("issued", "issue"),
        ("holders", "holder"),
        ("retroactively", "retroactive"),
    ],
)
def test_inflections_of_one_word_are_the_same_word(a: str, b: str) -> None:
    assert same_word(a, b)
    assert same_word(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [("operating", "operation"), ("determined", "determination"), ("deduct", "deduction")],
)
def test_words_derived_from_one_stem_are_not_the_same_word(a: str, b: str) -> None:
    assert not same_word(a, b)


def test_names_are_runs_of_capitalised_words_without_a_leading_stop_word() -> None:
    text = (
        "Under the Plan, filings go to the Federal Trade Commission. The Bank of Montreal is trustee. "
        "Royalties are income."
    )
    assert names(text) == [
        frozenset({"feder", "trade", "commiss"}),
        frozenset({"bank", "montreal"}),
    ]


def test_a_name_does_not_run_across_a_full_stop() -> None:
    assert names("It files with the SEC. Under the Plan, gains are taxed.") == []


def test_a_word_inside_a_name_is_not_the_plain_word() -> None:
    passage = "Filings are reviewed by the Federal Trade Commission."
    plain = SubjectMatcher("How much trade does the company do abroad?", ["trade", "abroad"], even)
    assert plain.match("", passage).found == frozenset()
    named = SubjectMatcher("Which trade commission reviews the filings?", ["trade", "commiss", "file"], even)
    assert named.match("", passage).found >= {"trade", "commiss"}


def test_a_derived_word_does_not_carry_the_question_word() -> None:
    matcher = SubjectMatcher("What was the operating profit?", ["oper", "profit"], even)
    assert matcher.match("", "Operation of the plant is outsourced to a contractor.").found == frozenset()
    assert matcher.match("", "Operating costs rose.").found == {"oper"}


def test_a_section_heading_says_what_its_passage_is_about() -> None:
    matcher = SubjectMatcher("royalty withholding?", ["royalti", "withhold"], even)
    assert matcher.match("Taxation > Royalties", "Withholding applies at 10%.").found == {
        "royalti",
        "withhold",
    }


def test_a_rewording_counts_where_its_report_word_is_and_weighs_as_much() -> None:
    idf = {"corp": 9.0, "corpor": 2.0, "rate": 1.0}.__getitem__
    matcher = SubjectMatcher("rate for a corp?", ["rate", "corp"], idf, aliases={"corp": ["corpor"]})
    match = matcher.match("", "A corporation pays the reduced rate.")
    assert match.found == {"rate", "corp"}
    assert matcher.weights == {"rate": 1.0, "corp": 2.0}


def test_a_stem_the_reader_wrote_beside_a_typo_stands_for_every_word_of_it() -> None:
    question = "Who is the secretry secretari of the trust?"  # the reader's correction, a bare stem
    passage = "The secretary signs the returns."
    assert SubjectMatcher(question, ["secretari"], even, stems=["secretari"]).match("", passage).found
    assert not SubjectMatcher(question, ["secretari"], even).match("", passage).found


def test_coverage_weighs_the_subject_words_a_quote_holds() -> None:
    idf = {"pension": 3.0, "fund": 1.0}.__getitem__
    matcher = SubjectMatcher("pension fund?", ["pension", "fund"], idf)
    assert matcher.match("", "A fund may apply.").coverage == pytest.approx(0.25)
    assert matcher.match("", "A pension fund may apply.").complete


def test_one_subject_word_found_is_never_the_whole_subject() -> None:
    assert not SubjectMatcher("dividends?", ["dividend"], even).match("", "Dividends are taxed.").complete


def test_phrases_run_across_one_linking_word_and_stop_at_punctuation() -> None:
    runs = phrases("return on equity - and the margin")
    assert [[s.word for s in run] for run in runs] == [["return", "equity"], ["margin"]]
    assert [s.linked for s in runs[0]] == [False, True]


@pytest.mark.parametrize(
    ("question", "foreign", "bound"),
    [
        ("What is the return on capex?", {"capex"}, {"return"}),  # its complement is foreign
        ("Who holds the largest stakes?", {"largest"}, {"stake"}),  # a foreign word modifies it
        (
            "What is the gross margin?",
            {"margin"},
            {"gross"},
        ),  # it modifies a foreign word that ends the phrase
        (
            "Could the firm be taxable in later years?",
            {"later"},
            {"year"},
        ),  # "taxable" is not tied to "later"
        ("when did the accord stop applying", {"stop"}, {"appli"}),  # "stop" ends no phrase: "accord" is free
    ],
)
def test_a_word_the_question_ties_to_a_word_no_report_uses_does_not_put_an_answer_on_subject(
    question: str, foreign: set[str], bound: set[str]
) -> None:
    assert SubjectMatcher(question, [], even, foreign).bound == bound


def test_an_answer_holding_only_tied_words_is_off_the_subject() -> None:
    matcher = SubjectMatcher("What is the return on capex?", ["return", "capex"], even, {"capex"})
    matches = [matcher.match("", "A return of capital reduces basis.")]
    assert matches[0].found == {"return"}
    assert not matcher.on_subject(matches)
