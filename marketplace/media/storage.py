"""Where photo files live: one interface, a local folder (the default) or an S3 bucket.

Every file is named by a key such as `public/ab/<digest>-320.webp`. Keys under
`public/` may be shown to anyone and have a public URL; keys under `private/` (masters,
buyers' return photos) never do: the app itself serves them, after its access checks.
Nothing outside this module turns a key into a path or a bucket request.

- `LocalStorage`: files under a folder (UPLOAD_FOLDER, `instance/uploads` by default),
  written atomically; public files are served by the app's `/media/` route or MEDIA_URL.
- `S3Storage`: one bucket of any S3-compatible service (AWS S3, ArvanCloud, MinIO)
  through boto3; the bucket's policy lets anyone read `public/*` and nothing else, and
  public URLs are MEDIA_URL (a CDN whose origin is the bucket's `public/`) or the bucket's
  own address.

Chosen by PHOTO_STORAGE ("local" or "s3"); `current()` is the app's store.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from flask import Flask, current_app, url_for

PUBLIC = "public/"
PRIVATE = "private/"
# A year, and never revalidated: a name is its content's hash, so it never changes.
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
_KEY = re.compile(r"(public|private)(/[0-9A-Za-z_-][0-9A-Za-z._-]*)+")
_EXTENSION = "photo_storage"


def check_key(key: str) -> str:
    """`key` itself if it names a file in one of the two areas; ValueError otherwise
    (no `..`, no absolute path, no hidden or temporary file)."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


def is_public(key: str) -> bool:
    return check_key(key).startswith(PUBLIC)


_CONTENT_TYPES = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}


def content_type(key: str) -> str:
    """The MIME type of a stored photo file, by its extension (KeyError for another)."""
    return _CONTENT_TYPES[key.rpartition(".")[2]]


class Storage(ABC):
    """Put, open, test, delete and list files by key; public URLs of public keys."""

    @abstractmethod
    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key` whole, or raise having stored nothing."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """The file's bytes, seekable; FileNotFoundError when there is none."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the file; a missing one is not an error."""

    @abstractmethod
    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key that starts with `prefix` (for backups and integrity checks)."""

    def public_url(self, key: str) -> str:
        """Where a browser fetches a public file. A private key has no public URL."""
        # Only the area is checked: a URL opens nothing here, and a page asks for dozens.
        if not key.startswith(PUBLIC):
            raise ValueError(f"{key!r} is private and has no public URL")
        return self._public_base() + key[len(PUBLIC):]

    @abstractmethod
    def _public_base(self) -> str:
        """The URL that `public/` maps to, ending in a slash."""

    @abstractmethod
    def public_origin(self) -> str:
        """`scheme://host` that public files come from, or "" when this site serves them
        (for the Content-Security-Policy)."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class LocalStorage(Storage):
    """Files under `root` (`root/public/…`, `root/private/…`)."""

    def __init__(self, root: Path, base_url: str | Callable[[], str]) -> None:
        self.root = Path(root)
        self._base = base_url

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A temporary name first, so that no reader ever sees half a file.
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644 if is_public(key) else 0o640)
            os.replace(tmp, path)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        with suppress(FileNotFoundError):
            self._path(key).unlink()

    def keys(self, prefix: str = "") -> Iterator[str]:
        # Walk only the folder the prefix names: a digest's shard, not the whole store.
        folder = self.root / prefix.rpartition("/")[0]
        if not folder.is_dir():
            return
        for dirpath, _, filenames in os.walk(folder):
            for name in sorted(filenames):
                key = Path(dirpath, name).relative_to(self.root).as_posix()
                if key.startswith(prefix) and not name.startswith("."):
                    yield key

    def _public_base(self) -> str:
        if callable(self._base):
            self._base = self._base()  # once: the app's mount point does not move
        return self._base

    def public_origin(self) -> str:
        return "" if callable(self._base) else _origin(self._base)


class S3Storage(Storage):
    """One bucket of an S3-compatible service, through a boto3 client."""

    def __init__(
        self, client: Any, bucket: str, public_base: str, public_acl: bool = False
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.base = public_base if public_base.endswith("/") else public_base + "/"
        self.public_acl = public_acl

    def put(self, key: str, data: bytes, content_type: str) -> None:
        extra: dict[str, str] = {"ContentType": content_type}
        if is_public(key):
            extra["CacheControl"] = PUBLIC_CACHE_CONTROL
            if self.public_acl:  # for services that have object ACLs but no bucket policy
                extra["ACL"] = "public-read"
        # One PUT: S3 stores an object whole or not at all.
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data, **extra)

    def open(self, key: str) -> BinaryIO:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(key) from None
        with response["Body"] as body:
            return io.BytesIO(body.read())

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def keys(self, prefix: str = "") -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        )
        for page in pages:
            for item in page.get("Contents", ()):
                yield item["Key"]

    def _public_base(self) -> str:
        return self.base

    def public_origin(self) -> str:
        return _origin(self.base)


def public_read_policy(bucket: str) -> dict[str, Any]:
    """The bucket policy production sets: anyone may read `public/*`, and nothing else
    (docs/scaling.md). Masters and return photos under `private/` stay private."""
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PublicPhotoVariants", "Effect": "Allow", "Principal": "*",
            "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/{PUBLIC}*",
        }],
    }


def s3_client(config: dict[str, Any]) -> Any:
    """A boto3 S3 client from S3_* settings (keys may also come from boto3's own sources:
    AWS_* variables, an instance role)."""
    import boto3
    from botocore.config import Config as BotoConfig

    return boto3.client(
        "s3",
        endpoint_url=config.get("S3_ENDPOINT_URL") or None,
        region_name=config.get("S3_REGION") or None,
        aws_access_key_id=config.get("S3_ACCESS_KEY_ID") or None,
        aws_secret_access_key=config.get("S3_SECRET_ACCESS_KEY") or None,
        # Path-style addressing works on every S3-compatible service (MinIO needs it).
        config=BotoConfig(s3={"addressing_style": "path"}, retries={"mode": "standard"}),
    )


def from_config(config: dict[str, Any]) -> Storage:
    """The store PHOTO_STORAGE names, set up from the rest of `config`."""
    kind = config.get("PHOTO_STORAGE", "local")
    media_url = config.get("MEDIA_URL") or ""
    if kind == "local":
        return LocalStorage(
            Path(config["UPLOAD_FOLDER"]),
            media_url or (lambda: url_for("shop.media", path="x")[:-1]),
        )
    if kind == "s3":
        client = s3_client(config)
        bucket = config["S3_BUCKET"]
        base = media_url or f"{client.meta.endpoint_url.rstrip('/')}/{bucket}/{PUBLIC}"
        return S3Storage(client, bucket, base, public_acl=bool(config.get("S3_PUBLIC_ACL")))
    raise ValueError(f"PHOTO_STORAGE must be 'local' or 's3', not {kind!r}")


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = from_config(app.config)


def current() -> Storage:
    """The running app's photo store."""
    return current_app.extensions[_EXTENSION]
