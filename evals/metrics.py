"""Pure metric functions, unit-tested with hand-computed values."""

from __future__ import annotations

import re
import string
from collections import Counter


def precision_recall(predicted: list[bool], actual: list[bool]) -> dict[str, float]:
    """Precision and recall of the positive class; 0.0 where a denominator is empty."""
    tp = sum(p and a for p, a in zip(predicted, actual))
    fp = sum(p and not a for p, a in zip(predicted, actual))
    fn = sum(a and not p for p, a in zip(predicted, actual))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lower case, no punctuation, no articles, single spaces."""
    text = "".join(ch for ch in text.lower() if ch not in set(string.punctuation) | {"’", "‘", "“", "”"})
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def exact_match(prediction: str, golds: list[str]) -> float:
    return float(any(normalize_answer(prediction) == normalize_answer(g) for g in golds))


def token_f1(prediction: str, golds: list[str]) -> float:
    """SQuAD token F1, the maximum over the gold answers."""
    best = 0.0
    pred = normalize_answer(prediction).split()
    for gold in golds:
        ref = normalize_answer(gold).split()
        common = Counter(pred) & Counter(ref)
        same = sum(common.values())
        if same:
            p, r = same / len(pred), same / len(ref)
            best = max(best, 2 * p * r / (p + r))
    return best


def must_contain_recall(prediction: str, facts: list[str | list[str]]) -> float:
    """Share of required facts found in the answer (normalised substring match); 1.0 when none are required.

    A fact is a string, or a list of alternative wordings of which any one will do ("2m", "2 million").
    """
    if not facts:
        return 1.0
    text = normalize_answer(prediction)
    return sum(any(normalize_answer(a) in text for a in ([f] if isinstance(f, str) else f)) for f in facts) / len(facts)


def hit_at_k(ranked: list[str], gold: list[str], k: int) -> float:
    return float(any(r in gold for r in ranked[:k]))


def reciprocal_rank(ranked: list[str], gold: list[str]) -> float:
    return next((1.0 / i for i, r in enumerate(ranked, start=1) if r in gold), 0.0)


def citation_scores(sentences: list[dict], gold: list[str]) -> tuple[float, float]:
    """ALCE-style citation (precision, recall) for one answer.

    Each sentence is {"citations": [article ids], "verified": bool}. A citation is correct when
    its article is a gold source and the sentence it backs was verified as supported by it.
    Precision: correct citations / all citations. Recall: sentences with a correct citation / sentences.
    """
    cited = [(c in gold and s["verified"]) for s in sentences for c in s["citations"]]
    precision = sum(cited) / len(cited) if cited else 0.0
    backed = [any(c in gold for c in s["citations"]) and s["verified"] for s in sentences]
    recall = sum(backed) / len(backed) if backed else 0.0
    return precision, recall


NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}


def same_value(shown: str, gold: str) -> bool:
    """Whether a value the answer shows is a gold value: "9" is "nine", "7,000" is "7000", and
    "Adrian Russell Elms" is "Adrian Elms" (every word of the shorter in the longer)."""
    def words(text: str) -> set[str]:
        return {NUMBER_WORDS.get(w, w) for w in normalize_answer(text.replace(",", "")).split()}
    a, b = words(shown), words(gold)
    return bool(a and b) and (a <= b or b <= a)


def conflict_found(shown: list[list[str]], gold: list[str]) -> bool:
    """Whether one of the answer's conflicts shows every gold value (gold: the distinct values, ≥ 2)."""
    return any(all(any(same_value(v, g) for v in values) for g in gold) for values in shown)


OUTCOMES = ("ok", "refused", "wrong", "answered_unanswerable")


def failure_kind(answerable: bool, refused: bool, contained: bool) -> str:
    """How a question went: ok; refused (an answerable one); wrong (answered without the whole
    gold answer); or answered_unanswerable."""
    if not answerable:
        return "ok" if refused else "answered_unanswerable"
    if refused:
        return "refused"
    return "ok" if contained else "wrong"


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100]; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
