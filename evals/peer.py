"""The peer: llama-index's documented default pipeline over the same report, scored on retrieval only.

``SentenceSplitter()`` with its defaults (1024 tokens, 200 overlap), the same all-MiniLM-L6-v2 (our
``Embedder`` behind a small ``BaseEmbedding``), a ``ChromaVectorStore`` on a throwaway in-memory collection,
``VectorStoreIndex`` and ``as_retriever(similarity_top_k=5)``. Each retrieved node becomes a citation at its
corpus offsets, and the same cases that expect citations are scored with the same pure scorer.
Models are passed explicitly: llama-index's global ``Settings`` is never touched (``Settings.llm`` prints).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any

from evals.locate import PassageNotFoundError, locate
from evals.results import PeerResult
from evals.scoring import Case, Citation, Response, aggregate_by_group, score_case

__all__ = ["PEER_DESCRIPTION", "PEER_TOP_K", "run_peer"]

PEER_TOP_K = 5
PEER_DESCRIPTION = (
    "llama-index defaults (SentenceSplitter 1024/200, all-MiniLM-L6-v2, Chroma, "
    f"VectorStoreIndex retriever top {PEER_TOP_K})"
)


def _embedding_model(embedder: Any) -> Any:
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class ReportQAEmbedding(BaseEmbedding):
        """Our Embedder (the one module that loads the model) as a llama-index embedding model."""

        _embedder: Any = PrivateAttr()

        def __init__(self, wrapped: Any) -> None:
            super().__init__(model_name="all-MiniLM-L6-v2", embed_batch_size=32)
            self._embedder = wrapped

        def _get_query_embedding(self, query: str) -> list[float]:
            return list(self._embedder.embed_query(query))

        def _get_text_embedding(self, text: str) -> list[float]:
            return list(self._embedder.embed([text])[0])

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return list(self._embedder.embed(texts))

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return ReportQAEmbedding(embedder)


def run_peer(embedder: Any, cases: Sequence[Case], corpus_text: str, top_k: int = PEER_TOP_K) -> PeerResult:
    """Index ``corpus_text`` the llama-index default way and score retrieval for the cases that cite."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import QueryBundle
    from llama_index.vector_stores.chroma import ChromaVectorStore

    started = time.perf_counter()
    nodes = SentenceSplitter().get_nodes_from_documents([Document(text=corpus_text)])
    spans: dict[str, tuple[int, int]] = {}
    relocated = 0
    for node in nodes:
        text = node.get_content()
        start, end = getattr(node, "start_char_idx", None), getattr(node, "end_char_idx", None)
        if start is None or end is None or corpus_text[start:end] != text:
            start, end = locate(corpus_text, text)  # PassageNotFoundError would mean the splitter lost text
            relocated += 1
        spans[node.node_id] = (start, end)

    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    name = f"peer-{uuid.uuid4().hex[:12]}"
    collection = client.create_collection(name, embedding_function=None)
    try:
        store = ChromaVectorStore(chroma_collection=collection)
        index = VectorStoreIndex(
            nodes,
            storage_context=StorageContext.from_defaults(vector_store=store),
            embed_model=_embedding_model(embedder),
            show_progress=False,
        )
        retriever = index.as_retriever(similarity_top_k=top_k)
        cited = [case for case in cases if case.cite]
        # One batch for all questions (what the retriever would embed one by one); same vectors, less time.
        vectors = embedder.embed([case.question for case in cited])
        scores = []
        for case, vector in zip(cited, vectors, strict=True):
            citations: list[Citation] = []
            bundle = QueryBundle(query_str=case.question, embedding=vector)
            for n, hit in enumerate(retriever.retrieve(bundle), start=1):
                span = spans.get(hit.node.node_id)
                if span is None:
                    try:
                        span = locate(corpus_text, hit.node.get_content())
                    except PassageNotFoundError:
                        continue
                start, end = span
                citations.append(
                    Citation(
                        quote=corpus_text[start:end],
                        start=start,
                        end=end,
                        id=f"p{n}",
                        section="chunk",
                        score=float(hit.score or 0.0),
                    )
                )
            response = Response(answer="", route=case.route, citations=tuple(citations))
            scores.append(score_case(case, response, corpus_text))
    finally:
        client.delete_collection(name)
    groups = {
        group: metrics
        for group, metrics in aggregate_by_group(scores).items()
        if group == "all" or group.startswith("split:")
    }
    return PeerResult(
        groups=groups,
        description=PEER_DESCRIPTION,
        chunks=len(nodes),
        relocated=relocated,
        seconds=time.perf_counter() - started,
        notes=[
            f"{len(nodes)} chunks of ~{sum(e - s for s, e in spans.values()) // max(len(nodes), 1)} characters; "
            f"{relocated} node offsets had to be relocated",
            "peer citations are whole chunks (a hit needs half of the expected passage inside one); "
            "reportqa's are sentences — lenient to the peer",
            "the peer searches the question alone (no follow-up history); only cases that expect citations count",
        ],
    )
