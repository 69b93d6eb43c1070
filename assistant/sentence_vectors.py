"""Every sentence's vector, made once at ingest and kept on disk beside the store.

A question's candidate sentences (every sentence of its top chunks, about fifty) used to be
embedded anew for every question: most of the time between Enter and the evidence on screen.
They are embedded at ingest instead, in the same batch as their article's chunks, and read back
by article id. One row per article holds its sentences' vectors as float16 (768 bytes a
sentence for MiniLM; cosine scores move by under 1e-3), with the article's content hash and the
embedder's name: a row of an older version of the article, or of another embedder, is stale.

The file is a cache of what the article records and the embedder can always make again: an
article without a fresh row (a store from before this file, one filled by another machine
through a Chroma server) has its vectors made when first read, and written then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.localdb import LocalDB, in_parts

SCHEMA = """
CREATE TABLE IF NOT EXISTS article_vectors (
    article_id TEXT PRIMARY KEY, hash TEXT NOT NULL, embedder TEXT NOT NULL, vectors BLOB NOT NULL) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class ArticleVectors:
    article_id: str
    hash: str  # the article's content hash when its vectors were made
    vectors: np.ndarray  # one unit-length row per sentence, in sentence order


class SentenceVectors:
    def __init__(self, path: Path, embedder: str, dimension: int):
        self.path = path
        self.embedder = embedder
        self.dimension = dimension
        self._db = LocalDB(path, SCHEMA, "sentence vectors")

    def close(self) -> None:
        self._db.close()

    def count(self) -> int:
        return self._db.read("SELECT count(*) FROM article_vectors")[0][0]

    def put(self, rows: Iterable[ArticleVectors]) -> dict[str, np.ndarray]:
        """Insert (or replace) articles' vectors, all in one transaction; returns them as they will read
        back, so a question scores the same on vectors made just now as on vectors read later."""
        kept = {r.article_id: (r.hash, r.vectors.astype(np.float16)) for r in rows}
        with self._db.write() as db:
            db.executemany("INSERT OR REPLACE INTO article_vectors VALUES (?, ?, ?, ?)",
                           [(i, made_from, self.embedder, v.tobytes()) for i, (made_from, v) in kept.items()])
        return {i: v.astype(np.float32) for i, (_, v) in kept.items()}

    def get(self, wanted: dict[str, str]) -> dict[str, np.ndarray]:
        """The stored vectors of the articles in `wanted` (id → content hash) whose row is fresh."""
        found = {}
        for part, marks in in_parts(list(wanted)):
            for article_id, made_from, embedder, blob in self._db.read(
                    f"SELECT article_id, hash, embedder, vectors FROM article_vectors WHERE article_id IN ({marks})", part):
                if made_from == wanted[article_id] and embedder == self.embedder:
                    found[article_id] = np.frombuffer(blob, dtype=np.float16).reshape(-1, self.dimension).astype(np.float32)
        return found

    def remove(self, article_ids: list[str]) -> None:
        with self._db.write() as db:
            for part, marks in in_parts(list(article_ids)):
                db.execute(f"DELETE FROM article_vectors WHERE article_id IN ({marks})", part)
