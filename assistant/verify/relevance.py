"""Does an answer answer the question asked? The kind of fact a question asks for, and whether a text holds one.

"when" wants a date, "how much / how many" a number, "who" a name, "where / which country" a
place. A verified sentence of another kind is true but not responsive: asked when production
starts, the capacity is no answer. Names and places are told apart only by capitals here; a
named-entity model would separate them (see the closing note of issue 11).
"""

from __future__ import annotations

import re

from assistant.verify.facts import MONTHS, names, numbers

# The first of these in a question decides its kind ("And when does it start?" → date).
ASKS = [
    ("date", r"\bwhen\b|\bwhat (?:year|date|day|month|time)\b|\bwhich (?:year|date|day|month)\b|\bhow long ago\b"),
    ("number", r"\bhow (?:much|many|big|large|long|far|old|high|tall|fast)\b|\bwhat (?:percentage|share|proportion|"
               r"amount|number|capacity|size|sum|price|cost|figure|value|total)\b"),
    ("place", r"\bwhere\b|\b(?:which|what) (?:country|countries|city|cities|town|region|state|province|place|nation)\b"),
    ("name", r"\bwho(?:m|se)?\b|\b(?:which|what) (?:company|companies|firm|group|organi[sz]ation|team|party|person|"
             r"man|woman|official|minister|bank|agency)\b"),
]
ASK = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in ASKS), re.IGNORECASE)
DATE_WORDS = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                        r"yesterday|today|tomorrow|tonight|ago|decade|century|week|weekend|month|year|spring|summer|"
                        r"autumn|fall|winter|morning|evening|night)\b|\b(?:" + "|".join(MONTHS) + r")\b", re.IGNORECASE)


def asked_kind(question: str) -> str:
    """date, number, place or name; "" when the question does not ask for one kind of fact."""
    match = ASK.search(question)
    return match.lastgroup if match else ""


def holds_kind(text: str, kind: str) -> bool:
    """Whether the text states a fact of that kind (any text does, for no kind)."""
    if kind == "date":
        return bool(DATE_WORDS.search(text))
    if kind == "number":
        return bool(numbers(text))
    if kind in ("name", "place"):
        return bool(names(text[:1].lower() + text[1:]))  # a capital that only starts the sentence names nothing
    return True
