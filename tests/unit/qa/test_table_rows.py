"""The rows of the dividend rate table a question names by its words, and the table asked for whole."""

from service.qa.numeric import answer_numeric
from service.qa.numeric.table_rows import table_rows_named


def test_holders_below_ten_percent_spelled_out_name_the_others_row_of_the_column_asked() -> None:
    assert table_rows_named("In the old treaty's column, the row for holders below ten per cent?") == [
        ("PRIOR_TREATY_1971", "Others")
    ]


def test_small_shareholders_name_the_others_row() -> None:
    assert table_rows_named("Which row of the new treaty table covers small shareholders?") == [
        ("TREATY_2003", "Others")
    ]


def test_a_question_naming_no_row_names_none() -> None:
    assert table_rows_named("Show the whole rate table for the new treaty.") == []


def test_the_table_asked_for_whole_without_a_rate_word_goes_to_the_rate_table_with_every_row() -> None:
    answer = answer_numeric(
        "Please lay out every band of the dividend withholding table, old and new treaty."
    )
    assert answer is not None
    assert answer.route == "calculator"
    for rate in ("0%", "5%", "10%", "15%"):
        assert rate in answer.text
    assert "Prior Treaty column" in answer.text


def test_two_rows_of_the_old_treaty_compared_are_both_answered_from_its_column() -> None:
    answer = answer_numeric("Under the 1971 treaty, the cap for holders of 10% and up, set against the rest?")
    assert answer is not None
    assert answer.route == "calculator"
    assert "10%" in answer.text
    assert "15%" in answer.text
    assert "Treaty column" not in answer.text.replace(
        "Prior Treaty column", ""
    )  # the new column is not asked


def test_the_pension_fund_line_is_answered_from_the_treaty_text_not_the_table() -> None:
    answer = answer_numeric("what rate does the current treaty column show for pension plans?")
    assert answer is not None
    assert "its text (not the table) gives a pension fund a rate of 0%" in answer.text
    assert "not derived from carrying on a business" in answer.text


def test_no_treaty_with_the_other_treaty_countries_asked_gives_the_statutory_rate_and_says_theirs_is_not_stated() -> (
    None
):
    answer = answer_numeric(
        "Where no tax treaty exists, what rate does Japan withhold? Does the filing give the other treaty countries' rates?"
    )
    assert answer is not None
    assert answer.route == "calculator"
    assert "20%" in answer.text
    assert "not stated" in answer.text


def test_a_band_said_as_ten_percent_or_more_is_a_row_not_a_stake() -> None:
    answer = answer_numeric("the 1971 treaty: rate for smaller holders compared with 10% or more holders?")
    assert answer is not None
    assert "10%" in answer.text
    assert "15%" in answer.text
