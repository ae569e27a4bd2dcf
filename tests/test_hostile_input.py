"""Finding 7: the requests that answered 500, one by one (the route fuzz covers the rest)."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.factories import PASSWORD

NUL_PATHS = ["/centres/%00", "/orders/%00", "/orders/%00/invoice", "/orders/%00/return",
             "/payments/zarinpal/callback?Authority=%00&Status=OK", "/search?q=a%00b",
             "/products?craft=%00"]
HUGE_IDS = ["/products/2147483648-x", "/makers/2147483648", "/products/9223372036854775808-x",
            "/producers/listings/2147483648", "/admin/trainees/9223372036854775808"]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_a_nul_in_the_path_or_query_is_a_400(client, path: str) -> None:
    assert client.get(path).status_code == 400


def test_a_nul_in_a_form_is_a_400(client) -> None:
    assert client.post("/login", data={"email": "\x00", "password": "x"}).status_code == 400
    assert client.post("/login", data={"email\x00": "a@b.c"}).status_code == 400


@pytest.mark.parametrize("path", HUGE_IDS)
def test_an_id_beyond_the_columns_range_is_a_404(client, login_as, path: str) -> None:
    login_as(f.make_user("admin" if path.startswith("/admin") else "driver"))
    assert client.get(path).status_code == 404


def test_adding_a_product_id_beyond_range_to_the_cart_is_refused(client) -> None:
    response = client.post("/cart/add", data={"product_id": "2147483648", "quantity": "1"})
    assert response.status_code in (302, 400, 404)
    assert client.get("/cart").status_code == 200


@pytest.mark.parametrize("page", ["2147483648", "9" * 30, "-3", "x"])
def test_an_absurd_page_number_is_the_first_page(client, login_as, page: str) -> None:
    login_as(f.make_user("admin"))
    for path in ("/admin/audit", "/admin/people", "/admin/items", "/admin/trainees"):
        assert client.get(f"{path}?page={page}").status_code == 200, path


def test_a_newline_in_next_at_sign_in(client, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    response = client.post("/login?next=/x%0D%0ASet-Cookie:%20a=b",
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
