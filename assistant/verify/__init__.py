"""Attribution by alignment, not by trust: every answer sentence is aligned to the source
sentences the model was shown (`align.py`), then checked by named rules in order (`rules.py`):
facts and whole dates (`facts.py`), words, speakers (`speakers.py`), the question's subject
(`relevance.py`) and meaning. Quotation marks survive only
around words a cited article really has (`quotes.py`); a phrase restated without its ordinal
("an official visit" for "his first official visit") is given whole (`grammar.py`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from assistant.config import VerificationSettings
from assistant.embed import Embedder
from assistant.terms import content_terms
from assistant.types import AnswerSentence, Citation
from assistant.verify.align import Candidate, align, split_answer, with_neighbours
from assistant.verify.facts import Facts, extract_facts, stated_in
from assistant.verify.grammar import with_ordinal
from assistant.verify.quotes import check_quotes
from assistant.verify.relevance import question_subject
from assistant.verify.rules import Claim, first_failure
from assistant.verify.speakers import WHO_SAID

__all__ = ["Candidate", "Verifier"]


class Verifier:
    def __init__(self, embedder: Embedder, settings: VerificationSettings):
        self.embedder = embedder
        self.settings = settings

    def attribute(self, text: str, candidates: list[Candidate], articles: dict[str, str], question: str = "",
                  conversation: str = "") -> tuple[list[AnswerSentence], list[Citation]]:
        """Align answer text to candidates and verify each sentence; `articles`: id → text, for quotes;
        `conversation`: a follow-up with the question before it (what was searched).

        A short answer ("Smailov.") carries its meaning with the question, so each sentence is
        also judged as read after the question, and the better reading counts.
        """
        pieces = split_answer(text)
        if not pieces or not candidates:
            return [AnswerSentence(t, reason="no source to check against", rule="align") for t in pieces], []
        n = len(pieces)
        vectors = self.embedder.encode([question] + pieces + [f"{question} {p}" for p in pieces]
                                       + [c.sentence.text for c in candidates])
        question_vec, answer_vecs, asked_vecs, cand_vecs = vectors[0], vectors[1:n + 1], vectors[n + 1:2 * n + 1], \
            vectors[2 * n + 1:]
        asked_quote = _quote_asked_about(candidates, cand_vecs @ question_vec) if WHO_SAID.search(question) else None
        citations: dict[tuple[str, int], Citation] = {}
        out = []
        for piece, vec, asked in zip(pieces, answer_vecs, asked_vecs):
            claim = self._claim(piece, question, conversation, vec, asked, candidates, cand_vecs, asked_quote, articles)
            for cited in claim.cited:  # a phrase restated without its ordinal ("an official visit") is given whole
                claim = replace(claim, text=with_ordinal(claim.text, cited.sentence.text))
            failure = first_failure(claim)
            piece, quote_reason = check_quotes(claim.text, [articles.get(c.article.id, "") for c in claim.cited])
            numbers = [citations.setdefault((c.article.id, c.sentence.index),
                                            Citation(len(citations) + 1, c.article, c.sentence, c.speaker)).number
                       for c in claim.cited]  # a sentence cited again keeps its number
            rule, reason = failure or ("", quote_reason)
            out.append(AnswerSentence(piece, numbers, failure is None, claim.support, reason, rule))
        return out, list(citations.values())

    def _claim(self, text, question, conversation, vec, asked, candidates, cand_vecs, asked_quote, articles) -> Claim:
        facts = extract_facts(text)
        stated = [stated_in(facts, c.sentence.text, c.speaker, self.settings.name_similarity) for c in candidates]
        premise = Facts(names=facts.names & question_subject(question).names)
        chosen, missing = align(facts, cand_vecs @ vec, stated, self.settings, premise,
                                [c.article.id for c in candidates])
        chosen = with_neighbours(chosen, candidates, content_terms(text), self.settings)
        cited_vec = cand_vecs[chosen[0]] if len(chosen) == 1 else self.embedder.encode(
            [" ".join(candidates[i].sentence.text for i in chosen)])[0]
        cited = sorted((candidates[i] for i in chosen), key=lambda c: (c.article.id, c.sentence.index))
        if asked_quote is not None and asked_quote not in cited:
            cited.append(asked_quote)  # the quote the question asks about backs the answer
        sources = "\n".join(articles.get(i, "") for i in dict.fromkeys(c.article.id for c in cited))
        return Claim(text, question, cited, missing, float(max(cited_vec @ vec, cited_vec @ asked)), asked_quote,
                     self.settings, sources, {c.article.id: articles.get(c.article.id, "") for c in cited},
                     conversation)


def _quote_asked_about(candidates: list[Candidate], similarity: np.ndarray) -> Candidate | None:
    """For a "who said …" question: the attributed sentence closest to the question."""
    quoted = [i for i, c in enumerate(candidates) if c.speaker]
    return candidates[max(quoted, key=lambda i: similarity[i])] if quoted else None
