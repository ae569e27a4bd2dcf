"""Courses (driver of the centre, enroll own trainees, complete, employment, certificate)
and referrals with their loans."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.models import Certificate, Course, Enrollment, Loan, Referral
from tests.factories import (
    make_course,
    make_craft,
    make_driver,
    make_enrollment,
    make_referral,
    make_trainee,
)


def test_course_needs_a_driver_of_the_centre(client, login_as, world, db):
    craft = make_craft()
    mine, theirs = make_driver(centres=[world.centre1]), make_driver(centres=[world.centre2])
    db.session.commit()
    login_as(world.staff1)
    data = {"title_fa": "قالی‌بافی مقدماتی", "centre_id": world.centre1.id,
            "craft_id": craft.id, "starts_on": "1404/01/12"}
    page = client.get("/admin/courses/new").get_data(as_text=True)
    assert theirs.name_fa not in page  # only drivers working with my centres are offered
    response = client.post("/admin/courses/new", data={**data, "driver_id": theirs.id})
    assert response.status_code == 200 and db.session.scalar(select(Course)) is None
    response = client.post("/admin/courses/new", data={**data, "driver_id": mine.id})
    assert response.status_code == 302
    assert db.session.scalar(select(Course)).driver_id == mine.id


def test_enroll_complete_employ_certify(client, login_as, world, db):
    course = make_course(centre=world.centre1)
    trainee = make_trainee(centre=world.centre1)
    stranger = make_trainee(centre=world.centre2)
    db.session.commit()
    login_as(world.staff1)
    url = f"/admin/courses/{course.id}"
    assert stranger.full_name not in client.get(url).get_data(as_text=True)
    response = client.post(f"{url}/enroll", data={"trainee_id": stranger.id,
                                                  "enrolled_on": "1404/01/13"})
    assert response.status_code == 200  # not among the choices: refused
    response = client.post(f"{url}/enroll", data={"trainee_id": trainee.id,
                                                  "enrolled_on": "1404/01/13"})
    assert response.status_code == 302
    e = db.session.scalar(select(Enrollment))
    steps = f"/admin/enrollments/{e.id}"
    response = client.post(f"{steps}/employment", data={f"employment-{e.id}-employed": "y"})
    assert response.status_code == 200  # not completed yet
    client.post(f"{steps}/complete", data={f"complete-{e.id}-completed_on": "1404/04/10"})
    client.post(f"{steps}/employment", data={f"employment-{e.id}-employed": "y",
                                             f"employment-{e.id}-note": "کارگاه خانگی"})
    client.post(f"{steps}/certificate", data={f"certificate-{e.id}-number": "TVTO-99",
                                              f"certificate-{e.id}-issued_on": "1404/05/10"})
    db.session.expire_all()
    e = db.session.get(Enrollment, e.id)
    assert e.status == "completed" and e.employed_after and e.employment_note == "کارگاه خانگی"
    cert = db.session.scalar(select(Certificate))
    assert cert.number == "TVTO-99" and cert.craft_id == course.craft_id


def test_certificate_number_is_unique(client, login_as, world, db):
    course = make_course(centre=world.centre1)
    a = make_enrollment(course=course, trainee=make_trainee(centre=world.centre1))
    b = make_enrollment(course=course, trainee=make_trainee(centre=world.centre1))
    db.session.commit()
    login_as(world.staff1)
    for e in (a, b):
        client.post(f"/admin/enrollments/{e.id}/complete",
                    data={f"complete-{e.id}-completed_on": "1404/04/10"})
    client.post(f"/admin/enrollments/{a.id}/certificate",
                data={f"certificate-{a.id}-number": "N-1",
                      f"certificate-{a.id}-issued_on": "1404/05/10"})
    response = client.post(f"/admin/enrollments/{b.id}/certificate",
                           data={f"certificate-{b.id}-number": "N-1",
                                 f"certificate-{b.id}-issued_on": "1404/05/10"})
    assert response.status_code == 200 and f"certificate-{b.id}-number-error" in (
        response.get_data(as_text=True))
    assert len(db.session.scalars(select(Certificate)).all()) == 1


def test_referral_in_for_an_applicant_and_out_with_a_loan(client, login_as, world, db):
    trainee = make_trainee(centre=world.centre1)
    db.session.commit()
    login_as(world.staff1)
    response = client.post("/admin/referrals/new", data={
        "centre_id": world.centre1.id, "direction": "in", "partner": "facilitation_office",
        "trainee_id": 0, "applicant_name": "فاطمه کریمی", "referred_on": "1404/02/11"})
    assert response.status_code == 302
    response = client.post("/admin/referrals/new", data={
        "centre_id": world.centre1.id, "direction": "out", "partner": "social_council",
        "trainee_id": trainee.id, "referred_on": "1404/02/11"})
    assert response.status_code == 200  # a social council does not lend
    response = client.post("/admin/referrals/new", data={
        "centre_id": world.centre1.id, "direction": "out", "partner": "welfare_organisation",
        "trainee_id": trainee.id, "referred_on": "1404/02/11"})
    assert response.status_code == 302
    out = db.session.scalar(select(Referral).where(Referral.direction == "out"))
    client.post(f"/admin/referrals/{out.id}/status", data={"status": "accepted"})
    response = client.post(f"/admin/referrals/{out.id}/loans",
                           data={"amount": "۵۰٬۰۰۰٬۰۰۰", "status": "approved"})
    assert response.status_code == 302
    loan = db.session.scalar(select(Loan))
    assert loan.amount_rials == 500_000_000 and loan.partner == "welfare_organisation"
    client.post(f"/admin/loans/{loan.id}/status",
                data={f"l{loan.id}-status": "paid", f"l{loan.id}-decided_on": "1404/03/11"})
    db.session.expire_all()
    assert db.session.get(Loan, loan.id).status == "paid"
    assert db.session.get(Referral, out.id).status == "accepted"


def test_referral_of_another_centres_trainee_is_404(client, login_as, world, db):
    stranger = make_trainee(centre=world.centre2)
    make_referral(trainee=stranger)
    db.session.commit()
    login_as(world.staff1)
    response = client.post("/admin/referrals/new", data={
        "centre_id": world.centre1.id, "direction": "out", "partner": "relief_committee",
        "trainee_id": stranger.id, "referred_on": "1404/02/11"})
    assert response.status_code == 200  # not among her choices
    assert len(db.session.scalars(select(Referral)).all()) == 1
