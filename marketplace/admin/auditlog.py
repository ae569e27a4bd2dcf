"""The audit log viewer (admins only): newest first, filtered by who acted, the record's
centre, the kind of change and a date range; each change in Persian, with the forms'
field labels and values formatted (Toman, Jalali dates, yes/no, status names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.routing import BuildError
from wtforms import SelectChoice

from marketplace.admin import bp
from marketplace.admin.forms import AuditFilterForm
from marketplace.admin.routes import admin_only
from marketplace.extensions import db
from marketplace.models import (
    AuditLog,
    Centre,
    Certificate,
    Enrollment,
    LedgerEntry,
    Loan,
    MaterialIssue,
    OrderLine,
    Payment,
    Payout,
    Photo,
    Product,
    Purchase,
    Refund,
    Trainee,
    User,
)
from marketplace.people import audit
from marketplace.web.choices import centre_choices
from marketplace.web.filters import paged
from marketplace.web.labels import LABELS, label
from marketplace.web.templating import digits, jdate, money, number

PER_PAGE = 50
# Coded values shown by their label: by field name, and `status` by the record's table.
CODED_FIELDS = {
    "method": "payout_method", "partner": "partner", "direction": "direction",
    "role": "role", "reason": "adjustment_reason", "metric": "figure_metric",
    "state": "payment_state",
}
STATUS_KINDS = {
    "enrollments": "enrollment_status", "loans": "loan_status", "referrals": "referral_status",
    "centres": "centre_status", "products": "product_status", "orders": "order_status",
    "order_lines": "order_status", "return_requests": "return_status",
    "payments": "payment_state",
}
MONEY_FIELDS = {"balance"}  # besides every *_rials
LIST_FIELDS = {"centres"}  # a list value, a change only as [old list, new list]
# Ids shown by name: the field, its table and the columns that make the name.
NAMED: dict[str, tuple[Any, ...]] = {
    "trainee_id": (Trainee, Trainee.given_name, Trainee.family_name),
    "product_id": (Product, Product.title_fa),
}
Names = dict[str, dict[int, str]]
# Each record's back-office page: (endpoint, its argument, the column giving that argument
# when it is not the record's own id). An endpoint not (yet) there gives no link.
LINKS: dict[str, tuple[str, str | None, Any]] = {
    "trainees": ("admin.trainee_edit", "trainee_id", None),
    "centres": ("admin.centre_edit", "centre_id", None),
    "courses": ("admin.course", "course_id", None),
    "enrollments": ("admin.course", "course_id", Enrollment.course_id),
    "certificates": ("admin.course", "course_id", Certificate.course_id),
    "referrals": ("admin.referral", "referral_id", None),
    "loans": ("admin.referral", "referral_id", Loan.referral_id),
    "products": ("admin.item_photos", "product_id", None),
    "photos": ("admin.item_photos", "product_id", Photo.product_id),
    "purchases": ("admin.item_photos", "product_id", Purchase.product_id),
    "payouts": ("admin.trainee_edit", "trainee_id", Payout.trainee_id),
    "ledger_entries": ("admin.trainee_edit", "trainee_id", LedgerEntry.trainee_id),
    "material_issues": ("admin.trainee_edit", "trainee_id", MaterialIssue.trainee_id),
    "orders": ("admin.desk_order", "order_id", None),
    "order_lines": ("admin.desk_order", "order_id", OrderLine.order_id),
    "payments": ("admin.desk_order", "order_id", Payment.order_id),
    "refunds": ("admin.desk_order", "order_id", Refund.order_id),
    "users": ("admin.people", None, None),
    "drivers": ("admin.people", None, None),
    "programme_figures": ("admin.figures", None, None),  # the list: a removed one is gone
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: a value recorded alone, not a before → after
    after: str


@dataclass(frozen=True)
class Entry:
    row: AuditLog
    action: str
    record: str  # the record's kind and number, e.g. "Loans #12"
    actor: User | None
    link: str | None
    changes: list[Change]


def _names(rows: list[AuditLog], centres: list[Centre]) -> Names:
    """What the ids in these rows' changes are called (centres, trainees, items)."""
    wanted: dict[str, set[int]] = {field: set() for field in NAMED}
    for row in rows:
        for field, value in (row.changes or {}).items():
            if field in wanted:
                values = value if isinstance(value, list) else [value]
                wanted[field].update(v for v in values if isinstance(v, int))
    names: Names = {"centre_id": {c.id: c.name_fa for c in centres}}
    for field, ids in wanted.items():
        if ids:
            model, *columns = NAMED[field]
            names[field] = {
                ident: " ".join(filter(None, parts))
                for ident, *parts in db.session.execute(
                    select(model.id, *columns).where(model.id.in_(ids))
                )
            }
    names["centres"] = names["centre_id"]
    return names


def _value(table: str, field: str, value: Any, names: Names) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    known = names.get(field, {})
    if field in LIST_FIELDS and isinstance(value, list):
        return "، ".join(known.get(v, number(v)) if isinstance(v, int) else str(v)
                         for v in value) or "—"
    if isinstance(value, dict):
        return "، ".join(f"{number(int(k)) if k.isdigit() else k}: {number(v)}"
                         for k, v in value.items())
    if isinstance(value, int):
        if field.endswith("_rials") or field in MONEY_FIELDS:
            return money(value)
        if field == "jyear":  # a year, not a count: no thousands separator
            return digits(value)
        return known.get(value, number(value))
    if isinstance(value, str):
        return _text(table, field, value)
    return str(value)


def _text(table: str, field: str, value: str) -> str:
    try:
        if field.endswith("_on"):
            return jdate(date.fromisoformat(value))
        if field.endswith("_at"):
            return jdate(datetime.fromisoformat(value), "datetime")
    except ValueError:
        return value
    kind = STATUS_KINDS.get(table) if field == "status" else CODED_FIELDS.get(field)
    return label(kind, value) if kind else value


def _changes(row: AuditLog, names: Names) -> list[Change]:
    shown = []
    for field, value in (row.changes or {}).items():
        name = label("field", field)
        pair = isinstance(value, list) and len(value) == 2 and (
            field not in LIST_FIELDS or all(isinstance(v, list) for v in value))
        if pair:
            before, after = (_value(row.entity_type, field, v, names) for v in value)
            shown.append(Change(name, before, after))
        else:
            shown.append(Change(name, None, _value(row.entity_type, field, value, names)))
    return shown


def _link_targets(rows: list[AuditLog]) -> dict[tuple[str, int], int]:
    """For records whose page is their parent's, the parent id of each (one query a table)."""
    targets: dict[tuple[str, int], int] = {}
    for table, (_endpoint, _arg, column) in LINKS.items():
        ids = {r.entity_id for r in rows if r.entity_type == table and r.entity_id}
        if column is None or not ids:
            continue
        model = column.class_
        for ident, parent in db.session.execute(
            select(model.id, column).where(model.id.in_(ids))
        ):
            if parent is not None:
                targets[(table, ident)] = parent
    return targets


def _link(row: AuditLog, targets: dict[tuple[str, int], int]) -> str | None:
    if row.entity_type not in LINKS or row.entity_id is None:
        return None
    endpoint, arg, column = LINKS[row.entity_type]
    value = row.entity_id if column is None else targets.get((row.entity_type, row.entity_id))
    if arg is not None and value is None:
        return None
    try:
        return url_for(endpoint, **({arg: value} if arg else {}))
    except BuildError:
        return None


def _record(row: AuditLog) -> str:
    kind = label("audit_kind", row.action.split(".", 1)[0])
    return f"{kind} #{number(row.entity_id)}" if row.entity_id is not None else kind


def _filter_form(centres: list[Centre]) -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.actor_id.choices = [SelectChoice(0, _("Anyone")),
                             *(SelectChoice(u.id, u.full_name) for u in audit.actors())]
    form.centre_id.choices = [SelectChoice(0, _("All centres")), *centre_choices(centres)]
    form.kind.choices = [SelectChoice("", _("Any kind")),
                         *(SelectChoice(k, str(v)) for k, v in LABELS["audit_kind"].items())]
    form.validate()
    return form


def _chosen(field: Any) -> Any:
    """A filter's value, or None for "any" and for a value that is not a choice."""
    return None if field.errors else (field.data or None)


@bp.route("/audit")
def audit_log() -> str:
    admin_only()
    centres = list(db.session.scalars(select(Centre).order_by(Centre.id)))
    form = _filter_form(centres)
    since, until = form.bounds()
    page = paged(audit.entries(actor_id=_chosen(form.actor_id), centre_id=_chosen(form.centre_id),
                               kind=_chosen(form.kind), since=since, until=until), PER_PAGE)
    rows = list(page.items)
    actor_ids = {r.actor_id for r in rows if r.actor_id is not None}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    names = _names(rows, centres)
    targets = _link_targets(rows)
    shown = [
        Entry(r, label("audit_action", r.action), _record(r), actors.get(r.actor_id),
              _link(r, targets), _changes(r, names))
        for r in rows
    ]
    return render_template("admin/audit.html", page=page, entries=shown, form=form)
