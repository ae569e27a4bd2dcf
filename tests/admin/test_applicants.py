"""Applicants: the neighbourhood rule, admission once, duplicates, the waiting list's SMS
when a centre opens, and the impact report's counts by source."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db as _db
from marketplace.models import (
    Applicant,
    ApplicantStatus,
    OutboxMessage,
    PartnerOffice,
    Referral,
    Trainee,
)
from marketplace.programme import ProgrammeError, impact
from marketplace.programme import applicants as service
from marketplace.programme.centres import change_status
from tests.factories import make_centre, make_neighbourhood, valid_national_code

TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _form(hood_id: int, **over: object) -> dict[str, object]:
    data = {
        "given_name": "فاطمه", "family_name": "نوری",
        "national_code": valid_national_code(4242), "phone": "09151230000",
        "neighbourhood_id": hood_id, "craft_id": 0, "source": "walk_in", "office_id": 0,
        "applied_on": "1404/09/01",
    }
    data.update(over)
    return data


def _applicant(hood_id: int, seed: int = 1, **over: object) -> Applicant:
    values = {
        "given_name": "زینب", "family_name": f"کریمی{seed}",
        "national_code": valid_national_code(9000 + seed), "phone": f"0915{seed:07d}",
        "neighbourhood_id": hood_id, "head_of_household": True,
        "household_document": "حکم کمیته امداد", "craft_id": None, "source": "walk_in",
        "office_id": None, "applied_on": date(2025, 11, 1),
    }
    values.update(over)
    return service.add_applicant(service.ApplicantData(**values), actor=None, scope=None)


def _count(model: type) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def test_staff_adds_an_applicant_with_persian_digits(client, login_as, world, db):
    login_as(world.staff1)
    code = valid_national_code(777)
    response = client.post("/admin/applicants/new", data=_form(
        world.centre1.neighbourhood_id, national_code=code.translate(TO_PERSIAN),
        phone="۰۹۱۵۱۲۳۴۵۶۷", applied_on="۱۴۰۴/۰۹/۰۱"))
    assert response.status_code == 302
    applicant = db.session.scalar(select(Applicant))
    assert applicant.national_code == code and applicant.phone == "09151234567"
    assert applicant.centre_id == world.centre1.id
    assert applicant.status == ApplicantStatus.NEW


def test_duplicate_national_code_is_refused_in_persian(client, login_as, world, db):
    _applicant(world.centre1.neighbourhood_id, national_code=valid_national_code(4242))
    login_as(world.staff1)
    response = client.post("/admin/applicants/new", data=_form(world.centre1.neighbourhood_id))
    assert response.status_code == 200
    assert "با این کد ملی" in response.get_data(as_text=True)
    assert _count(Applicant) == 1


def test_staff_adds_only_applicants_of_her_centres_neighbourhoods(client, login_as, world, db):
    login_as(world.staff1)
    response = client.post("/admin/applicants/new", data=_form(world.centre2.neighbourhood_id))
    assert response.status_code == 200
    assert _count(Applicant) == 0


def test_staff_of_another_centre_gets_404(client, login_as, world, db):
    applicant = _applicant(world.centre2.neighbourhood_id)
    login_as(world.staff1)
    assert client.get(f"/admin/applicants/{applicant.id}").status_code == 404
    assert client.post(f"/admin/applicants/{applicant.id}/admit",
                       data={"centre_id": world.centre1.id}).status_code == 404
    assert client.post(f"/admin/applicants/{applicant.id}/screen",
                       data={"decision": "eligible"}).status_code == 404
    assert client.get(f"/admin/centres/{world.centre2.id}/waiting").status_code == 404
    listing = client.get("/admin/applicants").get_data(as_text=True)
    assert applicant.family_name not in listing


def test_admission_at_the_wrong_centre_is_refused(client, login_as, world, db):
    applicant = _applicant(world.centre2.neighbourhood_id)
    login_as(world.admin)
    response = client.post(f"/admin/applicants/{applicant.id}/admit",
                           data={"centre_id": world.centre1.id})
    assert response.status_code == 200
    assert "مرکز رویش رجایی" in response.get_data(as_text=True)
    assert _count(Trainee) == 0
    with pytest.raises(ProgrammeError):
        service.admit(applicant, world.centre1, actor=world.admin, today=date(2025, 12, 1))


def test_admit_creates_one_trainee_even_when_sent_twice(client, login_as, world, db):
    applicant = _applicant(world.centre1.neighbourhood_id)
    login_as(world.staff1)
    url = f"/admin/applicants/{applicant.id}/admit"
    first = client.post(url, data={"centre_id": world.centre1.id})
    second = client.post(url, data={"centre_id": world.centre1.id})
    assert first.status_code == 302 and second.status_code == 200
    assert "پذیرفته" in second.get_data(as_text=True)
    trainee = db.session.scalar(select(Trainee))
    assert _count(Trainee) == 1
    assert trainee.national_code == applicant.national_code
    assert trainee.centre_id == world.centre1.id
    db.session.refresh(applicant)
    assert applicant.status == ApplicantStatus.ADMITTED and applicant.trainee_id == trainee.id


def test_screening_needs_a_decision_and_a_reason_to_refuse(client, login_as, world, db):
    applicant = _applicant(world.centre1.neighbourhood_id)
    login_as(world.staff1)
    url = f"/admin/applicants/{applicant.id}/screen"
    page = client.get(f"/admin/applicants/{applicant.id}").get_data(as_text=True)
    assert not re.search(r"<option[^>]*selected", page)  # nothing preselected
    assert client.post(url, data={}).status_code == 200
    assert client.post(url, data={"decision": "not_eligible"}).status_code == 200
    db.session.refresh(applicant)
    assert applicant.status == ApplicantStatus.NEW
    assert client.post(url, data={"decision": "not_eligible",
                                  "reason": "ساکن محله نیست"}).status_code == 302
    db.session.refresh(applicant)
    assert applicant.status == ApplicantStatus.NOT_ELIGIBLE and applicant.reason


def test_a_waiting_applicant_is_told_once_when_her_centre_opens(client, login_as, world, db):
    hood = make_neighbourhood(name_fa="محله طرق")
    building = make_centre(neighbourhood=hood, name_fa="مرکز رویش طرق",
                           status="under_construction")
    db.session.commit()
    waiting = [_applicant(hood.id, seed=s) for s in (1, 2)]
    refused = _applicant(hood.id, seed=3)
    service.screen(refused, eligible=False, reason="سرپرست خانوار نیست", actor=None)
    assert all(a.centre_id == building.id for a in waiting)
    with pytest.raises(ProgrammeError):  # not open yet: she waits
        service.admit(waiting[0], building, actor=world.admin, today=date(2025, 12, 1))
    login_as(world.admin)
    page = client.get(f"/admin/centres/{building.id}/waiting").get_data(as_text=True)
    assert waiting[0].family_name in page and refused.family_name not in page
    page = client.get(f"/admin/applicants/{waiting[0].id}").get_data(as_text=True)
    assert "data-waiting" in page and "/admit" not in page
    for _ in range(2):
        change_status(building, "active", on=date(2025, 12, 1), actor=world.admin)
    sms = db.session.scalars(select(OutboxMessage)).all()
    assert sorted(m.recipient for m in sms) == sorted(a.phone for a in waiting)
    assert all("مرکز رویش طرق" in m.body for m in sms)


def test_applicants_of_a_neighbourhood_with_no_centre_wait_for_the_first(world, db):
    hood = make_neighbourhood()
    db.session.commit()
    applicant = _applicant(hood.id)
    assert applicant.centre_id is None
    centre = make_centre(neighbourhood=hood, status="planned")
    db.session.commit()
    change_status(centre, "active", on=date(2025, 12, 1), actor=world.admin)
    db.session.refresh(applicant)
    assert applicant.centre_id == centre.id and applicant.told_open_at is not None
    assert _count(OutboxMessage) == 1


def test_offices_are_the_admins(client, login_as, world, db):
    login_as(world.staff1)
    assert client.get("/admin/offices").status_code == 404
    assert client.post("/admin/offices/new", data={
        "kind": "social_council", "name": "شورا",
        "neighbourhood_id": world.centre1.neighbourhood_id,
    }).status_code == 404
    assert _count(PartnerOffice) == 0


def test_offices_are_records_named_by_applicants_and_referrals(client, login_as, world, db):
    login_as(world.admin)
    assert client.post("/admin/offices/new", data={
        "kind": "facilitation_office", "name": "دفتر تسهیلگری طلاب",
        "neighbourhood_id": world.centre1.neighbourhood_id, "contact": "۰۵۱۳۸۰۰۰۰۰۰",
    }).status_code == 302
    office = db.session.scalar(select(PartnerOffice))
    hood = world.centre1.neighbourhood_id
    # From an office, the office is named; a social council is not this office.
    assert client.post("/admin/applicants/new", data=_form(
        hood, source="facilitation_office")).status_code == 200
    assert client.post("/admin/applicants/new", data=_form(
        hood, source="social_council", office_id=office.id)).status_code == 200
    assert client.post("/admin/applicants/new", data=_form(
        hood, source="facilitation_office", office_id=office.id)).status_code == 302
    assert db.session.scalar(select(Applicant)).office_id == office.id
    response = client.post("/admin/referrals/new", data={
        "centre_id": world.centre1.id, "direction": "in", "partner": "facilitation_office",
        "trainee_id": 0, "applicant_name": "مریم", "office_id": office.id,
        "referred_on": "1404/09/01",
    })
    assert response.status_code == 302
    assert db.session.scalar(select(Referral)).office_id == office.id


def test_impact_counts_applicants_and_admissions_by_source(client, login_as, world, db):
    hood = world.centre1.neighbourhood_id
    admitted = _applicant(hood, seed=1, source="welfare_organisation")
    _applicant(hood, seed=2, source="welfare_organisation")
    _applicant(hood, seed=3)
    service.admit(admitted, world.centre1, actor=world.admin, today=date(2025, 12, 1))
    counts = {c.source: (c.applicants, c.admitted) for c in impact.by_source()}
    assert counts["welfare_organisation"] == (2, 1)
    assert counts["walk_in"] == (1, 0)
    assert counts["relief_committee"] == (0, 0)
    login_as(world.admin)
    page = client.get("/admin/impact").get_data(as_text=True)
    row = re.search(r'data-source="welfare_organisation".*?</tr>', page, re.S).group(0)
    assert 'data-count="applicants">۲<' in row and 'data-count="admitted">۱<' in row
