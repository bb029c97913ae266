"""What a term means and whether the asker may choose: which questions ask it and which quotes answer it."""

import pytest

from service.qa import definitions


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What is a 'controlled foreign corporation' under the report?", "controlled foreign corporation"),
        ('what does "distributee" mean?', "distributee"),
        ("Define an excess distribution", "excess distribution"),
        ("How is a distributee taxed?", None),
    ],
)
def test_a_question_for_a_terms_meaning_names_the_term(question: str, term: str | None) -> None:
    assert definitions.term_asked_to_define(question) == term


def test_a_definition_states_the_term_then_is_or_means() -> None:
    assert definitions.defines('A "distributee" for this purpose means an heir of the holder.', "distributee")
    assert not definitions.defines("The distributee may have to pay tax.", "distributee")


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("Can we elect to defer the interest to next year?", True),
        ("Am I permitted to opt for the old rate?", True),
        ("Is there an option to pay the tax in instalments?", True),
        ("How is the interest taxed if I sell?", False),
        ("What happens if a holder elected mark-to-market?", False),
    ],
)
def test_a_question_whether_the_asker_may_elect_or_choose_wants_a_choice(question: str, wanted: bool) -> None:
    assert definitions.wants_choice(question) is wanted


def test_only_a_quote_speaking_of_an_election_or_choice_gives_one() -> None:
    assert definitions.gives_choice("A holder may make a mark-to-market election for the notes.")
    assert not definitions.gives_choice("Interest on the notes is taxed as ordinary income when received.")
