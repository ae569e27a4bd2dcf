"""Finding 1: every `next`/return address is a path on this site, as a browser reads it."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from marketplace.web.redirects import safe_path
from tests import factories as f
from tests.factories import PASSWORD

SITE = "https://shop.example/products/x"
C0_OR_SPACE = "".join(chr(c) for c in range(0x21))


def browser_reading(location: str) -> tuple[str, str]:
    """(scheme, host) a WHATWG browser resolves `location` to from a page of this site:
    it strips C0 controls and spaces at the ends, drops tab and newline anywhere, and reads
    a backslash as a slash (https is a "special" scheme)."""
    cleaned = location.strip(C0_OR_SPACE)
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    parts = urlsplit(urljoin(SITE, cleaned))
    return parts.scheme, parts.netloc


PIECES = st.sampled_from([
    "/", "//", "\\", "\t", "\n", "\r", " ", "\x00", "\x0b", "\x1f", "\x7f", "\u3000", "\u2028",
    "evil.example", "@evil.example", "https:", "http:", "javascript:alert(1)", "data:", ":",
    "%09", "%2f", "%5c", "?", "#", "..", ".", "products", "محصول", "\u202e", "shop.example",
    "/\t/", "/\\/", "///", "https://evil.example",
])
HOSTILE = st.one_of(st.lists(PIECES, max_size=8).map("".join), st.text(max_size=30))


@settings(max_examples=600, deadline=None)
@given(HOSTILE)
@example("/\t/evil.example")
@example("/\n/evil.example")
@example("/\\evil.example")
@example(" //evil.example")
@example("/ /evil.example")
def test_an_accepted_address_stays_on_this_site(target: str) -> None:
    accepted = safe_path(target)
    if accepted is None:
        return
    assert accepted.isascii() and accepted.isprintable(), accepted
    assert browser_reading(accepted) == ("https", "shop.example"), (target, accepted)
    assert browser_reading(target) == ("https", "shop.example"), target


@pytest.mark.parametrize("target", [
    "/\t/evil.example", "/%09/evil.example".replace("%09", "\t"), "/\n/evil.example",
    "/\r\n/evil.example", "/\\evil.example", "\\\\evil.example", "//evil.example",
    "https://evil.example", "javascript:alert(1)", "evil.example", " /x", "/x\x00",
    "/x\ny", "", None, 5,
])
def test_hostile_addresses_are_refused(target: object) -> None:
    assert safe_path(target) is None


@pytest.mark.parametrize("target", ["/", "/products?page=2", "/orders/AB12#x", "/a//b"])
def test_ordinary_paths_pass(target: str) -> None:
    assert safe_path(target) == target


def test_a_persian_path_is_percent_encoded() -> None:
    assert safe_path("/محصول") == "/%D9%85%D8%AD%D8%B5%D9%88%D9%84"


@pytest.mark.parametrize("query", ["/%09/evil.example", "/%0A/evil.example", "/%5Cevil.example",
                                   "%2F%09%2Fevil.example", "/x%0D%0ASet-Cookie:a=b"])
def test_sign_in_never_redirects_off_site(client, db, query: str) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    response = client.post(f"/login?next={query}", data={"email": user.email,
                                                         "password": PASSWORD})
    assert response.status_code == 302
    assert browser_reading(response.headers["Location"])[1] in ("", "shop.example", "localhost")
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\\evil.example", "/x\ny"])
def test_language_switch_never_redirects_off_site(client, target: str) -> None:
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
