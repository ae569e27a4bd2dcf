"""Backups of the whole shop, safe while it is taking orders: the database and the
photo store in one archive, checked before anything is restored.

The archive is a tar file:
- `manifest.json`: the format, when it was taken, the database's backend, and the
  SHA-256 of every other member;
- `database.sqlite` (SQLite's online backup API copies a consistent snapshot page by
  page while writers continue) or `database.pgdump` (pg_dump's custom format, a
  consistent snapshot by MVCC, restored with pg_restore);
- `photos/<key>`: every file of the photo store, local folder or S3 bucket alike, read
  through `media.storage` (so a bucket's objects are copied into the archive too).

The database is copied first and the photos after it: photo files are written before
their row is committed, so every row of the snapshot finds its files (unless a photo
removed during the backup took them; `check-integrity` names any such row).

`restore` reads the whole archive and checks every checksum before it changes
anything; a damaged or incomplete archive is refused with the name of the first bad
member. Then the database is replaced and every photo put back (files the archive does
not hold are left where they are).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import make_url

from marketplace.catalogue import version
from marketplace.media.storage import PRIVATE, PUBLIC, Storage, check_key, content_type

FORMAT = "rooyesh-backup/1"
MANIFEST = "manifest.json"
PHOTOS = "photos/"
_DATABASE_FILES = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
_CHUNK = 1 << 20


class BackupError(RuntimeError):
    pass


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _libpq_url(url: str) -> str:
    """pg_dump wants a plain postgresql:// URL, without SQLAlchemy's driver name."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client).")
    return path


def _backend(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in _DATABASE_FILES:
        raise BackupError(f"No backup method for {backend}.")
    return backend


def _sqlite_copy(origin: Path, destination: Path) -> None:
    """A consistent page-by-page copy through SQLite's online backup API."""
    source, dest = sqlite3.connect(origin), sqlite3.connect(destination)
    try:
        with dest:
            source.backup(dest)
    finally:
        dest.close()
        source.close()


def _dump_database(url: str, target: Path) -> None:
    if _backend(url) == "sqlite":
        _sqlite_copy(_sqlite_file(url), target)
    else:
        subprocess.run(  # noqa: S603  (fixed executable, argument list)
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}",
             _libpq_url(url)],
            check=True, capture_output=True,
        )


def _load_database(url: str, source: Path) -> None:
    if _backend(url) == "sqlite":
        _sqlite_copy(source, _sqlite_file(url))
    else:
        subprocess.run(  # noqa: S603  (fixed executable, argument list)
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={_libpq_url(url)}", str(source)],
            check=True, capture_output=True,
        )


def _add(archive: tarfile.TarFile, name: str, stream: BinaryIO, size: int) -> str:
    """Add one member, hashing it on its way in; returns its SHA-256."""
    digest = hashlib.sha256()

    class Hashing(io.RawIOBase):
        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            data = stream.read(len(buffer))
            digest.update(data)
            buffer[: len(data)] = data
            return len(data)

    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(datetime.now(UTC).timestamp())
    archive.addfile(info, Hashing())
    return digest.hexdigest()


def backup(url: str, target: Path, photos: Storage) -> Path:
    """Write one archive of the database at `url` and every file of `photos` to `target`
    (readable by its owner only: it holds buyers' addresses and trainees' identities)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    backend = _backend(url)
    checksums: dict[str, str] = {}
    # Written beside the target and renamed at the end: a failed backup leaves no archive
    # that looks complete.
    fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory() as scratch, tarfile.open(partial, "w") as archive:
            dump = Path(scratch) / "db"
            _dump_database(url, dump)
            name = _DATABASE_FILES[backend]
            with dump.open("rb") as stream:
                checksums[name] = _add(archive, name, stream, dump.stat().st_size)
            dump.unlink()
            for area in (PUBLIC, PRIVATE):
                for key in photos.keys(area):
                    with photos.open(key) as stream:
                        size = stream.seek(0, io.SEEK_END)
                        stream.seek(0)
                        checksums[PHOTOS + key] = _add(archive, PHOTOS + key, stream, size)
            manifest = json.dumps({
                "format": FORMAT, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": backend, "files": checksums,
            }, indent=1, sort_keys=True).encode()
            _add(archive, MANIFEST, io.BytesIO(manifest), len(manifest))
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def _damaged(why: str) -> BackupError:
    return BackupError(f"The backup archive is damaged or incomplete ({why}); nothing was "
                       "restored. Use another backup.")


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError, tarfile.TarError, OSError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged("no readable manifest.json")
    files = manifest.get("files")
    if not isinstance(files, dict) or manifest.get("database") not in _DATABASE_FILES:
        raise _damaged("manifest.json lists no database")
    for name in files:
        if name != _DATABASE_FILES[manifest["database"]]:
            if not name.startswith(PHOTOS):
                raise _damaged(f"{name} is not a database or a photo")
            try:
                content_type(check_key(name[len(PHOTOS):]))
            except (ValueError, KeyError):
                raise _damaged(f"{name} is not a photo's name") from None
    return manifest


def verify(source: Path) -> dict:
    """Check every member of the archive at `source` against the manifest's SHA-256;
    returns the manifest, or raises BackupError naming the first problem."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    try:
        with tarfile.open(source, "r:") as archive:
            manifest = _read_manifest(archive)
            seen = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                expected = manifest["files"].get(member.name)
                if expected is None or not member.isfile():
                    raise _damaged(f"{member.name} is not in the manifest")
                digest = hashlib.sha256()
                stream = archive.extractfile(member)
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                if digest.hexdigest() != expected:
                    raise _damaged(f"{member.name} does not match its checksum")
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise _damaged(f"unreadable: {error}") from error
    missing = sorted(set(manifest["files"]) - seen)
    if missing:
        raise _damaged(f"{missing[0]} is missing")
    return manifest


def restore(url: str, source: Path, photos: Storage) -> None:
    """Replace the database at `url` with the archive's and put its photos back into
    `photos`, once every checksum has been verified."""
    manifest = verify(source)
    if manifest["database"] != _backend(url):
        raise BackupError(f"This archive holds a {manifest['database']} database; "
                          f"the shop runs on {_backend(url)}.")
    with tarfile.open(source, "r:") as archive, tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "db"
        with archive.extractfile(_DATABASE_FILES[manifest["database"]]) as stream, \
                dump.open("wb") as out:
            shutil.copyfileobj(stream, out, _CHUNK)
        _load_database(url, dump)
        for name in manifest["files"]:
            if name.startswith(PHOTOS):
                key = name[len(PHOTOS):]
                with archive.extractfile(name) as stream:
                    photos.put(key, stream.read(), content_type(key))
    # The restored catalogue is not what the shared cache holds: every page goes.
    version.purge({version.EVERY_PAGE})
