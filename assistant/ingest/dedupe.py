"""Find wire copies: articles whose text is the same, or nearly (MinHash over 5-word shingles).

Near-duplicates are candidate pairs that agree on all rows of at least one LSH band, then
confirmed when their estimated Jaccard similarity is at least `NEAR_DUPLICATE`. Linear in the
number of articles, so it runs on thousands of articles at ingest time.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict

import numpy as np

from assistant.types import Article

SHINGLE_WORDS = 5
HASHES, BANDS = 64, 16  # 16 bands of 4 rows: pairs above ~0.6 Jaccard nearly always meet
_PRIME = (1 << 31) - 1
_RNG = np.random.default_rng(20240501)
_A = _RNG.integers(1, _PRIME, HASHES, dtype=np.int64)
_B = _RNG.integers(0, _PRIME, HASHES, dtype=np.int64)


def find_duplicates(articles: list[Article], threshold: float) -> dict[str, str]:
    """Map each duplicate's id to the id of the earlier article it copies (estimated Jaccard ≥ threshold)."""
    duplicates: dict[str, str] = {}
    first_with_text: dict[str, str] = {}
    signatures: dict[str, np.ndarray] = {}
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for article in articles:
        words = re.findall(r"\w+", article.text.lower())
        key = " ".join(words)
        if key in first_with_text:
            duplicates[article.id] = first_with_text[key]
            continue
        first_with_text[key] = article.id
        signature = _minhash(words)
        match = _near_match(signature, signatures, buckets, threshold)
        if match:
            duplicates[article.id] = match
            continue
        signatures[article.id] = signature
        for band, rows in enumerate(np.split(signature, BANDS)):
            buckets[(band, rows.tobytes())].append(article.id)
    return duplicates


def shingles(words: list[str]) -> set[str]:
    """The text's runs of `SHINGLE_WORDS` words: two articles' overlap in these is their Jaccard similarity."""
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def jaccard(text_a: str, text_b: str) -> float:
    """Exact Jaccard similarity of two texts' shingles (for a few articles; MinHash estimates it for many)."""
    a, b = (shingles(re.findall(r"\w+", t.lower())) for t in (text_a, text_b))
    return len(a & b) / len(a | b)


def _minhash(words: list[str]) -> np.ndarray:
    hashes = np.array([zlib.crc32(s.encode()) % _PRIME for s in shingles(words)], dtype=np.int64)
    return ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)


def _near_match(signature: np.ndarray, signatures: dict[str, np.ndarray], buckets, threshold: float) -> str:
    candidates = {i for band, rows in enumerate(np.split(signature, BANDS)) for i in buckets.get((band, rows.tobytes()), [])}
    for candidate in [i for i in signatures if i in candidates]:  # earliest article first
        if np.mean(signatures[candidate] == signature) >= threshold:
            return candidate
    return ""
