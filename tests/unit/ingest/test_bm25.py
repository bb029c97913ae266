"""Keyword search: ranking, stop words, stemming, filtering, and the JSON form the snapshot stores."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.bm25 import BM25, tokenize

DOCS = [
    ("treaty", "Under the Treaty, the maximum withholding rate for most shareholders is limited to 10%."),
    ("pfic", "If we are treated as a PFIC you must file Internal Revenue Service Form 8621."),
    ("gains", "Gains derived from the sale outside Japan of the shares are not subject to Japanese tax."),
    ("dividend", "The dividend is taxable to you when you receive the dividend."),
    ("stamp", "IIJ has paid or will pay any stamp, registration or similar tax imposed by Japan."),
]


@pytest.fixture(scope="module")
def index() -> BM25:
    return BM25.build(DOCS)


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("Form 8621", "pfic"),
        ("stamp registration", "stamp"),
        ("withholding rate under the treaty", "treaty"),
        ("sale outside Japan", "gains"),
        ("PFIC", "pfic"),
    ],
)
def test_document_with_the_exact_terms_ranks_first(index: BM25, query: str, best: str) -> None:
    assert index.search(query, 3)[0][0] == best


def test_scores_are_positive_and_best_first(index: BM25) -> None:
    results = index.search("tax Japan dividend", 5)
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_only_documents_sharing_a_term_are_returned(index: BM25) -> None:
    assert [doc for doc, _ in index.search("Form 8621", 5)] == ["pfic"]
    assert index.search("quantum chromodynamics", 5) == []


@pytest.mark.parametrize("query", ["the", "what is the", "how does it do", "of and to in"])
def test_query_of_stop_words_only_matches_nothing(index: BM25, query: str) -> None:
    assert tokenize(query) == []
    assert index.search(query, 5) == []


def test_stop_words_do_not_change_the_ranking(index: BM25) -> None:
    assert index.search("what is the withholding rate under the treaty", 5) == index.search(
        "withholding rate treaty", 5
    )


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("dividends", "dividend"),
        ("taxes", "gains"),
        ("gain", "gains"),
        ("limits", "treaty"),
        ("shareholder", "treaty"),
    ],
)
def test_inflected_forms_match_by_stem(index: BM25, query: str, document: str) -> None:
    assert document in [doc for doc, _ in index.search(query, 5)]


@pytest.mark.parametrize(
    ("text", "same_terms"),
    [
        ("U.S. holders", "u.s. holder"),
        ("10% of the gross amount", "10 gross amounts"),
        ("Dividends are TAXED", "dividend tax"),
    ],
)
def test_tokenize_lowercases_drops_stop_words_and_stems(text: str, same_terms: str) -> None:
    assert tokenize(text) == tokenize(same_terms)


def test_abbreviations_stay_one_term_distinct_from_the_word_they_spell() -> None:
    assert len(tokenize("U.S.")) == 1
    assert tokenize("U.S.") != tokenize("us")
    index = BM25.build([("abbrev", "U.S. holders"), ("word", "let us hold")])
    assert [doc for doc, _ in index.search("U.S.", 5)] == ["abbrev"]


def test_allowed_positions_restrict_the_results(index: BM25) -> None:
    positions = {doc: i for i, doc in enumerate(index.doc_ids)}
    allowed = {positions["gains"], positions["stamp"]}
    results = index.search("tax Japan dividend treaty", 5, allowed)
    assert {doc for doc, _ in results} == {"gains", "stamp"}
    assert index.search("Form 8621", 5, allowed) == []


def test_top_k_limits_the_results(index: BM25) -> None:
    assert len(index.search("tax", 1)) == 1


def test_ties_are_broken_by_document_order() -> None:
    index = BM25.build([("b", "alpha"), ("a", "alpha")])
    assert [doc for doc, _ in index.search("alpha", 2)] == ["b", "a"]


def test_empty_index_finds_nothing() -> None:
    assert BM25.build([]).search("tax", 3) == []


def test_json_round_trip_gives_identical_results(index: BM25) -> None:
    restored = BM25.from_json(json.loads(json.dumps(index.to_json())))
    assert restored == index
    for query in ["tax", "Form 8621", "dividends paid by Japan", "withholding rate treaty"]:
        assert restored.search(query, 5) == index.search(query, 5)


words = st.sampled_from("tax dividend treaty japan holder gain form rate shares income the of".split())


@settings(max_examples=100, deadline=None)
@given(
    docs=st.lists(st.lists(words, min_size=1, max_size=20).map(" ".join), min_size=1, max_size=15),
    query=st.lists(words, min_size=1, max_size=5).map(" ".join),
)
def test_round_trip_and_ranking_invariants_on_generated_documents(docs: list[str], query: str) -> None:
    index = BM25.build((f"d{i}", text) for i, text in enumerate(docs))
    results = index.search(query, len(docs))
    assert results == BM25.from_json(json.loads(json.dumps(index.to_json()))).search(query, len(docs))
    assert [s for _, s in results] == sorted((s for _, s in results), reverse=True)
    terms = set(tokenize(query))
    matching = {f"d{i}" for i, text in enumerate(docs) if terms & set(tokenize(text))}
    assert {doc for doc, _ in results} == matching


def test_the_stemmer_loaded_without_nltk_start_up_stems_like_nltk(corpus_text: str) -> None:
    import re
    import subprocess
    import sys

    from nltk.stem.porter import PorterStemmer

    from ingest.bm25 import _STEMMER

    words = set(re.findall(r"[a-z]+", corpus_text.lower())) | {"generously", "hopefulness", "ies", "sky"}
    reference = PorterStemmer()
    assert {w: _STEMMER.stem(w) for w in words} == {w: reference.stem(w) for w in words}
    script = "import sys, ingest.bm25; print('nltk' in sys.modules, 'scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@settings(max_examples=60, deadline=None)
@given(
    docs=st.lists(st.lists(words, min_size=1, max_size=20).map(" ".join), min_size=1, max_size=15),
    query=st.lists(words, min_size=1, max_size=5).map(" ".join),
)
def test_an_index_weighed_up_front_scores_exactly_as_one_weighed_on_each_term_s_first_use(
    docs: list[str], query: str
) -> None:
    on_first_use = BM25.build((f"d{i}", text) for i, text in enumerate(docs))
    up_front = BM25.from_json(on_first_use.to_json())
    up_front.prepare()
    results = up_front.search(query, len(docs))
    assert results == on_first_use.search(query, len(docs))  # scores compared exactly
