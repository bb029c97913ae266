"""The only adapter to Chroma: an embedded PersistentClient by default, a `chroma run` server by URL.

Vectors are written through llama-index's Chroma vector store, by upsert, so a write that is repeated after an
interrupted ingest replaces rather than duplicates. Queries go to the Chroma collection directly, so the service
never imports llama-index.

A collection records in its metadata which embedding model made its vectors (`ModelIdentity.digest`). Vectors of
another model are never written into it: they go to a new collection beside it (`staging`), which replaces it
whole (`adopt`) once complete.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings

from ingest.chunk import Chunk
from ingest.embedding import ModelIdentity
from service.errors import StoreUnavailable

Where = Mapping[str, Any]
MODEL_KEY = "embedding_model"  # collection metadata: the digest of the model that made the vectors
MODEL_NAME_KEY = "embedding_model_name"
_COLLECTION_CONFIG = {"hnsw": {"space": "cosine"}}


def _upserting_store(collection: Any) -> Any:
    """llama-index's Chroma store, writing with `upsert` instead of `add` (imported only by a process that writes:
    llama-index takes seconds to import, and the service only queries)."""
    from llama_index.core.schema import BaseNode, MetadataMode
    from llama_index.core.vector_stores.utils import node_to_metadata_dict
    from llama_index.vector_stores.chroma import ChromaVectorStore

    class UpsertChromaVectorStore(ChromaVectorStore):
        def add(self, nodes: Sequence[BaseNode], **add_kwargs: Any) -> list[str]:
            if not nodes:
                return []
            metadatas = []
            for node in nodes:
                metadata = node_to_metadata_dict(node, remove_text=True, flat_metadata=self.flat_metadata)
                metadatas.append({k: ("" if v is None else v) for k, v in metadata.items()})
            # Chroma's annotations want numpy arrays; the plain lists it also accepts are what llama-index holds.
            self._collection.upsert(
                ids=[node.node_id for node in nodes],
                embeddings=cast(Any, [node.get_embedding() for node in nodes]),
                metadatas=cast(Any, metadatas),
                documents=[node.get_content(metadata_mode=MetadataMode.NONE) for node in nodes],
            )
            return [node.node_id for node in nodes]

    return UpsertChromaVectorStore(chroma_collection=collection)  # type: ignore[call-arg]


def _client(chroma_url: str | None, data_dir: Path) -> Any:
    quiet = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        port = url.port or (443 if url.scheme == "https" else 8000)
        return chromadb.HttpClient(
            host=url.hostname or "localhost", port=port, ssl=url.scheme == "https", settings=quiet
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=quiet)


class VectorStore:
    """Chunk vectors in one Chroma collection (cosine space), with the chunk's report metadata.

    A failed call drops the connection and raises `StoreUnavailable`; the next call connects afresh, so a Chroma
    server that restarts is picked up again without restarting the process.
    """

    def __init__(
        self, collection: str, data_dir: Path, chroma_url: str | None = None, *, client: Any = None
    ) -> None:
        """``client``: another store's open client to share (that store owns it and closes it)."""
        self.location = chroma_url or str(data_dir / "chroma")
        self._name = collection
        self._data_dir = data_dir
        self._url = chroma_url
        self._shared_client = client
        self._lock = threading.Lock()
        self._connection: tuple[Any, Any] | None = None
        self._writer: Any = (
            None  # llama-index's store over the connected collection, made on the first upsert
        )
        self._connect()

    def _connect(self) -> tuple[Any, Any]:
        with self._lock:
            if self._connection is None:
                try:
                    client = self._shared_client or _client(self._url, self._data_dir)
                    collection = client.get_or_create_collection(
                        name=self._name, embedding_function=None, configuration=_COLLECTION_CONFIG
                    )
                except Exception as exc:  # chromadb raises many types for an unreachable or broken store
                    raise StoreUnavailable(
                        "the vector store (Chroma) cannot be opened", f"{self.location}: {exc}"
                    ) from exc
                self._connection, self._writer = (client, collection), None
            return self._connection

    @contextmanager
    def _calling(self) -> Iterator[None]:
        """Map any failure of the store to `StoreUnavailable` and forget the connection it happened on."""
        try:
            yield
        except StoreUnavailable:
            raise
        except Exception as exc:
            with self._lock:
                self._connection = None
            raise StoreUnavailable(
                "the vector store (Chroma) did not answer", f"{self.location}: {exc}"
            ) from exc

    @property
    def _collection(self) -> Any:
        return self._connect()[1]

    def _max_batch(self) -> int:
        """The most records one call may carry: the connected Chroma's own limit (its SQLite's, or the server's)."""
        return max(1, int(self._connect()[0].get_max_batch_size()))

    @property
    def name(self) -> str:
        return self._name

    def model(self) -> str:
        """The digest of the model whose vectors the collection holds ("" if it does not say: an older index)."""
        with self._calling():
            metadata = self._collection.metadata or {}
        return str(metadata.get(MODEL_KEY, ""))

    def staging(self, model: ModelIdentity) -> VectorStore:
        """A collection beside this one for ``model``'s vectors, to `adopt` once complete: the one an interrupted
        ingest left for the same model (its vectors are good: chunk ids name their text), else a new, empty one."""
        with self._calling():
            client = self._connect()[0]
            staging = VectorStore(f"{self._name[:54]}-rebuild", self._data_dir, self._url, client=client)
            if staging.model() != model.digest:
                client.delete_collection(staging.name)
                client.create_collection(
                    name=staging.name,
                    embedding_function=None,
                    configuration=_COLLECTION_CONFIG,
                    metadata={MODEL_KEY: model.digest, MODEL_NAME_KEY: model.name},
                )
                staging.close()  # the next call opens the new collection
        return staging

    def adopt(self, staging: VectorStore) -> None:
        """Replace this collection by ``staging``'s (renamed to this one's name), which it owns from now on."""
        with self._calling():
            client = self._connect()[0]
            client.delete_collection(self._name)
            staging._collection.modify(name=self._name)
            staging.close()
            collection = client.get_collection(self._name, embedding_function=None)
            with self._lock:
                self._connection, self._writer = (client, collection), None

    def ids(self) -> set[str]:
        with self._calling():
            return set(self._collection.get(include=[])["ids"])

    def count(self) -> int:
        with self._calling():
            return int(self._collection.count())

    def upsert(
        self,
        chunks: Sequence[Chunk],
        vectors: Sequence[list[float]],
        metas: Sequence[Mapping[str, Any]],
    ) -> None:
        """Write the chunks with their vectors and each chunk's report metadata (``metas``, one per chunk), in
        one call to the store (or one per Chroma's largest batch, which the connected store reports)."""
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        nodes = [
            TextNode(
                id_=chunk.id,
                text=chunk.text,
                embedding=vector,
                start_char_idx=chunk.start,
                end_char_idx=chunk.end,
                metadata={
                    "doc_id": chunk.doc_id,
                    "section": chunk.section,
                    "start": chunk.start,
                    "end": chunk.end,
                    **meta,
                },
                excluded_embed_metadata_keys=list(meta),
                # llama-index writes the source's id as the "doc_id" metadata Chroma filters on.
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=chunk.doc_id)},
            )
            for chunk, vector, meta in zip(chunks, vectors, metas, strict=True)
        ]
        with self._calling():
            collection = self._collection
            with self._lock:
                if self._writer is None or self._writer._collection is not collection:
                    self._writer = _upserting_store(collection)
                writer = self._writer
            size = self._max_batch()  # a text many reports share can make one batch large
            for i in range(0, len(nodes), size):
                writer.add(nodes[i : i + size])

    def delete(self, ids: Sequence[str]) -> None:
        with self._calling():
            size = self._max_batch()
            for i in range(0, len(ids), size):
                self._collection.delete(ids=list(ids[i : i + size]))

    def query(self, vector: list[float], top_k: int, where: Where | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        with self._calling():
            result = self._collection.query(
                query_embeddings=[vector],
                n_results=top_k,
                include=["distances"],
                **({"where": dict(where)} if where else {}),
            )
        # Chroma's cosine distance is 1 - cosine similarity.
        ids, distances = result["ids"][0], (result["distances"] or [[]])[0]
        return [(str(node_id), 1.0 - float(d)) for node_id, d in zip(ids, distances, strict=True)]

    def close(self) -> None:
        """Release the client (unless it is shared); the embedded store's cached view of the folder goes with the
        last client."""
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is None or self._shared_client is not None:
            return
        try:
            connection[0].close()
        except Exception:  # closing a client whose server is gone must not fail shutdown
            return

    def heartbeat(self) -> bool:
        """True when the store answers (reconnecting first if an earlier call failed)."""
        try:
            with self._calling():
                self._connect()[0].heartbeat()
        except StoreUnavailable:
            return False
        return True
