"""Background jobs on Huey (docs/background-jobs.md says why Huey).

One queue per app, chosen by JOB_QUEUE_URL: Redis in production (every host queues to
and works from the same one), a SQLite file under instance/ by default (one host, no
server: `make run` starts a worker beside gunicorn), memory in tests. Workers are
`flask --app wsgi worker`; each also runs the periodic schedule below. Periodic jobs may
therefore fire once per worker host: every job is idempotent and claims its rows, so a
second run finds nothing left to do.

Jobs:
- `send_message(id)`: one outbox message, queued after the commit that wrote it
  (marketplace/notifications/outbox.py claims the row); a failed send is tried again
  after the outbox's own backoff, until OUTBOX_MAX_ATTEMPTS, then the row is `failed`.
- `deliver_outbox` (every minute): the sweep that sends what a lost dispatch left.
- `expire_orders` (every minute): unpaid online orders past their time give back stock.
- `make_variants(digest)`: a product photo's 800 and 1600 px variants and its private
  master, queued after the commit that added the photo (marketplace/media/photos.py).
- `sweep_photo_uploads` (every 5 minutes): queues `make_variants` again for uploads still
  kept after PHOTO_SWEEP_MINUTES (a crash between the commit and the queue, a lost job).
- `purge_cache(keys)`: after each commit that changed public data, a PURGE with those
  surrogate keys (catalogue/version.py computes them) to every shared cache in
  HTTP_CACHE_PURGE_URLS (Varnish with xkey, deploy/varnish/default.vcl). Purging twice
  is harmless, so a retry is too. Without purge URLs (`make run`) nothing is queued.

A job that raises is retried JOB_RETRIES times with a doubling delay; after the last
retry it is written to `failed_jobs`, which the admin reads (and retries) at /admin/jobs.

A new job is one entry in `_register` (a function taking JSON-able arguments, run in an app
context); its name goes in web/labels.py ("job") for the admin's page.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from huey import Huey, crontab
from huey import signals as huey_signals
from huey.api import Task, TaskWrapper
from huey.exceptions import RetryTask
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import select, update

from marketplace.catalogue import version
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.media import photos
from marketplace.models import FailedJob
from marketplace.models.base import utcnow
from marketplace.notifications import outbox
from marketplace.orders.expiry import expire_orders

log = logging.getLogger(__name__)

EXTENSION = "jobs"
EVERY_MINUTE = crontab(minute="*")
EVERY_FIVE_MINUTES = crontab(minute="*/5")
SCHEDULE = {"deliver_outbox": "every minute", "expire_orders": "every minute",
            "sweep_photo_uploads": "every 5 minutes"}


class JobError(DomainError):
    """A refused retry of a failed job."""


@dataclass
class Jobs:
    """The app's queue and its jobs by name (`app.extensions["jobs"]`)."""

    huey: Huey
    url: str
    tasks: dict[str, TaskWrapper]

    def describe(self) -> str:
        """The queue for people: its kind and where, without a password."""
        parts = urlsplit(self.url)
        where = parts.hostname or ""
        if parts.port:
            where += f":{parts.port}"
        return f"{parts.scheme}://{where}{parts.path}"


class _QueueFile(SqliteStorage):
    """Huey's SQLite storage with WAL's `synchronous=NORMAL` (as our database has, in
    ops/db_support): no fsync on every order's commit. A power cut can then lose the last
    queued ids, never corrupt the file; the outbox rows are the record, and the minute's
    sweep sends what a lost id would have."""

    def _create_connection(self) -> object:
        connection = super()._create_connection()
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection


def queue_for(url: str) -> Huey:
    """A Huey on the storage `url` names: redis://…, sqlite:///path or memory://."""
    if url.startswith(("redis://", "rediss://")):
        storage, options = RedisStorage, {"url": url}
    elif url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True)
        storage, options = _QueueFile, {"filename": str(path)}
    elif url == "memory://":
        storage, options = MemoryStorage, {}
    else:
        raise ValueError(f"JOB_QUEUE_URL {url!r} is not redis://, sqlite:/// or memory://")
    # No result store: jobs record what they did in the database.
    return Huey("rooyesh", results=False, utc=True, storage_class=storage, **options)


def _in_app(app: Flask, function: Callable[..., Any]) -> Callable[..., Any]:
    """Run `function` in its own app context (and database session), as a request would."""

    @functools.wraps(function)
    def run(*args: Any) -> Any:
        with app.app_context():
            try:
                return function(*args)
            finally:
                db.session.remove()

    return run


def _send_message(message_id: int) -> None:
    retry_in = outbox.deliver(message_id)
    if retry_in is not None:
        # The outbox keeps the backoff (it also holds the row until then), so the retry
        # is not counted against the job's own retries.
        raise RetryTask(delay=retry_in.total_seconds())


def _sweep_photo_uploads(app: Flask, make: TaskWrapper) -> Callable[[], None]:
    def sweep() -> None:
        older_than = timedelta(minutes=app.config["PHOTO_SWEEP_MINUTES"])
        for digest in photos.due_uploads(older_than):
            make(digest)

    return sweep


def purge_cache(keys: list[str]) -> None:
    """Purge every page any of `keys` names from each shared cache (Varnish's xkey: one
    PURGE request naming them all, in the `xkey-purge` header). A cache that does not
    answer 200 raises, so the job is retried."""
    for url in current_app.config["HTTP_CACHE_PURGE_URLS"]:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"HTTP_CACHE_PURGE_URLS: {url!r} is not http(s)://")
        purge = Request(url, method="PURGE", headers={"xkey-purge": " ".join(keys)})  # noqa: S310
        with urlopen(purge, timeout=5) as response:  # noqa: S310  # nosec B310 (checked above)
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status} to a purge")


def _register(app: Flask, huey: Huey) -> dict[str, TaskWrapper]:
    retry = {"retries": app.config["JOB_RETRIES"], "retry_delay": app.config["JOB_RETRY_SECONDS"],
             "retry_backoff": 2}
    make = huey.task(name="make_variants", **retry)(_in_app(app, photos.make_variants))
    return {
        "make_variants": make,
        "sweep_photo_uploads": huey.periodic_task(
            EVERY_FIVE_MINUTES, name="sweep_photo_uploads", **retry)(
            _in_app(app, _sweep_photo_uploads(app, make))),
        "send_message": huey.task(name="send_message", **retry)(_in_app(app, _send_message)),
        "deliver_outbox": huey.periodic_task(EVERY_MINUTE, name="deliver_outbox", **retry)(
            _in_app(app, outbox.send_pending)),
        "expire_orders": huey.periodic_task(EVERY_MINUTE, name="expire_orders", **retry)(
            _in_app(app, expire_orders)),
        "purge_cache": huey.task(name="purge_cache", **retry)(_in_app(app, purge_cache)),
    }


def _record_failure(app: Flask) -> Callable[..., None]:
    def on_error(signal: str, task: Task, error: BaseException) -> None:
        if task.retries:  # more tries to come
            return
        with app.app_context():
            db.session.add(FailedJob(
                task=type(task).__name__, args=list(task.args or ()),
                error=(repr(error) or type(error).__name__)[:300],
                attempts=type(task).default_retries + 1))
            db.session.commit()
            db.session.remove()

    return on_error


def init_app(app: Flask) -> None:
    """Make the app's queue, register the jobs, and queue outbox deliveries and photo
    variants after the commits that need them."""
    url = app.config["JOB_QUEUE_URL"]
    huey = queue_for(url)
    jobs = Jobs(huey=huey, url=url, tasks=_register(app, huey))
    huey.signal(huey_signals.SIGNAL_ERROR)(_record_failure(app))
    app.extensions[EXTENSION] = jobs
    send = jobs.tasks["send_message"]
    app.extensions[outbox.DISPATCH] = lambda ids: [send(message_id) for message_id in ids]
    make = jobs.tasks["make_variants"]
    app.extensions[photos.VARIANTS_DUE] = lambda digests: [make(d) for d in digests]
    if app.config["HTTP_CACHE_PURGE_URLS"]:
        app.extensions[version.PURGE] = jobs.tasks["purge_cache"]


def failed_jobs(limit: int = 50) -> list[FailedJob]:
    """Jobs that failed after their last retry and were not retried, newest first."""
    return list(db.session.scalars(
        select(FailedJob).where(FailedJob.retried_at.is_(None))
        .order_by(FailedJob.id.desc()).limit(limit)
    ))


def retry_failed_job(jobs: Jobs, job_id: int) -> None:
    """Queue a failed job again, with its arguments; it leaves the failures page."""
    row = db.session.get(FailedJob, job_id)
    task = jobs.tasks.get(row.task) if row is not None else None
    if row is None or row.retried_at is not None:
        raise JobError(_l("This job is no longer waiting for a retry."))
    if task is None:
        raise JobError(_l("This kind of job no longer exists; it cannot be retried."))
    claimed = db.session.execute(
        update(FailedJob).where(FailedJob.id == job_id, FailedJob.retried_at.is_(None))
        .values(retried_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise JobError(_l("This job is no longer waiting for a retry."))
    args = tuple(row.args)
    db.session.commit()
    try:
        task(*args)
    except Exception as error:  # the queue is unreachable: leave it on the page
        db.session.execute(update(FailedJob).where(FailedJob.id == job_id)
                           .values(retried_at=None).execution_options(synchronize_session=False))
        db.session.commit()
        log.exception("Could not queue failed job %s again", job_id)
        raise JobError(_l("The job queue cannot be reached; try again in a minute.")) from error


def run_worker(app: Flask, threads: int, periodic: bool = True) -> None:
    """Work the app's queue until interrupted (Ctrl-C finishes the running jobs first)."""
    jobs: Jobs = app.extensions[EXTENSION]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("huey").setLevel(logging.WARNING)
    schedule = ", ".join(f"{name} {when}" for name, when in SCHEDULE.items())
    print(f"Job worker: {threads} thread(s) on {jobs.describe()}; "
          f"schedule: {schedule if periodic else 'left to another worker'}", flush=True)
    jobs.huey.create_consumer(workers=threads, worker_type="thread", periodic=periodic,
                              max_delay=1.0, check_worker_health=True).run()
