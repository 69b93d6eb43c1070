"""Newsdesk: answers from news articles, every sentence cited to the article sentence it rests on.

    from assistant import Newsdesk
    with Newsdesk() as desk:
        desk.ingest([Path("corpus")])
        answer = desk.ask("How much does Svevind plan to invest in Kazakhstan?")
        print(answer.text, answer.citations)

This module is the public API: the apps (`ui/`, the CLI, `evals/`, `bench/`) import nothing else
from `assistant` (a test checks it).
"""

from assistant.config import Settings
from assistant.desk import Newsdesk
from assistant.embed_server import EmbeddingServer
from assistant.errors import (
                              ConfigError,
                              EmbedderError,
                              EmptyCorpusError,
                              LLMError,
                              NewsdeskError,
                              NotFoundError,
                              QuestionError,
                              ReadError,
                              StoreError,
)
from assistant.index import SyncReport
from assistant.ingest import LoadResult
from assistant.ingest.readers import safe_id
from assistant.llm import ChatModel, Completion
from assistant.net import ChromaServer, free_port
from assistant.prompts import REFUSAL_TEXT
from assistant.retrieve import WAITING_FOR_VECTORS
from assistant.types import (
                              Alias,
                              Answer,
                              AnswerSentence,
                              Article,
                              ArticleInfo,
                              Citation,
                              Conflict,
                              Corroboration,
                              Entity,
                              Evidence,
                              Filters,
                              Mention,
                              Mentioned,
                              Retrieval,
                              Sentence,
                              Source,
                              StreamEvent,
)
from assistant.verify.quotes import verbatim_quotes
from assistant.verify.rules import RULES

VERIFICATION_RULES = [(rule.code, rule.meaning) for rule in RULES]  # in the order they run

__all__ = [
    "Alias", "Answer", "AnswerSentence", "Article", "ArticleInfo", "ChatModel", "ChromaServer", "Citation", "Completion",
    "Conflict", "Corroboration", "ConfigError", "EmbedderError", "EmbeddingServer",
    "EmptyCorpusError", "Entity", "Evidence", "Filters", "LLMError", "LoadResult", "Mention", "Mentioned", "Newsdesk",
    "NewsdeskError",
    "NotFoundError", "QuestionError", "REFUSAL_TEXT", "ReadError", "Retrieval", "Sentence", "Settings", "Source", "StoreError",
    "StreamEvent", "SyncReport", "VERIFICATION_RULES", "WAITING_FOR_VECTORS", "free_port", "safe_id", "verbatim_quotes",
]
