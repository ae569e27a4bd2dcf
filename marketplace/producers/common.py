"""What every view of the workspace needs: the signed-in driver, her own objects
(anything else is 404) and the choices for her forms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from marketplace.extensions import db
from marketplace.models import Course, Driver, Product, ProductStatus, Trainee
from marketplace.web.access import owned_or_404
from marketplace.web.templating import localized

PER_PAGE = 30  # rows of the workspace's lists


def me() -> Driver:
    """The driver the signed-in user works for (the blueprint guarantees the role)."""
    driver = current_user.driver
    if driver is None:  # a driver account always names its driver; be safe anyway
        abort(404)
    return driver


def own_product_or_404(product_id: int) -> Product:
    return owned_or_404(Product, product_id, driver_id=me().id)


def trainees_of(driver: Driver) -> Sequence[Trainee]:
    """Trainees of the driver's centres, by name (choices for makers and payouts)."""
    centre_ids = [c.id for c in driver.centres]
    return db.session.scalars(
        select(Trainee)
        .where(Trainee.centre_id.in_(centre_ids))
        .options(selectinload(Trainee.centre))
        .order_by(Trainee.given_name, Trainee.family_name, Trainee.id)
    ).all()


def own_trainee_or_404(trainee_id: int) -> Trainee:
    """A trainee of one of the driver's centres."""
    trainee = db.session.get(Trainee, trainee_id)
    if trainee is None or trainee.centre_id not in {c.id for c in me().centres}:
        abort(404)
    return trainee


def account_trainee_or_404(trainee_id: int) -> Trainee:
    """A trainee this driver has a ledger account with, else 404 (statements, history)."""
    from marketplace import ledger

    if not ledger.has_account(me().id, trainee_id):
        abort(404)
    trainee = db.session.get(Trainee, trainee_id)
    if trainee is None:
        abort(404)
    return trainee


def trainee_choices(driver: Driver, blank: Any = None) -> list[SelectChoice]:
    rows = [
        SelectChoice(t.id, f"{t.full_name} — {localized(t.centre, 'name')}")
        for t in trainees_of(driver)
    ]
    return ([SelectChoice("", blank)] if blank is not None else []) + rows


def product_choices(driver: Driver, blank: Any = None) -> list[SelectChoice]:
    products = db.session.scalars(
        select(Product)
        .where(Product.driver_id == driver.id, Product.status != ProductStatus.ARCHIVED)
        .order_by(Product.title_fa, Product.id)
    ).all()
    rows = [SelectChoice(p.id, f"{p.title_fa} ({p.code})") for p in products]
    return ([SelectChoice("", blank)] if blank is not None else []) + rows


def course_choices(driver: Driver, blank: Any = None) -> list[SelectChoice]:
    courses = db.session.scalars(
        select(Course).where(Course.driver_id == driver.id).order_by(Course.starts_on.desc())
    ).all()
    rows = [SelectChoice(c.id, c.title_fa) for c in courses]
    return ([SelectChoice("", blank)] if blank is not None else []) + rows


def put_error(form: Any, field: str | None, message: object, fallback: str) -> None:
    """Show a domain refusal next to the field it is about (or `fallback`)."""
    target = getattr(form, field or fallback, None) or getattr(form, fallback)
    target.errors = [*list(target.errors or []), str(message)]
