"""The audit log: who changed what. Written in the same transaction as the change."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, select

from marketplace.extensions import db
from marketplace.models import AuditLog, User
from marketplace.models.base import within_days

# How a record reaches its centre when it has no `centre_id` of its own (an enrolment
# through its course, a photo through its product, a payout through its trainee).
_PARENTS = ("product", "course", "referral", "trainee", "purchase")


def record(
    actor: User | None, action: str, entity: Any, changes: dict[str, Any] | None = None
) -> AuditLog:
    """Add an audit row for `entity` (any model with an `id`); not committed.

    `changes` maps field names to [old, new] or to a value; keep secrets and
    national codes out of it. A new entity is flushed first, for its id.
    """
    # The view may pass current_user: a proxy, whose type is not the model's.
    entity = getattr(entity, "_get_current_object", lambda: entity)()
    if getattr(entity, "id", None) is None:
        db.session.flush()
    entry = AuditLog(
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity_type=type(entity).__tablename__,
        entity_id=entity.id,
        centre_id=centre_of(entity),
        changes=_jsonable(changes or {}),
    )
    db.session.add(entry)
    return entry


def centre_of(entity: Any, depth: int = 2) -> int | None:
    """The id of the centre `entity` belongs to, or None (a user, a driver, an order)."""
    if type(entity).__tablename__ == "centres":
        return entity.id
    centre_id = getattr(entity, "centre_id", None)
    if centre_id is not None or depth == 0:
        return centre_id
    for via in _PARENTS:
        parent = getattr(entity, via, None)
        if parent is not None:
            return centre_of(parent, depth - 1)
    return None


def entries(
    *, actor_id: int | None = None, centre_id: int | None = None, kind: str | None = None,
    since: date | None = None, until: date | None = None,
) -> Select[tuple[AuditLog]]:
    """The log, newest first: by one actor, of one centre's records, of one kind (the
    action's prefix, e.g. `loan`), between two days in Tehran (both included)."""
    query = select(AuditLog).order_by(AuditLog.id.desc())
    if actor_id is not None:
        query = query.where(AuditLog.actor_id == actor_id)
    if centre_id is not None:
        query = query.where(AuditLog.centre_id == centre_id)
    if kind:
        query = query.where(AuditLog.action.startswith(f"{kind}.", autoescape=True))
    return query.where(*within_days(AuditLog.created_at, since, until))


def actors() -> list[User]:
    """Everyone who appears in the log as the one who acted, by name."""
    ids = select(AuditLog.actor_id).where(AuditLog.actor_id.is_not(None)).distinct()
    return list(db.session.scalars(
        select(User).where(User.id.in_(ids)).order_by(User.full_name, User.id)
    ))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # dates, enums, decimals
