"""Read article files into `Article`s: plain text or Markdown with an optional front matter.

Front matter is a block of `key: value` lines between two `---` lines at the top of the file:

    ---
    title: Kazakhstan and UK sign green hydrogen memorandums
    publisher: Kallanish
    date: 2023-03-20
    url: https://example.com/story
    ---
    Article text...

Every key is optional. The article id is `id:` when given, else the file name without its
extension: stable across re-ingests and what citations and golden answers refer to.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from assistant.ingest.clean import clean_text
from assistant.types import Article, ArticleInfo

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MAX_FILE_BYTES = 20_000_000
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y-%m")


class ArticleError(ValueError):
    """A file that cannot become an article; the message says which file and why."""


def read_article(path: Path) -> Article:
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise ArticleError(f"{path.name}: unsupported file type {path.suffix!r} (use .txt or .md)")
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleError(f"{path.name}: {len(raw):,} bytes is too large for one article")
    return parse_article(decode(raw, path.name), default_id=path.stem)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 when it is, else Windows-1252 (the usual non-UTF-8 news export); never binary."""
    head = raw[:8192]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
        raise ArticleError(f"{name}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_article(text: str, default_id: str) -> Article:
    meta, body = split_front_matter(text)
    cleaned, headline = clean_text(body)
    if not cleaned:
        raise ArticleError(f"{default_id}: no article text left after removing page boilerplate")
    title = meta.get("title") or headline or _title_from(cleaned)
    info = ArticleInfo(
        id=safe_id(meta.get("id") or default_id),
        title=title,
        publisher=meta.get("publisher") or meta.get("source", ""),
        date=normalise_date(meta.get("date", "")),
        url=meta.get("url", ""),
    )
    return Article(info=info, text=cleaned)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end():]


def normalise_date(value: str) -> str:
    """ISO yyyy-mm-dd (or "" when unknown); a date that cannot be read is an error, not a guess."""
    value = value.strip()
    if not value:
        return ""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        raise ArticleError(f"cannot read the date {value!r}; write it as yyyy-mm-dd") from None


def safe_id(value: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "-", value.strip()).strip("-")
    if not cleaned:
        raise ArticleError(f"{value!r} cannot be used as an article id")
    return cleaned[:200]


def _title_from(text: str) -> str:
    words = text.split(". ", 1)[0].split()
    return " ".join(words[:14]) + (" …" if len(words) > 14 else "")
