"""docs/benchmarks.json and docs/benchmarks.md from one run's data, with each target's verdict.

The Markdown is generated whole each run; the hand-written analysis lives in
scripts/bench/notes.md and is appended, so a rerun never loses it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

NOTES = Path(__file__).resolve().parent / "notes.md"

# Page key -> (label, minimum ratio to the reference, p99 limit in ms); None: no target.
PAGES: dict[str, tuple[str, tuple[float, float] | None]] = {
    "home": ("Home", (0.5, 50)),
    "list": ("Product list, page 1", (0.5, 50)),
    "deep": ("Product list, deep page", (0.5, 50)),
    "filtered": ("Product list, craft + price filter", (0.5, 50)),
    "detail": ("Product detail", (0.5, 50)),
    "centre": ("Centre page", (0.5, 50)),
    "search_common": ("Search, common word", (0.25, 100)),
    "search_rare": ("Search, rare word", (0.25, 100)),
    "cart": ("Cart, 3 items (session cookie)", None),
}
# Issue 14: search pages rendered (no page cache), p99 limit in ms; the ratio is reported.
SEARCH: dict[str, tuple[str, float]] = {
    "search_common": ("Common word", 100),
    "search_rare": ("Rare word", 100),
    "search_synonym": ("Synonym", 100),
    "search_typo": ("Typo", 100),
    "search_facets": ("Facets chosen (counts on the results)", 100),
    "suggest": ("Suggestions (JSON)", 50),
}
MAX_QUERIES = 8
SEED_LIMIT_S = 180
RSS_LIMIT_MB = 150
CHECKOUT_TARGET = {"sqlite": 100, "postgresql": 200}


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("**pass**" if ok else "**FAIL**")


def page_ok(
    page: dict[str, Any], ref_rps: float, target: tuple[float, float] | None
) -> bool | None:
    if target is None or not page.get("available"):
        return None
    p99 = page.get("p99_ms")
    return page["rps"] / ref_rps >= target[0] and p99 is not None and p99 < target[1]


def _ms(value: float | None) -> str:
    return "none finished" if value is None else f"{value:g}"


def failing_pages(web: dict[str, Any]) -> list[str]:
    """Pages that miss their target: these get a cProfile in the report."""
    ref = web.get("reference", {}).get("rps") or 1.0
    return [k for k, page in web.get("pages", {}).items()
            if page_ok(page, ref, PAGES.get(k, ("", None))[1]) is False]


def _pages_table(web: dict[str, Any]) -> list[str]:
    ref = web["reference"]
    lines = [
        "| Page | req/s | ratio to reference | p50 ms | p99 ms | target | result | chosen "
        "| without the page cache: req/s (ratio), p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- |",
        f"| Reference (bare Flask, same HTML, {web.get('reference_bytes', 0):,} bytes; "
        f"median of {len(ref.get('runs_rps', []))} runs before and after the pages: "
        f"{', '.join(f'{r:,.0f}' for r in ref.get('runs_rps', []))}) "
        f"| {ref['rps']:,.0f} | 1.00 | {ref['p50_ms']} | {ref['p99_ms']} | — | — | — | — |",
    ]
    uncached = web.get("uncached", {})
    for key, (label, target) in PAGES.items():
        page = web["pages"].get(key)
        note = web.get("notes", {}).get(key, "")
        want = f"≥ {target[0]} × ref, p99 < {target[1]:.0f} ms" if target else "none set"
        if page is None or not page.get("available"):
            why = page.get("why", "") if page else "no URL"
            lines.append(f"| {label} | not available | — | — | — | {want} | — | {why} | — |")
            continue
        ratio = page["rps"] / ref["rps"]
        errors = f" ({page['non_2xx']} non-2xx)" if page.get("non_2xx") else ""
        bare = uncached.get(key)
        render = (f"{bare['rps']:,.0f} ({bare['rps'] / ref['rps']:.2f}), {_ms(bare['p99_ms'])}"
                  if bare else "—")
        lines.append(
            f"| {label} | {page['rps']:,.0f}{errors} | {ratio:.2f} | {_ms(page['p50_ms'])} "
            f"| {_ms(page['p99_ms'])} | {want} | {_verdict(page_ok(page, ref['rps'], target))} "
            f"| {note} | {render} |"
        )
    return lines


def _search_table(web: dict[str, Any]) -> list[str]:
    ref = web.get("reference", {}).get("rps") or 1.0
    lines = ["| Search | req/s | ratio to reference | p50 ms | p99 ms | target | result | query |",
             "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |"]
    for key, (label, limit) in SEARCH.items():
        page = web.get("search", {}).get(key)
        note = web.get("notes", {}).get(key, "")
        if page is None or not page.get("available"):
            why = page.get("why", "") if page else "no URL"
            lines.append(
                f"| {label} | not available | — | — | — | p99 < {limit:g} ms | — | {why} |"
            )
            continue
        lines.append(
            f"| {label} | {page['rps']:,.0f} | {page['rps'] / ref:.2f} | {_ms(page['p50_ms'])} "
            f"| {_ms(page['p99_ms'])} | p99 < {limit:g} ms | {_verdict(search_ok(page, limit))} "
            f"| {note} |"
        )
    return lines


def search_ok(page: dict[str, Any], limit: float) -> bool | None:
    if not page.get("available"):
        return None
    return page.get("p99_ms") is not None and page["p99_ms"] < limit and not page.get("non_2xx")


def _queries_table(queries: dict[str, Any], products: int) -> list[str]:
    lines = [
        f"| Page | statements at {products:,} products | at 100 products | target | result "
        "| from the page cache |",
        "| --- | ---: | ---: | --- | --- | ---: |",
    ]
    for key, (label, _target) in PAGES.items():
        big, small = queries["large"].get(key), queries["q100"].get(key)
        if not big or not small or big["status"] != 200 or small["status"] != 200:
            status = big["status"] if big else "no URL"
            lines.append(f"| {label} | not available ({status}) | — | ≤ {MAX_QUERIES}, equal | — "
                         "| — |")
            continue
        ok = big["queries"] == small["queries"] and big["queries"] <= MAX_QUERIES
        hit = big.get("hit_queries", "—")
        lines.append(f"| {label} | {big['queries']} | {small['queries']} | ≤ {MAX_QUERIES}, "
                     f"equal | {_verdict(ok)} | {hit} |")
    return lines


def _other_table(run: dict[str, Any]) -> list[str]:
    lines = ["| Figure | value | target | result |", "| --- | --- | --- | --- |"]
    seed = run.get("seed", {})
    if seed.get("seconds") is not None:
        ok = seed["seconds"] < SEED_LIMIT_S if seed["products"] >= 100_000 else None
        lines.append(f"| Seed {seed['products']:,} products (`seed-demo --all-listed`) "
                     f"| {seed['seconds']} s | < {SEED_LIMIT_S} s for 100,000 "
                     f"| {_verdict(ok)} |")
    else:
        lines.append("| Seed | not measured (database reused) | < 180 s | — |")
    web = run.get("web", {})
    if web.get("worker_peak_rss_mb"):
        peak = max(web["worker_peak_rss_mb"])
        ref = max(web.get("reference", {}).get("peak_rss_mb") or [0])
        lines.append(f"| Worker peak RSS (VmHWM, after the run) | {peak} MB "
                     f"(workers: {web['worker_peak_rss_mb']}; reference {ref} MB) "
                     f"| < {RSS_LIMIT_MB} MB | {_verdict(peak < RSS_LIMIT_MB)} |")
    checkout = run.get("checkout")
    backend = run.get("backend", "sqlite")
    if checkout and checkout.get("orders_per_s") is not None:
        want = CHECKOUT_TARGET.get(backend, 100)
        integrity = run.get("integrity", {})
        clean = (checkout["lost_units"] == 0 and checkout["oversold_units"] == 0
                 and integrity.get("ok"))
        lines.append(
            f"| Orders/s, 16 buyers on distinct products | {checkout['orders_per_s']} "
            f"({checkout['orders']} orders in {checkout['seconds']} s, p99 "
            f"{checkout['p99_ms']} ms, {checkout['failed']} failed) | ≥ {want} "
            f"| {_verdict(checkout['orders_per_s'] >= want)} |")
        lines.append(
            f"| Lost / oversold units, check-integrity | {checkout['lost_units']} / "
            f"{checkout['oversold_units']}, check-integrity "
            f"{'ok' if integrity.get('ok') else 'FAILED'}"
            f"{' in ' + str(integrity['seconds']) + ' s' if 'seconds' in integrity else ''} "
            f"| 0 / 0, ok | {_verdict(clean)} |")
    elif checkout:
        lines.append(f"| Orders/s | not measured: {checkout.get('why', '')[:200]} | — | — |")
    return lines


def _photo_table(photo: dict[str, Any]) -> list[str]:
    plain = photo["plain_decode"]
    lines = [
        f"A {photo['width']}×{photo['height']} JPEG ({photo['jpeg_mb']} MB) made by the bench; "
        f"one decoded RGB frame is {photo['frame_mb']} MB. Median of {photo['runs']} fresh "
        "processes per mode; memory is the rise of VmHWM over the RSS after imports"
        + (f"; load average {photo['load_average']} when it ended." if "load_average" in photo
           else "."),
        "",
        "| Mode | seconds | time ratio to plain decode | extra peak MB | in frames "
        "| target | result |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
        f"| Plain `Image.open().load()` | {plain['seconds']} | 1.00 | {plain['extra_mb']} "
        f"| {plain['extra_mb'] / photo['frame_mb']:.2f} | — | — |",
    ]
    request = photo["request"]
    ok = request["time_ratio"] <= 1.0 and request["memory_frames"] < 2.0
    lines.append(f"| The request: `accept_upload` (checks, 320 px, upload kept) | "
                 f"{request['seconds']} | {request['time_ratio']} | {request['extra_mb']} "
                 f"| {request['memory_frames']} | time ≤ 1.0, memory < 2 frames "
                 f"| {_verdict(ok)} |")
    job = photo["job"]
    lines.append(f"| The job: `complete_upload` (master, 800 and 1600 px) | {job['seconds']} "
                 f"| {job['time_ratio']} | {job['extra_mb']} | {job['memory_frames']} "
                 "| — (off the request) | — |")
    rate = photo.get("job_throughput")
    if rate:
        lines += ["", f"Background job throughput: **{rate['photos_per_minute']} photos a minute "
                  f"a worker thread** ({rate['photos']} different uploads finished one after "
                  f"another in {rate['seconds']} s by one warm process)."]
    return lines


def _profiles(run: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for key, text in (run.get("profiles") or {}).items():
        lines += [f"#### {PAGES.get(key, (key,))[0]}: in-process cProfile "
                  "(top 15 by own time)", "", "```", text, "```", ""]
    if run.get("checkout_profile"):
        lines += ["#### Checkout: one buyer, cProfile (marketplace functions by cumulative time)",
                  "", "```", run["checkout_profile"], "```", ""]
    if run.get("seed", {}).get("profile_10k"):
        lines += ["#### Seed profile (10,000 products)", "", "```",
                  run["seed"]["profile_10k"], "```", ""]
    return lines


def verdicts(data: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(backend, figure, met) for every target that was measured: the summary's rows."""
    out: list[tuple[str, str, bool]] = []
    for backend, run in data.get("runs", {}).items():
        web = run.get("web", {})
        ref = web.get("reference", {}).get("rps") or 1.0
        for key, (label, target) in PAGES.items():
            ok = page_ok(web.get("pages", {}).get(key, {}), ref, target)
            if ok is not None:
                out.append((backend, label, ok))
        for key, (label, limit) in SEARCH.items():
            ok = search_ok(web.get("search", {}).get(key, {}), limit)
            if ok is not None:
                out.append((backend, f"search rendered: {label}", ok))
        for key, (label, _t) in PAGES.items():
            big = run.get("queries", {}).get("large", {}).get(key)
            small = run.get("queries", {}).get("q100", {}).get(key)
            if big and small and big["status"] == small["status"] == 200:
                ok = big["queries"] == small["queries"] <= MAX_QUERIES
                out.append((backend, f"SQL statements: {label}", ok))
        seed = run.get("seed", {})
        if seed.get("seconds") is not None and seed.get("products", 0) >= 100_000:
            out.append((backend, "seed time", seed["seconds"] < SEED_LIMIT_S))
        if web.get("worker_peak_rss_mb"):
            out.append((backend, "worker peak RSS", max(web["worker_peak_rss_mb"]) < RSS_LIMIT_MB))
        checkout = run.get("checkout") or {}
        if checkout.get("orders_per_s") is not None:
            want = CHECKOUT_TARGET.get(backend, 100)
            out.append((backend, "orders/s", checkout["orders_per_s"] >= want))
            clean = (checkout["lost_units"] == checkout["oversold_units"] == 0
                     and run.get("integrity", {}).get("ok", False))
            out.append((backend, "no lost or oversold units", clean))
    photo = data.get("photo")
    if photo:
        out.append(("photo", "request time", photo["request"]["time_ratio"] <= 1.0))
        out.append(("photo", "request memory", photo["request"]["memory_frames"] < 2.0))
    return out


def _summary(data: dict[str, Any]) -> list[str]:
    rows = verdicts(data)
    out = ["## Summary", "",
           f"{sum(ok for *_, ok in rows)} of {len(rows)} measured targets met.", "",
           "| | met | missed |", "| --- | --- | --- |"]
    for backend in dict.fromkeys(b for b, *_ in rows):
        met = [f for b, f, ok in rows if b == backend and ok]
        missed = [f for b, f, ok in rows if b == backend and not ok]
        out.append(f"| {backend} | {'; '.join(met) or 'none'} | {'; '.join(missed) or 'none'} |")
    return [*out, ""]


def markdown(data: dict[str, Any]) -> str:
    m = data["machine"]
    s = data["settings"]
    out = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (scripts/bench/run.py); do not edit by hand: the analysis "
        "comes from scripts/bench/notes.md. The same data is in benchmarks.json.",
        "",
        "## Machine",
        "",
        "| | |", "| --- | --- |",
        f"| Date | {m['date']} |",
        f"| CPU | {m['cpu']} × {m['nproc']} (nproc) |",
        f"| Memory | {m['memory_mb']:,} MB |",
        f"| Kernel | {m.get('kernel', '')} |",
        f"| Python / Flask / SQLAlchemy | {m['python']} / {m.get('flask')} / "
        f"{m.get('sqlalchemy')} |",
        f"| SQLite / PostgreSQL | {m.get('sqlite')} / "
        f"{m.get('postgresql_server', m.get('postgresql_client'))} |",
        f"| gunicorn / wrk / Pillow | {m.get('gunicorn')} / {m['wrk']} / {m.get('pillow')} |",
        f"| Load | `{s['wrk']}`, one warm-up run discarded, median of {s['runs']}; gunicorn "
        f"{s['workers']} sync workers on 127.0.0.1, FLASK_CONFIG=production |",
        "",
        *_summary(data),
    ]
    for backend, run in data.get("runs", {}).items():
        out += [f"## {backend}: {run.get('products', 0):,} listed products ({run.get('date', '')})",
                ""]
        if run.get("web", {}).get("error"):
            out += ["### Pages", "", "Not measured: the shop could not be served.", "",
                    "```", run["web"]["error"], "```", ""]
        elif "web" in run:
            out += ["### Pages", "", *_pages_table(run["web"]), ""]
            if run["web"].get("search"):
                out += ["### Search, rendered (no page cache)", "", *_search_table(run["web"]),
                        ""]
        if run.get("queries_error"):
            out += ["### SQL statements per page", "", "Not measured:", "", "```",
                    run["queries_error"], "```", ""]
        if "queries" in run:
            out += ["### SQL statements per page (in-process: rendered after a warm-up, "
                    "then from the page cache)", "",
                    *_queries_table(run["queries"], run.get("products", 0)), ""]
        out += ["### Seed, memory, checkout", "", *_other_table(run), ""]
        profiles = _profiles(run)
        if profiles:
            out += ["### Where the time goes (targets missed)", "", *profiles]
    if "photo" in data:
        out += ["## Photo pipeline", "", *_photo_table(data["photo"]), ""]
        for label, text in (data["photo"].get("profile") or {}).items():
            out += [f"#### {label}: cProfile, top 15 by own time", "", "```", text, "```", ""]
    if NOTES.exists():
        out += [NOTES.read_text().strip(), ""]
    return "\n".join(out)


def write(data: dict[str, Any], json_path: Path) -> None:
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    json_path.with_suffix(".md").write_text(markdown(data))
