"""The photo job (media/photos.make_variants on the Huey queue), on a local folder and an
S3 bucket: it makes the 800 and 1600 px variants and the master from the kept upload and
deletes it; it is idempotent; a failure is retried with backoff, then kept for the admin;
an upload whose job was lost (a crash after the commit) is found by the sweep."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.media import gallery, photos
from marketplace.media import pipeline as images
from marketplace.models import FailedJob, Photo
from marketplace.models.base import utcnow
from marketplace.ops import integrity
from marketplace.web.labels import label
from tests import factories as f


def _jpeg(size=(1700, 1100)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(out, "JPEG")
    out.seek(0)
    return out


def _upload(size=(1700, 1100), status="listed") -> Photo:
    product = f.make_product(status=status, stock=1)
    db.session.commit()
    return photos.add_photo(product, _jpeg(size))


def _files(store, digest: str) -> set[str]:
    return {k for k in store.keys("") if digest in k}


def test_the_job_finishes_a_photo_and_a_second_run_changes_nothing(store, app) -> None:
    photo = _upload()
    digest, photo_id = photo.digest, photo.id
    assert images.pending_keys(digest, store)
    assert f.run_jobs(app) == ["make_variants"]
    db.session.expire_all()
    assert db.session.get(Photo, photo_id).size_list == [320, 800, 1600]
    files = _files(store, digest)
    assert f"private/{digest[:2]}/{digest}.jpg" in files  # the master
    assert {k for k in files if k.startswith("public/")} == {
        f"public/{digest[:2]}/{digest}-{s}.{e}" for s in (320, 800, 1600) for e in ("webp", "jpg")}
    assert images.pending_keys(digest, store) == []  # the kept upload is gone
    with Image.open(store.open(f"private/{digest[:2]}/{digest}.jpg")) as master:
        assert master.size == (1700, 1100) and not master.getexif()
    photos.make_variants(digest)  # again: nothing to do, nothing broken
    assert _files(store, digest) == files
    assert integrity.check_photos() == []


def test_a_small_photo_gets_its_master_from_the_job(store, app) -> None:
    photo = _upload(size=(300, 200))  # smaller than every size: one variant at its own
    assert photo.size_list == [300]
    f.run_jobs(app)
    assert images.pending_keys(photo.digest, store) == []
    assert integrity.check_photos() == []


def test_a_failing_job_is_retried_with_backoff_then_kept_for_the_admin(
        store, app, monkeypatch) -> None:
    photo = _upload()
    digest, photo_id = photo.digest, photo.id
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise OSError("the bucket is unreachable")

    monkeypatch.setattr(images, "complete_upload", broken)
    huey = app.extensions["jobs"].huey
    f.run_jobs(app)
    waits = []
    for _ in range(app.config["JOB_RETRIES"]):
        assert huey.scheduled_count() == 1 and not db.session.scalars(select(FailedJob)).all()
        (waiting,) = huey.scheduled()  # its time is counted from when it failed, just now
        waits.append(round((waiting.eta - utcnow()).total_seconds()))
        assert f.run_jobs(app, waiting.eta) == ["make_variants"]
    assert len(calls) == app.config["JOB_RETRIES"] + 1
    first = app.config["JOB_RETRY_SECONDS"]
    assert waits == [first * 2 ** k for k in range(len(waits))]  # 10 s, 20 s, 40 s
    (failed,) = db.session.scalars(select(FailedJob)).all()
    assert (failed.task, failed.args) == ("make_variants", [digest])
    assert "unreachable" in failed.error
    assert str(label("job", "make_variants")) != "make_variants"  # the admin's page names it
    # The photo still shows its small variant, and waits: the upload is kept.
    assert db.session.get(Photo, photo_id).size_list == [320]
    assert images.pending_keys(digest, store)


def test_a_crash_after_the_commit_is_recovered_by_the_sweep(store, app, monkeypatch) -> None:
    photo = _upload()
    digest, photo_id = photo.digest, photo.id
    app.extensions["jobs"].huey.flush()  # the worker died before running the job
    sweep = app.extensions["jobs"].tasks["sweep_photo_uploads"]
    sweep()
    assert f.run_jobs(app) == ["sweep_photo_uploads"]  # too young: its own job may still run
    monkeypatch.setitem(app.config, "PHOTO_SWEEP_MINUTES", 0)
    sweep()
    assert f.run_jobs(app) == ["sweep_photo_uploads", "make_variants"]
    db.session.expire_all()
    assert db.session.get(Photo, photo_id).size_list == [320, 800, 1600]
    assert images.pending_keys(digest, store) == []
    sweep()
    assert f.run_jobs(app) == ["sweep_photo_uploads"]  # nothing left to sweep


def test_integrity_waits_an_hour_for_a_pending_photo(store, app) -> None:
    photo = _upload()
    assert integrity.check_photos() == []
    photo.created_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    problems = integrity.check_photos()
    assert f"photos whose variants are still to be made after an hour: {photo.id}" in problems[0]
    f.run_jobs(app)
    assert integrity.check_photos() == []


def test_a_photo_deleted_before_its_job_leaves_no_file(store, app) -> None:
    photo = _upload(status="draft")
    digest = photo.digest
    gallery.delete_photo(photo, actor=None)
    assert _files(store, digest) == set()  # the kept upload went with the variants
    f.run_jobs(app)
    assert _files(store, digest) == set()


@pytest.mark.parametrize("kept", [True, False])
def test_the_job_finishes_every_row_of_the_image(store, app, kept) -> None:
    """A second product adds the same image while the first one's job has not run: one
    run finishes both (and when the upload was already gone, the rows are still brought
    up to what is stored)."""
    first = _upload()
    second = photos.add_photo(f.make_product(), _jpeg())
    db.session.commit()
    if not kept:
        photos.make_variants(first.digest)
        db.session.execute(Photo.__table__.update().where(Photo.id == second.id)
                           .values(sizes="320"))
        db.session.commit()
    photos.make_variants(first.digest)
    db.session.expire_all()
    assert [p.size_list for p in db.session.scalars(select(Photo))] == [[320, 800, 1600]] * 2
