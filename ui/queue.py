"""One model, many readers: evidence for everyone at once, model answers one at a time, in order of arrival.

The bundled model answers one question at a time on two cores; without a queue of its own the page
made ten reporters wait in Gradio's single line with no sign of their place. Here every question
gets its evidence at once, then waits for the model with its place in line shown, first come first
served. A reader who leaves gives up their place.
"""

from __future__ import annotations

import threading


class AnswerQueue:
    def __init__(self):
        self._changed = threading.Condition()
        self._next = 0
        self._waiting: set[int] = set()

    def join(self) -> int:
        """A ticket: the reader's place, kept until `leave`."""
        with self._changed:
            ticket, self._next = self._next, self._next + 1
            self._waiting.add(ticket)
            return ticket

    def ahead(self, ticket: int) -> int:
        """How many readers before this ticket still hold theirs; 0 means it is this reader's turn."""
        with self._changed:
            return self._ahead(ticket)

    def wait(self, ticket: int, timeout: float) -> int:
        """Wait until it is this ticket's turn or `timeout` passes; the number still ahead."""
        with self._changed:
            self._changed.wait_for(lambda: self._ahead(ticket) == 0, timeout)
            return self._ahead(ticket)

    def leave(self, ticket: int) -> None:
        with self._changed:
            self._waiting.discard(ticket)
            self._changed.notify_all()

    def _ahead(self, ticket: int) -> int:
        return sum(1 for t in self._waiting if t < ticket)
