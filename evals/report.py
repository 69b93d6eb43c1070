"""Eval outputs: report.json (metrics under stable keys), results.jsonl, report.md, report.html.

report.json keys: every key of `run.summarise` (retrieval_hit1, retrieval_hit5, retrieval_mrr,
answer_em, answer_f1, must_contain_recall, gold_contained, gold_shown_share, answered_share, wrong_but_verified,
citations_all_gold_share, citation_precision, citation_recall, rejected_sentence_share,
quotes_verbatim_share, refusal_precision, refusal_recall, latency_p50_s, latency_p95_s, tokens_in,
tokens_out, questions, answerable, unanswerable, outcomes, wrong_but_verified_share), the same per half under
`halves` ({"tune": …, "check": …}), the tune half's lead on each share under `gap`, plus run_seconds, timestamp, golden,
corpus and gate_failures. The HTML embeds its plots; both list the answers per failure kind.
"""

from __future__ import annotations

import base64
import io
import json
from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SHARES = ["retrieval_hit1", "retrieval_hit5", "retrieval_mrr", "answer_em", "answer_f1", "must_contain_recall",
          "gold_contained", "gold_shown_share", "answered_share", "citations_all_gold_share",
          "citation_precision", "citation_recall", "quotes_verbatim_share",
          "refusal_precision", "refusal_recall", "rejected_sentence_share"]
TREND = ["retrieval_hit5", "gold_contained", "answered_share", "citation_precision", "refusal_recall"]
FAILURES = {"refused": "Refused, though the articles answer", "wrong": "Answered without the gold answer",
            "answered_unanswerable": "Answered, though the articles do not say"}


def history(runs: Path, name: str, exclude: Path) -> list[dict]:
    """Earlier runs' summaries of one golden set, oldest first."""
    found = []
    for path in sorted(runs.glob(f"*/{name}/report.json")):
        if path.parent.resolve() != exclude.resolve():
            try:
                found.append(json.loads(path.read_text()))
            except (OSError, json.JSONDecodeError):
                continue
    return found


def write(out: Path, summary: dict, results: list[dict], thresholds: dict, history: list[dict]) -> None:
    (out / "report.json").write_text(json.dumps(summary, indent=2) + "\n")
    with (out / "results.jsonl").open("w") as f:
        for row in results:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    worst = by_failure(results)
    (out / "report.md").write_text(markdown(summary, thresholds, worst))
    plots = [_bars(summary, thresholds), _latency(results), _trend(history + [summary])]
    (out / "report.html").write_text(_html(summary, thresholds, worst, plots))


def by_failure(results: list[dict]) -> dict[str, list[dict]]:
    """The questions that went wrong, grouped by how."""
    return {kind: [r for r in results if r["outcome"] == kind] for kind in FAILURES}


def side_by_side(summaries: dict[str, dict], thresholds: dict) -> str:
    """Per golden set, its tune half, check half and the gap between them; the thresholds gate the check half
    and are shown there as `value (≥ bound)`."""
    columns = [(name, part) for name, summary in summaries.items() for part in [*summary["halves"], "gap"]
               if part != "gap" or "gap" in summary]
    first = summaries[next(iter(summaries))]["halves"]
    keys = [k for k, v in next(iter(first.values())).items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    lines = ["| metric | " + " | ".join(f"{name} {part}" for name, part in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for key in keys:
        cells = []
        for name, part in columns:
            summary = summaries[name]
            value = summary["gap"].get(key) if part == "gap" else summary["halves"][part].get(key)
            bound = thresholds.get(name, {}).get(key, {}) if part == "check" else {}
            cells.append(_cell(value, bound))
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(value: float | int | None, bound: dict) -> str:
    limit = f" (≥ {bound['min']})" if "min" in bound else f" (≤ {bound['max']})" if "max" in bound else ""
    shown = "" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
    return shown + limit


def markdown_table(summary: dict, thresholds: dict) -> str:
    """The whole set, each half and the gap; thresholds gate the check half."""
    header, rows = _table(summary, thresholds)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _table(summary: dict, thresholds: dict) -> tuple[list[str], list[list[str]]]:
    halves = summary.get("halves", {})
    header = ["metric", "all", *halves, "gap", "threshold (check)"]
    rows = [[key, _cell(value, {}), *(_cell(h.get(key), {}) for h in halves.values()),
             _cell(summary.get("gap", {}).get(key), {}), _cell(None, thresholds.get(key, {})).strip()]
            for key, value in summary.items() if isinstance(value, (int, float)) and not isinstance(value, bool)]
    return header, rows


def markdown(summary: dict, thresholds: dict, worst: dict[str, list[dict]]) -> str:
    parts = [f"# Newsdesk eval {summary['timestamp']}", "", f"Golden: `{summary['golden']}`; corpus: "
             f"`{summary['corpus']}`; {summary['questions']} questions in {summary['run_seconds']:.0f} s.", "",
             markdown_table(summary, thresholds), ""]
    if summary["gate_failures"]:
        parts += ["## Gate failures", ""] + [f"- {f}" for f in summary["gate_failures"]] + [""]
    for kind, rows in worst.items():
        parts += [f"## {FAILURES[kind]} ({len(rows)})", ""]
        for r in rows:
            parts.append(f"- **{r['id']}** ({r.get('half', '?')}) {r['question']}  \n  gold: {r['gold']!r}{_shown(r)}; "
                         f"answer ({r['mode']}): {r['answer']!r}")
        parts.append("")
    return "\n".join(parts) + "\n"


def _shown(row: dict) -> str:
    """Whether an answerable question's gold answer reached the model: a retrieval miss, or the model's or verifier's."""
    if "gold_shown" not in row:
        return ""
    return " (shown to the model)" if row["gold_shown"] else " (not in the evidence)"


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _bars(summary: dict, thresholds: dict) -> str:
    fig, ax = plt.subplots(figsize=(9, 4))
    keys = [k for k in SHARES if k in summary]
    ax.barh(keys, [summary[k] for k in keys], color="#4c72b0")
    for i, key in enumerate(keys):
        bound = thresholds.get(key, {})
        if "min" in bound or "max" in bound:
            ax.plot([bound.get("min", bound.get("max"))] * 2, [i - 0.4, i + 0.4], color="#c44e52", linewidth=2)
    ax.set_xlim(0, 1)
    ax.set_title("Metrics (red: threshold)")
    ax.invert_yaxis()
    return _png(fig)


def _latency(results: list[dict]) -> str:
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist([r["seconds"] for r in results], bins=15, color="#55a868")
    ax.set_xlabel("seconds per question")
    ax.set_title("Latency")
    return _png(fig)


def _trend(runs: list[dict]) -> str:
    fig, ax = plt.subplots(figsize=(8, 3.5))
    for key in TREND:
        ax.plot(range(len(runs)), [r.get(key, float("nan")) for r in runs], marker="o", label=key)
    ax.set_xticks(range(len(runs)), [r.get("timestamp", "?")[-6:] for r in runs], rotation=45)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=7, loc="lower left")
    ax.set_title("Trend over runs in evals/runs/")
    return _png(fig)


def _html(summary: dict, thresholds: dict, worst: dict[str, list[dict]], plots: list[str]) -> str:
    header, table = _table(summary, thresholds)
    rows = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>" + "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table)
    images = "".join(f"<img alt='plot' src='data:image/png;base64,{p}'><br>" for p in plots)
    failures = "".join(f"<li>{escape(f)}</li>" for f in summary["gate_failures"]) or "<li>none</li>"
    bad = "".join(f"<h3>{escape(FAILURES[kind])} ({len(rows)})</h3><ol>" + "".join(
        f"<li><b>{escape(r['id'])}</b> {escape(r['question'])}<br>gold: {escape(str(r['gold']))}{escape(_shown(r))}"
        f"<br>answer ({escape(r['mode'])}): {escape(r['answer'])}</li>" for r in rows) + "</ol>"
        for kind, rows in worst.items())
    return (f"<!doctype html><meta charset='utf-8'><title>Newsdesk eval {escape(summary['timestamp'])}</title>"
            f"<h1>Newsdesk eval {escape(summary['timestamp'])}</h1><p>{summary['questions']} questions, "
            f"{summary['run_seconds']:.0f} s</p><h2>Gate failures</h2><ul>{failures}</ul>{images}"
            f"<h2>Metrics</h2><table>{rows}</table><h2>Questions that went wrong</h2>{bad}")
