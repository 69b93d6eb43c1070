"""A scripted stand-in for the language model, for fast tests of the logic around it."""

from __future__ import annotations

from collections.abc import Callable

from assistant import Completion, LLMError


class FakeLLM:
    """Replies in order, streamed word by word; an `LLMError` in the script is raised instead, and a
    function is called with the messages to make the reply."""

    model = "fake"

    def __init__(self, *replies: str | LLMError | Callable[[list[dict]], str]):
        self.replies = list(replies)
        self.calls: list[list[dict]] = []

    def stream(self, messages: list[dict], completion: Completion, max_tokens: int = 0):
        self.calls.append(messages)
        reply = self.replies.pop(0)
        if isinstance(reply, LLMError):
            raise reply
        if callable(reply):
            reply = reply(messages)
        for i, word in enumerate(reply.split(" ")):
            piece = word if i == 0 else f" {word}"
            completion.text += piece
            yield piece
        completion.usage = {"prompt_tokens": sum(len(m["content"].split()) for m in messages),
                            "completion_tokens": len(reply.split())}
