"""Ingestion: files → cleaned `Article`s → sentences → chunks. Storage is `assistant.index`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import IngestSettings
from assistant.errors import ReadError
from assistant.ingest.readers import SUPPORTED_SUFFIXES, read_articles
from assistant.types import Article

__all__ = ["LoadResult", "find_files", "load_articles"]


@dataclass
class LoadResult:
    """The articles of some files, read a file at a time as they are iterated: a feed of any length is never
    whole in memory (a file is at most `max_file_bytes`). `read` and `errors` fill in as the files are read."""

    files: list[Path]
    settings: IngestSettings
    read: int = 0  # articles read so far
    errors: list[str] = field(default_factory=list)  # one line per file or feed row that was skipped

    def __iter__(self) -> Iterator[Article]:
        self.read, self.errors = 0, []
        seen: dict[str, Path] = {}
        for path in self.files:
            try:
                articles, errors = read_articles(path, self.settings.max_file_bytes)
            except (ReadError, OSError) as exc:
                self.errors.append(str(exc))
                continue
            self.errors += errors
            for article in articles:
                if article.id in seen:
                    self.errors.append(f"{path}: id {article.id!r} is already used by {seen[article.id]}; skipped")
                    continue
                seen[article.id] = path
                self.read += 1
                yield article


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
    """The articles under `paths`, read as they are iterated; a bad file or row is reported and skipped, never
    fatal to the others. A path that does not exist fails here, before anything is read.

    Wire copies are found when storing (`index.ArticleStore.sync`), against every stored article.
    """
    return LoadResult(find_files(paths), settings)
