"""Keyword search that lives on disk: SQLite FTS5 beside the vector store, BM25 ranking built in.

Chroma's local mode has no keyword search. The in-memory BM25 used before held every chunk's text
in Python and was rebuilt on every start and ingest: memory and start-up grew with the corpus.
FTS5 ships with Python's `sqlite3`, is updated a batch of chunks at a time inside the ingest's
own write order, and a query reads only the posting lists of its words.

Two tables share a rowid: `chunk_text` (FTS5, Porter-stemmed) and `chunk_rows` (what a hit needs:
its chunk, article, sentence indexes, and the publisher and date the filters test), indexed by
article so an update or removal touches only its own rows.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
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


class KeywordIndex:
    def __init__(self, path: Path):
        self.path = path
        self._db = LocalDB(path, SCHEMA, "keyword index")

    def close(self) -> None:
        self._db.close()

    def count(self) -> int:
        return self._db.read("SELECT count(*) FROM chunk_rows")[0][0]

    def add(self, rows: Iterable[KeywordRow]) -> None:
        """Insert (or replace) chunks, all in one transaction."""
        with self._db.write() as db:
            for row in rows:
                _delete_where(db, "chunk_id = ?", [row.chunk_id])
                cursor = db.execute(
                    "INSERT INTO chunk_rows (chunk_id, article_id, sentences, publisher, date_num) VALUES (?, ?, ?, ?, ?)",
                    (row.chunk_id, row.article_id, ",".join(map(str, row.sentences)), row.publisher, row.date_num))
                db.execute("INSERT INTO chunk_text (rowid, text) VALUES (?, ?)", (cursor.lastrowid, row.text))

    def remove(self, article_ids: list[str]) -> None:
        """Every chunk of these articles, in one transaction."""
        with self._db.write() as db:
            for part, marks in in_parts(list(article_ids)):
                _delete_where(db, f"article_id IN ({marks})", part)

    def clear(self) -> None:
        with self._db.write() as db:
            db.execute("DELETE FROM chunk_rows")
            db.execute("DELETE FROM chunk_text")

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
