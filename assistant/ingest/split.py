"""Split cleaned article text into sentences (with exact offsets) and overlapping chunks.

Sentences come from NLTK's Punkt model, which llama-index ships offline; they never cross a
line break (a line is a paragraph in scraped news). Chunks are runs of whole sentences sized for all-MiniLM-L6-v2, which reads
at most 256 word pieces: longer text would be cut off silently by the embedder.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from assistant.types import Chunk, Sentence

CHUNK_WORDS = 120  # ~170 word pieces: fits the embedder's 256 with room for long words
OVERLAP_SENTENCES = 1


@lru_cache(maxsize=1)
def _punkt():
    import llama_index.core
    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    cache = os.path.join(os.path.dirname(llama_index.core.__file__), "_static", "nltk_cache")
    if cache not in nltk.data.path:
        nltk.data.path.append(cache)
    return PunktTokenizer("english")


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


def make_chunks(article_id: str, sentences: list[Sentence], max_words: int = CHUNK_WORDS) -> list[Chunk]:
    """Group consecutive sentences into chunks of about `max_words`, overlapping by one sentence."""
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
        i = max(j - OVERLAP_SENTENCES, i + 1)
    return chunks


def _words(sentence: Sentence) -> int:
    return len(sentence.text.split())
