"""From a question to evidence: the few sentences that matter, each with its article and offsets.

1. Chunks: dense search in Chroma (llama-index vector retriever) and BM25 keyword search
   (SQLite FTS5 on disk, `keyword.py`), both within the filters, fused by reciprocal rank
   fusion (RRF, k=60): a chunk's score is the sum of 1/(60 + rank) over the lists it appears
   in. Fusion by rank needs no score calibration between the two retrievers.
2. Sentences: every sentence of the top chunks is scored against the question by embedding
   cosine (its vector made the first time a question ranks it, then read from disk) plus the share of the question's content
   words it contains, each word weighted by how few of the candidates hold it (`term_weights`);
   the best (down to a share of the top score) become the evidence, each shown
   with its neighbouring sentences. Sentences equal in content words (a near-copy in another
   article) count once, and one article gives at most `max_per_article`, so one long story cannot
   crowd the others out.
"""

from __future__ import annotations

import logging
import math
import time
from functools import lru_cache

import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

from assistant.config import RetrievalSettings
from assistant.embed import Embedder, LlamaIndexEmbedding
from assistant.errors import NotFoundError
from assistant.index import ArticleStore
from assistant.keyword import ChunkRef, sentence_indexes
from assistant.terms import content_terms
from assistant.types import ArticleInfo, Evidence, Filters, Retrieval, Sentence

log = logging.getLogger(__name__)
UNDATED_LEFT_OUT = "{count} undated article(s) are left out by the date filter."
WAITING_FOR_VECTORS = ("{count} article(s) wait for their vectors: until `newsdesk embed` reaches them, "
                       "they are found by their words only.")


class Retriever:
    def __init__(self, store: ArticleStore, embedder: Embedder, settings: RetrievalSettings):
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.index = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=LlamaIndexEmbedding(embedder))
        # An article and its sentences, read from the store on demand; the last `article_cache` kept until `refresh`.
        self.article = lru_cache(maxsize=settings.article_cache)(store.article)

    def refresh(self) -> None:
        """Forget cached articles; call after the store changed."""
        self.article.cache_clear()

    def retrieve(self, question: str, filters: Filters | None = None, rank_by: str | None = None,
                 several: bool = False, names: str = "") -> Retrieval:
        """Evidence for a question; `rank_by`: what its sentences are ranked against, when not the question
        searched with (a follow-up's chunks are found with the turn before it, `desk.follow_up_focus`);
        `several`: it asks for a list, whose items are spread over the articles (`list_evidence_sentences`)."""
        timings = {}
        started = time.perf_counter()
        candidates = self._candidate_sentences(self._chunks(question, filters, self.settings.top_k, timings, names))
        wanted = self.settings.list_evidence_sentences if several else self.settings.evidence_sentences
        evidence, reserve = self._best_sentences(rank_by or question, candidates, wanted) if candidates else ([], [])
        timings["retrieve"] = time.perf_counter() - started
        timings["sentences"] = timings["retrieve"] - timings["dense"] - timings["keyword"]
        undated = self.store.undated() if filters and (filters.date_from or filters.date_to) else 0
        waiting = self.store.vectors_waiting()
        notices = []
        if undated:
            notices.append(UNDATED_LEFT_OUT.format(count=undated))
        if waiting:
            notices.append(WAITING_FOR_VECTORS.format(count=waiting))
        return Retrieval(evidence, timings, " ".join(notices), reserve, list(dict.fromkeys(info for info, _ in candidates)))

    def sentences_near(self, text: str, filters: Filters | None, k: int) -> list[tuple[ArticleInfo, Sentence]]:
        """Every sentence of the `k` chunks nearest a text (dense + keyword, fused), unscored: where
        other articles stating an answer's fact are looked for."""
        return self._candidate_sentences(self._chunks(text, filters, k, {}))

    def sentences_with(self, words: str, filters: Filters | None, k: int) -> list[tuple[ArticleInfo, Sentence]]:
        """Every sentence of the `k` chunks that best hold these words (keyword search alone): where
        another outlet states a value beside the name it belongs to ("Masood, 52,") in words of its own.
        """
        return self._candidate_sentences(self.store.keyword_search(words, k, filters))

    # -- steps ---------------------------------------------------------------------------

    def _chunks(self, query: str, filters: Filters | None, k: int, timings: dict[str, float],
                names: str = "") -> list[ChunkRef]:
        """The top `k` chunks by reciprocal rank fusion of dense and keyword search, within the filters."""
        started = time.perf_counter()
        dense = [ChunkRef(n.node.node_id, n.node.metadata["article_id"], sentence_indexes(n.node.metadata["sentences"]))
                 for n in self.index.as_retriever(similarity_top_k=k, filters=to_metadata_filters(filters)).retrieve(query)]
        timings["dense"] = time.perf_counter() - started
        keyword = self.store.keyword_search(f"{query} {names}", k, filters)
        timings["keyword"] = time.perf_counter() - started - timings["dense"]
        chunks = {c.chunk_id: c for c in dense + keyword}
        return [chunks[i] for i in rrf([[c.chunk_id for c in dense], [c.chunk_id for c in keyword]], self.settings.rrf_k)[:k]]

    def _candidate_sentences(self, chunks: list[ChunkRef]) -> list[tuple[ArticleInfo, Sentence]]:
        seen, out = set(), []
        for chunk in chunks:
            try:
                article, sentences = self.article(chunk.article_id)
            except NotFoundError:  # an orphan chunk: ingest was killed between its writes (`newsdesk check`)
                log.warning("skipped a chunk of %s: its article record is missing", chunk.article_id)
                continue
            info = article.info
            for index in chunk.sentences:
                if (info.id, index) not in seen and index < len(sentences):
                    seen.add((info.id, index))
                    out.append((info, sentences[index]))
        return out

    def _best_sentences(self, question: str, candidates, wanted: int) -> tuple[list[Evidence], list[Evidence]]:
        """The evidence, and its reserve: the next best sentences the model was not shown, which a
        retry after a decline may draw on (the answer ranked 6th to 12th for some paraphrases).
        One article gives at most `max_per_article` evidence sentences; the reserve has no such cap."""
        texts = [s.text for _, s in candidates]
        cosine = self._sentence_vectors(candidates) @ self.embedder.encode([question])[0]
        terms = content_terms(question)
        held = [content_terms(t) & terms for t in texts]
        weights = term_weights(terms, held)
        lexical = np.array([sum(weights[t] for t in words) for words in held]) / (sum(weights.values()) or 1.0)
        scores = cosine + self.settings.lexical_weight * lexical
        order = np.argsort(-scores)
        evidence: list[Evidence] = []
        reserve: list[Evidence] = []
        seen_texts: set[frozenset[str]] = set()
        shown: set[tuple[str, int]] = set()  # the evidence sentences and their neighbours
        per_article: dict[str, int] = {}
        floor = self.settings.relative_cutoff * scores[order[0]]
        for i in order:
            full = len(evidence) == wanted
            if (full and len(reserve) == self.settings.reserve_sentences) or scores[i] < floor:
                break
            info, sentence = candidates[i]
            text_key = frozenset(content_terms(sentence.text))
            if text_key in seen_texts or ((info.id, sentence.index) in shown if full
                                          else per_article.get(info.id, 0) >= self.settings.max_per_article):
                continue
            seen_texts.add(text_key)
            _, sentences = self.article(info.id)
            lo, hi = max(0, sentence.index - self.settings.neighbours), sentence.index + self.settings.neighbours + 1
            item = Evidence(info, sentence, float(scores[i]), tuple(sentences[lo:hi]))
            if not full:
                per_article[info.id] = per_article.get(info.id, 0) + 1
                shown.update((info.id, s.index) for s in item.context)
                evidence.append(item)
            else:
                reserve.append(item)
        return evidence, reserve

    def _sentence_vectors(self, candidates: list[tuple[ArticleInfo, Sentence]]) -> np.ndarray:
        """The candidates' vectors, in their order: kept from an earlier question, or made now (`sentence_vectors.py`)."""
        return self.store.sentence_vectors_of([(self.article(info.id)[0], sentence) for info, sentence in candidates])


def term_weights(terms: set[str], held: list[set[str]]) -> dict[str, float]:
    """Each question word's weight in the lexical score: its inverse document frequency over the
    candidate sentences. The story's subject ("Khalid Masood") is in most candidates and tells them
    apart least; the asked attribute ("name at birth") is in few, and those few are the ones that answer.
    Measured on the evidence alone (no model): the gold answer in the evidence sentences went
    0.791 -> 0.837 (news), 0.800 -> 0.825 (paraphrase), 0.778 -> 0.833 (sources), 0.917 both (golden)."""
    return {t: math.log(1 + len(held) / (1 + sum(t in words for words in held))) for t in terms}


def rrf(rankings: list[list[str]], k: int) -> list[str]:
    """Reciprocal rank fusion: ids ordered by the sum of 1/(k + rank) over the rankings."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda item: -scores[item])


def to_metadata_filters(filters: Filters | None) -> MetadataFilters | None:
    """The filters as Chroma metadata conditions on the chunks (dense side)."""
    conditions = _publisher_and_dates(filters)
    if filters is not None and filters.entity:
        conditions.append(MetadataFilter(key="article_id", value=list(filters.articles), operator=FilterOperator.IN))
    return MetadataFilters(filters=conditions) if conditions else None


def _publisher_and_dates(filters: Filters | None) -> list[MetadataFilter]:
    parts = []
    if filters is None:
        return parts
    if filters.publishers:
        parts.append(MetadataFilter(key="publisher", value=list(filters.publishers), operator=FilterOperator.IN))
    if filters.date_from:
        parts.append(MetadataFilter(key="date_num", value=Filters.date_number(filters.date_from),
                                    operator=FilterOperator.GTE))
    if filters.date_to:
        parts.append(MetadataFilter(key="date_num", value=Filters.date_number(filters.date_to),
                                    operator=FilterOperator.LTE))
    return parts
