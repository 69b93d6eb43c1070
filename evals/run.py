"""`newsdesk-eval`: score the assistant on golden answers; exit 1 when a metric misses its threshold.

    newsdesk-eval [--golden evals/golden.jsonl] [--corpus corpus] [--out DIR] [--limit N] [--seed S]
    newsdesk-eval --squad dev-v1.1.json --sample 50

Golden rows: {"id", "question", "answer" (str | null), "must_contain": [...], "sources": [article ids],
"answerable": bool}. A SQuAD v1.1 file becomes a corpus (one article per `data[]` entry, title as
id, paragraphs joined) and golden rows (every answer text is a gold answer).
Writes report.json, results.jsonl, report.md and report.html (see evals/report.py) to --out.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from assistant.answer import Newsdesk
from assistant.citations import QUOTE, normalise_quote, quote_found
from assistant.config import Settings
from evals import metrics, report

HERE = Path(__file__).resolve().parent
RUNS = HERE / "runs"


def load_golden(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    for row in rows:
        if not {"id", "question", "answerable"} <= row.keys():
            raise ValueError(f"{path}: golden row {row.get('id', '?')} needs id, question and answerable")
    return rows


def squad_to_corpus(squad_file: Path, corpus_dir: Path, sample: int, seed: int) -> list[dict]:
    """Write one article file per SQuAD entry and return golden rows for a sample of its questions."""
    data = json.loads(squad_file.read_text())["data"]
    golden = []
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for entry in data:
        article_id = entry["title"]
        text = "\n".join(p["context"] for p in entry["paragraphs"])
        (corpus_dir / f"{article_id}.txt").write_text(f"---\nid: {article_id}\ntitle: {article_id}\n---\n{text}\n")
        for paragraph in entry["paragraphs"]:
            for qa in paragraph["qas"]:
                answers = [a["text"] for a in qa["answers"]]
                golden.append({"id": qa["id"], "question": qa["question"], "answer": answers[0] if answers else None,
                               "answers": answers, "must_contain": [], "sources": [article_id],
                               "answerable": bool(answers)})
    random.Random(seed).shuffle(golden)
    return golden[:sample] if sample else golden


def run_one(desk: Newsdesk, row: dict) -> dict:
    started = time.perf_counter()
    answer = desk.ask(row["question"])
    elapsed = time.perf_counter() - started
    ranked = list(dict.fromkeys(e.article.id for e in answer.evidence))
    by_number = {c.number: c for c in answer.citations}
    sentences = [{"text": s.text, "verified": s.verified, "score": s.score,
                  "citations": [by_number[n].article.id for n in s.citations]} for s in answer.sentences]
    return {
        "id": row["id"], "question": row["question"], "gold": row.get("answer"), "answerable": row["answerable"],
        "answer": answer.text, "refused": answer.refused, "mode": answer.mode, "notice": answer.notice,
        "sentences": [] if answer.refused else sentences,
        "rejected": [{"text": s.text, "reason": s.reason} for s in answer.rejected],
        "citations": [{"number": c.number, "article": c.article.id, "sentence": c.sentence.index,
                       "start": c.sentence.start, "end": c.sentence.end, "text": c.sentence.text,
                       "speaker": c.speaker} for c in answer.citations],
        "retrieved": ranked, "seconds": elapsed, "timings": answer.timings, "usage": answer.usage,
        "quotes_checked": _quotes(answer, desk),
        **score_row(row, answer.text, answer.refused, ranked, sentences),
    }


def score_row(row: dict, text: str, refused: bool, ranked: list[str], sentences: list[dict]) -> dict:
    gold_sources = row.get("sources", [])
    golds = row.get("answers") or ([row["answer"]] if row.get("answer") else [])
    scores = {"hit1": metrics.hit_at_k(ranked, gold_sources, 1), "hit5": metrics.hit_at_k(ranked, gold_sources, 5),
              "rr": metrics.reciprocal_rank(ranked, gold_sources)}
    if row["answerable"] and not refused:
        precision, recall = metrics.citation_scores(sentences, gold_sources)
        scores.update(em=metrics.exact_match(text, golds), f1=metrics.token_f1(text, golds),
                      must_contain=metrics.must_contain_recall(text, row.get("must_contain", [])),
                      citation_precision=precision, citation_recall=recall)
    elif row["answerable"]:
        scores.update(em=0.0, f1=0.0, must_contain=0.0, citation_precision=0.0, citation_recall=0.0)
    return scores


def _quotes(answer, desk) -> list[bool]:
    """For each quoted span in the answer: is it verbatim in a cited article?"""
    texts = [normalise_quote(desk.retriever.article(c.article.id)[0].text) for c in answer.citations]
    return [quote_found(m.group(1), texts) for m in QUOTE.finditer(answer.text)]


def summarise(results: list[dict]) -> dict:
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    mean = lambda rows, key: sum(r[key] for r in rows if key in r) / max(1, sum(key in r for r in rows))  # noqa: E731
    refusal = metrics.precision_recall([r["refused"] for r in results], [not r["answerable"] for r in results])
    sentences = sum(len(r["sentences"]) + len(r["rejected"]) for r in results)
    quotes = [q for r in results for q in r["quotes_checked"]]
    seconds = [r["seconds"] for r in results]
    return {
        "questions": len(results), "answerable": len(answerable), "unanswerable": len(unanswerable),
        "retrieval_hit1": mean(answerable, "hit1"), "retrieval_hit5": mean(answerable, "hit5"),
        "retrieval_mrr": mean(answerable, "rr"),
        "answer_em": mean(answerable, "em"), "answer_f1": mean(answerable, "f1"),
        "must_contain_recall": mean(answerable, "must_contain"),
        "answered_share": sum(not r["refused"] for r in answerable) / max(1, len(answerable)),
        "citation_precision": mean(answerable, "citation_precision"),
        "citation_recall": mean(answerable, "citation_recall"),
        "rejected_sentence_share": sum(len(r["rejected"]) for r in results) / max(1, sentences),
        "quotes_verbatim_share": sum(quotes) / len(quotes) if quotes else 1.0,
        "refusal_precision": refusal["precision"], "refusal_recall": refusal["recall"],
        "latency_p50_s": metrics.percentile(seconds, 50), "latency_p95_s": metrics.percentile(seconds, 95),
        "tokens_in": sum(r["usage"].get("prompt_tokens", 0) for r in results),
        "tokens_out": sum(r["usage"].get("completion_tokens", 0) for r in results),
    }


def gate(summary: dict, thresholds: dict) -> list[str]:
    """The metrics that miss their threshold, as readable lines."""
    failures = []
    for key, bound in thresholds.items():
        value = summary.get(key)
        if value is None:
            failures.append(f"{key}: missing from the report")
        elif "min" in bound and value < bound["min"]:
            failures.append(f"{key} = {value:.3f} is below its minimum {bound['min']}")
        elif "max" in bound and value > bound["max"]:
            failures.append(f"{key} = {value:.3f} is above its maximum {bound['max']}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsdesk-eval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--golden", type=Path, default=HERE / "golden.jsonl")
    parser.add_argument("--corpus", type=Path, default=None, help="default: corpus/ (the configured index)")
    parser.add_argument("--out", type=Path, default=None, help="default: evals/runs/<timestamp>/")
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions (after shuffling with --seed)")
    parser.add_argument("--seed", type=int, default=0, help="shuffle the questions with this seed (0: file order)")
    parser.add_argument("--squad", type=Path, help="a SQuAD v1.1 JSON file to use as corpus and golden set")
    parser.add_argument("--sample", type=int, default=50, help="questions sampled from --squad")
    parser.add_argument("--thresholds", type=Path, default=HERE / "thresholds.json")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    scratch = tempfile.TemporaryDirectory(prefix="newsdesk-eval-")
    corpus = args.corpus or settings.corpus_dir
    if args.squad:
        corpus = Path(scratch.name) / "corpus"
        golden = squad_to_corpus(args.squad, corpus, args.sample, args.seed)
    else:
        golden = load_golden(args.golden)
        if args.seed:
            random.Random(args.seed).shuffle(golden)
    if args.limit:
        golden = golden[: args.limit]
    if args.squad or corpus.resolve() != settings.corpus_dir.resolve():
        settings = settings.with_(data_dir=Path(scratch.name) / "data")  # its own temporary index

    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    out = args.out or RUNS / stamp
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with Newsdesk(settings) as desk:
        desk.ingest([corpus], progress=True)
        results = [run_one(desk, row) for row in tqdm(golden, desc="Evaluating", unit="question")]
    summary = summarise(results)
    summary.update(run_seconds=time.perf_counter() - started, timestamp=stamp,
                   golden=str(args.squad or args.golden), corpus=str(corpus))
    thresholds = json.loads(args.thresholds.read_text()) if args.thresholds.exists() and not args.squad else {}
    failures = gate(summary, thresholds)
    summary["gate_failures"] = failures
    report.write(out, summary, results, thresholds, history=report.history(RUNS, exclude=out))
    scratch.cleanup()
    print(report.markdown_table(summary, thresholds))
    print(f"\nwrote {out}/report.json, results.jsonl, report.md, report.html")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
