"""The CLI's own behaviour: exit codes and messages for bad input, and the printed answer."""

import os
import subprocess
import sys
import time

import openai

from assistant import Answer, AnswerSentence, ArticleInfo, Citation, Sentence, free_port
from assistant.net import port_open
from tests.conftest import CORPUS, ROOT
from ui.cli import main
from ui.render import plain_text


def test_answer_prints_sentences_then_numbered_sources():
    info = ArticleInfo("a1", "Title One", "Kallanish", "2023-03-20")
    sentence = Sentence("a1", 3, 10, 40, "Svevind plans to invest $50 billion.")
    answer = Answer("q", [AnswerSentence("It plans $50 billion.", [1], verified=True)],
                    [Citation(1, info, sentence, "")], [])
    printed = plain_text(answer)
    assert printed.splitlines()[0] == "It plans $50 billion. [1]"
    assert "[1] Title One — Kallanish, 2023-03-20 [a1]" in printed
    assert "“Svevind plans to invest $50 billion.”" in printed


def test_ingest_then_empty_and_oversized_questions_fail_cleanly(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d"), "--llm-base-url", "http://127.0.0.1:9/v1"]
    assert main(data + ["ask", "anything"]) == 2
    assert "corpus is empty" in capsys.readouterr().err
    assert main(data + ["ingest", str(CORPUS)]) == 0
    assert "2 added" in capsys.readouterr().out
    assert main(data + ["ingest", str(CORPUS)]) == 0
    assert "2 unchanged" in capsys.readouterr().out
    assert main(data + ["ask", "   "]) == 2
    assert "type a question" in capsys.readouterr().err
    assert main(data + ["ask", "x" * 50_000]) == 2
    assert "characters long" in capsys.readouterr().err


def test_ingest_without_vectors_says_what_waits_and_embed_makes_them(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d")]
    assert main(data + ["ingest", str(CORPUS), "--no-embed"]) == 0
    printed = capsys.readouterr()
    assert "2 added" in printed.out and "2 article(s) wait for their vectors" in printed.err
    assert main(data + ["doctor"]) == 0 and "waiting for vectors: 2" in capsys.readouterr().out
    assert main(data + ["embed"]) == 0 and "made the vectors of 2 article(s)" in capsys.readouterr().out
    assert main(data + ["doctor"]) == 0 and "waiting for vectors: 0" in capsys.readouterr().out


def test_binary_file_is_reported_not_fatal(tmp_path, capsys):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\x00\x00" * 50)
    assert main(["--data-dir", str(tmp_path / "d"), "ingest", str(tmp_path)]) == 1
    assert "binary" in capsys.readouterr().err


def test_doctor_names_the_store_the_embedder_and_the_cpu_features(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "d"), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "embedder: all-MiniLM-L6-v2" in out and "articles: 0" in out and "AVX" in out
    assert "llama.cpp build: built on this machine for its CPU" in out or \
        "llama.cpp build: xllamacpp's portable wheel from PyPI" in out


def test_serve_embeddings_serves_the_bundled_model_until_stopped():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    server = subprocess.Popen([sys.executable, "-m", "ui.cli", "serve-embeddings", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120  # the model loads before the port opens
        while not port_open(port):
            assert server.poll() is None and time.monotonic() < deadline, "serve-embeddings did not start listening"
            time.sleep(0.3)
        assert f"NEWSDESK_EMBED_BASE_URL=http://127.0.0.1:{port}/v1" in server.stdout.readline()
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="none", max_retries=0)
        reply = client.embeddings.create(model="all-MiniLM-L6-v2", input=["Who won?", "The council voted."])
        assert [len(item.embedding) for item in reply.data] == [384, 384]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_entities_and_mentions_list_names_with_their_aliases(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d")]
    assert main(data + ["ingest", str(CORPUS)]) == 0
    capsys.readouterr()
    assert main(data + ["entities", "--kind", "organisation"]) == 0
    union = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("European Union\t"))
    assert "organisation" in union and "EU (initials of European Union" in union
    assert main(data + ["mentions", "EU", "--limit", "2"]) == 0
    assert "EU (initials of European Union in this article)" in capsys.readouterr().out
    assert main(data + ["mentions", "Vladimir Nobody"]) == 2
    assert "No stored article names" in capsys.readouterr().err
