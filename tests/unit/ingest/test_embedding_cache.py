"""The embedder's cache: questions, quotes and words asked for again are not embedded again (ingest/embedding.py)."""

from __future__ import annotations

import numpy as np

from ingest.embedding import Embedder


def test_cached_vectors_equal_fresh_ones_and_come_in_the_order_asked(embedder: Embedder) -> None:
    texts = [
        "withholding tax on dividends",
        "a passive foreign investment company",
        "withholding tax on dividends",
    ]
    cached = embedder.embed_cached(texts)
    fresh = embedder.embed(texts)
    assert np.allclose(np.asarray(cached), np.asarray(fresh), atol=1e-5)


def test_a_text_seen_recently_is_served_from_the_cache(embedder: Embedder) -> None:
    first = embedder.embed_cached(["the standing proxy of a non-resident holder"])[0]
    again = embedder.embed_cached(["the standing proxy of a non-resident holder", "stamp duty"])[0]
    assert again is first  # the same stored vector, not a new embedding
    assert embedder.embed_query("the standing proxy of a non-resident holder") is first


def test_a_cache_of_size_zero_keeps_nothing() -> None:
    model = Embedder(query_cache=0)
    first = model.embed_cached(["form 8621"])[0]
    assert model.embed_cached(["form 8621"])[0] is not first
