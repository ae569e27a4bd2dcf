"""Materials a driver supplies, free, to a trainee for an item or to a course.

They are not wages and never enter the ledger; they feed the public fair-price
breakdown and the driver's own records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.models import Course, Driver, MaterialIssue, Product, Purchase, Trainee, User
from marketplace.people import audit
from marketplace.text.money import DEFAULT_MAX_RIALS


class MaterialError(DomainError):
    """A refused materials record."""


def record_issue(
    driver: Driver,
    *,
    description: str,
    quantity: int,
    unit: str,
    cost_rials: int,
    issued_on: date,
    trainee_id: int | None = None,
    course_id: int | None = None,
    product_id: int | None = None,
    actor: User | None = None,
) -> MaterialIssue:
    """Record materials handed over; the trainee must be of the driver's centres,
    the course and item the driver's own."""
    if not (description or "").strip():
        raise MaterialError(_l("Say what was supplied."), "description")
    if quantity is None or quantity < 1:
        raise MaterialError(_l("Enter a quantity of at least 1."), "quantity")
    if cost_rials is None or not 0 <= cost_rials <= DEFAULT_MAX_RIALS:
        raise MaterialError(_l("The amount is out of range."), "cost")
    if trainee_id is None and course_id is None:
        raise MaterialError(_l("Choose a trainee or a course."), "trainee_id")
    if trainee_id is not None:
        trainee = db.session.get(Trainee, trainee_id)
        if trainee is None or trainee.centre_id not in {c.id for c in driver.centres}:
            raise MaterialError(_l("Choose a trainee of your centres."), "trainee_id")
    if course_id is not None:
        course = db.session.get(Course, course_id)
        if course is None or course.driver_id != driver.id:
            raise MaterialError(_l("Choose one of your courses."), "course_id")
    if product_id is not None:
        product = db.session.get(Product, product_id)
        if product is None or product.driver_id != driver.id:
            raise MaterialError(_l("Choose one of your items."), "product_id")
    issue = MaterialIssue(
        driver_id=driver.id, trainee_id=trainee_id, course_id=course_id,
        product_id=product_id, description=description.strip()[:300], quantity=quantity,
        unit=(unit or "").strip()[:30], cost_rials=cost_rials, issued_on=issued_on,
    )
    db.session.add(issue)
    db.session.flush()
    if product_id is not None:
        _update_unit_materials(product)
    audit.record(actor, "materials.issue", issue, {
        "description": issue.description, "quantity": quantity, "unit": issue.unit,
        "cost_rials": cost_rials, "trainee_id": trainee_id, "issued_on": issued_on,
    })
    db.session.commit()
    return issue


def _update_unit_materials(product: Product) -> None:
    """The public fair-price breakdown's materials part: all materials recorded for
    the item over all units bought of it (at least one)."""
    cost = db.session.scalar(
        select(func.coalesce(func.sum(MaterialIssue.cost_rials), 0))
        .where(MaterialIssue.product_id == product.id)
    )
    units = db.session.scalar(
        select(func.coalesce(func.sum(Purchase.quantity), 0))
        .where(Purchase.product_id == product.id)
    )
    product.unit_materials_rials = int(cost) // max(int(units), 1)


def issues_for(driver_id: int, limit: int = 200) -> Sequence[MaterialIssue]:
    """The driver's latest material records, with what they were for."""
    return db.session.scalars(
        select(MaterialIssue)
        .where(MaterialIssue.driver_id == driver_id)
        .options(
            joinedload(MaterialIssue.trainee), joinedload(MaterialIssue.course),
            joinedload(MaterialIssue.product),
        )
        .order_by(MaterialIssue.issued_on.desc(), MaterialIssue.id.desc())
        .limit(limit)
    ).all()
