from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..access import centre_scope
from ..extensions import db
from ..models import Centre, Trainee
from . import bp


@bp.route("/")
def index() -> str:
    scope = centre_scope(current_user)
    query = select(Centre).options(joinedload(Centre.neighbourhood)).order_by(Centre.id)
    if scope is not None:
        query = query.where(Centre.id.in_(scope))
    centres = db.session.scalars(query).all()
    counts = dict(
        db.session.execute(
            select(Trainee.centre_id, func.count()).group_by(Trainee.centre_id)
        ).all()
    )
    return render_template("admin/index.html", centres=centres, trainee_counts=counts)
