"""Split cleaned article text into sentences (with exact offsets) and overlapping chunks.

Sentences come from NLTK's Punkt model, which llama-index ships offline, taught the abbreviations
news copy uses ("Red No. 3", "St. Louis", "Gov. Newsom", "U.S. officials"); they never cross a
line break (a line is a paragraph in scraped news). Chunks are runs of whole sentences sized for
all-MiniLM-L6-v2, which reads at most 256 word pieces: longer text would be cut off silently.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from assistant.types import Chunk, Sentence

# Lower case, without the final full stop, as Punkt keeps them.
NEWS_ABBREVIATIONS = frozenset("""no nos st ste mt ft gov sen rep reps gen lt col maj sgt capt cmdr adm supt det
insp atty dist pres vs inc corp co ltd bros jr sr dr mr mrs ms prof rev hon est approx dept univ ave blvd rd
u.s u.k u.n e.u a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec""".split())


@lru_cache(maxsize=1)
def _punkt():
    import llama_index.core
    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    cache = os.path.join(os.path.dirname(llama_index.core.__file__), "_static", "nltk_cache")
    if cache not in nltk.data.path:
        nltk.data.path.append(cache)
    tokenizer = PunktTokenizer("english")
    tokenizer._params.abbrev_types.update(NEWS_ABBREVIATIONS)  # Punkt's only door for known abbreviations
    return tokenizer


def split_sentences(article_id: str, text: str) -> list[Sentence]:
    """Sentences of `text` in order; `text[s.start:s.end] == s.text` for each."""
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        for start, end in _punkt().span_tokenize(para.group()):
            piece = para.group()[start:end]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                s = base + start + lead
                sentences.append(Sentence(article_id, len(sentences), s, s + len(piece), piece))
    return sentences


def make_chunks(article_id: str, sentences: list[Sentence], max_words: int, overlap: int) -> list[Chunk]:
    """Group consecutive sentences into chunks of about `max_words`, sharing `overlap` sentences."""
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        j, words = i, 0
        while j < len(sentences) and (j == i or words + _words(sentences[j]) <= max_words):
            words += _words(sentences[j])
            j += 1
        chunks.append(Chunk(f"{article_id}#{len(chunks)}", article_id, tuple(sentences[i:j])))
        if j >= len(sentences):
            break
        i = max(j - overlap, i + 1)
    return chunks


def _words(sentence: Sentence) -> int:
    return len(sentence.text.split())
