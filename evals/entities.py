"""`newsdesk-eval --entities`: the archive's names scored against hand labels (`golden_entities.jsonl`).

The labelled articles are taken from the bench CSV, stored in a scratch index through `Newsdesk.ingest`
(the names pass included), and read back through `Newsdesk.article_mentions`, as the page reads them.
- Mentions: every person, organisation and place of a labelled sentence, compared by text and kind
  (the kind the archive gives the name: most of its mentions' label). Precision counts the names found
  in the labelled sentences; recall the labels found.
- Merges: pairs of names labelled as one entity or two (a surname and its full name, initials, a title,
  one name in two articles); a pair is merged when both names resolve to the same entity.
Each figure is given for the tune and check halves too (`evals.data.half`).
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

from assistant import Mention, Newsdesk, Settings
from evals import metrics
from evals.data import HALVES, half, read_jsonl

NAMES = ("person", "organisation", "place")
THRESHOLDS = {"mention_precision": 0.90, "mention_recall": 0.85, "merge_precision": 0.95, "merge_recall": 0.80}


def evaluate(golden: Path, news_csv: Path, out: Path, index: Path | None = None) -> int:
    """`index`: a store holding the whole bench CSV (`make bench`), whose names are read first where they are
    not yet: each name's kind is then voted over 3,824 articles, as in a newsroom's archive; without it, the
    labelled articles alone are stored in a scratch index."""
    rows = read_jsonl(golden)
    articles = sorted({r["article"] for r in rows if r["type"] == "mentions"} | {a for r in rows if r["type"] == "alias"
                                                                                for a in r["articles"]})
    with (tempfile.TemporaryDirectory(prefix="newsdesk-entities-") as scratch,
          Newsdesk(Settings.from_env(data_dir=index or Path(scratch) / "data")) as desk):
        if index:
            desk.update_names()
        else:
            _subset(news_csv, set(articles), Path(scratch) / "labelled.csv")
            desk.ingest([Path(scratch) / "labelled.csv"])
        texts = {i: desk.article(i).text for i in articles}
        mentions = {i: desk.article_mentions(i) for i in articles}
    results = [_score_sentence(r, texts[r["article"]], mentions[r["article"]]) if r["type"] == "mentions"
               else _score_pair(r, mentions) for r in rows]
    summary = {"all": summarise(results), **{h: summarise([r for r in results if r["half"] == h]) for h in HALVES}}
    summary["thresholds"] = THRESHOLDS
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(summary, indent=2))
    (out / "results.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results))
    print(side_by_side(summary))
    print(f"\nwrote {out}/report.json and results.jsonl")
    failures = [f"{key} = {summary['check'][key]:.3f} is below {bound}" for key, bound in THRESHOLDS.items()
                if summary["check"][key] < bound]
    for failure in failures:
        print(f"FAIL (check half): {failure}")
    return 1 if failures else 0


def _subset(news_csv: Path, ids: set[str], target: Path) -> None:
    with news_csv.open(encoding="utf-8", newline="") as source, target.open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, reader.fieldnames)
        writer.writeheader()
        writer.writerows(row for row in reader if row["article_id"] in ids)


def _score_sentence(row: dict, text: str, mentions: list[Mention]) -> dict:
    start, end = _located(row["sentence"], text)
    found = Counter((_norm(m.text), m.kind) for m in mentions if m.kind in NAMES and start <= m.start and m.end <= end)
    gold = Counter((_norm(m["text"]), m["kind"]) for m in row["mentions"])
    return {"id": row["id"], "half": half(row["id"]), "type": "mentions", "located": start < end,
            "right": sum((found & gold).values()), "found": sum(found.values()), "gold": sum(gold.values()),
            "missed": sorted(gold - found), "extra": sorted(found - gold)}


def _located(sentence: str, text: str) -> tuple[int, int]:
    """Where a labelled sentence stands in the cleaned article text (its spaces may differ); (0, 0) if nowhere."""
    match = re.search(r"\s+".join(map(re.escape, sentence.split())), text)
    return (match.start(), match.end()) if match else (0, 0)


def _score_pair(row: dict, mentions: dict[str, list[Mention]]) -> dict:
    first, second = row["articles"][0], row["articles"][-1]
    merged = bool(_entities(row["a"], mentions[first]) & _entities(row["b"], mentions[second]))
    return {"id": row["id"], "half": half(row["id"]), "type": "alias", "same": row["same"], "merged": merged,
            "a": row["a"], "b": row["b"]}


def _entities(name: str, mentions: list[Mention]) -> set[str]:
    """The entities a name as written resolves to in one article (a title: the person it is given to)."""
    return {m.entity for m in mentions if _norm(m.text).lower() == _norm(name).lower()}


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def summarise(results: list[dict]) -> dict:
    sentences = [r for r in results if r["type"] == "mentions"]
    pairs = [r for r in results if r["type"] == "alias"]
    merges = metrics.precision_recall([r["merged"] for r in pairs], [r["same"] for r in pairs])
    right = sum(r["right"] for r in sentences)
    return {"sentences": len(sentences), "unlocated": sum(not r["located"] for r in sentences),
            "mentions_labelled": sum(r["gold"] for r in sentences), "mentions_found": sum(r["found"] for r in sentences),
            "mention_precision": right / max(1, sum(r["found"] for r in sentences)),
            "mention_recall": right / max(1, sum(r["gold"] for r in sentences)),
            "pairs": len(pairs), "pairs_same": sum(r["same"] for r in pairs),
            "merge_precision": merges["precision"], "merge_recall": merges["recall"]}


def side_by_side(summary: dict) -> str:
    keys = ["sentences", "mentions_labelled", "mentions_found", "mention_precision", "mention_recall", "pairs",
            "pairs_same", "merge_precision", "merge_recall"]
    lines = ["| entities | all | tune | check | goal |", "|---|---|---|---|---|"]
    for key in keys:
        cells = [f"{summary[h][key]:.3f}" if isinstance(summary[h][key], float) else str(summary[h][key])
                 for h in ("all", *HALVES)]
        lines.append(f"| {key} | {' | '.join(cells)} | {THRESHOLDS.get(key, '')} |")
    return "\n".join(lines)
