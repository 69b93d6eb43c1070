"""The verifier on its labelled pairs: a regression here means wrong sentences reach readers."""

import json

from assistant.config import Settings
from evals.verifier import HERE, evaluate
from tests.conftest import CORPUS


def test_verifier_keeps_precision_and_recall_on_the_labelled_pairs():
    pairs = [json.loads(line) for line in (HERE / "verifier_pairs.jsonl").read_text().splitlines()]
    assert len(pairs) >= 60
    report = evaluate(pairs, CORPUS, Settings.from_env())
    assert report["precision"] >= 0.88, report["errors"]
    assert report["recall"] >= 0.9, report["errors"]
    assert report["accuracy_by_kind"]["number"] >= 0.9 and report["accuracy_by_kind"]["person"] == 1.0
