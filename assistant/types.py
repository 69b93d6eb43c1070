"""The data that crosses module lines: articles, their sentences, chunks, evidence and answers.

Offsets are character offsets into the *cleaned* article text (`Article.text`), so
`article.text[s.start:s.end] == s.text` always holds and a citation can point at one sentence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from assistant.errors import QuestionError


@dataclass(frozen=True)
class ArticleInfo:
    """What a reader needs to recognise an article: everything but its text."""

    id: str
    title: str
    publisher: str = ""
    date: str = ""  # ISO yyyy-mm-dd, or "" when unknown
    url: str = ""


@dataclass(frozen=True)
class Article:
    info: ArticleInfo
    text: str  # cleaned body text; sentence offsets refer to it
    source: str = ""  # where it came from (a file's path, a feed row's URL): another source may not take its id

    @property
    def id(self) -> str:
        return self.info.id

    def paragraph(self, sentence: Sentence) -> str:
        return paragraph(self.text, sentence)

    @property
    def content_hash(self) -> str:
        """Changes whenever text or metadata change, so re-ingest knows what to replace."""
        i = self.info
        payload = "\x1f".join([i.title, i.publisher, i.date, i.url, self.text])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to some publishers, a publication date range (ISO dates) and/or the articles naming an entity."""

    publishers: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    entity: str = ""  # an entity's name as `Newsdesk.entities` lists it
    articles: tuple[str, ...] = ()  # the ids the entity filter leaves, filled in by `Newsdesk` from the entity index

    @property
    def empty(self) -> bool:
        return not (self.publishers or self.date_from or self.date_to or self.entity)

    def check(self) -> None:
        """Both dates must be real yyyy-mm-dd dates; a message says which one is not."""
        numbers = [self.date_number(value) for value in (self.date_from, self.date_to) if value]
        if len(numbers) == 2 and numbers[0] > numbers[1]:
            raise QuestionError(f"The 'from' date {self.date_from} is after the 'to' date {self.date_to}.")

    @staticmethod
    def date_number(iso: str) -> int:
        """yyyy-mm-dd (strictly: Python also reads week dates like 2023-W01-1) as the number yyyymmdd."""
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
                return int(date.fromisoformat(iso).strftime("%Y%m%d"))
        except ValueError:
            pass
        raise QuestionError(f"The filter date {iso!r} is not a date; write it as yyyy-mm-dd.")


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int  # position of the sentence in its article
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A name in an article (`entities/`): where it stands, what the recogniser took it for, whom it names."""

    article_id: str
    sentence: int  # index of the sentence it stands in
    start: int  # character offsets into the article text
    end: int
    text: str  # as written, without a leading "the" or a possessive
    kind: str  # person, organisation, place, date, money; or title: a title the text gives a person
    entity: str = ""  # the name it resolves to: a full name it shortens, or its own text (a title: the person)
    why: str = ""  # why it resolves to another name ("surname of Alikhan Smailov in this article"); "" for its own


@dataclass(frozen=True)
class Alias:
    """Another way the articles name an entity: a surname, initials, a title."""

    text: str
    why: str
    articles: int  # how many articles give it


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place of the archive, counted over the articles that name it."""

    name: str
    kind: str
    articles: int
    outlets: int
    mentions: int
    first: str = ""  # ISO date of the earliest dated article naming it
    last: str = ""
    aliases: tuple[Alias, ...] = ()


@dataclass(frozen=True)
class Mentioned:
    """A mention with the article and sentence it stands in: what an entity's panel entry lists."""

    article: ArticleInfo
    sentence: Sentence
    mention: Mention


@dataclass(frozen=True)
class Chunk:
    """A run of consecutive sentences, small enough for the embedder to read whole."""

    id: str
    article_id: str
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Evidence:
    """One retrieved sentence with the neighbours shown around it."""

    article: ArticleInfo
    sentence: Sentence
    score: float
    context: tuple[Sentence, ...] = ()  # the sentence and its neighbours, in article order


@dataclass(frozen=True)
class Citation:
    number: int
    article: ArticleInfo
    sentence: Sentence
    speaker: str = ""  # who is quoted in the sentence, when the article says


@dataclass
class AnswerSentence:
    text: str
    citations: list[int] = field(default_factory=list)  # Citation numbers
    verified: bool = False
    score: float = 0.0
    reason: str = ""  # why verification failed, for the reader and the eval
    rule: str = ""  # the verification rule that failed it (`assistant/verify/rules.py`)


@dataclass(frozen=True)
class Source:
    """Another article's sentence set beside an answer sentence: one that states the same fact, or another value."""

    article: ArticleInfo
    sentence: Sentence
    value: str = ""  # the value as the article writes it ("45", "March 20"), in a conflict
    copies: tuple[ArticleInfo, ...] = ()  # wire copies and near-duplicates of this article, counted once with it
    superseded: bool = False  # an older value, when the question asks for the latest


@dataclass
class Corroboration:
    """Every article that states an answer sentence's fact, the cited ones first; copies folded into one."""

    sentence: int  # index into `Answer.sentences`
    sources: list[Source]

    @property
    def articles(self) -> int:
        return len(self.sources)

    @property
    def publishers(self) -> int:
        return len({s.article.publisher or s.article.id for s in self.sources})

    @property
    def copies(self) -> int:
        return sum(len(s.copies) for s in self.sources)


@dataclass
class Conflict:
    """Articles that give different values for the asked fact: each value with its source, newest first."""

    sentence: int  # index into `Answer.sentences`: the sentence whose value is disputed
    kind: str  # what was asked: number, year, day, date, name, place
    values: list[Source]  # one per distinct value; the answer's own among them


@dataclass
class Answer:
    question: str
    sentences: list[AnswerSentence]
    citations: list[Citation]
    evidence: list[Evidence]
    refused: bool = False
    mode: str = "llm"  # "llm", "quotes" (model unavailable: top evidence shown), or "refusal"
    notice: str = ""  # e.g. why the model was not used
    rejected: list[AnswerSentence] = field(default_factory=list)  # removed by verification
    closest: list[ArticleInfo] = field(default_factory=list)  # shown with a refusal
    articles: dict[str, Article] = field(default_factory=dict)  # every cited article, whole, by id
    timings: dict[str, float] = field(default_factory=dict)
    usage: dict[str, int] = field(default_factory=dict)
    corroboration: list[Corroboration] = field(default_factory=list)  # one per verified answer sentence
    conflicts: list[Conflict] = field(default_factory=list)
    as_of: list[ArticleInfo] = field(default_factory=list)  # the cited articles, newest first

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def as_of_text(self) -> str:
        """ "as of 20 March 2023 (Kallanish)": the evidence's dates, newest first; undated articles say so."""
        parts = [f"as of {readable_date(a.date)}" if a.date else "undated" for a in self.as_of]
        named = [f"{part} ({a.publisher or a.title or a.id})" for part, a in zip(parts, self.as_of)]
        return "; ".join(dict.fromkeys(named))

    def citation(self, number: int) -> Citation:
        return next(c for c in self.citations if c.number == number)

    def renumber_citations(self) -> None:
        """Keep the citations the sentences use, numbered 1, 2, … in their old order."""
        used = sorted({n for s in self.sentences for n in s.citations})
        renumber = {old: new for new, old in enumerate(used, start=1)}
        for sentence in self.sentences:
            sentence.citations = [renumber[n] for n in sentence.citations]
        self.citations = [Citation(renumber[c.number], c.article, c.sentence, c.speaker)
                          for c in self.citations if c.number in renumber]


def readable_date(iso: str) -> str:
    """ "2023-03-20" as "20 March 2023"."""
    return date.fromisoformat(iso).strftime("%-d %B %Y")


def newest_first(articles: list[ArticleInfo]) -> list[ArticleInfo]:
    """Dated articles newest first, then undated ones, each group in the given order."""
    return sorted(articles, key=lambda a: (not a.date, -int(a.date.replace("-", "")) if a.date else 0))


@dataclass(frozen=True)
class Retrieval:
    """Evidence for a question, and where the time went (seconds)."""

    evidence: list[Evidence]
    timings: dict[str, float] = field(default_factory=dict)
    notice: str = ""  # e.g. that a date filter leaves undated articles out
    reserve: list[Evidence] = field(default_factory=list)  # ranked next, not shown: for a retry after a decline
    articles: list[ArticleInfo] = field(default_factory=list)  # of the chunks found, nearest first: listed with a refusal


@dataclass(frozen=True)
class StreamEvent:
    """What `Newsdesk.stream` yields: evidence first, then answer text pieces, then the Answer."""

    kind: str  # "evidence" | "token" | "answer"
    evidence: tuple[Evidence, ...] = ()
    token: str = ""
    answer: Answer | None = None


def paragraph(text: str, sentence: Sentence) -> str:
    """The line of the text that holds the sentence: a line is a paragraph in scraped news."""
    start = text.rfind("\n", 0, sentence.start) + 1
    end = text.find("\n", sentence.end)
    return text[start:end if end >= 0 else len(text)]
