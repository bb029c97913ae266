"""Structure of the real report and of generated report-like texts: sections, lists, tables, sentences, offsets."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.parse import Block, parse_document, split_sentences
from tests.conftest import REPORT_LEADING_SECTION
from tests.unit.ingest.strategies import report_texts

JAPAN = "E. Taxation > Japanese Taxation"
US = "E. Taxation > United States Taxation"


@pytest.fixture(scope="module")
def blocks(corpus_text: str) -> list[Block]:
    return parse_document(corpus_text, REPORT_LEADING_SECTION)


def block_with(blocks: list[Block], text: str, phrase: str) -> Block:
    found = [b for b in blocks if phrase in text[b.start : b.end]]
    assert len(found) == 1, f"{phrase!r} is in {len(found)} blocks"
    return found[0]


def unit_texts(block: Block, text: str) -> list[str]:
    return [text[s:e] for s, e in block.units]


@pytest.mark.parametrize(
    ("phrase", "section"),
    [
        ("Service Agreement dated, March 25, 2004", REPORT_LEADING_SECTION),
        ("Limitation of Liability Agreement dated", REPORT_LEADING_SECTION),
        ("There are no laws, decrees, regulations", "D. Exchange Controls"),
        ("Not required.", "F. Dividends and Paying Agents"),
        ("Not applicable.", "G. Statement by Experts"),
        ("We file periodic reports", "H. Documents on Display"),
        ("Generally, a non-resident of Japan", JAPAN),
        ("The following table summarizes", JAPAN),
        ("IIJ has paid or will pay any stamp", JAPAN),
        ("This discussion is based on the tax laws", US),
        ("assumes that we will not be treated as a Passive Foreign Investment Company", US),
        ("You must include any Japanese tax withheld", f"{US} > Taxation of Dividends"),
        ("Dividends constitute income from sources outside", f"{US} > Taxation of Dividends"),
        ("If you sell or otherwise dispose", f"{US} > Taxation of Capital Gains"),
        ("We do not believe that we will be treated as a PFIC", f"{US} > PFIC Rules"),
        ("you must file Internal Revenue Service Form 8621", f"{US} > PFIC Rules"),
    ],
)
def test_passage_gets_the_section_path_of_the_headings_above_it(
    blocks: list[Block], corpus_text: str, phrase: str, section: str
) -> None:
    assert block_with(blocks, corpus_text, phrase).section == section


def test_sections_appear_in_reading_order_with_headings_nested_three_levels(blocks: list[Block]) -> None:
    order = list(dict.fromkeys(b.section for b in blocks))
    assert order == [
        REPORT_LEADING_SECTION,
        "D. Exchange Controls",
        JAPAN,
        US,
        f"{US} > Taxation of Dividends",
        f"{US} > Taxation of Capital Gains",
        f"{US} > PFIC Rules",
        "F. Dividends and Paying Agents",
        "G. Statement by Experts",
        "H. Documents on Display",
    ]


@pytest.mark.parametrize(
    "heading",
    ["D. Exchange Controls.", "E. Taxation.", "Japanese Taxation", "Taxation of Dividends", "PFIC Rules"],
)
def test_headings_are_section_names_not_passages(blocks: list[Block], corpus_text: str, heading: str) -> None:
    starts = [corpus_text[b.start : b.end].split("\n", maxsplit=1)[0] for b in blocks]
    assert heading not in starts


def test_text_before_the_first_item_gets_the_leading_section_given(corpus_text: str) -> None:
    first = parse_document(corpus_text, "Preamble")[0]
    assert first.section == "Preamble"
    assert corpus_text[first.start : first.end].startswith("Service Agreement dated")


@pytest.mark.parametrize(
    ("intro", "items"),
    [
        (
            "It does not address special classes of holders, some of whom may be subject to other rules including:",
            [
                "- tax-exempt entities,",
                "- · life insurance companies,",
                "- U.S. holders (as defined below) whose functional currency is not the U.S. dollar.",
            ],
        ),
        (
            "Moreover, withholding tax on dividends is not imposed, if the recipient is",
            ["- a corporation that has owned, directly or indirectly", "- a pension fund, provided that"],
        ),
        ("Potential investors should satisfy themselves as to:", ["- the overall tax consequences"]),
        (
            'For purposes of this discussion, a "U.S. holder" is a beneficial owner of shares or ADSs that is:',
            ["- · a citizen or resident of the United States,", "- a trust if a United States court"],
        ),
        (
            "Under these rules:",
            [
                "· the gain or excess distribution will be allocated",
                "- the interest charge generally applicable",
            ],
        ),
    ],
)
def test_list_stays_with_the_sentence_introducing_it(
    blocks: list[Block], corpus_text: str, intro: str, items: list[str]
) -> None:
    block = block_with(blocks, corpus_text, intro)
    units = unit_texts(block, corpus_text)
    assert block.kind == "list"
    assert units[0].endswith(intro)
    for item in items:
        assert sum(unit.startswith(item) for unit in units[1:]) == 1, item


def test_excluded_classes_list_has_its_intro_and_all_eight_items(
    blocks: list[Block], corpus_text: str
) -> None:
    block = block_with(blocks, corpus_text, "It does not address special classes of holders")
    assert len(block.units) == 1 + 8


def test_list_item_continued_on_the_next_line_is_one_unit(blocks: list[Block], corpus_text: str) -> None:
    block = block_with(blocks, corpus_text, "Under these rules:")
    assert (
        "- the amount allocated to the taxable year in which you realized the gain or excess distribution will be taxed as\n ordinary income,"
        in unit_texts(block, corpus_text)
    )


def test_rate_table_is_one_block_together_with_the_sentence_announcing_it(
    blocks: list[Block], corpus_text: str
) -> None:
    block = block_with(blocks, corpus_text, "Others\t15%\tOthers\t10%")
    body = corpus_text[block.start : block.end]
    assert block.kind == "table"
    assert body.startswith("The following table summarizes changes of the maximum withholding rate")
    assert body.endswith("Others\t15%\tOthers\t10%")
    assert block.units == ((block.start, block.end),)


@pytest.mark.parametrize(
    "across_page_break",
    [
        "However, the maximum rate is 5% of the gross amount actually distributed, if\n\nthe recipient is a corporation",
        "are in general not subject to Japanese income or corporation\n\ntaxes.",
        "under Japanese law or under the Treaty,\n\nthe amount of tax withheld that is refundable",
    ],
)
def test_sentence_cut_by_a_page_break_is_merged_into_one_unit(
    blocks: list[Block], corpus_text: str, across_page_break: str
) -> None:
    block = block_with(blocks, corpus_text, across_page_break)
    assert any(across_page_break in unit for unit in unit_texts(block, corpus_text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. holders pay tax. They file.", ["U.S. holders pay tax.", "They file."]),
        ("A holder in the U.S. Others are not.", ["A holder in the U.S. Others are not."]),
        (
            "Visit 450 Fifth Street, N.W., Washington, D.C. 20549. Please call.",
            ["Visit 450 Fifth Street, N.W., Washington, D.C. 20549.", "Please call."],
        ),
        (
            "An agreement with IIJ America Inc. On March 25, 2004, we signed it.",
            ["An agreement with IIJ America Inc.", "On March 25, 2004, we signed it."],
        ),
        (
            "Under which IIJ America Inc. provides services.",
            ["Under which IIJ America Inc. provides services."],
        ),
        ("The rate is 10%. Others pay 15%.", ["The rate is 10%.", "Others pay 15%."]),
        ("A rate of 1.5 percent applies. Next.", ["A rate of 1.5 percent applies.", "Next."]),
        ('It is "passive income." Other income is not.', ['It is "passive income."', "Other income is not."]),
        ("Is it taxable? Yes! It is.", ["Is it taxable?", "Yes!", "It is."]),
        ("See e.g. Section 5 of the Code.", ["See e.g. Section 5 of the Code."]),
        ("  Padded sentence.  ", ["Padded sentence."]),
        ("No final stop", ["No final stop"]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text, 0, len(text))] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "For purposes of the Treaty and Japanese tax law, U.S. holders of ADRs will be treated as the owners of the shares underlying the ADSs evidenced by the ADRs.",
        "You may read and copy any document we file with the Securities and Exchange Commission at the Securities and Exchange Commission's public reference room at 450 Fifth Street, N.W., Washington, D.C. 20549.",
        "Service Agreement dated, March 25, 2004, between Internet Initiative Japan and IIJ America Inc.",
    ],
)
def test_report_sentence_is_one_unit(blocks: list[Block], corpus_text: str, sentence: str) -> None:
    units = [u for b in blocks for u in unit_texts(b, corpus_text)]
    assert sentence in units


def assert_well_formed(text: str, blocks: list[Block]) -> None:
    previous_end = 0
    for block in blocks:
        assert previous_end <= block.start < block.end <= len(text)
        body = text[block.start : block.end]
        assert body == body.strip()
        unit_end = block.start
        for start, end in block.units:
            assert unit_end <= start < end <= block.end
            assert text[start:end] == text[start:end].strip()
            unit_end = end
        previous_end = block.end


def test_real_report_blocks_are_in_order_inside_the_text_and_do_not_overlap(
    blocks: list[Block], corpus_text: str
) -> None:
    assert_well_formed(corpus_text, blocks)


def test_only_headings_are_left_outside_the_units_of_the_real_report(
    blocks: list[Block], corpus_text: str
) -> None:
    outside = list(corpus_text)
    for block in blocks:
        for start, end in block.units:
            outside[start:end] = "\n" * (end - start)
    leftover = [line for line in "".join(outside).splitlines() if line.strip()]
    assert leftover == [
        "D. Exchange Controls.",
        "E. Taxation.",
        "Japanese Taxation",
        "United States Taxation",
        "Taxation of Dividends",
        "Taxation of Capital Gains",
        "PFIC Rules",
        "F. Dividends and Paying Agents.",
        "G. Statement by Experts.",
        "H. Documents on Display.",
    ]


@settings(max_examples=150, deadline=None)
@given(text=report_texts(), leading=st.sampled_from(["Preamble", "C. Material Contracts"]))
def test_generated_report_blocks_are_in_order_inside_the_text_and_do_not_overlap(
    text: str, leading: str
) -> None:
    assert_well_formed(text, parse_document(text, leading))


@settings(max_examples=150, deadline=None)
@given(text=report_texts())
def test_sentences_tile_their_range_without_losing_words(text: str) -> None:
    spans = split_sentences(text, 0, len(text))
    assert " ".join(text[s:e] for s, e in spans).split() == text.split()
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
