"""Pure metric functions, unit-tested with hand-computed values."""

from __future__ import annotations


def precision_recall(predicted: list[bool], actual: list[bool]) -> dict[str, float]:
    """Precision and recall of the positive class; 0.0 where a denominator is empty."""
    tp = sum(p and a for p, a in zip(predicted, actual))
    fp = sum(p and not a for p, a in zip(predicted, actual))
    fn = sum(a and not p for p, a in zip(predicted, actual))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
