"""all-MiniLM-L6-v2's forward pass in ONNX Runtime: the graph built from the model's own safetensors weights.

The service embeds questions with `OrtEncoder`. The graph is written here with `onnx.helper`, node by node, from
``config.json`` and ``model.safetensors`` (the files `ModelIdentity` hashes, so an index keeps its identity): no
torch, no export, no ONNX file shipped with the model. It is BERT as sentence-transformers runs it: word, position
and token-type embeddings and their LayerNorm; per layer one fused query/key/value MatMul, attention over each
text's own word pieces (padding masked out), the output dense layer with its residual and LayerNorm, the GELU
(erf) feed-forward with its residual and LayerNorm; then the mean over each text's word pieces and L2
normalisation. `InferenceSession.run` releases the interpreter lock for the whole pass, so other requests' Python
work goes on beside it.

Building the graph (about 1.5 s, with importing `onnx`) costs more than reading a serialized one (0.2–0.3 s), so
it is kept in the data directory under the model's digest (`graph_cache_path`), written atomically by ingest. A
service that finds none, or one ONNX Runtime cannot read, builds it in a child process (`python -m
ingest.onnx_encoder`): the build holds the weights three times over (arrays, graph, serialized graph), which the
service's peak memory never sees, and the service never imports `onnx`.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from ingest.atomic import write_atomically

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]

OPSET = 18  # LayerNormalization (17), reductions with their axes as an input (18)

# Padded attention costs batch × longest × longest: texts are grouped by length so that a long quote is not padded
# against many short questions, and a group holds at most this many padded word pieces.
PADDED_BUDGET = 2048


def max_length_of(model_path: Path) -> int:
    """The longest text, in word pieces, that the model reads (sentence-transformers' ``max_seq_length``)."""
    st_config = model_path / "sentence_bert_config.json"
    if not st_config.is_file():
        return 256
    return int(json.loads(st_config.read_text(encoding="utf-8")).get("max_seq_length", 256))


def build_graph(model_path: Path) -> Any:
    """The ONNX model (an ``onnx.ModelProto``) of the folder's BERT with mean pooling and L2 normalisation.

    Word pieces are packed: the per-token layers (embeddings, the dense layers, LayerNorms, GELU) run on the
    texts' word pieces stacked without padding, and only attention sees them padded, per text, with the padding
    masked out; so a pass over many texts of different lengths costs what their word pieces cost, not texts ×
    longest. Inputs (see `_packed`): ``input_ids`` and ``positions`` (int64, pieces), ``padded_rows`` (int64, texts
    × longest: the piece each padded slot reads, 0 for padding), ``attention_bias`` (float32, texts × longest: 0
    or the most negative float), ``unpadded`` (int64, pieces: each piece's slot in the flattened padded rows) and
    ``pooling`` (float32, texts × pieces: 1/length on a text's own pieces). Output ``vectors`` (float32, texts ×
    width, unit rows). Weights are read one tensor at a time from the safetensors file.
    """
    from onnx import TensorProto, helper, numpy_helper
    from safetensors import safe_open

    config = json.loads((model_path / "config.json").read_text(encoding="utf-8"))
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
        raise ValueError(f"{model_path} is not a BERT model with GELU; the ONNX encoder cannot build it")
    heads = int(config["num_attention_heads"])
    width = int(config["hidden_size"])
    head = width // heads
    eps = float(config["layer_norm_eps"])
    nodes: list[Any] = []
    weights: list[Any] = []

    def weight(name: str, array: npt.NDArray[Any]) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: Sequence[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, list(inputs), [output], name=output, **attrs))
        return output

    def const(name: str, values: Sequence[float] | Sequence[int], dtype: Any) -> str:
        return weight(name, np.asarray(values, dtype=dtype))

    # Shapes and constants shared by every layer.
    const("axis2", [2], np.int64)
    const("minus1", [-1], np.int64)
    const("padded_qkv", [0, 0, 3, heads, head], np.int64)  # texts × longest × (q, k, v) × heads × head
    const("flat_rows", [-1, width], np.int64)
    const("scale", [1.0 / float(np.sqrt(head))], np.float32)
    const("f_one", [1.0], np.float32)
    const("f_half", [0.5], np.float32)
    const("sqrt2", [float(np.sqrt(2.0))], np.float32)
    const("tiny", [1e-12], np.float32)
    const("bias_axes", [1, 2], np.int64)
    # The padding bias per text, broadcast over heads and query positions.
    node("Unsqueeze", ["attention_bias", "bias_axes"], "mask_bias")

    with safe_open(str(model_path / "model.safetensors"), framework="numpy") as tensors:
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in tensors.keys() else ""  # noqa: SIM118

        def read(name: str) -> npt.NDArray[np.float32]:
            return np.asarray(tensors.get_tensor(prefix + name), dtype=np.float32)

        def linear(x: str, name: str, out: str) -> str:
            """``x @ W.T + b`` of the checkpoint's Linear layer ``name`` (its weight is out × in)."""
            w = weight(f"{name}.weight", read(f"{name}.weight").T)
            b = weight(f"{name}.bias", read(f"{name}.bias"))
            return node("Add", [node("MatMul", [x, w], f"{out}.mm"), b], out)

        def layer_norm(x: str, name: str, out: str) -> str:
            scale = weight(f"{name}.weight", read(f"{name}.weight"))
            bias = weight(f"{name}.bias", read(f"{name}.bias"))
            return node("LayerNormalization", [x, scale, bias], out, axis=-1, epsilon=eps)

        # Embeddings: word + position + token type 0, then LayerNorm (pieces × width).
        words = weight("word_table", read("embeddings.word_embeddings.weight"))
        positions = weight("position_table", read("embeddings.position_embeddings.weight"))
        token_type = weight("token_type", read("embeddings.token_type_embeddings.weight")[0])
        node("Gather", [words, "input_ids"], "word_rows")
        node("Gather", [positions, "positions"], "position_rows")
        node("Add", ["word_rows", "position_rows"], "embedded1")
        node("Add", ["embedded1", token_type], "embedded")
        x = layer_norm("embedded", "embeddings.LayerNorm", "x0")

        for i in range(int(config["num_hidden_layers"])):
            at = f"encoder.layer.{i}."
            p = f"l{i}."
            qkv_w = np.concatenate(
                [read(at + f"attention.self.{n}.weight") for n in ("query", "key", "value")], axis=0
            )
            qkv_b = np.concatenate([read(at + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            qkv_mm = node("MatMul", [x, weight(p + "qkv.weight", qkv_w.T)], p + "qkv.mm")
            qkv = node("Add", [qkv_mm, weight(p + "qkv.bias", qkv_b)], p + "qkv")
            padded = node("Gather", [qkv, "padded_rows"], p + "qkv.padded")  # texts × longest × 3·width
            split = node("Reshape", [padded, "padded_qkv"], p + "qkv.split")
            parts = {}
            for index, part in enumerate(("q", "k", "v")):
                const(p + part + ".index", [index], np.int64)
                gathered = node("Gather", [split, p + part + ".index"], p + part + ".rows", axis=2)
                squeezed = node("Squeeze", [gathered, "axis2"], p + part + ".sq")
                perm = [0, 2, 3, 1] if part == "k" else [0, 2, 1, 3]  # keys transposed for q @ k
                parts[part] = node("Transpose", [squeezed], p + part, perm=perm)
            scores = node("Mul", [node("MatMul", [parts["q"], parts["k"]], p + "qk"), "scale"], p + "scaled")
            probs = node("Softmax", [node("Add", [scores, "mask_bias"], p + "masked")], p + "probs", axis=-1)
            context = node("MatMul", [probs, parts["v"]], p + "context")  # texts × heads × longest × head
            slots = node(
                "Reshape",
                [node("Transpose", [context], p + "context.t", perm=[0, 2, 1, 3]), "flat_rows"],
                p + "context.slots",
            )
            merged = node("Gather", [slots, "unpadded"], p + "merged")  # pieces × width again
            attended = node("Add", [linear(merged, at + "attention.output.dense", p + "out"), x], p + "res1")
            x = layer_norm(attended, at + "attention.output.LayerNorm", p + "norm1")
            inner = linear(x, at + "intermediate.dense", p + "inner")
            erf = node("Erf", [node("Div", [inner, "sqrt2"], p + "gelu.div")], p + "gelu.erf")
            gate = node("Mul", [node("Add", [erf, "f_one"], p + "gelu.add"), "f_half"], p + "gelu.half")
            gelu = node("Mul", [inner, gate], p + "gelu")
            down = node("Add", [linear(gelu, at + "output.dense", p + "down"), x], p + "res2")
            x = layer_norm(down, at + "output.LayerNorm", p + "norm2")

    # Each text's mean piece, then unit length (the norm floored as sentence-transformers does).
    pooled = node("MatMul", ["pooling", x], "pooled")
    norm = node("Max", [node("ReduceL2", [pooled, "minus1"], "norm0", keepdims=1), "tiny"], "norm")
    node("Div", [pooled, norm], "vectors")

    graph = helper.make_graph(
        nodes,
        "minilm_mean_pooled",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["pieces"]),
            helper.make_tensor_value_info("positions", TensorProto.INT64, ["pieces"]),
            helper.make_tensor_value_info("padded_rows", TensorProto.INT64, ["texts", "longest"]),
            helper.make_tensor_value_info("attention_bias", TensorProto.FLOAT, ["texts", "longest"]),
            helper.make_tensor_value_info("unpadded", TensorProto.INT64, ["pieces"]),
            helper.make_tensor_value_info("pooling", TensorProto.FLOAT, ["texts", "pieces"]),
        ],
        [helper.make_tensor_value_info("vectors", TensorProto.FLOAT, ["texts", width])],
        weights,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="reportqa")
    model.ir_version = 8
    return model


def _groups(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Text positions, shortest first, in groups of at most ``budget`` padded word pieces (one text at least)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and lengths[i] * (len(groups[-1]) + 1) <= budget:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


# Bumped whenever `build_graph` changes what it builds: a graph kept by an older build is then not read.
GRAPH_VERSION = 2
GRAPH_GLOB = "minilm-*-g*.onnx"


def graph_cache_path(folder: Path, digest: str) -> Path:
    """Where the graph of the model with ``digest`` is kept in ``folder`` (the data directory)."""
    return folder / f"minilm-{digest[:32]}-g{GRAPH_VERSION}.onnx"


class OrtEncoder:
    """Unit vectors of texts from the model folder's weights, by ONNX Runtime on one thread per pass.

    ``graph_file``: where the serialized graph is kept (see `graph_cache_path`); read when it is there, else (or
    when ONNX Runtime cannot read it) built from the weights by a child process and written there atomically.
    None (or a place that cannot be written) builds it into a temporary file, read once and removed. Several
    texts go in one pass (`encode_many`), each attending only to its own word pieces: a text's vector is the one it
    gets alone (to float32 rounding). Passes may run at once from several threads.
    """

    def __init__(self, model_path: Path, graph_file: Path | None = None, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length_of(model_path))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3  # errors only
        providers = ["CPUExecutionProvider"]
        session = None
        if graph_file is not None and graph_file.is_file():
            try:
                session = ort.InferenceSession(str(graph_file), options, providers=providers)
            except Exception as exc:  # unreadable (damaged, or not a graph): built again below
                log.warning("rebuilding the embedding graph: %s could not be read (%s)", graph_file, exc)
        if session is None and graph_file is not None:
            try:
                build_in_child(model_path, graph_file)
                session = ort.InferenceSession(str(graph_file), options, providers=providers)
            except GraphBuildError as exc:  # e.g. a read-only data directory: built each start, below
                log.warning("could not keep the embedding graph in %s: %s", graph_file, exc)
        if session is None:
            with tempfile.TemporaryDirectory(prefix="reportqa-graph-") as folder:
                built = Path(folder) / "graph.onnx"
                build_in_child(model_path, built)
                session = ort.InferenceSession(str(built), options, providers=providers)
        self._session = session
        self.width = int(session.get_outputs()[0].shape[1])

    def token_ids(self, text: str) -> list[int]:
        """The word-piece ids the model reads for ``text`` (truncated to its maximum length)."""
        ids: list[int] = self._tokenizer.encode(text).ids
        return ids

    def encode(self, text: str) -> Vectors:
        """``text``'s unit vector: `encode_many` of one text."""
        vector: Vectors = self.encode_many([text])[0]
        return vector

    def encode_many(self, texts: Sequence[str], budget: int = PADDED_BUDGET) -> Vectors:
        """One unit vector per text (rows in the order of ``texts``), in as few passes as ``budget`` allows."""
        out = np.empty((len(texts), self.width), dtype=np.float32)
        # One text at a time, not encode_batch: no tokenizer threads.
        ids = [self.token_ids(text) for text in texts]
        for group in _groups([len(i) for i in ids], budget):
            out[group] = self._forward([ids[i] for i in group])
        return out

    def _forward(self, ids: Sequence[Sequence[int]]) -> Vectors:
        vectors: Vectors = self._session.run(["vectors"], _packed(ids))[0]
        return vectors


def _packed(ids: Sequence[Sequence[int]]) -> dict[str, npt.NDArray[Any]]:
    """The graph's inputs for a group of texts' word pieces (see `build_graph`)."""
    lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
    total = int(lengths.sum())
    longest = int(lengths.max())
    starts = np.cumsum(lengths) - lengths
    valid = np.arange(longest)[None, :] < lengths[:, None]  # texts × longest
    padded_rows = np.zeros((len(ids), longest), dtype=np.int64)  # padding reads piece 0, masked out
    padded_rows[valid] = np.arange(total)
    pooling = np.zeros((len(ids), total), dtype=np.float32)
    owner = np.repeat(np.arange(len(ids)), lengths)
    pooling[owner, np.arange(total)] = (1.0 / lengths.astype(np.float32))[owner]
    return {
        "input_ids": np.fromiter((t for text in ids for t in text), dtype=np.int64, count=total),
        "positions": np.arange(total, dtype=np.int64) - np.repeat(starts, lengths),
        "padded_rows": padded_rows,
        "attention_bias": np.where(valid, np.float32(0.0), np.finfo(np.float32).min).astype(np.float32),
        "unpadded": np.flatnonzero(valid).astype(np.int64),
        "pooling": pooling,
    }


class GraphBuildError(RuntimeError):
    """The child process that builds a graph failed (its error output is the message)."""


def build_in_child(model_path: Path, graph_file: Path) -> None:
    """`write_graph` in a child process (see the module's notes)."""
    done = subprocess.run(  # noqa: S603 - this interpreter, this module, paths as arguments
        [sys.executable, "-m", "ingest.onnx_encoder", str(model_path), str(graph_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise GraphBuildError(lines[-1] if lines else f"exit status {done.returncode}")


def write_graph(model_path: Path, graph_file: Path) -> None:
    """Build the model folder's graph and write it to ``graph_file``, atomically."""
    graph = [build_graph(model_path)]

    def write(handle: IO[Any]) -> None:
        handle.write(graph.pop().SerializeToString())

    write_atomically(graph_file, write, mode="wb", prefix=".graph-", suffix=".tmp")


def keep_graph(model_path: Path, data_dir: Path, digest: str) -> bool:
    """Make sure ``data_dir`` keeps the graph of the model with ``digest`` (built from ``model_path`` when it does
    not), and no graph of another model or an older build: ingest calls this, so the service reads the graph at
    start instead of building it. True when it was built."""
    path = graph_cache_path(data_dir, digest)
    for old in data_dir.glob(GRAPH_GLOB):
        if old != path:
            old.unlink(missing_ok=True)
    if path.is_file():
        return False
    write_graph(model_path, path)
    return True


if __name__ == "__main__":  # build_in_child: python -m ingest.onnx_encoder MODEL_FOLDER GRAPH_FILE
    write_graph(Path(sys.argv[1]), Path(sys.argv[2]))
