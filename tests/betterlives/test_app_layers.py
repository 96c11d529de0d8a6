"""The apps depend downwards only: betterlives ← domains ← evaluations ← actionplans. A lower
app offers a place for a higher one to register what it needs (docs/architecture.md); it
never imports it, not even inside a function. The root URLconf, which puts every app's
addresses together, is the one module that names them all."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["betterlives", "domains", "evaluations", "actionplans"]
ALLOWED = {Path("betterlives/urls.py")}


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


@pytest.mark.parametrize("app", APPS[:-1])
def test_an_app_never_imports_an_app_above_it(app):
    above = set(APPS[APPS.index(app) + 1:])
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts or relative in ALLOWED:
            continue
        found += [f"{relative}:{line} imports {package}"
                  for line, package in imported_packages(path) if package in above]
    assert found == []
