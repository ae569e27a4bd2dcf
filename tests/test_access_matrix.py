"""The access matrix: every private route, every role, against objects owned by another.

World: driver A and staff 1 belong to centre 1; driver B and staff 2 to centre 2; every
object in the URLs belongs to driver B / centre 2. Expected:
- anonymous: sent to sign in (302 to /login);
- buyer: 404 everywhere in /producers and /admin;
- driver A: 404 on driver B's objects and in /admin;
- staff of centre 1: 404 on centre 2's objects and in /producers;
- staff of centre 2 and admin may see /admin pages; admin gets 404 in /producers.
No cell may answer 200 unexpectedly.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from marketplace import ledger
from marketplace.extensions import db as _db
from marketplace.ledger import MakerShare
from marketplace.models import LedgerEntry
from tests import factories as f
from tests.urlmap import concrete_url, rules

PRIVATE = [r for r in rules("GET") if r[0].startswith(("/producers", "/admin"))]
# Pages of the area itself, without an object in the URL, are the role's own.
WITH_OBJECT = [r for r in PRIVATE if "<" in r[0]]


def _world() -> dict[str, object]:
    c1, c2 = f.make_centre(), f.make_centre()
    driver_a = f.make_user("driver", driver=f.make_driver(centres=[c1]))
    driver_b = f.make_user("driver", driver=f.make_driver(centres=[c2]))
    trainee = f.make_trainee(centre=c2)
    product = f.make_product(driver=driver_b.driver, centre=c2, status="listed", stock=0)
    users = {
        "buyer": f.make_user("buyer"),
        "driver_a": driver_a,
        "driver_b": driver_b,
        "staff_1": f.make_user("staff", centres=[c1]),
        "staff_2": f.make_user("staff", centres=[c2]),
        "admin": f.make_user("admin"),
    }
    course = f.make_course(centre=c2, driver=driver_b.driver)
    enrollment = f.make_enrollment(course=course, trainee=trainee)
    referral = f.make_referral(trainee=trainee)
    loan = f.make_loan(referral=referral)
    certificate = f.make_certificate(trainee=trainee)
    photo = f.make_photo(product=product)
    material = f.make_material_issue(trainee=trainee, driver_id=driver_b.driver.id)
    applicant = f.make_applicant(centre=c2)
    _db.session.commit()
    purchase = ledger.record_purchase(
        driver_b.driver, product=product, quantity=1, total_rials=100_000,
        makers=[MakerShare(trainee.id, 100)], purchased_on=date(2026, 1, 1))
    entry = _db.session.query(LedgerEntry).filter_by(purchase_id=purchase.id).one()
    line = f.make_order_line(product=product)
    _db.session.commit()
    by_segment = {
        "products": product.id, "listings": product.id, "items": product.id,
        "trainees": trainee.id, "courses": course.id, "enrollments": enrollment.id,
        "referrals": referral.id, "loans": loan.id, "certificates": certificate.id,
        "photos": photo.id, "materials": material.id, "purchases": purchase.id,
        "entries": entry.id, "ledger": entry.id, "lines": line.id, "orders": line.id,
        "centres": c2.id, "drivers": driver_b.driver.id, "users": driver_b.id,
        "applicants": applicant.id,
    }
    ids = {
        "product_id": product.id, "trainee_id": trainee.id, "course_id": course.id,
        "enrollment_id": enrollment.id, "referral_id": referral.id, "loan_id": loan.id,
        "certificate_id": certificate.id, "photo_id": photo.id, "material_id": material.id,
        "purchase_id": purchase.id, "entry_id": entry.id, "line_id": line.id,
        "centre_id": c2.id, "driver_id": driver_b.driver.id, "user_id": driver_b.id,
        "slug": c2.slug, "code": line.order.code, "applicant_id": applicant.id,
    }
    return {"users": users, "ids": ids, "by_segment": by_segment}


def _url(rule: str, world: dict) -> str:
    """Fill named ids; a bare <id> takes the object named by the segment before it."""
    def bare(match: re.Match[str]) -> str:
        return f"{match.group(1)}/{world['by_segment'].get(match.group(1), 1)}"

    rule = re.sub(r"(\w+)/<(?:int:)?id>", bare, rule)
    return concrete_url(rule, world["ids"])


def _expected_refusal(role: str, rule: str) -> int | None:
    """The status this role must get, or None where the role may see the page."""
    producers = rule.startswith("/producers")
    if role == "anonymous":
        return 302
    if role in ("buyer", "driver_a", "staff_1"):
        return 404
    if role == "admin":
        return 404 if producers else None
    if role == "staff_2":
        return 404 if producers else None
    return None


ROLES = ["anonymous", "buyer", "driver_a", "staff_1", "staff_2", "admin"]


@pytest.mark.parametrize(("rule", "endpoint"), WITH_OBJECT)
def test_matrix(app, db, client, login_as, rule: str, endpoint: str) -> None:
    world = _world()
    url = _url(rule, world)
    unexpected = []
    for role in ROLES:
        client.post("/logout")
        if role != "anonymous":
            login_as(world["users"][role])
        response = client.get(url)
        expected = _expected_refusal(role, rule)
        if expected == 302:
            ok = response.status_code == 302 and "/login" in response.headers["Location"]
        elif expected == 404:
            ok = response.status_code == 404
        else:
            ok = response.status_code != 500
        if not ok:
            unexpected.append((role, response.status_code))
    assert unexpected == [], (url, unexpected)


@pytest.mark.parametrize(("rule", "endpoint"), [r for r in PRIVATE if "<" not in r[0]])
def test_area_pages_refuse_other_roles(app, db, client, login_as, rule, endpoint) -> None:
    world = _world()
    assert client.get(rule).status_code == 302
    outsiders = ["buyer", "staff_1", "admin"] if rule.startswith("/producers") else [
        "buyer", "driver_a"]
    for role in outsiders:
        client.post("/logout")
        login_as(world["users"][role])
        assert client.get(rule).status_code == 404, (rule, role)
