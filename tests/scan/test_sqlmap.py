"""sqlmap against the search and the catalogue's filters of the served shop: no parameter
injectable, by any of sqlmap's techniques (boolean, error, union, stacked, time-based) for
the engine behind it. Its output is kept in test-artifacts/scan/sqlmap/.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import time

import pytest

from tests.scan.conftest import ARTIFACTS, ServedShop, agent

pytestmark = [pytest.mark.slow, pytest.mark.scan]

SQLMAP = shutil.which("sqlmap")
# Every parameter the storefront reads into a query, on the pages that read them, with a
# value each would take. The filters of the back office are attacked by wapiti's sql module.
TARGETS = (
    ("/search?q=%DA%AF%D9%84%DB%8C%D9%85&craft=kilim&min_price=100000&sort=relevance"
     "&colour=red", "q,craft,min_price,sort,colour"),
    ("/products?craft=kilim&centre=toos&min_price=100000&max_price=90000000&knots=30"
     "&sort=price_asc", "craft,centre,min_price,max_price,knots,sort"),
    ("/search/suggest?q=%DA%AF%D9%84", "q"),
)


def _injectable(results: list) -> list[dict[str, str]]:
    """The rows of sqlmap's results CSV (one per injectable parameter found)."""
    rows = []
    for path in results:
        with path.open(newline="") as handle:
            rows += [row for row in csv.DictReader(handle) if row.get("Parameter")]
    return rows


@pytest.mark.skipif(SQLMAP is None, reason="sqlmap is missing (apt-get install sqlmap); "
                    ".ci/run installs it")
@pytest.mark.parametrize(("page", "parameters"), TARGETS, ids=lambda v: v.split("?")[0])
def test_sqlmap_finds_no_injection(served_shop: ServedShop, page: str, parameters: str) -> None:
    name = page.split("?")[0].strip("/").replace("/", "-")
    output = ARTIFACTS / "sqlmap" / name
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    command = [
        SQLMAP, "--url", served_shop.base + page, "-p", parameters, "--batch",
        f"--dbms={served_shop.dbms}", "--level", "1", "--risk", "1", "--time-sec", "2",
        "--timeout", "20", "--flush-session", "--disable-coloring", "--output-dir", str(output),
        "--cookie", f"session={served_shop.cookies['anonymous']}",
        "--user-agent", agent("anonymous"),
    ]
    started = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    (output / "sqlmap.log").write_text(run.stdout + run.stderr)
    print(f"sqlmap {name}: {time.monotonic() - started:.0f} s")
    found = _injectable(sorted(output.glob("results-*.csv")))
    assert "identified the following injection point" not in run.stdout, run.stdout[-3000:]
    assert not found, found
    # Every parameter was actually tried (a refused or broken page would test nothing).
    for parameter in parameters.split(","):
        assert f"parameter '{parameter}' does not seem to be injectable" in run.stdout, (
            parameter, run.stdout[-3000:])
