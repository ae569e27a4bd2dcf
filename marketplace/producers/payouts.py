"""Paying wages, each trainee's account history, and corrections by reversal."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace import ledger
from marketplace.extensions import db
from marketplace.models import EntryKind, LedgerEntry
from marketplace.producers import bp
from marketplace.producers.common import account_trainee_or_404, me, put_error, trainee_choices
from marketplace.producers.forms import PayoutForm, ReversalForm
from marketplace.text.persian import tehran_today
from marketplace.web.access import owned_or_404


@bp.route("/payouts/new", methods=["GET", "POST"])
def new_payout() -> str | Response:
    driver = me()
    form = PayoutForm()
    form.trainee_id.choices = trainee_choices(driver, blank=_("Choose a trainee"))
    if not form.is_submitted():
        form.paid_on.data = tehran_today()
        form.trainee_id.data = request.args.get("trainee_id", type=int)
    if form.validate_on_submit():
        try:
            ledger.record_payout(
                driver, trainee_id=form.trainee_id.data, amount_rials=form.amount.data,
                method=form.method.data, paid_on=form.paid_on.data,
                reference=form.reference.data or None, is_advance=form.is_advance.data,
                actor=current_user,
            )
        except ledger.LedgerError as err:
            db.session.rollback()
            put_error(form, "amount" if err.field == "amount" else "trainee_id",
                      err.message, "amount")
        else:
            flash(_("Wage payment recorded; she will get an SMS."), "success")
            return redirect(url_for("producers.account", trainee_id=form.trainee_id.data))
    owed = None
    if form.trainee_id.data:
        owed = ledger.balance(driver.id, form.trainee_id.data)
    return render_template("producers/payout_form.html", form=form, owed=owed)


@bp.route("/trainees/<int:trainee_id>")
def account(trainee_id: int) -> str:
    trainee = account_trainee_or_404(trainee_id)
    entries = ledger.entries_for(me().id, trainee_id)
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
    return render_template(
        "producers/account.html", trainee=trainee, entries=entries,
        reversed_ids=reversed_ids, balance=sum(e.amount_rials for e in entries),
        reversal_kind=EntryKind.REVERSAL, form=ReversalForm(),
    )


@bp.route("/entries/<int:entry_id>/reverse", methods=["POST"])
def reverse(entry_id: int) -> Response:
    entry = owned_or_404(LedgerEntry, entry_id, driver_id=me().id)
    trainee_id = entry.trainee_id
    form = ReversalForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for the correction."), "error")
    else:
        try:
            ledger.reverse_entry(
                me(), entry_id, reason=form.reason.data, on=tehran_today(), actor=current_user
            )
        except ledger.LedgerError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            flash(_("The entry was reversed; both stay in the history."), "success")
    return redirect(url_for("producers.account", trainee_id=trainee_id))
