"""Listings: editing, photos, publishing rules, past orders' prices."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.catalogue import listings
from marketplace.extensions import db as _db
from marketplace.models import AuditLog, OrderLine, Photo, Product
from tests import factories as f


def _form(product, **over):
    data = {"title_fa": "گلیم  كوچك", "title_en": "Small kilim", "description_fa": "دستباف",
            "description_en": "", "price": "۱۲۰٬۰۰۰",
            "width_cm": "60", "length_cm": "90", "knots_per_sq_cm": "", "weight_g": "800",
            "materials_fa": "پشم", "materials_en": "wool", "colours_fa": "لاکی",
            "colours_en": "madder red"}
    data.update(over)
    return data


def _fresh(product_id: int) -> Product:
    _db.session.expire_all()
    return _db.session.get(Product, product_id)


def test_edit_stores_toman_as_rials_and_normalises_text(client, login_as, mine) -> None:
    login_as(mine.user)
    url = f"/producers/listings/{mine.product.id}"
    assert client.post(url, data=_form(mine.product)).status_code == 302
    p = _fresh(mine.product.id)
    assert p.price_rials == 1_200_000
    assert p.title_fa == "گلیم کوچک"  # Arabic kaf normalised, double space collapsed
    assert p.width_cm == 60 and p.knots_per_sq_cm is None and p.colours_en == "madder red"
    assert "small" in p.search_text  # search.refresh ran on the edit
    assert _db.session.scalar(select(AuditLog).where(AuditLog.action == "listing.update"))


@pytest.mark.parametrize("bad", ["-100", "12.5", "قیمت", "100000000000001", "0"])
def test_bad_prices_are_refused(client, login_as, mine, bad) -> None:
    login_as(mine.user)
    response = client.post(f"/producers/listings/{mine.product.id}",
                           data=_form(mine.product, price=bad))
    assert response.status_code == 200
    assert 'id="price-error"' in response.get_data(as_text=True)
    assert _fresh(mine.product.id).price_rials == 10_000_000


def test_a_price_change_never_changes_past_orders(client, login_as, mine) -> None:
    login_as(mine.user)
    client.post(f"/producers/listings/{mine.product.id}", data=_form(mine.product, price="5000"))
    line = _db.session.get(OrderLine, mine.line.id)
    assert line.unit_price_rials == 10_000_000 and line.line_total_rials == 10_000_000
    assert _fresh(mine.product.id).price_rials == 50_000


def test_publishing_needs_a_photo_a_price_and_makers(client, login_as, db) -> None:
    driver_user = f.make_user("driver")
    product = f.make_product(driver=driver_user.driver, price_rials=None, status="draft")
    db.session.commit()
    login_as(driver_user)
    response = client.post(f"/producers/listings/{product.id}/publish", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "photo" in html.lower() or "عکس" in html
    assert _fresh(product.id).status == "draft"
    reasons = listings.readiness(_fresh(product.id)).reasons
    assert len(reasons) == 3


def test_publish_unpublish_archive(client, login_as, db, mine) -> None:
    f.make_photo(product=mine.product)
    db.session.commit()
    login_as(mine.user)
    base = f"/producers/listings/{mine.product.id}"
    client.post(base + "/publish")
    p = _fresh(mine.product.id)
    assert p.status == "listed" and p.listed_at is not None
    client.post(base + "/unpublish")
    assert _fresh(mine.product.id).status == "draft"
    client.post(base + "/archive")
    assert _fresh(mine.product.id).status == "archived"
    client.post(base + "/publish")  # archived → listed is not a transition
    assert _fresh(mine.product.id).status == "archived"


def test_a_listed_item_keeps_its_price(client, login_as, db, mine) -> None:
    f.make_photo(product=mine.product)
    db.session.commit()
    login_as(mine.user)
    client.post(f"/producers/listings/{mine.product.id}/publish")
    response = client.post(f"/producers/listings/{mine.product.id}",
                           data=_form(mine.product, price=""))
    assert 'id="price-error"' in response.get_data(as_text=True)


def _png() -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (180, 40, 40)).save(buf, "PNG")
    buf.seek(0)
    return buf


def test_driver_uploads_a_photo_and_chooses_the_cover(client, login_as, db, mine) -> None:
    first = f.make_photo(product=mine.product, is_cover=True)
    db.session.commit()
    login_as(mine.user)
    url = f"/producers/listings/{mine.product.id}/photos"
    response = client.post(url, data={"photo": (_png(), "rug.png"), "alt_fa": "گلیم"},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    new = _db.session.scalars(select(Photo).where(Photo.id != first.id)).one()
    assert new.uploaded_by_id == mine.user.id and not new.is_cover
    client.post(f"/producers/listings/{mine.product.id}/photos/{new.id}/cover")
    _db.session.expire_all()
    assert _db.session.get(Photo, new.id).is_cover
    assert not _db.session.get(Photo, first.id).is_cover
    assert _db.session.get(Photo, new.id).position == 0


def test_the_same_photo_twice_is_refused_next_to_the_field(client, login_as, db, mine) -> None:
    """Finding 13: a repeat of the listing's photo (same digest) adds nothing."""
    login_as(mine.user)
    url = f"/producers/listings/{mine.product.id}/photos"
    assert client.post(url, data={"photo": (_png(), "rug.png")},
                       content_type="multipart/form-data").status_code == 302
    again = client.post(url, data={"photo": (_png(), "rug-again.png")},
                        content_type="multipart/form-data")
    assert again.status_code == 200
    html = again.get_data(as_text=True)
    assert 'id="photo-error"' in html and "این عکس پیش از این در عکس‌های این کالا هست." in html
    assert len(_db.session.scalars(select(Photo)).all()) == 1


def test_a_file_that_is_not_an_image_is_refused_next_to_the_field(client, login_as, mine) -> None:
    login_as(mine.user)
    response = client.post(
        f"/producers/listings/{mine.product.id}/photos",
        data={"photo": (io.BytesIO(b"not an image at all"), "x.png")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="photo-error"' in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert _db.session.scalars(select(Photo)).all() == []


def test_listings_page_shows_every_status(client, login_as, db, mine) -> None:
    f.make_product(driver=mine.driver, title_fa="بایگانی‌شده", status="archived")
    db.session.commit()
    login_as(mine.user)
    html = client.get("/producers/listings").get_data(as_text=True)
    assert "بایگانی‌شده" in html and mine.product.title_fa in html


def test_photos_can_be_reordered(client, login_as, db, mine, theirs) -> None:
    a, b, c = (f.make_photo(product=mine.product, position=i) for i in range(3))
    db.session.commit()
    login_as(mine.user)
    base = f"/producers/listings/{mine.product.id}/photos"
    assert client.post(f"{base}/{c.id}/earlier").status_code == 302
    _db.session.expire_all()
    order = [p.id for p in _db.session.scalars(
        select(Photo).where(Photo.product_id == mine.product.id).order_by(Photo.position))]
    assert order == [a.id, c.id, b.id]
    client.post(f"{base}/{a.id}/earlier")  # already first: stays
    client.post(f"{base}/{a.id}/later")
    _db.session.expire_all()
    order = [p.id for p in _db.session.scalars(
        select(Photo).where(Photo.product_id == mine.product.id).order_by(Photo.position))]
    assert order == [c.id, a.id, b.id]
    html = client.get(f"/producers/listings/{mine.product.id}").get_data(as_text=True)
    assert html.count("/earlier") == 2 and html.count("/later") == 2
    stranger = f.make_photo(product=theirs.product)
    db.session.commit()
    assert client.post(f"{base}/{stranger.id}/later").status_code == 404


def test_driver_removes_a_photo_from_own_item_only(client, db, login_as) -> None:
    from marketplace.models import Photo
    from tests import factories as f

    driver = f.make_user("driver")
    product = f.make_product(driver=driver.driver, status="draft")
    keep, drop = f.make_photo(product=product), f.make_photo(product=product)
    other = f.make_photo(product=f.make_product())
    keep_id, drop_id, other_id = keep.id, drop.id, other.id
    login_as(driver)
    url = f"/producers/listings/{product.id}/photos"
    assert client.post(f"{url}/{drop_id}/delete").status_code == 302
    assert client.post(f"{url}/{other_id}/delete").status_code == 302  # not its photo: refused
    db.session.expire_all()
    assert db.session.get(Photo, drop_id) is None
    assert db.session.get(Photo, keep_id) and db.session.get(Photo, other_id)
