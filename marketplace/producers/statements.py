"""A trainee's statement for one Jalali month: on screen, as CSV, and printable.

The period is `?year=1405&month=9` (Jalali); without it, the current month.
"""

from __future__ import annotations

import io

from flask import Response, abort, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace import ledger
from marketplace.models import EntryKind, LedgerEntry
from marketplace.producers import bp
from marketplace.producers.common import account_trainee_or_404, me
from marketplace.text.persian import (
    current_jalali_month,
    format_date,
    format_number,
    jalali_month_name,
    tehran_today,
)
from marketplace.text.spreadsheet import SafeWriter
from marketplace.web.i18n import current_locale
from marketplace.web.labels import label


def _period() -> tuple[int, int]:
    """(Jalali year, month) from the query string; nonsense is a 404, absence is now."""
    year = request.args.get("year", type=int)
    month = request.args.get("month", type=int)
    if year is None and month is None:
        return current_jalali_month(tehran_today())
    if year is None or month is None or not 1300 <= year <= 1500 or not 1 <= month <= 12:
        abort(404)
    return year, month


def describe(entry: LedgerEntry) -> str:
    """One line saying what an entry was, for the statement."""
    if entry.kind == EntryKind.PURCHASE and entry.purchase is not None:
        return _("%(title)s, %(quantity)s unit(s)",
                 title=entry.purchase.product.title_fa,
                 quantity=format_number(entry.purchase.quantity, current_locale()))
    if entry.kind in (EntryKind.PAYOUT, EntryKind.ADVANCE) and entry.payout is not None:
        method = label("payout_method", entry.payout.method)
        ref = entry.payout.reference
        return f"{method} ({ref})" if ref else method
    if entry.kind == EntryKind.REVERSAL and entry.reverses is not None:
        return _("Correction of %(kind)s of %(date)s: %(reason)s",
                 kind=label("entry_kind", entry.reverses.kind),
                 date=format_date(entry.reverses.occurred_on, current_locale()),
                 reason=entry.note or "")
    return label("entry_kind", entry.kind)


def _context(trainee_id: int) -> dict:
    trainee = account_trainee_or_404(trainee_id)
    year, month = _period()
    prev_ = (year - 1, 12) if month == 1 else (year, month - 1)
    next_ = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "trainee": trainee, "driver": me(), "year": year, "month": month,
        "month_name": jalali_month_name(month, current_locale()), "prev": prev_, "next": next_,
        "statement": ledger.month_statement(me().id, trainee_id, year, month),
        "describe": describe,
    }


@bp.route("/trainees/<int:trainee_id>/statement")
def statement(trainee_id: int) -> str:
    return render_template("producers/statement.html", **_context(trainee_id))


@bp.route("/trainees/<int:trainee_id>/statement/print")
def statement_print(trainee_id: int) -> str:
    """The page handed to the trainee: always Persian, Jalali dates."""
    with force_locale("fa"):
        context = _context(trainee_id)
        return render_template("producers/statement_print.html", **context)


@bp.route("/trainees/<int:trainee_id>/statement.csv")
def statement_csv(trainee_id: int) -> Response:
    """UTF-8 with a BOM so that Excel shows Persian; amounts are integer Rials."""
    ctx = _context(trainee_id)
    st = ctx["statement"]
    out = io.StringIO()
    out.write("\ufeff")
    writer = SafeWriter(out)
    writer.writerow([_("Date (Jalali)"), _("Date"), _("Kind"), _("Description"),
                     _("Owed to her (Rials)"), _("Paid to her (Rials)"), _("Balance (Rials)")])
    start = st.start
    writer.writerow([format_date(start, "fa", "short"), start.isoformat(), _("Opening balance"),
                     "", "", "", st.opening_rials])
    for row in st.rows:
        e = row.entry
        writer.writerow([
            format_date(e.occurred_on, "fa", "short"), e.occurred_on.isoformat(),
            label("entry_kind", e.kind), describe(e), row.credit_rials, row.debit_rials,
            row.running_rials,
        ])
    writer.writerow(["", "", _("Closing balance"), "", st.credits_rials, st.debits_rials,
                     st.closing_rials])
    name = f"statement-{trainee_id}-{ctx['year']}-{ctx['month']:02d}.csv"
    return Response(
        out.getvalue().encode("utf-8"), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

