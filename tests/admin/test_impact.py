"""The impact report against a small, hand-computed programme."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest

from marketplace.extensions import db as _db
from marketplace.models import LedgerEntry
from marketplace.programme import impact
from tests.factories import (
    make_certificate,
    make_course,
    make_craft,
    make_driver,
    make_enrollment,
    make_loan,
    make_order,
    make_order_line,
    make_payout,
    make_product,
    make_referral,
    make_trainee,
    make_user,
)


def _payout(driver, trainee, rials, on, reverse_on=None):
    payout = make_payout(driver=driver, trainee=trainee, amount_rials=rials, paid_on=on)
    entry = LedgerEntry(driver_id=driver.id, trainee=trainee, kind="payout",
                        amount_rials=-rials, payout=payout, occurred_on=on)
    _db.session.add(entry)
    _db.session.flush()
    if reverse_on:
        _db.session.add(LedgerEntry(driver_id=driver.id, trainee=trainee, kind="reversal",
                                    amount_rials=rials, reverses=entry, occurred_on=reverse_on))


@pytest.fixture
def programme(world, db):
    """Centre 1 teaches craft A, centre 2 craft B (dates in Jalali 1403 and 1404)."""
    c1, c2 = world.centre1, world.centre2
    craft_a, craft_b = make_craft(name_fa="قالی"), make_craft(name_fa="گلیم")
    d1, d2 = make_driver(centres=[c1]), make_driver(centres=[c2])
    t1, t2 = make_trainee(centre=c1), make_trainee(centre=c1)
    t3 = make_trainee(centre=c2)
    make_trainee(centre=c1)  # registered, never enrolled: not "trained"
    course_a = make_course(centre=c1, craft=craft_a, driver=d1)
    course_b = make_course(centre=c2, craft=craft_b, driver=d2)
    make_enrollment(course=course_a, trainee=t1, enrolled_on=date(2025, 4, 1),
                    status="completed", completed_on=date(2025, 5, 1), employed_after=True)
    make_enrollment(course=course_a, trainee=t2, enrolled_on=date(2025, 1, 2))  # 1403
    make_enrollment(course=course_b, trainee=t3, enrolled_on=date(2025, 4, 10),
                    status="completed", completed_on=date(2025, 6, 1))
    make_certificate(trainee=t1, craft=craft_a, course=course_a, issued_on=date(2025, 6, 1))
    out = make_referral(trainee=t1, partner="relief_committee", direction="out")
    make_loan(referral=out, amount_rials=300_000_000, status="paid", decided_on=date(2025, 7, 5))
    make_loan(referral=out, amount_rials=100_000_000, status="requested")
    make_referral(trainee=t3, partner="social_council", direction="in")
    _payout(d1, t1, 2_000_000, date(2025, 5, 10))
    _payout(d2, t3, 1_000_000, date(2025, 6, 10))
    _payout(d1, t1, 500_000, date(2025, 6, 15), reverse_on=date(2025, 6, 16))
    order = make_order(created_at=datetime(2025, 8, 1, 8, 0))
    p1 = make_product(driver=d1, centre=c1, craft=craft_a, price_rials=10_000_000)
    p2 = make_product(driver=d2, centre=c2, craft=craft_b, price_rials=7_000_000)
    make_order_line(order=order, product=p1)
    make_order_line(order=order, product=p2)
    make_order_line(order=make_order(created_at=datetime(2025, 8, 2)), product=p1,
                    status="cancelled")
    db.session.commit()
    return {"c1": c1.id, "c2": c2.id, "a": craft_a.id, "b": craft_b.id}


def test_headline(programme):
    h = impact.headline()
    assert (h.trained, h.completed, h.employed, h.certificates, h.loans) == (3, 2, 1, 1, 1)
    assert h.wages_paid_rials == 3_000_000
    assert h.sales_rials == 17_000_000


def test_per_centre(programme):
    table = impact.by_centre()
    assert table[programme["c1"]] == impact.Figures(
        trained=2, completed=1, employed=1, certificates=1, referrals=1, loans=1,
        loans_rials=300_000_000, wages_paid_rials=2_000_000, sales_rials=10_000_000)
    assert table[programme["c2"]] == impact.Figures(
        trained=1, completed=1, referrals=1, wages_paid_rials=1_000_000, sales_rials=7_000_000)


def test_per_craft(programme):
    table = impact.by_craft()
    assert table[programme["a"]] == impact.Figures(
        trained=2, completed=1, employed=1, certificates=1, sales_rials=10_000_000)
    assert table[programme["b"]] == impact.Figures(trained=1, completed=1, sales_rials=7_000_000)


def test_per_jalali_year(programme):
    table = impact.by_year()
    assert table[1403] == impact.Figures(trained=1)
    assert table[1404] == impact.Figures(
        trained=2, completed=2, employed=1, certificates=1, referrals=2, loans=1,
        loans_rials=300_000_000, wages_paid_rials=3_000_000, sales_rials=17_000_000)


def _figure(page: str, label: str) -> str:
    match = re.search(r'impact-value"[^>]*>([^<]+)</span><span class="impact-label">'
                      + re.escape(label), page)
    assert match, label
    return match.group(1)


def test_report_page_shows_the_home_page_figures(client, login_as, world, programme):
    home = client.get("/").get_data(as_text=True)
    login_as(world.admin)
    report = client.get("/admin/impact")
    assert report.status_code == 200
    page = report.get_data(as_text=True)
    labels = re.findall(r'<span class="impact-label">([^<]+)</span>', home)
    assert labels, "the home page shows its figures"
    for label in labels:
        if label in page:
            assert _figure(page, label) == _figure(home, label), label
    assert "<svg" in page and "گلیم" in page


def test_csv_export(client, login_as, world, programme):
    login_as(world.admin)
    response = client.get("/admin/impact.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_key = {(r["breakdown"], r["key"]): r for r in rows}
    assert by_key[("centre", world.centre1.name_fa)]["wages_paid_rials"] == "2000000"
    assert by_key[("craft", "گلیم")]["sales_rials"] == "7000000"
    assert by_key[("year", "1404")]["loans_rials"] == "300000000"


def test_breakdowns_add_up_to_the_headline_money(programme):
    h = impact.headline()
    for table in (impact.by_centre(), impact.by_year()):
        assert sum(f.wages_paid_rials or 0 for f in table.values()) == h.wages_paid_rials
        assert sum(f.sales_rials or 0 for f in table.values()) == h.sales_rials
    assert sum(f.sales_rials or 0 for f in impact.by_craft().values()) == h.sales_rials


def test_money_nothing_recorded_is_a_dash_and_counts_are_zero(app, db, client, login_as):
    """Sums of money with no entry are None, shown «—»; a count of none is a real ۰."""
    h = impact.headline()
    assert (h.wages_paid_rials, h.sales_rials, h.loans) == (None, None, 0)
    make_enrollment()
    db.session.commit()
    (craft,) = impact.by_craft().values()
    assert (craft.trained, craft.wages_paid_rials, craft.loans_rials) == (1, None, None)
    login_as(make_user(role="admin"))
    page = client.get("/admin/impact").get_data(as_text=True)
    assert 'data-figure="wages">—<' in page and 'data-figure="loans">۰<' in page
    assert "۰ تومان" not in page


def test_cached_headline_is_reused_then_refreshed(app, db, monkeypatch) -> None:
    from marketplace.programme import impact

    clock = [1000.0]
    monkeypatch.setattr(impact.time, "monotonic", lambda: clock[0])
    impact._recent.clear()
    first = impact.cached_headline(60)
    make_enrollment()
    db.session.commit()
    assert impact.cached_headline(60) == first  # within a minute: the same figures
    clock[0] += 61
    assert impact.cached_headline(60).trained == first.trained + 1
    assert impact.cached_headline(0) == impact.headline()


def test_csv_cells_never_start_a_formula(client, login_as, world, programme, db):
    """Finding 8: a centre's name is typed by a person; in the CSV it must stay text."""
    world.centre1.name_fa = "=HYPERLINK(\"http://evil\")"
    db.session.commit()
    login_as(world.admin)
    rows = list(csv.reader(io.StringIO(client.get("/admin/impact.csv").get_data(as_text=True))))
    keys = [row[1] for row in rows]
    assert "'=HYPERLINK(\"http://evil\")" in keys
    assert not any(key.startswith(("=", "+", "-", "@", "\t", "\r")) for key in keys)
