"""The page's password check: constant-time, one attempt at a time, and every failure slows the next.

Gradio's own check answers a wrong password at once, so a script could try thousands a minute.
Here attempts are checked one at a time, and a failure holds the line for 1 s, then 2 s, 4 s … up
to 30 s while failures continue; a right password resets the count. Parallel guesses gain nothing,
and the wait is asynchronous: readers already logged in are never held up.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable


class Login:
    def __init__(self, user: str, password: str, first_delay: float = 1.0, max_delay: float = 30.0,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self._user, self._password = user.encode(), password.encode()
        self.first_delay, self.max_delay = first_delay, max_delay
        self.failures = 0
        self._sleep = sleep
        self._line: asyncio.Lock | None = None  # made on first use, inside the server's event loop

    async def check(self, user: str, password: str) -> bool:
        """Gradio's `auth` callable: True lets the reader in."""
        self._line = self._line or asyncio.Lock()
        async with self._line:
            # both comparisons always run, so the time taken does not tell which part was wrong
            right = hmac.compare_digest(user.encode(), self._user) & hmac.compare_digest(password.encode(), self._password)
            if right:
                self.failures = 0
                return True
            self.failures += 1
            await self._sleep(min(self.max_delay, self.first_delay * 2 ** (self.failures - 1)))
            return False
