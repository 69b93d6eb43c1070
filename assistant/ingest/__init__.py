"""Ingestion: files → cleaned `Article`s → sentences → chunks. Storage is `assistant.index`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import IngestSettings
from assistant.errors import ReadError
from assistant.ingest.readers import SUPPORTED_SUFFIXES, read_articles
from assistant.types import Article

__all__ = ["LoadResult", "find_files", "load_articles"]


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per file that was skipped


def find_files(paths: list[Path]) -> list[Path]:
    """The article files under `paths` (files or folders), sorted for a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise ReadError(f"no such file or folder: {path}")
    return found


def load_articles(paths: list[Path], settings: IngestSettings) -> LoadResult:
    """Read every file; a bad file is reported and skipped, never fatal to the others.

    Wire copies are found when storing (`index.ArticleStore.sync`), against every stored article.
    """
    result = LoadResult()
    seen: dict[str, Path] = {}
    for path in find_files(paths):
        try:
            articles, errors = read_articles(path, settings.max_file_bytes)
        except (ReadError, OSError) as exc:
            result.errors.append(str(exc))
            continue
        result.errors += errors
        for article in articles:
            if article.id in seen:
                result.errors.append(f"{path}: id {article.id!r} is already used by {seen[article.id]}; skipped")
                continue
            seen[article.id] = path
            result.articles.append(article)
    return result
