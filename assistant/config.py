"""One settings object, in groups, read once by the entry point: defaults, `NEWSDESK_*`, then CLI flags.

Every field carries its one-line meaning (`help`), which `Settings.describe()` lists and the
README's settings table repeats (a test keeps the two in step). A field's environment variable
is `NEWSDESK_` + its group's prefix + its name: `llm.base_url` is `NEWSDESK_LLM_BASE_URL`,
`retrieval.min_relevance` is `NEWSDESK_MIN_RELEVANCE`. `Settings.with_()` takes the same flat
names in lower case (`with_(llm_base_url=..., min_relevance=0.4)`).
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from assistant.errors import ConfigError

BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _setting(default, help: str):
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class StoreSettings:
    data_dir: Path = _setting(Path("data"), "the embedded Chroma store lives in `data_dir/chroma`, the keyword index beside it")
    corpus_dir: Path = _setting(Path("corpus"), "what `newsdesk ingest` reads when given no paths")
    collection: str = _setting("newsdesk", "Chroma collection name (3-512 characters); articles go in `<name>_records`")
    chroma_url: str = _setting("", "a Chroma server, e.g. `http://127.0.0.1:8000`; empty: the embedded store")
    model_dir: Path = _setting(Path.home() / ".cache" / "newsdesk", "where the bundled GGUF is assembled once (sha256-checked)")


@dataclass(frozen=True)
class IngestSettings:
    embedder: str = _setting("all-MiniLM-L6-v2", "embedding model by name; the store records it and refuses another")
    embed_threads: int = _setting(2, "threads for the in-process embedder (torch or onnxruntime)")
    embed_cache: Path = _setting(Path.home() / ".cache" / "newsdesk", "where an embedder made on this machine is kept "
                                 "(the int8 ONNX MiniLM, made once from the bundled weights)")
    # On 2 cores, 8 length-sorted texts a call embedded 300 articles' chunks in 55 s at 1.0 GB peak; 64 took 88 s at 1.4 GB.
    embed_batch: int = _setting(8, "texts encoded per embedder call (length-sorted inside), or sent per request to an "
                                "embedding server (a GPU server takes more)")
    embed_base_url: str = _setting("", "an OpenAI-compatible `/v1` URL whose `/embeddings` makes the vectors (e.g. `newsdesk "
                                   "serve-embeddings` on a bigger machine); empty: `NEWSDESK_EMBEDDER` runs in-process")
    embed_model: str = _setting("", "embedding model name on that server; empty: the first it lists")
    embed_api_key: str = _setting("not-needed", "API key for that server")
    chunk_words: int = _setting(120, "words per chunk: ~170 word pieces, inside MiniLM's 256")
    chunk_overlap: int = _setting(1, "sentences shared by consecutive chunks")
    ingest_batch: int = _setting(64, "articles stored (searchable) together, and embedded together by the embed queue")
    chunk_batch: int = _setting(512, "most chunks embedded and written at once: memory stays flat for any file size")
    max_file_bytes: int = _setting(20_000_000, "larger files are refused")
    read_names: bool = _setting(True, "read the articles' names (people, organisations, places) after storing them: "
                                "about 6 articles/s on 2 cores; off: `newsdesk entities --update` reads them later")
    near_duplicate: float = _setting(0.8, "estimated Jaccard (5-word shingles) at which an article is a wire copy")


@dataclass(frozen=True)
class RetrievalSettings:
    top_k: int = _setting(8, "chunks taken from the fused dense + keyword ranking")
    article_cache: int = _setting(256, "articles kept in memory between questions (read from the store on demand)")
    rrf_k: int = _setting(60, "reciprocal rank fusion constant: score = sum of 1/(k + rank)")
    # The prompt's size is the answer's wait: the model reads ~55-90 prompt tokens/s on 2 cores.
    # Gold answer in the prompt, 6 -> 4 sentences: news set 0.91 -> 0.88, bundled sets 0.97 both;
    # prompt tokens p50 584 -> 454 (news), 436 -> 369 (bundled).
    # Fewer (make bench-prompt, paraphrase set): 4 ± 0 gold 0.80 -> 0.55, 2 ± 0 -> 0.53 (first token 3.6 -> 1.6 s).
    evidence_sentences: int = _setting(4, "sentences shown to the model, each with its neighbours")
    # Asked which Kazakh officials the articles name, the 4 sentences most like the question named one.
    list_evidence_sentences: int = _setting(6, "sentences shown for a question asking for several things "
                                            "(\"which officials\", \"which two partners\")")
    reserve_sentences: int = _setting(6, "sentences ranked after the evidence, not shown, that a retry after a decline "
                                      "may draw on")
    neighbours: int = _setting(1, "sentences of context on each side of an evidence sentence")
    lexical_weight: float = _setting(0.5, "weight of question-word overlap (rarer words among the candidates weigh "
                                     "more) next to cosine in a sentence's score")
    relative_cutoff: float = _setting(0.5, "evidence scoring under this share of the best score is dropped")
    max_per_article: int = _setting(4, "evidence sentences one article may give")
    min_relevance: float = _setting(0.35, "best evidence score below which the assistant refuses without the model")
    closest_articles: int = _setting(3, "articles listed with a refusal")
    title_articles: int = _setting(2, "articles that must give a title to one person before a question using it is "
                                      "also searched with the person's name")
    max_question_chars: int = _setting(2000, "longer questions are refused with a message")


@dataclass(frozen=True)
class VerificationSettings:
    support_threshold: float = _setting(0.45, "cosine an answer sentence needs to its cited sentences")
    min_word_overlap: float = _setting(0.5, "share of an answer sentence's content words its cited sentences must hold")
    max_citations: int = _setting(3, "source sentences one answer sentence may cite")
    fact_bonus: float = _setting(0.15, "alignment bonus for a source sentence holding all of a sentence's facts")
    name_similarity: float = _setting(0.88, "spelling similarity at which two long names count as one (Cleverly/Cleverley)")
    unverified: str = _setting("drop", "`drop` unsupported answer sentences, or `mark` them as unverified")
    strong_evidence: float = _setting(0.75, "evidence score at which quoted sentences stand in for a failed model")
    quoted_sentences: int = _setting(3, "evidence sentences shown in a quoted answer")
    # A JSON second attempt whose answer must be copied from the evidence and pass verification. (A `pick` mode,
    # the model choosing a sentence to quote, was removed: the 1.5B model picked one for 5 of 12 unanswerable rows.)
    recovery: str = _setting("retry", "when the model declines, answers another question or writes nothing that "
                             "verifies: `retry` (asked again on the strongest evidence of the asked kind, for a "
                             "JSON answer copied from it, then verified) or `off` (the refusal)")
    recovery_min_score: float = _setting(0.35, "best evidence score needed before recovering from a decline: a "
                                         "reporter's paraphrase scores its answer low, and a retry is verified")
    retry_evidence: int = _setting(2, "evidence sentences that answer shown in the retry, and as many of the reserve's "
                                 "that answer")


@dataclass(frozen=True)
class SourcesSettings:
    """Other articles set beside an answer (`assistant/sources.py`): who else says it, who says otherwise."""

    sources_chunks: int = _setting(16, "chunks searched with each answer sentence for other articles stating its fact")
    sources_compared: int = _setting(32, "most sentences of other articles compared with one answer sentence")
    same_claim: float = _setting(0.55, "cosine, values blanked, at which another sentence states the same claim")
    same_subject: float = _setting(0.65, "cosine, values blanked, at which another value is for the same thing (a conflict)")
    same_frame: float = _setting(0.75, "cosine, values blanked, at which another value is for the same thing however "
                                 "short its sentence (a short sentence fits the question less than a long cited one)")
    answers_as_well: float = _setting(0.75, "share of the cited sentence's fit to the question another value's "
                                      "sentence needs (a conflict answers the same question)")
    copy_similarity: float = _setting(0.5, "Jaccard of 5-word shingles at which two articles count as one (a wire copy)")


@dataclass(frozen=True)
class LLMSettings:
    base_url: str = _setting("", "an OpenAI-compatible `/v1` URL; empty: start the bundled model in-process")
    model: str = _setting("", "model name on that server; empty: the first it lists")
    api_key: str = _setting("not-needed", "API key for that server")
    timeout: float = _setting(120.0, "seconds to wait for the model")
    max_tokens: int = _setting(220, "longest answer, in tokens")
    threads: int = _setting(2, "CPU threads of the bundled model")
    context_tokens: int = _setting(4096, "context window of the bundled model")
    start_timeout: float = _setting(120.0, "seconds the bundled model may take to start")


@dataclass(frozen=True)
class UISettings:
    auth: str = _setting("", "`user:password`; required to serve the page on an address other than 127.0.0.1")


GROUPS = {"store": ("", StoreSettings), "ingest": ("", IngestSettings), "retrieval": ("", RetrievalSettings),
          "verification": ("", VerificationSettings),
          "sources": ("", SourcesSettings), "llm": ("llm_", LLMSettings), "ui": ("ui_", UISettings)}


@dataclass(frozen=True)
class Settings:
    store: StoreSettings = field(default_factory=StoreSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    verification: VerificationSettings = field(default_factory=VerificationSettings)
    sources: SourcesSettings = field(default_factory=SourcesSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)
    ui: UISettings = field(default_factory=UISettings)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> Settings:
        """Defaults, then `NEWSDESK_<NAME>` variables, then explicit overrides (CLI flags; None = not given)."""
        env = os.environ if env is None else env
        values = {name: env[f"NEWSDESK_{name.upper()}"] for name, *_ in _flat()
                  if env.get(f"NEWSDESK_{name.upper()}", "") != ""}
        return cls().with_(**values, **{k: v for k, v in overrides.items() if v is not None})

    def with_(self, **changes) -> Settings:
        """A copy with some settings changed, by flat name; strings are parsed to the field's type."""
        known = {name: (group, f) for name, group, f in _flat()}
        grouped: dict[str, dict] = {}
        for name, value in changes.items():
            if name not in known:
                raise ConfigError(f"unknown setting {name!r}")
            group, f = known[name]
            grouped.setdefault(group, {})[f.name] = _parse(name, value, type(f.default))
        settings = replace(self, **{g: replace(getattr(self, g), **v) for g, v in grouped.items()})
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.verification.recovery not in ("retry", "off"):
            raise ConfigError(f"NEWSDESK_RECOVERY must be 'retry' or 'off', "
                              f"not {self.verification.recovery!r}")
        if self.verification.unverified not in ("drop", "mark"):
            raise ConfigError(f"NEWSDESK_UNVERIFIED must be 'drop' or 'mark', not {self.verification.unverified!r}")
        if self.ingest.embed_base_url and not self.ingest.embed_base_url.startswith(("http://", "https://")):
            raise ConfigError(f"NEWSDESK_EMBED_BASE_URL must start with http:// or https://, "
                              f"not {self.ingest.embed_base_url!r}")
        if not 3 <= len(self.store.collection) <= 512:
            raise ConfigError("NEWSDESK_COLLECTION needs 3 to 512 characters")
        if self.ui.auth and not _is_user_password(self.ui.auth):
            raise ConfigError("NEWSDESK_UI_AUTH must be user:password, both parts non-empty")

    @property
    def auth(self) -> tuple[str, str] | None:
        """The page's login as Gradio wants it, or None when no password is set."""
        return tuple(self.ui.auth.split(":", 1)) if self.ui.auth else None

    @classmethod
    def describe(cls) -> Iterator[tuple[str, str, str]]:
        """(environment variable, default, meaning) for every setting, in group order."""
        for name, _, f in _flat():
            yield f"NEWSDESK_{name.upper()}", str(f.default), f.metadata["help"]


def prepare_process() -> None:
    """Process-wide switches the libraries read: offline model loading, no telemetry.

    Called once by `Newsdesk` (not at import), so importing the package changes nothing.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a hub name otherwise retries for ~70 s before failing
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _flat():
    for group, (prefix, kind) in GROUPS.items():
        for f in fields(kind):
            yield prefix + f.name, group, f


def _parse(name: str, value, kind: type):
    if issubclass(kind, Path):
        return Path(value).expanduser()
    if not isinstance(value, str):
        return value
    if kind is bool:
        if value.lower() not in BOOLEANS:
            raise ConfigError(f"NEWSDESK_{name.upper()} must be one of {', '.join(BOOLEANS)}, not {value!r}")
        return BOOLEANS[value.lower()]
    try:
        return kind(value)
    except ValueError:
        raise ConfigError(f"NEWSDESK_{name.upper()} must be a {kind.__name__}, not {value!r}") from None


def _is_user_password(value: str) -> bool:
    user, sep, password = value.partition(":")
    return bool(sep and user and password)


def release_freed_memory() -> None:
    """Hand the heap's freed pages back to the system, after work that allocates much and keeps little (an
    embed-queue batch, a read of every record). glibc keeps freed memory for reuse, and the embedder's
    varying batch shapes and Chroma's pages fragment it: at 16,000 articles, 600 articles embedded left a
    store-writing process 280 MB above what it held. No-op without glibc (`malloc_trim` is glibc's)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


# Looked up among the symbols the process has loaded: no library search (`find_library` runs `ldconfig`) at import.
_MALLOC_TRIM = getattr(ctypes.CDLL(None), "malloc_trim", None) if os.name == "posix" else None
