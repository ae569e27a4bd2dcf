"""Items at the centre: check-in, photos (multi-file upload, order, cover, alt text,
delete) and the printable identity label with its QR code."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from marketplace.admin import bp
from marketplace.admin.forms import ActionForm, AltTextForm, PhotoUploadForm
from marketplace.admin.routes import PER_PAGE, scope, via_centre_or_404
from marketplace.extensions import db
from marketplace.media import gallery
from marketplace.media import labels as itemlabel
from marketplace.models import Photo, Product, Purchase
from marketplace.programme import ProgrammeError
from marketplace.programme import items as service
from marketplace.web.access import in_centres_or_404
from marketplace.web.filters import dated, paged

RECENT = 20  # recently checked-in items listed for more photos or a reprinted label


@bp.route("/items")
def items() -> str:
    """Purchases of my centres waiting to be checked in, oldest first."""
    ids = scope()
    query = (
        select(Purchase)
        .where(Purchase.checked_in_at.is_(None))
        .options(joinedload(Purchase.product), joinedload(Purchase.centre),
                 joinedload(Purchase.driver))
        .order_by(Purchase.purchased_on, Purchase.id)
    )
    if ids is not None:
        query = query.where(Purchase.centre_id.in_(ids))
    query, dates = dated(query, Purchase.purchased_on)
    page = paged(query, PER_PAGE)
    recent = (
        select(Purchase)
        .where(Purchase.checked_in_at.is_not(None))
        .options(joinedload(Purchase.product), joinedload(Purchase.centre))
        .order_by(Purchase.checked_in_at.desc(), Purchase.id.desc())
        .limit(RECENT)
    )
    if ids is not None:
        recent = recent.where(Purchase.centre_id.in_(ids))
    return render_template(
        "admin/items.html", page=page, recent=db.session.scalars(recent).all(),
        action=ActionForm(), dates=dates,
    )


@bp.route("/purchases/<int:purchase_id>/check-in", methods=["POST"])
def purchase_check_in(purchase_id: int) -> Response:
    purchase = in_centres_or_404(Purchase, purchase_id, scope())
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.check_in(purchase, actor=current_user)
    except ProgrammeError as err:
        flash(err.message, "error")
        return redirect(url_for("admin.items"))
    flash(_("Checked in. Upload its photos and print its label."), "success")
    return redirect(url_for("admin.item_photos", product_id=purchase.product_id))


def _product_or_404(product_id: int) -> Product:
    return in_centres_or_404(Product, product_id, scope())


def _photos_page(product: Product, form: PhotoUploadForm, results: list | None = None) -> str:
    photos = db.session.scalars(
        select(Photo).where(Photo.product_id == product.id).order_by(Photo.position, Photo.id)
    ).all()
    alt_forms = {p.id: AltTextForm(formdata=None, prefix=f"p{p.id}", alt_fa=p.alt_fa)
                 for p in photos}
    return render_template(
        "admin/item_photos.html", product=product, form=form, photos=photos,
        alt_forms=alt_forms, action=ActionForm(), results=results,
    )


@bp.route("/items/<int:product_id>/photos", methods=["GET", "POST"])
def item_photos(product_id: int) -> str:
    product = _product_or_404(product_id)
    form = PhotoUploadForm()
    results = None
    if form.validate_on_submit():
        files = [(f.filename or "", f.stream) for f in request.files.getlist("photos")
                 if f.filename]
        if not files:
            form.photos.errors = [_("Choose one or more photos.")]
        else:
            results = service.add_photos(product, files, actor=current_user)
    return _photos_page(product, form, results)


def _photo_or_404(photo_id: int) -> Photo:
    return via_centre_or_404(Photo, photo_id, lambda p: p.product.centre_id)


def _back(photo_product_id: int) -> Response:
    return redirect(url_for("admin.item_photos", product_id=photo_product_id))


@bp.route("/photos/<int:photo_id>/alt", methods=["POST"])
def photo_alt(photo_id: int) -> Response:
    photo = _photo_or_404(photo_id)
    form = AltTextForm(prefix=f"p{photo.id}")
    if form.validate_on_submit():
        gallery.set_alt(photo, form.alt_fa.data, actor=current_user)
        flash(_("Saved."), "success")
    else:
        flash(_("The description is too long."), "error")
    return _back(photo.product_id)


@bp.route("/photos/<int:photo_id>/move", methods=["POST"])
def photo_move(photo_id: int) -> Response:
    photo = _photo_or_404(photo_id)
    if ActionForm().validate_on_submit():
        gallery.move(photo, -1 if request.form.get("step") == "up" else 1, actor=current_user)
    return _back(photo.product_id)


@bp.route("/photos/<int:photo_id>/cover", methods=["POST"])
def photo_cover(photo_id: int) -> Response:
    photo = _photo_or_404(photo_id)
    if ActionForm().validate_on_submit():
        gallery.set_cover(photo, actor=current_user)
    return _back(photo.product_id)


@bp.route("/photos/<int:photo_id>/delete", methods=["POST"])
def photo_delete(photo_id: int) -> Response:
    photo = _photo_or_404(photo_id)
    product_id = photo.product_id
    if ActionForm().validate_on_submit():
        try:
            gallery.delete_photo(photo, actor=current_user)
        except gallery.GalleryError as err:
            flash(err.message, "error")
        else:
            flash(_("The photo is deleted."), "success")
    return _back(product_id)


def _public_url(product: Product) -> str:
    return url_for("shop.product", product_id=product.id, slug=product.slug, _external=True)


@bp.route("/items/<int:product_id>/label")
def item_label(product_id: int) -> str:
    product = _product_or_404(product_id)
    qr = itemlabel.qr_svg(_public_url(product), title=_("QR code: the item's page"))
    return render_template("admin/item_label.html", product=product, qr=qr)


@bp.route("/items/<int:product_id>/label.svg")
def item_label_svg(product_id: int) -> Response:
    product = _product_or_404(product_id)
    body = itemlabel.label_svg(
        _public_url(product), centre=product.centre.name_fa, craft=product.craft.name_fa,
        code=product.code,
    )
    return _download(body.encode(), "image/svg+xml", f"label-{product.code}.svg")


@bp.route("/items/<int:product_id>/label.png")
def item_label_png(product_id: int) -> Response:
    product = _product_or_404(product_id)
    body = itemlabel.label_png(
        _public_url(product), code=product.code, centre=product.centre.name_fa,
        craft=product.craft.name_fa,
    )
    return _download(body, "image/png", f"label-{product.code}.png")


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
