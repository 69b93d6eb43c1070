"""`newsdesk ingest | embed | ask | articles | entities | mentions | remove | check | doctor | serve | serve-embeddings`.

Each command parses, calls the library, prints.

An app like the page: it uses only `assistant`'s public API.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from assistant import EmbeddingServer, Filters, Newsdesk, NewsdeskError, Settings
from ui.render import entity_lines, ingest_lines, plain_text, waiting_note


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env(data_dir=args.data_dir, chroma_url=args.chroma_url,
                                     llm_base_url=args.llm_base_url, llm_model=args.llm_model,
                                     llm_api_key=args.llm_api_key)
        return args.run(args, settings)
    except KeyboardInterrupt:
        return 130
    except NewsdeskError as exc:  # every library error carries a message fit for the reader
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _ingest(args, settings: Settings) -> int:
    paths = args.paths or [settings.corpus_dir]
    with Newsdesk(settings) as desk:
        loaded, report = desk.ingest(paths, prune=args.prune, embed=not args.no_embed)
        waiting = desk.vectors_waiting()
    done, problems = ingest_lines(loaded, report)
    print("\n".join(done))
    if problems:
        print("\n".join(problems), file=sys.stderr)
    if waiting:
        print(waiting_note(waiting), file=sys.stderr)
    return 1 if loaded.errors and not loaded.read else 0


def _embed(args, settings: Settings) -> int:
    with Newsdesk(settings) as desk:
        print(f"made the vectors of {desk.embed()} article(s)")
    return 0


def _ask(args, settings: Settings) -> int:
    filters = _filters(args)
    with Newsdesk(settings) as desk:
        answer = desk.ask(args.question, filters=filters)
    print(plain_text(answer))
    return 0


def _articles(args, settings: Settings) -> int:
    with Newsdesk(settings) as desk:
        for info in desk.articles():
            print(f"{info.id}\t{info.date or '-'}\t{info.publisher or '-'}\t{info.title}")
    return 0


def _entities(args, settings: Settings) -> int:
    with Newsdesk(settings) as desk:
        if args.update:
            print(f"read the names of {desk.update_names()} article(s)")
        entities = desk.entities(args.kind or "", _filters(args), args.limit)
        waiting = desk.names_waiting()
    print("\n".join(entity_lines(entities)) or "no entities stored")
    if waiting:
        print(f"{waiting} article(s) wait for their names: run `newsdesk entities --update`", file=sys.stderr)
    return 0


def _mentions(args, settings: Settings) -> int:
    with Newsdesk(settings) as desk:
        for found in desk.mentions(args.entity, args.limit):
            why = f" ({found.mention.why})" if found.mention.why else ""
            print(f"{found.article.id}\t{found.article.date or '-'}\t{found.mention.text}{why}\t{found.sentence.text}")
    return 0


def _filters(args) -> Filters:
    return Filters(tuple(args.publisher or ()), args.date_from or "", args.date_to or "", args.entity or "")


def _add_filters(command: argparse.ArgumentParser) -> None:
    command.add_argument("--publisher", action="append", help="only articles from this publisher (repeatable)")
    command.add_argument("--from", dest="date_from", help="only articles published on or after yyyy-mm-dd")
    command.add_argument("--to", dest="date_to", help="only articles published on or before yyyy-mm-dd")
    command.add_argument("--entity", help="only articles naming this person, organisation or place")


def _remove(args, settings: Settings) -> int:
    with Newsdesk(settings) as desk:
        removed = desk.remove(args.ids)
    missing = sorted(set(args.ids) - set(removed))
    print(f"removed {len(removed)} article(s)" + (f"; not found: {', '.join(missing)}" if missing else ""))
    return 1 if missing else 0


def _check(args, settings: Settings) -> int:
    with Newsdesk(settings) as desk:
        orphans = desk.check_store(repair=args.repair)
    if not orphans:
        print("the store is consistent")
        return 0
    verb = "removed the chunks of" if args.repair else "found chunks without their article record for"
    print(f"{verb} {len(orphans)} article(s): {', '.join(orphans)}"
          + ("; re-ingest their files to store them again" if args.repair else "; run `newsdesk check --repair`"))
    return 0 if args.repair else 1


def _doctor(args, settings: Settings) -> int:
    with Newsdesk(settings) as desk:
        for key, value in desk.runtime().items():
            print(f"{key}: {value}")
    return 0


def _serve(args, settings: Settings) -> int:
    from ui.app import serve

    serve(settings, host=args.host, port=args.port)
    return 0


def _serve_embeddings(args, settings: Settings) -> int:
    server = EmbeddingServer.local(settings.ingest, host=args.host, port=args.port)
    print(f"serving {server.model} at {server.url}/embeddings; on the machines that ingest and ask: "
          f"NEWSDESK_EMBED_BASE_URL={server.url} (the host as they reach it). Ctrl-C stops.", flush=True)
    server.serve_forever()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk", description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="where the embedded Chroma store lives (NEWSDESK_DATA_DIR)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 (NEWSDESK_CHROMA_URL)")
    parser.add_argument("--llm-base-url", help="an OpenAI-compatible /v1 URL (NEWSDESK_LLM_BASE_URL); "
                                               "unset = the embedded model")
    parser.add_argument("--llm-model", help="model name on that server (NEWSDESK_LLM_MODEL)")
    parser.add_argument("--llm-api-key", help="API key for that server (NEWSDESK_LLM_API_KEY)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="read, clean, split, embed and store articles")
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/)")
    ingest.add_argument("--prune", action="store_true", help="remove stored articles that are not in PATHS")
    ingest.add_argument("--no-embed", action="store_true",
                        help="store the articles searchable by their words now, and leave their vectors to `newsdesk embed`")
    ingest.set_defaults(run=_ingest)

    embed = commands.add_parser("embed", help="make the vectors of the stored articles waiting for them (resumable)")
    embed.set_defaults(run=_embed)

    ask = commands.add_parser("ask", help="answer one question with cited sources")
    ask.add_argument("question")
    _add_filters(ask)
    ask.set_defaults(run=_ask)

    entities = commands.add_parser("entities", help="the people, organisations and places the articles name most")
    entities.add_argument("--kind", choices=("person", "organisation", "place"))
    entities.add_argument("--limit", type=int, default=30)
    entities.add_argument("--update", action="store_true", help="first read the names of articles not read yet")
    _add_filters(entities)
    entities.set_defaults(run=_entities)

    mentions = commands.add_parser("mentions", help="the sentences naming an entity (or one of its aliases)")
    mentions.add_argument("entity")
    mentions.add_argument("--limit", type=int, default=50)
    mentions.set_defaults(run=_mentions)

    listing = commands.add_parser("articles", help="list the stored articles")
    listing.set_defaults(run=_articles)

    remove = commands.add_parser("remove", help="remove articles by id")
    remove.add_argument("ids", nargs="+")
    remove.set_defaults(run=_remove)

    check = commands.add_parser("check", help="find (and with --repair remove) chunks whose article record is missing")
    check.add_argument("--repair", action="store_true")
    check.set_defaults(run=_check)

    doctor = commands.add_parser("doctor", help="what this set-up runs on: store, embedder, model, llama.cpp CPU features")
    doctor.set_defaults(run=_doctor)

    serve = commands.add_parser("serve", help="start the chat page")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)
    serve.set_defaults(run=_serve)

    embeddings = commands.add_parser("serve-embeddings", help="serve the in-process embedder (NEWSDESK_EMBEDDER) as an "
                                                              "OpenAI-compatible /v1/embeddings endpoint")
    embeddings.add_argument("--host", default="127.0.0.1", help="0.0.0.0 serves every address (no password: a private "
                                                                "network only)")
    embeddings.add_argument("--port", type=int, default=8081)
    embeddings.set_defaults(run=_serve_embeddings)
    return parser


if __name__ == "__main__":
    sys.exit(main())
