"""The set-up's native llama.cpp build: when it cannot be made, the portable wheel stays and still serves."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_a_native_build_that_fails_keeps_the_installed_llama_cpp(tmp_path):
    from assistant.llm import bundled_build, bundled_runtime

    before = bundled_build(), bundled_runtime()
    env = {**os.environ, "PIP_NO_CACHE_DIR": "1"}  # never a cached wheel: the build itself must fail
    run = subprocess.run(["make", "--no-print-directory", "native", f"VENV={sys.prefix}",
                          "NATIVE_CMAKE=-DCMAKE_CXX_COMPILER=/nonexistent/c++"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "The native llama.cpp build failed; keeping xllamacpp's portable wheel." in run.stdout
    after = subprocess.run([sys.executable, "-c",
                            "from assistant.llm import bundled_build, bundled_runtime; print(bundled_build()); "
                            "print(bundled_runtime())"], capture_output=True, text=True, check=True)
    assert after.stdout.splitlines() == list(before)


@pytest.mark.llm
def test_the_installed_llama_cpp_answers():
    """The build `make native` leaves must answer: one made with AMX on a virtual Xeon that lists AMX
    without enabling it died on its first matrix product (general protection fault)."""
    run = subprocess.run([sys.executable, "-c", "from assistant.config import Settings; "
                          "from assistant.llm import self_test; s = Settings.from_env(); "
                          "print(repr(self_test(s.llm, s.store.model_dir)))"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() not in ("", "''")
