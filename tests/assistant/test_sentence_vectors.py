"""Sentence vectors kept on disk (SQLite): fresh rows only, removals, and a corrupt file."""

import numpy as np
import pytest

from assistant import StoreError
from assistant.sentence_vectors import ArticleVectors, SentenceVectors


def _unit(rows: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, 8)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def stored(tmp_path):
    vectors = SentenceVectors(tmp_path / "s.sqlite3", "MiniLM", 8)
    vectors.put([ArticleVectors("a", "hash-a", _unit(3, 1)), ArticleVectors("b", "hash-b", _unit(2, 2))])
    yield vectors
    vectors.close()


def test_vectors_come_back_by_article_close_to_what_was_put(stored):
    got = stored.get({"a": "hash-a", "b": "hash-b", "c": "hash-c"})
    assert set(got) == {"a", "b"} and got["a"].shape == (3, 8) and got["a"].dtype == np.float32
    assert np.abs(got["a"] @ got["a"].T - _unit(3, 1) @ _unit(3, 1).T).max() < 1e-3  # float16 on disk


def test_a_row_of_another_version_or_another_embedder_is_stale(stored, tmp_path):
    assert stored.get({"a": "hash-a-edited"}) == {}
    stored.close()
    other = SentenceVectors(tmp_path / "s.sqlite3", "another-model", 8)
    assert other.get({"a": "hash-a"}) == {}
    other.close()


def test_a_new_version_replaces_the_row_and_removal_takes_it(stored):
    stored.put([ArticleVectors("a", "hash-a2", _unit(4, 3))])
    assert stored.count() == 2 and stored.get({"a": "hash-a2"})["a"].shape == (4, 8)
    stored.remove(["a", "no-such-article"])
    assert stored.count() == 1 and stored.get({"a": "hash-a2"}) == {}


def test_a_corrupt_file_is_a_clear_error_naming_it(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"sentence vectors at .*s\.sqlite3.*delete"):
        SentenceVectors(path, "MiniLM", 8)
