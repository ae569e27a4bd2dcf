"""Builders and a fake ZarinPal gateway for the order tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from marketplace.extensions import db
from marketplace.models import Product
from tests.factories import make_product, make_product_maker, make_trainee

MOBILE = "09121234567"


def listed(**kw: Any) -> Product:
    """A listed product (price 10,000,000 Rials, 1 unit unless told)."""
    kw.setdefault("status", "listed")
    kw.setdefault("unit_wage_rials", 4_000_000)
    kw.setdefault("weight_g", 1500)
    return make_product(**kw)


def with_maker(product: Product, **trainee: Any) -> Product:
    make_product_maker(product=product, trainee=make_trainee(centre=product.centre, **trainee))
    return product


def checkout_form(**overrides: Any) -> dict[str, Any]:
    """A valid post-delivery, pay-on-delivery checkout form."""
    data = {
        "contact_name": "زهرا احمدی", "contact_phone": MOBILE, "contact_email": "",
        "delivery_method": "post", "province_code": "razavi-khorasan", "city": "مشهد",
        "address": "خیابان امام رضا، کوچه ۱۲، پلاک ۳", "postal_code": "9134567891",
        "payment_provider": "cod", "idempotency_key": "0b6d3a8e-7c55-4d8e-9f0a-3f2b1c4d5e6f",
    }
    data.update(overrides)
    return data


class _PlaceForm(HTMLParser):
    """The fields of the review page's «place the order» form, as a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = (found.get("action") or "").endswith("/checkout/place")
        elif tag == "input" and self.inside and found.get("name"):
            self.fields[found["name"]] = found.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def reviewed_form(review_page: str) -> dict[str, str]:
    """What «place the order» on this review page posts."""
    parser = _PlaceForm()
    parser.feed(review_page)
    assert parser.fields, "not a review page"
    return parser.fields


def review(client: Any, **overrides: Any) -> str:
    """The checkout form sent (its «review» button); the review page it answers with."""
    response = client.post("/checkout", data=checkout_form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'action="/checkout/place"' in page, page[:3000]
    return page


def place(client: Any, **overrides: Any) -> Any:
    """Check out as a buyer does: the form, its review, then «place the order»."""
    return client.post("/checkout/place", data=reviewed_form(review(client, **overrides)))


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block (any connection)."""
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def stock_of(product_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Product, product_id).stock


class FakeGateway:
    """ZarinPal v4 request.json / verify.json / inquiry.json, enough to exercise the
    adapter. A buyer pays every authority unless a test sets `at_bank[authority]` to what
    happened there instead: "IN_BANK" (still paying) or "FAILED" (cancelled)."""

    def __init__(self) -> None:
        self.amounts: dict[str, int] = {}  # authority → amount asked at request
        self.at_bank: dict[str, str] = {}
        self.verified: set[str] = set()
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.next = 0

    def handle(self, path: str, body: dict) -> tuple[int, dict]:
        with self.lock:
            self.calls.append((path, body))
            if path.endswith("/request.json"):
                self.next += 1
                authority = f"A{self.next:035d}"
                self.amounts[authority] = body["amount"]
                return 200, {"data": {"code": 100, "message": "Success",
                                      "authority": authority, "fee_type": "Merchant",
                                      "fee": 0}, "errors": []}
            if path.endswith("/verify.json"):
                authority = body.get("authority")
                if authority not in self.amounts:
                    return 404, {"data": [], "errors": {"code": -11, "message": "not found"}}
                if self.amounts[authority] != body.get("amount"):
                    return 400, {"data": [], "errors": {"code": -50, "message": "amount"}}
                if self.at_bank.get(authority, "PAID") != "PAID":
                    return 400, {"data": [], "errors": {"code": -51, "message": "not paid"}}
                code = 101 if authority in self.verified else 100
                self.verified.add(authority)
                return 200, {"data": {"code": code, "message": "Verified",
                                      "card_pan": "502229******5995",
                                      "ref_id": 1000 + int(authority[1:]),
                                      "fee_type": "Merchant", "fee": 0}, "errors": []}
            if path.endswith("/inquiry.json"):
                authority = body.get("authority")
                if authority not in self.amounts:
                    return 404, {"data": [], "errors": {"code": -54, "message": "not found"}}
                state = "VERIFIED" if authority in self.verified else self.at_bank.get(
                    authority, "PAID")
                return 200, {"data": {"code": 100, "message": "Success", "status": state},
                             "errors": []}
            return 404, {}


@pytest.fixture
def gateway(app: Flask) -> Iterator[FakeGateway]:
    """A fake ZarinPal on 127.0.0.1; the app's ZARINPAL_API_URL points at it."""
    fake = FakeGateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            status, answer = fake.handle(self.path, json.loads(self.rfile.read(length)))
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    saved = {k: app.config.get(k) for k in ("ZARINPAL_API_URL", "ZARINPAL_MERCHANT_ID")}
    app.config["ZARINPAL_API_URL"] = f"http://127.0.0.1:{server.server_port}/pg/v4/payment"
    app.config["ZARINPAL_MERCHANT_ID"] = "test-merchant"
    try:
        yield fake
    finally:
        app.config.update(saved)
        server.shutdown()
        server.server_close()
