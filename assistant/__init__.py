"""Newsdesk: answers from news articles, every sentence cited to the article sentence it rests on.

    from assistant import Newsdesk
    with Newsdesk() as desk:
        desk.ingest([Path("corpus")])
        answer = desk.ask("How much does Svevind plan to invest in Kazakhstan?")
        print(answer.text, answer.citations)
"""

from assistant.answer import EmptyCorpusError, Newsdesk, QuestionError
from assistant.config import Settings
from assistant.types import (Answer, AnswerSentence, Article, ArticleInfo, Chunk, Citation, Evidence, Filters,
                             Sentence, StreamEvent)

__all__ = ["Answer", "AnswerSentence", "Article", "ArticleInfo", "Chunk", "Citation", "EmptyCorpusError",
           "Evidence", "Filters", "Newsdesk", "QuestionError", "Sentence", "Settings", "StreamEvent"]
