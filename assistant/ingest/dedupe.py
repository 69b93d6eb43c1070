"""Wire copies, caught across ingests, not only within one.

An article is a copy of a stored one when their words are the same, or when the Jaccard similarity
of their 5-word shingles, estimated by MinHash (datasketch), is at least `near_duplicate`.

The signatures live in SQLite beside the store, with their LSH band keys indexed (datasketch
chooses the bands and rows for the threshold), so checking a new article costs a few index lookups
with 64,000 articles stored as with 1,000, and tomorrow's copy of yesterday's story is caught.
A signature stays `pending` from the check that admits its article until the article is stored: one a
kill left pending has no article, and goes before the next ingest checks anything against it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

from assistant.localdb import LocalDB, in_parts

SHINGLE_WORDS = 5
PERMUTATIONS = 128
SCHEMA = """
CREATE TABLE IF NOT EXISTS signatures (
    rowid INTEGER PRIMARY KEY, article_id TEXT UNIQUE NOT NULL, words TEXT NOT NULL, signature BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS signatures_words ON signatures (words);
CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, key BLOB NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_key ON bands (band, key);
CREATE INDEX IF NOT EXISTS bands_article ON bands (article_id);
CREATE TABLE IF NOT EXISTS pending (article_id TEXT PRIMARY KEY);
"""


class CopyIndex:
    """Signatures of the stored articles; `copy_of` answers for a new one."""

    def __init__(self, path: Path, threshold: float):
        self.threshold = threshold
        self.bands = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS).hashranges
        self._db = LocalDB(path, SCHEMA, "copy index")

    def close(self) -> None:
        self._db.close()

    def count(self) -> int:
        return self._db.read("SELECT count(*) FROM signatures")[0][0]

    def ids(self) -> set[str]:
        return {i for (i,) in self._db.read("SELECT article_id FROM signatures")}

    def copy_of(self, article_id: str, text: str, ignore: set[str] = frozenset()) -> str:
        """The id of the earliest stored article this text copies, or ""; itself and `ignore` excepted."""
        return self._match(article_id, _fingerprint(text), ignore)

    def admit(self, article_id: str, text: str, ignore: set[str] = frozenset()) -> str:
        """`copy_of`, and when the text copies nothing, its signature stored, pending until `stored`: later
        articles are checked against it."""
        fingerprint = _fingerprint(text)
        original = self._match(article_id, fingerprint, ignore)
        if not original:
            with self._db.write() as db:
                self._insert(db, article_id, fingerprint)
                db.execute("INSERT OR IGNORE INTO pending (article_id) VALUES (?)", (article_id,))
        return original

    def stored(self, article_ids: list[str]) -> None:
        """These admitted articles are stored: their signatures stay."""
        with self._db.write() as db:
            for part, marks in in_parts(list(article_ids)):
                db.execute(f"DELETE FROM pending WHERE article_id IN ({marks})", part)

    def drop_pending(self) -> None:
        """Signatures whose article a kill kept from being stored (or from being stored in this version)."""
        with self._db.write() as db:
            _delete(db, [i for (i,) in db.execute("SELECT article_id FROM pending").fetchall()])

    def add(self, articles: list[tuple[str, str]]) -> None:
        """(id, text) pairs, replacing what these ids had."""
        with self._db.write() as db:
            for article_id, text in articles:
                self._insert(db, article_id, _fingerprint(text))

    def _match(self, article_id: str, fingerprint: tuple[str, np.ndarray], ignore: set[str]) -> str:
        digest, signature = fingerprint
        for (candidate,) in self._db.read("SELECT article_id FROM signatures WHERE words = ? ORDER BY rowid", [digest]):
            if candidate != article_id and candidate not in ignore:
                return candidate
        found = {i for band, key in self._keys(signature)
                 for (i,) in self._db.read("SELECT article_id FROM bands WHERE band = ? AND key = ?", [band, key])}
        found -= {article_id, *ignore}
        for part, marks in in_parts(sorted(found)):
            sql = f"SELECT article_id, signature FROM signatures WHERE article_id IN ({marks}) ORDER BY rowid"
            for candidate, stored in self._db.read(sql, part):
                if np.mean(np.frombuffer(stored, dtype=signature.dtype) == signature) >= self.threshold:
                    return candidate
        return ""

    def _insert(self, db, article_id: str, fingerprint: tuple[str, np.ndarray]) -> None:
        digest, signature = fingerprint
        _delete(db, [article_id])
        db.execute("INSERT INTO signatures (article_id, words, signature) VALUES (?, ?, ?)",
                   (article_id, digest, signature.tobytes()))
        db.executemany("INSERT INTO bands (band, key, article_id) VALUES (?, ?, ?)",
                       [(band, key, article_id) for band, key in self._keys(signature)])

    def remove(self, article_ids: list[str]) -> None:
        with self._db.write() as db:
            _delete(db, list(article_ids))

    def _keys(self, signature: np.ndarray) -> list[tuple[int, bytes]]:
        return [(band, signature[start:end].tobytes()) for band, (start, end) in enumerate(self.bands)]


def _delete(db, article_ids: list[str]) -> None:
    for part, marks in in_parts(article_ids):
        db.execute(f"DELETE FROM signatures WHERE article_id IN ({marks})", part)
        db.execute(f"DELETE FROM bands WHERE article_id IN ({marks})", part)
        db.execute(f"DELETE FROM pending WHERE article_id IN ({marks})", part)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _fingerprint(text: str) -> tuple[str, np.ndarray]:
    """The digest of the text's words (exact copies) and their MinHash signature (near copies)."""
    words = _words(text)
    minhash = MinHash(num_perm=PERMUTATIONS)
    minhash.update_batch([s.encode() for s in shingles(words)])
    return hashlib.sha1(" ".join(words).encode()).hexdigest(), minhash.hashvalues


def shingles(words: list[str]) -> set[str]:
    """The text's runs of `SHINGLE_WORDS` words: two articles' overlap in these is their Jaccard similarity."""
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def jaccard(text_a: str, text_b: str) -> float:
    """Exact Jaccard similarity of two texts' shingles (for a few articles; MinHash estimates it for many)."""
    a, b = (shingles(_words(t)) for t in (text_a, text_b))
    return len(a & b) / len(a | b)
