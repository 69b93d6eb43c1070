"""HTML and plain text for the chat page. Article text is untrusted: everything is escaped here.

Kept apart from `app.py` so the escaping can be tested without starting a server.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from assistant import (
    WAITING_FOR_VECTORS,
    Answer,
    Citation,
    Conflict,
    Corroboration,
    Entity,
    Evidence,
    LoadResult,
    Mentioned,
    Sentence,
    Source,
    SyncReport,
)

WORKING = "…"


def answer_markdown(answer: Answer) -> str:
    """The chat bubble: sentences with [n] links to their sources, unverified ones marked."""
    parts = []
    if answer.notice:
        parts.append(f"*{escape(answer.notice)}*\n\n")
    for index, sentence in enumerate(answer.sentences):
        links = "".join(f'<a href="#source-{n}">[{n}]</a>' for n in sentence.citations)
        text = escape(sentence.text)
        if not sentence.verified and not answer.refused:
            text = f'<span class="unverified" title="{escape(sentence.reason)}">⚠ {text} (unverified)</span>'
        parts.append(f"{text} {links} {_sources_lines(answer, index)}")
    if answer.as_of:
        parts.append(f"\n\n<span class='as-of'>{escape(answer.as_of_text)}</span>")
    if answer.refused and answer.closest:
        parts.append("\n\nClosest articles: " + "; ".join(f"*{escape(a.title)}*" for a in answer.closest))
    return "".join(parts).strip()


def corroboration_words(corroboration: Corroboration) -> str:
    """ "Stated in 3 articles from 2 publishers (1 wire copy counted once)", or that no other article states it."""
    if corroboration.articles == 1 and not corroboration.copies:
        return "No other article in the corpus states this."
    copies = corroboration.copies
    folded = f" ({copies} wire cop{'ies' if copies > 1 else 'y'} counted once)" if copies else ""
    return (f"Stated in {corroboration.articles} article{'s' if corroboration.articles > 1 else ''} from "
            f"{corroboration.publishers} publisher{'s' if corroboration.publishers > 1 else ''}{folded}.")


def conflict_words(conflict: Conflict) -> str:
    """ "Sources differ: 45 (Evening Post, 2017-02-09) · 30 (Morning Herald, 2017-02-07, superseded)"."""
    return "Sources differ: " + " · ".join(f"{v.value} ({_dated(v)})" for v in conflict.values)


def _dated(source: Source) -> str:
    bits = [source.article.publisher or source.article.title, source.article.date or "undated"]
    return ", ".join(bits + (["superseded"] if source.superseded else []))


def _anchor(answer: Answer, source: Source) -> str:
    """A cited sentence's source block, or the block beside the sources that shows this one."""
    cited = next((c.number for c in answer.citations
                  if (c.article.id, c.sentence.index) == (source.article.id, source.sentence.index)), None)
    return f"source-{cited}" if cited else f"side-{escape(source.article.id, quote=True)}-{source.sentence.index}"


def _sources_lines(answer: Answer, index: int) -> str:
    """Under an answer sentence: who else states it and who gives another value; details on click."""
    lines = []
    for conflict in (c for c in answer.conflicts if c.sentence == index):
        values = " · ".join(f'<a href="#{_anchor(answer, v)}"><b>{escape(v.value)}</b></a> ({escape(_dated(v))})'
                            for v in conflict.values)
        lines.append(f"<div class='conflict'>⚠ Sources differ: {values}</div>")
    for corroboration in (c for c in answer.corroboration if c.sentence == index):
        listed = "".join(f'<li><a href="#{_anchor(answer, s)}">{escape(s.article.title or s.article.id)}</a> '
                         f"({escape(_dated(s))}){_copies(s)}</li>" for s in corroboration.sources)
        lines.append(f"<details class='corroboration'><summary>{escape(corroboration_words(corroboration))}</summary>"
                     f"<ul>{listed}</ul></details>")
    return "".join(lines)


def _copies(source: Source) -> str:
    if not source.copies:
        return ""
    return " — copied by " + ", ".join(escape(f"{a.publisher or a.title} ({a.id})") for a in source.copies)


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
    shown = {(c.article.id, c.sentence.index) for c in answer.citations}
    side = [s for c in answer.corroboration for s in c.sources] + [v for c in answer.conflicts for v in c.values]
    for source in side:
        if (source.article.id, source.sentence.index) in shown or source.article.id not in answer.articles:
            continue
        shown.add((source.article.id, source.sentence.index))
        blocks.append(
            f"<div class='source side' id='{_anchor(answer, source)}'>"
            f"<h4>{escape(source.article.title or source.article.id)}</h4>{_meta(source.article)}"
            f"<blockquote>{escape(source.sentence.text)}</blockquote>"
            f"<details><summary>Whole article, sentence highlighted</summary>"
            f"<div class='article'>{highlighted(answer.articles[source.article.id].text, source.sentence)}</div>"
            f"</details></div>")
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
        f"{s.text} {''.join(f'[{n}]' for n in s.citations)}{'' if s.verified or answer.refused else ' (unverified)'}".strip()
        for s in answer.sentences))
    for index in range(len(answer.sentences)):
        side = [f"⚠ {conflict_words(c)}" for c in answer.conflicts if c.sentence == index]
        for c in (c for c in answer.corroboration if c.sentence == index):
            side.append(corroboration_words(c))
            side += [f"  - {s.article.title} ({_dated(s)}) [{s.article.id}]"
                     + (f", copied by {', '.join(a.id for a in s.copies)}" if s.copies else "")
                     for s in c.sources if c.articles > 1 or s.copies]
        if side and len(answer.sentences) > 1:
            side.insert(0, f"Sentence {index + 1}:")
        lines += side
    if answer.as_of:
        lines.append(answer.as_of_text[:1].upper() + answer.as_of_text[1:] + ".")
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
    lines = [f"{loaded.read} articles read; {report.summary()}."]
    for outcome, ids in (("added", report.added), ("updated", report.updated)):
        if ids:
            more = f" and {len(ids) - listed} more" if len(ids) > listed else ""
            lines.append(f"{outcome.capitalize()}: {', '.join(ids[:listed])}{more}.")
    problems = [f"Not stored: {refused}" for refused in report.refused]
    problems += [f"Skipped {error}" for error in loaded.errors]
    problems += [f"Skipped {copy}: a copy of {kept}" for copy, kept in report.duplicates.items()]
    return lines, problems


def waiting_note(waiting: int) -> str:
    """How many stored articles have no vectors yet, for the CLI after an ingest and the page's corpus tab:
    the words of the answer's notice."""
    return f"⚠ {WAITING_FOR_VECTORS.format(count=waiting)}" if waiting else ""


def _meta(info) -> str:
    bits = [escape(x) for x in (info.publisher, info.date) if x]
    if info.url.startswith(("http://", "https://")):
        bits.append(f"<a href='{escape(info.url, quote=True)}' target='_blank' rel='noopener noreferrer'>link</a>")
    return f"<div class='meta'>{' · '.join(bits)}</div>" if bits else ""


def _speaker(citation: Citation) -> str:
    return f"<div class='speaker'>Quoted: {escape(citation.speaker)}</div>" if citation.speaker else ""


def entity_lines(entities: list[Entity], aliases: int = 3) -> list[str]:
    """One tab-separated line per entity: name, kind, articles, outlets, first and last dates, its commonest aliases."""
    return [f"{e.name}\t{e.kind}\t{e.articles} article(s)\t{e.outlets} outlet(s)\t{_span(e)}\t"
            + "; ".join(f"{a.text} ({a.why})" for a in e.aliases[:aliases]) for e in entities]


def _span(entity: Entity) -> str:
    return f"{entity.first} to {entity.last}" if entity.first != entity.last else entity.first or "undated"


def named_links(names: list[str]) -> str:
    """ "Named: Alikhan Smailov · Kazakhstan" under an answer, each name opening its panel entry."""
    if not names:
        return ""
    links = " · ".join(f'<a href="#entity-{quote(n)}">{escape(n)}</a>' for n in names)  # the page's sanitiser keeps hrefs
    return f"\n\n<span class='named'>Named: {links}</span>"


def entity_html(name: str, found: list[Mentioned], counted: list[Entity]) -> str:
    """A panel entry: the entity's counts and aliases (each with why), then the articles naming it, newest first."""
    entry = next((e for e in counted if e.name == name), None)
    parts = [f"<h4>{escape(name)}</h4>"]
    if entry:
        parts.append(f"<p class='why'>{escape(entry.kind)} · {entry.articles} article(s) · {entry.outlets} outlet(s) · "
                     f"{escape(_span(entry))}</p>")
        parts += [f"<p class='why'>also “{escape(a.text)}”: {escape(a.why)}</p>" for a in entry.aliases[:5]]
    seen = {}
    for item in found:
        seen.setdefault(item.article.id, item)
    parts.append("<ul class='entity-articles'>" + "".join(
        f"<li><b>{escape(item.article.title or item.article.id)}</b> {_meta(item.article)}"
        f"<br>{escape(item.sentence.text)}</li>" for item in seen.values()) + "</ul>")
    return "".join(parts)
