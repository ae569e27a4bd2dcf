"""Serving and loading: gunicorn for the shop and the reference, wrk, the cart cookie,
and the workers' peak memory. Plain http.client, so nothing beyond the stdlib is needed.
"""

from __future__ import annotations

import http.client
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from common import ROOT, VENV_BIN, log, parse_wrk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One gunicorn master, its port, and where its log goes."""

    proc: subprocess.Popen
    port: int
    log_path: Path

    def get(self, path: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            headers = {k.lower(): v for k, v in response.getheaders()}
            headers["set-cookie"] = "\n".join(response.headers.get_all("Set-Cookie") or [])
            return response.status, headers, response.read()
        finally:
            conn.close()

    def post(self, path: str, form: dict[str, str], cookie: str | None) -> tuple[int, str]:
        """POST a form; (status, the new session cookie or the old one)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            if cookie:
                headers["Cookie"] = cookie
            conn.request("POST", path, body=urlencode(form), headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status, _session_cookie(response.headers.get_all("Set-Cookie")) or (
                cookie or ""
            )
        finally:
            conn.close()

    def worker_pids(self) -> list[int]:
        """Children of the master: gunicorn's sync workers."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.proc.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def peak_rss_mb(self) -> list[float]:
        """VmHWM of each worker: the most memory it held at any moment of the run."""
        peaks = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(round(int(match.group(1)) / 1024, 1))
        return peaks

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _session_cookie(headers: list[str] | None) -> str | None:
    for header in headers or []:
        match = re.match(r"\s*(session=[^;]*)", header)
        if match:
            return match.group(1)
    return None


def start_gunicorn(app: str, env: dict[str, str], workers: int, name: str,
                   chdir: Path = ROOT) -> Server:
    """gunicorn with sync workers on 127.0.0.1 and a free port, ready when it returns."""
    port = free_port()
    log_path = Path(env.get("BENCH_TMP") or tempfile.gettempdir()) / f"gunicorn-{name}.log"
    handle = log_path.open("w")
    proc = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir), app],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
    )
    server = Server(proc, port, log_path)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn {name} exited:\n{log_path.read_text()[-3000:]}")
        try:
            server.get("/")
            if len(server.worker_pids()) >= workers:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"gunicorn {name} did not answer in 90 s")


def cart_cookie(server: Server, product_paths: list[str]) -> tuple[str | None, str]:
    """A session cookie holding one unit of each product, added through POST /cart/add
    with the CSRF token read from each product page, as a browser would."""
    cookie: str | None = None
    for path in product_paths:
        status, headers, body = server.get(path, cookie)
        if status != 200:
            return None, f"product page {path} answered {status}"
        cookie = _session_cookie(headers["set-cookie"].splitlines()) or cookie
        html = body.decode("utf-8", "replace")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        pid = re.search(r'name="product_id"[^>]*value="(\d+)"', html)
        if not pid:
            return None, "no add-to-cart form on the product page"
        form = {"product_id": pid.group(1), "quantity": "1"}
        if token:
            form["csrf_token"] = token.group(1)
        status, cookie = server.post("/cart/add", form, cookie)
        if status not in (200, 302, 303):
            return None, f"POST /cart/add answered {status}"
    return cookie, "ok"


def wrk(url: str, seconds: int, connections: int, cookie: str | None = None) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    proc = subprocess.run(  # noqa: S603
        [*cmd, url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed: {proc.stderr or proc.stdout}")
    return parse_wrk(proc.stdout)


def measure(server: Server, path: str, seconds: int, runs: int, connections: int,
            cookie: str | None = None) -> dict:
    """One warm-up run thrown away, then the median of `runs` runs (rps and p99 each)."""
    url = f"http://127.0.0.1:{server.port}{path}"
    wrk(url, min(seconds, 5), connections, cookie)
    results = [wrk(url, seconds, connections, cookie) for _ in range(runs)]
    def _median(name: str) -> float | None:
        # wrk prints no percentiles when no request finished within the run.
        values = [r[name] for r in results if r.get("requests") and name in r]
        return round(statistics.median(values), 2) if values else None

    out = {
        "rps": round(statistics.median(r["rps"] for r in results), 1),
        "p99_ms": _median("p99_ms"),
        "p50_ms": _median("p50_ms"),
        "runs_rps": [r["rps"] for r in results],
        "non_2xx": sum(int(r["non_2xx"]) for r in results),
        "socket_errors": sum(int(r["socket_errors"]) for r in results),
    }
    log(f"  {path[:70]}: {out['rps']} req/s, p99 {out['p99_ms']} ms")
    return out


def check_page(server: Server, path: str, cookie: str | None = None) -> tuple[bool, str, int]:
    """(available, why not, body bytes): a page that is not 200 is "not available"."""
    try:
        status, _headers, body = server.get(path, cookie)
    except OSError as error:
        return False, f"request failed: {error}", 0
    if status != 200:
        return False, f"answered HTTP {status}", len(body)
    return True, "", len(body)


def environ_for_reference(env: dict[str, str], html_path: Path) -> dict[str, str]:
    out = dict(env)
    out["BENCH_REFERENCE_HTML"] = str(html_path)
    out.pop("DATABASE_URL", None)
    return out
