"""`make bench-prompt`: how many evidence sentences the model reads, against what it gets right.

Issue 13's lever "fewer prompt tokens": the wait for the first word is the model reading its
prompt, so each setting of `evidence_sentences` × `neighbours` is run over the bundled corpus's
paraphrase golden set (a reporter's own words, near-miss unanswerables) and scored as
`newsdesk-eval` scores it. Writes bench/prompt.{json,md,png}: per setting, the prompt's new tokens
(p50, the server's cached prefix left out), first-token latency p50, gold contained, answered share,
refusal recall and wrong-but-verified; the knee is the setting kept in `config.py`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from tqdm import tqdm  # noqa: E402

from assistant import Newsdesk, Settings  # noqa: E402
from evals.metrics import percentile  # noqa: E402
from evals.run import load_golden, run_one, summarise  # noqa: E402

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent / "evals" / "golden_paraphrase.jsonl"
GRID = [(2, 0), (4, 0), (4, 1)]  # (evidence sentences, neighbours each side); 6 ± 1 was measured before (config.py)
QUALITY = ("gold_contained", "answered_share", "refusal_recall", "wrong_but_verified")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="prompt size against answer quality on the paraphrase set")
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions")
    args = parser.parse_args(argv)
    golden = load_golden(GOLDEN)[: args.limit or None]
    base = Settings.from_env()
    with tempfile.TemporaryDirectory(prefix="newsdesk-prompt-") as scratch:
        base = base.with_(data_dir=Path(scratch))
        with Newsdesk(base) as desk:
            desk.ingest([base.store.corpus_dir], progress=False)
        points = []
        for sentences, neighbours in GRID:
            settings = base.with_(evidence_sentences=sentences, neighbours=neighbours)
            with Newsdesk(settings) as desk:
                desk.warm_up()
                results = [run_one(desk, row) for row in tqdm(golden, desc=f"{sentences} sentences ± {neighbours}")]
            points.append(point(sentences, neighbours, results))
    (HERE / "prompt.json").write_text(json.dumps(points, indent=2) + "\n")
    (HERE / "prompt.md").write_text(markdown(points, len(golden)))
    plot(points, HERE / "prompt.png")
    print(markdown(points, len(golden)))
    return 0


def point(sentences: int, neighbours: int, results: list[dict]) -> dict:
    """One setting's prompt size, first-token latency and quality."""
    asked = [r for r in results if "prompt_tokens" in r["usage"]]  # the model was called
    new = [r["usage"]["prompt_tokens"] - r["usage"].get("cached_prompt_tokens", 0) for r in asked]
    first = [r["timings"].get("first_token", r["timings"]["total"]) for r in results]
    summary = summarise(results)
    return {"evidence_sentences": sentences, "neighbours": neighbours,
            "prompt_tokens_p50": percentile([r["usage"]["prompt_tokens"] for r in asked], 50),
            "new_prompt_tokens_p50": percentile(new, 50), "first_token_p50_s": percentile(first, 50),
            **{key: summary[key] for key in QUALITY}}


def markdown(points: list[dict], questions: int) -> str:
    default = Settings().retrieval
    lines = [f"Paraphrase golden set ({questions} questions), bundled model, 2 cores; the row in bold is the "
             "default setting.\n",
             "| sentences ± neighbours | prompt tokens p50 (new) | first token p50 | gold contained | answered | "
             "refusal recall | wrong but verified |", "|---|---|---|---|---|---|---|"]
    for p in points:
        name = f"{p['evidence_sentences']} ± {p['neighbours']}"
        if (p["evidence_sentences"], p["neighbours"]) == (default.evidence_sentences, default.neighbours):
            name = f"**{name}**"
        lines.append(f"| {name} | {p['prompt_tokens_p50']:.0f} ({p['new_prompt_tokens_p50']:.0f}) | "
                     f"{p['first_token_p50_s']:.2f} s | {p['gold_contained']:.3f} | {p['answered_share']:.3f} | "
                     f"{p['refusal_recall']:.3f} | {p['wrong_but_verified']} |")
    return "\n".join(lines) + "\n"


def plot(points: list[dict], path: Path) -> None:
    fig, left = plt.subplots(figsize=(7, 4))
    tokens = [p["new_prompt_tokens_p50"] for p in points]
    left.plot(tokens, [p["gold_contained"] for p in points], "o", color="tab:blue", label="gold contained")
    left.plot(tokens, [p["answered_share"] for p in points], "s", color="tab:green", label="answered")
    for p, x in zip(points, tokens):
        left.annotate(f"{p['evidence_sentences']}±{p['neighbours']}", (x, p["gold_contained"]),
                      textcoords="offset points", xytext=(4, 4), fontsize=8)
    left.set_xlabel("new prompt tokens per question (p50)")
    left.set_ylabel("share of answerable questions")
    right = left.twinx()
    right.plot(tokens, [p["first_token_p50_s"] for p in points], "x", color="tab:red", label="first token (s)")
    right.axhline(2.0, color="tab:red", linestyle=":", linewidth=1)
    right.set_ylabel("first answer token p50 (s); goal 2 s dotted")
    fig.legend(loc="upper left", bbox_to_anchor=(0.1, 0.95), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())
