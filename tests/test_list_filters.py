"""Every back-office and workspace list: a From/To range of Jalali days keeps what falls
in it, a date typed wrong is said in Persian (and filters nothing), and the pager numbers
its pages with links that keep the filters.

Each list gets two rows, one in Mordad 1404 and one in Mehr 1404; the range asked for is
Shahrivar to Mehr, so only the second is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import select

from marketplace.models import AuditLog, Order, Refund, Role, User
from marketplace.models.base import within_days
from marketplace.text.persian import to_persian_digits
from tests import factories as f

EARLY, LATE = date(2025, 8, 1), date(2025, 9, 23)  # 1404/05/10 and 1404/07/01
SINCE, UNTIL = "۱۴۰۴/۰۶/۰۱", "1404-7-30"  # typed in Persian digits, and in ASCII


@dataclass
class World:
    staff: User
    admin: User
    driver: User
    centre: object


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9)  # 12:30 in Tehran


def _course(w: World, day: date, mark: str) -> None:
    f.make_course(centre=w.centre, driver=w.driver.driver, starts_on=day, title_fa=mark)


def _referral(w: World, day: date, mark: str) -> None:
    f.make_referral(trainee=f.make_trainee(centre=w.centre, given_name=mark), referred_on=day)


def _item(w: World, day: date, mark: str) -> None:
    f.make_purchase(product=f.make_product(driver=w.driver.driver, title_fa=mark),
                    purchased_on=day)


def _line(w: World, day: date, mark: str, **order: object):
    product = f.make_product(driver=w.driver.driver, title_fa=mark)
    return f.make_order_line(product=product, order=f.make_order(
        pickup_centre=w.centre, created_at=_noon(day), contact_name=mark, **order))


def _transfer(w: World, day: date, mark: str) -> None:
    line = _line(w, day, mark, payment_provider="bank_transfer", status="pending_payment")
    f.make_payment(order=line.order, provider="bank_transfer", state="pending",
                   provider_ref=mark, created_at=_noon(day))  # the list shows the reference


def _refund(w: World, day: date, mark: str) -> None:
    line = _line(w, day, mark, status="cancelled")
    f._save(Refund(order=line.order, line=line, reason="cancelled", amount_rials=10_000_000,
                   created_at=_noon(day)))


def _account(w: World, day: date, mark: str) -> None:
    f.make_user(Role.STAFF, centres=[w.centre], full_name=mark, created_at=_noon(day))


def _trainee(w: World, day: date, mark: str) -> None:
    f.make_trainee(centre=w.centre, given_name=mark, joined_on=day)


def _audit(w: World, day: date, mark: str) -> None:
    f._save(AuditLog(actor_id=w.admin.id, action="centre.edit", entity_type="centres",
                     entity_id=w.centre.id, centre_id=w.centre.id,
                     changes={"name_fa": ["x", mark]}, created_at=_noon(day)))


def _purchase(w: World, day: date, mark: str) -> None:
    f.make_purchase(product=f.make_product(driver=w.driver.driver, title_fa=mark),
                    purchased_on=day)


@dataclass(frozen=True)
class Listed:
    url: str
    who: str  # staff, admin or driver
    make: Callable[[World, date, str], None]
    per_page: str  # the module whose PER_PAGE pages the list


LISTS = {
    "courses": Listed("/admin/courses", "staff", _course, "marketplace.admin.courses"),
    "referrals": Listed("/admin/referrals", "staff", _referral, "marketplace.admin.referrals"),
    "items": Listed("/admin/items", "staff", _item, "marketplace.admin.items"),
    "bank transfers": Listed("/admin/payments", "staff", _transfer, "marketplace.admin.payments"),
    "order desk": Listed("/admin/orders", "staff", lambda w, d, m: _line(w, d, m),
                         "marketplace.admin.orders"),
    "refunds": Listed("/admin/refunds?status=all", "admin", _refund, "marketplace.admin.orders"),
    "accounts": Listed("/admin/people", "admin", _account, "marketplace.admin.people"),
    "trainees": Listed("/admin/trainees", "staff", _trainee, "marketplace.admin.trainees"),
    "audit log": Listed("/admin/audit", "admin", _audit, "marketplace.admin.auditlog"),
    "driver's purchases": Listed("/producers/purchases", "driver", _purchase,
                                 "marketplace.producers.purchases"),
    "driver's orders": Listed("/producers/orders?show=all", "driver",
                              lambda w, d, m: _line(w, d, m), "marketplace.producers.orders"),
    "driver's refunds": Listed("/producers/refunds?status=all", "driver", _refund,
                               "marketplace.producers.refunds"),
}


@pytest.fixture
def world(db) -> World:
    centre = f.make_centre()
    driver = f.make_user(Role.DRIVER, driver=f.make_driver(centres=[centre]))
    world = World(f.make_user(Role.STAFF, centres=[centre]), f.make_user(Role.ADMIN), driver,
                  centre)
    db.session.commit()
    return world


def _get(client, listed: Listed, **args: str) -> str:
    joiner = "&" if "?" in listed.url else "?"
    query = "&".join(f"{k}={v}" for k, v in args.items())
    response = client.get(listed.url + (joiner + query if query else ""))
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("name", LISTS)
def test_a_jalali_range_keeps_only_its_days(client, login_as, world, db, name) -> None:
    listed = LISTS[name]
    listed.make(world, EARLY, "ردیف مرداد")
    listed.make(world, LATE, "ردیف مهر")
    db.session.commit()
    login_as(getattr(world, listed.who))
    everything = _get(client, listed)
    assert "ردیف مرداد" in everything and "ردیف مهر" in everything
    ranged = _get(client, listed, since=SINCE, until=UNTIL)
    assert "ردیف مهر" in ranged and "ردیف مرداد" not in ranged
    assert 'value="۱۴۰۴/۰۶/۰۱"' in ranged  # the range is shown back, in Persian digits
    only_since = _get(client, listed, since="1404/07/02")
    assert "ردیف مهر" not in only_since and "ردیف مرداد" not in only_since


@pytest.mark.parametrize("name", LISTS)
def test_a_date_typed_wrong_is_said_in_persian(client, login_as, world, db, name) -> None:
    listed = LISTS[name]
    listed.make(world, EARLY, "ردیف مرداد")
    db.session.commit()
    login_as(getattr(world, listed.who))
    page = _get(client, listed, since="2025-08-01", until="1404/13/40")
    assert "ردیف مرداد" in page  # a refused date filters nothing
    assert "سال میلادی" in page or "میلادی" in page  # a Gregorian year on the Persian page
    assert "چنین روزی" in page or "ماه و روز" in page  # no 13th month
    backwards = _get(client, listed, since="1404/07/01", until="1404/06/01")
    assert "پایان بازه پیش از آغاز آن است" in backwards


@pytest.mark.parametrize("name", LISTS)
def test_the_pager_numbers_pages_and_keeps_the_filters(client, login_as, world, db, name,
                                                       monkeypatch) -> None:
    listed = LISTS[name]
    monkeypatch.setattr(f"{listed.per_page}.PER_PAGE", 1)
    for n in range(4):
        listed.make(world, LATE, f"ردیف {to_persian_digits(str(n))}")
    db.session.commit()
    login_as(getattr(world, listed.who))
    page = _get(client, listed, since="1404/07/01", page="2")
    assert re.search(r'aria-current="page"><span class="page-link">۲</span>', page)
    links = re.findall(r'<a class="page-link"[^>]*href="([^"]+)">([^<]+)</a>', page)
    numbered = {text: href for href, text in links}
    assert {"۱", "۳", "۴"} <= set(numbered)
    for href in numbered.values():
        assert "since=1404/07/01" in href.replace("%2F", "/")
    extra = listed.url.partition("?")[2]
    if extra:  # the list's own tab (status=all, show=all) is kept too
        assert all(extra in href for href in numbered.values())


def test_a_range_of_days_is_a_range_of_tehran_days(db) -> None:
    """A moment column counts a day from Tehran's midnight (20:30 UTC the day before): an
    order at 00:30 in Tehran on 1404/07/01 is on that day, one at 23:30 the day before is
    not."""
    centre = f.make_centre()
    just_after = f.make_order(pickup_centre=centre, created_at=datetime(2025, 9, 22, 21, 0))
    just_before = f.make_order(pickup_centre=centre, created_at=datetime(2025, 9, 22, 20, 0))
    db.session.commit()
    ids = set(db.session.scalars(select(Order.id).where(
        *within_days(Order.created_at, LATE, LATE))))
    assert just_after.id in ids and just_before.id not in ids
