"""Admins: centres (status, opening date, yearly target), drivers, accounts, audit log."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from marketplace.models import AuditLog, Centre, Driver, User
from marketplace.text.persian import to_persian_digits
from tests.factories import PASSWORD, make_centre, make_driver


def _actions(db) -> list[str]:
    return [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_create_edit_and_open_a_centre(client, login_as, world, db):
    login_as(world.admin)
    response = client.post("/admin/centres/new", data={
        "slug": "altimur", "name_fa": "مرکز رویش التیمور", "name_en": "Altimur",
        "neighbourhood_id": world.centre1.neighbourhood_id,
    })
    assert response.status_code == 302
    centre = db.session.scalar(select(Centre).where(Centre.slug == "altimur"))
    assert centre.status == "planned" and centre.opened_on is None
    response = client.post(f"/admin/centres/{centre.id}/status",
                           data={"status": "active", "on": "1404/01/12"})
    assert response.status_code == 302
    db.session.expire_all()
    centre = db.session.get(Centre, centre.id)
    assert centre.status == "active"
    assert centre.opened_on == centre.status_changed_on == date(2025, 4, 1)
    client.post(f"/admin/centres/{centre.id}/status", data={"status": "closed", "on": "1404/06/10"})
    db.session.expire_all()
    centre = db.session.get(Centre, centre.id)
    assert centre.opened_on == date(2025, 4, 1) and centre.status_changed_on == date(2025, 9, 1)
    assert _actions(db) == ["centre.create", "centre.status", "centre.status"]


def test_duplicate_slug_is_a_field_error(client, login_as, world, db):
    login_as(world.admin)
    response = client.post("/admin/centres/new", data={
        "slug": world.centre1.slug, "name_fa": "تکراری", "name_en": "Dup",
        "neighbourhood_id": world.centre1.neighbourhood_id,
    })
    assert response.status_code == 200 and "slug-error" in response.get_data(as_text=True)


def test_centres_per_year_against_the_target(client, login_as, world, db):
    for day in (date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1), date(2025, 7, 1),
                date(2024, 5, 1)):
        make_centre(opened_on=day)
    db.session.commit()
    from marketplace.programme.centres import opened_per_year

    years = {y.jyear: y for y in opened_per_year(date(2025, 8, 1))}
    assert years[1404].opened == 4 and years[1404].met
    assert years[1403].opened == 1 and not years[1403].met
    login_as(world.admin)
    assert client.get("/admin/centres").status_code == 200


def test_create_driver_and_link_centres(client, login_as, world, db):
    login_as(world.admin)
    response = client.post("/admin/drivers/new", data={
        "kind": "firm", "name_fa": "شرکت فرش نو", "centre_ids": [world.centre1.id]})
    assert response.status_code == 302
    driver = db.session.scalar(select(Driver))
    assert [c.id for c in driver.centres] == [world.centre1.id]
    client.post(f"/admin/drivers/{driver.id}/centres",
                data={f"d{driver.id}-centre_ids": [world.centre1.id, world.centre2.id]})
    db.session.expire_all()
    assert {c.id for c in db.session.get(Driver, driver.id).centres} == {
        world.centre1.id, world.centre2.id}
    assert _actions(db) == ["driver.create", "driver.centres"]


def test_staff_account_deactivate_and_reset(app, client, login_as, world, db):
    login_as(world.admin)
    response = client.post("/admin/users/new", data={
        "role": "staff", "email": "New.Staff@example.com", "full_name": "کارمند تازه",
        "centre_ids": [world.centre2.id], "driver_id": 0})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    user = db.session.scalar(select(User).where(User.email == "new.staff@example.com"))
    assert [c.id for c in user.centres] == [world.centre2.id]
    page = response.get_data(as_text=True)
    temporary = page.split("<code>")[1].split("</code>")[0]
    assert user.check_password(temporary)

    response = client.post(f"/admin/users/{user.id}/password")
    new = response.get_data(as_text=True).split("<code>")[1].split("</code>")[0]
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert new != temporary and user.check_password(new)

    client.post(f"/admin/users/{user.id}/active")
    db.session.expire_all()
    assert not db.session.get(User, user.id).is_active_account
    client.post("/logout")
    refused = client.post("/login", data={"email": user.email, "password": new})
    assert refused.status_code != 302
    assert _actions(db) == ["user.create", "user.reset_password", "user.deactivate"]
    assert all(temporary not in str(a.changes) for a in db.session.scalars(select(AuditLog)))


def test_driver_account_needs_a_driver(client, login_as, world, db):
    driver = make_driver(centres=[world.centre1])
    db.session.commit()
    login_as(world.admin)
    response = client.post("/admin/users/new", data={
        "role": "driver", "email": "d@example.com", "full_name": "پیشران", "driver_id": 0})
    assert response.status_code == 200 and "driver_id-error" in response.get_data(as_text=True)
    client.post("/admin/users/new", data={
        "role": "driver", "email": "d@example.com", "full_name": "پیشران",
        "driver_id": driver.id})
    user = db.session.scalar(select(User).where(User.email == "d@example.com"))
    assert user.driver_id == driver.id and user.role == "driver"


def test_admin_cannot_deactivate_herself(client, login_as, world, db):
    login_as(world.admin)
    client.post(f"/admin/users/{world.admin.id}/active")
    db.session.expire_all()
    assert db.session.get(User, world.admin.id).is_active_account


def test_audit_log_newest_first(client, login_as, world, db):
    login_as(world.admin)
    client.post(f"/admin/users/{world.staff1.id}/password")
    client.post(f"/admin/users/{world.staff2.id}/password")
    page = client.get("/admin/audit").get_data(as_text=True)
    first, second = (f"#{to_persian_digits(str(u.id))}" for u in (world.staff2, world.staff1))
    assert page.index(first) < page.index(second)
    assert PASSWORD not in page


def test_edit_a_centre_is_logged_and_a_centre_with_trainees_cannot_move(
    client, login_as, world, db
):
    from tests.factories import make_neighbourhood, make_trainee

    elsewhere = make_neighbourhood()
    make_trainee(centre=world.centre1)
    db.session.commit()
    login_as(world.admin)
    data = {"slug": world.centre1.slug, "name_fa": "مرکز رویش طلاب نو",
            "name_en": "Tollab", "neighbourhood_id": world.centre1.neighbourhood_id}
    assert client.post(f"/admin/centres/{world.centre1.id}", data=data).status_code == 302
    response = client.post(f"/admin/centres/{world.centre1.id}",
                           data={**data, "neighbourhood_id": elsewhere.id})
    assert response.status_code == 200
    assert "neighbourhood_id-error" in response.get_data(as_text=True)
    db.session.expire_all()
    centre = db.session.get(Centre, world.centre1.id)
    assert centre.name_fa == "مرکز رویش طلاب نو"
    assert centre.neighbourhood_id != elsewhere.id
    assert _actions(db) == ["centre.edit"]
