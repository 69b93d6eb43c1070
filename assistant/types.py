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
        """The line of the text that holds the sentence: a line is a paragraph in scraped news."""
        start = self.text.rfind("\n", 0, sentence.start) + 1
        end = self.text.find("\n", sentence.end)
        return self.text[start:end if end >= 0 else len(self.text)]

    @property
    def content_hash(self) -> str:
        """Changes whenever text or metadata change, so re-ingest knows what to replace."""
        i = self.info
        payload = "\x1f".join([i.title, i.publisher, i.date, i.url, self.text])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to some publishers and/or a publication date range (ISO dates)."""

    publishers: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""

    @property
    def empty(self) -> bool:
        return not (self.publishers or self.date_from or self.date_to)

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

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def citation(self, number: int) -> Citation:
        return next(c for c in self.citations if c.number == number)


@dataclass(frozen=True)
class Retrieval:
    """Evidence for a question, and where the time went (seconds)."""

    evidence: list[Evidence]
    timings: dict[str, float] = field(default_factory=dict)
    notice: str = ""  # e.g. that a date filter leaves undated articles out


@dataclass(frozen=True)
class StreamEvent:
    """What `Newsdesk.stream` yields: evidence first, then answer text pieces, then the Answer."""

    kind: str  # "evidence" | "token" | "answer"
    evidence: tuple[Evidence, ...] = ()
    token: str = ""
    answer: Answer | None = None
