"""Sentence vectors kept on disk (SQLite): fresh rows only, removals, and a corrupt file."""

import numpy as np
import pytest

from assistant import StoreError
from assistant.sentence_vectors import SentenceVectors


def _unit(rows: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, 8)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


A = [("a", "hash-a", 0), ("a", "hash-a", 2), ("b", "hash-b", 5)]


@pytest.fixture
def stored(tmp_path):
    vectors = SentenceVectors(tmp_path / "s.sqlite3", "MiniLM", 8)
    vectors.put(A, _unit(3, 1))
    yield vectors
    vectors.close()


def test_vectors_come_back_by_sentence_close_to_what_was_put(stored):
    got = stored.get([*A, ("a", "hash-a", 1), ("c", "hash-c", 0)])
    assert set(got) == {("a", 0), ("a", 2), ("b", 5)} and got["a", 2].shape == (8,) and got["a", 2].dtype == np.float32
    kept = np.stack([got["a", 0], got["a", 2], got["b", 5]])
    assert np.abs(kept @ kept.T - _unit(3, 1) @ _unit(3, 1).T).max() < 1e-3  # float16 on disk


def test_a_row_of_another_version_or_another_embedder_is_stale(stored, tmp_path):
    assert stored.get([("a", "hash-a-edited", 0)]) == {}
    stored.close()
    other = SentenceVectors(tmp_path / "s.sqlite3", "another-model", 8)
    assert other.get(A) == {}
    other.close()


def test_a_new_version_replaces_the_row_and_removal_takes_all_of_an_articles_rows(stored):
    stored.put([("a", "hash-a2", 0)], _unit(1, 3))
    assert stored.count() == 3 and set(stored.get([("a", "hash-a2", 0), ("a", "hash-a", 2)])) == {("a", 0), ("a", 2)}
    stored.remove(["a", "no-such-article"])
    assert stored.count() == 1 and stored.get([("a", "hash-a2", 0)]) == {}


def test_a_corrupt_file_is_a_clear_error_naming_it(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"sentence vectors at .*s\.sqlite3.*delete"):
        SentenceVectors(path, "MiniLM", 8)
