"""Fusion and filters: the pure parts of retrieval (the keyword side's filters: test_keyword.py)."""

from assistant import Filters
from assistant.retrieve import rrf, to_metadata_filters


def test_rrf_rewards_agreement_between_rankings():
    assert rrf([["a", "b", "c"], ["b", "d", "a"]], k=60) == ["b", "a", "d", "c"]
    assert rrf([["a"], []], k=60) == ["a"]


def test_no_filters_are_no_conditions():
    assert to_metadata_filters(None) is None and to_metadata_filters(Filters()) is None
