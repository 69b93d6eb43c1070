"""The Gradio chat page: evidence at once, the answer as it streams, then cited, verified sources.

Calls only the library's public API (`Newsdesk`); rendering and escaping live in `render.py`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import gradio as gr

from assistant import ConfigError, Filters, Newsdesk, NewsdeskError, Settings
from ui import render
from ui.login import Login
from ui.queue import AnswerQueue

CSS = """
mark.cited { background: #ffe066; padding: 0 2px; }
.unverified { color: #a61e4d; }
.source { border-bottom: 1px solid #ddd; margin-bottom: 8px; padding: 4px; }
.source.active { outline: 2px solid #f08c00; }
#sources { max-height: 640px; overflow-y: auto; }
.source .meta, .evidence .meta { color: #666; font-size: 0.9em; }
.conflict { color: #a61e4d; font-size: 0.9em; margin: 2px 0; }
.corroboration, .as-of { color: #555; font-size: 0.9em; }
#entity-view .why, .named { color: #555; font-size: 0.9em; }
.hidden-box { display: none !important; }
"""
# A click on [n] in an answer (or on a source beside it) opens that source, unfolds its article and
# scrolls the highlighted sentence into view. Delegated from the document: answers are rendered after page load.
OPEN_SOURCE_JS = """
<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[href^='#source-'], a[href^='#side-']");
  if (!link) return;
  const source = document.getElementById(link.getAttribute("href").slice(1));
  if (!source) return;
  event.preventDefault();
  event.stopPropagation();
  document.querySelectorAll(".source.active").forEach((s) => s.classList.remove("active"));
  source.classList.add("active");
  const details = source.querySelector("details");
  if (details) details.open = true;
  (source.querySelector("mark.cited") || source).scrollIntoView({block: "center"});
}, true);
// A name under an answer opens its entry in the entities panel (listed there if it was not): the name is
// written into the panel's hidden box, whose input event the page answers.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[href^='#entity-']");
  const box = document.querySelector("#entity-open textarea");
  if (!link || !box) return;
  event.preventDefault();
  box.value = decodeURIComponent(link.getAttribute("href").slice("#entity-".length));
  box.dispatchEvent(new Event("input", {bubbles: true}));
  document.getElementById("entities").scrollIntoView({block: "center"});
}, true);
</script>
"""
ENTITIES_SHOWN = 30  # entries of the panel: the names the most articles within the filters give


def build(desk: Newsdesk) -> gr.Blocks:
    line = AnswerQueue()
    with gr.Blocks(title="Newsdesk") as page:
        gr.Markdown("## Newsdesk — answers from your articles, every sentence cited")
        history = gr.State([])
        with gr.Tab("Ask"), gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Conversation", height=480, elem_id="chat")
                question = gr.Textbox(label="Question", placeholder="Ask about the articles…", elem_id="question")
                with gr.Row():
                    ask = gr.Button("Ask", variant="primary", elem_id="ask")
                    clear = gr.Button("New conversation")
                with gr.Accordion("Filters (apply to the next question)", open=False):
                    publishers = gr.Dropdown(label="Publishers", multiselect=True, choices=desk.publishers())
                    date_from = gr.Textbox(label="Published from (yyyy-mm-dd)")
                    date_to = gr.Textbox(label="Published to (yyyy-mm-dd)")
                with gr.Accordion("People, organisations and places", open=True):
                    kind = gr.Radio(["all", "person", "organisation", "place"], value="all", label="Kind",
                                    elem_id="entity-kind")
                    entity = gr.Radio([], label="Named most (a click keeps the articles and questions to those naming it)",
                                      elem_id="entities")
                    entity_view = gr.HTML(elem_id="entity-view")
                    opened = gr.Textbox(elem_id="entity-open", elem_classes=["hidden-box"], container=False)
                    unfilter = gr.Button("Show every article", size="sm", elem_id="entity-clear")
                copy = gr.Textbox(label="Answer with sources, as plain text", lines=4, buttons=["copy"],
                                  elem_id="copy", interactive=False)
            with gr.Column(scale=2):
                sources = gr.HTML("<p>Sources appear here.</p>", elem_id="sources")
        with gr.Tab("Corpus") as corpus_tab:
            articles = gr.Dataframe(_article_rows(desk), headers=["id", "title", "publisher", "date"],
                                    interactive=False, elem_id="articles")
            upload = gr.File(label="Add articles (.txt, .md, .html, .json, .jsonl, .csv)", file_count="multiple", type="filepath",
                             elem_id="upload")
            status = gr.Markdown(elem_id="corpus-status")
            remove_id = gr.Dropdown(label="Remove article", choices=_ids(desk), elem_id="remove-id")
            remove = gr.Button("Remove")

        def respond(message, chat_log, past, chosen, start, end, named):
            chat_log = list(chat_log or []) + [{"role": "user", "content": message},
                                               {"role": "assistant", "content": render.WORKING}]
            yield chat_log, "", gr.update(), past, ""
            filters = Filters(tuple(chosen or ()), (start or "").strip(), (end or "").strip(), named or "")
            partial = ""
            ticket = line.join()
            try:
                events = desk.stream(message, filters=filters, history=past)
                first = next(events)  # the evidence, found before the model is asked: shown to everyone at once
                yield chat_log, "", render.evidence_html(first.evidence), past, ""
                while (ahead := line.ahead(ticket)) > 0:
                    chat_log[-1] = {"role": "assistant", "content": render.queued(ahead)}
                    yield chat_log, "", gr.update(), past, ""
                    line.wait(ticket, timeout=1.0)
                for event in events:
                    if event.kind == "token":
                        partial += event.token
                        chat_log[-1] = {"role": "assistant", "content": render.streaming_markdown(partial)}
                        yield chat_log, "", gr.update(), past, ""
                    else:
                        answer = event.answer
                        names = _named_in(desk, answer)
                        chat_log[-1] = {"role": "assistant",
                                        "content": render.answer_markdown(answer) + render.named_links(names)}
                        past = list(past) + [(message, answer.text)]
                        yield chat_log, "", render.sources_html(answer), past, render.plain_text(answer)
            except NewsdeskError as exc:
                chat_log[-1] = {"role": "assistant", "content": f"⚠ {render.escape(str(exc))}"}
                yield chat_log, message, gr.update(), past, ""
            finally:
                line.leave(ticket)

        def corpus_lists(**removal):
            """The article table, the two choice lists and how many articles wait for vectors, as the store holds
            them now (another reader may have changed it)."""
            return (_article_rows(desk), gr.update(choices=_ids(desk), **removal), gr.update(choices=desk.publishers()),
                    render.waiting_note(desk.vectors_waiting()))

        def add_files(paths):
            if not paths:
                return gr.update(), "", gr.update(), gr.update()
            try:
                loaded, report = desk.ingest(_keep_uploads(paths, desk.settings.store.data_dir / "uploads"), progress=False)
            except NewsdeskError as exc:
                return gr.update(), f"⚠ {render.escape(str(exc))}", gr.update(), gr.update()
            rows, ids, publishers_now, waiting = corpus_lists()
            done, problems = render.ingest_lines(loaded, report)
            lines = [render.escape(line) for line in done + [f"⚠ {p}" for p in problems]]
            return rows, "\n\n".join([*lines, waiting] if waiting else lines), ids, publishers_now

        def drop(article_id):
            if not article_id:
                return gr.update(), "Choose an article to remove.", gr.update(), gr.update()
            try:
                removed = desk.remove([article_id])
            except NewsdeskError as exc:
                return gr.update(), f"⚠ {render.escape(str(exc))}", gr.update(), gr.update()
            note = f"Removed {render.escape(article_id)}." if removed else f"⚠ {render.escape(article_id)} was not found."
            rows, ids, publishers_now, _ = corpus_lists(value=None)
            return rows, note, ids, publishers_now

        def panel(kind_now, chosen, start, end, named):
            """The panel's entries within the publisher and date filters, the chosen one kept among them."""
            try:
                filters = Filters(tuple(chosen or ()), (start or "").strip(), (end or "").strip())
                listed = desk.entities("" if kind_now == "all" else kind_now, filters, ENTITIES_SHOWN)
            except NewsdeskError as exc:
                return gr.update(), f"⚠ {render.escape(str(exc))}"
            choices = [(f"{e.name} · {e.kind} · {e.articles}", e.name) for e in listed]
            if named and named not in [name for _, name in choices]:
                choices.insert(0, (named, named))
            waiting = desk.names_waiting()
            note = f"<p class='why'>{waiting} article(s) wait for their names.</p>" if waiting else ""
            return gr.update(choices=choices, value=named or None), note

        def open_entry(named):
            """The chosen entity's aliases and the articles naming it: what the next question is kept to."""
            if not named:
                return ""
            try:
                return render.entity_html(named, desk.mentions(named), desk.entities(filters=Filters(entity=named),
                                                                                      limit=1))
            except NewsdeskError as exc:
                return f"⚠ {render.escape(str(exc))}"

        outputs = [chat, question, sources, history, copy]
        inputs = [question, chat, history, publishers, date_from, date_to, entity]
        question.submit(respond, inputs, outputs)
        ask.click(respond, inputs, outputs)
        clear.click(lambda: ([], [], "<p>Sources appear here.</p>", ""), None, [chat, history, sources, copy])
        corpus = [articles, remove_id, publishers, status]
        panel_inputs = [kind, publishers, date_from, date_to, entity]
        page.load(corpus_lists, None, corpus)  # a page opened later sees today's corpus, not the one at start
        page.load(panel, panel_inputs, [entity, entity_view])
        for changed in (kind, publishers, date_from, date_to):
            changed.change(panel, panel_inputs, [entity, entity_view])
        entity.change(open_entry, entity, entity_view)
        opened.change(panel, [kind, publishers, date_from, date_to, opened], [entity, entity_view])
        unfilter.click(lambda: (gr.update(value=None), ""), None, [entity, entity_view])
        corpus_tab.select(corpus_lists, None, corpus)
        upload.upload(add_files, upload, [articles, status, remove_id, publishers], show_progress="full")
        remove.click(drop, remove_id, [articles, status, remove_id, publishers])
    return page


def launch(desk: Newsdesk, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
           block: bool = True) -> gr.Blocks:
    """Start the page for `desk`; with block=False it serves from a thread (tests) and returns.

    With `auth`, every route but the login page asks for the password (`ui/login.py` slows guessing);
    FastAPI's own schema and docs routes, which Gradio leaves open, are switched off.
    """
    app = build(desk).queue(default_concurrency_limit=None)  # the model's own line is `AnswerQueue`
    app.launch(server_name=host, server_port=port, auth=Login(*auth).check if auth else None, css=CSS,
               head=OPEN_SOURCE_JS, show_error=False, share=False, prevent_thread_lock=not block,
               app_kwargs={"openapi_url": None, "docs_url": None, "redoc_url": None})
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve the page; any address other than loopback requires NEWSDESK_UI_AUTH=user:password."""
    if host not in ("127.0.0.1", "localhost", "::1") and not settings.auth:
        raise ConfigError(f"refusing to serve on {host} without a password: set NEWSDESK_UI_AUTH=user:password")
    with Newsdesk(settings) as desk:
        launch(desk, host, port, settings.auth)


def _named_in(desk: Newsdesk, answer) -> list[str]:
    """The entities named in an answer's cited sentences, in citation order: each links to its panel entry."""
    names = []
    for citation in answer.citations:
        for mention in desk.article_mentions(citation.article.id):
            inside = citation.sentence.start <= mention.start < citation.sentence.end
            if inside and mention.kind in ("person", "organisation", "place") and mention.entity not in names:
                names.append(mention.entity)
    return names


def _article_rows(desk: Newsdesk) -> list[list[str]]:
    return [[a.id, a.title, a.publisher, a.date] for a in desk.articles()]


def _ids(desk: Newsdesk) -> list[str]:
    return [a.id for a in desk.articles()]


def _keep_uploads(paths: list[str], folder: Path) -> list[Path]:
    """Copy uploads out of Gradio's temporary folder: an upload is then one stable source, and a
    second upload of the same file name is an update of it, not a stranger claiming its id."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = []
    for path in map(Path, paths):
        kept.append(folder / path.name)
        shutil.copyfile(path, kept[-1])
    return kept
