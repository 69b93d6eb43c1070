"""One settings object, read from `NEWSDESK_*` environment variables; CLI flags override it."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")  # Chroma store (embedded) lives in data_dir/chroma
    corpus_dir: Path = Path("corpus")
    model_dir: Path = Path.home() / ".cache" / "newsdesk"  # assembled GGUF, kept across runs
    collection: str = "newsdesk"
    chroma_url: str = ""  # e.g. http://127.0.0.1:8000 for a Chroma server; "" = embedded
    llm_base_url: str = ""  # any OpenAI-compatible /v1 endpoint; "" = start the embedded model
    llm_model: str = ""  # "" = the first model the server lists
    llm_api_key: str = "not-needed"
    llm_timeout: float = 120.0
    llm_max_tokens: int = 220
    llm_threads: int = 2
    embed_threads: int = 2
    top_k: int = 8  # chunks taken from each retriever before fusion
    evidence_sentences: int = 6  # sentences shown to the model, each with its neighbours
    min_relevance: float = 0.35  # below this best-evidence score: refuse without calling the model
    strong_evidence: float = 0.75  # best-evidence score at which quotes stand in for a failed model
    support_threshold: float = 0.45  # answer sentence vs cited sentences, see citations.py
    unverified: str = "drop"  # "drop" unsupported answer sentences, or "mark" them
    max_question_chars: int = 2000
    ui_auth: str = ""  # "user:password"; required to serve the page on any address but 127.0.0.1

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then `NEWSDESK_<FIELD>` variables, then explicit overrides (CLI flags)."""
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            raw = env.get(f"NEWSDESK_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = _parse(raw, type(getattr(cls, f.name)))
        settings = cls(**values)
        return settings.with_(**{k: v for k, v in overrides.items() if v is not None})

    def with_(self, **changes) -> "Settings":
        changes = {k: _parse(v, type(getattr(self, k))) if isinstance(v, str) else v for k, v in changes.items()}
        settings = replace(self, **changes)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.unverified not in ("drop", "mark"):
            raise ValueError(f"NEWSDESK_UNVERIFIED must be 'drop' or 'mark', not {self.unverified!r}")
        if not 3 <= len(self.collection) <= 512:
            raise ValueError("the collection name needs 3 to 512 characters")


def _parse(raw: str, kind: type):
    if issubclass(kind, Path):
        return Path(raw).expanduser()
    if kind is bool:
        return raw.lower() in ("1", "true", "yes", "on")
    return kind(raw)
