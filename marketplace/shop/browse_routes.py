"""Browsing pages of the storefront: the product list, centres, makers and search."""

from __future__ import annotations

from flask import jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from marketplace.catalogue import browse, facets, search, sellers
from marketplace.catalogue import queries as catalogue
from marketplace.orders import reviews as product_reviews
from marketplace.programme import figures as programme_figures
from marketplace.shop import bp, facet_panel
from marketplace.shop.routes import aggregate_rating
from marketplace.web.httpcache import surrogate_key
from marketplace.web.input_guard import page_number
from marketplace.web.templating import localized


def _panel(listing: browse.Listing, matching: list, crafts: list, centres: list) -> object:
    counts = facets.count(listing, matching, browse.conditions)
    return facet_panel.panel(listing, counts, crafts, centres)


@bp.route("/products")
def products() -> str:
    surrogate_key("list")  # which products, in what order, and the facet counts
    crafts = catalogue.all_crafts()
    centres = catalogue.all_centres()
    listing = browse.parse_listing(request.args, crafts, centres)
    page = browse.list_products(listing)
    return render_template(
        "shop/products.html",
        listing=listing,
        page=page,
        crafts=crafts,
        centres=centres,
        sorts={k: browse.SORT_LABELS[k] for k in browse.SORTS},
        panel=_panel(listing, [], crafts, centres),
    )


@bp.route("/centres")
def centres() -> str:
    surrogate_key("list")
    return render_template("shop/centres.html", centres=catalogue.all_centres(),
                           building=programme_figures.under_construction())


@bp.route("/centres/<slug>")
def centre(slug: str) -> str:
    item = catalogue.centre_or_404(slug)
    surrogate_key("centre-", item.slug)
    return render_template(
        "shop/centre.html", centre=item, products=catalogue.centre_products(item)
    )


@bp.route("/makers/<int:trainee_id>")
def maker(trainee_id: int) -> str:
    trainee = catalogue.maker_or_404(trainee_id)
    surrogate_key("maker-", trainee.id)
    return render_template(
        "shop/maker.html",
        trainee=trainee,
        maker=catalogue.public_maker(trainee),
        products=catalogue.maker_products(trainee),
    )


def seller_jsonld(shop: sellers.SellerPage) -> dict[str, object]:
    """schema.org Store: her public name, words and business number only."""
    driver = shop.driver
    store: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Store",
        "name": localized(driver, "name"),
        "url": url_for("shop.driver", slug=driver.slug, _external=True),
    }
    if shop.about:
        store["description"] = shop.about
    if shop.business_phone:
        store["telephone"] = shop.business_phone
    if shop.review_count:
        store["aggregateRating"] = aggregate_rating(shop.rating_average or 0, shop.review_count)
    return store


@bp.route("/drivers/<slug>")
def driver(slug: str) -> str:
    """A seller's shop: who she is to the programme, her items (a page of the grid) and
    the newest reviews they got."""
    seller = sellers.seller_or_404(slug)
    surrogate_key("driver-", seller.id)
    shop = sellers.seller_page(seller)
    reviews = product_reviews.seller_reviews(seller.id)
    for review in reviews:  # an answer or a hidden review changes only the review's product
        surrogate_key("product-", review.product_id)
    return render_template(
        "shop/driver.html", shop=shop, driver=seller, reviews=reviews,
        page=sellers.seller_products(seller, page_number()), jsonld=seller_jsonld(shop),
    )


@bp.route("/search")
def search_page() -> str | Response:
    query = request.args.get("q", "")
    item = search.item_by_code(query)
    if item is not None:
        return redirect(url_for("shop.product", product_id=item.id, slug=item.slug))
    page_number = request.args.get("page", "1")
    page = int(page_number) if page_number.isdigit() and len(page_number) < 4 else 1
    surrogate_key("list")
    crafts = catalogue.all_crafts()
    centres = catalogue.all_centres()
    listing = browse.parse_listing(request.args, crafts, centres, sorts=search.SORTS)
    results = search.search(query, page=page, listing=listing)
    return render_template(
        "shop/search.html",
        query=query[: search.MAX_QUERY_CHARS],
        results=results,
        listing=listing,
        crafts=crafts,
        centres=centres,
        sorts={k: browse.SORT_LABELS[k] for k in search.SORTS},
        highlight=search.highlight,
        excerpt=search.excerpt,
        panel=_panel(listing, results.matching, crafts, centres) if results.matching else None,
    )


@bp.route("/search/suggest")
def search_suggest() -> Response:
    """Titles, crafts and centres for what is typed so far (the search box's list)."""
    return jsonify(search.suggestions(request.args.get("q", "")))
