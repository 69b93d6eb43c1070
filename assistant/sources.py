"""Sources side by side: which other articles state an answer's fact, which give another value, and as of when.

For each verified answer sentence, sentences of other articles are gathered (the question's
evidence, and a dense + keyword search with the answer sentence) and set beside the sentence it cites:
- one **states the same fact** when it gives the answer's value of the asked kind and its article
  is about the question's subject there (title and nearby sentences), or when it holds every hard
  fact the answer sentence takes from its citation (figures and dates in the sentence; names in it
  or near it) and, with values blanked, reads like the cited sentence (cosine ≥ `same_claim`);
- one **gives another value** when it holds a value of the asked kind (a count for "how many",
  money for "how much … cost", a date for "when") that agrees with none of the answer's, reads
  like the cited sentence with values blanked (cosine ≥ `same_subject`) and answers the question
  about as well as the cited sentence does, or reads almost the same (cosine ≥ `same_frame`); asked
  what someone is called, when another name is given by the same verb ("born Helena Varga" against
  "born with the name Helena Voss"). The answer then lists every value with its source, newest
  first. When the question asks for the latest ("now", "so far"), the newest value wins: the answer
  sentence becomes that article's sentence, quoted, and older values are superseded.
Articles copying one wire story (shingle Jaccard ≥ `copy_similarity`, or the same sentence word
for word) count once; the copies are listed with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from assistant import prompts
from assistant.config import Settings
from assistant.embed import Embedder
from assistant.ingest.dedupe import jaccard
from assistant.retrieve import Retriever
from assistant.terms import content_terms, overlap_share
from assistant.types import (
    Answer,
    AnswerSentence,
    ArticleInfo,
    Citation,
    Conflict,
    Corroboration,
    Filters,
    Sentence,
    Source,
    newest_first,
)
from assistant.verify import Candidate, Verifier
from assistant.verify.facts import Facts, extract_facts, stated_in
from assistant.verify.grammar import subject_words
from assistant.verify.relevance import Asked, asked, question_names
from assistant.verify.speakers import find_speaker
from assistant.verify.values import (
    DATE_KINDS,
    NAME_KINDS,
    Value,
    age_of,
    context,
    counted_by,
    counts,
    counts_only_others,
    masked,
    named_by,
    values,
)

# Figures and dates. Names only where the question asks what someone is called (`NAMING`): a person
# has one name at birth, but a story has many people arrested or quoted, and by capitals alone
# another name for the same role cannot be told from a bystander's.
CONFLICT_KINDS = ("number", *DATE_KINDS)
NAMING = re.compile(r"\bnames?\b|\bcalled\b|\bknown as\b|\balias\b", re.IGNORECASE)
# Sentences on each side of another article's sentence read for the names it leaves out: its
# paragraph would do, but scraped news often comes as one paragraph of a whole article.
NEARBY = 2
# Share of the question's content words an article's paragraph and title must hold to be about its subject.
SUBJECT_SHARE = 0.5
AGE_ASKED = re.compile(r"\b(?:how old|what age|which age|aged?)\b", re.IGNORECASE)
LATEST = re.compile(r"\b(?:now|currently|current|latest|so far|to date|most recent|newest|still|updated?)\b",
                    re.IGNORECASE)


@dataclass(frozen=True)
class _Other:
    """A sentence of another article, as compared."""

    article: ArticleInfo
    sentence: Sentence
    context: str  # its title and nearby sentences: where a name the sentence leaves out may stand
    words: frozenset[str]  # its article's words, lower-cased: which of the question's names it holds


class Sources:
    def __init__(self, settings: Settings, retriever: Retriever, embedder: Embedder, verifier: Verifier):
        self.settings = settings.sources
        self.name_similarity = settings.verification.name_similarity
        self.retriever = retriever
        self.embedder = embedder
        self.verifier = verifier  # the newest value's sentence is an answer sentence: the same rules judge it

    def compare(self, answer: Answer, filters: Filters | None) -> None:
        """Fill the answer's `corroboration`, `conflicts` and `as_of` (in place)."""
        what = asked(answer.question)
        naming = what.kind == "name" and bool(NAMING.search(answer.question))
        known = frozenset(question_names(answer.question))
        for index, sentence in enumerate(answer.sentences):
            if answer.refused or not sentence.verified or not sentence.citations:
                continue
            cited = [answer.citation(n) for n in sentence.citations]
            stated = " ".join([*known, *(v.text for v in values(sentence.text, what.kind, known))])
            named = self.retriever.sentences_with(stated, filters, self.settings.sources_chunks)
            others = self._others(_said(sentence, cited), named, answer, filters, {c.article.id for c in cited})
            conflict = (self._conflict(index, sentence, cited, others, what, known, answer.question)
                        if what.kind in CONFLICT_KINDS or naming else None)
            if conflict:
                answer.conflicts.append(conflict)
                newer = LATEST.search(answer.question) and conflict.values[0].article.id != cited[0].article.id
                if newer and (won := self._newest_wins(answer, index, conflict)):
                    cited = [won]
                    others = self._others(_said(answer.sentences[index], cited), named, answer, filters,
                                          {cited[0].article.id})
            answer.corroboration.append(self._corroboration(index, answer.sentences[index], cited, others,
                                                            what.kind, known, answer.question, naming))
        _without_repeats(answer)
        answer.as_of = newest_first(list({c.article.id: c.article for c in answer.citations}.values()))
        shown = [s for c in answer.corroboration for s in c.sources] + [v for c in answer.conflicts for v in c.values]
        for source in shown:  # the page shows each beside the answer, its sentence highlighted in place
            if source.article.id not in answer.articles:
                answer.articles[source.article.id] = self.retriever.article(source.article.id)[0]

    # -- steps ---------------------------------------------------------------------------

    def _others(self, text: str, named: list[tuple[ArticleInfo, Sentence]], answer: Answer, filters: Filters | None,
                cited_ids: set[str]) -> list[_Other]:
        """Sentences of articles other than the cited ones: the question's evidence, those near the
        text, and `named`, those found holding the question's names and the answer's values: a story's
        later paragraph ("The Metropolitan Police said Masood, 52, …") reads like no opening."""
        found = [(e.article, s) for e in answer.evidence for s in (e.sentence, *e.context)]
        found += self.retriever.sentences_near(text, filters, self.settings.sources_chunks)
        found += named
        seen, others, words = set(), [], {}
        for info, sentence in found:
            if info.id in cited_ids or (info.id, sentence.index) in seen:
                continue
            seen.add((info.id, sentence.index))
            article, sentences = self.retriever.article(info.id)
            if info.id not in words:  # once per article, not once per sentence of it
                words[info.id] = frozenset(re.findall(r"\w+", f"{info.title} {article.text}".lower()))
            near = sentences[max(0, sentence.index - NEARBY):sentence.index + NEARBY + 1]
            others.append(_Other(info, sentence, "\n".join([info.title, *(s.text for s in near)]), words[info.id]))
        return others

    def _conflict(self, index: int, sentence: AnswerSentence, cited: list[Citation], others: list[_Other],
                  what: Asked, known: frozenset[str], question: str) -> Conflict | None:
        """Other articles' values for the asked fact that agree with none of the answer's, if any do.

        A value counting what the question and the answer's value count, and nothing else (`values.counts`:
        the dead, for a death toll) in a sentence about the question's subject is a rival however its sentence is
        worded: "At least 42 refugees have been killed" against "The death toll … has risen to 46". A
        value counting something else is none ("80 refugees were rescued"). Otherwise, of the values
        another sentence holds, the one compared is the one whose neighbouring words share most with the
        answer value's and the question's, and it must share at least one: "sent four boats" is no rival
        to "Pell, 44," for "How old is Dana Pell?" however alike the two sentences' names make them. It
        is a rival value when its sentence reads like the cited one and answers the question about as well.
        Asked a person's age that the cited sentence gives them, only another sentence giving that
        person an age (`values.age_of`) is compared, however it is worded ("… is understood to have
        been 43"); every person of a story has an age, and most of its figures are none. Asked what
        someone is called, a name the same verb gives, in a sentence about the question's subject, is a
        rival however its sentence is worded ("born as Adrian Elms" against "born with the birth name Adrian
        Russell Ajao"); another naming is none ("took his stepfather's name Ajao", "born in Kent")."""
        kind = what.kind
        stated = values(sentence.text, kind, known)
        own = next(((c, w) for c in cited for w in values(c.sentence.text, kind, known)
                    if any(w.agrees(v) for v in stated)), None)
        if own is None:
            return None
        citation, claimed = own
        role = named_by(citation.sentence.text, claimed) if kind in NAME_KINDS else ""
        if kind in NAME_KINDS and not role:
            return None  # the name is who acted ("Mrs Ajao said"), not what someone is called
        asked_about = content_terms(question)
        about = context(citation.sentence.text, claimed) | asked_about
        ages = bool(AGE_ASKED.search(question))
        asked_counts = counts(asked_about)  # the sentences are parsed only when the question counts something
        counted = asked_counts & counted_by(citation.sentence.text, claimed) if asked_counts else set()
        person = _aged(citation.sentence.text, claimed, known) if ages else frozenset()
        differing, counting = [], []
        for other in others + [_Other(c.article, c.sentence, "", frozenset()) for c in cited if c is not citation]:
            if person:  # only another age for the same person is a rival: "sent four boats" is none
                age = age_of(other.sentence.text, person)
                if age and not age.agrees(claimed):
                    counting.append((age, Source(other.article, other.sentence, age.text)))
                continue
            comparable = [v for v in values(other.sentence.text, kind, known) if _kind(v, ages) == _kind(claimed, ages)
                          and (not role or named_by(other.sentence.text, v) == role)]
            if not comparable or any(v.agrees(claimed) for v in comparable):
                continue
            # the same thing, whatever the wording: a name the same verb gives, a count of what the answer counts
            what_each = [counted_by(other.sentence.text, v) for v in comparable] if counted and not role else []
            same = comparable if role else [v for v, c in zip(comparable, what_each) if c == counted]
            if same and _about(asked_about, known, f"{other.context} {other.sentence.text}", other.words):
                counting.append((same[0], Source(other.article, other.sentence, same[0].text)))
                continue
            if role or counts_only_others(what_each, counted):
                continue  # a naming off the subject, or every value counts something else
            shared, rival = max((len(about & _around_value(other.sentence.text, v, kind, known)), i)
                                for i, v in enumerate(comparable))
            if shared:
                differing.append((other, comparable[rival]))
        differing = differing[:self.settings.sources_compared]
        frame, fit = self._closeness(citation.sentence.text, sentence.text, [o.sentence.text for o, _ in differing],
                                     kind, known, question)
        found = [(value, Source(other.article, other.sentence, value.text)) for (other, value), close, answers
                 in zip(differing, frame, fit)
                 if close >= self.settings.same_frame
                 or (close >= self.settings.same_subject and answers >= self.settings.answers_as_well)] + counting
        if not found:
            return None
        return Conflict(index, kind, _one_per_value([(claimed, Source(citation.article, citation.sentence, claimed.text)),
                                                     *found]))

    def _corroboration(self, index: int, sentence: AnswerSentence, cited: list[Citation], others: list[_Other],
                       kind: str, known: frozenset[str], question: str, naming: bool) -> Corroboration:
        """The cited articles and every other article stating the same fact, copies folded.

        Another sentence states it when it gives the answer's value of the asked kind (the age, the
        toll, the name) and its paragraph or title is about the question's subject (half its content
        words), or names one of its names in an article that names them all ("How old was Khalid
        Masood …" is answered by "Masood, 52, …" in a Westminster attack story); a name or a place,
        specific as it is, also where the article as a whole holds half the question's nouns and names
        ("en route to Sudan" in a story of the boat that never names the strait). Or, for any answer,
        when it holds all the answer's hard facts and reads like the cited sentence with values blanked.
        Asked what someone is called, only a name the same verb gives states it ("born Adrian Russell
        Ajao"; not "Mrs Ajao said", nor "also known as Adrian Russell Ajao during his childhood"); asked
        how many were held, only a count of those held ("holding two people", not "his two marriages"
        nor "Two more arrests")."""
        source_text = " ".join(c.sentence.text for c in cited)
        facts = stated_in(extract_facts(sentence.text), source_text, "", self.name_similarity)
        hard, named = Facts(numbers=facts.numbers, months=facts.months), Facts(names=facts.names)
        in_cited = [(c.sentence.text, w) for c in cited for w in values(c.sentence.text, kind, known)]
        answered = [v for v in values(sentence.text, kind, known) if any(v.agrees(w) for _, w in in_cited)]
        role = next((named_by(t, w) for t, w in in_cited if any(w.agrees(a) for a in answered)), "") if naming else ""
        subject = content_terms(question)
        topic = content_terms(" ".join(subject_words(question))) if kind in NAME_KINDS else set()
        asked_counts = counts(subject) if kind == "number" and not AGE_ASKED.search(question) else set()

        def gives(text: str, value: Value, answer: Value) -> bool:
            """The answer's value, given as the same thing: by the same verb, counting what the question counts."""
            return value.agrees(answer) and (not role or named_by(text, value) == role) and (
                not asked_counts or bool(counted_by(text, value) & asked_counts))

        stating, alike = [], []
        for other in others:
            around = f"{other.context} {other.sentence.text}"
            lowered = around.lower()
            given = values(other.sentence.text, kind, known) if answered else []
            agreed = [a for a in answered if any(gives(other.sentence.text, v, a) for v in given)]
            if agreed and (_about(subject, known, around, other.words)
                           or overlap_share(topic, content_terms(" ".join(other.words)), empty=0.0) >= SUBJECT_SHARE):
                stating.append((len(agreed), other))
            elif (not role and stated_in(hard, other.sentence.text, "", self.name_similarity) == hard
                  and (not named.names or any(name in lowered for name in named.names))  # cheap check first
                  and stated_in(named, around, "", self.name_similarity).names == named.names):
                alike.append(other)
        alike = alike[:self.settings.sources_compared]
        bar = self.settings.same_claim if facts.count else self.settings.same_subject
        frame, _ = self._closeness(cited[0].sentence.text, sentence.text, [o.sentence.text for o in alike], "", frozenset())
        # An article's sentence holding more of the answer's values is shown: folding keeps an article's first.
        shown = [o for _, o in sorted(stating, key=lambda found: found[0], reverse=True)]
        shown += [o for o, close in zip(alike, frame) if close >= bar]
        return Corroboration(index, self._fold([Source(c.article, c.sentence) for c in cited]
                                               + [Source(o.article, o.sentence) for o in shown]))

    def _closeness(self, cited: str, answer: str, texts: list[str], kind: str, known: frozenset[str],
                   question: str = "") -> tuple[np.ndarray, np.ndarray]:
        """Cosine of each text to the cited or the answer sentence (the closer), values blanked; and,
        given a question, each text's fit to it relative to the cited sentence's."""
        if not texts:
            return np.zeros(0), np.zeros(0)
        blank = [_blanked(t, kind, known) for t in (cited, answer, *texts)]
        vectors = self.embedder.encode(blank + ([question] if question else []))
        frame = np.maximum(vectors[2:len(blank)] @ vectors[0], vectors[2:len(blank)] @ vectors[1])
        if not question:
            return frame, np.ones(len(texts))
        fit = vectors[:len(blank)] @ vectors[-1]
        return frame, fit[2:] / max(fit[0], 1e-6)

    def _fold(self, sources: list[Source]) -> list[Source]:
        """One source per story: a wire copy (same sentence word for word, or most of the article) joins the first."""
        folded: list[Source] = []
        said: list[set[str]] = []  # each kept source's content words
        for source in sources:
            if any(kept.article.id == source.article.id for kept in folded):
                continue  # another sentence of an article already counted: no copy of itself
            words = content_terms(source.sentence.text)
            home = next((i for i, kept in enumerate(folded)
                         if words == said[i] or self._copies(kept.article.id, source.article.id)), None)
            if home is None:
                folded.append(source)
                said.append(words)
            else:
                kept = folded[home]
                folded[home] = Source(kept.article, kept.sentence, kept.value, (*kept.copies, source.article))
        return folded

    def _copies(self, first: str, second: str) -> bool:
        texts = [self.retriever.article(i)[0].text for i in (first, second)]
        return jaccard(*texts) >= self.settings.copy_similarity

    def _newest_wins(self, answer: Answer, index: int, conflict: Conflict) -> Citation | None:
        """For a question about the latest: the answer sentence becomes the newest value's sentence, quoted,
        when the verifier's rules pass it as an answer to the question (else the answer stays as it was)."""
        newest = conflict.values[0]
        article, sentences = self.retriever.article(newest.article.id)
        candidate = Candidate(newest.article, newest.sentence, find_speaker(article.text, newest.sentence, sentences))
        judged, citations = self.verifier.attribute(newest.sentence.text, [candidate], {article.id: article.text},
                                                    answer.question)
        if len(judged) != 1 or not judged[0].verified:
            return None
        answer.sentences[index] = replace(judged[0], citations=[0])
        answer.citations.insert(0, replace(citations[0], number=0))
        answer.renumber_citations()
        answer.articles = {c.article.id: answer.articles.get(c.article.id) or self.retriever.article(c.article.id)[0]
                           for c in answer.citations}
        answer.notice = " ".join(n for n in (answer.notice, prompts.NEWER_VALUE) if n)
        conflict.values[1:] = [Source(v.article, v.sentence, v.value, v.copies, superseded=True) for v in conflict.values[1:]]
        return answer.citation(answer.sentences[index].citations[0])


def _about(subject: set[str], names: frozenset[str], around: str, article: frozenset[str]) -> bool:
    """Whether a sentence is about the question's subject: its paragraph holds half the question's
    content words, or it names one of the question's names and its article names them all."""
    return (overlap_share(subject, content_terms(around), empty=1.0) >= SUBJECT_SHARE
            or bool(names) and names <= article and bool(names & set(re.findall(r"\w+", around.lower()))))


def _kind(value: Value, ages: bool) -> str:
    """What a value is, as compared: asked an age, "nine years old" and a bare "12" are both ages."""
    return "count" if ages and value.key[0] == "age" else value.key[0]


def _without_repeats(answer: Answer) -> None:
    """Once the newest value has won, two answer sentences may have become the one sentence that
    states it ("… revised to 12" for both "as young as nine" sentences): it is given once, with its
    conflicts' values together and the first sentence's corroboration."""
    first = {}
    for index, sentence in enumerate(answer.sentences):
        first.setdefault(sentence.text, index)
    if len(first) == len(answer.sentences):
        return
    kept = sorted(first.values())
    moved = {old: kept.index(first[sentence.text]) for old, sentence in enumerate(answer.sentences)}
    answer.sentences = [answer.sentences[i] for i in kept]
    merged: dict[int, Conflict] = {}
    for conflict in answer.conflicts:
        index = moved[conflict.sentence]
        if index not in merged:
            merged[index] = Conflict(index, conflict.kind, list(conflict.values))
            continue
        given = {v.value.lower() for v in merged[index].values}
        merged[index].values += [v for v in conflict.values if v.value.lower() not in given]
    answer.conflicts = list(merged.values())
    answer.corroboration = [Corroboration(moved[c.sentence], c.sources) for c in answer.corroboration
                            if c.sentence in kept]
    answer.renumber_citations()


def _aged(text: str, value: Value, known: frozenset[str]) -> frozenset[str]:
    """Asked a person's age: the question's names the cited sentence gives that age to ("How old was
    Aysha Frade …" → {"aysha", "frade"} for "teacher Aysha Frade, 44,"), else none."""
    person = frozenset(w for w in known if w in text.lower())
    age = age_of(text, person) if person else None
    return person if age and age.agrees(value) else frozenset()


def _around_value(text: str, value: Value, kind: str, known: frozenset[str]) -> set[str]:
    """The words that say what a value counts: its whole sentence when it is the only value there ("The
    death toll … has risen to 46"), else its neighbours ("500g of marijuana, or 10g of cocaine")."""
    return content_terms(text) if len(values(text, kind, known)) == 1 else context(text, value)


def _said(sentence: AnswerSentence, cited: list[Citation]) -> str:
    """What other articles are searched with: the answer sentence and the sentences it cites (a
    short answer, "46", says too little to find the other articles' sentences on its own)."""
    return " ".join([sentence.text, *(c.sentence.text for c in cited if c.sentence.text not in sentence.text)])


def _one_per_value(found: list[tuple[Value, Source]]) -> list[Source]:
    """Each distinct value once, from its newest source, newest first."""
    ordered = {a.id: i for i, a in enumerate(newest_first([source.article for _, source in found]))}
    kept: list[tuple[Value, Source]] = []
    for value, source in sorted(found, key=lambda pair: ordered[pair[1].article.id]):
        if not any(value.agrees(k) for k, _ in kept):
            kept.append((value, source))
    return [source for _, source in kept]


def _blanked(text: str, kind: str, known: frozenset[str]) -> str:
    """Numbers and dates blanked (and, for a who/where question, the names): what the values are about."""
    text = masked(masked(text, "number"), "date")
    return masked(text, kind, known) if kind in NAME_KINDS else text
