"""The design card's rules about the code itself, held by a test so they stay true."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "minutes"
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


RULE_MODULES = [
    p
    for p in MODULES
    if p.name in ("services.py", "importing.py", "status.py")
    or p.parent.name == "models"
    or p.name in ("rules.py", "permissions.py")
]


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_rules_never_import_forms_or_views(path):
    """Services, models and rules sit below forms and views: validation a form and an
    importer share lives in a module both import, never in the form."""
    bad = [
        name
        for name in _imports(path)
        if name.rsplit(".", 1)[-1] in ("forms", "routes") or name.endswith(("wtforms", "flask_wtf"))
    ]
    assert bad == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_legacy_query_api(path):
    """Typed 2.0 queries only: db.select, never Model.query."""
    assert ".query." not in path.read_text(encoding="utf-8").replace("request.query", "")
