"""`make bench-scale`: how memory, start-up, ingest and retrieval grow with the corpus -> bench/scale.{json,md,png}.

The corpus is real text: the bench's 3,824 news articles (the 20 bench questions' articles first,
empty rows left out) and, past them, distractor articles composed from runs of real sentences of
two other bench articles, dated near the first one. The bench questions' own articles are never
used for distractors, so each question must find its needle among more and more stories.

Each point grows the previous point's store (ingest skips what is stored, so only the new articles
are embedded) and is measured in fresh processes, so each peak memory is that step's own:
- ingest of the added articles: articles/s, and chunks/s against the embedder's own on the same texts;
- adding 100 more articles to the grown store;
- a reader: a new `Newsdesk` on the store until its first evidence (start-up; the libraries and
  the embedder, loaded once per process whatever the corpus, are timed apart), then retrieval
  p50/p95 and hit@5 on the 20 bench questions, and the reader's peak memory;
- the store's size on disk.

`python -m bench.scale --sizes 1000,4000` measures fewer points; results are written after each.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from bench.run import news_csv
from evals.data import read_jsonl
from evals.metrics import hit_at_k, percentile

HERE = Path(__file__).resolve().parent
WORK = HERE / "data" / "scale"
SIZES = (1000, 4000, 16000, 64000)
ADDED = 100  # "adding 100 articles to a big store takes seconds, not a rebuild"
GOALS = {"reader_peak_mb": 1500, "startup_s": 3.0, "retrieve_p50_ms": 150, "ingest_ratio": 0.9}  # issue 14, at 64k


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Newsdesk's scale curve")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="corpus sizes in articles, ascending")
    parser.add_argument("--worker", choices=["ingest", "read"], help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--feed", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(ingest(args.store, args.feed) if args.worker == "ingest" else read(args.store)))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    questions = read_jsonl(HERE / "questions.jsonl")
    needles = {s for q in questions for s in q["sources"]}
    stream = articles_in_order(needles, total=max(sizes))
    WORK.mkdir(parents=True, exist_ok=True)
    points, previous = [], None
    for size in sizes:
        store = WORK / f"store-{size}"
        if previous is not None and not store.exists():
            shutil.copytree(previous, store)
        print(f"== {size} articles", flush=True)
        point = {"articles": size, **worker("ingest", store, write_feed(store / "feed.jsonl", stream[:size]))}
        added = distractors(needles, f"added-{size}-", ADDED)  # a day's new articles, in their own file
        point["add_100_s"] = worker("ingest", store, write_feed(store / f"added-{size}.jsonl", added))["ingest_s"]
        point.update(worker("read", store))
        point["index_mb"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file() and f.suffix != ".jsonl") / 1e6
        points.append(point)
        previous = store
        report(points)
    return 0


def worker(kind: str, store: Path, feed: Path | None = None) -> dict:
    command = [sys.executable, "-m", "bench.scale", "--worker", kind, "--store", str(store)]
    done = subprocess.run(command + (["--feed", str(feed)] if feed else []), stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest(store: Path, feed: Path) -> dict:
    from assistant import Newsdesk, Settings

    with Newsdesk(Settings.from_env().with_(data_dir=store)) as desk:
        started = time.perf_counter()
        _, synced = desk.ingest([feed])
        seconds = time.perf_counter() - started
    added = len(synced.added) + len(synced.updated)
    return {"added": added, "ingest_s": seconds, "ingest_articles_per_s": added / seconds,
            "ingest_ratio": synced.embed_seconds / seconds if synced.chunks else None, "ingest_peak_mb": peak_mb()}


def read(store: Path) -> dict:
    from assistant import Newsdesk, Settings

    questions = read_jsonl(HERE / "questions.jsonl")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as empty, Newsdesk(Settings.from_env().with_(data_dir=Path(empty))):
        libraries = time.perf_counter() - started  # torch, transformers and the embedder: once per process
    started = time.perf_counter()
    with Newsdesk(Settings.from_env().with_(data_dir=store)) as desk:
        desk.evidence(questions[0]["question"])
        startup = time.perf_counter() - started
        times, hits = [], []
        for question in questions:
            for _ in range(3):
                retrieval = desk.evidence(question["question"])
                times.append(retrieval.timings["retrieve"] * 1000)
            ranked = list(dict.fromkeys(e.article.id for e in retrieval.evidence))
            hits.append(hit_at_k(ranked, question["sources"], 5))
        stored = len(desk.articles())
    return {"stored": stored, "libraries_s": libraries, "startup_s": startup, "retrieve_p50_ms": percentile(times, 50),
            "retrieve_p95_ms": percentile(times, 95), "hit_at_5": sum(hits) / len(hits), "reader_peak_mb": peak_mb()}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the corpus ------------------------------------------------------------------------------

def articles_in_order(needles: set[str], total: int) -> list[dict]:
    """The questions' articles, the other real articles, then distractors: any prefix is a corpus."""
    real = _real()
    rows = [_article(r) for r in sorted(real, key=lambda r: r["article_id"] not in needles)]
    return rows + distractors(needles, "scale-", total - len(rows))


def distractors(needles: set[str], prefix: str, count: int) -> list[dict]:
    """Three to five consecutive real sentences from each of two other articles, under the first one's title.

    Seeded by the prefix, so a run makes the same ones again and each prefix's are its own.
    """
    pool = [r for r in _real() if r["article_id"] not in needles]
    rng = random.Random(prefix)
    made = []
    for number in range(max(0, count)):
        parts = []
        sources = rng.sample(pool, 2)
        for source in sources:
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", source["text"].strip())
            run = rng.randint(3, 5)
            start = rng.randrange(max(1, len(sentences) - run + 1))
            parts.append(" ".join(sentences[start:start + run]))
        first = _article(sources[0])
        made.append({**first, "id": f"{prefix}{number:06d}", "text": "\n\n".join(parts), "url": "",
                     "date": _iso(first["date"], days=rng.randint(1, 60))})
    return made


@lru_cache(maxsize=1)
def _real() -> tuple[dict, ...]:
    return tuple(row for row in csv.DictReader(news_csv().open()) if row["text"].strip())


def _article(row: dict) -> dict:
    return {"id": row["article_id"], "title": row["title"], "text": row["text"], "date": _iso(row["publish_date"]),
            "publisher": urlparse(row["article_source_link"]).hostname or "", "url": row["article_source_link"]}


def _iso(date: str, days: int = 0) -> str:
    """`2017/2/7` as `2017-02-07`, `days` later; "" when it is no date."""
    try:
        return (datetime.date(*map(int, date.split("/" if "/" in date else "-"))) + datetime.timedelta(days=days)).isoformat()
    except (TypeError, ValueError):
        return ""


def write_feed(path: Path, rows: list[dict]) -> Path:
    """One JSONL feed; the main one keeps its path as it grows, so ingest sees one source, not a rival for its ids."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    return path


# -- the report ------------------------------------------------------------------------------

def report(points: list[dict]) -> None:
    (HERE / "scale.json").write_text(json.dumps({"goals_at_64k": GOALS, "points": points}, indent=2) + "\n")
    plot(points)
    (HERE / "scale.md").write_text(table(points))
    print(table(points), flush=True)


def table(points: list[dict]) -> str:
    lines = ["| articles | stored | index on disk | ingest articles/s (ratio to embedder) | add 100 | start-up (+ libraries) | "
             "retrieval p50 / p95 | hit@5 | peak memory: ingest / reader |", "|---|---|---|---|---|---|---|---|---|"]
    for p in points:
        ratio = f"{p['ingest_ratio']:.2f}" if p.get("ingest_ratio") else "-"
        lines.append(f"| {p['articles']:,} | {p['stored']:,} | {p['index_mb']:.0f} MB | {p['ingest_articles_per_s']:.1f} "
                     f"({ratio}) | {p['add_100_s']:.1f} s | {p['startup_s']:.1f} s (+ {p['libraries_s']:.1f} s) | "
                     f"{p['retrieve_p50_ms']:.0f} / {p['retrieve_p95_ms']:.0f} ms | {p['hit_at_5']:.2f} | "
                     f"{p['ingest_peak_mb']:.0f} / {p['reader_peak_mb']:.0f} MB |")
    last = points[-1]
    verdicts = [
        ("reader peak memory ≤ 1.5 GB", last["reader_peak_mb"] <= GOALS["reader_peak_mb"]),
        ("ingest peak memory ≤ 1.5 GB", last["ingest_peak_mb"] <= GOALS["reader_peak_mb"]),
        ("start-up ≤ 3 s", last["startup_s"] <= GOALS["startup_s"]),
        ("retrieval p50 ≤ 150 ms", last["retrieve_p50_ms"] <= GOALS["retrieve_p50_ms"]),
        ("ingest ≥ 0.9 × the embedder's throughput", (last.get("ingest_ratio") or 0) >= GOALS["ingest_ratio"]),
        ("hit@5 does not drop as distractors are added", last["hit_at_5"] >= points[0]["hit_at_5"]),
    ]
    at = f"at {last['articles']:,} articles" + ("" if last["articles"] >= 64000 else " (the goals are set for 64,000)")
    lines += ["", f"Goals, {at}:", ""] + [f"- {goal}: {'pass' if ok else 'FAIL'}" for goal, ok in verdicts]
    return "\n".join(lines) + "\n\n![memory and latency against corpus size](scale.png)\n"


def plot(points: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [p["articles"] for p in points]
    fig, (memory, latency) = plt.subplots(1, 2, figsize=(10, 4))
    memory.plot(sizes, [p["ingest_peak_mb"] for p in points], "o-", label="ingest")
    memory.plot(sizes, [p["reader_peak_mb"] for p in points], "s-", label="reader")
    memory.axhline(GOALS["reader_peak_mb"], color="red", linestyle="--", label="goal at 64k")
    memory.set(xscale="log", xlabel="articles", ylabel="peak memory (MB)", title="Peak memory")
    latency.plot(sizes, [p["retrieve_p50_ms"] for p in points], "o-", label="retrieval p50")
    latency.plot(sizes, [p["retrieve_p95_ms"] for p in points], "s-", label="retrieval p95")
    latency.axhline(GOALS["retrieve_p50_ms"], color="red", linestyle="--", label="p50 goal at 64k")
    latency.set(xscale="log", xlabel="articles", ylabel="ms", title="Retrieval latency")
    for axes in (memory, latency):
        axes.legend()
        axes.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(HERE / "scale.png", dpi=100)


if __name__ == "__main__":
    raise SystemExit(main())
