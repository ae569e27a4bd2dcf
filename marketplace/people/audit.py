"""The audit log: who changed what. Written in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from marketplace.extensions import db
from marketplace.models import AuditLog, User


def record(
    actor: User | None, action: str, entity: Any, changes: dict[str, Any] | None = None
) -> AuditLog:
    """Add an audit row for `entity` (any model with an `id`); not committed.

    `changes` maps field names to [old, new] or to a value; keep secrets and
    national codes out of it.
    """
    entry = AuditLog(
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity_type=type(entity).__tablename__,
        entity_id=getattr(entity, "id", None),
        changes=_jsonable(changes or {}),
    )
    db.session.add(entry)
    return entry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # dates, enums, decimals
