"""HTML and plain text for the chat page. Article text is untrusted: everything is escaped here.

Kept apart from `app.py` so the escaping can be tested without starting a server.
"""

from __future__ import annotations

from html import escape

from assistant import Answer, Citation, Evidence, LoadResult, Sentence, SyncReport

WORKING = "…"


def answer_markdown(answer: Answer) -> str:
    """The chat bubble: sentences with [n] links to their sources, unverified ones marked."""
    parts = []
    if answer.notice:
        parts.append(f"*{escape(answer.notice)}*\n\n")
    for sentence in answer.sentences:
        links = "".join(f'<a href="#source-{n}">[{n}]</a>' for n in sentence.citations)
        text = escape(sentence.text)
        if not sentence.verified:
            text = f'<span class="unverified" title="{escape(sentence.reason)}">⚠ {text} (unverified)</span>'
        parts.append(f"{text} {links} ")
    if answer.refused and answer.closest:
        parts.append("\n\nClosest articles: " + "; ".join(f"*{escape(a.title)}*" for a in answer.closest))
    return "".join(parts).strip()


def queued(ahead: int) -> str:
    """The reader's place in the model's line, while the evidence is already on screen."""
    return f"⏳ {ahead} question{'s' if ahead != 1 else ''} ahead of yours; the evidence is on the right."


def streaming_markdown(partial: str) -> str:
    return escape(partial) + f" {WORKING}"


def evidence_html(evidence: tuple[Evidence, ...] | list[Evidence]) -> str:
    if not evidence:
        return "<p>No relevant sentences found.</p>"
    items = "".join(
        f"<li><b>{escape(e.article.title)}</b>{_meta(e.article)}<br>“{escape(e.sentence.text)}”</li>"
        for e in evidence)
    return f"<h4>Evidence (while the answer is written)</h4><ol class='evidence'>{items}</ol>"


def sources_html(answer: Answer) -> str:
    """Each citation: its article's title, publisher, date and link, and the sentence highlighted in place."""
    if not answer.citations:
        return "<p>No sources: the answer was not drawn from the articles.</p>"
    blocks = []
    for citation in answer.citations:
        article = answer.articles[citation.article.id]
        blocks.append(
            f"<div class='source' id='source-{citation.number}'>"
            f"<h4>[{citation.number}] {escape(citation.article.title)}</h4>{_meta(citation.article)}"
            f"{_speaker(citation)}<blockquote>{escape(citation.sentence.text)}</blockquote>"
            f"<details><summary>Whole article, sentence highlighted</summary>"
            f"<div class='article'>{highlighted(article.text, citation.sentence)}</div></details></div>")
    return "".join(blocks)


def highlighted(text: str, sentence: Sentence) -> str:
    """The article with one sentence in <mark>, paragraphs kept; every piece escaped."""
    before, target, after = text[: sentence.start], text[sentence.start: sentence.end], text[sentence.end:]
    body = f"{escape(before)}<mark class='cited'>{escape(target)}</mark>{escape(after)}"
    return "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())


def plain_text(answer: Answer) -> str:
    """The answer as the CLI prints it and the page's copy box holds it: [n] markers, then the sources."""
    lines = [f"({answer.notice})"] if answer.notice else []
    lines.append(" ".join(
        f"{s.text} {''.join(f'[{n}]' for n in s.citations)}{'' if s.verified else ' (unverified)'}".strip()
        for s in answer.sentences))
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            meta = ", ".join(x for x in (c.article.publisher, c.article.date, c.article.url) if x)
            lines.append(f"[{c.number}] {c.article.title}" + (f" — {meta}" if meta else "") + f" [{c.article.id}]")
            lines.append(f"    “{c.sentence.text}”" + (f" ({c.speaker})" if c.speaker else ""))
    if answer.refused and answer.closest:
        lines += ["", "Closest articles:"] + [f"- {a.title} [{a.id}]" for a in answer.closest]
    return "\n".join(lines)


def ingest_lines(loaded: LoadResult, report: SyncReport, listed: int = 20) -> tuple[list[str], list[str]]:
    """What an ingest did, per article, and what it could not do, per file or row: the CLI prints
    the two to stdout and stderr, the page shows both."""
    lines = [f"{len(loaded.articles)} articles read; {report.summary()}."]
    for outcome, ids in (("added", report.added), ("updated", report.updated)):
        if ids:
            more = f" and {len(ids) - listed} more" if len(ids) > listed else ""
            lines.append(f"{outcome.capitalize()}: {', '.join(ids[:listed])}{more}.")
    problems = [f"Not stored: {refused}" for refused in report.refused]
    problems += [f"Skipped {error}" for error in loaded.errors]
    problems += [f"Skipped {copy}: a copy of {kept}" for copy, kept in loaded.duplicates.items()]
    return lines, problems


def _meta(info) -> str:
    bits = [escape(x) for x in (info.publisher, info.date) if x]
    if info.url.startswith(("http://", "https://")):
        bits.append(f"<a href='{escape(info.url, quote=True)}' target='_blank' rel='noopener noreferrer'>link</a>")
    return f"<div class='meta'>{' · '.join(bits)}</div>" if bits else ""


def _speaker(citation: Citation) -> str:
    return f"<div class='speaker'>Quoted: {escape(citation.speaker)}</div>" if citation.speaker else ""
