"""The audit page: Persian names and values, links to each record, filters, pages;
admins only."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import update

from marketplace.models import AuditLog, Role
from marketplace.people import audit
from marketplace.programme import referrals
from marketplace.text.persian import to_persian_digits
from tests.factories import make_loan, make_referral, make_trainee, make_user


def _loan_decided(world, db):
    referral = make_referral(centre=world.centre1, direction="out", partner="relief_committee",
                             trainee=make_trainee(centre=world.centre1))
    loan = make_loan(referral=referral, amount_rials=300_000_000)
    db.session.commit()
    referrals.set_loan_status(loan, "approved", decided_on=date(2026, 3, 21), actor=world.admin)
    return loan


def test_changes_are_shown_in_persian_with_a_link(client, login_as, world, db) -> None:
    loan = _loan_decided(world, db)
    maker = make_trainee(centre=world.centre1, given_name="گلنار", family_name="رحیمی")
    audit.record(world.admin, "enrollment.employment", world.centre1,
                 {"employed_after": [False, True], "amount_rials": 10_000,
                  "trainee_id": maker.id})
    db.session.commit()
    login_as(world.admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "وضعیت وام تغییر کرد" in page  # the action's name
    assert "درخواست‌شده" in page and "تأییدشده" in page  # loan statuses by their labels
    assert "۱ فروردین ۱۴۰۵" in page  # decided_on as a Jalali date
    assert "بله" in page and "خیر" in page  # a flag as yes / no
    assert "۱٬۰۰۰ تومان" in page  # Rials shown as Toman
    assert "گلنار رحیمی" in page  # an id shown by name
    assert f'href="/admin/referrals/{loan.referral_id}"' in page  # the loan's page
    assert "loan.status" not in page and "decided_on" not in page


def test_filters_by_actor_centre_kind_and_dates(client, login_as, world, db) -> None:
    _loan_decided(world, db)
    audit.record(world.staff2, "trainee.edit", make_trainee(centre=world.centre2),
                 {"given_name": ["زهرا", "زهره"]})
    old = audit.record(world.admin, "centre.edit", world.centre1, {"name_fa": ["الف", "ب"]})
    db.session.flush()
    db.session.execute(update(AuditLog).where(AuditLog.id == old.id)
                       .values(created_at=datetime(2025, 1, 10, 12)))
    db.session.commit()
    login_as(world.admin)

    def shown(**args) -> set[str]:
        page = client.get("/admin/audit", query_string=args).get_data(as_text=True)
        return {name for name in ("وضعیت وام", "ویرایش مهارت‌آموز", "ویرایش مرکز")
                if name in page}

    assert shown() == {"وضعیت وام", "ویرایش مهارت‌آموز", "ویرایش مرکز"}
    assert shown(actor_id=world.staff2.id) == {"ویرایش مهارت‌آموز"}
    assert shown(centre_id=world.centre1.id) == {"وضعیت وام", "ویرایش مرکز"}
    assert shown(kind="loan") == {"وضعیت وام"}
    assert shown(since="1403/10/12", until="1403/11/12") == {"ویرایش مرکز"}
    assert shown(since="1403/11/13") == {"وضعیت وام", "ویرایش مهارت‌آموز"}
    assert shown(kind="nonsense", centre_id=999) == shown()  # not a choice: no filter


def test_paged_fifty_at_a_time(client, login_as, world, db) -> None:
    for n in range(51):
        audit.record(world.admin, "centre.edit", world.centre1, {"name_fa": [str(n), "x"]})
    db.session.commit()
    login_as(world.admin)
    first = client.get("/admin/audit").get_data(as_text=True)
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert first.count("ویرایش مرکز</strong>") == 50 and second.count("ویرایش مرکز</strong>") == 1
    assert f'aria-current="page"><span class="page-link">{to_persian_digits("1")}<' in first
    assert 'href="/admin/audit?page=2">' + to_persian_digits("2") in first


@pytest.mark.parametrize("role", [Role.STAFF, Role.DRIVER, Role.BUYER])
def test_only_admins_see_it(client, login_as, world, db, role) -> None:
    user = world.staff1 if role == Role.STAFF else make_user(role)
    login_as(user)
    assert client.get("/admin/audit").status_code == 404


def test_a_payments_state_is_shown_by_its_label(client, login_as, world, db) -> None:
    audit.record(world.admin, "payment.received", world.centre1,
                 {"state": ["pending", "paid"], "amount_rials": 26_200_000})
    db.session.commit()
    login_as(world.admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "pending" not in page and ">paid<" not in page and " paid" not in page
