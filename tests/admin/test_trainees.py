"""Registering trainees: the neighbourhood rule, national codes, duplicates, consent, search."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from marketplace.models import AuditLog, Trainee
from tests.factories import (
    make_centre,
    make_course,
    make_enrollment,
    make_neighbourhood,
    make_trainee,
    valid_national_code,
)

TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _form(world, **over):
    data = {
        "given_name": "زهرا", "family_name": "احمدی",
        "national_code": valid_national_code(123456), "phone": "09151234567",
        "neighbourhood_id": world.centre1.neighbourhood_id, "centre_id": world.centre1.id,
        "joined_on": "1403/12/11",
    }
    data.update(over)
    return data


def test_staff_registers_a_trainee_of_her_neighbourhood(client, login_as, world, db):
    login_as(world.staff1)
    code = valid_national_code(555)
    response = client.post("/admin/trainees/new", data=_form(
        world, national_code=code.translate(TO_PERSIAN), phone="۰۹۱۵۱۲۳۴۵۶۷",
        show_given_name="y"))
    assert response.status_code == 302
    trainee = db.session.scalar(select(Trainee))
    assert trainee.national_code == code  # Persian digits accepted, stored as ASCII
    assert trainee.phone == "09151234567"
    assert trainee.show_given_name and not trainee.show_photo
    assert trainee.consent_recorded_on is not None
    audit = db.session.scalars(select(AuditLog)).all()
    assert [a.action for a in audit] == ["trainee.create"]
    assert audit[0].actor_id == world.staff1.id
    assert code not in str(audit[0].changes)


def test_other_neighbourhood_is_refused_naming_her_centre(client, login_as, world, db):
    login_as(world.staff1)
    response = client.post("/admin/trainees/new", data=_form(
        world, neighbourhood_id=world.centre2.neighbourhood_id))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "مرکز رویش رجایی" in page  # the centre of her neighbourhood
    assert db.session.scalar(select(Trainee)) is None


def test_neighbourhood_without_a_centre_is_refused(client, login_as, world, db):
    lonely = make_neighbourhood(name_fa="محله بی‌مرکز")
    make_centre(neighbourhood=lonely, name_fa="مرکز در دست ساخت", status="under_construction")
    db.session.commit()
    login_as(world.staff1)
    response = client.post("/admin/trainees/new", data=_form(world, neighbourhood_id=lonely.id))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "محله بی‌مرکز" in page and "مرکز در دست ساخت" not in page
    assert db.session.scalar(select(Trainee)) is None


def test_national_code_check_digit(client, login_as, world, db):
    login_as(world.staff1)
    good = valid_national_code(98765)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    for code in (bad, "1111111111", "12345"):
        response = client.post("/admin/trainees/new", data=_form(world, national_code=code))
        assert response.status_code == 200
        assert "is-invalid" in response.get_data(as_text=True)
    assert db.session.scalar(select(Trainee)) is None
    response = client.post("/admin/trainees/new", data=_form(world, national_code=good))
    assert response.status_code == 302


def test_invalid_mobile_is_refused(client, login_as, world, db):
    login_as(world.staff1)
    response = client.post("/admin/trainees/new", data=_form(world, phone="0215555"))
    assert response.status_code == 200
    assert db.session.scalar(select(Trainee)) is None


def test_duplicate_national_code_is_caught(client, login_as, world, db):
    existing = make_trainee(centre=world.centre2)
    db.session.commit()
    login_as(world.staff1)
    response = client.post("/admin/trainees/new", data=_form(
        world, national_code=existing.national_code))
    assert response.status_code == 200
    assert "already registered" in response.get_data(as_text=True) or \
        "national_code-error" in response.get_data(as_text=True)
    assert db.session.scalar(select(Trainee).where(Trainee.centre_id == world.centre1.id)) is None


def test_edit_changes_consent_with_the_date_and_logs_it(client, login_as, world, db):
    trainee = make_trainee(centre=world.centre1)
    db.session.commit()
    login_as(world.staff1)
    data = _form(world, national_code=trainee.national_code, given_name=trainee.given_name,
                 family_name=trainee.family_name, show_story="y", story_fa="داستان من")
    response = client.post(f"/admin/trainees/{trainee.id}", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    trainee = db.session.get(Trainee, trainee.id)
    assert trainee.show_story and trainee.story_fa == "داستان من"
    assert trainee.consent_recorded_on is not None
    actions = {a.action for a in db.session.scalars(select(AuditLog))}
    assert "trainee.consent" in actions


def test_list_search_and_filters(client, login_as, world, db):
    kept = make_trainee(centre=world.centre1, given_name="كبری", family_name="يزدانی")
    make_trainee(centre=world.centre1, given_name="مریم", family_name="رضایی")
    make_trainee(centre=world.centre2, given_name="کبری", family_name="یزدانی")  # not hers
    course = make_course(centre=world.centre1)
    make_enrollment(course=course, trainee=kept, status="completed",
                    completed_on=date(2025, 5, 1), employed_after=True)
    db.session.commit()
    login_as(world.staff1)
    # Persian keh/yeh typed, Arabic ones stored: the search key folds both.
    page = client.get("/admin/trainees", query_string={"q": "کبری یزدانی"}).get_data(as_text=True)
    assert page.count(f"/admin/trainees/{kept.id}\"") == 1
    assert "رضایی" not in page
    page = client.get("/admin/trainees", query_string={"q": kept.national_code[:6]}).get_data(
        as_text=True)
    assert f"/admin/trainees/{kept.id}\"" in page
    page = client.get("/admin/trainees", query_string={
        "craft_id": course.craft_id, "employed": "yes"}).get_data(as_text=True)
    assert f"/admin/trainees/{kept.id}\"" in page and "رضایی" not in page


def test_a_duplicate_that_slips_past_the_check_is_still_refused(world, db, monkeypatch):
    """Two registrations racing: the unique key refuses the second, with the same message,
    and neither the trainee nor its audit row is left behind."""
    import pytest

    from marketplace.programme import ProgrammeError
    from marketplace.programme import trainees as service

    existing = make_trainee(centre=world.centre1)
    db.session.commit()
    monkeypatch.setattr(service, "_check_unique", lambda *a, **k: None)
    data = service.TraineeData(
        given_name="زهرا", family_name="احمدی", national_code=existing.national_code,
        phone=None, neighbourhood_id=world.centre1.neighbourhood_id,
        centre_id=world.centre1.id, joined_on=date(2025, 3, 1),
    )
    with pytest.raises(ProgrammeError) as refused:
        service.register_trainee(data, actor=world.staff1, today=date(2025, 3, 1))
    assert refused.value.field == "national_code"
    assert len(db.session.scalars(select(Trainee)).all()) == 1
    assert db.session.scalar(select(AuditLog)) is None


def test_a_one_centre_staff_member_never_picks_the_centre(client, login_as, world, db):
    """Her centre is shown as text, not offered; her neighbourhood starts as the centre's."""
    login_as(world.staff1)
    page = client.get("/admin/trainees/new").get_data(as_text=True)
    assert 'name="centre_id"' not in page and world.centre1.name_fa in page
    hood = world.centre1.neighbourhood_id
    assert re.search(rf'<option selected value="{hood}">|<option value="{hood}" selected>', page)
    # Whatever is posted, the trainee is registered at her one centre.
    form = _form(world, centre_id=world.centre2.id)
    assert client.post("/admin/trainees/new", data=form).status_code == 302
    assert db.session.scalar(select(Trainee)).centre_id == world.centre1.id
    trainee = db.session.scalar(select(Trainee))
    assert 'name="centre_id"' not in client.get(f"/admin/trainees/{trainee.id}").get_data(
        as_text=True)


def test_a_forged_centre_of_another_staff_member_changes_nothing(client, login_as, world, db):
    login_as(world.staff1)
    response = client.post("/admin/trainees/new", data=_form(
        world, centre_id=world.centre2.id, neighbourhood_id=world.centre2.neighbourhood_id))
    assert response.status_code == 200  # the other neighbourhood is refused at her centre
    assert db.session.scalar(select(Trainee)) is None


def test_the_admin_picks_the_centre_and_the_neighbourhood_starts_as_its_own(client, login_as,
                                                                           world, db):
    login_as(world.admin)
    page = client.get("/admin/trainees/new").get_data(as_text=True)
    assert 'name="centre_id"' in page
    first = min((world.centre1, world.centre2), key=lambda c: c.id)
    assert re.search(rf'<option selected value="{first.neighbourhood_id}">', page)
