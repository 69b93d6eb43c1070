"""Keyword search that lives on disk: SQLite FTS5 beside the vector store, BM25 ranking built in;
and the articles that are searchable but still wait for their vectors.

Chroma's local mode has no keyword search. The in-memory BM25 used before held every chunk's text
in Python and was rebuilt on every start and ingest: memory and start-up grew with the corpus.
FTS5 ships with Python's `sqlite3`, is updated a batch of chunks at a time inside the ingest's
own write order, and a query reads only the posting lists of its words.

Two tables share a rowid: `chunk_text` (FTS5, Porter-stemmed) and `chunk_rows` (what a hit needs:
its chunk, article, sentence indexes, and the publisher and date the filters test), indexed by
article so an update or removal touches only its own rows.

An article is searchable as soon as its chunks are here: ingest writes them with the article's
record into `waiting` in one transaction, at the speed of splitting and SQLite, and the embed
queue (`ArticleStore.embed_waiting`) later puts its vectors and record in Chroma and takes it off
`waiting`. Record and chunks share this file so that no kill can leave one without the other.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.localdb import LocalDB, in_parts
from assistant.terms import STOPWORDS
from assistant.types import Filters

SCHEMA = """
CREATE TABLE IF NOT EXISTS chunk_rows (
    rowid INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE NOT NULL, article_id TEXT NOT NULL,
    sentences TEXT NOT NULL, publisher TEXT NOT NULL, date_num INTEGER);
CREATE INDEX IF NOT EXISTS chunk_rows_article ON chunk_rows (article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_text USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS waiting (
    article_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, chunks INTEGER NOT NULL, started INTEGER NOT NULL DEFAULT 0,
    metadata TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS waiting_seq ON waiting (seq);
"""
QUERY_TERMS = 32  # a 50 kB question is cut to its first distinct words, not sent whole to FTS


@dataclass(frozen=True)
class ChunkRef:
    """A chunk found by a search: enough to read its sentences from the article record."""

    chunk_id: str
    article_id: str
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class KeywordRow:
    chunk_id: str
    article_id: str
    sentences: tuple[int, ...]
    publisher: str
    date_num: int | None
    text: str


@dataclass(frozen=True)
class Record:
    """An article as Chroma's article collection keeps it: its metadata (hash, sentence offsets, …) and text."""

    article_id: str
    metadata: dict
    text: str


class KeywordIndex:
    def __init__(self, path: Path):
        self.path = path
        self._db = LocalDB(path, SCHEMA, "keyword index")

    def close(self) -> None:
        self._db.close()

    def count(self) -> int:
        return self._db.read("SELECT count(*) FROM chunk_rows")[0][0]

    def count_embedded(self) -> int:
        """Chunks of the articles that have their vectors: what Chroma should hold."""
        return self._db.read("SELECT (SELECT count(*) FROM chunk_rows) - (SELECT coalesce(sum(chunks), 0) FROM waiting)")[0][0]

    def add(self, rows: Iterable[KeywordRow], waiting: Iterable[Record] = ()) -> None:
        """Insert (or replace) chunks, and the records of the articles they come from that wait for
        vectors, all in one transaction."""
        rows = list(rows)
        chunks = Counter(row.article_id for row in rows)
        with self._db.write() as db:
            (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM waiting").fetchone()
            db.executemany("INSERT OR REPLACE INTO waiting (article_id, seq, chunks, metadata, text) VALUES (?, ?, ?, ?, ?)",
                           [(r.article_id, last + n, chunks[r.article_id], json.dumps(r.metadata), r.text)
                            for n, r in enumerate(waiting, start=1)])
            for row in rows:
                _delete_where(db, "chunk_id = ?", [row.chunk_id])
                cursor = db.execute(
                    "INSERT INTO chunk_rows (chunk_id, article_id, sentences, publisher, date_num) VALUES (?, ?, ?, ?, ?)",
                    (row.chunk_id, row.article_id, ",".join(map(str, row.sentences)), row.publisher, row.date_num))
                db.execute("INSERT INTO chunk_text (rowid, text) VALUES (?, ?)", (cursor.lastrowid, row.text))

    def remove(self, article_ids: list[str]) -> None:
        """Every chunk of these articles, and their records if they wait for vectors, in one transaction."""
        with self._db.write() as db:
            for part, marks in in_parts(list(article_ids)):
                _delete_where(db, f"article_id IN ({marks})", part)
                db.execute(f"DELETE FROM waiting WHERE article_id IN ({marks})", part)

    def clear_embedded(self) -> None:
        """Every chunk whose article has its vectors (and so its copy in Chroma), before a rebuild from Chroma."""
        with self._db.write() as db:
            _delete_where(db, "article_id NOT IN (SELECT article_id FROM waiting)", [])

    # -- articles waiting for vectors ----------------------------------------------------

    def waiting(self) -> list[str]:
        """Every waiting article's id, in the order they were stored."""
        return [i for (i,) in self._db.read("SELECT article_id FROM waiting ORDER BY seq")]

    def waiting_count(self) -> int:
        return self._db.read("SELECT count(*) FROM waiting")[0][0]

    def records(self, article_ids: list[str]) -> dict[str, Record]:
        """The records of those of these articles that wait for vectors."""
        found = {}
        for part, marks in in_parts(list(article_ids)):
            for article_id, metadata, text in self._db.read(
                    f"SELECT article_id, metadata, text FROM waiting WHERE article_id IN ({marks})", part):
                found[article_id] = Record(article_id, json.loads(metadata), text)
        return found

    def waiting_metadata(self) -> Iterator[tuple[str, dict]]:
        """Every waiting article's id and metadata (not its text), read a page at a time."""
        last = 0
        while rows := self._db.read("SELECT seq, article_id, metadata FROM waiting WHERE seq > ? ORDER BY seq LIMIT 2000",
                                    [last]):
            last = rows[-1][0]
            yield from ((article_id, json.loads(metadata)) for _, article_id, metadata in rows)

    def start(self, article_ids: list[str]) -> None:
        """Mark articles whose vectors are being written: a kill from here on may leave some in Chroma."""
        self._set_waiting("UPDATE waiting SET started = 1", article_ids)

    def started(self) -> list[str]:
        return [i for (i,) in self._db.read("SELECT article_id FROM waiting WHERE started = 1")]

    def embedded(self, article_ids: list[str]) -> None:
        """These articles' vectors and records are in Chroma: they wait no more."""
        self._set_waiting("DELETE FROM waiting", article_ids)

    def _set_waiting(self, statement: str, article_ids: list[str]) -> None:
        with self._db.write() as db:
            for part, marks in in_parts(list(article_ids)):
                db.execute(f"{statement} WHERE article_id IN ({marks})", part)

    def search(self, text: str, k: int, filters: Filters | None = None) -> list[ChunkRef]:
        """The `k` best chunks by BM25 for the text's words (any of them), within the filters."""
        match = match_expression(text)
        if not match:
            return []
        where, params = _filter_sql(filters)
        rows = self._db.read(
            "SELECT r.chunk_id, r.article_id, r.sentences FROM chunk_text JOIN chunk_rows r ON r.rowid = chunk_text.rowid "
            f"WHERE chunk_text MATCH ?{where} ORDER BY bm25(chunk_text) LIMIT ?", [match, *params, k])
        return [ChunkRef(chunk, article, sentence_indexes(sentences)) for chunk, article, sentences in rows]


def _delete_where(db: sqlite3.Connection, condition: str, params: list) -> None:
    rowids = [r for (r,) in db.execute(f"SELECT rowid FROM chunk_rows WHERE {condition}", params)]
    for part, marks in in_parts(rowids):
        db.execute(f"DELETE FROM chunk_text WHERE rowid IN ({marks})", part)
        db.execute(f"DELETE FROM chunk_rows WHERE rowid IN ({marks})", part)


def sentence_indexes(listed: str) -> tuple[int, ...]:
    """A chunk's sentence indexes as stored in Chroma's metadata and in `chunk_rows`: "3,4,5"."""
    return tuple(map(int, listed.split(",")))


def match_expression(text: str) -> str:
    """The text's distinct non-stop words as an FTS5 OR query; each word quoted, so no word is an operator."""
    words = dict.fromkeys(w for w in re.findall(r"\w+", text.lower()) if w not in STOPWORDS and len(w) > 1)
    return " OR ".join(f'"{w}"' for w in list(words)[:QUERY_TERMS])


def _filter_sql(filters: Filters | None) -> tuple[str, list]:
    """The filters as SQL on `chunk_rows`; the same conditions Chroma applies on the dense side."""
    if filters is None or filters.empty:
        return "", []
    sql, params = "", []
    if filters.publishers:
        sql += f" AND r.publisher IN ({','.join('?' * len(filters.publishers))})"
        params += list(filters.publishers)
    if filters.date_from:
        sql += " AND r.date_num >= ?"
        params.append(Filters.date_number(filters.date_from))
    if filters.date_to:
        sql += " AND r.date_num <= ?"
        params.append(Filters.date_number(filters.date_to))
    if filters.entity:
        sql += f" AND r.article_id IN ({','.join('?' * len(filters.articles))})"
        params += list(filters.articles)
    return sql, params
