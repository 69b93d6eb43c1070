"""Content words of a text, stemmed: what lexical overlap is measured on (retrieval, verification)."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

STOPWORDS = frozenset("""a about after all also an and any are as at be been before but by can could did do does
for from had has have he her his how i if in into is it its many may me more most much my no not of on or our
she so some such than that the their them then there these they this those to up was we were what when where
which who whom whose why will with would you your
above across against along among around behind below beside between beyond during near off onto out over per
since through toward towards under until upon via within without""".split())


def content_terms(text: str) -> set[str]:
    """Stemmed words of a text minus stop words."""
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS and len(w) > 1]
    return set(stemmer().stemWords(words))


def overlap_share(terms: set[str], source: set[str], empty: float) -> float:
    """Share of `terms` found in `source`; `empty` when there are no terms to find."""
    return len(terms & source) / len(terms) if terms else empty


@lru_cache(maxsize=1)
def stemmer():
    return Stemmer.Stemmer("english")
