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
