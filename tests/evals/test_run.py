"""The eval runner end to end on a tiny SQuAD v1.1 file, and its gate."""

import json

import pytest

from evals.run import gate, main, squad_to_corpus

SQUAD = {"version": "1.1", "data": [
    {"title": "Valdora_Port", "paragraphs": [{"context": "The Port of Valdora handled 8.4 million containers in 2023. "
                                                        "Its director is Mara Quist.",
                                              "qas": [{"id": "v1",
                                                       "question": "How many containers did the Port of Valdora handle in 2023?",
                                                       "answers": [{"text": "8.4 million", "answer_start": 28}]},
                                                      {"id": "v2", "question": "Who is the director of the Port of Valdora?",
                                                       "answers": [{"text": "Mara Quist", "answer_start": 75}]}]}]},
    {"title": "Tamsk_Bridge", "paragraphs": [{"context": "The Tamsk bridge will cost 12 million euros.",
                                              "qas": [{"id": "t1", "question": "How much will the Tamsk bridge cost?",
                                                       "answers": [{"text": "12 million euros", "answer_start": 27}]}]}]},
]}


def test_squad_entries_become_articles_and_golden_rows(tmp_path):
    path = tmp_path / "squad.json"
    path.write_text(json.dumps(SQUAD))
    golden = squad_to_corpus(path, tmp_path / "corpus", sample=0, seed=1)
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == ["Tamsk_Bridge.txt", "Valdora_Port.txt"]
    assert {g["id"] for g in golden} == {"v1", "v2", "t1"}
    assert next(g for g in golden if g["id"] == "t1")["sources"] == ["Tamsk_Bridge"]


def test_squad_titles_that_are_urls_become_safe_ids(tmp_path):
    path = tmp_path / "squad.json"
    entry = {"title": "https://www.nytimes.com/2016/10/01/world/story.html", "paragraphs": SQUAD["data"][1]["paragraphs"]}
    path.write_text(json.dumps({"version": "1.1", "data": [entry]}))
    golden = squad_to_corpus(path, tmp_path / "corpus", sample=0, seed=1)
    [written] = (tmp_path / "corpus").iterdir()
    assert "/" not in golden[0]["sources"][0] and written.stem == golden[0]["sources"][0]


def test_gate_reports_each_missed_threshold():
    summary = {"answer_f1": 0.4, "latency_p95_s": 30.0, "refusal_recall": 1.0}
    failures = gate(summary, {"answer_f1": {"min": 0.5}, "latency_p95_s": {"max": 20}, "refusal_recall": {"min": 0.9},
                              "citation_precision": {"min": 0.5}})
    assert len(failures) == 3 and "answer_f1" in failures[0] and "missing" in failures[2]


@pytest.mark.llm
def test_squad_file_runs_end_to_end_and_writes_the_four_outputs(tmp_path, settings, monkeypatch):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "unused"))
    path = tmp_path / "squad.json"
    path.write_text(json.dumps(SQUAD))
    out = tmp_path / "out"
    main(["--squad", str(path), "--sample", "3", "--out", str(out)])
    out = out / "squad"
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md", "results.jsonl"]
    report = json.loads((out / "report.json").read_text())
    assert report["questions"] == 3 and report["retrieval_hit5"] == 1.0
    assert report["answer_f1"] > 0.3
    assert "data:image/png;base64" in (out / "report.html").read_text()
