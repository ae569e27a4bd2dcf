"""Known vulnerabilities of the pinned requirements, from PyPI's project pages.

`make audit` runs pip-audit first. pip-audit asks PyPI for each pinned *version*
(/pypi/<name>/<version>/json) or asks OSV; where neither answers (this build network
serves only PyPI's project pages), it audits nothing. A project page
(/pypi/<name>/json) lists the known vulnerabilities of the project's latest release,
so for every pin that *is* the latest release this checks the same PyPA advisory data.
A pin behind the latest release cannot be checked this way and is listed as unchecked.

Exit status: 1 when a pinned version has a known vulnerability, else 0.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

FILES = ("requirements.txt", "requirements-test.txt")
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s#;]+)")
PROJECT_URL = "https://pypi.org/pypi/{name}/json"


def pins(root: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in FILES:
        for line in (root / name).read_text().splitlines():
            match = PIN.match(line.strip())
            if match:
                found[match.group(1)] = match.group(2)
    return found


def project(name: str) -> dict:
    url = PROJECT_URL.format(name=name)
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310  (https only)
        return json.load(response)


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    vulnerable: list[str] = []
    unchecked: list[str] = []
    checked = 0
    for name, version in sorted(pins(root).items(), key=lambda kv: kv[0].lower()):
        try:
            data = project(name)
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            unchecked.append(f"{name}=={version} (PyPI did not answer: {error})")
            continue
        latest = data.get("info", {}).get("version")
        if latest != version:
            unchecked.append(f"{name}=={version} (latest is {latest}; only its data is here)")
            continue
        checked += 1
        for advisory in data.get("vulnerabilities") or []:
            ids = ", ".join([advisory.get("id", "?"), *advisory.get("aliases", [])])
            fixed = ", ".join(advisory.get("fixed_in") or []) or "no fix listed"
            vulnerable.append(f"{name}=={version}: {ids} (fixed in {fixed})")
    for line in vulnerable:
        print(f"VULNERABLE {line}")
    for line in unchecked:
        print(f"unchecked  {line}")
    print(f"audit_pinned: {checked} pins checked against PyPI's advisories, "
          f"{len(vulnerable)} known vulnerabilities, {len(unchecked)} unchecked.")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
