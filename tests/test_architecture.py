"""The layout's rules that import-linter cannot see: names, not modules.

import-linter (`make lint`, contracts in pyproject.toml) keeps domain packages away from
the blueprints and `web/`, `text/` pure, the blueprints apart and the packages acyclic.
This test adds what it cannot express: no domain module reads the request, the session
or the signed-in user; the acting user is always an argument.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "marketplace"
DOMAIN = ["models", "text", "catalogue", "media", "orders", "ledger", "programme", "people",
          "notifications", "ops"]
FORBIDDEN = {
    "flask": {"request", "session", "g"},
    "flask_login": {"current_user", "login_user", "logout_user"},
}


def _domain_modules() -> list[Path]:
    return sorted(p for pkg in DOMAIN for p in (ROOT / pkg).rglob("*.py"))


def _violations(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN:
            found += [f"{node.module}.{a.name}" for a in node.names
                      if a.name in FORBIDDEN[node.module]]
        elif (
            isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.attr in FORBIDDEN.get(node.value.id, ())
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", _domain_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_reads_no_request_session_or_user(path: Path) -> None:
    assert _violations(path) == []


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import flask\nfrom flask_login import current_user\nx = flask.session\n")
    assert sorted(_violations(bad)) == ["flask.session", "flask_login.current_user"]


def test_every_package_is_in_the_architecture_notes() -> None:
    notes = (ROOT.parent / "docs" / "architecture.md").read_text()
    packages = sorted(p.parent.name for p in ROOT.glob("*/__init__.py"))
    missing = [name for name in packages if f"`{name}/`" not in notes]
    assert missing == []
