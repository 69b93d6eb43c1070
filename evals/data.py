"""Reading the JSON-lines files of the evals and the bench (golden sets, labelled pairs, questions)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

HALVES = ("tune", "check")


def read_jsonl(path: Path) -> list[dict]:
    """One object per non-empty line; a bad line is an error naming the file and line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON: {exc}") from None
    return rows


def half(row_id: str) -> str:
    """A golden row's half, fixed once by a hash of its id: rules, thresholds and prompts may be fitted to
    "tune" rows only; "check" rows are judged, never fitted to, so they show how a change generalises."""
    return HALVES[hashlib.sha256(row_id.encode()).digest()[0] % 2]
