"""Measure the citation verifier on labelled (answer sentence, source sentence) pairs.

    python -m evals.verifier [--pairs evals/verifier_pairs.jsonl] [--corpus corpus]

Each pair names a claim, the article and sentence(s) it is checked against, whether that source
supports it, and the kind of pair: supported, or subtly wrong (changed number or date, swapped
person or organisation, claim from another article, claim the source never makes). The
verifier sees only the named sentences, exactly as it sees an answer's cited sentences.
Positive class = "supported": precision is the share of accepted claims that are true.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from assistant.citations import Attributor, Candidate, find_speaker
from assistant.config import Settings
from assistant.embed import MiniLMEmbedding
from assistant.ingest import load_articles
from assistant.ingest.split import split_sentences
from evals.metrics import precision_recall

HERE = Path(__file__).resolve().parent


def evaluate(pairs: list[dict], corpus: Path, settings: Settings) -> dict:
    articles = {a.id: a for a in load_articles([corpus]).articles}
    sentences = {i: split_sentences(i, a.text) for i, a in articles.items()}
    attributor = Attributor(MiniLMEmbedding(threads=settings.embed_threads), settings.support_threshold)
    predicted, rows = [], []
    for pair in pairs:
        article = articles[pair["article"]]
        candidates = [Candidate(article.info, sentences[article.id][i],
                                find_speaker(article.text, sentences[article.id][i], sentences[article.id]))
                      for i in pair["sentences"]]
        judged, _ = attributor.attribute(pair["claim"], candidates, {article.id: article.text})
        verdict = all(s.verified for s in judged)
        predicted.append(verdict)
        rows.append({**pair, "verified": verdict, "score": min(s.score for s in judged),
                     "reason": "; ".join(s.reason for s in judged if s.reason)})
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row["verified"] == row["supported"])
    return {
        "pairs": len(pairs),
        "support_threshold": settings.support_threshold,
        **precision_recall(predicted, [p["supported"] for p in pairs]),
        "accuracy_by_kind": {k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
        "errors": [r for r in rows if r["verified"] != r["supported"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=HERE / "verifier_pairs.jsonl")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--out", type=Path, default=HERE / "verifier_report.json")
    args = parser.parse_args(argv)
    pairs = [json.loads(line) for line in args.pairs.read_text().splitlines() if line.strip()]
    report = evaluate(pairs, args.corpus, Settings.from_env())
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{report['pairs']} pairs: precision {report['precision']:.3f}, recall {report['recall']:.3f}")
    for kind, accuracy in report["accuracy_by_kind"].items():
        print(f"  {kind:<10} {accuracy:.0%} judged right")
    for error in report["errors"]:
        print(f"  wrong: {error['claim']} (supported={error['supported']}; {error['reason'] or 'accepted'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
