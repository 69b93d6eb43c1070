"""Article text is untrusted: it reaches the model as inert data, and text that addresses the model is withheld.

Sentences that talk to the model rather than the reader ("ignore previous instructions", "you are
now …") are kept out of the prompt and never cited; they stay in the article, visible to the reader.
"""

from __future__ import annotations

import re

INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|context)\b"
    r"|\bsystem (prompt|notice|message)\b|\byou are now\b|\bnew instructions\b"
    r"|\b(answer|respond|reply) (to )?every question\b", re.IGNORECASE)


def addresses_model(text: str) -> bool:
    """Whether the text reads as an instruction to the model rather than news for the reader."""
    return bool(INJECTION.search(text))


def as_data(text: str) -> str:
    """Article text as inert data: it cannot open or close the prompt's own tags."""
    return text.replace("<", "‹").replace(">", "›")


def as_attribute(text: str) -> str:
    """Text for a double-quoted attribute of the prompt's tags (title, publisher)."""
    return as_data(text).replace('"', "'")
