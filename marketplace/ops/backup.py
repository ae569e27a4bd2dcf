"""Backups that are safe while the shop is taking orders.

SQLite: the online backup API copies a consistent snapshot page by page while
writers continue. PostgreSQL: pg_dump's custom format (a consistent snapshot by
MVCC), restored with pg_restore.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from marketplace.catalogue import version


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


def _sqlite_copy(origin: Path, destination: Path) -> None:
    """A consistent page-by-page copy through SQLite's online backup API."""
    source, dest = sqlite3.connect(origin), sqlite3.connect(destination)
    try:
        with dest:
            source.backup(dest)
    finally:
        dest.close()
        source.close()


def backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the database at `url` to `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        _sqlite_copy(_sqlite_file(url), target)
    elif backend == "postgresql":
        subprocess.run(  # noqa: S603  (fixed executable, argument list)
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}",
             _libpq_url(url)],
            check=True, capture_output=True,
        )
    else:
        raise BackupError(f"No backup method for {backend}.")
    return target


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup in `source`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        _sqlite_copy(source, _sqlite_file(url))
    elif backend == "postgresql":
        subprocess.run(  # noqa: S603  (fixed executable, argument list)
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={_libpq_url(url)}", str(source)],
            check=True, capture_output=True,
        )
    else:
        raise BackupError(f"No restore method for {backend}.")
    # The restored catalogue is not what the running workers' page caches hold: a new
    # catalogue version (announced to PostgreSQL listeners) makes them render it afresh.
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            version.bump_now(connection)
    finally:
        engine.dispose()
