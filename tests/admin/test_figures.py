"""Published figures: recorded by the admin (only), shown beside what the system counted,
never added to it; centres under construction as the programme's number."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.models import AuditLog, Centre, Neighbourhood, ProgrammeFigure
from marketplace.programme import ProgrammeError
from marketplace.programme import figures as service
from tests.factories import (
    make_centre,
    make_enrollment,
    make_programme_figure,
    make_trainee,
)

FORM = {"metric": "drivers", "value": "۳۵", "value_high": "۴۰", "centre_id": "0", "jyear": "",
        "source": "گزارش شهرآرانیوز"}


def _actions(db) -> list[str]:
    return [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]


def _data(**kw: object) -> service.FigureData:
    values = {"metric": "trained", "value": 1500, "value_high": None, "centre_id": None,
              "jyear": None, "source": "گزارش شهرآرانیوز"} | kw
    return service.FigureData(**values)


def test_admin_records_a_range_typed_in_persian_digits(client, login_as, world, db) -> None:
    login_as(world.admin)
    assert client.get("/admin/figures").status_code == 200
    assert client.get("/admin/figures/new").status_code == 200
    response = client.post("/admin/figures/new", data=FORM)
    assert response.status_code == 302
    figure = db.session.scalar(select(ProgrammeFigure))
    assert (figure.metric, figure.value, figure.value_high, figure.centre_id, figure.jyear) == (
        "drivers", 35, 40, None, None)
    assert figure.recorded_by_id == world.admin.id
    page = client.get("/admin/figures").get_data(as_text=True)
    assert "۳۵ تا ۴۰" in page and "کل برنامه" in page


def test_admin_corrects_and_removes_a_figure_audited(client, login_as, world, db) -> None:
    figure = make_programme_figure(value=1400)
    db.session.commit()
    login_as(world.admin)
    assert client.get(f"/admin/figures/{figure.id}").status_code == 200
    response = client.post(f"/admin/figures/{figure.id}", data={
        "metric": "trained", "value": "۱٬۵۰۰", "centre_id": str(world.centre1.id),
        "jyear": "۱۴۰۳", "source": "گزارش سالانه ۱۴۰۳"})
    assert response.status_code == 302
    db.session.expire_all()
    figure = db.session.get(ProgrammeFigure, figure.id)
    assert (figure.value, figure.centre_id, figure.jyear) == (1500, world.centre1.id, 1403)
    assert figure.source == "گزارش سالانه 1403"  # stored with ASCII digits, shown in Persian
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "رقم منتشرشده اصلاح شد" in audit and "۱۴۰۳" in audit and "۱٬۴۰۳" not in audit
    assert client.post(f"/admin/figures/{figure.id}/delete").status_code == 302
    assert db.session.scalar(select(ProgrammeFigure)) is None
    assert _actions(db) == ["figure.edit", "figure.delete"]


@pytest.mark.parametrize(("change", "field"), [
    ({"value_high": "۳۰"}, "value_high"),  # the upper end below the lower
    ({"value_high": "۳۵"}, "value_high"),  # a range of one number
    ({"jyear": "2024"}, "jyear"),  # a Gregorian year
    ({"jyear": "1500"}, "jyear"),  # a year to come
    ({"value": "-1"}, "value"),
    ({"value": "99999999999"}, "value"),  # beyond the column, refused before the database
    ({"value_high": "99999999999"}, "value_high"),
    ({"value": "دوازده"}, "value"),
    ({"source": "  "}, "source"),
    ({"metric": "happiness"}, "metric"),
])
def test_bad_input_is_a_persian_message_and_writes_nothing(client, login_as, world, db, change,
                                                           field) -> None:
    login_as(world.admin)
    response = client.post("/admin/figures/new", data=FORM | change)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    error = re.search(rf'id="{field}-error"[^>]*>([^<]+)<', html).group(1)
    assert not re.search(r"[A-Za-z0-9]", error), error  # Persian, with Persian digits
    assert not re.search(r"۱٬[۰-۹]{3}\.", error), error  # a year is not grouped like a count
    assert db.session.scalar(select(ProgrammeFigure)) is None


def test_one_figure_per_metric_centre_and_year(app, world, db) -> None:
    service.record_figure(_data(), actor=world.admin)
    with pytest.raises(ProgrammeError) as refused:
        service.record_figure(_data(value=1600), actor=world.admin)
    assert refused.value.field == "metric"
    # The same metric for one centre, or for one year, is another figure.
    service.record_figure(_data(centre_id=world.centre1.id, value=200), actor=world.admin)
    service.record_figure(_data(jyear=1403, value=300), actor=world.admin)
    assert len(service.all_figures()) == 3
    assert service.programme_totals()["trained"].value == 1500  # only the programme's total


@pytest.mark.parametrize("url", ["/admin/figures", "/admin/figures/new", "/admin/figures/{id}"])
def test_staff_do_not_know_the_figures_exist(client, login_as, world, db, url) -> None:
    """The municipality's claims about the whole programme: admins only, 404 for staff."""
    figure = make_programme_figure()
    db.session.commit()
    login_as(world.staff1)
    assert client.get(url.format(id=figure.id)).status_code == 404
    if url != "/admin/figures":  # the list has no POST at all
        assert client.post(url.format(id=figure.id), data=FORM).status_code == 404
    assert client.post(f"/admin/figures/{figure.id}/delete").status_code == 404
    assert db.session.scalar(select(ProgrammeFigure.value)) == 1500
    assert "/admin/figures" not in client.get("/admin/").get_data(as_text=True)


def test_home_and_report_show_published_and_recorded_apart(client, login_as, world, db) -> None:
    make_programme_figure(metric="trained", value=1500)
    make_programme_figure(metric="drivers", value=35, value_high=40)
    trainee = make_trainee(centre=world.centre1)
    make_enrollment(trainee=trainee, enrolled_on=date(2025, 3, 21))  # 1 Farvardin 1404
    db.session.commit()
    login_as(world.admin)
    for url in ("/", "/admin/impact"):
        html = client.get(url).get_data(as_text=True)
        trained = html.split('data-metric="trained"')[1].split("</div>")[0]
        assert re.search(r"data-published>۱٬۵۰۰<", trained)
        assert "آموزش‌دیده (گزارش منتشرشده)" in trained
        assert "۱ ثبت‌شده در این سامانه از ۱ فروردین ۱۴۰۴" in trained
        assert "۱٬۵۰۱" not in html  # never one sum
        drivers = html.split('data-metric="drivers"')[1].split("</div>")[0]
        assert "۳۵ تا ۴۰" in drivers and "امروز ۱ در این سامانه" in drivers  # its course's
        loans = html.split('data-metric="relief_loans"')[1].split("</div>")[0]
        assert "data-published" not in loans  # nothing published: only the system's count
        assert "هنوز چیزی در این سامانه ثبت نشده است" in loans


def test_centres_under_construction_are_a_number_and_the_known_places(client, world, db) -> None:
    make_programme_figure(metric="centres_under_construction", value=9)
    db.session.commit()
    for url in ("/", "/centres"):
        html = client.get(url).get_data(as_text=True)
        assert "۹ مرکز در دست ساخت" in html
        assert "data-building-centre" not in html  # the report names none; none is invented
        assert "جای آن‌ها هنوز اعلام نشده است" in html
    hood = make_centre(slug="golshahr", name_fa="مرکز رویش گلشهر",
                       status="under_construction", planned_opening_on=date(2027, 3, 21))
    db.session.commit()
    for url in ("/", "/centres"):
        html = client.get(url).get_data(as_text=True)
        assert "۹ مرکز در دست ساخت" in html
        assert "مرکز رویش گلشهر" in html and "گشایش پیش‌بینی‌شده ۱ فروردین ۱۴۰۶" in html
        assert "جای ۸ مرکز دیگر هنوز اعلام نشده است" in html
        assert not re.search(r"[0-9]", " ".join(re.findall(
            r"data-building-[^>]*>([^<]*)<", html)))
    assert hood.slug in client.get("/centres").get_data(as_text=True)


def test_admin_adds_a_centre_under_construction_in_a_new_neighbourhood(client, login_as, world,
                                                                       db) -> None:
    login_as(world.admin)
    page = client.get("/admin/centres/new").get_data(as_text=True)
    assert "محله تازه" in page and 'name="planned_opening_on"' in page
    response = client.post("/admin/centres/new", data={
        "slug": "golshahr", "name_fa": "مرکز رویش گلشهر", "name_en": "Rooyesh Golshahr",
        "status": "under_construction", "neighbourhood_id": "0",
        "new_neighbourhood_fa": "گلشهر", "new_neighbourhood_en": "Golshahr",
        "planned_opening_on": "۱۴۰۶/۰۱/۰۱"})
    assert response.status_code == 302
    centre = db.session.scalar(select(Centre).where(Centre.slug == "golshahr"))
    assert centre.status == "under_construction"
    assert centre.planned_opening_on == date(2027, 3, 21)
    assert (centre.neighbourhood.name_fa, centre.neighbourhood.slug) == ("گلشهر", "golshahr")
    response = client.post(f"/admin/centres/{centre.id}", data={
        "slug": "golshahr", "name_fa": "مرکز رویش گلشهر", "name_en": "Rooyesh Golshahr",
        "neighbourhood_id": centre.neighbourhood_id, "planned_opening_on": "1406/6/1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Centre, centre.id).planned_opening_on == date(2027, 8, 23)


@pytest.mark.parametrize(("change", "field"), [
    ({"new_neighbourhood_fa": ""}, "new_neighbourhood_fa"),
    ({"new_neighbourhood_en": ""}, "new_neighbourhood_en"),
    ({"neighbourhood_id": "listed"}, "new_neighbourhood_fa"),  # and a new one named too
    ({"new_neighbourhood_fa": "محله طلاب"}, "new_neighbourhood_fa"),  # already in the list
    ({"planned_opening_on": "2027/03/21"}, "planned_opening_on"),  # Gregorian on a fa page
    ({"status": "active"}, "status"),  # a centre opens by a status change, with its day
])
def test_centre_form_refusals_write_nothing(client, login_as, world, db, change, field) -> None:
    login_as(world.admin)
    data = {"slug": "golshahr", "name_fa": "مرکز رویش گلشهر", "name_en": "Rooyesh Golshahr",
            "status": "under_construction", "neighbourhood_id": "0",
            "new_neighbourhood_fa": "گلشهر", "new_neighbourhood_en": "Golshahr"} | change
    if data["neighbourhood_id"] == "listed":
        data["neighbourhood_id"] = str(world.centre1.neighbourhood_id)
    hoods = db.session.scalars(select(Neighbourhood.id)).all()
    response = client.post("/admin/centres/new", data=data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Centre).where(Centre.slug == "golshahr")) is None
    assert db.session.scalars(select(Neighbourhood.id)).all() == hoods


def test_staff_cannot_add_centres(client, login_as, world) -> None:
    login_as(world.staff1)
    assert client.get("/admin/centres/new").status_code == 404
