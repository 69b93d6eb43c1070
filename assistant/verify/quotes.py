"""Quotation marks are a promise: an answer keeps them only around words a cited article really has."""

from __future__ import annotations

import re

QUOTE = re.compile(r"[\"“”]([^\"“”]{3,}?)[\"“”]")
UNQUOTED = "a quotation was not found verbatim in the cited article, shown without quotation marks"


def check_quotes(text: str, article_texts: list[str]) -> tuple[str, str]:
    """(text, reason): quotation marks removed from words no cited article contains, and why."""
    sources = [normalise_quote(t) for t in article_texts if t]
    reason = ""

    def replace(match: re.Match) -> str:
        nonlocal reason
        if quote_found(match.group(1), sources):
            return f"“{match.group(1)}”"
        reason = UNQUOTED
        return match.group(1)

    return QUOTE.sub(replace, text), reason


def verbatim_quotes(text: str, article_texts: list[str]) -> list[bool]:
    """For each quoted span in `text`: is it verbatim in one of the articles? (The eval's check.)"""
    sources = [normalise_quote(t) for t in article_texts]
    return [quote_found(m.group(1), sources) for m in QUOTE.finditer(text)]


def quote_found(quoted: str, normalised_sources: list[str]) -> bool:
    """Whether the quoted words occur verbatim in one of the sources (already `normalise_quote`d)."""
    words = normalise_quote(quoted).strip(" .,;:")
    return any(words in source for source in normalised_sources)


def normalise_quote(text: str) -> str:
    """Quote style, case and spacing aside."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).lower()
