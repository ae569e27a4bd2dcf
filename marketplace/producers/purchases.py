"""Buying items from their makers: a new draft item or more units of one of the driver's."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from marketplace import ledger
from marketplace.catalogue import listings
from marketplace.extensions import db
from marketplace.models import Product, Purchase, PurchaseShare
from marketplace.producers import bp
from marketplace.producers.common import (
    PER_PAGE,
    me,
    product_choices,
    put_error,
    trainee_choices,
)
from marketplace.producers.forms import PurchaseForm
from marketplace.text.persian import tehran_today
from marketplace.web.access import owned_or_404
from marketplace.web.choices import centre_choices, craft_choices
from marketplace.web.filters import dated, paged


def _purchase_form() -> PurchaseForm:
    driver = me()
    form = PurchaseForm()
    form.product_id.choices = product_choices(driver, blank=_("A new item (fill in below)"))
    form.craft_id.choices = craft_choices(_("Choose a craft"))
    form.centre_id.choices = centre_choices(driver.centres)
    makers = trainee_choices(driver, blank=_("—"))
    for row in form.makers:
        row.trainee_id.choices = makers
    if not form.is_submitted():
        form.purchased_on.data = tehran_today()
    return form


def _maker_shares(form: PurchaseForm) -> list[ledger.MakerShare] | None:
    """The filled-in maker rows; a half-filled row gets an error and None is returned."""
    shares, complete = [], True
    for row in form.makers:
        who, pct = row.trainee_id.data, row.share_pct.data
        if who is None and pct is None:
            continue
        if who is None:
            put_error(row, "trainee_id", _("Choose the maker of this share."), "trainee_id")
            complete = False
        elif pct is None:
            put_error(row, "share_pct", _("Enter her share in percent."), "share_pct")
            complete = False
        else:
            shares.append(ledger.MakerShare(who, pct))
    return shares if complete else None


def _product_for(form: PurchaseForm) -> Product:
    if form.product_id.data is not None:
        return owned_or_404(Product, form.product_id.data, driver_id=me().id)
    return listings.new_product(
        me(), title_fa=form.title_fa.data or "", craft_id=form.craft_id.data or 0,
        centre_id=form.centre_id.data or 0,
    )


@bp.route("/purchases/new", methods=["GET", "POST"])
def new_purchase() -> str | Response:
    form = _purchase_form()
    makers_error = None
    if form.validate_on_submit():
        makers = _maker_shares(form)
        try:
            if makers is not None:
                purchase = ledger.record_purchase(
                    me(), product=_product_for(form), quantity=form.quantity.data,
                    total_rials=form.total.data, makers=makers,
                    purchased_on=form.purchased_on.data, actor=current_user,
                    note=form.note.data or None,
                )
                flash(_("Purchase recorded; each maker is owed her share."), "success")
                return redirect(url_for("producers.purchase", purchase_id=purchase.id))
        except listings.ListingError as err:
            db.session.rollback()
            put_error(form, err.field, err.message, "title_fa")
        except ledger.LedgerError as err:
            db.session.rollback()
            makers_error = str(err.message)
    return render_template(
        "producers/purchase_form.html", form=form, makers_error=makers_error
    )


@bp.route("/purchases")
def purchases() -> str:
    query, dates = dated(
        select(Purchase)
        .where(Purchase.driver_id == me().id)
        .options(
            joinedload(Purchase.product),
            selectinload(Purchase.shares).joinedload(PurchaseShare.trainee),
        )
        .order_by(Purchase.purchased_on.desc(), Purchase.id.desc()),
        Purchase.purchased_on,
    )
    return render_template("producers/purchases.html", page=paged(query, PER_PAGE),
                           dates=dates)


@bp.route("/purchases/<int:purchase_id>")
def purchase(purchase_id: int) -> str:
    item = owned_or_404(Purchase, purchase_id, driver_id=me().id)
    return render_template("producers/purchase.html", purchase=item)
