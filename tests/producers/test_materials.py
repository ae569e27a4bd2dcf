"""Materials supplied to trainees and courses."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.models import MaterialIssue, Product
from tests import factories as f


def _form(side, **over):
    data = {"trainee_id": str(side.trainee.id), "course_id": "", "product_id": "",
            "description": "پشم رنگ‌شده", "quantity": "۳", "unit": "کیلو",
            "cost": "۴۵۰٬۰۰۰", "issued_on": "1405/08/11"}
    data.update(over)
    return data


def test_materials_for_a_trainee_and_an_item(client, login_as, mine) -> None:
    login_as(mine.user)
    data = _form(mine, product_id=str(mine.product.id))
    assert client.post("/producers/materials/new", data=data).status_code == 302
    issue = _db.session.scalars(select(MaterialIssue)).one()
    assert issue.cost_rials == 4_500_000 and issue.quantity == 3
    assert issue.product_id == mine.product.id and issue.driver_id == mine.driver.id
    # The fair-price breakdown: materials over the 3 units bought.
    _db.session.expire_all()
    assert _db.session.get(Product, mine.product.id).unit_materials_rials == 1_500_000
    assert "پشم رنگ‌شده" in client.get("/producers/materials").get_data(as_text=True)


def test_materials_for_my_course(client, login_as, db, mine) -> None:
    course = f.make_course(driver=mine.driver, centre=mine.centre)
    db.session.commit()
    login_as(mine.user)
    data = _form(mine, trainee_id="", course_id=str(course.id), cost="0")
    assert client.post("/producers/materials/new", data=data).status_code == 302


def test_refusals_write_nothing(client, login_as, db, mine, theirs) -> None:
    their_course = f.make_course(driver=theirs.driver, centre=theirs.centre)
    db.session.commit()
    login_as(mine.user)
    for over in ({"trainee_id": "", "course_id": ""},
                 {"trainee_id": str(theirs.trainee.id)},
                 {"course_id": str(their_course.id)},
                 {"product_id": str(theirs.product.id)},
                 {"cost": "-1"}, {"cost": "1.5"}, {"quantity": "0"}):
        response = client.post("/producers/materials/new", data=_form(mine, **over))
        assert response.status_code == 200, over
        assert "-error" in response.get_data(as_text=True), over
    assert _db.session.scalars(select(MaterialIssue)).all() == []
