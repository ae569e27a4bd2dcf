"""A driver answers return requests on their own lines only."""

from __future__ import annotations

from marketplace.models import OrderLine, Product, ReturnRequest
from tests import factories as f


def _request(driver_user, stock: int = 0) -> ReturnRequest:
    product = f.make_product(driver=driver_user.driver, stock=stock, status="listed")
    line = f.make_order_line(product=product, status="delivered")
    return f.make_return_request(line=line)


def test_accepting_then_receiving_returns_the_stock(client, db, login_as) -> None:
    driver = f.make_user("driver")
    request = _request(driver)
    login_as(driver)
    assert "اندازه مناسب نبود" in client.get("/producers/returns").get_data(as_text=True)
    response = client.post(f"/producers/returns/{request.id}/accept", data={"reason": "پذیرفته شد"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ReturnRequest, request.id).status == "accepted"
    assert db.session.get(OrderLine, request.line_id).status == "returned"
    assert db.session.get(Product, request.line.product_id).stock == 0  # not back yet
    response = client.post(f"/producers/returns/{request.id}/received")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ReturnRequest, request.id).status == "received"
    assert db.session.get(Product, request.line.product_id).stock == 1


def test_refusal_needs_a_reason_and_changes_nothing_without_one(client, db, login_as) -> None:
    driver = f.make_user("driver")
    request = _request(driver)
    login_as(driver)
    client.post(f"/producers/returns/{request.id}/refuse", data={"reason": ""})
    db.session.expire_all()
    assert db.session.get(ReturnRequest, request.id).status == "requested"


def test_another_drivers_request_is_404(client, db, login_as) -> None:
    request = _request(f.make_user("driver"))
    login_as(f.make_user("driver"))
    response = client.post(f"/producers/returns/{request.id}/accept", data={"reason": "x"})
    assert response.status_code == 404
    assert request.id and "اندازه" not in client.get("/producers/returns").get_data(as_text=True)
