"""The assistant: a question in, evidence out at once, then a verified, cited `Answer`.

    with Newsdesk() as desk:
        answer = desk.ask("How much does Svevind plan to invest in Kazakhstan?")

Path of a question: validate → retrieve evidence → gate (refuse without calling the model when
evidence is weak) → prompt → model (streamed) → align and verify each sentence
(`citations.py`) → Answer. When the model is unreachable, or its answer fails verification
while the evidence is strong, the best evidence sentences are shown as a quoted answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from assistant import prompts
from assistant.citations import Attributor, Candidate, find_speaker
from assistant.config import Settings
from assistant.embed import MiniLMEmbedding
from assistant.index import ArticleStore, SyncReport
from assistant.ingest import LoadResult, load_articles
from assistant.llm import Completion, EmbeddedLLM, LLMClient, LLMError
from assistant.retrieve import Retriever
from assistant.types import Answer, AnswerSentence, Citation, Evidence, Filters, Sentence, StreamEvent

INJECTION = re.compile(prompts.INJECTION, re.IGNORECASE)
DECLINE = re.compile(
    r"\b(?:do(?:es)?n[’']?t|do(?:es)? not|did not|didn[’']?t)\s+(?:say|mention|provide|specify|contain|include|state|give|"
    r"discuss|report)|\bno (?:information|mention|details?)\b|\bnot (?:mentioned|provided|specified|stated|available|"
    r"given|reported)\b|\bcannot (?:find|answer|determine)\b|\bunable to\b", re.IGNORECASE)


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long); the message says why."""


class EmptyCorpusError(RuntimeError):
    """No article has been ingested yet."""


class Newsdesk:
    """Owns the store, the retriever and the model connection. Use as a context manager."""

    def __init__(self, settings: Settings | None = None, llm: LLMClient | None = None):
        """`llm` shares an already running model client (e.g. one embedded server for many stores)."""
        self.settings = settings or Settings.from_env()
        self.embedder = MiniLMEmbedding(threads=self.settings.embed_threads)
        self.store = ArticleStore(self.settings, self.embedder)
        self.retriever = Retriever(self.store, self.embedder, self.settings)
        self.attributor = Attributor(self.embedder, self.settings.support_threshold)
        self._exit = ExitStack()
        self._llm = llm

    def __enter__(self) -> "Newsdesk":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the embedded model server, if this object started one."""
        self._exit.close()
        self._llm = None

    @property
    def llm(self) -> LLMClient:
        """The model client; the embedded server starts on first use when no URL is configured."""
        if self._llm is None:
            base_url = self.settings.llm_base_url or self._exit.enter_context(EmbeddedLLM(self.settings))
            self._llm = LLMClient(base_url, self.settings)
        return self._llm

    # -- corpus --------------------------------------------------------------------------

    def ingest(self, paths: list[Path], prune: bool = False, progress: bool = True) -> tuple[LoadResult, SyncReport]:
        loaded = load_articles(paths)
        report = self.store.sync(loaded.articles, prune=prune, progress=progress)
        self.retriever.refresh()
        return loaded, report

    def remove(self, article_ids: list[str]) -> list[str]:
        removed = self.store.remove(article_ids)
        self.retriever.refresh()
        return removed

    # -- questions -----------------------------------------------------------------------

    def ask(self, question: str, filters: Filters | None = None, history: list[tuple[str, str]] | None = None) -> Answer:
        for event in self.stream(question, filters, history):
            if event.answer is not None:
                return event.answer
        raise AssertionError("stream ended without an answer")

    def stream(self, question: str, filters: Filters | None = None,
               history: list[tuple[str, str]] | None = None) -> Iterator[StreamEvent]:
        """Yield the evidence as soon as it is found, then answer text as it is written, then the Answer."""
        question = self._check(question)
        _check_dates(filters)
        started = time.perf_counter()
        query = prompts.FOLLOW_UP_QUERY.format(previous=history[-1][0], question=question) if history else question
        evidence = self.retriever.retrieve(query, filters)
        timings = {"retrieve": time.perf_counter() - started}
        yield StreamEvent("evidence", evidence=tuple(evidence))

        if not evidence or evidence[0].score < self.settings.min_relevance:
            yield StreamEvent("answer", answer=self._refusal(question, evidence, timings, query))
            return

        candidates, prompt = self._prompt(question, evidence)
        messages = [{"role": "system", "content": prompts.SYSTEM_PROMPT}]
        for previous_question, previous_answer in (history or [])[-1:]:
            messages += [{"role": "user", "content": previous_question},
                         {"role": "assistant", "content": previous_answer}]
        messages.append({"role": "user", "content": prompt})
        completion = Completion()
        try:
            for piece in self.llm.stream(messages, completion):
                timings.setdefault("first_token", time.perf_counter() - started)
                yield StreamEvent("token", token=piece)
        except LLMError as exc:
            timings["total"] = time.perf_counter() - started
            notices = (prompts.QUOTES_MODEL_DOWN.format(reason=exc), prompts.MODEL_NOT_USED.format(reason=exc))
            yield StreamEvent("answer", answer=self._quotes_or_refusal(question, evidence, timings, *notices))
            return
        timings["generate"] = time.perf_counter() - started - timings["retrieve"]
        answer = self._verified(question, completion, candidates, evidence, timings, query)
        answer.timings["total"] = time.perf_counter() - started
        yield StreamEvent("answer", answer=answer)

    # -- steps ---------------------------------------------------------------------------

    def _check(self, question: str) -> str:
        question = (question or "").strip()
        if not question:
            raise QuestionError("Please type a question.")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(f"The question is {len(question):,} characters long; please keep it under "
                                f"{self.settings.max_question_chars:,}.")
        if self.store.count() == 0:
            raise EmptyCorpusError("The corpus is empty: add articles first (`newsdesk ingest PATH`).")
        return question

    def _prompt(self, question: str, evidence: list[Evidence]) -> tuple[list[Candidate], str]:
        """The evidence sentences and their neighbours as plain paragraphs, grouped by article in text order.

        Plain prose, not numbered lines: the 1.5B model declined 11 of 36 answerable golden
        questions when shown numbered lines and asked for [n] markers, and none when shown prose.
        Attribution does not need its markers. Gaps between excerpts are marked with "…".
        """
        by_article: dict[str, dict[int, Sentence]] = {}
        infos = {}
        for item in evidence:
            infos[item.article.id] = item.article
            for sentence in item.context:
                by_article.setdefault(item.article.id, {})[sentence.index] = sentence
        candidates: list[Candidate] = []
        blocks = []
        for article_id, sentences in by_article.items():
            info = infos[article_id]
            article, all_sentences = self.retriever.article(article_id)
            paragraphs: list[str] = []
            previous = None
            for index in sorted(sentences):
                sentence = sentences[index]
                if INJECTION.search(sentence.text):
                    previous = None
                    continue
                speaker = find_speaker(article.text, sentence, all_sentences)
                if previous and previous.index == index - 1:
                    same_paragraph = "\n" not in article.text[previous.end:sentence.start]
                    paragraphs[-1] += (" " if same_paragraph else "\n") + _said(speaker, same_paragraph) + _data(sentence.text)
                else:
                    paragraphs.append(_said(speaker, False) + _data(sentence.text))
                candidates.append(Candidate(info, sentence, speaker))
                previous = sentence
            blocks.append(prompts.ARTICLE_BLOCK.format(
                title=_attribute(info.title), publisher=_attribute(info.publisher) or "unknown",
                date=info.date or "unknown", text=prompts.GAP.join(paragraphs)))
        return candidates, prompts.USER_PROMPT.format(articles="\n".join(blocks), question=_data(question))

    def _verified(self, question, completion: Completion, candidates, evidence, timings, query) -> Answer:
        started = time.perf_counter()
        text = completion.text.strip()
        usage = completion.usage
        if not text or prompts.NOT_FOUND_MARKER in text or _all_declines(text):
            answer = self._refusal(question, evidence, timings, query)
            answer.usage = usage
            return answer
        articles = {c.article.id: self.retriever.article(c.article.id)[0].text for c in candidates}
        sentences, citations = self.attributor.attribute(text, candidates, articles, question)
        sentences = [s for s in sentences if not DECLINE.search(s.text)]
        kept = [s for s in sentences if s.verified or self.settings.unverified == "mark"]
        rejected = [s for s in sentences if not s.verified]
        timings["verify"] = time.perf_counter() - started
        if not any(s.verified for s in kept):
            answer = self._quotes_or_refusal(question, evidence, timings, prompts.QUOTES_UNVERIFIED, "")
            answer.rejected, answer.usage = rejected, usage
            return answer
        used = sorted({n for s in kept for n in s.citations})
        renumber = {old: new for new, old in enumerate(used, start=1)}
        for s in kept:
            s.citations = [renumber[n] for n in s.citations]
        cited = [Citation(renumber[c.number], c.article, c.sentence, c.speaker) for c in citations if c.number in renumber]
        return Answer(question, kept, cited, evidence, rejected=rejected, timings=timings, usage=usage)

    def _refusal(self, question, evidence, timings, query, notice: str = "") -> Answer:
        closest = self.store.closest_articles(self.retriever.query_vector(query))
        return Answer(question, [AnswerSentence(prompts.REFUSAL_TEXT, verified=True)], [], evidence,
                      refused=True, mode="refusal", notice=notice, closest=closest, timings=timings)

    def _quotes_or_refusal(self, question, evidence, timings, quotes_notice: str, refusal_notice: str) -> Answer:
        """The best evidence quoted as it stands when it is strong; otherwise the refusal."""
        strong = [e for e in evidence if e.score >= self.settings.strong_evidence][:3]
        if not strong:
            return self._refusal(question, evidence, timings, question, refusal_notice)
        citations = [Citation(i, e.article, e.sentence) for i, e in enumerate(strong, start=1)]
        sentences = [AnswerSentence(e.sentence.text, [i], verified=True, score=e.score)
                     for i, e in enumerate(strong, start=1)]
        return Answer(question, sentences, citations, evidence, mode="quotes", notice=quotes_notice, timings=timings)


def _data(text: str) -> str:
    """Article text as inert data: it cannot open or close the prompt's own tags."""
    return text.replace("<", "‹").replace(">", "›")


def _said(speaker: str, same_paragraph: bool) -> str:
    """A speaker tag at the start of a quoted paragraph, so "who said" questions get the right person."""
    return f"({_data(speaker)} speaking) " if speaker and not same_paragraph else ""


def _attribute(text: str) -> str:
    return _data(text).replace('"', "'")


def _check_dates(filters: Filters | None) -> None:
    for value in (filters.date_from, filters.date_to) if filters else ():
        try:
            if value:
                date.fromisoformat(value)
        except ValueError:
            raise QuestionError(f"The filter date {value!r} is not a date; write it as yyyy-mm-dd.") from None


def _all_declines(text: str) -> bool:
    pieces = [p for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
    return all(DECLINE.search(p) for p in pieces)
