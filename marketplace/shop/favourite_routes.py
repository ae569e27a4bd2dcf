"""The heart on cards and product pages, and /favourites.

A plain POST form (no JavaScript). A guest's hearts live in her session; a signed-in
buyer's are rows. A visitor whose session holds nothing personal has no favourites, so
every heart of an anonymous, cacheable page is the same unpressed form for everyone: the
"already a favourite" state only appears once the session is personal (a guest who
hearted something, or a signed-in user), and those pages are never served from a cache.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.catalogue import favourites
from marketplace.shop import bp
from marketplace.web.redirects import safe_path
from marketplace.web.security import same_site_only

FAVOURITES_KEY = favourites.SESSION_KEY


def favourite_ids() -> set[int]:
    """The visitor's favourite product ids, read once a request (one query, or none)."""
    if "favourite_ids" not in g:
        if current_user.is_authenticated:
            g.favourite_ids = favourites.ids_of(current_user.id)
        else:
            g.favourite_ids = set(session.get(FAVOURITES_KEY) or [])
    return g.favourite_ids


@bp.app_template_global()
def is_favourite(product_id: int) -> bool:
    return product_id in favourite_ids()


@bp.app_template_global()
def here() -> str:
    """This page's path and query, for a form that comes back to it."""
    return request.full_path.rstrip("?")


@bp.route("/favourites")
def favourites_page() -> str:
    return render_template("shop/favourites.html",
                           products=favourites.products(favourite_ids()))


@bp.route("/favourites/<int:product_id>", methods=["POST"])
@same_site_only  # the heart is on cached anonymous pages: no per-visitor token in it
def favourite(product_id: int) -> Response:
    """Heart (on=1) or un-heart (on=0) one listed product, then back where she was."""
    on = request.form.get("on", "1") != "0"
    if on and not favourites.is_listed(product_id):
        abort(404)
    if current_user.is_authenticated:
        if on:
            favourites.add(current_user.id, product_id)
        else:
            favourites.remove(current_user.id, product_id)
    else:
        change = favourites.guest_add if on else favourites.guest_remove
        session[FAVOURITES_KEY] = change(session.get(FAVOURITES_KEY), product_id)
        if not session[FAVOURITES_KEY]:
            session.pop(FAVOURITES_KEY)  # nothing personal left: cached pages serve her again
    flash(_("Saved to your favourites.") if on else _("Removed from your favourites."), "success")
    return redirect(safe_path(request.form.get("next")) or url_for("shop.favourites_page"))
