"""In-process look at the shop on the database named by DATABASE_URL.

    python inspect_app.py urls             -> JSON: the pages to load and why each was chosen
    python inspect_app.py queries          -> JSON: SQL statements per page (second request)
    python inspect_app.py profile KEY...   -> JSON: cProfile of 20 requests per page

Run as a child of run.py so each database gets a fresh app and a fresh engine. The
deep page's keyset cursor is computed here, from the database, with the list's own
ordering: following 2,000 "next" links would take longer than the benchmark itself.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
import time
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import event, func, select, text

from marketplace import create_app
from marketplace.extensions import db

PER_PAGE_FALLBACK = 24
DEEP_PAGE = 2000
COMMON_WORD = "قالی"
QUERY_TARGET = 8
RARE_WORD = "زربفت"  # brocade: not in the demo vocabulary
# Issue 14's search figures, rendered: the colloquial word that only synonyms find, one
# wrong letter in a word of the vocabulary, facets chosen on a common word's results, and
# the search box's suggestions for a prefix.
SYNONYM_WORD = "فرش"
TYPO_WORD = "گلیپ"  # گلیم with its last letter wrong
SUGGEST_PREFIX = "قال"


def _deep_page() -> dict[str, Any]:
    """Page DEEP_PAGE of the unfiltered newest-first list (or the last one on a small DB)."""
    from marketplace.catalogue import browse
    from marketplace.models import Product

    per_page = getattr(browse, "PER_PAGE", PER_PAGE_FALLBACK)
    base = browse._filtered(browse.Listing())  # the list's own filters
    total = db.session.scalar(
        select(func.count()).select_from(base.with_only_columns(Product.id).subquery())
    ) or 0
    pages = max(1, -(-total // per_page))
    page = min(DEEP_PAGE, pages)
    if page == 1:
        return {"path": "/products", "page": 1, "pages": pages}
    row = db.session.execute(
        base.with_only_columns(Product.id, Product.listed_at)
        .order_by(Product.listed_at.desc(), Product.id.desc())
        .offset((page - 1) * per_page - 1)
        .limit(1)
    ).one()
    cursor = f"{row.listed_at.strftime(browse._TIME_FORMAT)}_{row.id}"
    return {"path": "/products?" + urlencode({"after": cursor}), "page": page, "pages": pages}


def _rare_word() -> dict[str, Any]:
    """A search term found in as few products as possible (ideally one), not a prefix of others."""
    if db.engine.dialect.name == "postgresql":
        rows = db.session.execute(text(
            "SELECT word, ndoc FROM ts_stat('SELECT product_search_tsv "
            "FROM products WHERE status = ''listed'' AND stock > 0') ORDER BY ndoc, word"
        )).all()
    else:
        db.session.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
            "USING fts5vocab(main, product_search, 'row')"
        ))
        rows = db.session.execute(text("SELECT term, doc FROM temp.bench_vocab ORDER BY doc, term"))
        rows = rows.all()
    terms = [(str(t), int(n)) for t, n in rows]
    if not terms or terms[0][1] > 1:
        return _plant_rare_word()
    words = sorted(t for t, _ in terms)
    for term, docs in terms:
        if len(term) < 4 or not term.isalpha():
            continue
        # The search treats the last term as a prefix: skip terms that start other terms.
        start = _bisect(words, term)
        if start + 1 < len(words) and words[start + 1].startswith(term):
            continue
        return {"word": term, "documents": docs}
    return {"word": terms[0][0] if terms else "x", "documents": terms[0][1] if terms else 0}


def _plant_rare_word() -> dict[str, Any]:
    """The demo vocabulary repeats, so no word is in one product only: give one product
    (in the bench database only) a word no other has, through the same search_text column
    the triggers and the GIN expression index follow."""
    from marketplace.models import Product

    hits = db.session.scalar(
        select(func.count()).where(Product.search_text.contains(RARE_WORD))
    )
    if not hits:
        target = db.session.scalar(
            select(Product).where(Product.status == "listed", Product.stock > 0)
            .order_by(Product.id.desc()).limit(1)
        )
        target.description_fa = f"{target.description_fa or ''} {RARE_WORD}".strip()
        target.search_text = f"{target.search_text} {RARE_WORD}"
        db.session.commit()
        hits = 1
    return {"word": RARE_WORD, "documents": hits, "planted": True}


def _bisect(words: list[str], term: str) -> int:
    import bisect

    return bisect.bisect_left(words, term)


def discover() -> dict[str, Any]:
    """The URLs of every measured page on this database, with the choices explained."""
    from marketplace.models import Centre, Craft, Product

    listed = (Product.status == "listed", Product.stock > 0)
    out: dict[str, Any] = {"pages": {}, "notes": {}}
    pages = out["pages"]
    pages["home"] = "/"
    pages["list"] = "/products"
    try:
        deep = _deep_page()
        pages["deep"] = deep["path"]
        out["notes"]["deep"] = f"page {deep['page']} of {deep['pages']}"
    except Exception as error:
        out["notes"]["deep"] = f"not available: {error!r}"
    craft = db.session.scalar(select(Craft).where(Craft.code == "carpet")) or db.session.scalar(
        select(Craft).order_by(Craft.id)
    )
    prices = sorted(db.session.scalars(
        select(Product.price_rials).where(*listed, Product.craft_id == craft.id)
    ))
    if prices:
        low, high = prices[len(prices) // 4] // 10, prices[3 * len(prices) // 4] // 10
        pages["filtered"] = "/products?" + urlencode(
            {"craft": craft.code, "min_price": low, "max_price": high}
        )
        out["notes"]["filtered"] = f"{craft.code}, {low:,}-{high:,} Toman (middle half)"
    ids = db.session.scalars(select(Product.id).where(*listed).order_by(Product.id)).all()
    if ids:
        product = db.session.get(Product, ids[len(ids) // 2])
        pages["detail"] = f"/products/{product.id}-{product.slug}"
        out["cart_ids"] = [ids[len(ids) // 3], ids[len(ids) // 2], ids[2 * len(ids) // 3]]
        out["cart_paths"] = [
            f"/products/{p.id}-{p.slug}"
            for p in db.session.scalars(select(Product).where(Product.id.in_(out["cart_ids"])))
        ]
    centre = db.session.execute(
        select(Centre.slug, func.count(Product.id).label("n"))
        .join(Product, Product.centre_id == Centre.id)
        .where(*listed)
        .group_by(Centre.slug)
        .order_by(text("n DESC"))
        .limit(1)
    ).first()
    if centre:
        pages["centre"] = f"/centres/{centre.slug}"
        out["notes"]["centre"] = f"{centre.n:,} listed products"
    common = db.session.scalar(
        select(func.count()).where(*listed, Product.search_text.contains(COMMON_WORD))
    )
    pages["search_common"] = "/search?" + urlencode({"q": COMMON_WORD})
    out["notes"]["search_common"] = f"«{COMMON_WORD}», in {common:,} products"
    try:
        rare = _rare_word()
        pages["search_rare"] = "/search?" + urlencode({"q": rare["word"]})
        planted = " (planted by the bench: no demo word is so rare)" if rare.get("planted") else ""
        out["notes"]["search_rare"] = (
            f"«{rare['word']}», in {rare['documents']} product(s){planted}"
        )
    except Exception as error:
        out["notes"]["search_rare"] = f"not available: {error!r}"
    out["search"] = {
        "search_common": pages["search_common"],
        **({"search_rare": pages["search_rare"]} if "search_rare" in pages else {}),
        "search_synonym": "/search?" + urlencode({"q": SYNONYM_WORD}),
        "search_typo": "/search?" + urlencode({"q": TYPO_WORD}),
        "search_facets": "/search?" + urlencode(
            {"q": COMMON_WORD, "craft": craft.code, "in_stock": "1", "sort": "price_asc"}
        ),
        "suggest": "/search/suggest?" + urlencode({"q": SUGGEST_PREFIX}),
    }
    out["notes"].update({
        "search_synonym": f"«{SYNONYM_WORD}»: in no title; found through the synonym table",
        "search_typo": f"«{TYPO_WORD}» for «گلیم»: found through the trigram vocabulary",
        "search_facets": f"«{COMMON_WORD}», craft {craft.code}, in stock, price up: "
                         "results and every facet's counts",
        "suggest": f"«{SUGGEST_PREFIX}»: titles, crafts and centres as JSON",
    })
    db.session.rollback()
    pages["cart"] = "/cart"
    out["notes"]["cart"] = "3 items in the session cookie"
    return out


def _client_with_cart(app: Any, cart_ids: list[int]) -> Any:
    """A test client whose signed session already holds the 3-item cart."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["cart"] = {str(i): 1 for i in cart_ids}
    return client


def count_queries(app: Any) -> dict[str, Any]:
    """Statements per page as it is rendered (after a warm-up request). Every request
    renders: the shared cache in front (Varnish) is not part of the app."""
    found = discover()
    counter: dict[str, Any] = {"n": 0, "sql": []}

    def _count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        counter["n"] += 1
        counter["sql"].append(" ".join(statement.split())[:160])

    event.listen(db.engine, "before_cursor_execute", _count)
    with_cart = _client_with_cart(app, found.get("cart_ids", []))
    result: dict[str, Any] = {}
    for key, path in found["pages"].items():
        client = with_cart if key == "cart" else app.test_client()
        client.get(path)  # warms the per-process caches (facet counts, figures)
        counter["n"], counter["sql"] = 0, []
        response = client.get(path)
        result[key] = {"queries": counter["n"], "status": response.status_code, "path": path}
        if counter["n"] > QUERY_TARGET:
            result[key]["statements"] = counter["sql"]
    event.remove(db.engine, "before_cursor_execute", _count)
    return result


PROFILE_REQUESTS = 20
PROFILE_SECONDS = 4.0  # a slow page gets fewer requests (at least 3)
# (label, file suffix, function) whose cumulative time or call count the report shows.
_PHASES = (
    ("whole request", "flask/app.py", "wsgi_app"),
    ("template rendering", "flask/templating.py", "render_template"),
    ("SQL (ORM execute)", "orm/session.py", "_execute_internal"),
)
_CALLS = (
    ("url_for", "flask/app.py", "url_for"),
    ("gettext", "jinja2/ext.py", "gettext"),
    ("SQL statements", "orm/session.py", "_execute_internal"),
)


def _find(stats: pstats.Stats, suffix: str, name: str) -> tuple[int, float]:
    for (filename, _line, func_name), row in stats.stats.items():  # type: ignore[attr-defined]
        if func_name == name and filename.endswith(suffix):
            return int(row[1]), float(row[3])
    return 0, 0.0


def profile(app: Any, keys: list[str]) -> dict[str, str]:
    """cProfile of up to PROFILE_REQUESTS warm requests per page: where the time goes by phase,
    then the top 15 functions by own time (one request alone is too noisy to read)."""
    found = discover()
    client = _client_with_cart(app, found.get("cart_ids", []))
    out: dict[str, str] = {}
    for key in keys:
        path = found["pages"].get(key)
        if not path:
            continue
        client.get(path)
        profiler = cProfile.Profile()
        deadline = time.perf_counter() + PROFILE_SECONDS
        n = 0
        profiler.enable()
        while n < PROFILE_REQUESTS and (n < 3 or time.perf_counter() < deadline):
            client.get(path)
            n += 1
        profiler.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        head = [f"{n} warm requests of {path}; per request:"]
        for label, suffix, name in _PHASES:
            head.append(f"  {label:<20} {_find(stats, suffix, name)[1] / n * 1000:7.1f} ms")
        for label, suffix, name in _CALLS:
            head.append(f"  {label + ' calls':<20} {_find(stats, suffix, name)[0] / n:7.0f}")
        stats.strip_dirs().sort_stats("tottime").print_stats(15)
        lines = [ln for ln in stream.getvalue().splitlines() if ln.strip()]
        out[key] = "\n".join(head + lines[-16:])  # column titles and the 15 rows
    return out


def main(argv: list[str]) -> int:
    app = create_app()
    app.config.update(SERVER_NAME=None, PREFERRED_URL_SCHEME="https")
    with app.app_context():
        if argv[0] == "urls":
            data: object = discover()
        elif argv[0] == "queries":
            data = count_queries(app)
        elif argv[0] == "profile":
            data = profile(app, argv[1:])
        else:
            print(__doc__, file=sys.stderr)
            return 2
    print(json.dumps(data, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
