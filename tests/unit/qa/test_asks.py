"""What kind of answer a question wants (a date, a time limit, substance), and quotes that only name things."""

from __future__ import annotations

import pytest

from service.qa import asks


@pytest.mark.parametrize(
    "question",
    [
        "When was the merger approved?",
        "On what date did the bonds mature?",
        "date of the spin-off?",
        "When will the plant reopen?",
        "when's the annual meeting",
        "When does the lease expire?",
        "Which year did the listing start?",
    ],
)
def test_a_question_about_when_something_happened_wants_a_date(question: str) -> None:
    assert asks.wants_date(question)


@pytest.mark.parametrize(
    "question",
    [
        "When is a return of capital taxable?",
        "When does the lower rate apply?",
        "When will the gain be treated as ordinary income?",
        "Is the distribution taxed?",
    ],
)
def test_a_question_about_under_what_condition_wants_no_date(question: str) -> None:
    assert not asks.wants_date(question)


@pytest.mark.parametrize(
    "question",
    ["By when must the election be made?", "When is the refund claim due?", "deadline for the rebate form?"],
)
def test_a_question_about_a_deadline_wants_a_time_limit(question: str) -> None:
    assert asks.wants_deadline(question)


@pytest.mark.parametrize(
    "text",
    [
        "The notes were issued on 3 May 2001.",
        "It took effect on January 15.",
        "Payment was made on 2002-06-30.",
        "The rules changed in 1997.",
        "The rate is fixed on the date the coupon is paid.",
        "as at the date hereof",
    ],
)
def test_a_date_is_a_calendar_date_a_year_or_a_date_the_text_defines(text: str) -> None:
    assert asks.gives_date(text)


def test_a_time_limit_is_a_date_or_a_before_after_within_clause() -> None:
    assert asks.gives_time_limit("The claim must be filed within six months after the payment.")
    assert asks.gives_time_limit("File the form before the coupon is paid.")
    assert not asks.gives_time_limit("Holders must file the form with the trustee.")
    assert not asks.gives_date("Holders must file the form with the trustee.")


@pytest.mark.parametrize(
    ("question", "substance"),
    [
        ("How are trusts taxed on the coupons?", True),
        ("which rate do banks pay", True),
        ("Does the section apply to trusts?", False),
        ("what about trusts?", False),
        ("Are banks covered?", False),
    ],
)
def test_substance_is_asked_with_how_what_which_not_with_does_it_apply(
    question: str, substance: bool
) -> None:
    assert asks.asks_substance(question) is substance


def test_a_quote_that_only_names_what_is_asked_for_does_not_spell_it_out() -> None:
    quote = "The loss is deductible, subject to certain limitations, in the year of sale."
    assert asks.vague_things_asked("What are the 'certain limitations' on the loss?", [quote]) == [
        "certain limitations"
    ]


def test_a_quote_that_lists_what_it_names_spells_it_out() -> None:
    quote = "Other income, such as rents and royalties, is passive."
    assert asks.vague_things_asked("What other income is passive?", [quote]) == []


def test_whether_there_are_such_things_is_answered_by_naming_them() -> None:
    quote = "The loss is deductible, subject to certain limitations."
    assert asks.vague_things_asked("Are there limits on deducting the loss?", [quote]) == []
    assert asks.vague_things_asked("Is the loss subject to certain limitations?", [quote]) == []


def test_under_what_conditions_with_only_certain_conditions_quoted_is_not_spelled_out() -> None:
    quote = "Bonus shares, except when treated as income in certain circumstances, are not taxed on receipt."
    assert asks.vague_things_asked("In which circumstances are bonus shares taxed as income?", [quote]) == [
        "certain circumstances"
    ]


def test_asking_under_what_conditions_is_answered_by_a_quote_that_names_them_plainly() -> None:
    vague = "Bonus shares, except when treated as income in certain circumstances, are not taxed on receipt."
    plain = "The circumstances in which bonus shares are income are a cash option and a preferred class."
    assert asks.vague_things_asked("In which circumstances are bonus shares income?", [plain, vague]) == []
    assert asks.vague_things_asked("In which circumstances are bonus shares income?", [vague, plain]) == []
    spelled = "Bonus shares are income in certain circumstances, including: a cash option."
    assert asks.vague_things_asked("In which circumstances are bonus shares income?", [spelled]) == []


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("How much does the parent charge its subsidiary for hosting?", True),
        ("how many board seats does the bank hold", True),
        ("What is the hosting agreement about?", False),
    ],
)
def test_how_much_and_how_many_ask_for_an_amount(question: str, wanted: bool) -> None:
    assert asks.wants_amount(question) is wanted


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("What were the top corporate rates in 1998 and 1999?", True),
        ("and what's the minimum holding threshold for the lower fee?", True),
        ("How high is the levy on bonus shares?", True),
        ("What is the rate table meant to show?", False),
        ("What were the reasons for the new rate?", False),
    ],
)
def test_asking_what_a_figure_is_asks_for_an_amount(question: str, wanted: bool) -> None:
    assert asks.wants_amount(question) is wanted


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("How much did the bank pay out per share last spring?", True),
        ("how much is one of the notes worth?", True),
        ("How much of the fee is withheld?", False),
        ("What is the price of the hosting agreement about?", False),
        ("What prices apply under the hosting contract?", True),
        ("which fees does the subsidiary charge the parent for hosting", True),
        ("What monthly charges does the bank bill the depositary?", True),
        ("What fees are covered by the hosting agreement?", False),  # which fees, not what they cost
        ("What amount per share did the bank distribute in 2001?", True),  # the figure noun after "what"
        ("Which sum per share was paid out in the first year?", True),
        ("What amount of time must the notes be held?", False),  # a length of time, not a sum
    ],
)
def test_a_sum_of_money_is_asked_when_the_figure_is_a_payment_price_or_worth(
    question: str, wanted: bool
) -> None:
    assert asks.wants_money(question) is wanted


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("The bank paid ¥12 a share.", True),
        ("Holders received 40 dollars per bond.", True),
        ("The levy is capped at 15% of the gross amount.", False),
        ("The agreement was signed on May 3, 2001.", False),
    ],
)
def test_money_is_a_sum_in_a_currency_not_a_rate_or_a_date(text: str, gives: bool) -> None:
    assert asks.gives_money(text) is gives


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("The fee is ¥3,000,000 a month.", True),
        ("The bank holds 12% of the voting shares.", True),
        ("Two directors sit on the board.", True),
        ("The notes pay 40 dollars per bond.", True),
        ("On July 14, 2005, the parties signed a hosting agreement under Article 312.", False),
        ("Holders must file Form 5471 with their return.", False),
        ("The Convention for the Relief of Double Taxation entered into force on May 1, 2001.", False),
        ("The agent files two Claim Forms with the bank.", True),
        ("Twelve Directors sign the accounts.", True),
    ],
)
def test_an_amount_is_a_figure_not_a_date_or_a_number_in_a_name(text: str, gives: bool) -> None:
    assert asks.gives_amount(text) is gives


@pytest.mark.parametrize(
    ("question", "substance"),
    [
        ("I'm a broker who sold early, does the rule still apply to me?", False),
        ("We are the lessee whose lease ended - is this covered?", False),
        ("I'm a broker who sold early; how is my gain taxed?", True),
        ("Who signs the accounts?", True),
    ],
)
def test_a_relative_clause_after_a_noun_asks_nothing(question: str, substance: bool) -> None:
    assert asks.asks_substance(question) is substance


@pytest.mark.parametrize(
    "question",
    [
        "Who does the property tax section actually cover?",
        "Which holders is this discussion meant for?",
        "and whom does the summary apply to?",
    ],
)
def test_asking_whom_a_discussion_covers_asks_for_the_class_it_is_about(question: str) -> None:
    focus = asks.asked_for(question)
    assert focus is not None
    assert focus.name == "whom a discussion covers"
    about = "The following is a summary of the levy on an owner of bonds who lives abroad."
    assert asks.holds_asked(focus, set(), about)
    assert not asks.holds_asked(focus, set(), "Mr. Ito signs the accounts for Acme Bank.")


def test_asking_who_signs_still_asks_for_a_name() -> None:
    focus = asks.asked_for("Who signs the hosting agreement?")
    assert focus is not None
    assert focus.name == "name"


def test_a_deadline_is_asked_by_a_part_that_asks_not_by_a_statement_of_purpose() -> None:
    assert not asks.wants_deadline("When does the bank's tax year close? I need it for a filing deadline.")
    assert asks.wants_date("When does the bank's tax year close? I need it for a filing deadline.")
    assert asks.wants_deadline("I hold notes. What is the deadline for the claim form?")
    assert asks.wants_deadline("deadline for the claim form")


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("What is my royalty credit limitation amount this year?", True),
        ("how big is the deduction cap for a pension fund", True),
        ("How much is the limit on the levy?", True),
        ("What does the limitation on the credit depend on?", False),
    ],
)
def test_asking_how_big_a_limit_is_wants_its_size(question: str, wanted: bool) -> None:
    assert asks.wants_limit(question) is wanted


def test_a_percentage_named_as_a_rate_gives_no_limit_but_a_limited_share_does() -> None:
    assert not asks.gives_limit("Special rules apply to royalties subject to the maximum 15% tax rate.")
    assert asks.gives_limit("The credit is limited to 10% of the gross amount.")
    assert asks.gives_limit("The cap is $3,000 a year.")


def test_words_spelling_out_the_next_alternative_of_a_list_do_not_spell_out_a_vague_phrase() -> None:
    quote = (
        "No tax applies if the holder is - a bank that has held the bonds for a year and meets certain conditions,"
        " or - a charity, provided that the interest is not derived from a trade."
    )
    assert asks.vague_things_asked("Which conditions must the bank meet?", [quote]) == ["certain conditions"]
    spelled = "A bank must meet certain conditions, including a licence and a year of holding."
    assert asks.vague_things_asked("What are the certain conditions for a bank?", [spelled]) == []


@pytest.mark.parametrize(
    "question",
    [
        "What is the claim form called?",
        "what's the name of the certificate the bank needs?",
        "Tell me what the rebate scheme is called.",
    ],
)
def test_asking_what_a_thing_is_called_is_answered_by_the_sentence_that_gives_its_name(question: str) -> None:
    focus = asks.asked_for(question)
    assert focus is not None
    assert focus.name == "title"
    assert asks.holds_asked(focus, set(), "The claim form is the Request for Relief from Property Levy.")
    assert not asks.holds_asked(focus, set(), "The bank submits two Request Forms before each payment.")


@pytest.mark.parametrize(
    "question",
    ["Does the report cover city taxes?", "Are city taxes dealt with in the filing?"],
)
def test_asking_whether_the_report_covers_a_topic_asks_what_its_discussion_covers(question: str) -> None:
    focus = asks.asked_for(question)
    assert focus is not None
    assert focus.name == "what a discussion covers"
    assert asks.holds_asked(focus, set(), "This summary addresses only national property levies.")


@pytest.mark.parametrize(
    "sentence",
    [
        "The status is reviewed every year and thus may differ from one year to the next.",
        "The test looks at assets each quarter; therefore the outcome can change.",
        "The fund is small, hence exempt.",
    ],
)
def test_a_conclusion_drawn_from_a_ground_answers_a_why_question(sentence: str) -> None:
    (focus,) = asks.asked_for_each("Why could the fund's status change?")
    assert focus.name == "reason"
    assert asks.holds_asked(focus, set(), sentence)


def test_a_sentence_stating_no_ground_holds_no_reason() -> None:
    (focus,) = asks.asked_for_each("Why could the fund's status change?")
    assert not asks.holds_asked(focus, set(), "The status may change in later years.")


@pytest.mark.parametrize(
    "question",
    [
        "Does it cover city taxes on the bonds?",
        "Does the discussion address estate planning?",
        "Any coverage of AMT?",
    ],
)
def test_whether_the_discussion_takes_something_in_is_answered_by_its_statement_of_scope(
    question: str,
) -> None:
    (focus,) = asks.asked_for_each(question)
    assert focus.name == "what a discussion covers"
    assert asks.holds_asked(focus, set(), "This summary addresses only federal income taxation.")
    assert asks.holds_asked(focus, set(), "Holders should consult their own tax advisers about local taxes.")
    assert not asks.holds_asked(focus, set(), "The bonds pay interest twice a year.")


def test_whether_a_rule_takes_someone_in_is_no_question_about_the_discussions_scope() -> None:
    assert all(
        f.name != "what a discussion covers" for f in asks.asked_for_each("Does the treaty cover pensions?")
    )
