"""The eval runner end to end on a tiny SQuAD v1.1 file, and its gate."""

import json

import pytest

from evals.data import half, read_jsonl
from evals.report import markdown, side_by_side
from evals.run import HERE, gate, main, score_row, squad_to_corpus, summarise, summarise_halves

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


ROW = {"id": "p06", "question": "By what year should the project hit maximum output?", "answer": "2032",
       "must_contain": ["2032"], "sources": ["a"], "answerable": True}
SHOWN = "First production is slated for early 2030 before it reaches peak production in 2032."


def test_a_failure_says_whether_the_gold_answer_reached_the_model():
    """A wrong answer on evidence that held the gold is the model's or the verifier's miss; one whose
    evidence never held it, retrieval's."""
    sentences = [{"text": "2030", "verified": True, "score": 0.4, "citations": ["a"]}]
    model_miss = score_row(ROW, "2030", False, ["a"], sentences, SHOWN)
    retrieval_miss = score_row(ROW, "2030", False, ["a"], sentences, "After 2030, it will produce 3 million tonnes.")
    assert model_miss["outcome"] == retrieval_miss["outcome"] == "wrong"
    assert model_miss["gold_shown"] == 1.0 and retrieval_miss["gold_shown"] == 0.0
    assert "gold_shown" not in score_row({**ROW, "answerable": False, "answer": None}, "", True, [], [], SHOWN)
    summary = {**_summary([model_miss, retrieval_miss]), "timestamp": "t", "golden": "g", "corpus": "c",
               "run_seconds": 1.0, "gate_failures": []}
    assert summary["gold_shown_share"] == 0.5
    rows = [{**ROW, **model_miss, "mode": "llm", "gold": "2032", "answer": "2030"},
            {**ROW, **retrieval_miss, "id": "p07", "mode": "llm", "gold": "2032", "answer": "2030"}]
    text = markdown(summary, {}, {"refused": [], "wrong": rows, "answered_unanswerable": []})
    assert "(shown to the model)" in text and "(not in the evidence)" in text


def _summary(scored: list[dict]) -> dict:
    return summarise(_rows(scored))


def _rows(scored: list[dict]) -> list[dict]:
    return [{"answerable": True, "refused": False, "sentences": [], "rejected": [], "quotes_checked": [],
             "seconds": 1.0, "usage": {}, **s} for s in scored]


@pytest.mark.parametrize("name", ["golden", "golden_paraphrase", "golden_reporter", "golden_news",
                                  "golden_news2"])
def test_every_golden_set_splits_into_two_fixed_halves(name):
    """The split is a property of the row id, not of the file's order or of a run: reordering a set, or adding a
    row, moves no other row to the other half."""
    ids = [r["id"] for r in read_jsonl(HERE / f"{name}.jsonl")]
    checked = [i for i in ids if half(i) == "check"]
    assert 0.35 < len(checked) / len(ids) < 0.65
    assert [half(i) for i in reversed(ids)] == [half(i) for i in ids][::-1]


def test_halves_are_summarised_apart_and_the_gate_reads_the_check_half():
    """A rule fitted to the tune half that does not generalise shows as a gap, and fails the gate."""
    tune_id, check_id = next(i for i in map(str, range(99)) if half(i) == "tune"), next(
        i for i in map(str, range(99)) if half(i) == "check")
    ok = score_row(ROW, "2032", False, ["a"], [{"text": "2032", "verified": True, "score": 1, "citations": ["a"]}],
                   SHOWN)
    wrong = score_row(ROW, "2030", False, ["a"], [{"text": "2030", "verified": True, "score": 1, "citations": ["a"]}],
                      SHOWN)
    summary = summarise_halves(_rows([{**ok, "id": tune_id, "half": "tune"},
                                      {**wrong, "id": check_id, "half": "check"}]))
    assert summary["gold_contained"] == 0.5
    assert summary["halves"]["tune"]["gold_contained"] == 1.0 and summary["halves"]["check"]["gold_contained"] == 0.0
    assert summary["gap"]["gold_contained"] == 1.0
    assert summary["halves"]["check"]["wrong_but_verified_share"] == 1.0
    assert gate(summary["halves"]["check"], {"gold_contained": {"min": 0.9}}) and not gate(
        summary["halves"]["tune"], {"gold_contained": {"min": 0.9}})
    table = side_by_side({"golden": summary}, {"golden": {"gold_contained": {"min": 0.9}}})
    assert "golden tune | golden check | golden gap" in table
    assert "| gold_contained | 1.000 | 0.000 (≥ 0.9) | 1.000 |" in table


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
