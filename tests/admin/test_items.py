"""Check-in, multi-file photo upload with per-file results, photo order/cover/delete, labels."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.models import Photo, Purchase
from tests.factories import make_driver, make_product, make_purchase, stored_photo_keys


def _image_bytes(fmt: str, mode: str = "RGB", size=(640, 480), colour=(180, 40, 40)) -> bytes:
    out = io.BytesIO()
    fill = (*colour, 128) if mode == "RGBA" else colour
    Image.new(mode, size, fill).save(out, format=fmt)
    return out.getvalue()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _files(app) -> set[str]:
    return stored_photo_keys()


@pytest.fixture
def product(world, db):
    driver = make_driver(centres=[world.centre1])
    item = make_product(driver=driver, centre=world.centre1)
    db.session.commit()
    return item


def _upload(client, product_id, *files):
    return client.post(
        f"/admin/items/{product_id}/photos",
        data={"photos": [(io.BytesIO(body), name) for name, body in files]},
        content_type="multipart/form-data",
    )


def test_check_in(client, login_as, world, product, db):
    purchase = make_purchase(product=product)
    db.session.commit()
    login_as(world.staff1)
    assert product.title_fa in client.get("/admin/items").get_data(as_text=True)
    response = client.post(f"/admin/purchases/{purchase.id}/check-in")
    assert response.status_code == 302
    db.session.expire_all()
    checked = db.session.get(Purchase, purchase.id)
    assert checked.checked_in_at is not None and checked.checked_in_by_id == world.staff1.id
    page = client.get("/admin/items").get_data(as_text=True)
    pending, recent = page.split("Recently checked in", 1) if "Recently checked in" in page \
        else page.split("<h2", 1)
    assert product.title_fa not in pending and product.title_fa in recent


def test_multi_file_upload_reports_each_file(app, client, login_as, world, product, db):
    login_as(world.staff1)
    before = _files(app)
    svg_digest_name = "evil.jpg"
    response = _upload(
        client, product.id,
        ("rug.jpg", _image_bytes("JPEG")),
        (svg_digest_name, SVG),
        ("clear.png", _image_bytes("PNG", "RGBA", colour=(10, 200, 10))),
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("table-success") == 2 and rows.count("table-danger") == 1
    assert "evil.jpg" in rows
    photos = db.session.scalars(select(Photo).order_by(Photo.position)).all()
    assert len(photos) == 2
    assert [p.is_cover for p in photos] == [True, False]
    assert photos[1].has_alpha
    written = _files(app) - before
    digests = {p.digest for p in photos}
    # Only the two accepted images left files; nothing for the refused SVG.
    assert written and all(any(d in f for d in digests) for f in written)


def test_upload_without_files_is_an_error(client, login_as, world, product, db):
    login_as(world.staff1)
    response = client.post(f"/admin/items/{product.id}/photos", data={},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert "is-invalid" in response.get_data(as_text=True)
    assert db.session.scalar(select(Photo)) is None


def test_order_cover_alt_and_delete(app, client, login_as, world, product, db):
    login_as(world.staff1)
    _upload(client, product.id, ("a.jpg", _image_bytes("JPEG", colour=(1, 2, 3))),
            ("b.jpg", _image_bytes("JPEG", colour=(200, 200, 3))))
    first, second = db.session.scalars(select(Photo).order_by(Photo.position)).all()
    client.post(f"/admin/photos/{second.id}/move", data={"step": "up"})
    client.post(f"/admin/photos/{second.id}/cover")
    client.post(f"/admin/photos/{second.id}/alt", data={f"p{second.id}-alt_fa": "قالیچه قرمز"})
    db.session.expire_all()
    ordered = db.session.scalars(select(Photo).order_by(Photo.position)).all()
    assert [p.id for p in ordered] == [second.id, first.id]
    assert [p.is_cover for p in ordered] == [True, False]
    assert ordered[0].alt_fa == "قالیچه قرمز"

    digest = second.digest
    client.post(f"/admin/photos/{second.id}/delete")
    db.session.expire_all()
    remaining = db.session.scalars(select(Photo)).all()
    assert [p.id for p in remaining] == [first.id] and remaining[0].is_cover
    assert not any(digest in f for f in _files(app))


def test_last_photo_of_a_listed_item_stays(client, login_as, world, product, db):
    login_as(world.staff1)
    _upload(client, product.id, ("only.jpg", _image_bytes("JPEG")))
    product.status = "listed"
    db.session.commit()
    photo = db.session.scalar(select(Photo))
    client.post(f"/admin/photos/{photo.id}/delete")
    assert db.session.scalar(select(Photo)) is not None


def test_delete_keeps_files_another_photo_uses(app, client, login_as, world, product, db):
    other = make_product(driver=product.driver, centre=world.centre1)
    db.session.commit()
    login_as(world.staff1)
    body = _image_bytes("JPEG", colour=(7, 77, 177))
    _upload(client, product.id, ("same.jpg", body))
    _upload(client, other.id, ("same.jpg", body))
    mine, theirs = db.session.scalars(select(Photo).order_by(Photo.id)).all()
    assert mine.digest == theirs.digest
    client.post(f"/admin/photos/{mine.id}/delete")
    assert any(mine.digest in f for f in _files(app))  # still used by the other item
    client.post(f"/admin/photos/{theirs.id}/delete")
    assert not any(mine.digest in f for f in _files(app))


def test_label_page_png_and_svg(client, login_as, world, product):
    login_as(world.staff1)
    page = client.get(f"/admin/items/{product.id}/label").get_data(as_text=True)
    assert 'class="label-print"' in page and "<svg" in page
    assert product.code in page and world.centre1.name_fa in page
    assert product.craft.name_fa in page
    png = client.get(f"/admin/items/{product.id}/label.png")
    assert png.mimetype == "image/png"
    assert Image.open(io.BytesIO(png.data)).format == "PNG"
    # The centre and craft lines are drawn under the QR code, not only the item code.
    from marketplace.media.labels import label_png

    url = f"http://localhost/products/{product.id}-{product.slug}"
    code_only = Image.open(io.BytesIO(label_png(url, code=product.code)))
    full = Image.open(io.BytesIO(png.data))
    assert full.width == code_only.width and full.height > code_only.height
    svg = client.get(f"/admin/items/{product.id}/label.svg")
    assert svg.mimetype == "image/svg+xml"
    text = svg.get_data(as_text=True)
    assert product.code in text and world.centre1.name_fa in text
    assert "<script" not in text


def test_label_qr_encodes_the_public_page(client, login_as, world, product, monkeypatch):
    from marketplace.media import labels as itemlabel

    seen = []
    real = itemlabel._code

    def spy(url):
        seen.append(url)
        return real(url)

    monkeypatch.setattr(itemlabel, "_code", spy)
    login_as(world.staff1)
    client.get(f"/admin/items/{product.id}/label")
    client.get(f"/admin/items/{product.id}/label.png")
    expected = f"http://localhost/products/{product.id}-{product.slug}"
    assert seen == [expected, expected]


def test_the_same_photo_twice_is_refused_and_writes_nothing(client, login_as, world, product,
                                                            db):
    """Finding 13: a repeat of a product's photo (same digest) is refused, in Persian."""
    from marketplace.models import AuditLog

    login_as(world.staff1)
    body = _image_bytes("JPEG", colour=(9, 99, 199))
    _upload(client, product.id, ("a.jpg", body))
    audits = db.session.scalar(select(func.count()).select_from(AuditLog))
    page = _upload(client, product.id, ("again.jpg", body), ("copy.jpg", body))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count("این عکس پیش از این در عکس‌های این کالا هست.") == 2
    db.session.expire_all()
    assert len(db.session.scalars(select(Photo)).all()) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == audits
