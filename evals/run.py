"""`newsdesk-eval`: score the assistant on golden sets; exit 1 when a metric misses its threshold.

    newsdesk-eval [--golden FILE ...] [--corpus corpus] [--index DIR] [--out DIR] [--limit N] [--seed S]
                  [--half tune|check]
    newsdesk-eval --squad dev-v1.1.json --sample 50
    newsdesk-eval --entities [golden_entities.jsonl]   (names and their merges: `evals/entities.py`)

By default the three sets over the bundled corpus run and are reported side by side: `golden.jsonl`
(questions close to the articles' words), `golden_paraphrase.jsonl` (a reporter's own words,
follow-ups, near-miss unanswerables) and `golden_reporter.jsonl` (the same kinds, written later by a
session that had read neither the rules nor the other sets: no rule was fitted to it). `make eval-news` runs
`golden_news.jsonl` and `golden_news2.jsonl` against the bench's 3,824-article index.

Golden rows: {"id", "question", "answer" (str | null), "answers": [alternatives], "must_contain":
[fact, or [alternative wordings]], "sources": [article ids], "answerable": bool, "history":
[[question, answer]] (a follow-up's conversation)}. A SQuAD v1.1 file becomes a corpus (one article
per `data[]` entry, its title made safe as an id) and golden rows. Each set's thresholds are
`thresholds.json[<set name>]`, applied to the set's check half.

Every set is split once by a hash of each row's id (`evals.data.half`): rules, thresholds and prompts may be
fitted to the tune half only; the check half is judged. Both halves are reported side by side with the gap.
Writes report.json, results.jsonl, report.md and report.html (see
evals/report.py) per set to `--out/<set name>/`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from assistant import Answer, Newsdesk, Settings, safe_id, verbatim_quotes
from evals import entities, metrics, report
from evals.data import HALVES, half, read_jsonl

HERE = Path(__file__).resolve().parent
RUNS = HERE / "runs"
DEFAULT_SETS = [HERE / "golden.jsonl", HERE / "golden_paraphrase.jsonl", HERE / "golden_reporter.jsonl"]


def load_golden(path: Path) -> list[dict]:
    rows = read_jsonl(path)
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
        article_id = safe_id(entry["title"])  # SQuAD-Shifts' NYT titles are URLs
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
    answer = desk.ask(row["question"], history=[tuple(turn) for turn in row.get("history", [])])
    elapsed = time.perf_counter() - started
    ranked = list(dict.fromkeys(e.article.id for e in answer.evidence))
    by_number = {c.number: c for c in answer.citations}
    sentences = [{"text": s.text, "verified": s.verified, "score": s.score,
                  "citations": [by_number[n].article.id for n in s.citations]} for s in answer.sentences]
    return {
        "id": row["id"], "half": half(row["id"]), "question": row["question"], "gold": row.get("answer"),
        "answerable": row["answerable"],
        "answer": answer.text, "refused": answer.refused, "mode": answer.mode, "notice": answer.notice,
        "sentences": [] if answer.refused else sentences,
        "rejected": [{"text": s.text, "reason": s.reason} for s in answer.rejected],
        "citations": [{"number": c.number, "article": c.article.id, "sentence": c.sentence.index,
                       "start": c.sentence.start, "end": c.sentence.end, "text": c.sentence.text,
                       "speaker": c.speaker} for c in answer.citations],
        "retrieved": ranked, "seconds": elapsed, "timings": answer.timings, "usage": answer.usage,
        "quotes_checked": verbatim_quotes(answer.text, [a.text for a in answer.articles.values()]),
        "corroboration": [{"sentence": c.sentence, "articles": c.articles, "publishers": c.publishers,
                           "copies": c.copies, "sources": [s.article.id for s in c.sources]} for c in answer.corroboration],
        "conflicts": [{"sentence": c.sentence, "kind": c.kind,
                       "values": [{"value": v.value, "article": v.article.id, "date": v.article.date,
                                   "superseded": v.superseded} for v in c.values]} for c in answer.conflicts],
        "as_of": answer.as_of_text,
        **score_row(row, answer.text, answer.refused, ranked, sentences, shown_text(answer)),
        **score_sources(row, answer),
    }


def score_sources(row: dict, answer: Answer) -> dict:
    """For rows with gold sources side by side: conflict found, and the answer sentence's corroboration count."""
    if "conflict" not in row:
        return {}
    shown = [[v.value for v in c.values] for c in answer.conflicts]
    facts = row.get("must_contain", [])
    holding = next((i for i, s in enumerate(answer.sentences) if metrics.must_contain_recall(s.text, facts) == 1.0), 0)
    counted = next((c.articles for c in answer.corroboration if c.sentence == holding), None)
    return {"conflict_gold": len(row["conflict"]) > 1, "conflict_shown": bool(shown),
            "conflict_found": metrics.conflict_found(shown, row["conflict"]) if len(row["conflict"]) > 1 else False,
            "corroboration_exact": counted == row["corroboration"] and not answer.refused}


def shown_text(answer: Answer) -> str:
    """Every sentence the model was first shown: the evidence sentences and their neighbours."""
    return " ".join(s.text for e in answer.evidence for s in e.context)


def score_row(row: dict, text: str, refused: bool, ranked: list[str], sentences: list[dict], shown: str) -> dict:
    """`shown`: the text the model was shown; `gold_shown` tells a retrieval miss (the answer never reached
    the model) from a model or verifier miss (it did)."""
    gold_sources = row.get("sources", [])
    golds = row.get("answers") or ([row["answer"]] if row.get("answer") else [])
    scores = {"hit1": metrics.hit_at_k(ranked, gold_sources, 1), "hit5": metrics.hit_at_k(ranked, gold_sources, 5),
              "rr": metrics.reciprocal_rank(ranked, gold_sources)}
    if row["answerable"]:
        scores["gold_shown"] = float(metrics.must_contain_recall(shown, row.get("must_contain", []) or golds) == 1.0)
    contained = False
    if row["answerable"] and not refused:
        precision, recall = metrics.citation_scores(sentences, gold_sources)
        must_contain = metrics.must_contain_recall(text, row.get("must_contain", []) or golds)
        contained = must_contain == 1.0
        scores.update(em=metrics.exact_match(text, golds), f1=metrics.token_f1(text, golds), must_contain=must_contain,
                      gold_contained=float(contained), citation_precision=precision, citation_recall=recall,
                      citations_gold=float(all(c in gold_sources for s in sentences for c in s["citations"])))
    elif row["answerable"]:
        scores.update(em=0.0, f1=0.0, must_contain=0.0, gold_contained=0.0, citation_precision=0.0,
                      citation_recall=0.0)
    kind = metrics.failure_kind(row["answerable"], refused, contained)
    verified = any(s["verified"] for s in sentences)
    return {**scores, "outcome": kind, "wrong_but_verified": kind in ("wrong", "answered_unanswerable") and verified}


def summarise(results: list[dict]) -> dict:
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    mean = lambda rows, key: sum(r[key] for r in rows if key in r) / max(1, sum(key in r for r in rows))  # noqa: E731
    refusal = metrics.precision_recall([r["refused"] for r in results], [not r["answerable"] for r in results])
    sentences = sum(len(r["sentences"]) + len(r["rejected"]) for r in results)
    quotes = [q for r in results for q in r["quotes_checked"]]
    seconds = [r["seconds"] for r in results]
    wrong = sum(r["wrong_but_verified"] for r in results)
    return {
        "questions": len(results), "answerable": len(answerable), "unanswerable": len(unanswerable),
        "retrieval_hit1": mean(answerable, "hit1"), "retrieval_hit5": mean(answerable, "hit5"),
        "retrieval_mrr": mean(answerable, "rr"),
        "answer_em": mean(answerable, "em"), "answer_f1": mean(answerable, "f1"),
        "must_contain_recall": mean(answerable, "must_contain"),
        "gold_contained": mean(answerable, "gold_contained"),
        "gold_shown_share": mean(answerable, "gold_shown"),
        "answered_share": sum(not r["refused"] for r in answerable) / max(1, len(answerable)),
        "wrong_but_verified": wrong, "wrong_but_verified_share": wrong / max(1, sum(not r["refused"] for r in results)),
        "citations_all_gold_share": mean(answerable, "citations_gold"),
        "citation_precision": mean(answerable, "citation_precision"),
        "citation_recall": mean(answerable, "citation_recall"),
        "rejected_sentence_share": sum(len(r["rejected"]) for r in results) / max(1, sentences),
        "quotes_verbatim_share": sum(quotes) / len(quotes) if quotes else 1.0,
        "refusal_precision": refusal["precision"], "refusal_recall": refusal["recall"],
        "latency_p50_s": metrics.percentile(seconds, 50), "latency_p95_s": metrics.percentile(seconds, 95),
        "tokens_in": sum(r["usage"].get("prompt_tokens", 0) for r in results),
        "tokens_out": sum(r["usage"].get("completion_tokens", 0) for r in results),
        "outcomes": {kind: sum(r["outcome"] == kind for r in results) for kind in metrics.OUTCOMES},
        **summarise_sources([r for r in results if "conflict_gold" in r]),
    }


def summarise_sources(rows: list[dict]) -> dict:
    """Conflict recall (gold conflicts shown with every gold value) and precision (shown conflicts that are
    gold ones, values right), and the share of answers whose corroboration count is exact."""
    if not rows:
        return {}
    found = sum(r["conflict_found"] for r in rows)
    return {"conflict_recall": found / max(1, sum(r["conflict_gold"] for r in rows)),
            "conflict_precision": found / max(1, sum(r["conflict_shown"] for r in rows)) if any(
                r["conflict_shown"] for r in rows) else 0.0,
            "corroboration_exact_share": sum(r["corroboration_exact"] for r in rows) / len(rows)}


def summarise_halves(results: list[dict]) -> dict:
    """The whole set's summary, with each half's beside it (`halves`) and the tune half's lead over the check
    half on every share (`gap`): a rule fitted to tune rows that does not generalise shows as a gap."""
    summary = summarise(results)
    halves = {name: summarise(rows) for name in HALVES if (rows := [r for r in results if r["half"] == name])}
    summary["halves"] = halves
    if len(halves) == len(HALVES):
        tune, check = halves["tune"], halves["check"]
        summary["gap"] = {k: tune[k] - check[k] for k in report.SHARES if k in tune and k in check}
    return summary


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
    parser.add_argument("--golden", type=Path, action="append", help="a golden set (repeatable); default: "
                        "golden.jsonl and golden_paraphrase.jsonl")
    parser.add_argument("--corpus", type=Path, default=None, help="default: corpus/ (the configured index)")
    parser.add_argument("--index", type=Path, default=None, help="keep the corpus's index here (reused next run)")
    parser.add_argument("--out", type=Path, default=None, help="default: evals/runs/<timestamp>/")
    parser.add_argument("--half", choices=HALVES, help="only this half of each set (default: both; the gate reads "
                        "the check half, so a tune-only run is not gated)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions (after shuffling with --seed)")
    parser.add_argument("--seed", type=int, default=0, help="shuffle the questions with this seed (0: file order)")
    parser.add_argument("--squad", type=Path, help="a SQuAD v1.1 JSON file to use as corpus and golden set")
    parser.add_argument("--sample", type=int, default=50, help="questions sampled from --squad")
    parser.add_argument("--thresholds", type=Path, default=HERE / "thresholds.json")
    parser.add_argument("--entities", type=Path, nargs="?", const=HERE / "golden_entities.jsonl",
                        help="score the names pass instead (default set: golden_entities.jsonl) against the bench "
                             "CSV given by --corpus (default bench/data/NewsArticles.csv: `make eval-entities`); with "
                             "--index, in that store of the whole CSV")
    args = parser.parse_args(argv)
    if args.entities:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        news = args.corpus or HERE.parent / "bench" / "data" / "NewsArticles.csv"
        return entities.evaluate(args.entities, news, (args.out or RUNS / stamp) / "entities", args.index)

    settings = Settings.from_env()
    scratch = tempfile.TemporaryDirectory(prefix="newsdesk-eval-")
    corpus = args.corpus or settings.store.corpus_dir
    if args.squad:
        corpus = Path(scratch.name) / "corpus"
        sets = {"squad": squad_to_corpus(args.squad, corpus, args.sample, args.seed)}
    else:
        sets = {path.stem: load_golden(path) for path in args.golden or DEFAULT_SETS}
        if args.seed:
            for golden in sets.values():
                random.Random(args.seed).shuffle(golden)
    if args.half:
        sets = {name: [r for r in golden if half(r["id"]) == args.half] for name, golden in sets.items()}
    if args.limit:
        sets = {name: golden[: args.limit] for name, golden in sets.items()}
    if args.index:
        settings = settings.with_(data_dir=args.index)
    elif args.squad or corpus.resolve() != settings.store.corpus_dir.resolve():
        settings = settings.with_(data_dir=Path(scratch.name) / "data")  # its own temporary index

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = args.out or RUNS / stamp
    thresholds = json.loads(args.thresholds.read_text()) if args.thresholds.exists() and not args.squad else {}
    summaries, failures = {}, []
    with Newsdesk(settings) as desk:
        desk.ingest([corpus], progress=True)
        for name, golden in sets.items():
            started = time.perf_counter()
            results = [run_one(desk, row) for row in tqdm(golden, desc=f"Evaluating {name}", unit="question")]
            summary = summarise_halves(results)
            summary.update(run_seconds=time.perf_counter() - started, timestamp=stamp, golden=name, corpus=str(corpus))
            bounds = thresholds.get(name, {})
            check = summary["halves"].get("check")
            summary["gate_failures"] = [f"{name} (check half): {f}" for f in gate(check, bounds)] if check else []
            failures += summary["gate_failures"]
            (out / name).mkdir(parents=True, exist_ok=True)
            report.write(out / name, summary, results, bounds, history=report.history(RUNS, name, exclude=out))
            summaries[name] = summary
    scratch.cleanup()
    print(report.side_by_side(summaries, thresholds))
    print(f"\nwrote {out}/<set>/report.json, results.jsonl, report.md, report.html")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
