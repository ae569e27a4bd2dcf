"""What a shared cache (Varnish, a CDN) may keep, and under which surrogate keys.

A storefront page as an anonymous visitor sees it is the same bytes for everyone (no
CSRF token, no cart count, no name in it), so it says `public` with a shared-cache
lifetime and names, in an `xkey` header, everything it shows: `product-<id>`,
`craft-<code>`, `centre-<slug>`, `maker-<id>`, `driver-<id>`, `home`, `list`, and `shop`
on every page.
A commit that changes public data purges exactly those keys (catalogue/version.py
computes them, a job sends the purge: ops/jobs.py). Everything else is `private,
no-store`: signed-in visitors, visitors with a cart or a message waiting, every other
page. Photos and static files keep the year they are sent with.

Views and templates name what they show with `surrogate_key(...)` (a template global that
renders nothing): the product card macro tags each card, so a page is purged when any
product it lists changes.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from flask_login import COOKIE_NAME as DEFAULT_REMEMBER_COOKIE
from werkzeug.wrappers import Response

# The HTML pages of the storefront; photos and static files carry their own year.
PAGE_ENDPOINTS = frozenset({
    "shop.home", "shop.products", "shop.product", "shop.centres", "shop.centre",
    "shop.maker", "shop.driver", "shop.search_page",
})
# What a shared cache may keep: these pages as above; photos and static files as they say.
# The crawlers' files (shop/feed_routes.py) are the same for every anonymous visitor too,
# and set their own max-age.
PUBLIC_ENDPOINTS = PAGE_ENDPOINTS | {
    "shop.media", "static", "shop.robots", "shop.sitemap_index", "shop.sitemap_pages",
    "shop.sitemap_products", "shop.merchant_feed", "shop.torob_feed",
}
KEY_HEADER = "xkey"
EVERY_PAGE = "shop"  # on every cached page: purged when a change has no narrower key
# Session keys that say nothing about the visitor: a token a sign-in form left behind.
HARMLESS_SESSION_KEYS = frozenset({"csrf_token", "_permanent"})
_KEYS = "surrogate_keys"


def surrogate_key(*keys: object) -> str:
    """Record what the page shows (`surrogate_key("product-", 7)` is `product-7`); for
    templates, so it renders as nothing."""
    g.setdefault(_KEYS, set()).add("".join(str(part) for part in keys))
    return ""


def shared_cacheable(response: Response) -> bool:
    """A storefront page, answered in full, to a visitor with nothing of her own: not
    signed in (nor remembered), no cart, no flash message, and the response sets no
    cookie. Anything else is someone's own page."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in PAGE_ENDPOINTS:
        return False
    if response.status_code != 200 or "Set-Cookie" in response.headers or session.modified:
        return False  # a cookie set, or a flash message read (and so taken off the session)
    user = g.get("_login_user")
    if user is not None and user.is_authenticated:
        return False
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", DEFAULT_REMEMBER_COOKIE)
    if remember in request.cookies:
        return False
    return set(session.keys()) <= HARMLESS_SESSION_KEYS


def page_keys() -> str:
    """The surrogate keys this request's page recorded, as the header says them."""
    return " ".join([EVERY_PAGE, *sorted(g.get(_KEYS, ()))])


def mark_public(response: Response) -> None:
    """Cache-Control for shared caches only (browsers revalidate: max-age=0), and the
    page's surrogate keys (kept if the page came from the page cache with them)."""
    config = current_app.config
    response.headers["Cache-Control"] = (
        f"public, max-age=0, s-maxage={config['HTTP_CACHE_SECONDS']}, "
        f"stale-while-revalidate={config['HTTP_CACHE_STALE_SECONDS']}"
    )
    if KEY_HEADER not in response.headers:
        response.headers[KEY_HEADER] = page_keys()


def set_cache_control(response: Response) -> Response:
    """after_request, run after every other hook (registered first), when the session and
    the cookies are what they will be."""
    if shared_cacheable(response):
        mark_public(response)
    elif "Cache-Control" not in response.headers or request.endpoint not in PUBLIC_ENDPOINTS:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def init_app(app: Flask) -> None:
    """Before any other extension: after_request hooks run last-registered first."""
    app.add_template_global(surrogate_key)
    app.after_request(set_cache_control)
