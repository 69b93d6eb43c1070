"""Fusion and filters: the pure parts of retrieval."""

import pytest

from assistant import Filters
from assistant.retrieve import passes, rrf, to_metadata_filters


def test_rrf_rewards_agreement_between_rankings():
    assert rrf([["a", "b", "c"], ["b", "d", "a"]], k=60) == ["b", "a", "d", "c"]
    assert rrf([["a"], []], k=60) == ["a"]


@pytest.mark.parametrize("metadata, expected", [
    ({"publisher": "Kallanish", "date_num": 20230320}, True),
    ({"publisher": "Reuters", "date_num": 20230320}, False),
    ({"publisher": "Kallanish", "date_num": 20240101}, False),
    ({"publisher": "Kallanish"}, False),  # undated: outside any date range
])
def test_keyword_side_filter_agrees_with_the_chroma_filter(metadata, expected):
    filters = Filters(("Kallanish",), "2023-01-01", "2023-12-31")
    assert passes(metadata, filters) is expected
    conditions = {(f.key, f.operator.value, str(f.value)) for f in to_metadata_filters(filters).filters}
    assert conditions == {("publisher", "in", "['Kallanish']"), ("date_num", ">=", "20230101"),
                          ("date_num", "<=", "20231231")}


def test_no_filters_pass_everything():
    assert to_metadata_filters(None) is None and to_metadata_filters(Filters()) is None
    assert passes({}, Filters())


def test_readers_asking_at_once_after_a_change_build_the_keyword_index_once(desk, monkeypatch):
    import threading
    import time

    from assistant import retrieve

    built = []
    real = retrieve.BM25Retriever.from_defaults

    def slow_build(**kwargs):
        built.append(1)
        time.sleep(0.5)  # a big corpus takes seconds: long enough for every reader to arrive
        return real(**kwargs)

    monkeypatch.setattr(retrieve.BM25Retriever, "from_defaults", slow_build)
    desk.remove([])  # any change to the store drops the keyword index
    readers = [threading.Thread(target=desk.evidence, args=("How much does Svevind invest?",)) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(built) == 1
