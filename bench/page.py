"""Time the chat page as a reader sees it, and take the screenshot in docs/.

    python -m bench.page [--out bench/page.json] [--screenshot docs/cited-answer.png]

Serves the page on the configured index, asks each question in headless Chromium, and records
the time from pressing Enter to the first evidence and to the final cited answer.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from assistant import Newsdesk, Settings, free_port
from evals.metrics import percentile
from ui.app import launch
from ui.browser import launch_chromium

QUESTIONS = [
    "How much does Svevind plan to invest in Kazakhstan?",
    "Who is Luc Devigne?",
    "Which metals do Kazakh manufacturers supply to the EU?",
    "What was the price of lithium in 2024?",
]


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("bench/page.json"))
    parser.add_argument("--screenshot", type=Path, default=Path("docs/cited-answer.png"))
    args = parser.parse_args(argv)
    port = free_port()
    rows = []
    with Newsdesk(Settings.from_env()) as desk, sync_playwright() as p:
        desk.ingest([desk.settings.store.corpus_dir], progress=False)
        app = launch(desk, port=port, block=False)
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
        for i, question in enumerate(QUESTIONS):
            page.locator("#question textarea").fill(question)
            started = time.perf_counter()
            page.locator("#question textarea").press("Enter")
            page.locator("#sources .evidence").wait_for(timeout=60_000)
            evidence = time.perf_counter() - started
            page.locator("#sources .source, #sources p:has-text('No sources')").first.wait_for(timeout=180_000)
            rows.append({"question": question, "evidence_s": evidence, "answer_s": time.perf_counter() - started})
            print(f"{rows[-1]['evidence_s']:.2f} s to evidence, {rows[-1]['answer_s']:.2f} s to answer: {question}")
            if i == 0:
                page.locator("#chat a[href='#source-1']").last.click()
                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.screenshot), full_page=True)
        browser.close()
        app.close()
    summary = {"questions": rows,
               "evidence_p50_s": percentile([r["evidence_s"] for r in rows], 50),
               "answer_p50_s": percentile([r["answer_s"] for r in rows], 50)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"wrote {args.out} and {args.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
