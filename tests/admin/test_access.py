"""Each back-office route × role: anonymous to sign-in, buyers and drivers 404, staff of
another centre 404 on this centre's records, staff 404 on admin pages, admins 200."""

from __future__ import annotations

import pytest

from marketplace.models import Course, Role
from tests.factories import (
    make_course,
    make_enrollment,
    make_loan,
    make_photo,
    make_product,
    make_purchase,
    make_referral,
    make_trainee,
    make_user,
)

# {name} is filled from the centre-1 records made below.
CENTRE_PAGES = [
    "/admin/trainees/{trainee}",
    "/admin/courses/{course}",
    "/admin/referrals/{referral}",
    "/admin/items/{product}/photos",
    "/admin/items/{product}/label",
    "/admin/items/{product}/label.png",
    "/admin/items/{product}/label.svg",
]
CENTRE_POSTS = [
    "/admin/courses/{course}/enroll",
    "/admin/enrollments/{enrollment}/complete",
    "/admin/enrollments/{enrollment}/drop",
    "/admin/enrollments/{enrollment}/employment",
    "/admin/enrollments/{enrollment}/certificate",
    "/admin/referrals/{referral}/status",
    "/admin/referrals/{referral}/loans",
    "/admin/loans/{loan}/status",
    "/admin/purchases/{purchase}/check-in",
    "/admin/photos/{photo}/alt",
    "/admin/photos/{photo}/move",
    "/admin/photos/{photo}/cover",
    "/admin/photos/{photo}/delete",
]
LISTS = [
    "/admin/", "/admin/trainees", "/admin/trainees/new", "/admin/courses", "/admin/courses/new",
    "/admin/referrals", "/admin/referrals/new", "/admin/items", "/admin/payments",
]
ADMIN_PAGES = [
    "/admin/centres", "/admin/centres/new", "/admin/centres/{centre}", "/admin/people",
    "/admin/drivers/new", "/admin/users/new", "/admin/impact", "/admin/impact.csv",
    "/admin/audit",
]
ADMIN_POSTS = [
    "/admin/centres/{centre}/status", "/admin/drivers/{driver}/centres",
    "/admin/users/{staff1}/active", "/admin/users/{staff1}/password",
]


@pytest.fixture
def ids(world, db):
    trainee = make_trainee(centre=world.centre1)
    course = make_course(centre=world.centre1)
    enrollment = make_enrollment(course=course, trainee=trainee)
    referral = make_referral(trainee=trainee)
    loan = make_loan(referral=referral)
    product = make_product(driver=course.driver, centre=world.centre1)
    purchase = make_purchase(product=product)
    photo = make_photo(product=product)
    db.session.commit()
    return {
        "trainee": trainee.id, "course": course.id, "enrollment": enrollment.id,
        "referral": referral.id, "loan": loan.id, "product": product.id,
        "purchase": purchase.id, "photo": photo.id, "centre": world.centre1.id,
        "driver": course.driver_id, "staff1": world.staff1.id,
    }


def _urls(templates, ids):
    return [t.format(**ids) for t in templates]


def test_anonymous_is_sent_to_sign_in(client, ids):
    for url in _urls(LISTS + CENTRE_PAGES + ADMIN_PAGES, ids):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"], url
    for url in _urls(CENTRE_POSTS + ADMIN_POSTS, ids):
        assert client.post(url).status_code == 302, url


def _expect(client, ids, status, gets=(), posts=()):
    """Every GET in `gets` and POST in `posts` answers `status`."""
    for url in _urls(gets, ids):
        assert client.get(url).status_code == status, url
    for url in _urls(posts, ids):
        assert client.post(url).status_code == status, url


@pytest.mark.parametrize("role", [Role.BUYER, Role.DRIVER])
def test_buyers_and_drivers_get_404(client, login_as, ids, db, role):
    login_as(make_user(role))
    _expect(client, ids, 404, LISTS + CENTRE_PAGES + ADMIN_PAGES, CENTRE_POSTS + ADMIN_POSTS)


def test_staff_of_another_centre_gets_404(client, login_as, world, ids):
    login_as(world.staff2)
    _expect(client, ids, 404, CENTRE_PAGES, CENTRE_POSTS)
    _expect(client, ids, 200, LISTS)


def test_staff_get_404_on_admin_pages(client, login_as, world, ids):
    login_as(world.staff1)
    _expect(client, ids, 404, ADMIN_PAGES, ADMIN_POSTS)


def test_own_staff_and_admins_see_centre_pages(client, login_as, world, ids):
    login_as(world.staff1)
    _expect(client, ids, 200, LISTS + CENTRE_PAGES)


def test_admin_sees_everything(client, login_as, world, ids):
    login_as(world.admin)
    _expect(client, ids, 200, LISTS + CENTRE_PAGES + ADMIN_PAGES)


def test_lists_show_only_my_centre(client, login_as, world, ids, db):
    other = make_trainee(centre=world.centre2, given_name="نرگس")
    db.session.commit()
    login_as(world.staff1)
    page = client.get("/admin/trainees").get_data(as_text=True)
    assert f"/admin/trainees/{ids['trainee']}\"" in page
    assert f"/admin/trainees/{other.id}\"" not in page
    client.post("/logout")
    login_as(world.staff2)
    for url in ("/admin/courses", "/admin/referrals", "/admin/items"):
        page = client.get(url).get_data(as_text=True)
        for key in ("course", "referral", "purchase"):
            assert f"/{key}s/{ids[key]}" not in page, url


def test_admin_pages_render_in_english(client, login_as, world, ids):
    login_as(world.admin)
    client.post("/language", data={"lang": "en", "next": "/admin/"})
    _expect(client, ids, 200, LISTS + CENTRE_PAGES + ADMIN_PAGES)
    assert 'dir="ltr"' in client.get("/admin/impact").get_data(as_text=True)


def _statements(app, client, url) -> int:
    from sqlalchemy import event

    from marketplace.extensions import db

    with app.app_context():
        engine = db.engine
    count = [0]

    def tick(*_args):
        count[0] += 1

    event.listen(engine, "before_cursor_execute", tick)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", tick)
    return count[0]


def test_list_pages_use_a_bounded_number_of_queries(app, client, login_as, world, ids, db):
    login_as(world.staff1)
    urls = ["/admin/trainees", "/admin/courses", "/admin/referrals", "/admin/items",
            f"/admin/courses/{ids['course']}", f"/admin/trainees/{ids['trainee']}"]
    before = {url: _statements(app, client, url) for url in urls}
    course = db.session.get(Course, ids["course"])
    for _ in range(12):
        trainee = make_trainee(centre=world.centre1)
        make_enrollment(course=course, trainee=trainee)
        make_referral(trainee=trainee)
        make_course(centre=world.centre1)
        make_purchase(product=make_product(driver=course.driver, centre=world.centre1))
    db.session.commit()
    after = {url: _statements(app, client, url) for url in urls}
    assert after == before
