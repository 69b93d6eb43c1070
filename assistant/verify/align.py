"""Alignment: which of the sentences the model was shown back each answer sentence.

The model's own [n] markers are not trusted (small models swap ids). The best-matching source
sentence (embedding cosine, plus a bonus for the facts it states) is cited first; for a claim with
a figure or a date, a sentence stating all its facts goes before any that does not, so the fact is
taken whole from one sentence. More are added, up to `max_citations`, while they state facts still
missing; then a sentence next to a cited one, when the claim tells a fact its article spreads over the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.config import VerificationSettings
from assistant.ingest.split import split_sentences
from assistant.terms import content_terms, overlap_share
from assistant.types import ArticleInfo, Sentence
from assistant.verify.facts import Facts

MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")


@dataclass(frozen=True)
class Candidate:
    """A source sentence the model saw, with what is needed to judge support from it."""

    article: ArticleInfo
    sentence: Sentence
    speaker: str = ""


def split_answer(text: str) -> list[str]:
    """Answer sentences, without any [n] markers a model may add (they are not trusted)."""
    pieces = [MARKER.sub("", s.text).strip() for s in split_sentences("answer", text)]
    return [p for p in pieces if re.search(r"\w", p)]


def align(facts: Facts, cosine: np.ndarray, stated: list[Facts], settings: VerificationSettings,
          premise: Facts, articles: list[str]) -> tuple[list[int], Facts]:
    """Indexes of the candidates to cite, in the order chosen, and the facts none of them states.

    `cosine[i]`: the answer sentence against candidate i; `stated[i]`: the sentence's facts that
    candidate i states; `articles[i]`: its article. `premise`: the names the question gives. They
    are the reporter's words, not the answer's claim: a sentence of the first cited article may be
    cited for them (so `rules.together` can ask whether the figure is stated near its subject), but
    no other article's: "Brussels and Astana signed in November 2022" cites the sentence of November
    2022, not also a sentence of another story that names "Astana". Whether the cited articles are
    about those names is `rules.about_the_subject`'s to judge.
    """
    own = facts - premise
    total = max(facts.count, 1)
    rank = cosine + settings.fact_bonus * np.array([s.count / total for s in stated])
    hard = own.numbers or own.months  # names alone are shared by many sentences of a story
    whole = [i for i, s in enumerate(stated) if not (own - s).count] if hard else []
    chosen = [max(whole, key=rank.__getitem__) if whole else int(np.argmax(rank))]
    first = articles[chosen[0]]
    missing = facts - stated[chosen[0]]
    while missing.count and len(chosen) < settings.max_citations:
        gains = [(((missing if articles[i] == first else missing - premise) & stated[i]).count, cosine[i], i)
                 for i in range(len(stated)) if i not in chosen]
        gain, _, pick = max(gains, default=(0, 0.0, -1))
        if gain == 0:
            break
        chosen.append(pick)
        missing = missing - stated[pick]
    return chosen, missing - premise


def with_neighbours(chosen: list[int], candidates: list[Candidate], terms: set[str], settings: VerificationSettings
                    ) -> list[int]:
    """`chosen` plus the sentences next to cited ones that hold the claim's words, while too few are held.

    One fact may run over two adjacent sentences ("…a project in the Caspian region…" then "After
    2030, it will produce … using electricity from wind farms"); sentences elsewhere never count.
    """
    chosen = list(chosen)
    held = set().union(*(content_terms(candidates[i].sentence.text) for i in chosen))
    if overlap_share(terms, held, empty=1.0) >= settings.min_word_overlap:
        return chosen  # the usual case: no other candidate's words are read
    words = [content_terms(c.sentence.text) for c in candidates]
    while len(chosen) < settings.max_citations:
        held = set().union(*(words[i] for i in chosen))
        if overlap_share(terms, held, empty=1.0) >= settings.min_word_overlap:
            break
        cited = {(candidates[i].article.id, candidates[i].sentence.index) for i in chosen}
        gains = [(len((terms - held) & words[i]), i) for i, c in enumerate(candidates) if i not in chosen and any(
            (c.article.id, c.sentence.index + step) in cited for step in (-1, 1))]
        gain, pick = max(gains, default=(0, -1))
        if gain == 0:
            break
        chosen.append(pick)
    return chosen
