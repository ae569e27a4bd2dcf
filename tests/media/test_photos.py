"""Product photos through the app's photo store, the local folder and an S3 bucket alike:
upload (the small variant at once, the rest by the job), variants, public URLs, deletion;
a failed write or commit leaves neither a row nor a file; the same image twice in one
product is refused, also when two uploads race. The job itself: tests/media/test_photo_jobs.py."""

from __future__ import annotations

import io
import threading
import urllib.request

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db as _db
from marketplace.media import gallery, photos, storage
from marketplace.models import Photo
from marketplace.ops import integrity
from tests import factories as f


def _add(product, stream, app) -> Photo:
    """An upload and then its job, as a worker would run it right after."""
    photo = photos.add_photo(product, stream)
    f.run_jobs(app)
    _db.session.refresh(photo)
    return photo


def _jpeg(colour=(150, 40, 40), size=(1700, 1100)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    out.seek(0)
    return out


def _keys(store, digest: str) -> set[str]:
    return {k for area in (storage.PUBLIC, storage.PRIVATE) for k in store.keys(area)
            if digest in k}


def _rows() -> int:
    return _db.session.scalar(select(func.count()).select_from(Photo))


def test_upload_shows_the_small_variant_at_once_and_keeps_the_upload_private(
        store, client) -> None:
    product = f.make_product(status="listed", stock=1)
    _db.session.commit()
    data = _jpeg().getvalue()
    photo = photos.add_photo(product, io.BytesIO(data))
    assert photo.size_list == [320]
    shard = photo.digest[:2]
    assert _keys(store, photo.digest) == {
        f"public/{shard}/{photo.digest}-320.webp", f"public/{shard}/{photo.digest}-320.jpg",
        f"private/pending/{shard}/{photo.digest}.jpg"}
    assert store.open(f"private/pending/{shard}/{photo.digest}.jpg").read() == data
    page = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert store.public_url(f"public/{shard}/{photo.digest}-320.webp") in page
    assert "-800." not in page and "-1600." not in page  # only sizes that exist
    assert "pending" not in page
    assert integrity.check_photos() == []  # pending, not broken


def test_the_job_makes_the_larger_variants_and_the_master(store, app, client) -> None:
    product = f.make_product(status="listed", stock=1)
    _db.session.commit()
    photo = photos.add_photo(product, _jpeg())
    assert f.run_jobs(app) == ["make_variants"]
    _db.session.refresh(photo)
    keys = _keys(store, photo.digest)
    assert photo.size_list == [320, 800, 1600]
    assert sorted(k for k in keys if k.startswith(storage.PUBLIC)) == sorted(
        f"public/{photo.digest[:2]}/{photo.digest}-{s}.{e}"
        for s in (320, 800, 1600) for e in ("webp", "jpg"))
    assert [k for k in keys if k.startswith(storage.PRIVATE)] == [
        f"private/{photo.digest[:2]}/{photo.digest}.jpg"]
    page = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    url = store.public_url(f"public/{photo.digest[:2]}/{photo.digest}-800.webp")
    assert url in page  # the storefront links the store's own URL (bucket or /media/)
    assert photo.digest + ".jpg" not in page  # never the master


def test_local_variants_are_served_by_the_media_route_and_masters_are_not(
        app, client, db) -> None:
    photo = _add(f.make_product(), _jpeg(), app)
    shard = photo.digest[:2]
    response = client.get(f"/media/{shard}/{photo.digest}-320.webp")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert "immutable" in response.headers["Cache-Control"]
    for path in (f"../private/{shard}/{photo.digest}.jpg", f"{shard}/{photo.digest}.jpg",
                 f"../private/pending/{shard}/{photo.digest}.jpg",
                 f"{shard}/{photo.digest}-320.gif"):
        assert client.get(f"/media/{path}").status_code == 404, path


def test_s3_public_url_serves_the_variant(s3_photos, s3_server, db) -> None:
    photo = photos.add_photo(f.make_product(), _jpeg())
    url = s3_photos.public_url(f"public/{photo.digest[:2]}/{photo.digest}-320.webp")
    with s3_server.anonymous_reads(), urllib.request.urlopen(url) as response:
        assert Image.open(io.BytesIO(response.read())).size == (320, 207)


def test_deleting_the_last_row_of_an_image_deletes_its_files(store, app) -> None:
    one, two = f.make_product(), f.make_product()
    _db.session.commit()
    data = _jpeg().getvalue()
    first = _add(one, io.BytesIO(data), app)
    second = photos.add_photo(two, io.BytesIO(data))
    assert second.size_list == [320, 800, 1600]  # all stored already: no job
    assert not gallery.delete_photo(first, actor=None)  # the other product still shows it
    assert len(_keys(store, second.digest)) == 7
    assert gallery.delete_photo(second, actor=None)
    assert _keys(store, second.digest) == set()


class Failing(storage.Storage):
    """A store that writes `allowed` files into `inner`, then fails."""

    def __init__(self, inner: storage.Storage, allowed: int) -> None:
        self.inner, self.allowed = inner, allowed

    def put(self, key, data, content_type):
        if self.allowed == 0:
            raise OSError("the store is unreachable")
        self.allowed -= 1
        self.inner.put(key, data, content_type)

    def open(self, key):
        return self.inner.open(key)

    def exists(self, key):
        return self.inner.exists(key)

    def delete(self, key):
        self.inner.delete(key)

    def keys(self, prefix=""):
        return self.inner.keys(prefix)

    def _public_base(self):
        return self.inner._public_base()

    def public_origin(self):
        return self.inner.public_origin()


def test_a_failed_put_leaves_no_row_and_no_file(store, app, monkeypatch) -> None:
    product = f.make_product()
    _db.session.commit()
    before = set(store.keys(""))
    # The two 320 px files go in, then keeping the upload fails.
    monkeypatch.setitem(app.extensions, "photo_storage", Failing(store, allowed=2))
    with pytest.raises(OSError, match="unreachable"):
        photos.add_photo(product, _jpeg())
    assert _rows() == 0
    assert set(store.keys("")) == before


def test_a_failed_commit_takes_the_files_back(store, monkeypatch) -> None:
    product = f.make_product()
    _db.session.commit()
    before = set(store.keys(""))

    def refuse() -> None:
        raise IntegrityError("INSERT", {}, Exception("the database said no"))

    monkeypatch.setattr(_db.session, "commit", refuse)
    with pytest.raises(IntegrityError):
        photos.add_photo(product, _jpeg())
    monkeypatch.undo()
    assert _rows() == 0
    assert set(store.keys("")) == before


def test_a_repeat_is_refused_and_the_database_holds_it_too(db) -> None:
    product = f.make_product()
    _db.session.commit()
    data = _jpeg().getvalue()
    photo = photos.add_photo(product, io.BytesIO(data))
    with pytest.raises(photos.DuplicatePhoto) as refused:
        photos.add_photo(product, io.BytesIO(data))
    assert str(refused.value.message) == str(photos.DuplicatePhoto().message)
    _db.session.add(Photo(product_id=product.id, digest=photo.digest, width=1, height=1,
                          sizes="320"))
    with pytest.raises(IntegrityError):  # behind the application's check: the index
        _db.session.commit()
    _db.session.rollback()


def test_two_racing_uploads_of_one_image_make_one_photo(app, db, monkeypatch) -> None:
    """Both pass the application's check (held at a barrier just after it); the unique
    index refuses the second commit, which gets the same message as a plain repeat."""
    product = f.make_product()
    _db.session.commit()
    product_id, data = product.id, _jpeg().getvalue()
    barrier, real_has, checks = threading.Barrier(2, timeout=20), photos._has, []

    def has_then_wait(pid: int, digest: str) -> bool:
        found = real_has(pid, digest)
        checks.append(found)
        if len(checks) <= 2:  # the two first checks; the loser's second look goes through
            barrier.wait()
        return found

    monkeypatch.setattr(photos, "_has", has_then_wait)
    outcomes: list[str] = []

    def upload() -> None:
        with app.app_context():
            try:
                photos.add_photo(_db.session.get(type(product), product_id), io.BytesIO(data))
                outcomes.append("added")
            except photos.DuplicatePhoto as refused:
                outcomes.append(str(refused.message))
            finally:
                _db.session.remove()

    import contextvars

    threads = [threading.Thread(target=contextvars.Context().run, args=(upload,))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["added", str(photos.DuplicatePhoto().message)])
    assert checks[:2] == [False, False]  # both passed the application's check
    assert _rows() == 1
    assert integrity.check_photos() == []  # the loser took back nothing the winner uses


def test_check_integrity_names_a_photo_whose_variant_is_gone(store, app) -> None:
    photo = _add(f.make_product(), _jpeg(), app)
    assert integrity.check_photos() == []
    missing = f"public/{photo.digest[:2]}/{photo.digest}-800.jpg"
    store.delete(missing)
    (problem,) = integrity.check_photos()
    assert f"photos with files missing from the photo store: {photo.id}" in problem
    assert missing in problem
    assert integrity.run_all()["photo files"] == [problem]
