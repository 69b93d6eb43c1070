"""Storage: an article is searchable by keyword at once, and by vector when the embed queue reaches it.

`sync` splits each article into sentences and chunks and writes its chunks and its record to the
keyword index (SQLite, `keyword.py`) in one transaction: at the speed of splitting and SQLite,
hundreds of articles a second. `embed_waiting` then embeds the waiting articles, oldest first,
a batch at a time, and moves each into Chroma; it resumes where a kill left it. Until then a
question finds the article by keyword and its record is read from the keyword index.

Two Chroma collections live side by side, embedded (`PersistentClient` under `data_dir/chroma`) or on
a Chroma server (`chroma_url`):
- `<collection>`: one vector per chunk, with only what the dense search filters on and returns
  (`_chunk_metadata`: no text, the article record has it), searched through llama-index's
  `ChromaVectorStore`; its metadata records the embedder and chunking that made the vectors, and a
  store made by another is refused with a message that says how to re-index, never silently mixed;
- `<collection>_records`: one record per article (text, metadata, sentence offsets and a
  content hash), the manifest that makes ingest idempotent and lets a citation show its article.
  Records are read by id, never searched, so each keeps a four-number placeholder for the vector
  Chroma requires (`_placeholder`); a refusal's closest articles come from the nearest chunks.

Beside them, on this machine, two SQLite files (`data_dir/<collection>[@host-port].<kind>.sqlite3`):
- the keyword index (`keyword.py`): every article's chunks for BM25, and the records of the
  articles waiting for vectors. When its count of embedded chunks disagrees with Chroma's (a store
  made before it existed, another machine writing to a shared Chroma server, which this machine
  sees once that machine's vectors are in) it is rebuilt from the article records stored in Chroma
  (Chroma keeps the chunks' vectors and metadata, not their text);
- the copies' signatures (`ingest/dedupe.py`), levelled with the stored articles at each ingest;
- the vectors of the sentences questions have ranked (`sentence_vectors.py`), made the first time
  a question needs them and kept: ingest embeds each chunk once, not every
  sentence (four texts in five were sentences);
- the names in the articles (`entities/store.py`), read after the articles are stored and searchable,
  by a pass that resumes where a kill left it (`read_names`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from llama_index.vector_stores.chroma import ChromaVectorStore
from tqdm import tqdm

from assistant.config import Settings, release_freed_memory
from assistant.embed import Embedder
from assistant.entities import read_names
from assistant.entities.store import EntityIndex
from assistant.errors import NotFoundError, StoreError
from assistant.ingest.dedupe import CopyIndex
from assistant.ingest.split import make_chunks, split_sentences
from assistant.keyword import ChunkRef, KeywordIndex, KeywordRow, Record
from assistant.sentence_vectors import SentenceVectors
from assistant.types import Article, ArticleInfo, Chunk, Filters, Sentence

log = logging.getLogger(__name__)
READ_NAMES_BATCH = 32  # articles whose names are read and committed together: what a kill can cost
PAGE = 500  # records per Chroma call when reading the whole store: 16,000 articles' metadata peaked 29 MB, not 96 at 2,000
Prepared = tuple[Article, list[Sentence], list[Chunk]]  # an article split, ready to store


@dataclass
class ChunkVectors:
    """A batch's chunks on their way from the embedder to Chroma."""

    ids: list[str]
    vectors: list[np.ndarray]
    metadatas: list[dict]


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one line per article whose id another source holds
    duplicates: dict[str, str] = field(default_factory=dict)  # skipped copy's id -> id of the stored article it copies
    chunks: int = 0
    embedded: int = 0  # articles whose vectors were made, after they were stored and searchable
    vectors_seconds: float = 0.0  # the embed queue's time, `embed_seconds` of it inside the embedder
    embed_seconds: float = 0.0
    write_seconds: float = 0.0  # Chroma's writes, on a second thread while the embedder runs: they slow it by at most this
    names: int = 0  # articles whose names were read, after they were stored and searchable
    names_seconds: float = 0.0

    @property
    def embedder_alone_seconds(self) -> float:
        """The embedder's time as if alone, at least: Chroma's writes overlap it and slow it by at most their own time."""
        return self.embed_seconds - self.write_seconds

    @property
    def embedder_share(self) -> float:
        """The share of the queue's time the embedder alone would take, at least."""
        return self.embedder_alone_seconds / self.vectors_seconds if self.vectors_seconds else 0.0

    def summary(self) -> str:
        refused = f", {len(self.refused)} refused" if self.refused else ""
        copies = f", {len(self.duplicates)} copies skipped" if self.duplicates else ""
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed{refused}{copies}; {self.chunks} chunks written; "
                f"vectors made for {self.embedded} articles; names read in {self.names} articles")


class ArticleStore:
    def __init__(self, settings: Settings, embedder: Embedder):
        self.settings = settings
        self.embedder = embedder
        self.where = settings.store.chroma_url or settings.store.data_dir / "chroma"
        made_by = {"embedder": embedder.name, "dimension": embedder.dimension,
                   "chunking": f"sentences, {settings.ingest.chunk_words} words, {settings.ingest.chunk_overlap} overlap"}
        name = settings.store.collection
        try:
            self.client = _client(settings)
            self.chunk_collection = self.client.get_or_create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine", **made_by})
            self.article_collection = self.client.get_or_create_collection(
                f"{name}_records", embedding_function=None, metadata={"hnsw:space": "l2", "vectors": "none"})
            if f"{name}_articles" in {c.name for c in self.client.list_collections()}:
                self._move_records(f"{name}_articles")
        except Exception as exc:  # chromadb raises many types for a locked or corrupt store
            raise StoreError(f"cannot open the Chroma store at {self.where}: {exc}") from exc
        recorded = {k: (self.chunk_collection.metadata or {}).get(k) for k in made_by}
        if recorded != made_by:
            raise StoreError(
                f"the store at {self.where} holds vectors made by {_describe(recorded)}, but the settings ask for "
                f"{_describe(made_by)}; vectors of two models cannot be mixed. Re-index: point NEWSDESK_DATA_DIR "
                f"(or NEWSDESK_COLLECTION) at a new place and run `newsdesk ingest`, or delete {self.where} first.")
        self.vector_store = ChromaVectorStore(chroma_collection=self.chunk_collection)
        self.keywords = KeywordIndex(_side_file(settings, "keywords"))
        self.copies = CopyIndex(_side_file(settings, "copies"), settings.ingest.near_duplicate)
        self.sentence_vectors = SentenceVectors(_side_file(settings, "sentences"), embedder.name, embedder.dimension)
        self.entities = EntityIndex(_side_file(settings, "entities"))
        self._keywords_lock = threading.Lock()
        self.sync_keywords()

    def _move_records(self, old_name: str) -> None:
        """A store made when the records kept a vector each (an article's title and opening, 150 MB of memory at
        64,000 articles in every process that reads a record): its records move here a page at a time, then
        the old collection goes. A kill repeats the move from the start; nothing is lost."""
        old = self.client.get_collection(old_name)
        log.warning("moving the %d article records of %s to %s, without their vectors", old.count(), old_name,
                    self.article_collection.name)
        records = _pages(old, ["metadatas", "documents"])
        while page := list(islice(records, PAGE)):
            ids, metadatas, documents = map(list, zip(*page))
            self.article_collection.upsert(ids=ids, metadatas=metadatas, documents=documents,
                                           embeddings=[_placeholder(i) for i in ids])
        self.client.delete_collection(old_name)

    def close(self) -> None:
        self.keywords.close()
        self.copies.close()
        self.sentence_vectors.close()
        self.entities.close()

    # -- writing -------------------------------------------------------------------------

    def sync(self, articles: Iterable[Article], prune: bool = False, progress: bool = True) -> SyncReport:
        """Make the store hold exactly these versions of these articles (and, with `prune`, no others).

        The articles are stored a batch at a time as they come, so a feed of any length is never whole in
        memory; with `prune` they are held first, as no stored article may be taken for the original of a
        copy before it is known whether it stays.
        An article whose id is stored from another source (a same-named file in another folder,
        another feed's row) is not stored: it is listed in `report.refused`, never written over.
        A copy of a stored article, or of one earlier in `articles`, is not stored either: it is
        listed in `report.duplicates` with the article it copies.
        """
        report = SyncReport()
        self._level_copies()
        leaving = set()
        if prune:
            articles = list(articles)
            leaving = set(self._manifest()) - {a.id for a in articles}
        bar = tqdm(desc="Storing", unit="article", disable=not progress)
        for batch in self._slices(self._split(a) for a in self._admitted(articles, leaving, report)):
            self._store_searchable(batch, report)
            self.copies.stored([a.id for a, _, _ in batch])
            bar.update(len(batch))
        bar.close()
        if prune:
            report.removed = self.remove(sorted(leaving))
        return report

    def _admitted(self, articles: Iterable[Article], leaving: set[str], report: SyncReport) -> Iterator[Article]:
        """The articles to store, as they come; the others are listed in the report as unchanged, refused or copies.

        What is stored under their ids is looked up `PAGE` articles at a time, by id: 100 new articles are
        checked against a store of any size without reading every record (at 64,000 that read took 4.2 s)."""
        articles = iter(articles)
        while part := list(islice(articles, PAGE)):
            yield from self._admitted_part(part, self._manifest([a.id for a in part]), leaving, report)

    def _admitted_part(self, articles: list[Article], stored: dict[str, tuple[str, str]], leaving: set[str],
                       report: SyncReport) -> Iterator[Article]:
        for article in articles:
            stored_hash, stored_source = stored.get(article.id, ("", ""))
            if stored_hash == article.content_hash:
                report.unchanged.append(article.id)
            elif stored_source and article.source and stored_source != article.source:
                report.refused.append(f"{article.id} from {article.source}: that id belongs to {stored_source}; "
                                      f"give the article another id, or remove the stored one first")
            elif original := self.copies.admit(article.id, article.text, ignore=leaving):
                report.duplicates[article.id] = original
            else:  # admitted: later articles of this run are checked against it
                (report.updated if stored_hash else report.added).append(article.id)
                yield article

    def _level_copies(self) -> None:
        """Signatures for exactly the stored articles, at ingest (never when a reader opens the store). A kill
        may leave a signature pending without its article: dropped. An older store, or a version of an
        article whose storing a kill cut short, lacks one: the signatures are levelled with the records
        when the two counts differ (reading every record is the cost of a whole-store read)."""
        self.copies.drop_pending()
        if self.copies.count() == self.count():
            return
        stored = self._manifest()
        signed = self.copies.ids()
        self.copies.remove(sorted(signed - set(stored)))
        missing = sorted(set(stored) - signed)
        for start in range(0, len(missing), PAGE):
            got = self.article_collection.get(ids=missing[start:start + PAGE], include=["documents"])
            self.copies.add(list(zip(got["ids"], got["documents"])))

    def _split(self, article: Article) -> Prepared:
        sentences = split_sentences(article.id, article.text)
        return article, sentences, self._chunks(article.id, sentences)

    def _split_record(self, record: Record) -> tuple[Record, list[Sentence], list[Chunk]]:
        """A stored record split as it was at ingest, from the sentence offsets it keeps."""
        _, sentences = _stored_article(record.article_id, record.metadata, record.text)
        return record, sentences, self._chunks(record.article_id, sentences)

    def _chunks(self, article_id: str, sentences: list[Sentence]) -> list[Chunk]:
        return make_chunks(article_id, sentences, self.settings.ingest.chunk_words, self.settings.ingest.chunk_overlap)

    def _slices(self, prepared: Iterable[tuple]) -> Iterator[list[tuple]]:
        """Split articles (each with its chunks last), `ingest_batch` at a time, fewer when their chunks pass `chunk_batch`."""
        ingest = self.settings.ingest
        batch, chunks = [], 0
        for item in prepared:
            batch.append(item)
            chunks += len(item[-1])
            if len(batch) >= ingest.ingest_batch or chunks >= ingest.chunk_batch:
                yield batch
                batch, chunks = [], 0
        if batch:
            yield batch

    def _store_searchable(self, batch: list[Prepared], report: SyncReport) -> None:
        """Old version out, then the chunks and the record into the keyword index in one transaction:
        searchable from here, waiting for vectors (`embed_waiting`)."""
        self._clear([a.id for a, _, _ in batch])
        self.keywords.add((_keyword_row(a.info, c) for a, _, chunks in batch for c in chunks),
                          [Record(a.id, _article_metadata(a, s), a.text) for a, s, _ in batch])
        report.chunks += sum(len(chunks) for _, _, chunks in batch)

    def embed_waiting(self, progress: bool = True, report: SyncReport | None = None) -> int:
        """Vectors for every article waiting for them, oldest first, a batch at a time (`ingest_batch`
        articles, at most `chunk_batch` chunks); returns how many articles got theirs.

        A batch is written to Chroma by a second thread while the next one is embedded, so the queue
        runs at the embedder's pace, not the embedder's plus Chroma's (measured: 1,000 chunks' writes
        1.5 s, overlapped with 15 s of embedding they cost 0.4 s). A kill loses at most the batches in
        flight: their articles stay waiting (and searchable), and what of their vectors reached Chroma
        is cleared when the queue starts again.
        """
        started = time.perf_counter()
        report = report if report is not None else SyncReport()
        self._clear_vectors(self.keywords.started())
        waiting = self.keywords.waiting()
        bar = tqdm(total=len(waiting), desc="Vectors", unit="article", disable=not progress or not waiting)
        step = self.settings.ingest.ingest_batch
        batches = (batch for start in range(0, len(waiting), step)
                   for batch in self._slices(self._split_record(r)
                                             for r in self.keywords.records(waiting[start:start + step]).values()))
        batch, writing = next(batches, None), None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chroma-writer") as writer:
            while batch:
                chunks = self._vectors(batch, report)
                self._written(writing, bar, report)
                self.keywords.start([r.article_id for r, _, _ in batch])
                following = next(batches, None)  # read before the write starts: Chroma's write holds the GIL
                writing = writer.submit(self._write_vectors, batch, chunks, report)
                batch = following
            self._written(writing, bar, report)
        bar.close()
        report.vectors_seconds += time.perf_counter() - started
        return len(waiting)

    def _vectors(self, batch: list[tuple[Record, list[Sentence], list[Chunk]]], report: SyncReport) -> ChunkVectors:
        """The batch's chunks with their vectors."""
        found = [(_info(r.article_id, r.metadata), c) for r, _, chunks in batch for c in chunks]
        texts = [_embedding_text(info, c) for info, c in found]
        step = self.settings.ingest.chunk_batch
        vectors = [v for i in range(0, len(texts), step) for v in self._encode(texts[i:i + step], report)]
        return ChunkVectors([c.id for _, c in found], vectors, [_chunk_metadata(info, c) for info, c in found])

    def _write_vectors(self, batch: list[tuple[Record, list[Sentence], list[Chunk]]], chunks: ChunkVectors,
                       report: SyncReport) -> list[str]:
        """The chunks, then the records, into Chroma (on the writer thread); returns the articles written."""
        started = time.perf_counter()
        step = self.settings.ingest.chunk_batch
        for i in range(0, len(chunks.ids), step):
            self.chunk_collection.add(ids=chunks.ids[i:i + step], embeddings=chunks.vectors[i:i + step],
                                      metadatas=chunks.metadatas[i:i + step])
        ids = [r.article_id for r, _, _ in batch]
        self.article_collection.upsert(ids=ids, documents=[r.text for r, _, _ in batch],
                                       metadatas=[r.metadata for r, _, _ in batch], embeddings=[_placeholder(i) for i in ids])
        report.write_seconds += time.perf_counter() - started
        return ids

    def _written(self, writing: Future | None, bar: tqdm, report: SyncReport) -> None:
        """Wait for the batch being written (its error is raised here), then take its articles off the queue."""
        if writing is None:
            return
        ids = writing.result()
        self.keywords.embedded(ids)
        release_freed_memory()
        bar.update(len(ids))
        report.embedded += len(ids)

    def vectors_waiting(self) -> int:
        """How many stored articles are searchable by keyword only, waiting for their vectors."""
        return self.keywords.waiting_count()

    def sentence_vectors_of(self, sentences: list[tuple[Article, Sentence]]) -> np.ndarray:
        """These sentences' vectors, in order: read from disk, or made now in one batch and kept."""
        keys = [(a.id, a.content_hash, s.index) for a, s in sentences]
        found = self.sentence_vectors.get(keys)
        new = [(key, s.text) for key, (a, s) in zip(keys, sentences) if (a.id, s.index) not in found]
        if new:
            found |= self.sentence_vectors.put([key for key, _ in new], self._encode([text for _, text in new], None))
        return np.stack([found[a.id, s.index] for a, s in sentences])

    def _encode(self, texts: list[str], report: SyncReport | None):
        started = time.perf_counter()
        vectors = self.embedder.encode(texts)
        if report is not None:
            report.embed_seconds += time.perf_counter() - started
        return vectors

    def remove(self, article_ids: list[str]) -> list[str]:
        """Articles out of the store, their copy signatures last; returns the ids that were stored."""
        removed = self._clear(article_ids)
        self.copies.remove(list(article_ids))
        return removed

    def _clear(self, article_ids: list[str]) -> list[str]:
        """Chroma's records first, then chunks: a kill between the two leaves orphans, never a record without
        its text. Returns the ids that had a record (in Chroma or waiting)."""
        present = set(self.keywords.records(article_ids)) | self._clear_vectors(article_ids)
        self._forget(article_ids)
        return sorted(present)

    def _clear_vectors(self, article_ids: list[str]) -> set[str]:
        """These articles out of Chroma, record first; returns those whose record was there."""
        present = set(self.article_collection.get(ids=list(article_ids), include=[])["ids"]) if article_ids else set()
        if present:
            self.article_collection.delete(ids=list(present))
        self._delete_chunks(article_ids)
        return present

    def _delete_chunks(self, article_ids: list[str]) -> None:
        for start in range(0, len(article_ids), PAGE):
            self.chunk_collection.delete(where={"article_id": {"$in": list(article_ids[start:start + PAGE])}})

    def _forget(self, article_ids: list[str]) -> None:
        """Keyword rows (with waiting records), sentence vectors and names: hits whose article is gone are skipped."""
        self.keywords.remove(list(article_ids))
        self.sentence_vectors.remove(list(article_ids))
        self.entities.remove(article_ids)

    # -- reading -------------------------------------------------------------------------

    def update_names(self, progress: bool = True) -> int:
        """Read the names of every stored article not yet read in its stored version (`entities/`), a batch
        committed at a time; returns how many articles were read."""
        stored = {i: h for i, (h, _) in self._manifest().items()}
        pending = self.entities.pending(stored)
        bar = tqdm(total=len(pending), desc="Names", unit="article", disable=not progress or not pending)
        for start in range(0, len(pending), READ_NAMES_BATCH):
            records = self._records(pending[start:start + READ_NAMES_BATCH])
            articles = [_stored_article(r.article_id, r.metadata, r.text) for r in records]
            for (article, _), (mentions, aliases) in zip(articles, read_names(articles)):
                self.entities.put(article.info, stored[article.id], mentions, aliases)
            bar.update(len(articles))
        bar.close()
        return len(pending)

    def _metadatas(self) -> Iterator[tuple[str, dict]]:
        """Every stored article's id and metadata, a page at a time, those waiting for vectors last (an article
        in flight comes twice: its waiting record is the newer). Callers keep what they need of each (a hash, a
        listing), not every whole metadata at once."""
        yield from ((i, m) for i, m, _ in _pages(self.article_collection, ["metadatas"]))
        yield from self.keywords.waiting_metadata()

    def _manifest(self, article_ids: list[str] | None = None) -> dict[str, tuple[str, str]]:
        """Every stored article's content hash and source ("" for stores made before sources were kept), or
        these articles' (those stored nowhere left out): a waiting record is newer than Chroma's."""
        metadatas = self._metadatas() if article_ids is None else (
            (r.article_id, r.metadata) for r in self._records(article_ids, text=False))
        return {i: (m["hash"], m.get("source", "")) for i, m in metadatas}

    def _records(self, article_ids: list[str], text: bool = True) -> list[Record]:
        """These articles' records, in order, from the queue or from Chroma; an id stored nowhere is left out.
        Without `text`, Chroma's records come with an empty text (a lookup of hashes need not read articles)."""
        found = self.keywords.records(article_ids)
        rest = [i for i in article_ids if i not in found]
        if rest:
            got = self.article_collection.get(ids=rest, include=["metadatas", "documents"] if text else ["metadatas"])
            documents = got["documents"] if text else [""] * len(got["ids"])
            found |= {i: Record(i, m, t) for i, m, t in zip(got["ids"], got["metadatas"], documents)}
        return [found[i] for i in article_ids if i in found]

    def articles(self) -> list[ArticleInfo]:
        infos = {i: _info(i, m) for i, m in self._metadatas()}
        return sorted(infos.values(), key=lambda i: (i.date, i.id), reverse=True)

    def article(self, article_id: str) -> tuple[Article, list[Sentence]]:
        if not (found := self._records([article_id])):
            raise NotFoundError(f"no article with id {article_id!r}")
        return _stored_article(article_id, found[0].metadata, found[0].text)

    def keyword_search(self, text: str, k: int, filters: Filters | None) -> list[ChunkRef]:
        """BM25 over the chunks, within the filters; the index is first brought level with Chroma if they differ."""
        self.sync_keywords()
        return self.keywords.search(text, k, filters)

    def sync_keywords(self) -> None:
        """Rebuild the keyword index's embedded chunks from the article records in Chroma when the index and
        Chroma's chunks disagree in number (see the module docstring). A batch of the embed queue in flight has
        put some chunks in Chroma that the index still counts as waiting: they are counted on both sides."""
        with self._keywords_lock:
            stored = self.chunk_collection.count()
            started = self.keywords.started()
            in_flight = len(self.chunk_collection.get(where={"article_id": {"$in": started}}, include=[])["ids"]
                            ) if started else 0
            if self.keywords.count_embedded() + in_flight == stored:
                return
            log.warning("the keyword index at %s differs from the vector store; rebuilding it from %d chunks",
                        self.keywords.path, stored)
            self.keywords.clear_embedded()
            waiting = set(self.keywords.waiting())
            bar = tqdm(total=self.article_collection.count(), desc="Keyword index", unit="article",
                       disable=stored < 10 * PAGE)
            rows = []
            for article_id, meta, text in _pages(self.article_collection, ["metadatas", "documents"]):
                bar.update()
                if article_id not in waiting:  # its chunks again, split from its record as at ingest
                    _, _, chunks = self._split_record(Record(article_id, meta, text))
                    rows += [_keyword_row(_info(article_id, meta), chunk) for chunk in chunks]
                if len(rows) >= PAGE:
                    self.keywords.add(rows)
                    rows = []
            self.keywords.add(rows)
            bar.close()

    def count(self) -> int:
        """Stored articles: in Chroma, and waiting for vectors (a batch in flight may be in both)."""
        started = self.keywords.started()
        in_flight = len(self.article_collection.get(ids=started, include=[])["ids"]) if started else 0
        return self.article_collection.count() + self.keywords.waiting_count() - in_flight

    def undated(self) -> int:
        """How many stored articles have no publication date (a date filter leaves them out)."""
        undated = set(self.article_collection.get(where={"date": ""}, include=[])["ids"])
        return len(undated | {i for i, metadata in self.keywords.waiting_metadata() if not metadata.get("date")})

    def orphans(self) -> list[str]:
        """Ids of articles that have chunks but no article record (an ingest killed between the two writes);
        an article waiting for vectors is none: the queue clears and writes its vectors again."""
        chunk_articles = {m["article_id"] for _, m, _ in _pages(self.chunk_collection, ["metadatas"])}
        return sorted(chunk_articles - {i for i, _, _ in _pages(self.article_collection, [])} - set(self.keywords.waiting()))

    def remove_chunks(self, article_ids: list[str]) -> None:
        """Orphans' chunks out of Chroma, then out of the side files."""
        self._delete_chunks(article_ids)
        self._forget(article_ids)


def _client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.store.chroma_url:
        url = urlparse(settings.store.chroma_url)
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=chroma_settings)
    path = settings.store.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _side_file(settings: Settings, kind: str) -> Path:
    """This machine's file of `kind` for the store: one per collection, and per server when the vectors are on one."""
    server = urlparse(settings.store.chroma_url)
    where = f"@{server.hostname}-{server.port or 8000}" if settings.store.chroma_url else ""
    return settings.store.data_dir / f"{settings.store.collection}{where}.{kind}.sqlite3"


def _pages(collection, include: list[str]) -> Iterator[tuple[str, dict, str]]:
    """(id, metadata, document) of every record, read `PAGE` at a time."""
    for offset in range(0, collection.count(), PAGE):
        got = collection.get(include=include, limit=PAGE, offset=offset)
        metadatas, documents = got.get("metadatas") or [{}] * len(got["ids"]), got.get("documents") or [""] * len(got["ids"])
        yield from zip(got["ids"], metadatas, documents)
    release_freed_memory()  # Chroma's pages leave ~60 MB of freed heap at 16,000 articles


def _placeholder(article_id: str) -> list[float]:
    """A record's stand-in for the vector Chroma requires (records are read by id, never searched): four numbers
    from a hash of its id, distinct for each record, as HNSW's inserts slow to a crawl on many equal vectors."""
    digest = hashlib.blake2b(article_id.encode(), digest_size=16).digest()
    return [int.from_bytes(digest[i:i + 4], "big") / 2**32 for i in range(0, 16, 4)]


def _keyword_row(info: ArticleInfo, chunk: Chunk) -> KeywordRow:
    return KeywordRow(chunk.id, info.id, tuple(s.index for s in chunk.sentences), info.publisher,
                      _date_fields(info).get("date_num"), " ".join(s.text for s in chunk.sentences))


def _embedding_text(info: ArticleInfo, chunk: Chunk) -> str:
    """What the embedder reads of a chunk: its article's title, then its sentences."""
    return f"title: {info.title}".rstrip() + f"\n\n{chunk.text}"


def _chunk_metadata(info: ArticleInfo, chunk: Chunk) -> dict:
    """What Chroma keeps beside a chunk's vector: what the dense search filters on and returns, nothing more.
    Each key is a row in Chroma's SQLite: llama-index's own copies of a node (its JSON, its document ids and
    the title) made each write half again as long (160 chunks into 56,000: 127 -> 82 ms). llama-index's vector
    store reads a chunk without its node JSON as a node with this metadata, which is all the search uses."""
    return {"article_id": info.id, "publisher": info.publisher, "sentences": ",".join(str(s.index) for s in chunk.sentences),
            **({"date_num": Filters.date_number(info.date)} if info.date else {})}


def _article_metadata(article: Article, sentences: list[Sentence]) -> dict:
    info = article.info
    return {
        "title": info.title, "publisher": info.publisher, "url": info.url, "hash": article.content_hash,
        "source": article.source,
        "sentences": json.dumps([[s.start, s.end] for s in sentences]), **_date_fields(info),
    }


def _date_fields(info: ArticleInfo) -> dict:
    """The ISO date, and the same date as a yyyymmdd number that Chroma can range-filter."""
    if not info.date:
        return {"date": ""}
    return {"date": info.date, "date_num": Filters.date_number(info.date)}


def _describe(made_by: dict) -> str:
    if not made_by.get("embedder"):
        return "an unrecorded embedder (a store from before embedders were recorded)"
    return f"{made_by['embedder']} ({made_by['dimension']} dimensions; chunking: {made_by['chunking']})"


def _stored_article(article_id: str, meta: dict, text: str) -> tuple[Article, list[Sentence]]:
    """An article and its sentences as its record keeps them (the hash is recomputed from the same fields)."""
    sentences = [Sentence(article_id, i, s, e, text[s:e]) for i, (s, e) in enumerate(json.loads(meta["sentences"]))]
    return Article(_info(article_id, meta), text), sentences


def _info(article_id: str, meta: dict) -> ArticleInfo:
    return ArticleInfo(id=article_id, title=meta.get("title", ""), publisher=meta.get("publisher", ""),
                       date=meta.get("date", ""), url=meta.get("url", ""))
