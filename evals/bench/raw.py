"""The raw embedding rate that ingest throughput is compared with: the model alone on the ingested chunk texts."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any


def raw_embedding(data: Path, sample: int, batch_size: int, seed: int) -> dict[str, Any]:
    """The model alone on the ingested chunk texts (a seeded sample when `sample` > 0), in this process: the
    same model settings and batches as ingest gives chunk texts (shortest first, `batch_size * 4` a call), so
    the ratio to it is what ingest costs beyond embedding the chunks. Also how many chunk texts are distinct
    (ingest embeds each once)."""
    from ingest.embedding import Embedder
    from ingest.snapshot import read_snapshot

    snapshot = read_snapshot(data)
    assert snapshot is not None
    texts = [c.embed_text for c in snapshot.chunks]
    distinct = len(set(texts))
    if 0 < sample < len(texts):
        texts = random.Random(seed).sample(texts, sample)  # noqa: S311 -- a sample, not secrets
    texts.sort(key=lambda text: (len(text), text))
    from service.settings import Settings

    model = Embedder(batch_size=batch_size, threads=Settings().ingest_threads)
    model.warm()
    started, cpu_started = time.perf_counter(), time.process_time()
    step = batch_size * 4  # as the pipeline batches
    for i in range(0, len(texts), step):
        model.embed(texts[i : i + step])
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    return {
        "texts": len(texts),
        "seconds": seconds,
        "chunks_per_s": len(texts) / seconds,
        "cpu_seconds": cpu_seconds,
        "chunks_per_cpu_s": len(texts) / cpu_seconds,
        "distinct_chunk_texts": distinct,
    }
