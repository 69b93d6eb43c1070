"""Shared fixtures: one real index of the seed corpus (real Chroma, real embedder) per test session.

The embedded model starts lazily on the first question, so unit tests never load it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SVEVIND = "000_3d18c87acf24ce8b"
EU_MEETING = "001_5436334235eae243"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="newsdesk-cache-")


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    """Defaults only: the developer's NEWSDESK_* variables never reach a test."""
    from assistant import Settings

    return Settings.from_env({}, data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def desk(settings):
    from assistant import Newsdesk

    with Newsdesk(settings) as newsdesk:
        newsdesk.ingest([CORPUS], progress=False)
        yield newsdesk


def read_one(path: Path):
    """The one article of a text or HTML file."""
    from assistant.ingest.readers import read_articles

    articles, _ = read_articles(path, max_bytes=20_000_000)
    assert len(articles) == 1
    return articles[0]


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
