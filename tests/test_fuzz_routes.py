"""Finding 7: every route of the url_map, with hostile path and query values, as every role
(anonymous, buyer, driver, staff, admin), answers something other than 500.

Each role sends each hostile value once in every path argument and once in every query
parameter a view reads, so a new route is covered the day it is added."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db as _db
from tests import factories as f
from tests.factories import sign_in
from tests.urlmap import concrete_url, rules

# Already percent-encoded, as they travel in a URL: NUL, ids past int4 and int8, a long
# number, CR/LF, a right-to-left override, invalid UTF-8, path tricks, a huge string.
HOSTILE = [
    "x%00y", "2147483648", "9223372036854775808", "9" * 40, "x" * 2000,
    "%0D%0A%E2%80%AE%FF%FE..%2F..%2Fetc%09%2F%2Fevil.example%27%20OR%201%3D1--",
]
# Every query parameter a view reads (grep request.args), plus the gateway's.
PARAMS = ("page", "next", "q", "show", "year", "month", "trainee_id", "line", "Authority",
          "Status", "sort", "cursor", "before", "craft", "centre", "status", "lang", "kind",
          "from", "to", "price_min", "price_max", "in_stock")
ROLES = (None, "buyer", "driver", "staff", "admin")
ROUTES = [(m, rule, ep) for m in ("GET", "POST") for rule, ep in rules(m)]
# One test per method and area: the world and the five signed-in browsers are made once
# for all the routes of an area (emptying the tables per route would be most of the time).
AREAS = ("/producers", "/admin", "/")


def world() -> tuple[dict[str, object], dict[str, object]]:
    centre = f.make_centre()
    driver_user = f.make_user("driver", driver=f.make_driver(centres=[centre]))
    trainee = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver_user.driver, centre=centre, status="listed", stock=3)
    line = f.make_order_line(product=product)
    users = {"buyer": line.order.buyer or f.make_user("buyer"), "driver": driver_user,
             "staff": f.make_user("staff", centres=[centre]), "admin": f.make_user("admin")}
    ids = {"product_id": product.id, "trainee_id": trainee.id, "centre_id": centre.id,
           "line_id": line.id, "order_id": line.order_id, "code": line.order.code,
           "slug": product.slug, "purchase_id": f.make_purchase(product=product).id,
           "photo_id": f.make_photo(product=product).id}
    _db.session.commit()
    return users, ids


def _hostile_path(rule: str, value: str) -> str:
    return re.sub(r"<[^>]+>", value, rule)


def _reaches_view(client: object, method: str, url: str) -> bool:
    """False when the role is turned away before the view (sent to sign in, or 404 by the
    area's role check): one hostile request then suffices for that role."""
    response = client.open(url, method=method)
    assert response.status_code != 500, (method, url, "real ids")
    return not (response.status_code == 404
                or "/login" in response.headers.get("Location", "").split("?")[0])


def _area(rule: str) -> str:
    return next(a for a in AREAS if rule.startswith(a))


def _browser(app: object, users: dict[str, object], role: str | None) -> object:
    client = app.test_client()
    if role:
        response = sign_in(client, users[role])  # staff and admin with their code
        assert response.status_code == 302
        assert "/login" not in response.headers["Location"]
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("area", AREAS)
def test_no_route_answers_500(app, db, method: str, area: str) -> None:
    users, ids = world()
    browsers = {role: _browser(app, users, role) for role in ROLES}
    for route_method, rule, endpoint in ROUTES:
        if route_method != method or _area(rule) != area:
            continue
        real = concrete_url(rule, ids)
        for role in ROLES:
            client = browsers[role]
            values = HOSTILE if _reaches_view(client, method, real) else HOSTILE[:1]
            for value in values:
                query = "&".join(f"{p}={value}" for p in PARAMS)
                urls = [f"{real}?{query}"] + ([_hostile_path(rule, value)] if "<" in rule else [])
                for url in urls:
                    response = client.open(url, method=method)
                    assert response.status_code != 500, (method, url[:200], role)
            if method == "POST" and endpoint.startswith("auth."):
                browsers[role] = _browser(app, users, role)  # it may have signed out
