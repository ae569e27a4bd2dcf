"""scripts/audit_pinned.py: a pin at the latest release is checked against its advisories;
a pin behind it is reported unchecked, never as safe."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "audit_pinned.py"


def _run(module, root, pages, monkeypatch, capsys):
    original = module.pins
    monkeypatch.setattr(module, "pins", lambda _root: original(root))
    monkeypatch.setattr(module, "project", lambda name: pages[name])
    code = module.main()
    return code, capsys.readouterr().out


def _load():
    spec = importlib.util.spec_from_file_location("audit_pinned", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> None:
    (root / "requirements.txt").write_text("flask==3.1.3\nold-thing==1.0  # behind\n")
    (root / "requirements-test.txt").write_text("-r requirements.txt\npytest==8.4.2\n")


def test_a_known_vulnerability_fails_the_audit(tmp_path, monkeypatch, capsys) -> None:
    module = _load()
    _files(tmp_path)
    advisory = {"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "fixed_in": ["3.1.4"]}
    pages = {
        "flask": {"info": {"version": "3.1.3"}, "vulnerabilities": [advisory]},
        "old-thing": {"info": {"version": "2.0"}, "vulnerabilities": []},
        "pytest": {"info": {"version": "8.4.2"}, "vulnerabilities": []},
    }
    code, out = _run(module, tmp_path, pages, monkeypatch, capsys)
    assert code == 1
    assert "VULNERABLE flask==3.1.3: PYSEC-0000-1, CVE-0000-1 (fixed in 3.1.4)" in out
    assert "unchecked  old-thing==1.0" in out
    assert "2 pins checked" in out


def test_clean_pins_pass_and_pins_behind_are_unchecked(tmp_path, monkeypatch, capsys) -> None:
    module = _load()
    _files(tmp_path)
    pages = {
        "flask": {"info": {"version": "3.1.3"}, "vulnerabilities": []},
        "old-thing": {"info": {"version": "2.0"}, "vulnerabilities": [{"id": "X"}]},
        "pytest": {"info": {"version": "8.4.2"}, "vulnerabilities": []},
    }
    code, out = _run(module, tmp_path, pages, monkeypatch, capsys)
    assert code == 0  # old-thing's advisory is for 2.0, not for the pinned 1.0
    assert "0 known vulnerabilities, 1 unchecked" in out
