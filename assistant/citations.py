"""Attribution by alignment, not by trust: which source sentences support each answer sentence.

The model is not asked for [n] markers (small models swap ids); any it writes are ignored. For
every answer sentence:
1. Facts are extracted: numbers with their scale ("$50 billion" = "50 billion dollars" = 5e10,
   "2m" = "2 million"), month names, and proper names.
2. Candidates are the sentences the model was shown. The best-matching one (embedding cosine,
   plus the facts it contains) is cited first; more are added, up to `MAX_CITATIONS`, while
   they cover facts still missing.
3. The sentence is verified when every fact occurs in its cited sentences (names may also
   match the quoted speaker, or differ by a spelling slip), at least half its content words do,
   a claimed speaker is the quote's speaker, and its cosine to the cited text (read alone or
   after the question) is at least `support_threshold`. The score is that cosine, or 0 when a
   fact is missing.
4. Quoted text must occur verbatim (quote style, case and spacing aside) in a cited article;
   otherwise its quotation marks are removed and the sentence says so in `reason`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from assistant.embed import MiniLMEmbedding
from assistant.ingest.split import split_sentences
from assistant.terms import content_terms
from assistant.types import AnswerSentence, ArticleInfo, Citation, Sentence

MAX_CITATIONS = 3
MIN_WORD_OVERLAP = 0.5  # share of the answer sentence's content words the cited sentences must contain
MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12}
NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:st|nd|rd|th)?\s?"
    r"(thousand|million|billion|trillion|mn|bn|tn|[kmb])?(?![a-z])", re.IGNORECASE)
NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
MONTHS = ("january february march april may june july august september october november december").split()
# Capitalised words that start sentences or name no one; never checked as names.
NOT_NAMES = frozenset("""a an the in on at it its this that these those he she they we i you his her their our
according after before during as by for from with yes no there both some also however while when since to of and
but or if so then each every all many most one two under over about what who which where why how not none
first second third new former president minister prime foreign chief deputy director mr mrs ms dr""".split())
QUOTE = re.compile(r"[\"“”]([^\"“”]{3,}?)[\"“”]")
SPEAKER_VERBS = r"(?:said|says|noted|added|told|stressed|explained|stated|emphasi[sz]ed|underscored|announced|warned|remarked)"
NAME = r"((?:[A-Z][\w’'\-]+\s){0,4}[A-Z][\w’'\-]+)"
ATTRIBUTION = [
    re.compile(rf"[\"”’],?\s+{NAME}\s+{SPEAKER_VERBS}"),
    re.compile(rf"[\"”’],?\s+{SPEAKER_VERBS}\s+{NAME}"),
    re.compile(rf"\b[Aa]ccording to {NAME}"),
]
CLAIMED_SPEAKER = re.compile(rf"{NAME}\s+{SPEAKER_VERBS}|[Aa]ccording to {NAME}")
WHO_SAID = re.compile(rf"\bwho\b.{{0,40}}\b(?:said|says|say|noted|added|told|stressed|stated|called|described|"
                      rf"emphasi[sz]ed|underscored|announced|warned|remarked|hailed)\b", re.IGNORECASE)
PRONOUN_ATTRIBUTION = re.compile(rf"[\"”’],?\s+(?:he|she|they)\s+{SPEAKER_VERBS}|[Aa]ccording to (?:him|her|them)\b")


@dataclass(frozen=True)
class Candidate:
    """A source sentence the model saw, with what is needed to judge support from it."""

    article: ArticleInfo
    sentence: Sentence
    speaker: str = ""


@dataclass
class Facts:
    numbers: set[float]
    months: set[str]
    names: set[str]

    @property
    def count(self) -> int:
        return len(self.numbers) + len(self.months) + len(self.names)


def extract_facts(text: str) -> Facts:
    return Facts(numbers=_numbers(text), months=_months(text), names=_names(text))


def split_answer(text: str) -> list[str]:
    """Answer sentences, without any [n] markers a model may add (they are not trusted)."""
    pieces = [MARKER.sub("", s.text).strip() for s in split_sentences("answer", text)]
    return [p for p in pieces if re.search(r"\w", p)]


class Attributor:
    def __init__(self, embedder: MiniLMEmbedding, support_threshold: float):
        self.embedder = embedder
        self.threshold = support_threshold

    def attribute(self, text: str, candidates: list[Candidate], articles: dict[str, str], question: str = ""
                  ) -> tuple[list[AnswerSentence], list[Citation]]:
        """Align answer text to candidates; `articles` maps article id → text for quote checks.

        When the question asks who said something, the names in each answer sentence are taken
        as the claimed speaker and checked against the speaker of the cited quote.
        """
        pieces = split_answer(text)
        if not pieces or not candidates:
            return [AnswerSentence(t, reason="no source to check against") for t in pieces], []
        asks_speaker = bool(WHO_SAID.search(question))
        n = len(pieces)
        vectors = self.embedder.encode([question] + pieces + [f"{question} {p}" for p in pieces]
                                       + [c.sentence.text for c in candidates])
        question_vec, vectors = vectors[0], vectors[1:]
        answer_vecs, asked_vecs, cand_vecs = vectors[:n], vectors[n:2 * n], vectors[2 * n:]
        quoted = _quote_asked_about(candidates, cand_vecs @ question_vec) if asks_speaker else None
        citations: dict[tuple[str, int], Citation] = {}
        out = []
        for sentence_text, vec, asked in zip(pieces, answer_vecs, asked_vecs):
            chosen, verified, score, reason = self._support(sentence_text, quoted, vec, asked, candidates, cand_vecs)
            sentence_text, quote_reason = check_quotes(sentence_text, [articles.get(c.article.id, "") for c in chosen])
            numbers = []
            for c in chosen:
                key = (c.article.id, c.sentence.index)
                if key not in citations:
                    citations[key] = Citation(len(citations) + 1, c.article, c.sentence, c.speaker)
                numbers.append(citations[key].number)
            out.append(AnswerSentence(sentence_text, numbers, verified, score, reason or quote_reason))
        return out, list(citations.values())

    def _support(self, text, quoted, vec, asked, candidates, cand_vecs):
        facts = extract_facts(text)
        cosine = cand_vecs @ vec
        coverage = [covered(facts, c) for c in candidates]
        total = max(facts.count, 1)
        rank = [cosine[i] + 0.15 * coverage[i].count / total for i in range(len(candidates))]
        best = int(np.argmax(rank))
        chosen = [best]
        missing = _minus(facts, coverage[best])
        while missing.count and len(chosen) < MAX_CITATIONS:
            gains = [(_intersect(missing, coverage[i]).count, cosine[i], i)
                     for i in range(len(candidates)) if i not in chosen]
            gain, _, pick = max(gains, default=(0, 0, -1))
            if gain == 0:
                break
            chosen.append(pick)
            missing = _minus(missing, coverage[pick])
        # A short answer ("Smailov.") carries its meaning with the question: judge both readings.
        cited_vecs = cand_vecs[chosen] if len(chosen) == 1 else self.embedder.encode(
            [" ".join(candidates[i].sentence.text for i in chosen)])
        support = float(max(cited_vecs[0] @ vec, cited_vecs[0] @ asked))
        chosen_candidates = [candidates[i] for i in sorted(chosen, key=lambda i: (candidates[i].article.id,
                                                                                   candidates[i].sentence.index))]
        if missing.count:
            return chosen_candidates, False, 0.0, f"not in the cited sentences: {_describe(missing)}"
        overlap = word_overlap(text, chosen_candidates)
        if overlap < MIN_WORD_OVERLAP:
            return chosen_candidates, False, support, f"only {overlap:.0%} of its words are in the cited sentences"
        if quoted is not None and quoted not in chosen_candidates:
            chosen_candidates.append(quoted)  # the quote the question asks about backs the answer
        if wrong := wrong_speaker(text, chosen_candidates, quoted):
            return chosen_candidates, False, 0.0, f"the article attributes this to {wrong}"
        if support < self.threshold:
            return chosen_candidates, False, support, "too far in meaning from the cited sentences"
        return chosen_candidates, True, support, ""


def covered(facts: Facts, candidate: Candidate) -> Facts:
    """The facts of an answer sentence that this candidate sentence (or its speaker) states."""
    text = candidate.sentence.text
    numbers = _numbers(text)
    months = _months(text)
    words = set(re.findall(r"[\w’'\-]+", f"{text} {candidate.speaker}".lower())) | _acronyms(text)
    return Facts(
        numbers={n for n in facts.numbers if any(abs(n - m) <= 1e-9 * max(abs(n), 1) for m in numbers)},
        months=facts.months & months,
        names={n for n in facts.names if any(_same_name(n, w) for w in words)},
    )


def word_overlap(text: str, cited: list[Candidate]) -> float:
    """Share of the sentence's content words (stemmed) found in the cited sentences or their speakers."""
    terms = content_terms(text)
    if not terms:
        return 1.0
    source = content_terms(" ".join(f"{c.sentence.text} {c.speaker}" for c in cited))
    return len(terms & source) / len(terms)


def _quote_asked_about(candidates: list[Candidate], similarity) -> Candidate | None:
    """For a "who said …" question: the attributed sentence closest to the question."""
    quoted = [i for i, c in enumerate(candidates) if c.speaker]
    return candidates[max(quoted, key=lambda i: similarity[i])] if quoted else None


def wrong_speaker(text: str, cited: list[Candidate], asked_quote: Candidate | None = None) -> str:
    """The real speaker, when the answer says someone said what the article puts in another mouth.

    `asked_quote`: the question asked who said this quote, so any name in the answer is the claim.
    """
    claimed = {w.lower() for m in CLAIMED_SPEAKER.finditer(text) for w in (m.group(1) or m.group(2)).split()}
    speakers = [c.speaker for c in cited if c.speaker]
    if asked_quote is not None:
        claimed |= _names(text)
        speakers = [asked_quote.speaker]
    if not claimed or not speakers:
        return ""
    for speaker in speakers:
        if any(_same_name(name, word.lower()) for name in claimed for word in speaker.split()):
            return ""
    return speakers[0]


def check_quotes(text: str, article_texts: list[str]) -> tuple[str, str]:
    """Keep quotation marks only around words a cited article really contains."""
    sources = [normalise_quote(t) for t in article_texts if t]
    reason = ""

    def replace(match: re.Match) -> str:
        nonlocal reason
        if quote_found(match.group(1), sources):
            return f"“{match.group(1)}”"
        reason = "a quotation was not found verbatim in the cited article, shown without quotation marks"
        return match.group(1)

    return QUOTE.sub(replace, text), reason


def quote_found(quoted: str, normalised_sources: list[str]) -> bool:
    """Whether the quoted words occur verbatim in one of the sources (already `normalise_quote`d)."""
    words = normalise_quote(quoted).strip(" .,;:")
    return any(words in source for source in normalised_sources)


def find_speaker(article_text: str, sentence: Sentence, sentences: list[Sentence]) -> str:
    """Who the article says is speaking in this sentence's paragraph ("…,” Smailov said)."""
    line_start = article_text.rfind("\n", 0, sentence.start) + 1
    line_end = article_text.find("\n", sentence.end)
    paragraph = article_text[line_start: line_end if line_end >= 0 else len(article_text)]
    if not re.search(r"[\"“”]|[Aa]ccording to", paragraph):
        return ""
    for pattern in ATTRIBUTION:
        if match := pattern.search(paragraph):
            return match.group(1)
    if PRONOUN_ATTRIBUTION.search(paragraph) and line_start > 0:  # "he added": the last named speaker
        earlier = [s for s in sentences if s.end <= line_start]
        if earlier:
            return find_speaker(article_text, earlier[-1], sentences)
    return ""


# -- fact helpers --------------------------------------------------------------------------------

def _numbers(text: str) -> set[float]:
    text = re.sub(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", lambda m: NUMBER_WORDS[m.group(1).lower()],
                  text, flags=re.IGNORECASE)
    values = set()
    for digits, scale in NUMBER.findall(text):
        value = float(digits.replace(",", ""))
        values.add(value * SCALES.get(scale.lower(), 1.0) if scale else value)
    return values


def _months(text: str) -> set[str]:
    lowered = text.lower()
    return {m for m in MONTHS if re.search(rf"\b{m[:3]}(?:{m[3:]}|\.)?\b", lowered)
            and not (m == "may" and not re.search(r"\bMay\b", text))}


def _names(text: str) -> set[str]:
    names = set()
    for i, match in enumerate(re.finditer(r"[A-Za-z][\w’'\-]*", text)):
        word = match.group().strip("’'-")
        lower = word.lower()
        if word[:1].isupper() and lower not in NOT_NAMES and lower not in MONTHS and not lower.endswith(("’s", "'s")):
            names.add(lower)
        elif word[:1].isupper() and lower.endswith(("’s", "'s")):
            names.add(lower[:-2])
    return names


def _acronyms(text: str) -> set[str]:
    """Initials of runs of capitalised words: "United Kingdom" gives "uk", "European Union" "eu"."""
    found = set()
    for run in re.finditer(r"[A-Z][a-z]+(?:\s+(?:of\s+|the\s+|and\s+|for\s+)*[A-Z][a-z]+)+", text):
        initials = "".join(w[0] for w in run.group().split() if w[0].isupper()).lower()
        found |= {initials[i:j] for i in range(len(initials)) for j in range(i + 2, len(initials) + 1)}
    return found


def _same_name(name: str, word: str) -> bool:
    """Equal, a longer or shorter form (Kazakh/Kazakhstan), or a one-letter spelling slip."""
    word = word.strip("’'-")
    if word.endswith(("’s", "'s")):
        word = word[:-2]
    if name == word:
        return True
    if min(len(name), len(word)) >= 4 and (name.startswith(word) or word.startswith(name)):
        return True
    return min(len(name), len(word)) >= 6 and SequenceMatcher(None, name, word).ratio() >= 0.88


def normalise_quote(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).lower()


def _minus(a: Facts, b: Facts) -> Facts:
    return Facts(a.numbers - b.numbers, a.months - b.months, a.names - b.names)


def _intersect(a: Facts, b: Facts) -> Facts:
    return Facts(a.numbers & b.numbers, a.months & b.months, a.names & b.names)


def _describe(facts: Facts) -> str:
    parts = [f"{n:,.0f}" if n == int(n) else f"{n:g}" for n in sorted(facts.numbers)] + sorted(facts.months) + sorted(facts.names)
    return ", ".join(parts)
