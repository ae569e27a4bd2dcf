from __future__ import annotations

from urllib.parse import urljoin

from flask import (
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from marketplace.catalogue import queries as catalogue
from marketplace.catalogue import related
from marketplace.media import storage
from marketplace.models import Photo, Product, Review
from marketplace.orders import reviews as product_reviews
from marketplace.programme import figures as programme_figures
from marketplace.shop import bp
from marketplace.shop.review_routes import voter
from marketplace.web.httpcache import surrogate_key
from marketplace.web.i18n import LOCALE_COOKIE, LOCALE_COOKIE_AGE, LOCALE_SESSION_KEY
from marketplace.web.media import send_stored
from marketplace.web.redirects import safe_path
from marketplace.web.security import same_site_only
from marketplace.web.templating import localized, photo_url


@bp.route("/")
def home() -> str:
    surrogate_key("home")
    surrogate_key("list")  # the featured and newest rows, the crafts and the centres
    figures, pairs = programme_figures.cached_pairs(current_app.config["IMPACT_CACHE_SECONDS"])
    return render_template(
        "shop/home.html",
        featured=catalogue.featured_products(),
        newest=catalogue.newest_products(),
        crafts=catalogue.all_crafts(),
        centres=catalogue.active_centres(),
        figures=figures, pairs=pairs, building=programme_figures.under_construction(pairs),
    )


def image_url(digest: str, largest: int, has_alpha: bool) -> str:
    """Absolute URL of a photo's largest JPEG/PNG, for crawlers, feeds and link previews."""
    fmt = "png" if has_alpha else "jpg"
    # The store's URL may already be absolute (a bucket, a CDN).
    return urljoin(request.host_url, photo_url(digest, largest, fmt))


def _image_url(photo: Photo) -> str:
    return image_url(photo.digest, photo.size_list[-1], photo.has_alpha)


def _review_jsonld(review: Review) -> dict[str, object]:
    return {
        "@type": "Review",
        "reviewRating": {"@type": "Rating", "ratingValue": review.stars, "bestRating": 5,
                         "worstRating": 1},
        "author": {"@type": "Person", "name": review.author_name or _("A buyer")},
        "datePublished": review.created_at.date().isoformat(),
        "reviewBody": review.body,
    }


def aggregate_rating(average: float, count: int) -> dict[str, object]:
    """schema.org AggregateRating of 1-5 stars, as a product or a seller shows it."""
    return {"@type": "AggregateRating", "ratingValue": round(average, 1),
            "reviewCount": count, "bestRating": 5, "worstRating": 1}


def product_jsonld(product: Product, photos: list[Photo],
                   reviews: list[Review] | None = None) -> dict[str, object]:
    """schema.org Product: only public fields (no maker is named here at all); the
    rating and reviews only when there are visible ones."""
    seller: dict[str, object] = {"@type": "Organization",
                                 "name": localized(product.driver, "name")}
    if product.driver.has_public_page:
        seller["url"] = url_for("shop.driver", slug=product.driver.slug, _external=True)
    rated: dict[str, object] = {}
    if product.review_count:
        rated["aggregateRating"] = aggregate_rating(
            product.rating_sum / product.review_count, product.review_count)
        rated["review"] = [_review_jsonld(r) for r in (reviews or [])[:10]]
    return {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": localized(product, "title"),
        "description": localized(product, "description") or localized(product, "title"),
        "sku": product.code,
        "image": [_image_url(p) for p in photos],
        "category": localized(product.craft, "name"),
        "brand": {"@type": "Brand", "name": seller["name"]},
        "offers": {
            "@type": "Offer",
            "url": url_for("shop.product", product_id=product.id, slug=product.slug,
                           _external=True),
            "price": product.price_rials,
            "priceCurrency": "IRR",
            "availability": "https://schema.org/"
            + ("InStock" if product.stock > 0 else "SoldOut"),
            "seller": seller,
        },
    } | rated


def _photo_index(asked: str, count: int) -> int:
    """The gallery photo to show as main: `?photo=N` (1-based, the thumbnails' links
    without JavaScript), else the first."""
    if asked.isdigit() and len(asked) < 4 and 1 <= int(asked) <= count:
        return int(asked) - 1
    return 0


@bp.route("/products/<int:product_id>-<slug>")
def product(product_id: int, slug: str) -> str | Response:
    item = catalogue.listed_product_or_404(product_id)
    if slug != item.slug:
        return redirect(url_for("shop.product", product_id=item.id, slug=item.slug), 301)
    for key in (f"product-{item.id}", f"craft-{item.craft.code}", f"centre-{item.centre.slug}",
                f"driver-{item.driver_id}", *(f"maker-{m.trainee_id}" for m in item.makers)):
        surrogate_key(key)
    photos = catalogue.gallery_photos(item)
    maker_rows = related.more_by_makers(item)
    shown = {p.id for row in maker_rows for p in row.products}
    seller_row = related.more_from_seller(item, exclude=shown)
    shown |= {p.id for p in seller_row}
    review_order = request.args.get("reviews", "")
    review_order = review_order if review_order in product_reviews.ORDERS else "newest"
    listed = product_reviews.visible_reviews(item.id, review_order)
    voted = product_reviews.has_voted([r.id for r in listed], *voter())
    return render_template(
        "shop/product.html",
        product=item,
        photos=photos,
        current=_photo_index(request.args.get("photo", ""), len(photos)),
        zoom=catalogue.zooms(item),
        maker_rows=maker_rows,
        seller_row=seller_row,
        centre_row=related.more_from_centre(item, exclude=shown),
        makers=catalogue.public_makers(item),
        fair=catalogue.fair_price(item),
        jsonld=product_jsonld(item, photos, listed if review_order == "newest"
                              else product_reviews.visible_reviews(item.id)),
        reviews=listed, review_order=review_order, voted=voted,
        og_image=_image_url(photos[0]) if photos else None,
        og_locale="fa_IR" if str(get_locale()) == "fa" else "en_GB",
    )


@bp.route("/language", methods=["POST"])
@same_site_only
def set_language() -> Response:
    """Remember the chosen language; POST because it changes state. In a cookie of its
    own, not the session: a visitor who only chose English has no session, so the shared
    cache still serves her (it keeps one copy per language cookie)."""
    response = redirect(safe_path(request.form.get("next")) or "/")
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session.pop(LOCALE_SESSION_KEY, None)  # the cookie decides from now on
        response.set_cookie(LOCALE_COOKIE, lang, max_age=LOCALE_COOKIE_AGE, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.route("/media/<path:path>")
def media(path: str) -> Response:
    """Public photo variants from the photo store (its public/ area only)."""
    return send_stored(storage.PUBLIC + path)


# The catalogue pages and the crawlers' files share this blueprint.
from marketplace.shop import browse_routes, feed_routes  # noqa: E402, F401
