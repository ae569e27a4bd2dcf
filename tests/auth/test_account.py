"""The buyer's account page and her saved addresses (issue 18)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.models import SavedAddress
from marketplace.people import addresses
from tests import factories as f
from tests.orders.conftest import listed

ADDRESS = {"province_code": "razavi-khorasan", "city": "مشهد",
           "address": "بلوار وکیل‌آباد، کوچهٔ ۱۲، پلاک ۳", "postal_code": "۹۱۳۴۵۶۷۸۹۱"}


@pytest.fixture
def buyer(client, db):
    user = f.make_user("buyer", phone="09121234567")
    db.session.commit()
    f.sign_in(client, user)
    return user


def _add(client, **data):
    return client.post("/account/addresses/new", data={**ADDRESS, **data})


def test_the_account_page_shows_name_mobile_e_mail_and_links(client, db, buyer) -> None:
    page = client.get("/account").get_data(as_text=True)
    assert "۰۹۱۲۱۲۳۴۵۶۷" in page and buyer.email in page
    for link in ("/orders", "/account/sessions", "/account/addresses/new"):
        assert f'href="{link}"' in page
    client.post("/account", data={"full_name": "سارا  رضایی"})
    db.session.refresh(buyer)
    assert buyer.full_name == "سارا رضایی"


def test_addresses_are_added_edited_made_default_and_deleted(client, db, buyer) -> None:
    assert _add(client).status_code == 302
    first = db.session.scalar(select(SavedAddress))
    assert first.is_default and first.postal_code == "9134567891"  # the first is the default
    _add(client, city="نیشابور", is_default="y")
    second = db.session.scalar(select(SavedAddress).where(SavedAddress.city == "نیشابور"))
    db.session.refresh(first)
    assert second.is_default and not first.is_default
    client.post(f"/account/addresses/{first.id}", data={**ADDRESS, "city": "طرقبه"})
    db.session.refresh(first)
    assert first.city == "طرقبه"
    client.post(f"/account/addresses/{first.id}/default")
    db.session.refresh(first)
    db.session.refresh(second)
    assert first.is_default and not second.is_default
    client.post(f"/account/addresses/{first.id}/delete")
    db.session.refresh(second)
    assert second.is_default  # the default passes on
    assert db.session.scalar(select(func.count(SavedAddress.id))) == 1


def test_a_bad_address_is_refused_in_persian(client, db, buyer) -> None:
    page = _add(client, postal_code="123", province_code="atlantis").get_data(as_text=True)
    assert "is-invalid" in page and "کد پستی" in page
    assert db.session.scalar(select(func.count(SavedAddress.id))) == 0


def test_another_buyers_address_is_404(client, db, buyer) -> None:
    other = f.make_user("buyer")
    db.session.commit()
    theirs = addresses.save_address(other, addresses.AddressData(
        "tehran", "تهران", "خیابان آزادی", "1234567890"))
    for method, path in (("get", f"/account/addresses/{theirs.id}"),
                         ("post", f"/account/addresses/{theirs.id}"),
                         ("post", f"/account/addresses/{theirs.id}/default"),
                         ("post", f"/account/addresses/{theirs.id}/delete"),
                         ("get", f"/checkout?address={theirs.id}")):
        if path.startswith("/checkout"):
            product = listed()
            db.session.commit()
            client.post("/cart/add", data={"product_id": product.id, "quantity": 1})
        assert getattr(client, method)(path).status_code == 404, path
    assert db.session.get(SavedAddress, theirs.id).city == "تهران"


def test_checkout_is_filled_from_the_default_and_offers_the_others(client, db, buyer) -> None:
    _add(client)
    _add(client, city="نیشابور", postal_code="9134567819")
    product = listed()
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id, "quantity": 1})
    page = client.get("/checkout").get_data(as_text=True)
    assert 'value="۹۱۳۴۵۶۷۸۹۱"' in page or 'value="9134567891"' in page
    assert "بلوار وکیل‌آباد" in page and 'selected value="razavi-khorasan"' in page
    other = db.session.scalar(select(SavedAddress).where(SavedAddress.city == "نیشابور"))
    assert f'href="/checkout?address={other.id}"' in page
    chosen = client.get(f"/checkout?address={other.id}").get_data(as_text=True)
    assert "9134567819" in chosen


def test_the_account_needs_a_sign_in(client) -> None:
    assert client.get("/account").status_code == 302
