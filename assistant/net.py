"""Local servers the library starts: a free loopback port, waiting for it, and a Chroma server.

`ChromaServer` runs `chroma run` from the installed package, the way a newsroom would run the
store on its own machine; tests and the bench use it for the client/server path.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from assistant.errors import StoreError


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class ChromaServer:
    """`with ChromaServer(path) as url:` serves the Chroma store at `path` on a free loopback port."""

    def __init__(self, path: Path, start_timeout: float = 60.0):
        self.path, self.start_timeout = path, start_timeout
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> str:
        port = free_port()
        chroma = Path(sys.executable).with_name("chroma")
        self.process = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
        deadline = time.monotonic() + self.start_timeout
        while not port_open(port):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.__exit__()
                raise StoreError(f"`chroma run --path {self.path}` did not start listening "
                                 f"within {self.start_timeout:.0f} s")
            time.sleep(0.3)
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None
