"""The back office's home, and the small helpers its route modules share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from marketplace.admin import bp
from marketplace.extensions import db
from marketplace.models import Centre, Neighbourhood, Role, Trainee
from marketplace.web.access import centre_scope

PER_PAGE = 25
T = TypeVar("T")


def scope() -> set[int] | None:
    """The signed-in user's centre ids; None for admins (all)."""
    return centre_scope(current_user)


def admin_only() -> None:
    """Municipality pages: staff get 404 like anyone else who may not know of them."""
    if current_user.role != Role.ADMIN:
        abort(404)


def my_centres() -> list[Centre]:
    query = select(Centre).order_by(Centre.id)
    ids = scope()
    if ids is not None:
        query = query.where(Centre.id.in_(ids))
    return list(db.session.scalars(query))


def via_centre_or_404(model: type[T], ident: int, centre_id_of: Callable[[T], int]) -> T:
    """Load a record whose centre is found through a parent (an enrollment's course, a
    photo's product); 404 unless that centre is the signed-in user's."""
    obj = db.session.get(model, ident)
    ids = scope()
    if obj is None or (ids is not None and centre_id_of(obj) not in ids):
        abort(404)
    return obj


def centre_or_404(centre_id: int) -> Centre:
    """A centre the signed-in user works at (any, for admins)."""
    ids = scope()
    if ids is not None and centre_id not in ids:
        abort(404)
    return db.get_or_404(Centre, centre_id)


def neighbourhood_choices() -> list[SelectChoice]:
    hoods = db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name_fa))
    return [SelectChoice(n.id, n.name_fa) for n in hoods]


@bp.route("/")
def index() -> str:
    ids = scope()
    query = select(Centre).options(joinedload(Centre.neighbourhood)).order_by(Centre.id)
    if ids is not None:
        query = query.where(Centre.id.in_(ids))
    centres = db.session.scalars(query).all()
    counts = dict(
        db.session.execute(
            select(Trainee.centre_id, func.count()).group_by(Trainee.centre_id)
        ).all()
    )
    return render_template("admin/index.html", centres=centres, trainee_counts=counts)

