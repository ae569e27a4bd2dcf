from __future__ import annotations

from flask import (
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from .. import catalogue, impact
from ..i18n import LOCALE_SESSION_KEY
from . import bp


@bp.route("/")
def home() -> str:
    return render_template(
        "shop/home.html",
        featured=catalogue.featured_products(),
        newest=catalogue.newest_products(),
        crafts=catalogue.all_crafts(),
        centres=catalogue.active_centres(),
        figures=impact.headline(),
    )


@bp.route("/products/<int:product_id>-<slug>")
def product(product_id: int, slug: str) -> str | Response:
    item = catalogue.listed_product_or_404(product_id)
    if slug != item.slug:
        return redirect(url_for("shop.product", product_id=item.id, slug=item.slug), 301)
    return render_template("shop/product.html", product=item)


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    """Remember the chosen language; POST because it changes state."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session[LOCALE_SESSION_KEY] = lang
    target = request.form.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)


@bp.route("/media/<path:path>")
def media(path: str) -> Response:
    """Public photo variants. Names are content hashes, so they may be cached for a year."""
    folder = current_app.config["UPLOAD_FOLDER"] / "public"
    response = send_from_directory(
        folder, path, max_age=current_app.config["PHOTO_CACHE_SECONDS"]
    )
    response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
