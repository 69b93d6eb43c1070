"""`make bench-scale`: how memory, start-up, ingest and retrieval grow with the corpus -> bench/scale.{json,md,png}.

The corpus is real text: the bench's 3,824 news articles (the 20 bench questions' articles first,
empty rows left out) and, past them, distractor articles composed from runs of real sentences of
two other bench articles, dated near the first one. The bench questions' own articles are never
used for distractors, so each question must find its needle among more and more stories.

Each point grows the previous point's store (ingest skips what is stored, so only the new articles
are embedded) and is measured in fresh processes, so each peak memory is that step's own:
- ingest of the added articles in its two steps: searchable (stored, keyword-indexed) articles/s,
  then the embed queue's articles/s and the share of its time the embedder alone would take (at
  least: the embedder's time less Chroma's writes, which overlap it on a second thread); names are not
  read here (`NEWSDESK_READ_NAMES` off: they are timed by `make bench`);
- adding 100 more articles to the grown store: seconds until searchable, and until embedded;
- a reader: a new `Newsdesk` on the store until its first evidence (start-up; the libraries and
  the embedder, loaded once per process whatever the corpus, are timed apart), then retrieval
  p50/p95 on the 20 bench questions the first time (their sentences' vectors are made then) and
  warm (asked again), hit@5, and the reader's peak memory;
- the store's size on disk, which embedder made its vectors, and when.

The store is kept in `bench/data/scale/` and resumable, so a big point can be built over several
runs (an interrupted ingest or embed queue goes on where it stopped). `python -m bench.scale --sizes
1000,4000` measures fewer points; results are written after each; `--read-again` measures the reader
again on the built points. Below 64,000 the report states
the slope fitted to the points, carried to 64,000.
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
PART = 4000  # rows per feed file: under NEWSDESK_MAX_FILE_BYTES (20 MB), which refuses a bigger file whole
GOALS = {"reader_peak_mb": 1500, "startup_s": 3.0, "retrieve_p50_ms": 150, "ingest_ratio": 0.9,  # issue 44, at 64k
         "searchable_per_s": 50, "add_100_searchable_s": 5.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Newsdesk's scale curve")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="corpus sizes in articles, ascending")
    parser.add_argument("--read-again", action="store_true",
                        help="measure the reader again on the points already built (after bench/questions.jsonl changed)")
    parser.add_argument("--worker", choices=["ingest", "read"], help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--feed", type=Path, nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(ingest(args.store, args.feed) if args.worker == "ingest" else read(args.store)))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    questions = read_jsonl(HERE / "questions.jsonl")
    needles = {s for q in questions for s in q["sources"]}
    stream = articles_in_order(needles, total=max(sizes))
    WORK.mkdir(parents=True, exist_ok=True)
    built = {p["articles"]: p for p in json.loads((HERE / "scale.json").read_text())["points"]
             if (WORK / f"store-{p['articles']}").exists()} if (HERE / "scale.json").exists() else {}
    points, previous = [], None
    for size in sizes:
        store = WORK / f"store-{size}"
        if size in built:  # measured on an earlier run: kept (delete its store to measure it again)
            points.append({**built[size], **worker("read", store)} if args.read_again else built[size])
            previous = store
            continue
        resumed = store.exists()  # a point stopped half-way goes on where it stopped; its rates cover the rest only
        if previous is not None and not resumed:
            shutil.copytree(previous, store)
        print(f"== {size} articles" + (" (resumed)" if resumed else ""), flush=True)
        point = {"articles": size, "resumed": resumed, **worker("ingest", store, *write_feeds(store, stream[:size]))}
        added = distractors(needles, f"added-{size}-", ADDED)  # a day's new articles, in their own file
        day = worker("ingest", store, write_feed(store / f"added-{size}.jsonl", added))
        point.update(add_100_searchable_s=day["searchable_s"], add_100_embedded_s=day["searchable_s"] + day["vectors_s"])
        point.update(worker("read", store))
        point["index_mb"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file() and f.suffix != ".jsonl") / 1e6
        points.append(point)
        previous = store
        report(points)
    if args.read_again:
        report(points)
    return 0


def worker(kind: str, store: Path, *feeds: Path) -> dict:
    command = [sys.executable, "-m", "bench.scale", "--worker", kind, "--store", str(store)]
    done = subprocess.run(command + (["--feed", *map(str, feeds)] if feeds else []), stdout=subprocess.PIPE, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest(store: Path, feeds: list[Path]) -> dict:
    from assistant import Newsdesk, Settings

    with Newsdesk(Settings.from_env().with_(data_dir=store, read_names=False)) as desk:
        started = time.perf_counter()
        _, synced = desk.ingest(feeds)
        searchable = time.perf_counter() - started - synced.vectors_seconds
        embedder = desk.runtime()["embedder"]
    added = len(synced.added) + len(synced.updated)
    return {"added": added, "searchable_s": searchable, "searchable_per_s": added / searchable,
            "vectors_s": synced.vectors_seconds, "embedded": synced.embedded,
            "vectors_per_s": synced.embedded / synced.vectors_seconds if synced.embedded else None,
            "ingest_ratio": synced.embedder_share if synced.embedded else None,
            "vectors_by": embedder, "vectors_made": datetime.datetime.now().isoformat(timespec="seconds"),
            "ingest_peak_mb": peak_mb()}


def read(store: Path) -> dict:
    from assistant import Newsdesk, Settings

    questions = read_jsonl(HERE / "questions.jsonl")
    (store / "newsdesk.sentences.sqlite3").unlink(missing_ok=True)  # a cache: the first asking makes it again
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as empty, Newsdesk(Settings.from_env().with_(data_dir=Path(empty))):
        libraries = time.perf_counter() - started  # torch, transformers and the embedder: once per process
    started = time.perf_counter()
    with Newsdesk(Settings.from_env().with_(data_dir=store)) as desk:
        desk.evidence("What did the minister say?")
        startup = time.perf_counter() - started
        first, warm, hits = [], [], []
        for question in questions:
            for times in (first, warm, warm, warm):
                retrieval = desk.evidence(question["question"])
                times.append(retrieval.timings["retrieve"] * 1000)
            ranked = list(dict.fromkeys(e.article.id for e in retrieval.evidence))
            hits.append(hit_at_k(ranked, question["sources"], 5))
        stored = len(desk.articles())
    return {"reader_measured": datetime.datetime.now().isoformat(timespec="seconds"),
            "stored": stored, "libraries_s": libraries, "startup_s": startup, "retrieve_p50_ms": percentile(warm, 50),
            "retrieve_p95_ms": percentile(warm, 95), "retrieve_first_p50_ms": percentile(first, 50),
            "retrieve_first_p95_ms": percentile(first, 95), "hit_at_5": sum(hits) / len(hits), "reader_peak_mb": peak_mb()}


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


def write_feeds(store: Path, rows: list[dict]) -> list[Path]:
    """The stream in files of `PART` rows; a row stays in the same file as the stream grows, so ingest sees one
    source for it, not a rival for its id."""
    return [write_feed(store / ("feed.jsonl" if start == 0 else f"feed-{start // PART}.jsonl"), rows[start:start + PART])
            for start in range(0, len(rows), PART)]


def write_feed(path: Path, rows: list[dict]) -> Path:
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
    lines = ["| articles | stored | index on disk | searchable articles/s | vectors articles/s (share in embedder) | "
             "add 100: searchable / embedded | start-up (+ libraries) | retrieval p50 / p95: warm, first asking | hit@5 | "
             "peak memory: ingest / reader | vectors made by |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in points:
        vectors = f"{p['vectors_per_s']:.1f} ({p['ingest_ratio']:.2f})" if p.get("vectors_per_s") else "-"
        lines.append(
            f"| {p['articles']:,} | {p['stored']:,} | {p['index_mb']:.0f} MB | {p['searchable_per_s']:.0f} | {vectors} | "
            f"{p['add_100_searchable_s']:.1f} / {p['add_100_embedded_s']:.1f} s | {p['startup_s']:.1f} s "
            f"(+ {p['libraries_s']:.1f} s) | {p['retrieve_p50_ms']:.0f} / {p['retrieve_p95_ms']:.0f} ms, "
            f"{p['retrieve_first_p50_ms']:.0f} / {p['retrieve_first_p95_ms']:.0f} ms | {p['hit_at_5']:.2f} | "
            f"{p['ingest_peak_mb']:.0f} / {p['reader_peak_mb']:.0f} MB | {p['vectors_by']}, {p['vectors_made'][:10]} |")
    last = points[-1]
    at_64k = {key: carried(points, key) for key in ("reader_peak_mb", "ingest_peak_mb", "startup_s", "retrieve_p50_ms")}
    verdicts = [
        ("searchable ingest ≥ 50 articles/s", min(p["searchable_per_s"] for p in points) >= GOALS["searchable_per_s"]),
        ("100 articles added to the biggest store searchable in ≤ 5 s",
         last["add_100_searchable_s"] <= GOALS["add_100_searchable_s"]),
        ("ingest with vectors ≥ 0.9 × the embedder's throughput",
         min(p.get("ingest_ratio") or 1 for p in points) >= GOALS["ingest_ratio"]),
        ("reader peak memory ≤ 1.5 GB", at_64k["reader_peak_mb"] <= GOALS["reader_peak_mb"]),
        ("ingest peak memory ≤ 1.5 GB", at_64k["ingest_peak_mb"] <= GOALS["reader_peak_mb"]),
        ("start-up ≤ 3 s", at_64k["startup_s"] <= GOALS["startup_s"]),
        ("retrieval p50 ≤ 150 ms", at_64k["retrieve_p50_ms"] <= GOALS["retrieve_p50_ms"]),
        ("hit@5 does not drop as distractors are added", last["hit_at_5"] >= points[0]["hit_at_5"]),
    ]
    if last["articles"] >= 64000:
        at = "at 64,000 articles"
    else:
        at = (f"at {last['articles']:,} articles, the largest point built; memory, start-up and retrieval are judged "
              "at 64,000 on the line through the points, carried on: " +
              ", ".join(f"{key} {value:.0f}" for key, value in at_64k.items()))
    lines += ["", f"Goals, {at}:", ""] + [f"- {goal}: {'pass' if ok else 'FAIL'}" for goal, ok in verdicts]
    return "\n".join(lines) + "\n\n![memory and latency against corpus size](scale.png)\n"


def carried(points: list[dict], key: str, to: int = 64000) -> float:
    """The measure at `to` articles on the straight line through the last two points (or the one point's value)."""
    if points[-1]["articles"] >= to or len(points) < 2:
        return points[-1][key]
    (x0, y0), (x1, y1) = [(p["articles"], p[key]) for p in points[-2:]]
    return y1 + (y1 - y0) / (x1 - x0) * (to - x1)


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
    latency.plot(sizes, [p["retrieve_first_p50_ms"] for p in points], "^-", label="retrieval p50, first asking")
    latency.axhline(GOALS["retrieve_p50_ms"], color="red", linestyle="--", label="p50 goal at 64k")
    latency.set(xscale="log", xlabel="articles", ylabel="ms", title="Retrieval latency")
    for axes in (memory, latency):
        axes.legend()
        axes.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(HERE / "scale.png", dpi=100)


if __name__ == "__main__":
    raise SystemExit(main())
