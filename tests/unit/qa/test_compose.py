"""The extractive composer: verbatim quotes, best first (by words, meaning and what is asked for), and a sentence
that leans back quoted with its antecedent."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pytest

from ingest.bm25 import BM25, tokenize
from ingest.chunk import Chunk
from service.qa.asks import asked_for, asked_for_each, named_thing, yes_or_no_clause
from service.qa.compose import ExtractiveComposer, Topic, is_about, states_conditions, topic_of
from service.qa.retrieval import Hit, Meaning
from tests.chunks import chunk_of_lines

TEXT = (
    "Japan has treaties with a number of countries that reduce the rate. "
    "These countries include Canada and France. "
    "Stock splits are not subject to Japanese income tax."
)


def _hit(text: str) -> Hit:
    spans = []
    start = 0
    for sentence in text.split(". "):
        end = start + len(sentence) + (0 if sentence.endswith(".") else 1)
        spans.append((start, end))
        start = end + 1
    chunk = Chunk("d:h:0-1", "d", "E. Taxation", 0, len(text), text, tuple(spans))
    return Hit(chunk, 1.0, 0.5, 1.0)


def test_sentence_opening_with_these_is_quoted_with_the_sentence_it_refers_to() -> None:
    hit = _hit(TEXT)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, TEXT)]))
    composition = composer.compose("which countries have treaties with japan that reduce the rate", [hit], 1)
    quote = composition.quotes[0]
    assert (
        quote.text
        == "Japan has treaties with a number of countries that reduce the rate. These countries include Canada and France."
    )
    assert TEXT[quote.start : quote.end] == quote.text


def test_a_sentence_qualifying_the_one_before_with_a_connective_is_quoted_with_it() -> None:
    text = (
        "The board expects no levy on the notes this year. "
        "However, this view is reviewed every spring and may change. "
        "Stock splits are not subject to Japanese income tax."
    )
    hit = _hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text)]))
    quote = composer.compose("does the board expect a levy on the notes", [hit], 1).quotes[0]
    assert quote.text == (
        "The board expects no levy on the notes this year. However, this view is reviewed every spring and may change."
    )


def test_every_quote_is_a_verbatim_span_and_the_answer_cites_it_with_a_marker() -> None:
    hit = _hit(TEXT)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, TEXT)]))
    composition = composer.compose("are stock splits taxed", [hit], 3)
    assert composition.quotes
    assert composition.quotes[0].text.startswith("Stock splits")
    for n, quote in enumerate(composition.quotes, start=1):
        assert TEXT[quote.start : quote.end] == quote.text
        assert f"[{n}]" in composition.text


def test_a_quote_already_covered_by_a_longer_one_is_not_repeated() -> None:
    hit = _hit(TEXT)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, TEXT)]), keep_ratio=0.0)
    composition = composer.compose("countries treaties reduce rate Canada France", [hit], 3)
    spans = [(q.start, q.end) for q in composition.quotes]
    for i, (a, b) in enumerate(spans):
        assert not any(c <= a and b <= d for j, (c, d) in enumerate(spans) if j != i)


# -- weighing sentences: meaning, what is asked for, title lines ---------------------------------------------------


def _chunk_hit(text: str, section: str = "B. Contracts", dense: float = 0.5) -> Hit:
    """One passage whose sentences end at ". " (offsets relative to the text)."""
    spans = []
    start = 0
    for match in re.finditer(r"(?<=\.)\s+|$", text):
        end = match.start()
        if end > start:
            spans.append((start, end))
        start = match.end()
    chunk = Chunk(f"d:h:0-{len(text)}", "d", section, 0, len(text), text, tuple(spans))
    return Hit(chunk, 1.0, dense, 1.0)


def _first(composer: ExtractiveComposer, question: str, hit: Hit, meaning: Meaning | None = None) -> str:
    quote = composer.compose(question, [hit], 3, meaning).quotes[0]
    assert hit.chunk.text[quote.start : quote.end] == quote.text
    return quote.text


def _unit(*values: float) -> npt.NDArray[np.float32]:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_sentence_closer_in_meaning_is_quoted_first_when_both_share_the_question_words() -> None:
    text = (
        "The lease payments of Kobe Warehouse are reviewed by the lease committee. "
        "Kobe Warehouse pays its lease in quarterly instalments."
    )
    hit = _chunk_hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text), ("other", "unrelated words here")]))
    question = "how does kobe warehouse pay its lease"
    rows = np.stack([_unit(0.2, 1.0, 0.0), _unit(1.0, 0.1, 0.0)])
    meaning = Meaning(_unit(1.0, 0.0, 0.0), {hit.chunk.id: rows})
    assert _first(composer, question, hit, meaning).startswith("Kobe Warehouse pays")
    flipped = Meaning(_unit(0.0, 1.0, 0.0), {hit.chunk.id: rows})
    assert _first(composer, question, hit, flipped).startswith("The lease payments")


def test_sentence_vectors_that_do_not_match_the_passage_are_ignored() -> None:
    text = "Stock options vest over four years. Options lapse when an employee leaves."
    hit = _chunk_hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text)]))
    stale = Meaning(_unit(1.0, 0.0), {hit.chunk.id: np.stack([_unit(1.0, 0.0)])})  # one row, two sentences
    with_stale = composer.compose("when do options lapse", [hit], 2, stale)
    without = composer.compose("when do options lapse", [hit], 2)
    assert [q.text for q in with_stale.quotes] == [q.text for q in without.quotes]


def test_title_line_of_an_agreement_is_not_quoted_before_the_sentence_saying_what_the_agreement_does() -> (
    None
):
    text = (
        "Supply Agreement dated, May 1, 2003, between Acme Corp and Widget Ltd. "
        "Under the Supply Agreement, Widget Ltd delivers ceramic parts to Acme Corp every month."
    )
    hit = _chunk_hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text), ("x", "other text")]))
    assert _first(
        composer, "What does Widget Ltd do under the Supply Agreement with Acme Corp?", hit
    ).startswith("Under the Supply Agreement")


@pytest.mark.parametrize(
    ("question", "answer", "decoy"),
    [
        (
            "how long must the bonds be held for the exemption?",
            "The exemption applies only if the bonds are held for six months.",
            "The exemption for bonds held by residents is described in the offering circular.",
        ),
        (
            "when did the merger with Sakura Foods close?",
            "The merger with Sakura Foods closed on April 2, 2001.",
            "The merger with Sakura Foods was a close call for both boards.",
        ),
        (
            "who is the registrar for the notes?",
            "Mizuho Trust Bank acts as registrar for the notes.",
            "The registrar for the notes keeps the register of holders.",
        ),
        (
            "Who audits Kansai Power's accounts?",
            "Azusa Partners LLC audits the accounts of Kansai Power.",
            "The accounts of Kansai Power Co. are audited under the Service Agreement every year.",
        ),
        (
            "what is the address of the investor relations office?",
            "The investor relations office is at 12 Marunouchi Street, Tokyo.",
            "The investor relations office answers questions from shareholders.",
        ),
        (
            "Where can I read the annual report online?",
            "The annual report can be read on our web site at www.example.co.jp/ir.",
            "The annual report is read by many shareholders online and in print.",
        ),
        (
            "Which form must a foreign holder file?",
            "A foreign holder files the Relief Form with the tax office.",
            "A foreign holder must file the form before the record date.",
        ),
        (
            "how much is the transfer fee?",
            "The transfer fee is ¥3,000 per certificate.",
            "The transfer fee is charged to the transferring holder.",
        ),
        (
            "What counts as a qualifying lease under the program?",
            "A qualifying lease includes any lease of plant longer than five years.",
            "Payments under the program for a lease that is qualifying are reviewed annually.",
        ),
    ],
)
def test_sentence_holding_what_the_question_asks_for_is_quoted_first(
    question: str, answer: str, decoy: str
) -> None:
    text = f"{decoy} {answer}"
    hit = _chunk_hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text), ("x", "unrelated passage")]))
    assert _first(composer, question, hit) == answer


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When is the dividend paid?", "time or condition"),
        ("and by when?", "time or condition"),
        ("For how many years is the loss carried forward?", "period"),
        ("Who signs the annual report?", "name"),
        ("Where is the head office?", "place"),
        ("What's the corporate tax rate?", "amount"),
        ("Registration fee when I transfer my units: is it payable?", None),
        ("im a dealer who trades daily, does this apply to me", None),
        ("Which subsidiaries are consolidated?", None),
        ("Who audits the parent? and the subsidiaries?", "name"),
    ],
)
def test_what_a_question_asks_for_is_read_from_the_opening_of_its_last_asking_clause(
    question: str, kind: str | None
) -> None:
    focus = asked_for(question)
    assert (focus.name if focus else None) == kind


def test_definition_needs_the_term_as_the_subject_of_the_sentence() -> None:
    topic = topic_of("What counts as passive income for the tests?")
    assert topic == Topic(("passiv", "incom"))
    assert is_about(topic, "Passive income generally includes dividends and interest.")
    assert is_about(
        topic_of("What is a permanent establishment?"), 'A "permanent establishment" is a fixed place.'
    )
    assert not is_about(topic, "An estate whose income is taxed regardless of source.")
    assert not is_about(topic, "Gross income is passive income if the test is met.")


def test_how_is_something_done_question_is_about_the_sentence_saying_it_of_that_subject() -> None:
    topic = topic_of("How is my deposit refunded after the lease ends?")
    assert topic == Topic(("deposit",), "refund")
    assert is_about(topic, "Your deposit under the lease will be refunded within thirty days.")
    assert not is_about(topic, "Tenants who want a refund of the deposit must write to the landlord.")


def test_short_sentence_takes_its_meaning_from_its_whole_passage_heading_included() -> None:
    heading_hit = _chunk_hit("Not required.", section="F. Paying Agents", dense=0.9)
    other_text = "Paying agents for the bonds are named in the indenture."
    other_hit = _chunk_hit(other_text, section="G. Bonds", dense=0.3)
    composer = ExtractiveComposer(
        BM25.build(
            [(heading_hit.chunk.id, "F. Paying Agents Not required."), ("o", f"G. Bonds {other_text}")]
        )
    )
    meaning = Meaning(
        _unit(1.0, 0.0),
        {heading_hit.chunk.id: np.stack([_unit(0.0, 1.0)]), other_hit.chunk.id: np.stack([_unit(1.0, 1.0)])},
    )
    quotes = composer.compose(
        "what does the report say on paying agents", [other_hit, heading_hit], 2, meaning
    )
    assert quotes.quotes[0].text == "Not required."


def test_composition_reports_the_best_coverage_of_any_sentence_even_one_not_quoted_first() -> None:
    text = "Kobe Warehouse pays rent. Kobe Warehouse rent is paid quarterly by bank transfer to the landlord."
    hit = _chunk_hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text), ("x", "other")]))
    question = "kobe warehouse rent landlord"
    composition = composer.compose(question, [hit], 1)
    best = max(q.coverage for q in composer.candidates(question, [hit]))
    assert composition.coverage == best


def test_yes_no_question_prefers_the_sentence_stating_its_words_side_by_side() -> None:
    decoy = "Holders of Acme bonds entitled to a lower rate of Osaka stamp duty on coupons must file a form with Acme."
    answer = "Generally, a holder of bonds is liable for Osaka stamp duty on coupons paid by issuers."
    text = f"{decoy} {answer}"
    hit = _chunk_hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text), ("x", "unrelated passage")]))
    assert _first(composer, "Are holders liable for Osaka stamp duty on Acme coupons?", hit) == answer


# -- lists: a lead-in ending in a colon, then items stored as their own sentences ----------------------------------


def _lines_hit(lines: list[str]) -> Hit:
    """One passage whose sentences are its lines (list items stand alone, as the chunker stores them)."""
    return Hit(chunk_of_lines(lines, "d", "D. Membership"), 1.0, 0.5, 1.0)


CONDITION_LINES = [
    "Spending in partner shops counts for purposes of the loyalty tests only at half its value.",
    "A member earns the rebate if in any calendar year the member:",
    "- spends at least 2,000 euros in our shops, or",
    "- visits a shop in at least ten different months.",
]


def test_a_list_that_completes_an_if_clause_answers_a_question_about_the_test_it_sets() -> None:
    hit = _lines_hit(CONDITION_LINES)
    text = hit.chunk.text
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text), ("x", "unrelated passage")]))
    quote = composer.compose("rebate spending test", [hit], 1).quotes[0]
    assert quote.text.startswith("A member earns the rebate if")
    assert quote.text.endswith("ten different months.")  # the lead-in is quoted with its whole list, verbatim
    assert text[quote.start : quote.end] == quote.text


def test_a_list_that_is_no_condition_gets_no_credit_for_words_asking_for_a_test() -> None:
    lines = [
        *CONDITION_LINES[:1],
        "If a member joins the rebate scheme, the member receives:",
        *CONDITION_LINES[2:],
    ]
    hit = _lines_hit(lines)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, hit.chunk.text), ("x", "unrelated passage")]))
    assert _first(composer, "rebate spending test", hit).startswith("Spending in partner shops")


def test_a_list_item_is_as_close_in_meaning_as_it_reads_after_its_lead_in() -> None:
    lines = [
        "Gift cards that qualify as a member benefit may be exchanged at any branch.",
        "A member qualifies if the member:",
        "- has paid the yearly fee.",
    ]
    hit = _lines_hit(lines)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, hit.chunk.text), ("x", "unrelated passage")]))
    question = "who qualifies as a member"
    rows = np.stack([_unit(0.6, 0.8), _unit(0.3, 1.0), _unit(0.0, 1.0)])  # each sentence read alone
    alone = Meaning(_unit(1.0, 0.0), {hit.chunk.id: rows})
    in_context = Meaning(_unit(1.0, 0.0), {hit.chunk.id: rows}, {hit.chunk.id: np.stack([_unit(1.0, 0.0)])})
    assert _first(composer, question, hit, alone).startswith("Gift cards")
    assert _first(composer, question, hit, in_context).startswith("A member qualifies")


CONDITION_LEAD = "A member earns the loyalty rebate if in any calendar year the member:"
CONDITION_ITEMS = [
    "- · spends at least 2,000 euros in our shops, or",
    "- visits a shop in at least ten different months.",
]


def test_a_list_that_completes_an_if_clause_states_conditions() -> None:
    assert states_conditions(CONDITION_LEAD, CONDITION_ITEMS)


def test_a_list_after_a_condition_that_has_ended_does_not_state_conditions() -> None:
    lead = "If you join before May, you will receive vouchers for:"
    assert not states_conditions(lead, ["- coffee, and", "- parking."])
    assert not states_conditions(CONDITION_LEAD, [])  # no items
    assert not states_conditions(CONDITION_LEAD, ["Rebates are paid in March."])  # prose, not items


def test_a_sentence_pointing_back_to_a_thing_holds_the_words_that_named_it() -> None:
    text = (
        "Bondholders may opt into the deferral regime. "
        "The coupon is paid twice a year. "
        "Holders may choose a pooled reinvestment plan. "
        "Under this plan, no withholding is applied to coupons."
    )
    hit = _hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text)]))
    composition = composer.compose("what withholding hits coupons in the pooled reinvestment plan", [hit], 1)
    assert composition.quotes[0].text == "Under this plan, no withholding is applied to coupons."


def test_a_pointing_word_before_a_noun_the_sentence_before_does_not_name_borrows_nothing() -> None:
    text = "Holders may choose a pooled reinvestment plan. This year, no coupon is paid."
    hit = _hit(text)
    composer = ExtractiveComposer(BM25.build([(hit.chunk.id, text)]))
    quotes = composer.candidates("pooled reinvestment plan", [hit])
    assert [q.coverage for q in quotes][1] == 0.0


def test_when_is_something_done_question_is_about_the_sentence_saying_when_of_that_subject() -> None:
    topic = topic_of("When is a rebate on my units payable — when the fund pays it out?")
    assert topic == Topic(("rebat",), "payabl")
    assert topic_of("When is an IIJ rebate payable?") == Topic(("iij", "rebat"), "payabl")
    assert is_about(topic, "The rebate is payable to you when the trustee, not the fund, receives it.")
    assert not is_about(topic, "Units bought after the record date earn no rebate.")
    assert asked_for("When is a rebate payable?").holds.search(
        "The rebate is payable when the trustee receives it."
    )


def test_a_question_after_the_class_a_thing_falls_in_is_about_the_sentence_that_classes_it() -> None:
    topic = topic_of("For reporting purposes, which bucket do royalty receipts fall into?")
    assert topic == Topic(("royalti", "receipt"))
    assert is_about(
        topic,
        "Royalty receipts constitute income from sources outside the home country, but will be 'licence income'.",
    )
    # the asker's modifier is part of the subject: receipts of any kind are not royalty receipts
    assert not is_about(
        topic, "Receipts constitute income from sources outside the home country, so they count."
    )
    assert is_about(
        topic_of("What kind of income are royalty receipts?"), "Royalty receipts are licence income."
    )
    assert not is_about(topic, "Licence income must be reported separately from receipts.")


def test_every_asking_clause_says_what_it_asks_for_not_only_the_last() -> None:
    kinds = asked_for_each("What is the exact title of the permit, and who can apply for it on my behalf?")
    assert [k.name for k in kinds] == ["name"]
    both = asked_for_each("When was the lease signed, and how long does it run?")
    assert [k.name for k in both] == ["period", "time or condition"]  # the last clause's first


def test_who_may_do_something_is_answered_by_the_role_the_report_says_may_do_it() -> None:
    (who,) = asked_for_each("Who can lodge the claim for an overseas investor?")
    assert who.holds.search("A registered agent for overseas investors may lodge such claims.")
    assert not who.holds.search("A claim may not be lodged late.")
    assert not who.holds.search("Overseas investors must lodge the claim themselves.")


def test_a_question_for_the_name_of_a_thing_looks_for_that_thing_named_anywhere_in_the_question() -> None:
    naming = named_thing("What's the exact name of the permit I need, and who issues it?")
    assert naming is not None
    assert naming.search("The required permit is the Harbour Works Permit.")


def test_the_reports_own_name_is_implied_in_the_subject_a_sentence_must_open_with() -> None:
    text = "The dividend is taxed as ordinary income in the year it is received."
    hit = _chunk_hit(text, section="Taxation > Dividends", dense=0.5)
    bm25 = BM25.build([(hit.chunk.id, text), ("x", "Acme sells widgets and pays dividends in yen.")])
    question = "How is an Acme dividend taxed?"
    implied = ExtractiveComposer(bm25, implied=frozenset(tokenize("Acme"))).candidates(question, [hit])
    plain = ExtractiveComposer(bm25).candidates(question, [hit])
    assert implied[0].score > plain[0].score  # the sentence is about what was asked: "the dividend" of Acme


def test_the_topic_is_read_from_the_last_asking_clause_that_names_one() -> None:
    question = (
        "For reporting purposes, what kind of income are royalty receipts? We're a bank, does that matter?"
    )
    assert topic_of(question) == Topic(("royalti", "receipt"))


def test_why_is_answered_by_a_sentence_giving_a_reason() -> None:
    (why,) = asked_for_each("why could the fund lose its exemption")
    assert why.holds.search("Because of the nature of its assets, the fund could lose the exemption.")
    assert not why.holds.search("The fund could lose the exemption in later years.")


def test_can_someone_do_it_for_me_asks_who_may() -> None:
    kinds = asked_for_each("What's the title of the permit, and can someone apply for it for me?")
    assert [k.name for k in kinds] == ["name"]


def test_only_the_yes_or_no_clause_gives_the_word_pairs_a_yes_or_no_answers() -> None:
    assert (
        yes_or_no_clause("If the fund is exempt, are its gains taxed? and do I need a form?")
        == "do I need a form"
    )
    assert yes_or_no_clause("How are gains taxed?") is None


@pytest.mark.parametrize(
    "question",
    [
        "What if I don't renew the permit before it lapses?",
        "If I forgot to register the lease, am I stuck with the penalty?",
        "what happens if we miss the filing?",
        "I never renewed the permit in time. Is the higher fee mine for good?",
        "We forgot to register the lease before the move - are we stuck?",
    ],
)
def test_a_question_supposing_something_is_not_done_wants_what_follows_for_one_who_does_not(
    question: str,
) -> None:
    kinds = asked_for_each(question)
    assert any(
        k.holds.search("A tenant who does not renew the permit in time may claim a refund.") for k in kinds
    )
    assert not any(k.holds.search("Tenants must renew the permit each year.") for k in kinds)


@pytest.mark.parametrize(
    "question", ["I don't know the permit rules: what are they?", "Did I renew the permit?"]
)
def test_a_question_that_tells_nothing_left_undone_wants_no_consequence(question: str) -> None:
    assert all(k.name != "what follows when it is not done" for k in asked_for_each(question))


@pytest.mark.parametrize(
    "question",
    [
        "Does the Canadian section cover provincial taxes?",
        "Is municipal tax dealt with in the Canada (CA) tax summary?",
        "does this discussion go into estate duties",
    ],
)
def test_asking_whether_a_discussion_covers_something_wants_the_sentence_saying_what_it_addresses(
    question: str,
) -> None:
    kinds = asked_for_each(question)
    assert any(k.holds.search("This summary addresses only Canadian federal income tax.") for k in kinds)
    assert not any(k.holds.search("Provincial taxes are levied at progressive rates.") for k in kinds)


def test_a_question_not_about_a_discussion_wants_no_statement_of_what_it_covers() -> None:
    kinds = asked_for_each("Does the treaty cover pension funds?")
    assert not any(k.holds.search("This summary addresses only Canadian federal income tax.") for k in kinds)


@pytest.mark.parametrize(
    "question",
    ["At what point is a bonus share taxable?", "at which stage does the levy become due on a transfer"],
)
def test_at_what_point_asks_when(question: str) -> None:
    assert [k.name for k in asked_for_each(question)][:1] == ["time or condition"]


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Do the royalties count as domestic income, and in which category?", ("royalti",)),
        ("Would a bonus share be treated as a dividend?", ("bonu", "share")),
        ("is the rebate considered income", ("rebat",)),
    ],
)
def test_asking_whether_a_thing_is_of_a_class_is_about_that_thing(
    question: str, subject: tuple[str, ...]
) -> None:
    assert topic_of(question) == Topic(subject)


def test_the_sentence_saying_what_class_the_thing_is_in_is_about_it() -> None:
    topic = topic_of("Do the royalties count as domestic income?")
    assert is_about(topic, "Royalties constitute income from domestic sources, but are passive income.")
    assert not is_about(topic, "The gain generally will be income from domestic sources.")
