"""The vectors of the sentences questions have ranked, made the first time and kept on disk.

A question ranks every sentence of its top chunks (about fifty) by embedding cosine. Embedding
every sentence at ingest made four texts in five that ingest embedded, for sentences most of
which no question ever ranks; embedding a question's candidates each time cost most of the time
between Enter and the evidence. So a sentence is embedded the first time a question ranks it, in
one batch with the other new candidates, and kept: one row per sentence, float16 (768 bytes for
MiniLM; cosine scores move by under 1e-3), with its article's content hash and the embedder's
name. A row of an older version of the article, or of another embedder, is stale.

The file is a cache of what the article records and the embedder can always make again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.localdb import LocalDB, in_parts

SCHEMA = """
DROP TABLE IF EXISTS article_vectors;
CREATE TABLE IF NOT EXISTS sentence_vectors (
    article_id TEXT NOT NULL, sentence INTEGER NOT NULL, hash TEXT NOT NULL, embedder TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (article_id, sentence)) WITHOUT ROWID;
"""
Key = tuple[str, str, int]  # a sentence: its article's id, the article's content hash, its index


class SentenceVectors:
    def __init__(self, path: Path, embedder: str, dimension: int):
        self.path = path
        self.embedder = embedder
        self.dimension = dimension
        self._db = LocalDB(path, SCHEMA, "sentence vectors")

    def close(self) -> None:
        self._db.close()

    def count(self) -> int:
        return self._db.read("SELECT count(*) FROM sentence_vectors")[0][0]

    def put(self, keys: list[Key], vectors: np.ndarray) -> dict[tuple[str, int], np.ndarray]:
        """Insert (or replace) sentences' vectors, in one transaction; returns them by (article id, index)
        as they will read back, so a question scores the same on vectors made now as on vectors read later."""
        kept = vectors.astype(np.float16)
        with self._db.write() as db:
            db.executemany("INSERT OR REPLACE INTO sentence_vectors VALUES (?, ?, ?, ?, ?)",
                           [(i, n, made_from, self.embedder, v.tobytes()) for (i, made_from, n), v in zip(keys, kept)])
        return {(i, n): v.astype(np.float32) for (i, _, n), v in zip(keys, kept)}

    def get(self, keys: list[Key]) -> dict[tuple[str, int], np.ndarray]:
        """The stored vectors of these sentences whose row is fresh, by (article id, index)."""
        wanted = {(i, n): made_from for i, made_from, n in keys}
        found = {}
        for part, marks in in_parts(sorted({i for i, _, _ in keys})):
            for article_id, n, made_from, embedder, blob in self._db.read(
                    "SELECT article_id, sentence, hash, embedder, vector FROM sentence_vectors "
                    f"WHERE article_id IN ({marks})", part):
                if wanted.get((article_id, n)) == made_from and embedder == self.embedder:
                    found[article_id, n] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
        return found

    def remove(self, article_ids: list[str]) -> None:
        with self._db.write() as db:
            for part, marks in in_parts(list(article_ids)):
                db.execute(f"DELETE FROM sentence_vectors WHERE article_id IN ({marks})", part)
