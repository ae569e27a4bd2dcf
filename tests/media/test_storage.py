"""The photo store's contract, held by both stores: a local folder, and an S3 bucket on a
real S3-compatible server (moto, on loopback, checking signatures)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from marketplace.media.storage import LocalStorage, S3Storage, from_config

PUBLIC_KEY = "public/ab/" + "ab" * 32 + "-320.webp"
PRIVATE_KEY = "private/ab/" + "ab" * 32 + ".jpg"


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "photos", "/media/")
    server = request.getfixturevalue("s3_server")
    return from_config(server.settings(server.new_bucket()))


def test_put_open_exists_delete(store) -> None:
    assert not store.exists(PUBLIC_KEY)
    store.put(PUBLIC_KEY, b"pixels", "image/webp")
    store.put(PRIVATE_KEY, b"master", "image/jpeg")
    assert store.exists(PUBLIC_KEY) and store.exists(PRIVATE_KEY)
    with store.open(PUBLIC_KEY) as stream:
        assert stream.read() == b"pixels"
    store.put(PUBLIC_KEY, b"again", "image/webp")  # a put replaces
    with store.open(PUBLIC_KEY) as stream:
        assert stream.read() == b"again"
    store.delete(PUBLIC_KEY)
    store.delete(PUBLIC_KEY)  # already gone: not an error
    assert not store.exists(PUBLIC_KEY)
    with pytest.raises(FileNotFoundError):
        store.open(PUBLIC_KEY)


def test_keys_lists_by_prefix(store) -> None:
    for key in (PUBLIC_KEY, PRIVATE_KEY, "public/cd/" + "cd" * 32 + "-800.jpg"):
        store.put(key, b"x", "image/jpeg")
    assert sorted(store.keys("public/")) == [PUBLIC_KEY, "public/cd/" + "cd" * 32 + "-800.jpg"]
    assert list(store.keys("public/ab/" + "ab" * 32)) == [PUBLIC_KEY]
    assert list(store.keys("private/")) == [PRIVATE_KEY]
    assert list(store.keys("public/ef/")) == []


@pytest.mark.parametrize("key", ["public/../private/x.jpg", "/etc/passwd", "other/x.jpg",
                                 "public/.hidden.jpg", "public", "private/a//b.jpg", ""])
def test_keys_outside_the_two_areas_are_refused(store, key) -> None:
    for call in (lambda: store.put(key, b"x", "image/jpeg"), lambda: store.open(key),
                 lambda: store.exists(key), lambda: store.delete(key)):
        with pytest.raises(ValueError):
            call()


def test_only_public_keys_have_a_public_url(store) -> None:
    url = store.public_url(PUBLIC_KEY)
    assert url.endswith("/ab/" + "ab" * 32 + "-320.webp")
    with pytest.raises(ValueError, match="private"):
        store.public_url(PRIVATE_KEY)


def test_local_public_url_is_the_media_route_or_media_url(tmp_path) -> None:
    local = LocalStorage(tmp_path, "/media/")
    assert local.public_url(PUBLIC_KEY) == "/media/ab/" + "ab" * 32 + "-320.webp"
    cdn = from_config({"PHOTO_STORAGE": "local", "UPLOAD_FOLDER": tmp_path,
                       "MEDIA_URL": "https://cdn.example/photos/"})
    assert cdn.public_url(PUBLIC_KEY) == "https://cdn.example/photos/ab/" + "ab" * 32 + "-320.webp"
    assert cdn.public_origin() == "https://cdn.example"


def test_s3_public_url_is_the_bucket_or_the_cdn_and_serves_the_file(s3_server) -> None:
    bucket = s3_server.new_bucket()
    store = from_config(s3_server.settings(bucket))
    assert isinstance(store, S3Storage)
    store.put(PUBLIC_KEY, b"pixels", "image/webp")
    store.put(PRIVATE_KEY, b"master", "image/jpeg")
    url = store.public_url(PUBLIC_KEY)
    assert url == f"{s3_server.url}/{bucket}/{PUBLIC_KEY}"
    with s3_server.anonymous_reads():
        with urllib.request.urlopen(url) as response:
            assert response.read() == b"pixels"
            assert response.headers["Content-Type"] == "image/webp"
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        # A private file has no public URL, and the bucket's policy does not let an
        # unsigned request read it.
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{s3_server.url}/{bucket}/{PRIVATE_KEY}")
        assert refused.value.code == 403
    cdn = from_config({**s3_server.settings(bucket), "MEDIA_URL": "https://cdn.example/"})
    assert cdn.public_url(PUBLIC_KEY) == "https://cdn.example/ab/" + "ab" * 32 + "-320.webp"


def test_s3_requests_are_signed_and_checked(s3_server) -> None:
    bucket = s3_server.new_bucket()
    with pytest.raises(ClientError, match="SignatureDoesNotMatch"):
        S3Storage(s3_server.client(secret="not-the-secret"), bucket, "/").put(
            PUBLIC_KEY, b"x", "image/webp")
    assert not from_config(s3_server.settings(bucket)).exists(PUBLIC_KEY)


def test_an_app_on_a_bucket_lets_pages_show_its_images(s3_server) -> None:
    from config import TestingConfig
    from marketplace import create_app

    class OnS3(TestingConfig):
        pass

    for name, value in s3_server.settings(s3_server.new_bucket()).items():
        setattr(OnS3, name, value)
    app = create_app(OnS3)
    assert isinstance(app.extensions["photo_storage"], S3Storage)
    csp = dict(app.extensions["security_headers"])["Content-Security-Policy"]
    assert f"img-src 'self' data: {s3_server.url};" in csp


def test_production_refuses_an_unknown_store_or_a_bucketless_s3() -> None:
    from config import production_problems

    assert any("PHOTO_STORAGE must be" in p for p in production_problems({"PHOTO_STORAGE": "ftp"}))
    assert any("S3_BUCKET" in p for p in production_problems({"PHOTO_STORAGE": "s3"}))
    assert not any("PHOTO_STORAGE" in p or "S3_" in p
                   for p in production_problems({"PHOTO_STORAGE": "s3", "S3_BUCKET": "b"}))
    with pytest.raises(ValueError, match="PHOTO_STORAGE"):
        from_config({"PHOTO_STORAGE": "ftp"})
