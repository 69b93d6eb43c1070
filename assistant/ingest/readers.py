"""Read article files into `Article`s.

- `.txt` / `.md`: one article, with an optional front matter (below).
- `.html` / `.htm`: one article; the main text is extracted with trafilatura (offline), which
  drops scripts, navigation and ads, and reads title, date and site name from the page.
- `.json` (a list of objects, or an object with an "articles" list), `.jsonl` (one object a
  line) and `.csv` (a header row): feeds of many articles, with fields `text` (or `body`,
  `content`), `title`, `date` (or `publish_date`, `published`), `url` (or `link`,
  `article_source_link`), `source` (or `publisher`) and `id` (or `article_id`).

Front matter is a block of `key: value` lines between two `---` lines at the top of the file:

    ---
    title: Kazakhstan and UK sign green hydrogen memorandums
    publisher: Kallanish
    date: 2023-03-20
    url: https://example.com/story
    ---
    Article text...

Every key is optional. The article id is `id:` when given, else the file name without its
extension (for a feed row: the file name plus a hash of the row's url, or of its title and
text): stable across re-ingests and what citations and golden answers refer to.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import dateparser

from assistant.errors import ReadError
from assistant.ingest.clean import clean_text
from assistant.types import Article, ArticleInfo

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".json", ".jsonl", ".csv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
FIELDS = {"text": ("text", "body", "content"), "title": ("title", "headline"),
          "date": ("date", "publish_date", "published", "published_at"),
          "url": ("url", "link", "article_source_link"), "publisher": ("publisher", "source", "site"),
          "id": ("id", "article_id")}
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
UNSWAPPABLE = re.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
                         re.IGNORECASE)
UNAMBIGUOUS_DATE = {"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "YMD", "RETURN_AS_TIMEZONE_AWARE": False}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y-%m")


def read_articles(path: Path, max_bytes: int) -> tuple[list[Article], list[str]]:
    """The articles in one file, and one error line per feed row that could not be read."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(f"{path.name}: unsupported file type {suffix!r} "
                           f"(use {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    raw = path.read_bytes()
    if len(raw) > max_bytes:
        raise ReadError(f"{path.name}: {len(raw):,} bytes is too large")
    text = decode(raw, path.name)
    origin = str(path.resolve())  # the source that owns the id: a same-named file elsewhere may not replace it
    try:
        if suffix in TEXT_SUFFIXES:
            return [replace(parse_article(text, default_id=path.stem), source=origin)], []
        if suffix in HTML_SUFFIXES:
            return [replace(parse_html(text, default_id=path.stem), source=origin)], []
    except ReadError as exc:
        raise ReadError(f"{path.name}: {exc}") from None
    articles, errors = [], []
    for line, row in _feed_rows(text, suffix):
        try:
            if isinstance(row, ReadError):
                raise row
            if not isinstance(row, dict):
                raise ReadError(f"expected an article object, found {type(row).__name__}")
            article = article_from_record(row, path.stem)
            articles.append(replace(article, source=article.info.url or origin))
        except ReadError as exc:
            errors.append(f"{path.name} line {line}: {exc}; skipped")
    return articles, errors


def parse_html(html: str, default_id: str) -> Article:
    import trafilatura

    # Dates from the page's metadata, URL or byline only: the text search takes "Copyright 2023" for one.
    document = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True,
                                           date_extraction_params={"extensive_search": False, "original_date": True})
    if document is None or not document.text:
        raise ReadError(f"{default_id}: no article text found in the HTML page")
    return article_from_record({"text": document.text, "title": document.title or "", "date": document.date or "",
                                "url": document.url or "", "publisher": document.sitename or "",
                                "id": default_id}, default_id)


def article_from_record(record: dict, feed_name: str) -> Article:
    """An article from a feed row or extracted page; fields by any of their usual names."""
    value = {key: next((str(record[n]).strip() for n in names if record.get(n) not in (None, "")), "")
             for key, names in FIELDS.items()}
    if not value["text"]:
        raise ReadError("no text field (text, body or content)")
    if not value["publisher"]:
        value["publisher"] = _site(value["url"])  # the site, when no source is named
    identity = value["url"] or f"{value['title']}\x1f{value['text']}"
    article_id = value["id"] or f"{feed_name}-{hashlib.sha1(identity.encode()).hexdigest()[:10]}"
    meta = {k: v for k, v in value.items() if k != "text"}
    return parse_article(value["text"], default_id=article_id, meta=meta)


def _site(url: str) -> str:
    """The host name of an http(s) URL without "www.", or "" when the URL has none or is malformed."""
    try:
        parsed = urlparse(url)
    except ValueError:  # e.g. "https://[::1"
        return ""
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return ""
    return parsed.hostname.removeprefix("www.")


def _feed_rows(text: str, suffix: str) -> Iterator[tuple[int, object]]:
    """(line number, row) for each row of a feed; a row that cannot be parsed comes as a `ReadError`."""
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text), strict=True)
        line = reader.line_num + 1
        try:
            for row in reader:
                if None in row:  # more cells than the header names
                    yield line, ReadError(f"{len(row[None])} more cells than the header has")
                else:
                    yield line, row
                line = reader.line_num + 1
        except csv.Error as exc:  # an unbalanced quote: nothing after it can be trusted
            yield line, ReadError(f"not valid CSV from here on ({exc}); the rest of the file was not read")
        return
    if suffix == ".jsonl":
        for number, line_text in enumerate(text.splitlines(), start=1):
            if line_text.strip():
                try:
                    yield number, json.loads(line_text)
                except json.JSONDecodeError as exc:
                    yield number, ReadError(f"not valid JSON ({exc.msg})")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield exc.lineno, ReadError(f"not valid JSON ({exc.msg}); the file was not read")
        return
    rows = data.get("articles", [data]) if isinstance(data, dict) else data
    if not isinstance(rows, list):
        yield 1, ReadError("expected a list of article objects")
        return
    for number, row in enumerate(rows, start=1):
        yield number, row  # JSON rows are numbered by position in the list


BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16")]  # UTF-32 first: its little-endian mark starts like UTF-16's


def decode(raw: bytes, name: str) -> str:
    """By its byte-order mark (UTF-16/32); UTF-8 when it is; else Windows-1252 (the usual non-UTF-8 export).

    Never binary: a file of control bytes is refused.
    """
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                raise ReadError(f"{name}: starts like {encoding.upper()} text but is not") from None
    head = raw[:8192]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
        raise ReadError(f"{name}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_article(text: str, default_id: str, meta: dict[str, str] | None = None) -> Article:
    front, body = split_front_matter(text)
    meta = {**(meta or {}), **{k: v for k, v in front.items() if v}}
    cleaned, headline = clean_text(body)
    if not cleaned:
        raise ReadError(f"{default_id}: no article text left after removing page boilerplate")
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
    try:  # also ISO dates with a time, as feeds carry them: "2017-01-05 10:53:00"
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    # Other dates with a time or a weekday ("2016/12/30 7:11", "Mon, 13 Feb 2017 10:00:00 GMT"), by
    # dateparser, only where day and month cannot be swapped: year first, or the month in words.
    parsed = dateparser.parse(value, languages=["en"], settings=UNAMBIGUOUS_DATE) if UNSWAPPABLE.search(value) else None
    if parsed is None:
        raise ReadError(f"cannot read the date {value!r}; write it as yyyy-mm-dd")
    return parsed.date().isoformat()


def safe_id(value: str) -> str:
    """Letters, digits, '_', '-' and inner dots only: safe as a file name and in a URL ('..' cannot be one)."""
    cleaned = re.sub(r"[^\w.\-]+", "-", value.strip()).strip("-.")
    if not cleaned:
        raise ReadError(f"{value!r} cannot be used as an article id")
    return cleaned[:200]


def _title_from(text: str) -> str:
    words = text.split(". ", 1)[0].split()
    return " ".join(words[:14]) + (" …" if len(words) > 14 else "")
