"""The scan's verdicts (fast, no scanner needed): how findings meet the allow-list in
docs/security.md, and the proof behind each row of it."""

from __future__ import annotations

import io
import re
from fnmatch import fnmatchcase

from tests import factories as f
from tests.orders.conftest import listed
from tests.scan.findings import Allowed, Finding, allow_list, summary, unexplained
from tests.urlmap import concrete_url


def _finding(category: str = "Cross Site Scripting", level: int = 3, path: str = "/search",
             parameter: str = "q") -> Finding:
    return Finding("vulnerability", category, level, "GET", path, parameter, "payload reflected")


def test_the_allow_list_reads_and_gives_a_reason_for_every_row() -> None:
    rows = allow_list()
    assert rows, "docs/security.md lost its allow-list table"
    assert all(len(row.reason) > 40 for row in rows), "each allowed finding says why"


def test_medium_and_higher_fail_unless_a_row_covers_them() -> None:
    allowed = [Allowed("Cross Site Request Forgery: payload", "/orders/*/return", "*",
                       "because")]
    low = _finding("HTTP Secure Headers", level=1, path="/", parameter="")
    covered = _finding("Cross Site Request Forgery", level=2, path="/orders/RY-1/return",
                       parameter="")
    elsewhere = _finding("Cross Site Request Forgery", level=2, path="/checkout", parameter="")
    xss = _finding()
    other = Finding("vulnerability", "Cross Site Request Forgery", 2, "POST",
                    "/orders/RY-1/return", "", "Lack of anti CSRF token")
    assert unexplained([low, covered, elsewhere, xss, other], allowed) == [elsewhere, xss, other]
    page = summary("wapiti as buyer", [low, covered, elsewhere], allowed)
    assert "allowed: because" in page and "UNEXPLAINED" in page and "below medium" in page


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_a_forged_csrf_token_in_a_multipart_form_is_refused(app, client, login_as, db) -> None:
    """The proof behind the allow-list's CSRF row: wapiti 3.0.4 sends every field of a
    multipart form as a file, so the shop sees no token in its genuine submission either and
    refuses both alike, which wapiti reads as "not checked". Sent as a browser sends it, a
    genuine token passes and a forged one is a 400."""
    centre = f.make_centre()
    user = login_as(f.make_user("driver", driver=f.make_driver(centres=[centre])))
    product = f.make_product(driver=user.driver, centre=centre)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        genuine = _token(client.get("/producers/").get_data(as_text=True))
        url = f"/producers/listings/{product.id}/photos"
        for token, refused in ((None, True), ("wapiti", True), (genuine, False)):
            data = {"photo": (io.BytesIO(b"GIF89a"), "pix.gif"), "alt_fa": "x"}
            if token:
                data["csrf_token"] = token
            status = client.post(url, data=data, content_type="multipart/form-data").status_code
            assert (status == 400) is refused, (token, status)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_forged_token_in_a_prefixed_form_is_refused(app, client, login_as, db) -> None:
    """The proof behind the allow-list's "Lack of anti CSRF token" rows: where a page holds a
    form a row (a photo's alt text, an enrolment's status, a driver's centres, a loan), each
    form has a prefix, so its token is `p7-csrf_token`, a name wapiti does not know. Flask-WTF
    reads it, and refuses a missing or forged one."""
    centre = f.make_centre()
    login_as(f.make_user("staff", centres=[centre]))
    photo = f.make_photo(product=f.make_product(centre=centre))
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get(f"/admin/items/{photo.product_id}/photos").get_data(as_text=True)
        name = f"p{photo.id}-csrf_token"
        genuine = re.search(rf'name="{name}"[^>]*value="([^"]+)"', page).group(1)
        url = f"/admin/photos/{photo.id}/alt"
        for token, refused in ((None, True), ("wapiti", True), (genuine, False)):
            data = {f"p{photo.id}-alt_fa": "فرش"} | ({name: token} if token else {})
            status = client.post(url, data=data).status_code
            assert (status == 400) is refused, (token, status)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_every_token_free_form_is_explained_and_checked_by_origin(app, client, db) -> None:
    """The proof behind the allow-list's token-free rows (add to cart, the heart, the
    language switch): every POST route that Flask-WTF lets through without a token (its
    `csrf.exempt`, given only by `security.same_site_only`) has a row, refuses a cross-site,
    `null` or missing Origin and Referer with 400, and takes a form from our own pages."""
    product = listed(stock=2)
    db.session.commit()
    csrf = app.extensions["csrf"]
    token_free = [rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods
                  and (view := app.view_functions[rule.endpoint])
                  and f"{view.__module__}.{view.__name__}" in csrf._exempt_views]
    assert {"/cart/add", "/language", "/favourites/<int:product_id>"} <= set(token_free)
    rows = [row.path for row in allow_list()
            if row.finding == "Cross Site Request Forgery: Lack of anti CSRF token"]
    data = {"product_id": product.id, "on": "1", "lang": "en", "next": "/"}
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for rule in token_free:
            path = concrete_url(rule, {"product_id": product.id})
            assert any(fnmatchcase(path, row) for row in rows), f"{rule} has no allow-list row"
            for hostile in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                            {"Referer": "https://evil.example/products"}, {}):
                assert client.post(path, data=data, headers=hostile).status_code == 400, (
                    rule, hostile)
            for ours in ({"Origin": "http://localhost"}, {"Referer": "http://localhost/"}):
                assert client.post(path, data=data, headers=ours).status_code == 302, (
                    rule, ours)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
