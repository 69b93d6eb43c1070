"""`Newsdesk`: the one front door. The page, the CLI, the evals and the bench use nothing else.

    with Newsdesk() as desk:
        desk.ingest([Path("corpus")])
        answer = desk.ask("How much does Svevind plan to invest in Kazakhstan?")

Path of a question: validate → retrieve evidence (`retrieve.py`, yielded at once) → answer
(`answer.py`: gate, prompt, model, verify) → `Answer`, which carries its cited articles whole.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from assistant import prompts
from assistant.answer import Answerer, Turn
from assistant.config import Settings, prepare_process
from assistant.embed import load_embedder
from assistant.entities.recognise import NAMES as ENTITY_KINDS
from assistant.errors import EmptyCorpusError, NotFoundError, QuestionError
from assistant.index import ArticleStore, SyncReport
from assistant.ingest import LoadResult, load_articles
from assistant.llm import MODEL_FILE, ChatModel, EmbeddedLLM, LLMClient, bundled_build, bundled_runtime
from assistant.retrieve import Retriever
from assistant.sources import Sources
from assistant.types import (
                              Answer,
                              AnswerSentence,
                              Article,
                              ArticleInfo,
                              Entity,
                              Filters,
                              Mention,
                              Mentioned,
                              Retrieval,
                              StreamEvent,
)
from assistant.verify import Candidate, Verifier
from assistant.verify.relevance import asked
from assistant.verify.speakers import find_speaker


class Newsdesk:
    """Owns the store, the retriever, the verifier and the model connection. Use as a context manager."""

    def __init__(self, settings: Settings | None = None, llm: ChatModel | None = None):
        """`llm` shares an already running model (e.g. `other.warm_up()`), or stands in for one in tests."""
        prepare_process()
        self.settings = settings or Settings.from_env()
        embedder = load_embedder(self.settings.ingest)
        self._store = ArticleStore(self.settings, embedder)
        self._retriever = Retriever(self._store, embedder, self.settings.retrieval)
        self._verifier = Verifier(embedder, self.settings.verification)
        sources = Sources(self.settings, self._retriever, embedder, self._verifier)
        self._answerer = Answerer(self.settings, self._retriever, self._verifier, sources, self.warm_up)
        self._exit = ExitStack()
        self._exit.callback(self._store.close)
        self._llm = llm

    def __enter__(self) -> Newsdesk:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the embedded model server, if this desk started one, and close the keyword index."""
        self._exit.close()
        self._llm = None

    def warm_up(self) -> ChatModel:
        """The model, started now if it is the bundled one and not yet running; raises `LLMError`."""
        if self._llm is None:
            llm = self.settings.llm
            base_url = llm.base_url or self._exit.enter_context(EmbeddedLLM(llm, self.settings.store.model_dir))
            self._llm = LLMClient(base_url, llm)
        return self._llm

    # -- corpus --------------------------------------------------------------------------

    def ingest(self, paths: list[Path], prune: bool = False, progress: bool = True,
               embed: bool = True) -> tuple[LoadResult, SyncReport]:
        """Read, clean, split and store, searchable by keyword at once; then (with `embed`) make the vectors of
        every article waiting for them, and read the names. Unchanged articles are skipped, changed ones replaced."""
        loaded = load_articles(paths, self.settings.ingest)
        report = self._store.sync(loaded, prune=prune, progress=progress)
        self._retriever.refresh()
        if embed:
            self._store.embed_waiting(progress, report)
        if self.settings.ingest.read_names:
            started = time.perf_counter()
            report.names = self.update_names(progress)
            report.names_seconds = time.perf_counter() - started
        return loaded, report

    def embed(self, progress: bool = True) -> int:
        """Make the vectors of every stored article waiting for them (resumable); returns how many got theirs."""
        return self._store.embed_waiting(progress)

    def vectors_waiting(self) -> int:
        """Stored articles searchable by keyword only: their vectors are not made yet."""
        return self._store.vectors_waiting()

    def update_names(self, progress: bool = True) -> int:
        """Read the names of the stored articles not read yet (resumable); returns how many were read."""
        return self._store.update_names(progress)

    def remove(self, article_ids: list[str]) -> list[str]:
        """Remove articles by id; returns the ids that were stored."""
        removed = self._store.remove(article_ids)
        self._retriever.refresh()
        return removed

    def articles(self) -> list[ArticleInfo]:
        """Every stored article, newest first."""
        return self._store.articles()

    def publishers(self) -> list[str]:
        return sorted({a.publisher for a in self._store.articles() if a.publisher})

    def check_store(self, repair: bool = False) -> list[str]:
        """Articles whose chunks outlived their record (a killed ingest); with `repair`, those chunks are removed.

        Re-ingesting the source file stores the article whole again.
        """
        orphans = self._store.orphans()
        if repair and orphans:
            self._store.remove_chunks(orphans)
            self._retriever.refresh()
        return orphans

    # -- entities ------------------------------------------------------------------------

    def entities(self, kind: str = "", filters: Filters | None = None, limit: int = 50) -> list[Entity]:
        """The people, organisations and places named by the most articles (within the filters), with their
        article and outlet counts, first and last dates and aliases."""
        if kind and kind not in ENTITY_KINDS:
            raise QuestionError(f"No entity kind {kind!r}: choose one of {', '.join(ENTITY_KINDS)}.")
        return self._store.entities.entities(kind, self._check_filters(filters), limit)

    def mentions(self, entity: str, limit: int = 200) -> list[Mentioned]:
        """The sentences naming an entity (or whomever an alias of it names), newest article first."""
        name = self._store.entities.find(entity)
        if not name:
            raise NotFoundError(f"No stored article names {entity!r}.")
        found = []
        for mention in self._store.entities.mentions(name, limit):
            article, sentences = self._retriever.article(mention.article_id)
            found.append(Mentioned(article.info, sentences[mention.sentence], mention))
        return found

    def article_mentions(self, article_id: str) -> list[Mention]:
        """The names an article gives, titles included, in text order; raises `NotFoundError`."""
        self._retriever.article(article_id)
        return self._store.entities.article_mentions(article_id)

    def names_waiting(self) -> int:
        """Stored articles whose names are not read yet (an ingest stopped before its names pass)."""
        return max(0, self._store.count() - self._store.entities.counts()[0])

    def runtime(self) -> dict[str, str]:
        """What this desk runs on, for `newsdesk doctor` and bug reports; starts nothing."""
        llm = self.settings.llm
        return {
            "store": str(self._store.where), "articles": str(self._store.count()),
            "waiting for vectors": str(self._store.vectors_waiting()), "embedder": self._store.embedder.name,
            "language model": llm.base_url or f"bundled {MODEL_FILE} in-process, {llm.threads} threads",
            "llama.cpp build": "(a server of your own)" if llm.base_url else bundled_build(),
            "llama.cpp CPU features": "(a server of your own)" if llm.base_url else bundled_runtime(),
        }

    def article(self, article_id: str) -> Article:
        """One stored article whole; raises `NotFoundError`."""
        return self._retriever.article(article_id)[0]

    # -- questions -----------------------------------------------------------------------

    def evidence(self, question: str, filters: Filters | None = None,
                 history: list[tuple[str, str]] | None = None) -> Retrieval:
        """The evidence sentences for a question (a follow-up: with the turn before it), without asking the model."""
        return self._retrieve(self._check(question), self._check_filters(filters), list(history or []))

    def ask(self, question: str, filters: Filters | None = None, history: list[tuple[str, str]] | None = None) -> Answer:
        for event in self.stream(question, filters, history):
            if event.answer is not None:
                return event.answer
        raise AssertionError("stream ended without an answer")

    def stream(self, question: str, filters: Filters | None = None,
               history: list[tuple[str, str]] | None = None) -> Iterator[StreamEvent]:
        """Yield the evidence as soon as it is found, then answer text as it is written, then the Answer."""
        question = self._check(question)
        filters = self._check_filters(filters)
        started = time.perf_counter()
        history = list(history or [])
        retrieval = self._retrieve(question, filters, history)
        yield StreamEvent("evidence", evidence=tuple(retrieval.evidence))
        yield from self._answerer.answer(Turn(question, follow_up_query(question, history), filters, history,
                                              retrieval, started, dict(retrieval.timings)))

    def _retrieve(self, question: str, filters: Filters | None, history: list[tuple[str, str]]) -> Retrieval:
        return self._retriever.retrieve(follow_up_query(question, history), filters, rank_by=follow_up_focus(question, history),
                                        several=asked(question).several, names=self._names_in(question))

    def _names_in(self, question: str) -> str:
        """The entities a question names by initials or a title, as words the keyword search adds to the question's:
        "What did the Russian president say?" also finds chunks naming Vladimir Putin. Only the keyword side: the
        dense search and the sentences' ranking read the question as asked, so a question of two parts ("… to the
        EU, and what does Svevind invest?") keeps the sentences of its second part. A title one article
        gave once is weak evidence of who holds it ("EU ambassador" for one envoy, asked of another country's):
        it must come from `title_articles` articles."""
        named = self._store.entities.named_in(question, self.settings.retrieval.title_articles)
        return " ".join(e for e in dict.fromkeys(named.values()) if e not in question)

    def verify_claim(self, claim: str, article_id: str, sentence_indexes: list[int], question: str = "") -> list[AnswerSentence]:
        """Verify a claim against named sentences of a stored article, as an answer's citations are verified."""
        article, sentences = self._retriever.article(article_id)
        candidates = [Candidate(article.info, sentences[i], find_speaker(article.text, sentences[i], sentences))
                      for i in sentence_indexes]
        judged, _ = self._verifier.attribute(claim, candidates, {article.id: article.text}, question)
        return judged

    # -- checks --------------------------------------------------------------------------

    def _check(self, question: str) -> str:
        question = (question or "").strip()
        if not question:
            raise QuestionError(prompts.EMPTY_QUESTION)
        limit = self.settings.retrieval.max_question_chars
        if len(question) > limit:
            raise QuestionError(prompts.LONG_QUESTION.format(length=len(question), limit=limit))
        if self._store.count() == 0:
            raise EmptyCorpusError(prompts.EMPTY_CORPUS)
        return question

    def _check_filters(self, filters: Filters | None) -> Filters | None:
        """Dates checked; an entity filter resolved to its stored name and the ids of the articles naming it."""
        if filters is None:
            return None
        filters.check()
        if not filters.entity:
            return filters
        name = self._store.entities.find(filters.entity)
        if not name:
            raise QuestionError(f"No stored article names {filters.entity!r}.")
        return replace(filters, entity=name, articles=tuple(self._store.entities.articles_naming(name)))


def follow_up_query(question: str, history: list[tuple[str, str]]) -> str:
    """What a question is searched with: a follow-up with the turn before it (`prompts.FOLLOW_UP_QUERY`)."""
    if not history:
        return question
    previous, answer = history[-1]
    return " ".join(prompts.FOLLOW_UP_QUERY.format(previous=previous, answer=_named(answer), question=question).split())


def follow_up_focus(question: str, history: list[tuple[str, str]]) -> str:
    """What a follow-up's sentences are ranked against: the question with the answer before it, which names
    whom its pronouns stand for, not with the question before it. The earlier question's words ("Who did
    Cleverly meet in Astana?") rank first the sentence that answered it, and the evidence cut-off, a
    share of the best score, then drops the sentence that answers this one ("What sectors did he say
    were of interest?"). After a refusal, which names no one, the earlier question stays."""
    answer = _named(history[-1][1]) if history else ""
    if not answer:
        return follow_up_query(question, history)
    return " ".join(prompts.FOLLOW_UP_FOCUS.format(answer=answer, question=question).split())


def _named(answer: str) -> str:
    """An earlier answer as far as it can name a follow-up's subject: its start; nothing for a refusal."""
    return "" if answer.strip() == prompts.REFUSAL_TEXT else answer[:prompts.FOLLOW_UP_ANSWER_CHARS]
