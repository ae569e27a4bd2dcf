"""The shop served by a real gunicorn on a free loopback port, for tests that need HTTP
between processes (browsers, several workers)."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The access log's lines: time, user agent, Cookie header, status, request line,
# tab-separated (the request line last: only it could hold a tab).
ACCESS_FORMAT = "%(t)s\t%(a)s\t%({cookie}i)s\t%(s)s\t%(r)s"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, probe: str = "/",
             tls: tuple[Path, Path] | None = None, log: Path | None = None,
             access_log: Path | None = None) -> Iterator[str]:
    """Serve `wsgi:app` with `env` until the block ends; yields the base address once
    `probe` answers. `tls` (certificate, key) serves https, as production is reached;
    `log` keeps gunicorn's error log (the tracebacks of any 500), `access_log` every
    request and its answer (ACCESS_FORMAT)."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    if tls:
        command += ["--certfile", str(tls[0]), "--keyfile", str(tls[1])]
    if access_log:
        command += ["--access-logfile", str(access_log), "--access-logformat", ACCESS_FORMAT]
    errors = log.open("ab") if log else subprocess.DEVNULL
    server = subprocess.Popen(
        [*command, "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors,
    )
    base = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    # The certificate is the test's own, self-signed: it is its own authority.
    context = ssl.create_default_context(cafile=str(tls[0])) if tls else None
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + probe, timeout=1, context=context)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        if log:
            errors.close()
