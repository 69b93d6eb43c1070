"""Remove scraped-page boilerplate from article text, keeping every sentence of the article.

Rules are generic, not tied to one site: a scraped page surrounds the story with lines that
are not prose (weather widgets, banners, share buttons), with known boilerplate phrases, and
with a trailing block of other stories ("Related News" and teasers cut off with "...").
A line survives when it reads like prose: it ends like a sentence, or it is long. A furniture
phrase marks a short line only: a feed row may run a whole story into a share button's words.
"""

from __future__ import annotations

import re

# Phrases that mark a whole line as page furniture, matched case-insensitively at line start
# or as the whole line. Kept short and generic: they recur across news sites.
BOILERPLATE_LINE = re.compile(
    r"""^\W*(
        supported\ by | sponsored(\ by|\ content)? | advertisement | advertising | ad\b |
        member\ of\ .{0,60}$ | error:.* | content\ is\ protected.* | all\ rights\ reserved.* |
        copyright\b.* | ©.* | subscribe\b.* | sign\ up\b.* | newsletter\b.* | follow\ us\b.* |
        share\ (this|on)\b.* | click\ here\b.* | cookie.* | loading\W* | skip\ to\ .* |
        photo:.* | image:.* | credit:.* | tags?:.* | categories?:.*
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)

# A heading after which the page lists other stories: everything below it is dropped.
TRAILING_SECTION = re.compile(
    r"""^\W*(related(\ news|\ articles|\ stories|\ posts|\ content)? | read\ (more|next|also) |
        more\ (news|stories|from\ .{1,40}) | you\ (may|might)\ also\ like | recommended(\ for\ you)? |
        trending(\ now)? | most\ (read|popular) | latest\ news | see\ also | also\ read)\W*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Widget words a scraper leaves inside a paragraph: an ad slot, a video player's notice, a share button's
# label before the story ("Share this with Media playback is not supported on this device Joe Root has …").
WIDGET_TOKENS = re.compile(r"spot_img|\bspot_im\b|\[\s*(ad|advertisement)\s*\]|media playback is (?:not supported|"
                           r"unsupported) on (?:this|your) device\W*|^share this with\s+", re.IGNORECASE)
SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*$|[:;]$""")
TRUNCATED = re.compile(r"(\.\.\.|…)\s*$")
MIN_PROSE_WORDS = 12  # a line without a sentence end must be at least this long to be prose


def clean_text(raw: str) -> tuple[str, str]:
    """Return (body, headline): the article's own paragraphs, and a headline line if one leads.

    The headline is the first line of a headline's shape (4 to 30 words, no final full stop)
    before the body starts; readers use it as a title when metadata has none.
    """
    lines = [WIDGET_TOKENS.sub("", line).strip() for line in raw.replace("\r\n", "\n").split("\n")]
    kept: list[str] = []
    headline = ""
    for line in lines:
        if not line:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if TRAILING_SECTION.match(line) and any(kept):
            break
        if (BOILERPLATE_LINE.match(line) and not _is_long_prose(line)) or TRUNCATED.search(line):
            continue
        if not headline and not any(kept) and _is_headline(line):
            headline = line
        elif _is_prose(line):
            kept.append(line)
    body = "\n".join(kept).strip()
    body = re.sub(r"\n{3,}", "\n\n", body)
    return body, headline


def _is_prose(line: str) -> bool:
    words = line.split()
    if SENTENCE_END.search(line):
        return len(words) >= 3 or bool(re.search(r"[a-z]", line))
    return len(words) >= MIN_PROSE_WORDS


def _is_long_prose(line: str) -> bool:
    """Several sentences on one line: a story whose feed row runs it into a share button's words
    ("Share this with Joe Root has been named England's new Test captain. …") is no page furniture."""
    return len(line.split()) >= 2 * MIN_PROSE_WORDS and len(re.findall(r"[.!?][\"'”’)]*\s+[A-Z\"“]", line)) >= 2


def _is_headline(line: str) -> bool:
    """A headline has no full stop, inside or at the end: "Two sentences. The second" is prose."""
    return 4 <= len(line.split()) <= 30 and not SENTENCE_END.search(line) and not re.search(r"[.!?]\s+[A-Z]", line)
