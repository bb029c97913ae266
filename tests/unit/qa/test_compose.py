"""The extractive composer: verbatim quotes, best first, and a sentence that leans back quoted with its antecedent."""

from __future__ import annotations

from ingest.bm25 import BM25
from ingest.chunk import Chunk
from service.qa.compose import ExtractiveComposer
from service.qa.retrieval import Hit

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
