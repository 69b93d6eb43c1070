"""From a question to evidence: the few sentences that matter, each with its article and offsets.

1. Chunks: dense search in Chroma (llama-index vector retriever) and BM25 keyword search
   (llama-index's bm25s retriever), fused by reciprocal rank fusion (RRF, k=60): a chunk's
   score is the sum of 1/(60 + rank) over the lists it appears in. Fusion by rank needs no
   score calibration between the two retrievers.
2. Sentences: every sentence of the top chunks is scored against the question by embedding
   cosine plus the share of the question's content words it contains; the best (down to half
   the top score) become the evidence, each shown with its neighbouring sentences.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.config import Settings
from assistant.embed import MiniLMEmbedding
from assistant.index import ArticleStore
from assistant.terms import content_terms, stemmer
from assistant.types import Article, ArticleInfo, Evidence, Filters, Sentence

for _noisy in ("llama_index.retrievers.bm25", "bm25s"):  # both log routine index builds loudly
    logging.getLogger(_noisy).setLevel(logging.ERROR)

RRF_K = 60
LEXICAL_WEIGHT = 0.5  # weight of content-word overlap next to cosine in a sentence's score
RELATIVE_CUTOFF = 0.5  # evidence scoring under half the best sentence's score is noise to the model
MAX_PER_ARTICLE = 4  # so that one long article cannot crowd the others out of the evidence
NEIGHBOURS = 1  # sentences of context on each side of an evidence sentence



class Retriever:
    def __init__(self, store: ArticleStore, embedder: MiniLMEmbedding, settings: Settings):
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.index = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=embedder)
        self._bm25: BM25Retriever | None = None
        self._bm25_size = -1
        self._articles: dict[str, tuple[Article, list[Sentence]]] = {}

    def refresh(self) -> None:
        """Forget cached keyword index and articles; call after the store changed."""
        self._bm25, self._bm25_size, self._articles = None, -1, {}

    def retrieve(self, question: str, filters: Filters | None = None) -> list[Evidence]:
        k = self.settings.top_k
        chroma_filters = _to_metadata_filters(filters)
        dense = self.index.as_retriever(similarity_top_k=k, filters=chroma_filters).retrieve(question)
        keyword = [n for n in self._keyword(question, k * 4) if _passes(n.node.metadata, filters)][:k]
        chunk_ids = rrf([[n.node.node_id for n in dense], [n.node.node_id for n in keyword]])[:k]
        nodes = {n.node.node_id: n.node for n in dense + keyword}
        candidates = self._candidate_sentences([nodes[i] for i in chunk_ids])
        if not candidates:
            return []
        return self._best_sentences(question, candidates)

    def query_vector(self, question: str) -> list[float]:
        return self.embedder.get_query_embedding(question)

    # -- steps ---------------------------------------------------------------------------

    def _keyword(self, question: str, k: int):
        size = self.store.chunk_collection.count()
        if size == 0:
            return []
        if self._bm25 is None or size != self._bm25_size:
            self._bm25 = BM25Retriever.from_defaults(nodes=self.store.chunk_nodes(), similarity_top_k=k,
                                                     stemmer=stemmer())
            self._bm25_size = size
        self._bm25.similarity_top_k = min(k, size)
        return [n for n in self._bm25.retrieve(question) if n.score > 0]

    def _candidate_sentences(self, chunks) -> list[tuple[ArticleInfo, Sentence]]:
        seen, out = set(), []
        for node in chunks:
            article, sentences = self.article(node.metadata["article_id"])
            info = article.info
            for index in map(int, node.metadata["sentences"].split(",")):
                if (info.id, index) not in seen and index < len(sentences):
                    seen.add((info.id, index))
                    out.append((info, sentences[index]))
        return out

    def _best_sentences(self, question: str, candidates) -> list[Evidence]:
        texts = [s.text for _, s in candidates]
        vectors = self.embedder.encode([question] + texts)
        cosine = vectors[1:] @ vectors[0]
        terms = content_terms(question)
        lexical = np.array([len(terms & content_terms(t)) / len(terms) if terms else 0.0 for t in texts])
        scores = cosine + LEXICAL_WEIGHT * lexical
        order = np.argsort(-scores)
        evidence: list[Evidence] = []
        seen_texts: set[str] = set()
        per_article: dict[str, int] = {}
        for i in order:
            if len(evidence) == self.settings.evidence_sentences or scores[i] < RELATIVE_CUTOFF * scores[order[0]]:
                break
            info, sentence = candidates[i]
            text_key = " ".join(sorted(content_terms(sentence.text)))
            if text_key in seen_texts or per_article.get(info.id, 0) >= MAX_PER_ARTICLE:
                continue  # the same sentence in another article (a near-copy) adds nothing
            seen_texts.add(text_key)
            per_article[info.id] = per_article.get(info.id, 0) + 1
            _, sentences = self.article(info.id)
            lo, hi = max(0, sentence.index - NEIGHBOURS), sentence.index + NEIGHBOURS + 1
            evidence.append(Evidence(info, sentence, float(scores[i]), tuple(sentences[lo:hi])))
        return evidence

    def article(self, article_id: str) -> tuple[Article, list[Sentence]]:
        """An article and its sentences, cached until `refresh`."""
        if article_id not in self._articles:
            self._articles[article_id] = self.store.article(article_id)
        return self._articles[article_id]


def rrf(rankings: list[list[str]], k: int = RRF_K) -> list[str]:
    """Reciprocal rank fusion: ids ordered by the sum of 1/(k + rank) over the rankings."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda item: -scores[item])


def _to_metadata_filters(filters: Filters | None) -> MetadataFilters | None:
    if filters is None or filters.empty:
        return None
    parts = []
    if filters.publishers:
        parts.append(MetadataFilter(key="publisher", value=list(filters.publishers), operator=FilterOperator.IN))
    if filters.date_from:
        parts.append(MetadataFilter(key="date_num", value=_date_num(filters.date_from), operator=FilterOperator.GTE))
    if filters.date_to:
        parts.append(MetadataFilter(key="date_num", value=_date_num(filters.date_to), operator=FilterOperator.LTE))
    return MetadataFilters(filters=parts)


def _passes(metadata: dict, filters: Filters | None) -> bool:
    if filters is None or filters.empty:
        return True
    if filters.publishers and metadata.get("publisher") not in filters.publishers:
        return False
    date = metadata.get("date_num")
    if filters.date_from and (date is None or date < _date_num(filters.date_from)):
        return False
    if filters.date_to and (date is None or date > _date_num(filters.date_to)):
        return False
    return True


def _date_num(iso: str) -> int:
    return int(iso.replace("-", ""))
