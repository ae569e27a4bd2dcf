"""The driver's listings: all own items, editing, photos, publish / unpublish / archive."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from marketplace.catalogue import listings
from marketplace.extensions import db
from marketplace.media import photos
from marketplace.media.pipeline import ImageRejected
from marketplace.models import Product, ProductStatus
from marketplace.producers import bp
from marketplace.producers.common import PER_PAGE, me, own_product_or_404, put_error
from marketplace.producers.forms import ActionForm, ListingForm, PhotoForm, StockForm
from marketplace.web.filters import paged

ACTIONS = {"publish": listings.publish, "unpublish": listings.unpublish,
           "archive": listings.archive}


@bp.route("/listings")
def listings_index() -> str:
    status = request.args.get("status")
    query = (
        select(Product)
        .where(Product.driver_id == me().id)
        .options(joinedload(Product.craft), joinedload(Product.centre),
                 selectinload(Product.photos))
        .order_by(Product.updated_at.desc(), Product.id.desc())
    )
    if status in ProductStatus.values():
        query = query.where(Product.status == status)
    return render_template(
        "producers/listings.html", page=paged(query, PER_PAGE), status=status,
        statuses=ProductStatus.values(),
    )


def _render_edit(
    product: Product, form: ListingForm, photo_form: PhotoForm,
    stock_form: StockForm | None = None,
) -> str:
    return render_template(
        "producers/listing_edit.html", product=product, form=form, photo_form=photo_form,
        stock_form=stock_form or StockForm(formdata=None), action_form=ActionForm(),
        readiness=listings.readiness(product), moves=ProductStatus.TRANSITIONS[product.status],
        history=listings.stock_history(product),
    )


def _listing_form(product: Product) -> ListingForm:
    """The details form as stored (shown beside another form's errors)."""
    form = ListingForm(formdata=None, obj=product)
    form.price.data = product.price_rials
    return form


@bp.route("/listings/<int:product_id>", methods=["GET", "POST"])
def edit_listing(product_id: int) -> str | Response:
    product = own_product_or_404(product_id)
    form = ListingForm(obj=product)
    if not form.is_submitted():
        form.price.data = product.price_rials
    if form.validate_on_submit():
        changes = {name: getattr(form, name).data or None for name in listings.EDITABLE
                   if name != "price_rials"}
        changes["title_fa"] = form.title_fa.data
        changes["price_rials"] = form.price.data
        try:
            listings.update_listing(product, changes, actor=current_user)
        except listings.ListingError as err:
            db.session.rollback()
            put_error(form, err.field, err.message, "title_fa")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("producers.edit_listing", product_id=product.id))
    return _render_edit(product, form, PhotoForm(formdata=None))


@bp.route("/listings/<int:product_id>/photos", methods=["POST"])
def upload_photo(product_id: int) -> str | Response:
    """A driver's own photo, through the same pipeline as staff uploads."""
    product = own_product_or_404(product_id)
    photo_form = PhotoForm()
    if photo_form.validate_on_submit():
        try:
            photos.add_photo(
                product, photo_form.photo.data.stream, alt_fa=photo_form.alt_fa.data or None,
                actor=current_user,
            )
        except ImageRejected as err:
            put_error(photo_form, "photo", err.message, "photo")
        else:
            flash(_("Photo added."), "success")
            return redirect(url_for("producers.edit_listing", product_id=product.id))
    return _render_edit(product, _listing_form(product), photo_form)


@bp.route("/listings/<int:product_id>/stock", methods=["POST"])
def adjust_stock(product_id: int) -> str | Response:
    """Units added or written off, each recorded with its reason."""
    product = own_product_or_404(product_id)
    stock_form = StockForm()
    if stock_form.validate_on_submit():
        try:
            listings.adjust_stock(
                product, quantity=stock_form.quantity.data, reason=stock_form.reason.data,
                note=stock_form.note.data, actor=current_user,
            )
        except listings.ListingError as err:
            db.session.rollback()
            put_error(stock_form, err.field, err.message, "quantity")
        else:
            flash(_("Stock changed."), "success")
            return redirect(url_for("producers.edit_listing", product_id=product.id))
    return _render_edit(product, _listing_form(product), PhotoForm(formdata=None), stock_form)


@bp.route("/listings/<int:product_id>/photos/<int:photo_id>/cover", methods=["POST"])
def set_cover(product_id: int, photo_id: int) -> Response:
    product = own_product_or_404(product_id)
    if ActionForm().validate_on_submit():
        try:
            listings.set_cover(product, photo_id, actor=current_user)
        except listings.ListingError:
            db.session.rollback()
            abort(404)
        flash(_("Cover photo chosen."), "success")
    return redirect(url_for("producers.edit_listing", product_id=product.id))


@bp.route("/listings/<int:product_id>/photos/<int:photo_id>/delete", methods=["POST"])
def remove_photo(product_id: int, photo_id: int) -> Response:
    product = own_product_or_404(product_id)
    if ActionForm().validate_on_submit():
        try:
            listings.remove_photo(product, photo_id, actor=current_user)
        except listings.ListingError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("The photo is no longer shown with this item."), "success")
    return redirect(url_for("producers.edit_listing", product_id=product.id))


@bp.route("/listings/<int:product_id>/photos/<int:photo_id>/<any(earlier, later):direction>",
          methods=["POST"])
def move_photo(product_id: int, photo_id: int, direction: str) -> Response:
    product = own_product_or_404(product_id)
    if ActionForm().validate_on_submit():
        try:
            listings.move_photo(product, photo_id, -1 if direction == "earlier" else 1,
                                actor=current_user)
        except listings.ListingError:
            db.session.rollback()
            abort(404)
    return redirect(url_for("producers.edit_listing", product_id=product.id))


@bp.route("/listings/<int:product_id>/<any(publish, unpublish, archive):action>",
          methods=["POST"])
def move_listing(product_id: int, action: str) -> Response:
    product = own_product_or_404(product_id)
    if ActionForm().validate_on_submit():
        try:
            ACTIONS[action](product, actor=current_user)
        except listings.ListingError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            flash(_("Status changed."), "success")
    return redirect(url_for("producers.edit_listing", product_id=product.id))
