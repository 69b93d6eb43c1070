"""The apps (page, CLI, evals, bench) use only the library's public API: `from assistant import ...`."""

import ast

import pytest

import assistant
from tests.conftest import ROOT

APPS = ["ui", "evals", "bench"]


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            yield from ((a.name, []) for a in node.names)


@pytest.mark.parametrize("path", sorted(p for app in APPS for p in (ROOT / app).rglob("*.py")), ids=str)
def test_apps_import_nothing_from_assistant_but_its_public_api(path):
    for module, names in _imports(path):
        assert not module.startswith("assistant."), f"{path.name} imports {module}"
        if module == "assistant":
            assert set(names) <= set(assistant.__all__), f"{path.name} imports {names}"


def test_the_library_imports_no_app():
    for path in (ROOT / "assistant").rglob("*.py"):
        for module, _ in _imports(path):
            assert module.split(".")[0] not in APPS, f"{path} imports {module}"
