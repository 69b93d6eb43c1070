"""An in-process embedder served as an OpenAI-compatible `/v1/embeddings` endpoint (`newsdesk serve-embeddings`).

A newsroom runs it on a machine with cores to spare (or several behind one URL) and points every
ingest and reader at it with `NEWSDESK_EMBED_BASE_URL`; the tests serve the bundled MiniLM with it
on a free port. MiniLM runs with torch on the CPU here; a GPU is served by a server of its own that
speaks the same API.
Python's own HTTP server is enough: one request is one batch of texts, and requests are embedded
one at a time (the model already uses every core, and its tokenizer may not be called from two
threads at once). It has no password: serve it on a network only the newsroom's machines reach.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

from assistant.config import IngestSettings
from assistant.embed import Embedder, load_embedder
from assistant.errors import EmbedderError

log = logging.getLogger(__name__)
MAX_BODY = 32_000_000  # bytes: 2,048 texts (OpenAI's limit per request) of ~15,000 characters
MAX_INPUTS = 2048


class EmbeddingServer:
    """`with EmbeddingServer(embedder, port=8081) as url:` serves `embedder` at `url` (a `/v1` base URL) from a
    thread; `serve_forever()` serves it in the calling thread. Port 0 takes a free one."""

    def __init__(self, embedder: Embedder, host: str = "127.0.0.1", port: int = 0):
        try:
            self.httpd = _HTTPServer((host, port), embedder)
        except OSError as exc:  # the port is taken, or the address is not this machine's
            raise EmbedderError(f"cannot serve embeddings on {host}:{port}: {exc}") from exc
        self.url = f"http://{host}:{self.httpd.server_address[1]}/v1"
        self._thread: threading.Thread | None = None

    @classmethod
    def local(cls, settings: IngestSettings, host: str = "127.0.0.1", port: int = 0) -> EmbeddingServer:
        """The in-process embedder these settings name (`NEWSDESK_EMBEDDER`), whatever `embed_base_url` says."""
        return cls(load_embedder(replace(settings, embed_base_url="")), host, port)

    @property
    def model(self) -> str:
        return self.httpd.embedder.name

    def __enter__(self) -> str:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="embedding-server", daemon=True)
        self._thread.start()
        return self.url

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join()

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C), then close the socket."""
        try:
            self.httpd.serve_forever()
        finally:
            self.httpd.server_close()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], embedder: Embedder):
        super().__init__(address, _Handler)
        self.embedder = embedder
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive: the openai client reuses its connection for every batch

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/v1/models":
            return self._error(404, f"no such path: GET {self.path}")
        self._reply(200, {"object": "list", "data": [
            {"id": self.server.embedder.name, "object": "model", "created": 0, "owned_by": "newsdesk"}]})

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/v1/embeddings":
            return self._error(404, f"no such path: POST {self.path}")
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY:
            self.close_connection = True  # an unread body would otherwise be taken for the next request
            return self._error(413 if length.isdigit() else 411, f"a request needs a Content-Length of at most {MAX_BODY}")
        try:
            body = json.loads(self.rfile.read(int(length)))
        except ValueError:
            return self._error(400, "the request body is not JSON")
        texts = body.get("input") if isinstance(body, dict) else None
        texts = [texts] if isinstance(texts, str) else texts
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts) or len(texts) > MAX_INPUTS:
            return self._error(400, f"`input` must be a string or a list of at most {MAX_INPUTS} strings")
        name = self.server.embedder.name
        if body.get("model") != name:
            return self._error(404, f"this server embeds with {name!r}, not {body.get('model')!r}")
        encoding = body.get("encoding_format") or "float"
        if encoding not in ("float", "base64"):
            return self._error(400, f"`encoding_format` must be 'float' or 'base64', not {encoding!r}")
        try:
            with self.server.lock:
                vectors = self.server.embedder.encode(texts)
        except Exception as exc:  # the model's failure goes to the client as a 500, which it retries
            log.exception("embedding %d texts failed", len(texts))
            return self._error(500, f"the embedder failed: {type(exc).__name__}: {exc}", "server_error")
        data = [{"object": "embedding", "index": i, "embedding": _encoded(v, encoding)} for i, v in enumerate(vectors)]
        self._reply(200, {"object": "list", "data": data, "model": name,
                          "usage": {"prompt_tokens": 0, "total_tokens": 0}})  # tokens are not counted

    def _error(self, status: int, message: str, kind: str = "invalid_request_error") -> None:
        self._reply(status, {"error": {"message": message, "type": kind}})

    def _reply(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        log.info("%s %s", self.address_string(), format % args)


def _encoded(vector: np.ndarray, encoding: str) -> list[float] | str:
    """A vector as JSON numbers, or as the little-endian float32 bytes in base64 the openai client asks for by default."""
    return base64.b64encode(vector.astype("<f4").tobytes()).decode() if encoding == "base64" else vector.tolist()
