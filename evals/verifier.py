"""Measure the citation verifier on labelled (answer sentence, source sentence) pairs.

    python -m evals.verifier [--pairs evals/verifier_pairs.jsonl] [--corpus corpus]

Each pair names a claim, the article and sentence(s) it is checked against, whether that source
supports it, the kind of pair (supported, changed number or date, swapped person or organisation,
claim from another article, claim the source never makes, a decline) and, for an unsupported
pair, the verification rule meant to catch it. The verifier sees only the named sentences,
exactly as it sees an answer's cited sentences. Positive class = "supported": precision is the
share of accepted claims that are true. Each rule gets its own line: how many of its pairs it
caught, and how many supported claims it wrongly rejected.
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


def evaluate(pairs: list[dict], corpus: Path, settings: Settings) -> dict:
    with tempfile.TemporaryDirectory(prefix="newsdesk-verifier-") as scratch, \
            Newsdesk(settings.with_(data_dir=scratch)) as desk:
        desk.ingest([corpus], progress=False)
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
        mine = [r for r in rows if r.get("rule") == code]
        by_rule[code] = {"meaning": meaning, "pairs": len(mine), "caught": sum(not r["verified"] for r in mine),
                         "caught_by_this_rule": sum(r["fired"] == code for r in mine),
                         "false_rejections": sum(r["supported"] and r["fired"] == code for r in rows)}
    return {
        "pairs": len(pairs),
        "support_threshold": settings.verification.support_threshold,
        **precision_recall(predicted, [p["supported"] for p in pairs]),
        "accuracy_by_kind": {k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
        "by_rule": by_rule,
        "errors": [r for r in rows if r["verified"] != r["supported"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=HERE / "verifier_pairs.jsonl")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--out", type=Path, default=HERE / "verifier_report.json")
    args = parser.parse_args(argv)
    pairs = read_jsonl(args.pairs)
    report = evaluate(pairs, args.corpus, Settings.from_env())
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{report['pairs']} pairs: precision {report['precision']:.3f}, recall {report['recall']:.3f}")
    for kind, accuracy in report["accuracy_by_kind"].items():
        print(f"  kind {kind:<10} {accuracy:.0%} judged right")
    for code, rule in report["by_rule"].items():
        print(f"  rule {code:<9} caught {rule['caught']}/{rule['pairs']} of its pairs "
              f"({rule['caught_by_this_rule']} by this rule); wrongly rejected {rule['false_rejections']} supported")
    for error in report["errors"]:
        print(f"  wrong: {error['claim']} (supported={error['supported']}; {error['reason'] or 'accepted'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
