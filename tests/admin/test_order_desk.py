"""The order desk: who sees which order, delivery and hand-over from the back office,
refunds settled by the admin; another centre's order is 404."""

from __future__ import annotations

from datetime import timedelta

from marketplace.extensions import db
from marketplace.models import Order, OrderLine, Refund, Role
from marketplace.orders import status
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.text.persian import format_date_input, tehran_today, to_tehran
from tests.factories import make_product, make_user

MOBILE = "09121234567"


def _order(centre, *, pickup: bool = True, provider: str = "cod") -> Order:
    product = make_product(centre=centre, status="listed", stock=2, weight_g=500)
    db.session.commit()
    delivery = ({"delivery_method": "pickup"} if pickup else {
        "delivery_method": "post", "province_code": "tehran", "city": "تهران",
        "address": "خیابان ولیعصر", "postal_code": "1134567891"})
    details = CheckoutDetails(contact_name="نرگس کاظمی", contact_phone=MOBILE,
                              payment_provider=provider, **delivery)
    return place_order(details, {product.id: 1}, buyer=None)


def test_staff_see_only_orders_of_their_centre(client, world, login_as) -> None:
    mine, theirs = _order(world.centre1), _order(world.centre2)
    login_as(world.staff1)
    page = client.get("/admin/orders").get_data(as_text=True)
    assert mine.code in page and theirs.code not in page
    assert client.get(f"/admin/orders/{mine.id}").status_code == 200
    assert client.get(f"/admin/orders/{theirs.id}").status_code == 404
    assert client.post(f"/admin/orders/{theirs.id}/collect",
                       data={"pickup_code": "123456"}).status_code == 404


def test_search_by_code_as_read_out_or_by_phone(client, world, login_as) -> None:
    order = _order(world.centre1)
    login_as(world.admin)
    spoken = order.code.lower().replace("-", " ")
    assert order.code in client.get("/admin/orders", query_string={"q": spoken}).get_data(
        as_text=True)
    assert order.code in client.get("/admin/orders", query_string={"q": "۱۲۳۴۵۶۷"}).get_data(
        as_text=True)
    none = client.get("/admin/orders", query_string={"q": "نام دیگری", "status": "paid"})
    assert order.code not in none.get_data(as_text=True)


def test_date_range_is_typed_in_jalali(client, world, login_as) -> None:
    order = _order(world.centre1)
    login_as(world.admin)
    today = format_date_input(tehran_today(), "fa")
    page = client.get("/admin/orders", query_string={"since": today, "until": today})
    html = page.get_data(as_text=True)
    assert order.code in html
    assert f'value="{today}"' in html and 'type="date"' not in html
    assert "jalalidatepicker.min.js" in html and "js/jalali-date.js" in html
    yesterday = format_date_input(tehran_today() - timedelta(days=1), "fa")
    assert order.code not in client.get(
        "/admin/orders", query_string={"until": yesterday}).get_data(as_text=True)
    # A Gregorian year is refused next to the filter, and the filter is not applied.
    wrong = client.get("/admin/orders", query_string={"since": "2999/01/01"}).get_data(
        as_text=True)
    assert order.code in wrong and "میلادی" not in wrong  # 2999 is no year of the records
    wrong = client.get("/admin/orders", query_string={"since": "2026/12/01"}).get_data(
        as_text=True)
    assert order.code in wrong and "میلادی است" in wrong


def test_staff_hand_over_a_pickup_with_the_buyers_code(client, world, login_as) -> None:
    order = _order(world.centre1)
    status.set_line_status(order.lines[0], "ready_for_pickup", actor=None)
    code = order.pickup_code
    login_as(world.staff1)
    page = client.get(f"/admin/orders/{order.id}").get_data(as_text=True)
    assert code not in page  # staff ask for it; the page never shows it
    wrong = "000000" if code != "000000" else "111111"
    client.post(f"/admin/orders/{order.id}/collect", data={"pickup_code": wrong})
    db.session.expire_all()
    assert db.session.get(OrderLine, order.lines[0].id).status == "ready_for_pickup"
    typed = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = client.post(f"/admin/orders/{order.id}/collect", data={"pickup_code": typed})
    assert response.status_code == 302
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == "delivered" and order.payments[0].state == "paid"
    assert order.payments[0].confirmed_by_id == world.staff1.id


def test_a_pickup_code_in_letters_is_refused_not_a_500(client, world, login_as) -> None:
    """Found by the wapiti scan (tests/scan): a code with a non-ASCII letter crashed the
    constant-time comparison (TypeError, HTTP 500)."""
    order = _order(world.centre1)
    status.set_line_status(order.lines[0], "ready_for_pickup", actor=None)
    login_as(world.staff1)
    for typed in ("کد۱۲۳", "é12345", "\u202e123456"):
        response = client.post(f"/admin/orders/{order.id}/collect", data={"pickup_code": typed})
        assert response.status_code == 302, typed
    db.session.expire_all()
    assert db.session.get(OrderLine, order.lines[0].id).status == "ready_for_pickup"


def test_staff_mark_a_posted_line_delivered(client, world, login_as) -> None:
    order = _order(world.centre1, pickup=False)
    status.set_line_status(order.lines[0], "shipped", actor=None, tracking_number="TRK1")
    url = f"/admin/orders/{order.id}/lines/{order.lines[0].id}/delivered"
    login_as(world.staff1)
    client.post(url, data={"note": "خریدار تماس گرفت", "delivered_on": "2026/12/01"})
    db.session.expire_all()
    assert db.session.get(OrderLine, order.lines[0].id).status == "shipped"  # Gregorian year
    page = client.get(f"/admin/orders/{order.id}").get_data(as_text=True)
    assert 'name="delivered_on"' in page and 'type="date"' not in page and "data-jdp" in page
    client.post(url, data={"note": "خریدار تماس گرفت",
                           "delivered_on": format_date_input(tehran_today(), "fa")})
    db.session.expire_all()
    line = db.session.get(OrderLine, order.lines[0].id)
    assert line.status == "delivered"
    assert to_tehran(line.order.delivered_at).date() == tehran_today()
    client.post("/logout")
    login_as(world.staff2)
    assert client.post(url, data={}).status_code == 404  # another centre's staff


def test_only_the_admin_settles_refunds(client, world, login_as) -> None:
    order = _order(world.centre1, provider="bank_transfer")
    order.payments[0].state, order.payments[0].provider_ref = "paid", "556677"
    order.status = "paid"
    db.session.commit()
    status.cancel_order(order, actor=None, reason="تمام شد")
    refund = db.session.query(Refund).one()
    form = {"method": "bank_transfer", "reference": "REF99",
            "refunded_on": format_date_input(tehran_today(), "fa")}
    login_as(world.staff1)
    assert client.get("/admin/refunds").status_code == 404
    assert client.post(f"/admin/refunds/{refund.id}/settle", data=form).status_code == 404
    client.post("/logout")
    login_as(world.admin)
    assert order.code in client.get("/admin/refunds").get_data(as_text=True)
    client.post(f"/admin/refunds/{refund.id}/settle", data=form)
    db.session.expire_all()
    assert db.session.get(Refund, refund.id).status == "refunded"


def test_drivers_and_buyers_never_reach_the_desk(client, world, login_as) -> None:
    order = _order(world.centre1)
    for role in (Role.DRIVER, Role.BUYER):
        login_as(make_user(role))
        assert client.get("/admin/orders").status_code == 404
        assert client.get(f"/admin/orders/{order.id}").status_code == 404
        client.post("/logout")
