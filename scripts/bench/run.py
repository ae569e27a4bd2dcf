"""`make bench`: seed a separate database with 100,000 products, load the shop and a
bare-Flask reference with wrk side by side, and write docs/benchmarks.{md,json}.

Runs on SQLite (instance/bench.db) and, when BENCH_DATABASE_URL names a PostgreSQL
database, on that too. Each backend's results replace only its own section of the
JSON, so a SQLite run and a PostgreSQL run made separately end up side by side.
Knobs (environment): BENCH_PRODUCTS, BENCH_DURATION, BENCH_RUNS, BENCH_REUSE_DB=1,
BENCH_ONLY=sqlite|postgresql, BENCH_SKIP="seed web queries checkout photo".
A page the shop does not serve (yet) is reported "not available", never a crash.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import report
import web
from common import (
    BENCH_DIR,
    INSTANCE,
    PYTHON,
    ROOT,
    Settings,
    app_env,
    backend_of,
    log,
    machine,
    run,
)

JSON_PATH = ROOT / "docs" / "benchmarks.json"
SEED_LIMIT_S = 180
SEED_PROFILE_CODE = """
import cProfile, pstats, io
from marketplace import create_app
from demo.seed import seed_demo
app = create_app()
with app.app_context():
    p = cProfile.Profile(); p.enable(); seed_demo({n}, all_listed=True); p.disable()
s = io.StringIO(); pstats.Stats(p, stream=s).sort_stats("tottime").print_stats(15)
print(s.getvalue())
"""


def _child_json(script: str, args: list[str], env: dict[str, str]) -> Any:
    code, out, _ = run([PYTHON, str(BENCH_DIR / script), *args], env=env)
    if code != 0:
        raise RuntimeError(f"{script} {' '.join(args)} failed:\n{out[-4000:]}")
    return json.loads(out.strip().splitlines()[-1])


def _ensure_pg_database(url: str) -> None:
    """CREATE DATABASE when missing (connecting to the server's `postgres` database)."""
    from common import sqlalchemy_url
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(sqlalchemy_url(url))
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                             {"n": target.database})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def _analyze(url: str) -> None:
    from common import sqlalchemy_url
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def _pg_version(url: str) -> str:
    from common import sqlalchemy_url
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(url))
    with engine.connect() as conn:
        version = str(conn.scalar(text("SHOW server_version")))
    engine.dispose()
    return f"PostgreSQL {version}"


def _product_count(env: dict[str, str]) -> int:
    code, out, _ = run([PYTHON, "-c", (
        "from marketplace import create_app;from marketplace.extensions import db;"
        "from sqlalchemy import text;app=create_app();ctx=app.app_context();ctx.push();"
        "print(db.session.scalar(text(\"SELECT count(*) FROM products WHERE status='listed'\")))"
    )], env=env)
    return int(out.strip().splitlines()[-1]) if code == 0 else -1


def seed(url: str, products: int, reuse: bool) -> dict[str, Any]:
    """Upgrade and seed `url` with `products` listed products; the seed is timed."""
    env = app_env(url, production=False)
    if reuse and _product_count(env) >= products:
        log(f"reusing {url} (already {products:,}+ products)")
        return {"reused": True}
    if backend_of(url) == "postgresql":
        _ensure_pg_database(url)
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    flask = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi"]
    code, out, _ = run([*flask, "db", "upgrade"], env=env)
    if code != 0:
        raise RuntimeError(f"db upgrade failed:\n{out[-3000:]}")
    log(f"seeding {products:,} products into {url}")
    code, out, seconds = run(
        [*flask, "seed-demo", "--reset", "--products", str(products), "--all-listed"], env=env
    )
    if code != 0:
        raise RuntimeError(f"seed-demo failed:\n{out[-3000:]}")
    result: dict[str, Any] = {"seconds": round(seconds, 1), "products": products,
                              "output": out.strip().splitlines()[-1]}
    if backend_of(url) == "postgresql":
        # Autovacuum would analyze the new rows within a minute or so; until it does the
        # planner believes the tables are empty (a search then scans every product).
        # ANALYZE now makes the run deterministic and like a server in steady state.
        _analyze(url)
    log(f"seeded in {seconds:.1f} s")
    if products >= 100_000 and seconds > SEED_LIMIT_S:
        scratch = Path(tempfile.mkdtemp()) / "seed-profile.db"
        penv = app_env(f"sqlite:///{scratch}", production=False)
        run([*flask, "db", "upgrade"], env=penv)
        _, prof, _ = run([PYTHON, "-c", SEED_PROFILE_CODE.format(n=10_000)], env=penv)
        result["profile_10k"] = prof[-6000:]
    return result


def web_bench(url: str, settings: Settings, tmp: Path) -> dict[str, Any]:
    """Every page and the reference under wrk, with the same gunicorn settings."""
    env = app_env(url)
    env["BENCH_TMP"] = str(tmp)
    found = _child_json("inspect_app.py", ["urls"], env)
    shop = web.start_gunicorn("wsgi:app", env, settings.workers, "shop")
    reference = None
    out: dict[str, Any] = {"notes": found["notes"], "pages": {}}
    try:
        status, _headers, html = shop.get("/products")
        if status != 200:
            raise RuntimeError(f"/products answered {status}: no reference page to copy")
        html_path = tmp / "products.html"
        html_path.write_bytes(html)
        out["reference_bytes"] = len(html)
        ref_env = web.environ_for_reference(env, html_path)
        reference = web.start_gunicorn("reference_app:app", ref_env, settings.workers,
                                       "reference", chdir=BENCH_DIR)
        log("reference")
        out["reference"] = web.measure(reference, "/products", settings.duration, settings.runs,
                                       settings.connections)
        cookie = None
        detail_paths = found.get("cart_paths", [])
        for key, path in found["pages"].items():
            if key == "cart":
                cookie, why = web.cart_cookie(shop, detail_paths)
                if cookie is None:
                    out["pages"][key] = {"path": path, "available": False, "why": why}
                    continue
            ok, why, size = web.check_page(shop, path, cookie if key == "cart" else None)
            if not ok:
                out["pages"][key] = {"path": path, "available": False, "why": why}
                log(f"  {key}: not available ({why})")
                continue
            figures = web.measure(shop, path, settings.duration, settings.runs,
                                  settings.connections, cookie if key == "cart" else None)
            out["pages"][key] = {"path": path, "available": True, "bytes": size, **figures}
        out["worker_peak_rss_mb"] = shop.peak_rss_mb()
        out["uncached"], out["search"] = _uncached_pages(env, found, settings, out["pages"])
        # The machine's load drifts: measure the reference again and use both.
        log("reference again")
        after = web.measure(reference, "/products", settings.duration, settings.runs,
                            settings.connections)
        before = out["reference"]
        out["reference"] = {
            "rps": round(statistics.median(before["runs_rps"] + after["runs_rps"]), 1),
            "p50_ms": round(statistics.median([before["p50_ms"], after["p50_ms"]]), 2),
            "p99_ms": round(statistics.median([before["p99_ms"], after["p99_ms"]]), 2),
            "runs_rps": before["runs_rps"] + after["runs_rps"],
            "before": before, "after": after, "peak_rss_mb": reference.peak_rss_mb(),
        }
    finally:
        shop.stop()
        if reference is not None:
            reference.stop()
    return out


def _uncached_pages(env: dict[str, str], found: dict[str, Any], settings: Settings,
                   measured: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The anonymous pages again with the page cache off: what a page costs to render,
    which is what a visitor pays on the first view after a catalogue change. One run
    each (after the warm-up): for the record, not a target. Then the search pages of
    issue 14, rendered, with their own targets and the full number of runs."""
    log("pages without the page cache")
    server = web.start_gunicorn("wsgi:app", {**env, "PAGE_CACHE_SECONDS": "0"},
                                settings.workers, "shop-uncached")
    out: dict[str, Any] = {}
    search: dict[str, Any] = {}
    try:
        for key, path in found["pages"].items():
            if key != "cart" and measured.get(key, {}).get("available"):
                out[key] = web.measure(server, path, settings.duration, 1,
                                       settings.connections)
        log("search, rendered")
        for key, path in found.get("search", {}).items():
            ok, why, size = web.check_page(server, path)
            if not ok:
                search[key] = {"path": path, "available": False, "why": why}
                continue
            figures = web.measure(server, path, settings.duration, settings.runs,
                                  settings.connections)
            search[key] = {"path": path, "available": True, "bytes": size, **figures}
    finally:
        server.stop()
    return out, search


def backend_run(url: str, q100_url: str, settings: Settings, tmp: Path) -> dict[str, Any]:
    backend = backend_of(url)
    result: dict[str, Any] = {"database": url.split("@")[-1], "products": settings.products}
    if "seed" not in settings.skip:
        result["seed"] = seed(url, settings.products, settings.reuse)
        seed(q100_url, 100, settings.reuse)
    if "queries" not in settings.skip:
        log("counting SQL statements per page")
        try:
            result["queries"] = {
                "large": _child_json("inspect_app.py", ["queries"], app_env(url)),
                "q100": _child_json("inspect_app.py", ["queries"], app_env(q100_url)),
            }
        except RuntimeError as error:
            log(f"query counts not available: {error}")
            result["queries_error"] = str(error)[-1500:]
    if "web" not in settings.skip:
        try:
            result["web"] = web_bench(url, settings, tmp)
        except (RuntimeError, OSError, ValueError) as error:  # the shop may be mid-change
            log(f"web benchmark not available: {error}")
            result["web"] = {"error": str(error)[-1500:]}
        slow = report.failing_pages(result["web"])
        if slow:
            log(f"profiling {', '.join(slow)}")
            # Without the page cache: the profile is of rendering, where the time goes.
            profile_env = {**app_env(url), "PAGE_CACHE_SECONDS": "0"}
            result["profiles"] = _child_json("inspect_app.py", ["profile", *slow], profile_env)
    if "checkout" not in settings.skip:
        log("checkout: 16 concurrent buyers")
        try:
            result["checkout"] = _child_json(
                "checkout_load.py", [str(settings.duration), "16"], app_env(url)
            )
        except RuntimeError as error:
            result["checkout"] = {"available": False, "why": str(error)[-500:]}
        rate = result["checkout"].get("orders_per_s") or 0
        if 0 < rate < report.CHECKOUT_TARGET.get(backend, 100):
            result["checkout_profile"] = _child_json(
                "checkout_load.py", ["--profile"], app_env(url)
            )["text"]
        code, out, seconds = run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi",
                                  "check-integrity"], env=app_env(url))
        result["integrity"] = {"ok": code == 0, "output": out.strip()[-2000:],
                               "seconds": round(seconds, 1)}
        log(f"check-integrity took {seconds:.0f} s")
    result["backend"] = backend
    return result


def main() -> int:
    settings = Settings()
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    INSTANCE.mkdir(exist_ok=True)
    targets: list[tuple[str, str]] = []
    if settings.only in ("", "sqlite"):
        sqlite_path = Path(os.environ.get("BENCH_SQLITE_PATH", INSTANCE / "bench.db")).resolve()
        q100 = sqlite_path.with_name(sqlite_path.stem + "-100.db")
        targets.append((f"sqlite:///{sqlite_path}", f"sqlite:///{q100}"))
    pg_url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if pg_url and settings.only in ("", "postgresql"):
        targets.append((pg_url, pg_url + "_q100"))
    if not {"seed", "queries", "web", "checkout"} - set(settings.skip):
        targets = []  # only the photo bench: keep the backends' last figures as they are
    data: dict[str, Any] = {}
    if JSON_PATH.exists():
        try:
            data = json.loads(JSON_PATH.read_text())
        except ValueError:
            data = {}
    data.setdefault("runs", {})
    data["machine"] = machine()
    data["settings"] = {"duration_s": settings.duration, "runs": settings.runs,
                        "connections": settings.connections, "workers": settings.workers,
                        "wrk": f"wrk -t2 -c{settings.connections} -d{settings.duration}s "
                               "--timeout 10s --latency"}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for url, q100_url in targets:
            log(f"=== {backend_of(url)}: {settings.products:,} products ===")
            if backend_of(url) == "postgresql":
                _ensure_pg_database(url)
                data["machine"]["postgresql_server"] = _pg_version(url)
            data["runs"][backend_of(url)] = backend_run(url, q100_url, settings, Path(tmp))
            data["runs"][backend_of(url)]["date"] = data["machine"]["date"]
            report.write(data, JSON_PATH)
    if "photo" not in settings.skip:
        log("photo pipeline (5 fresh processes per mode)")
        photo_env = {**os.environ, "PYTHONPATH": str(ROOT)}
        data["photo"] = _child_json("photo_bench.py", ["5"], photo_env)
        if data["photo"].get("request", {}).get("time_ratio", 0) > 1:
            data["photo"]["profile"] = _child_json("photo_bench.py", ["--profile"], photo_env)
    data["elapsed_s"] = round(time.monotonic() - started)
    report.write(data, JSON_PATH)
    log(f"wrote {JSON_PATH.relative_to(ROOT)} and docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
