"""Measure the citation verifier on labelled (answer sentence, source sentence) pairs.

    python -m evals.verifier [--pairs evals/verifier_pairs.jsonl] [--corpus corpus --corpus evals/verifier_corpus]

Each pair names a claim, the article and sentence(s) it is checked against, whether that source
supports it, the kind of pair (supported, changed number or date, swapped person or organisation,
claim from another article, claim the source never makes, a decline) and, for an unsupported
pair, the verification rule meant to catch it. The verifier sees only the named sentences,
exactly as it sees an answer's cited sentences. Positive class = "supported": precision is the
share of accepted claims that are true. Each rule gets its own line: how many of the unsupported pairs
meant for it were caught, how many supported pairs that tempt it were accepted, and how many supported
claims it wrongly rejected. Precision and recall are also given per source (seed, other_news).

`--corpus` may be given several times; every corpus named is ingested into one temporary store
(default: `corpus` and `evals/verifier_corpus`). Pairs with "source": "other_news" are over
`evals/verifier_corpus`: real articles from the bench's news set, not the two seed articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from assistant import VERIFICATION_RULES, Newsdesk, Settings
from evals.data import read_jsonl
from evals.metrics import precision_recall

HERE = Path(__file__).resolve().parent


def evaluate(pairs: list[dict], corpora: list[Path], settings: Settings) -> dict:
    """Ingest the corpora into a temporary store and judge every pair."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-verifier-") as scratch, \
            Newsdesk(settings.with_(data_dir=scratch)) as desk:
        desk.ingest(corpora, progress=False)
        judged = [desk.verify_claim(p["claim"], p["article"], p["sentences"], p.get("question", "")) for p in pairs]
        return score(pairs, judged, settings)


def score(pairs: list[dict], judgements: list, settings: Settings) -> dict:
    predicted, rows = [], []
    for pair, judged in zip(pairs, judgements):
        verdict = all(s.verified for s in judged)
        predicted.append(verdict)
        rows.append({**pair, "verified": verdict, "score": min(s.score for s in judged),
                     "fired": next((s.rule for s in judged if not s.verified), ""),
                     "reason": "; ".join(s.reason for s in judged if s.reason)})
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row["verified"] == row["supported"])
    by_rule = {}
    for code, meaning in VERIFICATION_RULES:
        caught = [r for r in rows if r.get("rule") == code and not r["supported"]]
        tempted = [r for r in rows if r.get("rule") == code and r["supported"]]
        by_rule[code] = {"meaning": meaning, "pairs": len(caught), "caught": sum(not r["verified"] for r in caught),
                         "caught_by_this_rule": sum(r["fired"] == code for r in caught),
                         "supported_pairs": len(tempted), "supported_accepted": sum(r["verified"] for r in tempted),
                         "false_rejections": sum(r["supported"] and r["fired"] == code for r in rows)}
    by_source = {}
    for source in sorted({r.get("source", "seed") for r in rows}):
        mine = [(v, r["supported"]) for v, r in zip(predicted, rows) if r.get("source", "seed") == source]
        by_source[source] = {"pairs": len(mine), **precision_recall([v for v, _ in mine], [t for _, t in mine])}
    return {
        "pairs": len(pairs),
        "support_threshold": settings.verification.support_threshold,
        **precision_recall(predicted, [p["supported"] for p in pairs]),
        "accuracy_by_kind": {k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
        "by_rule": by_rule,
        "by_source": by_source,
        "errors": [r for r in rows if r["verified"] != r["supported"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=HERE / "verifier_pairs.jsonl")
    parser.add_argument("--corpus", type=Path, action="append", default=None,
                        help="a corpus folder or file to ingest; repeat for several (default: corpus and "
                             "evals/verifier_corpus)")
    parser.add_argument("--out", type=Path, default=HERE / "verifier_report.json")
    args = parser.parse_args(argv)
    pairs = read_jsonl(args.pairs)
    corpora = args.corpus or [Path("corpus"), HERE / "verifier_corpus"]
    report = evaluate(pairs, corpora, Settings.from_env())
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{report['pairs']} pairs: precision {report['precision']:.3f}, recall {report['recall']:.3f}")
    for kind, accuracy in report["accuracy_by_kind"].items():
        print(f"  kind {kind:<10} {accuracy:.0%} judged right")
    for source, scores in report["by_source"].items():
        print(f"  source {source:<10} {scores['pairs']} pairs: precision {scores['precision']:.3f}, "
              f"recall {scores['recall']:.3f}")
    for code, rule in report["by_rule"].items():
        print(f"  rule {code:<9} caught {rule['caught']}/{rule['pairs']} of its pairs "
              f"({rule['caught_by_this_rule']} by this rule), accepted {rule['supported_accepted']}/"
              f"{rule['supported_pairs']} supported that tempt it; wrongly rejected {rule['false_rejections']} supported")
    for error in report["errors"]:
        print(f"  wrong: {error['claim']} (supported={error['supported']}; {error['reason'] or 'accepted'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
