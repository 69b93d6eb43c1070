"""Which mentions of one article name the same entity, and why: conservative merges a reader can check.

Inside an article a name shortens to the surname ("Alikhan Smailov" … "Smailov") and an
organisation to its initials ("European Union" … "EU"); a title stands before a name or beside it
("Kazakh Prime Minister Alikhan Smailov"). A short form is merged only when exactly one full name of
the article fits it: "Trump" in an article naming Donald and Ivanka Trump stays "Trump". Across
articles the same full name is the same entity (the store groups by name), and a name's kind is the
one most of its mentions were given (`store.KIND_SQL`), so the recogniser's slips on one mention are outvoted.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

from assistant.entities.recognise import NAMES
from assistant.types import Mention

INITIALS = re.compile(r"(?:[A-Z]\.?){2,8}")  # "EU", "U.S.", "NATO": how initials are written
WHY = {"surname": "surname of {entity} in this article", "first name": "first name of {entity} in this article",
       "short form": "short form of {entity} in this article", "initials": "initials of {entity} in this article",
       "title": "title given to {entity} in this article"}


class AliasRow(NamedTuple):
    """One article's other name for an entity; `how` is a `WHY` key."""

    alias: str
    entity: str
    how: str


def resolve(mentions: list[Mention]) -> tuple[list[Mention], list[AliasRow]]:
    """The article's mentions, each with the entity it names and why; and the aliases the article gives."""
    full = {m.text: m.kind for m in mentions if m.kind in NAMES and len(m.text.split()) > 1}
    resolved, aliases = [], {}
    for mention in mentions:
        if mention.kind in NAMES:
            name, how = _longer_name(mention, full)
            resolved.append(replace(mention, entity=name, why=how and WHY[how].format(entity=name)))
            if how:
                aliases[mention.text] = AliasRow(mention.text, name, how)
        elif mention.kind != "title":
            resolved.append(replace(mention, entity=mention.text))
    entity_of = {m.text: m.entity for m in resolved}
    for title in (m for m in mentions if m.kind == "title"):
        entity = entity_of.get(title.entity, title.entity)
        resolved.append(replace(title, entity=entity, why=WHY["title"].format(entity=entity)))
        aliases.setdefault(title.text.lower(), AliasRow(title.text, entity, "title"))
    return sorted(resolved, key=lambda m: m.start), list(aliases.values())


def _longer_name(mention: Mention, full: dict[str, str]) -> tuple[str, str]:
    """The one full name of the article that `mention` shortens, with how (a `WHY` key); else its own text and ""."""
    words = mention.text.lower().split()  # "De Lima" shortens "Leila de Lima"
    surname = [f for f in full if f != mention.text and f.lower().split()[-len(words):] == words]
    same_kind = [f for f in surname if full[f] == mention.kind]
    if mention.kind != "place" and len(same_kind or surname) == 1:
        longer = (same_kind or surname)[0]
        return longer, "surname" if mention.kind == "person" or full[longer] == "person" else "short form"
    first = [f for f in full if full[f] == "person" and f.split()[0] == mention.text and f != mention.text]
    if mention.kind != "place" and not surname and len(first) == 1:
        return first[0], "first name"
    if INITIALS.fullmatch(mention.text):
        letters = mention.text.replace(".", "")
        expanded = [f for f in full if full[f] != "person" and initials(f) == letters]
        if len(expanded) == 1:
            return expanded[0], "initials"
    return mention.text, ""


def initials(name: str) -> str:
    """'European Union' -> 'EU', 'Organisation of the Petroleum Exporting Countries' -> 'OPEC'."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in STOP_WORDS]
    return "".join(w[0].upper() for w in words if w[0].isalpha())
