"""What a wapiti report found, and which of it docs/security.md explains.

The allow-list is the table under the heading `ALLOW_LIST_HEADING` in docs/security.md:
one row a finding that is not a vulnerability here, with wapiti's category (and, after a
colon, the start of its message), the path (a `*` wildcard), the parameter (`*` for any)
and the reason. A row without a reason is an
error, so nothing is waved through silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECURITY_DOC = ROOT / "docs" / "security.md"
ALLOW_LIST_HEADING = "### Scan findings that are allowed, and why"
# wapiti's levels: 0 information, 1 low, 2 medium, 3 high, 4 critical.
MEDIUM = 2
LEVEL_NAMES = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}


@dataclass(frozen=True)
class Finding:
    kind: str  # "vulnerability" or "anomaly" (a 500, a timeout)
    category: str
    level: int
    method: str
    path: str
    parameter: str
    info: str
    curl: str = ""

    def __str__(self) -> str:
        where = f"{self.method} {self.path}" + (f" [{self.parameter}]" if self.parameter else "")
        return f"{LEVEL_NAMES.get(self.level, self.level)} {self.category}: {where}: {self.info}"


@dataclass(frozen=True)
class Allowed:
    finding: str  # wapiti's category, or "category: the start of its message"
    path: str
    parameter: str
    reason: str

    def covers(self, finding: Finding) -> bool:
        category, _, message = self.finding.partition(": ")
        return (category == finding.category and finding.info.startswith(message)
                and fnmatchcase(finding.path, self.path)
                and fnmatchcase(finding.parameter, self.parameter))


def wapiti_findings(report: Path) -> list[Finding]:
    """Every vulnerability and anomaly in a wapiti JSON report."""
    data = json.loads(report.read_text())
    return [
        Finding(kind, category, int(item["level"]), item["method"], item["path"],
                item.get("parameter") or "", item.get("info") or "", item.get("curl_command", ""))
        for kind, section in (("vulnerability", "vulnerabilities"), ("anomaly", "anomalies"))
        for category, items in data.get(section, {}).items()
        for item in items
    ]


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]


def allow_list(doc: Path = SECURITY_DOC) -> list[Allowed]:
    """The rows of the allow-list table in docs/security.md."""
    lines = doc.read_text().splitlines()
    try:
        start = lines.index(ALLOW_LIST_HEADING)
    except ValueError as missing:
        raise AssertionError(f"{doc} has no {ALLOW_LIST_HEADING!r} section") from missing
    rows = []
    table = False
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            if table:
                break
            continue
        table = True
        cells = _cells(line)
        if cells[0] in ("finding", "") or set(cells[0]) <= {"-", " "}:
            continue  # the header and its rule
        if len(cells) != 4 or not all(cells):
            raise AssertionError(f"allow-list row needs finding, path, parameter and why: {line}")
        rows.append(Allowed(*cells))
    return rows


def unexplained(findings: list[Finding], allowed: list[Allowed]) -> list[Finding]:
    """Findings of medium or higher that no allow-list row covers."""
    return [f for f in findings
            if f.level >= MEDIUM and not any(row.covers(f) for row in allowed)]


def summary(title: str, findings: list[Finding], allowed: list[Allowed]) -> str:
    """A Markdown page for the artefacts: every finding, and why an allowed one is."""
    lines = [f"## {title}", ""]
    for finding in sorted(findings, key=lambda f: (-f.level, f.category, f.path)):
        reason = next((row.reason for row in allowed if row.covers(finding)), None)
        if finding.level >= MEDIUM:
            verdict = f"allowed: {reason}" if reason else "**UNEXPLAINED: fails the scan**"
        else:
            verdict = "below medium"
        lines.append(f"- {finding} ({verdict})")
    if not findings:
        lines.append("- nothing found")
    return "\n".join(lines) + "\n"
