"""What a report says its discussion leaves out, read from its own sentences, and the questions that fall there."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.chunk import Chunk
from service.qa.disclaimers import Disclaimers, Kind, Restriction, _kinds, _said_as_nouns, asks_outcome
from service.qa.query import QUESTION_STEMS

DOC = "acme-annual-2005"
US = (
    "This section only applies to you if you are a bondholder and you hold the notes as capital assets. "
    "It does not address certain holders, some of whom are subject to special rules, including:\n"
    "- savings and loan associations,\n"
    "- regulated investment companies,\n"
    "- persons holding notes through a partnership,\n"
    "- persons that own 5% or more of the preferred stock.\n"
    "Interest on the notes is ordinary income. Stock dividends are income too. Preferred notes pay a fixed coupon."
)
CANADA = (
    "The following summary is for a holder who is a non-resident of Canada without a fixed base in Canada. "
    "Interest paid to such a holder is exempt from Canadian withholding tax. A bank may hold the notes."
)
FEDERAL = (
    "This discussion addresses only United States federal income taxation. Holders should ask an adviser about the "
    "federal, state and local and other tax consequences of buying the bonds. Bond interest is taxed when received."
)
SECTIONS = {"Taxation > United States": US, "Taxation > Canada": CANADA, "Taxation > Federal": FEDERAL}


def chunk(section: str, text: str) -> Chunk:
    """A chunk whose sentences are cut where a sentence ends or a list item starts."""
    spans = [
        (m.start(), m.end()) for m in re.finditer(r"[^\n.]+(?:[.]|$)|[^\n]+", text) if m.group(0).strip()
    ]
    return Chunk(f"{DOC}:h:{section}", DOC, section, 0, len(text), text, tuple(spans))


@pytest.fixture(scope="module")
def disclaimers() -> Disclaimers:
    return Disclaimers.from_chunks(
        [chunk(section, text) for section, text in SECTIONS.items()], QUESTION_STEMS | {"acm"}
    )


def here(section: str) -> list[tuple[str, str]]:
    return [(DOC, section)]


def test_the_listed_kinds_are_read_from_the_sentence_that_says_it_does_not_address_them(
    disclaimers: Disclaimers,
) -> None:
    listed = [e.text for d in disclaimers.all for e in d.exclusions]
    assert listed == [
        "savings and loan associations",
        "regulated investment companies",
        "persons holding notes through a partnership",
        "persons that own 5% or more of the preferred stock",
    ]


def test_whom_a_section_is_for_is_read_from_its_scope_sentences(disclaimers: Disclaimers) -> None:
    restrictions = [r for d in disclaimers.all for r in d.restrictions]
    assert Restriction(("resident",), wanted=False, place="canada") in restrictions
    assert Restriction(("fixed", "base"), wanted=False, place="canada") in restrictions
    assert Restriction(("capital", "assets"), wanted=True) in restrictions


def test_a_listed_holder_asking_for_substance_is_left_out(disclaimers: Disclaimers) -> None:
    found = disclaimers.left_out(
        "How are regulated investment companies taxed on the interest?", here("Taxation > United States")
    )
    assert found == "regulated investment companies"


def test_a_disclaimer_governs_its_section_and_its_subsections_only(disclaimers: Disclaimers) -> None:
    question = "How is a savings and loan association taxed on the interest?"
    assert (
        disclaimers.left_out(question, here("Taxation > United States > Interest"))
        == "savings and loan associations"
    )
    assert disclaimers.left_out(question, here("Taxation > Canada")) is None
    assert disclaimers.left_out(question, [("other-report", "Taxation > United States")]) is None


def test_words_the_lead_or_two_items_share_name_no_one_kind(disclaimers: Disclaimers) -> None:
    # "holders", "notes", "special" are in the lead or several items: "special notes" names no listed kind
    assert (
        disclaimers.left_out("How are special notes held by holders taxed?", here("Taxation > United States"))
        is None
    )


def test_a_holder_on_the_other_side_of_a_non_restriction_is_left_out(disclaimers: Disclaimers) -> None:
    canada = here("Taxation > Canada")
    assert disclaimers.left_out("I'm a Canadian resident: how is my interest taxed?", canada) == "resident"
    assert disclaimers.left_out("As a resident of Canada, what is withheld?", canada) == "resident"


@pytest.mark.parametrize(
    "question",
    [
        "We are based in Canada. What is withheld on the interest?",
        "I have lived in Canada for years: how is it taxed?",
    ],
)
def test_saying_one_lives_in_the_place_is_being_its_resident(disclaimers: Disclaimers, question: str) -> None:
    assert disclaimers.left_out(question, here("Taxation > Canada")) == "resident"


@pytest.mark.parametrize(
    "question",
    [
        "My broker is based in Canada: what is withheld on the interest?",
        "I hold notes of a firm settled in Canada; what is withheld on the interest?",
    ],
)
def test_a_broker_or_company_based_in_the_place_says_nothing_of_the_holder(
    disclaimers: Disclaimers, question: str
) -> None:
    assert disclaimers.left_out(question, here("Taxation > Canada")) is None


def test_living_elsewhere_or_not_living_in_the_place_is_who_the_section_is_for(
    disclaimers: Disclaimers,
) -> None:
    canada = here("Taxation > Canada")
    assert disclaimers.left_out("I live in France: what is withheld on the interest?", canada) is None
    assert disclaimers.left_out("I don't live in Canada: what is withheld on the interest?", canada) is None


def test_a_resident_of_elsewhere_or_a_non_resident_is_who_the_section_is_for(
    disclaimers: Disclaimers,
) -> None:
    canada = here("Taxation > Canada")
    assert disclaimers.left_out("I'm a resident of France: what is withheld?", canada) is None
    assert disclaimers.left_out("As a non-resident of Canada, what is withheld?", canada) is None


def test_a_holder_with_what_the_section_assumes_absent_is_left_out(disclaimers: Disclaimers) -> None:
    canada = here("Taxation > Canada")
    assert (
        disclaimers.left_out("Our fixed base in Canada gets the interest: what is withheld?", canada)
        == "fixed base"
    )
    assert disclaimers.left_out("We have no fixed base there: what is withheld?", canada) is None


def test_a_holder_without_what_the_section_requires_is_left_out(disclaimers: Disclaimers) -> None:
    us = here("Taxation > United States")
    question = "I hold the notes as inventory, not as capital assets: how is a sale taxed?"
    assert disclaimers.left_out(question, us) == "capital assets"
    assert disclaimers.left_out("I hold the notes as capital assets: how is a sale taxed?", us) is None


def test_a_kind_whose_words_all_occur_elsewhere_is_named_by_a_word_pair_only_it_has(
    disclaimers: Disclaimers,
) -> None:
    us = here("Taxation > United States")
    question = "How is interest taxed for someone holding 7% of the preferred stock?"
    assert disclaimers.left_out(question, us) == "persons that own 5% or more of the preferred stock"
    assert disclaimers.left_out("How are preferred notes taxed?", us) is None


def test_asking_what_the_phrase_means_says_nothing_of_the_asker(disclaimers: Disclaimers) -> None:
    canada = here("Taxation > Canada")
    assert disclaimers.left_out("What is a fixed base in Canada?", canada) is None
    assert disclaimers.left_out("what counts as a fixed base in Canada", canada) is None


def test_asking_what_the_document_means_by_a_phrase_says_nothing_of_the_asker(
    disclaimers: Disclaimers,
) -> None:
    canada = here("Taxation > Canada")
    assert (
        disclaimers.left_out("What does this annual report mean by a 'fixed base' in Canada?", canada) is None
    )
    assert disclaimers.left_out("In the filing, what is meant by fixed base in Canada?", canada) is None
    assert (
        disclaimers.left_out("Our fixed base in Canada: what does the filing mean for us?", canada)
        == "fixed base"
    )


def test_the_only_kind_a_section_addresses_is_read_with_the_alternatives_it_names_before_the_topic(
    disclaimers: Disclaimers,
) -> None:
    kinds = [k for d in disclaimers.all for k in d.kinds]
    assert [(k.kept, k.others, k.topic) for k in kinds] == [
        ("federal", frozenset({"state", "local"}), ("incom", "taxat"))
    ]


def test_alternatives_that_do_not_qualify_the_topic_make_no_kind() -> None:
    scope = "This summary addresses only federal income taxation."
    assert (
        _kinds(scope, scope + " Interest and gains are taxed alike. Federal and local courts may differ.")
        == ()
    )
    assert isinstance(_kinds(scope, scope + " Holders may owe federal, state or local taxes.")[0], Kind)


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("What state income tax is due on the bond interest in Ohio?", "state income tax"),
        ("do I owe local taxes on bond interest", "local taxes"),
        ("State and local taxes on the bonds?", "local taxes"),
    ],
)
def test_a_question_about_another_kind_of_the_topic_is_left_out(
    disclaimers: Disclaimers, question: str, other: str
) -> None:
    assert disclaimers.left_out(question, here("Taxation > Federal")) == other


@pytest.mark.parametrize(
    "question",
    [
        "What federal and state tax is due on bond interest?",  # the kept kind is asked about too
        "What United States income tax applies to bond interest?",  # "States" of the section's own name
        "How is bond interest taxed in the United States?",
        "What is the state of the bond market?",  # "state" not qualifying the topic
    ],
)
def test_a_question_within_the_addressed_kind_is_not_left_out(
    disclaimers: Disclaimers, question: str
) -> None:
    assert disclaimers.left_out(question, here("Taxation > Federal")) is None


def test_a_kinds_own_words_are_counted_in_its_own_report_only() -> None:
    # another report names savings and loan associations too: in this report they are still the kind left out
    other = chunk("Taxation", "Savings and loan associations hold many notes.")
    other = Chunk(
        "other-report:h:0", "other-report", other.section, 0, len(other.text), other.text, other.sentences
    )
    disclaimers = Disclaimers.from_chunks(
        [*(chunk(section, text) for section, text in SECTIONS.items()), other], QUESTION_STEMS | {"acm"}
    )
    found = disclaimers.left_out(
        "How are savings and loan associations taxed on the notes?", here("Taxation > United States")
    )
    assert found == "savings and loan associations"
    assert (
        disclaimers.left_out("How are savings and loan associations taxed?", [("other-report", "Taxation")])
        is None
    )


def test_one_word_only_a_listed_kind_has_names_it_when_said_as_a_noun(disclaimers: Disclaimers) -> None:
    # "partnership" heads its item and occurs nowhere else in the report: said as a noun, it names the kind
    found = disclaimers.left_out(
        "My notes sit in a partnership. How is the interest taxed?", here("Taxation > United States")
    )
    assert found == "persons holding notes through a partnership"


def test_one_own_word_said_after_a_modifier_names_no_kind(disclaimers: Disclaimers) -> None:
    question = "My notes sit in a limited partnership. How is the interest taxed?"
    assert disclaimers.left_out(question, here("Taxation > United States")) is None


def test_one_own_word_that_only_modifies_its_kind_names_no_kind(disclaimers: Disclaimers) -> None:
    # "regulated" qualifies "investment companies": said alone it may be about anything regulated
    question = "How is interest on the regulated notes taxed?"
    assert disclaimers.left_out(question, here("Taxation > United States")) is None


def test_a_kind_of_tax_the_report_leaves_out_is_left_out_whichever_section_is_quoted(
    disclaimers: Disclaimers,
) -> None:
    question = "What state income tax is due on the bond interest in Ohio?"
    assert disclaimers.left_out(question, here("Taxation > Canada")) == "state income tax"
    assert disclaimers.left_out(question, [("other-report", "Taxation > Canada")]) is None


def test_kinds_only_leaves_holders_to_the_sections_that_name_them(disclaimers: Disclaimers) -> None:
    question = "How are regulated investment companies taxed on the interest?"
    assert disclaimers.left_out(question, here("Taxation > United States"), kinds_only=True) is None


def test_a_sale_made_while_living_in_the_place_is_still_the_holders_residence(
    disclaimers: Disclaimers,
) -> None:
    question = "The sale happened while we lived in Canada: how is the interest taxed?"
    assert disclaimers.left_out(question, here("Taxation > Canada")) == "resident"


JAPAN = (
    "The following summary is for a holder who is a non-resident of Japan. "
    "Interest paid to such a holder is subject to Japanese withholding tax."
)


@pytest.fixture(scope="module")
def japan() -> Disclaimers:
    return Disclaimers.from_chunks([chunk("Taxation > Japan", JAPAN)], QUESTION_STEMS | {"acm"})


@pytest.mark.parametrize(
    "question",
    [
        "I'm a resident of Sendai: what is withheld on the interest?",
        "We live in Hokkaido. How is the interest taxed?",
        "As a resident of Kanagawa, what is withheld?",
    ],
)
def test_a_resident_of_a_prefecture_or_city_is_a_resident_of_its_country(
    japan: Disclaimers, question: str
) -> None:
    assert japan.left_out(question, [(DOC, "Taxation > Japan")]) == "resident"


def test_a_resident_of_a_city_elsewhere_is_who_the_section_is_for(japan: Disclaimers) -> None:
    assert (
        japan.left_out(
            "I'm a resident of Lyon: what is withheld on the interest?", [(DOC, "Taxation > Japan")]
        )
        is None
    )
    assert (
        japan.left_out(
            "As a non-resident of Japan living in Lyon, what is withheld?", [(DOC, "Taxation > Japan")]
        )
        is None
    )


def test_reading_all_reports_ahead_gives_what_reading_each_on_first_use_gives() -> None:
    chunks = [chunk(section, text) for section, text in SECTIONS.items()]
    on_first_use = Disclaimers.from_chunks(chunks, QUESTION_STEMS | {"acm"})
    ahead = Disclaimers.from_chunks(chunks, QUESTION_STEMS | {"acm"})
    pauses: list[None] = []
    ahead.read_all(lambda: pauses.append(None))
    assert len(pauses) == 1  # one report read, then a pause
    assert ahead._read == {DOC: on_first_use.of(DOC)}
    assert ahead.left_out(
        "Is a savings and loan association taxed on the interest?", here("Taxation > United States")
    )
    ahead.read_all(lambda: pauses.append(None))
    assert len(pauses) == 1  # nothing is read twice


WORDS = [
    "a",
    "an",
    "the",
    "my",
    "dealer",
    "dealers",
    "u.s.",
    "trader's",
    "straddle",
    "that",
    "holder",
    "é",
    "_x",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*WORDS, " ", "  ", ",", ".", "-", "x", "1"]), min_size=0, max_size=12).map(
        "".join
    ),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
)
def test_words_said_as_nouns_are_those_a_determiner_pattern_per_word_would_find(
    text: str, candidates: list[str]
) -> None:
    determiner = r"\b(?:a|an|the|my|our|your|their|his|her|its|this|that|these|those)\s+"
    said = [(word, f"term-{word}") for word in candidates]
    expected = frozenset(t for w, t in said if re.search(determiner + re.escape(w) + r"\b", text))
    assert _said_as_nouns(text, said) == expected


def test_a_word_right_after_an_article_is_said_as_a_noun_and_one_after_a_modifier_is_not() -> None:
    said = [("dealer", "dealer"), ("transaction", "transact")]
    assert _said_as_nouns("i am a dealer in a taxable transaction", said) == {"dealer"}
    assert _said_as_nouns("a dealership", said) == frozenset()


@pytest.mark.parametrize(
    "question",
    [
        "Our office (a fixed base) in Canada receives the interest: is it exempt?",  # past a bracket
        "The interest is paid in Canada to a holder with a fixed base there. Is any of it withheld?",  # "there"
        "Our Canadian FB (fixed base) gets the interest: is it exempt?",  # the place before, past a bracket
    ],
)
def test_the_place_after_a_bracket_or_pointed_back_to_by_there_places_the_phrase(
    disclaimers: Disclaimers, question: str
) -> None:
    assert disclaimers.left_out(question, here("Taxation > Canada")) == "fixed base"


def test_a_place_named_further_on_in_the_question_does_not_place_the_phrase(
    disclaimers: Disclaimers,
) -> None:
    question = (
        "I am a resident of France with a fixed base at home, and I also own a flat in Canada: is it exempt?"
    )
    assert disclaimers.left_out(question, here("Taxation > Canada")) is None


@pytest.mark.parametrize(
    "question",
    [
        "Is the interest free of Canadian tax for us?",
        "We sold the notes last week, so do we owe anything?",
        "Will the payment be withheld at source?",
    ],
)
def test_a_yes_no_question_about_what_happens_asks_the_outcome(question: str) -> None:
    assert asks_outcome(question)


@pytest.mark.parametrize(
    "question",
    [
        "Does this summary apply to a holder with a fixed base in Canada?",
        "Are holders with a fixed base covered?",
        "Does the exemption help a bank with a fixed base there?",  # whether a rule's benefit reaches them
        "Is a fixed base holder eligible for the exemption?",
        "What is withheld from the interest?",  # no yes/no question at all
    ],
)
def test_asking_whether_the_discussion_or_a_rule_takes_one_in_is_no_outcome(question: str) -> None:
    assert not asks_outcome(question)
