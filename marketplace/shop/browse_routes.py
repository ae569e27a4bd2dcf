"""Browsing pages of the storefront: the product list, centres, makers and search."""

from __future__ import annotations

from flask import render_template, request

from marketplace.catalogue import browse, search
from marketplace.catalogue import queries as catalogue
from marketplace.shop import bp


@bp.route("/products")
def products() -> str:
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
        sorts=browse.SORT_LABELS,
    )


@bp.route("/centres")
def centres() -> str:
    return render_template("shop/centres.html", centres=catalogue.all_centres())


@bp.route("/centres/<slug>")
def centre(slug: str) -> str:
    item = catalogue.centre_or_404(slug)
    return render_template(
        "shop/centre.html", centre=item, products=catalogue.centre_products(item)
    )


@bp.route("/makers/<int:trainee_id>")
def maker(trainee_id: int) -> str:
    trainee = catalogue.maker_or_404(trainee_id)
    return render_template(
        "shop/maker.html",
        trainee=trainee,
        maker=catalogue.public_maker(trainee),
        products=catalogue.maker_products(trainee),
    )


@bp.route("/search")
def search_page() -> str:
    query = request.args.get("q", "")
    page_number = request.args.get("page", "1")
    page = int(page_number) if page_number.isdigit() and len(page_number) < 4 else 1
    results = search.search(query, page=page)
    return render_template(
        "shop/search.html",
        query=query[: search.MAX_QUERY_CHARS],
        results=results,
        highlight=search.highlight,
        excerpt=search.excerpt,
    )
