"""Order tracking, my orders, the invoice and the return request page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Order, ReturnRequest
from marketplace.orders import status
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.text import persian
from tests.factories import make_driver, make_user
from tests.orders.conftest import MOBILE, counting_queries, listed


def _order(buyer=None, **product) -> Order:
    item = listed(**product)
    db.session.commit()
    details = CheckoutDetails(contact_name="زهرا", contact_phone=MOBILE,
                              delivery_method="post", payment_provider="cod",
                              province_code="razavi-khorasan", city="مشهد",
                              address="بلوار وکیل‌آباد", postal_code="9134567891")
    return place_order(details, {item.id: 1}, buyer=buyer,
                       now=datetime(2026, 3, 21, 8, 0))


def test_order_page_by_code_with_jalali_history(client, db) -> None:
    order = _order()
    page = client.get(f"/orders/{order.code}").get_data(as_text=True)
    assert order.lines[0].title_fa in page
    assert "۱ فروردین ۱۴۰۵" in page  # 21 March 2026, Tehran time
    assert "خراسان رضوی" in page
    assert 'name="robots" content="noindex"' in page


def test_wrong_code_is_404(client, db) -> None:
    order = _order()
    wrong = order.code[:-1] + ("B" if order.code.endswith("A") else "A")
    assert client.get(f"/orders/{wrong}").status_code == 404
    # Read out over the phone: any case, spaces for dashes, O for 0, Persian digits.
    spoken = order.code.lower().replace("-", " ").replace("0", "o")
    assert client.get(f"/orders/{spoken}").status_code == 200
    assert client.get("/orders/" + "a" * 200).status_code == 404
    assert client.get(f"/orders/{order.id}").status_code == 404


def test_order_page_query_count_is_bounded(client, app, db) -> None:
    item = listed(stock=1)
    more = [listed(stock=1) for _ in range(5)]
    db.session.commit()
    details = CheckoutDetails(contact_name="زهرا", contact_phone=MOBILE,
                              delivery_method="pickup", payment_provider="cod")
    order = place_order(details, {p.id: 1 for p in [item, *more]}, buyer=None)
    with counting_queries() as statements:
        assert client.get(f"/orders/{order.code}").status_code == 200
    assert len(statements) <= 8, statements


def test_my_orders_lists_only_own(client, db, login_as) -> None:
    mine_user, other_user = make_user(), make_user()
    mine, theirs = _order(buyer=mine_user), _order(buyer=other_user)
    assert client.get("/orders").status_code == 302  # sign in first
    login_as(mine_user)
    page = client.get("/orders").get_data(as_text=True)
    assert mine.code in page and theirs.code not in page
    assert "/orders\"" in client.get("/").get_data(as_text=True)  # header link
    # The code itself is the key: whoever holds it may follow the order.
    assert client.get(f"/orders/{theirs.code}").status_code == 200


def test_invoice_is_persian_with_sellers_and_toman(client, db) -> None:
    driver = make_driver(name_fa="پیشران نمونه")
    order = _order(driver=driver, price_rials=25_000_000)
    page = client.get(f"/orders/{order.code}/invoice").get_data(as_text=True)
    assert "پیشران نمونه" in page
    assert persian.format_money(25_000_000, "fa") in page
    assert "۱۴۰۵" in page and "statement-print" in page
    assert client.get("/orders/nope/invoice").status_code == 404


def _returns() -> int:
    return db.session.scalar(select(func.count()).select_from(ReturnRequest))


def test_return_request_page(client, db) -> None:
    order = _order()
    line = order.lines[0]
    status.set_line_status(line, "shipped", actor=None, tracking_number="T1")
    status.set_line_status(line, "delivered", actor=None)
    with counting_queries() as statements:
        page = client.get(f"/orders/{order.code}").get_data(as_text=True)
    assert len(statements) <= 8, statements
    assert f"/orders/{order.code}/return?line={line.id}" in page
    assert client.get(f"/orders/{order.code}/return?line={line.id}").status_code == 200
    empty = client.post(f"/orders/{order.code}/return", data={"line_id": line.id, "reason": ""})
    assert empty.status_code == 200 and _returns() == 0
    response = client.post(f"/orders/{order.code}/return",
                           data={"line_id": line.id, "reason": "رنگ با عکس فرق دارد"})
    assert response.status_code == 302
    assert db.session.scalars(select(ReturnRequest.line_id)).all() == [line.id]
    other = _order()
    assert client.post(f"/orders/{other.code}/return",
                       data={"line_id": line.id, "reason": "x"}).status_code == 404


def test_order_page_offers_the_right_payment_step(client, db) -> None:
    item = listed(stock=2)
    db.session.commit()
    base = {"contact_name": "زهرا", "contact_phone": MOBILE, "delivery_method": "pickup"}
    bank = place_order(CheckoutDetails(**base, payment_provider="bank_transfer"),
                       {item.id: 1}, buyer=None)
    online = place_order(CheckoutDetails(**base, payment_provider="zarinpal"),
                         {item.id: 1}, buyer=None)
    page = client.get(f"/orders/{bank.code}").get_data(as_text=True)
    assert f"/orders/{bank.code}/bank-reference" in page and "IR" in page
    page = client.get(f"/orders/{online.code}").get_data(as_text=True)
    assert f"/orders/{online.code}/pay" in page
    client.post("/language", data={"lang": "en"})
    page = client.get(f"/orders/{online.code}").get_data(as_text=True)
    assert "Awaiting payment" in page


def test_buyer_cancels_through_the_private_link(client, db) -> None:
    order = _order()
    page = client.get(f"/orders/{order.code}").get_data(as_text=True)
    assert f"/orders/{order.code}/cancel" in page
    response = client.post(f"/orders/{order.code}/cancel", data={"reason": "اشتباه سفارش دادم"})
    assert response.status_code == 302
    db.session.expire_all()
    order = db.session.get(type(order), order.id)
    assert order.status == "cancelled"
    page = client.get(f"/orders/{order.code}").get_data(as_text=True)
    assert f"/orders/{order.code}/cancel" not in page  # nothing left to cancel


def _jpeg(colour=(180, 60, 40)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def _delivered_order():
    from marketplace.orders import status

    order = _order()
    line = order.lines[0]
    if order.delivery_method == "post":
        status.set_line_status(line, "shipped", actor=None, tracking_number="TRK")
        status.set_line_status(line, "delivered", actor=None)
    else:
        status.set_line_status(line, "ready_for_pickup", actor=None)
        status.collect(order, order.pickup_code, actor=None, centre_ids=None)
    return order, line


def test_a_return_may_carry_photos_and_a_bad_one_leaves_nothing(client, db, app) -> None:
    import io

    from marketplace.models import ReturnRequest
    from tests.factories import stored_photo_keys as files

    order, line = _delivered_order()
    url = f"/orders/{order.code}/return?line={line.id}"

    files_before = files()
    response = client.post(url, data={
        "line_id": line.id, "reason": "ترک دارد",
        "photos": [(io.BytesIO(_jpeg()), "a.jpg"), (io.BytesIO(b"not an image"), "b.jpg")],
    }, content_type="multipart/form-data")
    assert response.status_code == 200  # the form again, with the photo's refusal
    assert db.session.query(ReturnRequest).count() == 0
    assert files() == files_before  # no orphan photo
    response = client.post(url, data={
        "line_id": line.id, "reason": "ترک دارد",
        "photos": [(io.BytesIO(_jpeg()), "a.jpg"), (io.BytesIO(_jpeg((10, 90, 200))), "b.png")],
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    request = db.session.query(ReturnRequest).one()
    assert len(request.photos) == 2 and all(p.width == 640 for p in request.photos)


def test_return_photos_are_private_and_served_to_the_lines_people_only(
    client, db, app, login_as
) -> None:
    import io

    from marketplace.media import storage
    from marketplace.models import Centre, Driver, ReturnRequest
    from marketplace.orders.returns import request_return
    from tests.factories import make_centre, stored_photo_keys

    _, line = _delivered_order()
    request_return(line, "ترک دارد", photos=[io.BytesIO(_jpeg())])
    photo = db.session.query(ReturnRequest).one().photos[0]
    keys = {k for k in stored_photo_keys() if photo.digest in k}
    assert keys and all(k.startswith(storage.PRIVATE) for k in keys)  # no public URL
    driver = db.session.get(Driver, line.driver_id)
    centre = db.session.get(Centre, line.centre_id)
    people = {
        "driver": make_user("driver", driver=driver),
        "other driver": make_user("driver", driver=make_driver()),
        "staff": make_user("staff", centres=[centre]),
        "other staff": make_user("staff", centres=[make_centre()]),
        "buyer": make_user("buyer"),
    }
    db.session.commit()
    urls = {"producers": f"/producers/returns/photos/{photo.id}/{photo.size_list[0]}.webp",
            "admin": f"/admin/orders/return-photos/{photo.id}/{photo.size_list[0]}.webp"}
    allowed = {("driver", "producers"), ("staff", "admin")}
    for who, user in people.items():
        login_as(user)
        for area, url in urls.items():
            response = client.get(url)
            if (who, area) in allowed:
                assert response.status_code == 200, (who, url)
                assert response.mimetype == "image/webp"
                assert response.headers["Cache-Control"] == "private, no-store"
            else:
                assert response.status_code == 404, (who, url)
        client.post("/logout")
    login_as(people["driver"])
    page = client.get("/producers/returns").get_data(as_text=True)
    assert urls["producers"] in page
    assert client.get(urls["producers"].replace(".webp", "0.webp")).status_code == 404  # no size
