"""`make load`: 10, then 20 readers asking the chat page at the same moment, over its HTTP API.

    python -m bench.load [--users 10 20] [--out bench/load.json]

Serves the page on the bundled corpus with the embedded model, starts every reader's question
together, and records per reader the seconds to the evidence and to the final answer, and any
error. Writes bench/load.json and bench/load.md.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from pathlib import Path

from assistant import Newsdesk, Settings, free_port
from evals.metrics import percentile
from ui.app import launch

QUESTIONS = [
    "How much does Svevind plan to invest in Kazakhstan?",
    "Which metals do Kazakh manufacturers supply to the EU?",
    "Who is Luc Devigne?",
    "When is first production of Hyrasia One slated?",
    "What was the price of lithium in 2024?",
]


def reader(url: str, question: str, row: dict, start: threading.Barrier) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    start.wait()
    began = time.perf_counter()
    try:
        for _, _, sources, _ in client.submit(question, [], [], "", "", api_name="/respond"):
            if "Evidence" in sources and "evidence_s" not in row:
                row["evidence_s"] = time.perf_counter() - began
            if "source-" in sources or "No sources" in sources:
                row["answer_s"] = time.perf_counter() - began
    except Exception as exc:  # noqa: BLE001 - any failure a reader would see counts as an error
        row["error"] = f"{type(exc).__name__}: {exc}"
    if "answer_s" not in row and "error" not in row:
        row["error"] = "no answer"


def run(url: str, users: int) -> dict:
    rows = [{"user": i, "question": QUESTIONS[i % len(QUESTIONS)]} for i in range(users)]
    start = threading.Barrier(users)
    threads = [threading.Thread(target=reader, args=(url, r["question"], r, start)) for r in rows]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    evidence = [r["evidence_s"] for r in rows if "evidence_s" in r]
    answers = [r["answer_s"] for r in rows if "answer_s" in r]
    return {"users": users, "errors": sum("error" in r for r in rows),
            "evidence_p50_s": percentile(evidence, 50), "evidence_max_s": max(evidence, default=0.0),
            "answer_p50_s": percentile(answers, 50), "answer_max_s": max(answers, default=0.0), "readers": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", default=[10, 20])
    parser.add_argument("--out", type=Path, default=Path("bench/load.json"))
    args = parser.parse_args(argv)
    port = free_port()
    with Newsdesk(Settings.from_env()) as desk:
        desk.ingest([desk.settings.store.corpus_dir], progress=False)
        desk.warm_up()
        app = launch(desk, port=port, block=False)
        results = [run(f"http://127.0.0.1:{port}/", n) for n in args.users]
        app.close()
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    lines = ["| readers at once | errors | evidence p50 / max | answer p50 / max |", "|---|---|---|---|"]
    lines += [f"| {r['users']} | {r['errors']} | {r['evidence_p50_s']:.1f} / {r['evidence_max_s']:.1f} s | "
              f"{r['answer_p50_s']:.1f} / {r['answer_max_s']:.1f} s |" for r in results]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
