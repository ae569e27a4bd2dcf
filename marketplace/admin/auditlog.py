"""The audit log viewer (admins only), newest first."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from marketplace.admin import bp
from marketplace.admin.routes import admin_only
from marketplace.extensions import db
from marketplace.models import AuditLog, User
from marketplace.web.input_guard import page_number

PER_PAGE = 50


@bp.route("/audit")
def audit_log() -> str:
    admin_only()
    page = db.paginate(
        select(AuditLog).order_by(AuditLog.id.desc()),
        page=page_number(), per_page=PER_PAGE, error_out=False,
    )
    actor_ids = {e.actor_id for e in page.items if e.actor_id is not None}
    actors = {
        u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))
    } if actor_ids else {}
    return render_template("admin/audit.html", page=page, actors=actors)
