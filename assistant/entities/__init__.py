"""Who and what the articles name: mentions from spaCy's recogniser (`recognise.py`), merged into entities
with the reason for each merge (`aliases.py`), kept beside the keyword index (`store.py`)."""

from __future__ import annotations

from assistant.entities.aliases import AliasRow, resolve
from assistant.entities.recognise import recognise
from assistant.types import Article, Mention, Sentence


def read_names(articles: list[tuple[Article, list[Sentence]]]) -> list[tuple[list[Mention], list[AliasRow]]]:
    """Each article's mentions, resolved to their entities, and the aliases it gives them."""
    return [resolve(mentions) for mentions in recognise((a.id, a.text, sentences) for a, sentences in articles)]
