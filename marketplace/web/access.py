"""Who may reach what: role checks and ownership lookups, in one place.

Another owner's object is a 404, never a 403, so that its existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, redirect, url_for
from flask_login import current_user

from marketplace.extensions import db, login_manager

T = TypeVar("T")


def require_role(*roles: str) -> Callable[[], Any]:
    """A `before_request` hook for a blueprint: signed in, and one of `roles`.

    Anonymous visitors are sent to sign in; a signed-in user of another role
    gets 404, because the area is not theirs to know about.
    """

    def check() -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(404)
        return None

    return check


def require_second_factor() -> Any:
    """A `before_request` hook after `require_role`: staff and admin reach the back office
    only once two-step sign-in is on (their sessions since then began with a code)."""
    if current_user.needs_second_factor and not current_user.has_second_factor:
        return redirect(url_for("auth.two_factor_setup"))
    return None


def owned_or_404(model: type[T], ident: int, **owner: Any) -> T:
    """Load `model` by primary key if every `owner` column matches, else 404.

    `owned_or_404(Product, 7, driver_id=me.driver_id)`.
    """
    obj = db.session.get(model, ident)
    if obj is None or any(getattr(obj, k) != v for k, v in owner.items()):
        abort(404)
    return obj


def in_centres_or_404(model: type[T], ident: int, centre_ids: set[int] | None) -> T:
    """Load an object whose `centre_id` is among the caller's centres (None = all)."""
    obj = db.session.get(model, ident)
    if obj is None or (centre_ids is not None and obj.centre_id not in centre_ids):
        abort(404)
    return obj


def centre_scope(user: Any) -> set[int] | None:
    """The centre ids a staff member may see; None means all (admins)."""
    if user.role == "admin":
        return None
    return {c.id for c in user.centres}
