"""Backups taken while orders are being written restore into a sound shop: the database
and the photo store from one archive, whose checksums are verified first."""

from __future__ import annotations

import contextvars
import io
import json
import tarfile
import threading
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select, text

from config import TestingConfig
from marketplace import create_app, ledger
from marketplace.extensions import db as _db
from marketplace.ledger import MakerShare
from marketplace.media import photos, storage
from marketplace.models import LedgerEntry, Order, Photo, Product
from marketplace.ops import integrity
from marketplace.ops.backup import BackupError, backup, restore, verify
from tests import factories as f
from tests.scratch import scratch_database


def _jpeg(colour: tuple[int, int, int]) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), colour).save(out, "JPEG")
    out.seek(0)
    return out


def test_backup_while_writing_then_restore(app, db, tmp_path) -> None:
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    maker = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver, centre=centre, stock=0, status="listed")
    db.session.commit()
    app.extensions["jobs"].huey.flush()
    photo = photos.add_photo(product, _jpeg((120, 30, 30)))
    f.run_jobs(app)  # its variants and master
    photo_keys = {k for k in f.stored_photo_keys() if photo.digest in k}
    assert len(photo_keys) == 5  # master, WebP and JPEG at 320 and 800
    ledger.record_purchase(driver, product=product, quantity=2, total_rials=500_000,
                           makers=[MakerShare(maker.id, 100)], purchased_on=date(2026, 1, 1))
    centre_id = centre.id
    stop = threading.Event()

    def write_orders() -> None:
        with app.app_context():
            n = 0
            while not stop.is_set() and n < 200:
                f.make_order(pickup_centre=_db.session.get(type(centre), centre_id))
                _db.session.commit()
                n += 1
            _db.session.remove()

    writer = threading.Thread(target=contextvars.Context().run, args=(write_orders,))
    writer.start()
    try:
        path = backup(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "shop.backup",
                      storage.current())
    finally:
        stop.set()
        writer.join()
    assert path.stat().st_size > 0 and path.stat().st_mode & 0o777 == 0o600
    assert photo_keys <= {n.removeprefix("photos/") for n in verify(path)["files"]}

    target_url = scratch_database(app.config["SQLALCHEMY_DATABASE_URI"], "restored", tmp_path)
    backed_up_version = _db.session.scalar(text("SELECT token FROM catalogue_version WHERE id = 1"))
    _db.session.rollback()
    restored_photos = tmp_path / "restored-photos"
    restore(target_url, path, storage.LocalStorage(restored_photos, "/media/"))

    class Restored(TestingConfig):
        SQLALCHEMY_DATABASE_URI = target_url
        UPLOAD_FOLDER = restored_photos

    restored = create_app(Restored)

    def inspect() -> tuple[dict, int, int, int]:
        with restored.app_context():
            counts = (
                _db.session.scalar(select(func.count()).select_from(Photo)),
                _db.session.scalar(select(func.count()).select_from(Product)),
                _db.session.scalar(select(func.count()).select_from(LedgerEntry)),
                _db.session.scalar(select(func.count()).select_from(Order)),
            )
            problems = integrity.run_all()
            version = _db.session.scalar(text("SELECT token FROM catalogue_version WHERE id = 1"))
            assert version not in (None, backed_up_version)  # workers' page caches renew
            _db.session.remove()
            _db.engine.dispose()
            return problems, *counts

    problems, photo_rows, products, entries, orders = contextvars.Context().run(inspect)
    assert all(not p for p in problems.values()), problems  # "photo files" included
    assert (photo_rows, products, entries) == (1, 1, 1)
    assert 0 <= orders <= 200
    for key in photo_keys:  # the very bytes
        assert (restored_photos / key).read_bytes() == storage.current().open(key).read()


def test_a_bucket_is_backed_up_into_the_archive_and_restored(app, db, s3_photos, s3_server,
                                                             tmp_path) -> None:
    product = f.make_product()
    db.session.commit()
    photo = photos.add_photo(product, _jpeg((30, 120, 30)))
    path = backup(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "s3.backup", s3_photos)
    target = storage.from_config(s3_server.settings(s3_server.new_bucket()))
    target_url = scratch_database(app.config["SQLALCHEMY_DATABASE_URI"], "from_s3", tmp_path)
    _db.session.rollback()

    restore(target_url, path, target)

    assert sorted(target.keys("")) == sorted(s3_photos.keys(""))
    assert any(photo.digest in key for key in target.keys(storage.PUBLIC))


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive with `change(name, data)` applied to each member's bytes
    (returning None drops the member)."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture
def archive(app, db, tmp_path) -> Path:
    product = f.make_product()
    db.session.commit()
    photos.add_photo(product, _jpeg((30, 30, 120)))
    return backup(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "good.backup",
                  storage.current())


def _a_photo(name: str) -> bool:
    return name.startswith("photos/public/") and name.endswith(".webp")


@pytest.mark.parametrize(("damage", "said"), [
    (lambda n, d: d[:-1] + bytes([d[-1] ^ 1]) if _a_photo(n) else d, "does not match"),
    (lambda n, d: None if _a_photo(n) else d, "is missing"),
    (lambda n, d: None if n == "manifest.json" else d, "no readable manifest"),
    (lambda n, d: b"x" + d if n.startswith("database.") else d, "does not match"),
    (lambda n, d: json.dumps({**json.loads(d), "files": {
        **json.loads(d)["files"], "photos/public/../../etc/x.jpg": "0" * 64}}).encode()
     if n == "manifest.json" else d, "not a photo's name"),
])
def test_a_damaged_archive_is_refused_and_nothing_changes(app, db, archive, tmp_path, damage,
                                                           said) -> None:
    bad = _rewrite(archive, tmp_path / "bad.backup", damage)
    target_url = scratch_database(app.config["SQLALCHEMY_DATABASE_URI"], "untouched", tmp_path)
    photo_dir = tmp_path / "untouched-photos"
    _db.session.rollback()
    with pytest.raises(BackupError, match=said) as refused:
        restore(target_url, bad, storage.LocalStorage(photo_dir, "/media/"))
    assert "nothing was restored" in str(refused.value)
    assert not photo_dir.exists()


def test_a_truncated_archive_is_refused(app, db, archive, tmp_path) -> None:
    cut = tmp_path / "cut.backup"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupError, match="damaged or incomplete"):
        verify(cut)


def test_the_restore_command_refuses_a_damaged_archive_clearly(app, db, archive, tmp_path) -> None:
    bad = _rewrite(archive, tmp_path / "bad.backup",
                   lambda n, d: d[:-1] + b"!" if _a_photo(n) else d)
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(bad)])
    assert result.exit_code == 1
    assert "damaged or incomplete" in result.output and "nothing was restored" in result.output


def test_the_backup_command_writes_a_verified_archive(app, db, tmp_path) -> None:
    photos.add_photo(f.make_product(), _jpeg((200, 200, 30)))
    target = tmp_path / "cli.backup"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "database and the photos" in result.output
    manifest = verify(target)
    assert manifest["database"] == _db.engine.dialect.name
    assert any(name.startswith("photos/private/") for name in manifest["files"])
