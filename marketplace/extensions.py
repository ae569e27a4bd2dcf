"""Flask extensions, created unbound here and bound in `create_app`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app, has_app_context
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.sql.selectable import GenerativeSelect

# Predictable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Where a session may send its reads (`session.info[READ_ENGINE]`, set by web/replica.py).
READ_ENGINE = "read_engine"


class RoutingSession(FlaskSession):
    """`db.session`: reads go to the engine a request named in `info[READ_ENGINE]` (the
    read replica) for as long as the session only reads. A flush, an INSERT, UPDATE or
    DELETE, a FOR UPDATE, a textual statement, a bare `connection()`: anything but a
    SELECT goes to the primary, and so does every statement after it (it may need to see
    what was written). Without the key (every write path, the CLI, the jobs) this is
    Flask-SQLAlchemy's own."""

    def get_bind(self, mapper: Any = None, clause: Any = None,
                 bind: Engine | Connection | None = None, **kwargs: Any) -> Engine | Connection:
        read_engine = self.info.get(READ_ENGINE)
        if read_engine is not None and bind is None:
            if not self._flushing and _reads_only(clause):
                return read_engine
            del self.info[READ_ENGINE]
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)

    def connection(self, *args: Any, **kwargs: Any) -> Connection:
        """A connection asked for by hand is for writing: the primary's, and pinned."""
        self.info.pop(READ_ENGINE, None)
        return super().connection(*args, **kwargs)


def _reads_only(clause: Any) -> bool:
    # No clause: an ORM UNION (SQLAlchemy names none for it), as bare connection() calls
    # have dropped the key above. FOR UPDATE is `_for_update_arg` (it has no public name).
    if clause is None:
        return True
    return isinstance(clause, GenerativeSelect) and clause._for_update_arg is None


db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# --- work handed to the job queue once a transaction has committed -------------------
# A writer notes ids under a channel name (`dispatch_after_commit`); after the commit the
# callable the job queue registered as `app.extensions[channel]` gets them, never before
# (a job never looks for a row that is not there yet) and never after a rollback. Used by
# the outbox (messages to send) and the photo store (variants to make); see
# docs/background-jobs.md. If the queue is down, the commit stands and a periodic sweep
# finds what was left.
_AFTER_COMMIT = "after_commit_dispatch"
_log = logging.getLogger(__name__)


def dispatch_after_commit(session: Session, channel: str, items: Iterable[Any]) -> None:
    """Hand `items` to `app.extensions[channel]` after `session`'s transaction commits."""
    items = set(items)
    if items:
        session.info.setdefault(_AFTER_COMMIT, {}).setdefault(channel, set()).update(items)


@event.listens_for(Session, "after_rollback")
def _forget_dispatches(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


@event.listens_for(Session, "after_commit")
def _run_dispatches(session: Session) -> None:
    due: dict[str, set[Any]] = session.info.pop(_AFTER_COMMIT, None) or {}
    if not due or not has_app_context():
        return
    for channel, items in due.items():
        dispatch: Callable[[list[Any]], Any] | None = current_app.extensions.get(channel)
        if dispatch is None:
            continue
        try:
            dispatch(sorted(items))
        except Exception:  # the queue is down: the commit stands, the sweep finds them
            _log.exception("Could not queue %s for %s", channel, sorted(items))
