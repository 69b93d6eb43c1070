"""The page's password check, and the routes a password guards on a real Gradio server."""

import asyncio
import urllib.error
import urllib.request

import pytest

from assistant import free_port
from ui.login import Login


def test_each_failure_in_a_row_waits_longer_and_a_right_password_resets_it():
    waits = []

    async def sleep(seconds):
        waits.append(seconds)

    login = Login("editor", "s3cret", first_delay=1.0, max_delay=5.0, sleep=sleep)

    async def attempts():
        results = [await login.check("editor", guess) for guess in ("a", "b", "c", "d", "e")]
        results.append(await login.check("editor", "s3cret"))
        results.append(await login.check("editor", "f"))
        results.append(await login.check("Editor", "s3cret"))
        return results

    assert asyncio.run(attempts()) == [False] * 5 + [True, False, False]
    assert waits == [1.0, 2.0, 4.0, 5.0, 5.0, 1.0, 2.0]


def test_parallel_guesses_are_checked_one_at_a_time():
    async def attempts():
        login = Login("editor", "s3cret", first_delay=0.05)
        started = asyncio.get_running_loop().time()
        await asyncio.gather(*(login.check("editor", str(i)) for i in range(4)))
        return asyncio.get_running_loop().time() - started

    assert asyncio.run(attempts()) >= 0.05 * (1 + 2 + 4 + 8) * 0.9  # the waits add up: no guess skips the line


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize("password", [None, ("editor", "s3cret")])
def test_with_a_password_every_route_but_the_login_asks_for_it(desk, password):
    from ui.app import launch

    port = free_port()
    app = launch(desk, port=port, auth=password, block=False)
    try:
        base = f"http://127.0.0.1:{port}"
        assert _status(f"{base}/openapi.json") == 404 and _status(f"{base}/docs") == 404  # FastAPI's schema: off
        guarded = [_status(f"{base}{path}") for path in ("/config", "/gradio_api/info", "/gradio_api/queue/status")]
        assert guarded == ([401] * 3 if password else [200] * 3)
    finally:
        app.close()
