"""The course page: a table of enrolments, one menu a row whose steps (completed, left,
employment, certificate) are small forms that each change only what they say; nothing on
the page is preselected; another centre's course or enrolment is 404."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.models import Certificate, Enrollment
from marketplace.text.persian import format_date
from tests.factories import make_course, make_enrollment, make_trainee


@pytest.fixture
def course(world, db):
    course = make_course(centre=world.centre1, title_fa="دوره قالی‌بافی")
    db.session.commit()
    return course


def _enrolled(course, db, **kw) -> Enrollment:
    e = make_enrollment(course=course, trainee=make_trainee(centre=course.centre),
                        enrolled_on=date(2025, 3, 1), **kw)
    db.session.commit()
    return e


def _state(db, e: Enrollment) -> tuple:
    db.session.expire_all()
    e = db.session.get(Enrollment, e.id)
    certificates = db.session.scalars(select(Certificate.number)
                                      .where(Certificate.trainee_id == e.trainee_id)).all()
    return e.status, e.completed_on, e.employed_after, e.employment_note, certificates


def _steps_of(page: str, e: Enrollment) -> list[str]:
    return re.findall(rf'/admin/enrollments/{e.id}/(\w+)"', page)


def test_a_row_a_trainee_with_one_menu_and_nothing_preselected(client, login_as, world, db,
                                                              course) -> None:
    enrolled = _enrolled(course, db)
    done = _enrolled(course, db, status="completed", completed_on=date(2025, 6, 1))
    make_trainee(centre=course.centre)  # one to enroll: the enroll form's list is there too
    db.session.commit()
    login_as(world.staff1)
    page = client.get(f"/admin/courses/{course.id}").get_data(as_text=True)
    assert page.count('<details class="action-menu"') == 2  # one menu a row
    assert enrolled.trainee.full_name in page
    assert format_date(date(2025, 6, 1), "fa") in page  # her day of completion, Jalali
    assert _steps_of(page, enrolled) == ["complete", "drop"]
    assert _steps_of(page, done) == ["employment", "certificate", "drop"]
    # Nothing the page shows first changes anyone's status: no chosen radio or option, no
    # ticked box, no form open.
    assert not re.search(r"<input[^>]*\bchecked\b", page)
    assert not re.search(r"<option[^>]*\bselected\b", page)
    assert 'type="radio"' not in page and "-status" not in page
    assert not re.search(r"<details[^>]*\bopen\b", page)
    assert 'name="trainee_id"' in page


def test_completed_changes_only_her_status_and_day(client, login_as, world, db, course):
    e = _enrolled(course, db)
    login_as(world.staff1)
    response = client.post(f"/admin/enrollments/{e.id}/complete",
                           data={f"complete-{e.id}-completed_on": "۱۴۰۴/۰۴/۱۰"})
    assert response.status_code == 302
    assert _state(db, e) == ("completed", date(2025, 7, 1), False, None, [])


def test_left_changes_only_her_status(client, login_as, world, db, course):
    e = _enrolled(course, db)
    login_as(world.staff1)
    assert client.post(f"/admin/enrollments/{e.id}/drop").status_code == 302
    assert _state(db, e) == ("dropped", None, False, None, [])
    # One who left may come back and finish: completing is offered again, leaving is not.
    page = client.get(f"/admin/courses/{course.id}").get_data(as_text=True)
    assert _steps_of(page, e) == ["complete"]


def test_employment_changes_only_employment(client, login_as, world, db, course):
    e = _enrolled(course, db, status="completed", completed_on=date(2025, 6, 1))
    login_as(world.staff1)
    response = client.post(f"/admin/enrollments/{e.id}/employment",
                           data={f"employment-{e.id}-employed": "y",
                                 f"employment-{e.id}-note": "کارگاه خانگی"})
    assert response.status_code == 302
    assert _state(db, e) == ("completed", date(2025, 6, 1), True, "کارگاه خانگی", [])


def test_certificate_adds_only_a_certificate(client, login_as, world, db, course):
    e = _enrolled(course, db, status="completed", completed_on=date(2025, 6, 1))
    login_as(world.staff1)
    response = client.post(f"/admin/enrollments/{e.id}/certificate",
                           data={f"certificate-{e.id}-number": "TVTO-77",
                                 f"certificate-{e.id}-issued_on": "1404/05/01"})
    assert response.status_code == 302
    assert _state(db, e) == ("completed", date(2025, 6, 1), False, None, ["TVTO-77"])
    page = client.get(f"/admin/courses/{course.id}").get_data(as_text=True)
    assert "TVTO-77" in page and "certificate" not in _steps_of(page, e)  # once a course


def test_a_step_not_open_to_her_is_refused_and_changes_nothing(client, login_as, world, db,
                                                               course):
    e = _enrolled(course, db)
    login_as(world.staff1)
    before = _state(db, e)
    for step, data in (("employment", {f"employment-{e.id}-employed": "y"}),
                       ("certificate", {f"certificate-{e.id}-number": "N-1",
                                        f"certificate-{e.id}-issued_on": "1404/05/01"})):
        response = client.post(f"/admin/enrollments/{e.id}/{step}", data=data)
        assert response.status_code == 200
        assert re.search("پس از (پایان|تکمیل) دوره", response.get_data(as_text=True))
    client.post(f"/admin/enrollments/{e.id}/drop")
    again = client.post(f"/admin/enrollments/{e.id}/drop")
    assert "پیش‌تر ثبت شده" in again.get_data(as_text=True)
    assert before[2:] == _state(db, e)[2:]


def test_a_wrong_day_reopens_that_form_with_a_persian_message(client, login_as, world, db,
                                                              course):
    e = _enrolled(course, db)
    login_as(world.staff1)
    response = client.post(f"/admin/enrollments/{e.id}/complete",
                           data={f"complete-{e.id}-completed_on": "2025/07/01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "میلادی" in page
    assert '<details class="action-menu" open>' in page
    assert '<details class="action-menu__step" open>' in page
    assert 'value="2025/07/01"' in page  # what she typed, kept to fix
    assert _state(db, e)[0] == "enrolled"
    early = client.post(f"/admin/enrollments/{e.id}/complete",
                        data={f"complete-{e.id}-completed_on": "1403/01/01"})
    assert "پیش از تاریخ ثبت‌نام" in early.get_data(as_text=True)
    assert _state(db, e)[0] == "enrolled"


def test_another_centres_course_and_enrolment_are_404(client, login_as, world, db, course):
    e = _enrolled(course, db)
    login_as(world.staff2)
    assert client.get(f"/admin/courses/{course.id}").status_code == 404
    assert client.get(f"/admin/trainees/{e.trainee_id}").status_code == 404
    for step in ("complete", "drop", "employment", "certificate"):
        assert client.post(f"/admin/enrollments/{e.id}/{step}").status_code == 404
    assert _state(db, e)[0] == "enrolled"
