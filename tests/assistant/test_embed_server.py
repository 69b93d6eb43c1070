"""Embeddings by URL: the bundled MiniLM served by a real `EmbeddingServer` on a free port, and
`RemoteEmbedder` (NEWSDESK_EMBED_BASE_URL) ingesting and searching through it, refused by a store
another embedder made, and failing with the URL named when the server is down or misbehaves."""

import re

import numpy as np
import openai
import pytest

from assistant import EmbedderError, EmbeddingServer, Newsdesk, Settings, StoreError, free_port
from assistant.embed import load_embedder
from ui.cli import main

HARBOUR = """---
title: Council approves harbour budget
publisher: Coast Gazette
date: 2024-05-02
---
The city council approved a budget of 12 million euros for the harbour on Tuesday. The money pays for two
new cranes and a longer pier. Fishermen said the works would start in June.
"""
HYDROGEN = """---
title: Svevind to build a hydrogen plant in Kazakhstan
publisher: Kallanish
date: 2024-03-18
---
Svevind will invest $50 billion in a green hydrogen plant in western Kazakhstan. Wind and solar farms will
power its electrolysers. The first output is planned for 2030.
"""


@pytest.fixture(scope="module")
def server_url():
    with EmbeddingServer.local(Settings().ingest) as url:
        yield url


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "harbour.txt").write_text(HARBOUR)
    (folder / "hydrogen.txt").write_text(HYDROGEN)
    return folder


class Scripted:
    """A stand-in model behind the real server, with the faults a server can have: it fails its first
    `failures` calls, and with `short` returns one vector too few for two texts or more."""

    name = "scripted"
    dimension = 3

    def __init__(self, failures: int = 0, short: bool = False):
        self.calls, self.failures, self.short = 0, failures, short

    def encode(self, texts):
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError("out of GPU memory")
        rows = len(texts) - 1 if self.short and len(texts) > 1 else len(texts)
        return np.tile(np.float32([0, 3, 4]), (rows, 1))


def _remote(url, **settings):
    return load_embedder(Settings().with_(embed_base_url=url, **settings).ingest)


def _evidence(desk, question):
    return [(e.article.id, e.sentence.index) for e in desk.evidence(question).evidence]


def test_the_servers_vectors_are_the_local_models_in_input_order_across_batches(server_url):
    remote = _remote(server_url, embed_batch=2)  # 5 texts: 3 requests
    local = load_embedder(Settings().ingest)
    texts = ["Svevind plans to invest $50 billion in green hydrogen in Kazakhstan. " * 20, "Who won?", "",
             "The council approved the harbour budget.", "Wind farms will power the electrolysers."]
    vectors = remote.encode(texts)
    assert remote.name == f"openai:all-MiniLM-L6-v2@{server_url.removeprefix('http://')}"
    assert remote.dimension == 384 and vectors.shape == (5, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.all(np.sum(vectors * local.encode(texts), axis=1) > 0.999)
    assert remote.encode([]).shape == (0, 384)


def test_any_openai_client_is_served_and_a_wrong_request_is_refused(server_url):
    client = openai.OpenAI(base_url=server_url, api_key="none", max_retries=0)
    assert [m.id for m in client.models.list().data] == ["all-MiniLM-L6-v2"]
    single = client.embeddings.create(model="all-MiniLM-L6-v2", input="Who won?")  # the client asks for base64
    assert np.dot(single.data[0].embedding, load_embedder(Settings().ingest).encode(["Who won?"])[0]) > 0.999
    with pytest.raises(openai.BadRequestError, match="list of at most 2048 strings"):
        client.embeddings.create(model="all-MiniLM-L6-v2", input=[[101, 2040]])
    with pytest.raises(EmbedderError, match=re.escape(f"the embedding server at {server_url} failed: NotFoundError")
                       + ".*this server embeds with 'all-MiniLM-L6-v2', not 'text-embedding-3-small'"):
        _remote(server_url, embed_model="text-embedding-3-small")


def test_articles_ingested_through_the_url_are_found_as_the_local_model_finds_them(server_url, articles, tmp_path):
    question = "Which firm is putting money into clean fuel in Central Asia?"  # no word of the hydrogen article's
    with Newsdesk(Settings.from_env({}, data_dir=tmp_path / "remote", embed_base_url=server_url)) as remote:
        assert remote.ingest([articles], progress=False)[1].added == ["harbour", "hydrogen"]
        assert remote.runtime()["embedder"].startswith("openai:all-MiniLM-L6-v2@127.0.0.1:")
        found = _evidence(remote, question)
    with Newsdesk(Settings.from_env({}, data_dir=tmp_path / "local")) as local:
        local.ingest([articles], progress=False)
        assert found[0][0] == "hydrogen"
        assert found == _evidence(local, question)


def test_a_store_refuses_vectors_of_another_embedder_either_way(server_url, tmp_path):
    local, remote = Settings.from_env({}), Settings.from_env({}, embed_base_url=server_url)
    names = {local: "all-MiniLM-L6-v2", remote: f"openai:all-MiniLM-L6-v2@{server_url.removeprefix('http://')}"}
    made_locally, made_remotely = tmp_path / "made-locally", tmp_path / "made-remotely"
    for made, then, data_dir in [(local, remote, made_locally), (remote, local, made_remotely)]:
        Newsdesk(made.with_(data_dir=data_dir)).close()  # opening records the embedder that will fill the store
        with pytest.raises(StoreError, match="vectors of two models cannot be mixed") as refused:
            Newsdesk(then.with_(data_dir=data_dir))
        assert f"made by {names[made]} (384 dimensions" in str(refused.value)
        assert f"ask for {names[then]} (384 dimensions" in str(refused.value)
    with EmbeddingServer.local(Settings().ingest) as elsewhere, pytest.raises(StoreError, match=re.escape(
            f"ask for openai:all-MiniLM-L6-v2@{elsewhere.removeprefix('http://')}")):
        Newsdesk(remote.with_(data_dir=made_remotely, embed_base_url=elsewhere))  # the same weights, another URL: not proven


def test_a_server_that_is_down_is_named_in_the_error_not_a_traceback(articles, tmp_path, monkeypatch, capsys):
    url = f"http://127.0.0.1:{free_port()}/v1"
    monkeypatch.setenv("NEWSDESK_EMBED_BASE_URL", url)
    assert main(["--data-dir", str(tmp_path / "d"), "ingest", str(articles)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: the embedding server at {url} failed: APIConnectionError")
    assert "Traceback" not in err


def test_a_passing_fault_is_retried_and_a_lasting_one_named():
    passing, lasting = Scripted(failures=1), Scripted(failures=99)
    with EmbeddingServer(passing) as url:
        assert np.allclose(_remote(url).encode(["a", "b"]), [[0, 0.6, 0.8]] * 2)
        assert passing.calls == 3  # the first vector (its length) was asked twice
    with EmbeddingServer(lasting) as url, pytest.raises(
            EmbedderError, match=re.escape(f"the embedding server at {url} failed: InternalServerError")
            + ".*the embedder failed: RuntimeError: out of GPU memory"):
        _remote(url)
    assert lasting.calls == 4  # once, then three retries


def test_the_wrong_number_of_vectors_is_an_error_naming_the_server():
    with EmbeddingServer(Scripted(short=True)) as url:
        remote = _remote(url)
        with pytest.raises(EmbedderError, match=re.escape(f"the embedding server at {url} returned 1 vectors for 2 texts")):
            remote.encode(["a", "b"])
