"""A small SQLite file beside the store (the keyword index, the copies' signatures).

One connection behind a lock (reads take milliseconds), WAL so a reader never waits for a whole
ingest, and writes in transactions: a kill mid-write leaves the file at its last commit.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import StoreError

PARAMETERS = 500  # rows per statement: under SQLite's bound-parameter limit


class LocalDB:
    def __init__(self, path: Path, schema: str, what: str):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(schema)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the {what} at {path}: {exc}. It is rebuilt from the vector store when "
                             f"missing: delete {path} (and its -wal/-shm files) and start again.") from exc

    def read(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """BEGIN … COMMIT, or ROLLBACK on an error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def in_parts(values: list) -> Iterator[tuple[list, str]]:
    """`values` in parts small enough for one statement, each with its `?,?,…` placeholders."""
    for start in range(0, len(values), PARAMETERS):
        part = values[start:start + PARAMETERS]
        yield part, ",".join("?" * len(part))
