"""Hypothesis fuzzing of every form: random Unicode (RTL marks, NULs, huge strings),
numbers out of range, wrong types and missing fields.

Two properties for every POST route, as the role that may use it:
- the server never answers 500;
- a refused submission (the form comes back, 200 or 400) writes nothing.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from marketplace.extensions import db as _db
from marketplace.ops import integrity
from tests import factories as f
from tests.urlmap import concrete_url, rules

# Routes that a browser never posts to with a form (gateway callbacks handled elsewhere).
SKIP = {"shop.set_language"}
# Routes whose success is a page, not a redirect (a one-time password, per-file results):
# for them only "no 500" is checked.
RENDERS_ON_SUCCESS = {"admin.user_password", "admin.item_photos"}

NASTY = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from([
        "", " ", "\x00", "\u200f\u202e۱۲۳", "‏-5", "1e309", "-1", "0", "10000000000000000000",
        "12.5", "۱۲٬۵۰۰", "٣٤٥", "NaN", "<script>alert(1)</script>", "' OR 1=1 --",
        "x" * 10_000, "2026-13-45", "1405/09/06", "on", "true", "[]", "{}",
        "2147483648", "9223372036854775808", "/\n/evil.example", "a\x00b",
    ]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("input", "select", "textarea"):
            name = dict(attrs).get("name")
            if name and name != "csrf_token":
                self.names.add(name)


def _world() -> dict[str, object]:
    centre = f.make_centre()
    driver_user = f.make_user("driver", driver=f.make_driver(centres=[centre]))
    trainee = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver_user.driver, centre=centre, status="listed", stock=3)
    line = f.make_order_line(product=product)
    photo = f.make_photo(product=product)
    purchase = f.make_purchase(product=product)
    users = {
        "admin": f.make_user("admin"),
        "staff": f.make_user("staff", centres=[centre]),
        "driver": driver_user,
        "buyer": f.make_user("buyer"),
    }
    ids = {"product_id": product.id, "trainee_id": trainee.id, "centre_id": centre.id,
           "line_id": line.id, "order_id": line.order_id, "photo_id": photo.id,
           "purchase_id": purchase.id, "code": line.order.code, "slug": product.slug}
    _db.session.commit()
    return {"users": users, "ids": ids}


def _role_for(rule: str) -> str | None:
    if rule.startswith("/producers"):
        return "driver"
    if rule.startswith("/admin"):
        return "admin"
    return None


# Counting a failed sign-in (people/throttle.py) is how it is refused, not a change.
REFUSAL_BOOKKEEPING = frozenset({"sign_in_delays"})


def _row_counts() -> dict[str, int]:
    return {
        t.name: _db.session.scalar(select(func.count()).select_from(t))
        for t in _db.metadata.sorted_tables if t.name not in REFUSAL_BOOKKEEPING
    }


@pytest.mark.parametrize(("rule", "endpoint"), [r for r in rules("POST") if r[1] not in SKIP])
def test_fuzz_form(app, db, client, login_as, rule: str, endpoint: str) -> None:
    world = _world()
    role = _role_for(rule)
    if role:
        login_as(world["users"][role])
    url = concrete_url(rule, world["ids"])
    page = client.get(url)
    parser = _Fields()
    parser.feed(page.get_data(as_text=True) if page.status_code == 200 else "")
    names = sorted(parser.names) or ["q", "amount", "name"]

    @settings(max_examples=12, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(names), NASTY, max_size=len(names)))
    def post(data: dict[str, str]) -> None:
        before = _row_counts()
        response = client.post(url, data=data)
        assert response.status_code < 500, (url, data)
        if response.status_code in (200, 400, 422) and endpoint not in RENDERS_ON_SUCCESS:
            _db.session.expire_all()
            assert _row_counts() == before, (url, data)

    # The factory world is not a sound ledger by itself; fuzzing must add no new problem.
    sound_before = integrity.run_all()
    post()
    assert integrity.run_all() == sound_before


@pytest.mark.parametrize(("rule", "endpoint"), rules("GET"))
def test_get_routes_change_nothing(app, db, client, login_as, rule: str, endpoint: str) -> None:
    """Reading a page, as any role, never writes: state changes only through POST."""
    world = _world()
    url = concrete_url(rule, world["ids"])
    for role in (None, "buyer", "driver", "staff", "admin"):
        client.post("/logout")
        if role:
            login_as(world["users"][role])
        before = _row_counts()
        assert client.get(url).status_code < 500, (url, role)
        _db.session.expire_all()
        assert _row_counts() == before, (url, role)
