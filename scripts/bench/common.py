"""Shared helpers of the benchmark scripts: settings from the environment, child
processes, wrk output parsing and the machine description.

The scripts are plain files (no package), run as `python scripts/bench/run.py`;
they import each other from this directory.
"""

from __future__ import annotations

import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
INSTANCE = ROOT / "instance"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


def env_seconds(name: str, default: int) -> int:
    """`10`, `10s` or `1m`: wrk's own duration syntax, kept as whole seconds."""
    value = os.environ.get(name, "").strip().lower()
    match = re.fullmatch(r"(\d+)\s*([sm]?)", value)
    if not match:
        return default
    return int(match.group(1)) * (60 if match.group(2) == "m" else 1)


@dataclass
class Settings:
    """What one run measures; every knob is an environment variable so `make` stays simple."""

    products: int = env_int("BENCH_PRODUCTS", 100_000)
    duration: int = env_seconds("BENCH_DURATION", 10)
    runs: int = env_int("BENCH_RUNS", 3)
    connections: int = env_int("BENCH_CONNECTIONS", 16)
    workers: int = env_int("BENCH_WORKERS", 2)
    reuse: bool = os.environ.get("BENCH_REUSE_DB", "") in ("1", "yes", "true")
    only: str = os.environ.get("BENCH_ONLY", "").strip()  # "sqlite" or "postgresql"
    skip: tuple[str, ...] = tuple(
        s for s in os.environ.get("BENCH_SKIP", "").replace(",", " ").split() if s
    )  # any of: seed web queries checkout photo


def sqlalchemy_url(url: str) -> str:
    """The URL as config.py would rewrite it (psycopg 3 driver for PostgreSQL)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def backend_of(url: str) -> str:
    return "postgresql" if url.startswith("postgres") else "sqlite"


# One key a run, shared by every child (the server and the clients that sign in).
_BENCH_SECRET_KEY = secrets.token_hex(32)


def app_env(database_url: str, *, production: bool = True) -> dict[str, str]:
    """Environment of every child that builds the app: the bench DB, DEBUG off."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        FLASK_CONFIG="production" if production else "development",
        SECRET_KEY=_BENCH_SECRET_KEY,
        ALLOW_SQLITE_IN_PRODUCTION="1",
        # Production refuses to start without these; the bench pays on delivery only.
        SITE_URL="https://bench.rooyesh.test",
        RATELIMIT_STORAGE_URI=os.environ.get("BENCH_RATELIMIT_STORAGE_URI",
                                             "redis://127.0.0.1:6379/15"),
        ZARINPAL_MERCHANT_ID="bench-not-a-merchant",
        ZARINPAL_API_URL="https://payment.zarinpal.com/pg/v4/payment",
        ZARINPAL_STARTPAY_URL="https://payment.zarinpal.com/pg/StartPay",
        UPLOAD_FOLDER=str(INSTANCE / "bench-uploads"),
        JOB_QUEUE_URL=f"sqlite:///{INSTANCE / 'bench-jobs.db'}",  # not the shop's own queue
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 3600) -> tuple[
    int, str, float
]:
    """Run a command from the project root; (exit code, stdout+stderr, seconds)."""
    start = time.perf_counter()
    proc = subprocess.run(  # noqa: S603  (our own commands, no shell)
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    return proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - start


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- wrk -------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        raise ValueError(value)
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, float | int]:
    """Requests/s, p50/p99 latency (ms), request and error counts from `wrk --latency`."""
    out: dict[str, float | int] = {}
    match = re.search(r"Requests/sec:\s*([\d.]+)", output)
    if not match:
        raise ValueError("no Requests/sec in wrk output:\n" + output)
    out["rps"] = float(match.group(1))
    for pct in ("50", "99"):
        found = re.search(rf"^\s*{pct}(?:\.000)?%\s+(\S+)", output, re.MULTILINE)
        if found:
            out[f"p{pct}_ms"] = _ms(found.group(1))
    match = re.search(r"(\d+) requests in", output)
    out["requests"] = int(match.group(1)) if match else 0
    match = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    out["non_2xx"] = int(match.group(1)) if match else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    out["socket_errors"] = sum(int(g) for g in errors.groups()) if errors else 0
    return out


# --- the machine -----------------------------------------------------------------


def _first_line(cmd: list[str]) -> str:
    if not shutil.which(cmd[0]) and not Path(cmd[0]).exists():
        return "not installed"
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)  # noqa: S603
    except OSError:
        return "not installed"
    text = (proc.stdout or proc.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def machine() -> dict[str, object]:
    """What the figures were measured on: they only mean something beside this."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_mb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    code = (
        "import sqlite3, flask, sqlalchemy, PIL, gunicorn;"
        "print(sqlite3.sqlite_version, flask.__version__, sqlalchemy.__version__,"
        " PIL.__version__, gunicorn.__version__)"
    )
    versions = _first_line([PYTHON, "-c", code]).split()
    names = ("sqlite", "flask", "sqlalchemy", "pillow", "gunicorn")
    info: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "nproc": os.cpu_count(),
        "memory_mb": mem_mb,
        "cpu": cpu,
        "kernel": platform.release(),
        "python": _first_line([PYTHON, "--version"]).replace("Python ", ""),
        "wrk": _first_line(["wrk", "--version"]).split(" [")[0],
        "postgresql_client": _first_line(["psql", "--version"]),
    }
    info.update(dict(zip(names, versions, strict=False)))
    return info
