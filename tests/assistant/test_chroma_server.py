"""The same ingest and questions against a real `chroma run` server as against the embedded store."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.answer import Newsdesk
from assistant.types import Filters
from tests.conftest import CORPUS, SVEVIND

QUESTIONS = ["How much does Svevind plan to invest in Kazakhstan?", "Who is Luc Devigne?",
             "Which metals do Kazakh manufacturers supply to the EU?"]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    chroma = Path(sys.executable).with_name("chroma")
    path = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("chroma run did not start listening within 60 s")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


def test_server_store_gives_the_same_evidence_as_embedded(desk, chroma_url):
    with Newsdesk(desk.settings.with_(chroma_url=chroma_url)) as remote:
        loaded, report = remote.ingest([CORPUS], progress=False)
        assert len(report.added) == 2
        assert remote.ingest([CORPUS], progress=False)[1].added == []  # idempotent there too
        for question in QUESTIONS:
            here = [(e.article.id, e.sentence.index) for e in desk.retriever.retrieve(question)]
            there = [(e.article.id, e.sentence.index) for e in remote.retriever.retrieve(question)]
            assert here == there, question
        assert remote.remove([SVEVIND]) == [SVEVIND]
        assert [a.id for a in remote.store.articles()] == ["001_5436334235eae243"]


def test_filters_restrict_evidence_by_publisher_and_date(desk):
    assert {e.article.id for e in desk.retriever.retrieve("green hydrogen", Filters(publishers=("Kallanish",)))} == {SVEVIND}
    # neither seed has a publication date: a date range excludes both
    assert desk.retriever.retrieve("green hydrogen", Filters(date_from="2020-01-01")) == []
