"""Staff confirm bank transfers for orders with items from their centres."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.models import AuditLog, Order, Payment
from tests.factories import make_driver, make_order, make_order_line, make_payment, make_product


def _transfer(world, db, ref="REF12345"):
    product = make_product(driver=make_driver(centres=[world.centre1]), centre=world.centre1)
    order = make_order(payment_provider="bank_transfer", status="placed",
                       total_rials=10_000_000, subtotal_rials=10_000_000)
    make_order_line(order=order, product=product)
    payment = make_payment(order=order, provider="bank_transfer", authority=None,
                           provider_ref=ref, amount_rials=10_000_000)
    db.session.commit()
    return payment


def test_staff_confirm_a_transfer_of_their_centre(client, login_as, world, db):
    payment = _transfer(world, db)
    login_as(world.staff1)
    page = client.get("/admin/payments").get_data(as_text=True)
    assert payment.order.code in page
    response = client.post(f"/admin/payments/{payment.id}/confirm")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).state == "paid"
    assert db.session.get(Order, payment.order_id).status == "paid"
    log = db.session.scalars(select(AuditLog)).all()
    assert [(a.action, a.actor_id) for a in log] == [("order.paid", world.staff1.id)]
    # A second confirmation finds nothing pending.
    assert client.post(f"/admin/payments/{payment.id}/confirm").status_code == 404


def test_staff_of_another_centre_cannot_see_or_confirm(client, login_as, world, db):
    payment = _transfer(world, db)
    login_as(world.staff2)
    assert payment.order.code not in client.get("/admin/payments").get_data(as_text=True)
    assert client.post(f"/admin/payments/{payment.id}/confirm").status_code == 404
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).state == "pending"


def test_refused_confirmation_writes_no_audit_row(client, login_as, world, db):
    payment = _transfer(world, db, ref=None)
    login_as(world.admin)
    response = client.post(f"/admin/payments/{payment.id}/confirm")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).state == "pending"
    assert db.session.scalar(select(AuditLog)) is None
