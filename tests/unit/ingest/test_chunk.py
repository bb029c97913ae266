"""Chunks of the real report and of generated texts, counted with the model's real tokenizer."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.chunk import Chunk, SpanCounter, chunk_blocks, document_hash
from ingest.embedding import TokenCounter
from ingest.parse import Block, parse_document
from tests.conftest import REPORT_DOC_ID, REPORT_LEADING_SECTION
from tests.unit.ingest.strategies import report_texts


def chunk_text(
    text: str, count: TokenCounter, max_tokens: int = 256, doc_id: str = REPORT_DOC_ID
) -> list[Chunk]:
    return chunk_blocks(doc_id, text, parse_document(text, REPORT_LEADING_SECTION), count, max_tokens)


@pytest.fixture(scope="module")
def blocks(corpus_text: str) -> list[Block]:
    return parse_document(corpus_text, REPORT_LEADING_SECTION)


@pytest.fixture(scope="module")
def chunks(corpus_text: str, blocks: list[Block], token_counter: TokenCounter) -> list[Chunk]:
    return chunk_blocks(REPORT_DOC_ID, corpus_text, blocks, token_counter)


def assert_chunks_well_formed(text: str, chunks: list[Chunk], count: TokenCounter, max_tokens: int) -> None:
    for chunk in chunks:
        assert count(chunk.embed_text) <= max_tokens, chunk.id
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.embed_text == f"{chunk.section}\n{chunk.text}"
        assert chunk.sentences[0][0] == chunk.start
        assert chunk.sentences[-1][1] == chunk.end
    for before, after in itertools.pairwise(chunks):
        assert before.end <= after.start, (before.id, after.id)


@pytest.mark.parametrize("max_tokens", [256, 128, 64])
def test_real_report_chunks_fit_the_model_section_path_included_and_never_overlap(
    corpus_text: str, token_counter: TokenCounter, max_tokens: int
) -> None:
    assert_chunks_well_formed(
        corpus_text, chunk_text(corpus_text, token_counter, max_tokens), token_counter, max_tokens
    )


def test_real_report_chunks_are_full_but_not_one_per_sentence(chunks: list[Chunk]) -> None:
    # 20 KB of prose in 256-word-piece chunks: a couple of dozen, not five and not a hundred.
    assert 15 <= len(chunks) <= 40


def test_every_sentence_of_every_block_lands_in_exactly_one_chunk(
    blocks: list[Block], chunks: list[Chunk]
) -> None:
    units = [unit for block in blocks for unit in block.units]
    placed = [unit for chunk in chunks for unit in chunk.sentences]
    assert placed == units
    for start, end in units:
        assert sum(c.start <= start and end <= c.end for c in chunks) == 1


def test_chunk_section_is_the_section_of_every_block_it_holds(
    blocks: list[Block], chunks: list[Chunk]
) -> None:
    for chunk in chunks:
        sections = {b.section for b in blocks if b.start < chunk.end and chunk.start < b.end}
        assert sections == {chunk.section}


def test_chunk_ids_name_document_hash_and_offsets(corpus_text: str, chunks: list[Chunk]) -> None:
    digest = document_hash(corpus_text)
    for chunk in chunks:
        assert chunk.id == f"{REPORT_DOC_ID}:{digest}:{chunk.start}-{chunk.end}"
    assert len({c.id for c in chunks}) == len(chunks)


def test_chunk_ids_are_stable_across_runs(
    corpus_text: str, token_counter: TokenCounter, chunks: list[Chunk]
) -> None:
    again = chunk_text(corpus_text, token_counter)
    assert [c.id for c in again] == [c.id for c in chunks]
    assert again == chunks


@pytest.mark.parametrize(
    ("old", "new"),
    [("10% of the gross amount", "12% of the gross amount"), ("Form 8621.", "Form 8621 annually.")],
)
def test_chunk_ids_change_when_the_text_changes(
    corpus_text: str, token_counter: TokenCounter, chunks: list[Chunk], old: str, new: str
) -> None:
    changed = chunk_text(corpus_text.replace(old, new, 1), token_counter)
    assert not {c.id for c in changed} & {c.id for c in chunks}


def test_chunk_ids_differ_between_documents_with_the_same_text(
    corpus_text: str, token_counter: TokenCounter, chunks: list[Chunk]
) -> None:
    other = chunk_text(corpus_text, token_counter, doc_id="another-report")
    assert not {c.id for c in other} & {c.id for c in chunks}


@pytest.mark.parametrize("max_tokens", [256, 200, 128, 96, 80])
def test_rate_table_is_never_split(corpus_text: str, token_counter: TokenCounter, max_tokens: int) -> None:
    table = next(b for b in parse_document(corpus_text, REPORT_LEADING_SECTION) if b.kind == "table")
    holding = [
        c
        for c in chunk_text(corpus_text, token_counter, max_tokens)
        if c.start < table.end and table.start < c.end
    ]
    assert len(holding) == 1
    assert holding[0].start <= table.start
    assert table.end <= holding[0].end


@pytest.mark.parametrize(
    "intro",
    [
        "It does not address special classes of holders",
        "Moreover, withholding tax on dividends is not imposed",
    ],
)
def test_list_that_fits_is_in_one_chunk_with_its_introducing_sentence(
    corpus_text: str, blocks: list[Block], chunks: list[Chunk], intro: str
) -> None:
    block = next(b for b in blocks if corpus_text[b.start : b.end].startswith(intro))
    assert sum(c.start <= block.start and block.end <= c.end for c in chunks) == 1


def test_over_long_sentence_is_split_on_word_boundaries_into_chunks_that_fit(
    token_counter: TokenCounter,
) -> None:
    words = [f"withholding{n} tax" for n in range(300)]
    sentence = "The holder owes " + ", ".join(words) + "."
    text = f"Intro sentence.\n\n{sentence}\n\nClosing sentence."
    chunks = chunk_text(text, token_counter, 256)
    inside = [c for c in chunks if sentence.startswith(c.text) or c.text in sentence]
    assert len(inside) >= 3
    assert_chunks_well_formed(text, chunks, token_counter, 256)
    for chunk in inside:
        assert not text[chunk.start].isspace()
        assert not text[chunk.end - 1].isspace()
        assert text[chunk.start - 1].isspace()
        assert text[chunk.end].isspace()
    assert " ".join(c.text for c in inside).split() == sentence.split()


def test_over_long_table_is_split_between_rows_into_chunks_that_fit(token_counter: TokenCounter) -> None:
    # Financial tables have no spaces inside a row: cells are tab-separated, rows newline-separated.
    rows = "\n".join(f"{2000 + i}\t{i}%\t¥{i * 1000:,}" for i in range(120))
    text = f"The following table shows dividends by year:\n\nYear\tRate\tAmount\n{rows}"
    chunks = chunk_text(text, token_counter, 256)
    assert_chunks_well_formed(text, chunks, token_counter, 256)
    for chunk in chunks:
        assert chunk.end == len(text) or text[chunk.end] == "\n"


@settings(max_examples=120, deadline=None)
@given(text=report_texts(), max_tokens=st.sampled_from([48, 96, 256]))
def test_generated_report_chunks_never_overlap_and_stay_within_the_limit(
    token_counter: TokenCounter, text: str, max_tokens: int
) -> None:
    chunks = chunk_text(text, token_counter, max_tokens)
    assert_chunks_well_formed(text, chunks, token_counter, max_tokens)
    # Nothing but headings and whitespace is left out of the chunks.
    covered = " ".join(c.text for c in chunks).split()
    outside = re.sub(r"\s+", " ", text).split()
    assert len(covered) <= len(outside)
    assert set(covered) <= set(outside)


def _runs_of_units(blocks: list[Block]) -> list[tuple[str, tuple[int, int]]]:
    """Every span from one unit of a block to a later unit of the same section (what the chunker asks about)."""
    spans = []
    for section, group in itertools.groupby(blocks, key=lambda b: b.section):
        units = [unit for block in group for unit in block.units]
        for i, first in enumerate(units):
            for last in units[i : i + 12]:
                spans.append((section, (first[0], last[1])))
    return spans


def test_span_counts_added_up_from_sentences_equal_the_tokenizer_on_the_whole_span(
    corpus_text: str, blocks: list[Block], token_counter: TokenCounter
) -> None:
    count = SpanCounter(corpus_text, [unit for block in blocks for unit in block.units], token_counter)
    spans = _runs_of_units(blocks)
    assert len(spans) > 500
    for section, (start, end) in spans:
        assert count(section, (start, end)) == token_counter(f"{section}\n{corpus_text[start:end]}")


def test_span_counts_fall_back_to_the_tokenizer_where_words_run_across_unit_ends(
    token_counter: TokenCounter,
) -> None:
    # "un" + "believable" are one word to the tokenizer; "a\x0cb": the form feed is dropped, joining the words;
    # (9, 14) ends inside a unit.
    text = "Truly unbelievable rates.a\x0cb end"
    units = [(0, 8), (8, 18), (19, 25), (25, 26), (27, 28), (29, 32)]
    count = SpanCounter(text, units, token_counter)
    for span in [(0, 18), (19, 28), (25, 28), (0, 32), (9, 14), (19, 25)]:
        assert count("S", span) == token_counter(f"S\n{text[span[0] : span[1]]}"), span


@settings(max_examples=25, deadline=None)
@given(report_texts())
def test_span_counts_of_generated_reports_equal_the_tokenizer_on_the_whole_span(text: str) -> None:
    count = TokenCounter()
    blocks = parse_document(text, REPORT_LEADING_SECTION)
    spans = SpanCounter(text, [unit for block in blocks for unit in block.units], count)
    for section, (start, end) in _runs_of_units(blocks):
        assert spans(section, (start, end)) == count(f"{section}\n{text[start:end]}")
