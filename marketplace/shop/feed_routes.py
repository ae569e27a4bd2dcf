"""Files for crawlers: robots.txt, the sitemaps, the Google Merchant and Torob feeds.

Each is the same for every visitor, so it is sent `Cache-Control: public` and a shared
cache may keep it for FEED_MAX_AGE; the big ones are written row by row as the database
streams them (`catalogue/feeds.py`), never built whole in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from flask import Response, abort, stream_with_context, url_for
from flask_login import current_user
from sqlalchemy import Row

from marketplace.catalogue import feeds
from marketplace.shop import bp
from marketplace.shop.routes import image_url

FEED_MAX_AGE = 3600
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
GOOGLE_NS = "http://base.google.com/ns/1.0"
BRAND = "رویش"  # the shop's name in the feeds, which are Persian
# What no crawler should index: private areas, the cart and orders, and search results.
DISALLOWED = ("/admin", "/producers", "/cart", "/checkout", "/orders", "/account", "/search",
              "/favourites", "/login", "/register", "/password")
# Characters XML 1.0 cannot carry at all (text typed in a form may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: object) -> str:
    return escape(_NOT_XML.sub("", str(text)))


def _public(body: Iterable[str], mimetype: str) -> Response:
    response = Response(stream_with_context(body), mimetype=mimetype)
    # A signed-in visitor's response may carry her session cookie: never for a shared
    # cache (web/security.py then says no-store). Crawlers never sign in.
    if not current_user.is_authenticated:
        response.headers["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


def _product_url(row: Row) -> str:
    return url_for("shop.product", product_id=row.id, slug=row.slug, _external=True)


def _image(row: Row) -> str:
    if row.digest is None:
        return ""
    return image_url(row.digest, int(row.sizes.split(",")[-1]), row.has_alpha)


def _toman(rials: int) -> int:
    """Whole Toman, half away from zero (as the shop shows them)."""
    return (rials + 5) // 10


@bp.route("/robots.txt")
def robots() -> Response:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED),
             f"Sitemap: {url_for('shop.sitemap_index', _external=True)}", ""]
    return _public(["\n".join(lines)], "text/plain")


@bp.route("/sitemap.xml")
def sitemap_index() -> Response:
    """The index: one sitemap of the pages, and the products in pages of SITEMAP_URLS."""
    urls = [url_for("shop.sitemap_pages", _external=True)] + [
        url_for("shop.sitemap_products", page=n, _external=True)
        for n in range(1, feeds.product_sitemap_count() + 1)
    ]
    body = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sitemapindex xmlns="{SITEMAP_NS}">\n',
            *(f"<sitemap><loc>{_x(u)}</loc></sitemap>\n" for u in urls), "</sitemapindex>\n"]
    return _public(body, "application/xml")


def _urlset(entries: Iterable[tuple[str, str | None]]) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n'
    for loc, lastmod in entries:
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        yield f"<url><loc>{_x(loc)}</loc>{modified}</url>\n"
    yield "</urlset>\n"


@bp.route("/sitemap-pages.xml")
def sitemap_pages() -> Response:
    """The storefront's own pages: lists, centres, crafts, makers who consented, sellers."""
    places = feeds.public_places()
    urls = [url_for(e, _external=True) for e in ("shop.home", "shop.products", "shop.centres")]
    urls += [url_for("shop.centre", slug=s, _external=True) for s in places["centres"]]
    urls += [url_for("shop.products", craft=c, _external=True) for c in places["crafts"]]
    urls += [url_for("shop.maker", trainee_id=t, _external=True) for t in places["makers"]]
    urls += [url_for("shop.driver", slug=s, _external=True) for s in places["sellers"]]
    return _public(_urlset((u, None) for u in urls), "application/xml")


@bp.route("/sitemap-products-<int:page>.xml")
def sitemap_products(page: int) -> Response:
    if not 1 <= page <= feeds.product_sitemap_count():
        abort(404)
    rows = feeds.sitemap_products(page)
    return _public(_urlset(
        (_product_url(r), r.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")) for r in rows
    ), "application/xml")


def _merchant(rows: Iterable[Row]) -> Iterator[str]:
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<rss version="2.0" xmlns:g="{GOOGLE_NS}">\n<channel>\n'
           f"<title>{BRAND}</title>\n<link>{_x(url_for('shop.home', _external=True))}</link>\n"
           f"<description>{BRAND}</description>\n")
    for r in rows:
        image = _image(r)
        yield (
            f"<item><g:id>{_x(r.code)}</g:id><title>{_x(r.title_fa)}</title>"
            f"<description>{_x(r.description_fa or r.title_fa)}</description>"
            f"<link>{_x(_product_url(r))}</link>"
            + (f"<g:image_link>{_x(image)}</g:image_link>" if image else "")
            + f"<g:price>{r.price_rials} IRR</g:price>"
            f"<g:availability>{'in_stock' if r.stock > 0 else 'out_of_stock'}</g:availability>"
            f"<g:brand>{BRAND}</g:brand><g:condition>new</g:condition>"
            f"<g:product_type>{_x(r.craft)}</g:product_type></item>\n"
        )
    yield "</channel>\n</rss>\n"


@bp.route("/feeds/products.xml")
def merchant_feed() -> Response:
    """Google Merchant Center's RSS 2.0 product feed (prices in Rials, as it expects)."""
    return _public(_merchant(feeds.product_rows()), "application/xml")


def _torob(rows: Iterable[Row]) -> Iterator[str]:
    yield '{"products": ['
    for n, r in enumerate(rows):
        item = {
            "product_id": r.code, "title": r.title_fa, "page_url": _product_url(r),
            "price": _toman(r.price_rials),
            "availability": "instock" if r.stock > 0 else "outofstock",
            "image_link": _image(r), "category": r.craft,
        }
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"


@bp.route("/feeds/torob.json")
def torob_feed() -> Response:
    """Torob's product feed: prices in Toman, availability instock/outofstock."""
    return _public(_torob(feeds.product_rows()), "application/json")
