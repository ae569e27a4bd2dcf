"""The buyer's account page: her name, mobile and e-mail, saved addresses, and links to
her orders, her sessions and her password. Another buyer's address is 404."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.auth import bp
from marketplace.auth.account_forms import AddressForm, NameForm
from marketplace.auth.account_sessions import EndForm
from marketplace.models import SavedAddress, User
from marketplace.people import accounts, addresses
from marketplace.text.geo import province_by_code
from marketplace.web.access import owned_or_404


def _me() -> User:
    return current_user._get_current_object()


def _mine(address_id: int) -> SavedAddress:
    return owned_or_404(SavedAddress, address_id, user_id=current_user.id)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> str | Response:
    form = NameForm(obj=current_user)
    if form.validate_on_submit():
        accounts.rename(_me(), form.full_name.data)
        flash(_("Saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, button=EndForm(),
                           addresses=addresses.addresses_of(_me()),
                           province=province_by_code)


def _address_page(form: AddressForm, address: SavedAddress | None) -> str | Response:
    if form.validate_on_submit():
        data = addresses.AddressData(form.province_code.data, form.city.data,
                                     form.address.data, form.postal_code.data)
        try:
            addresses.save_address(_me(), data, address=address,
                                   make_default=bool(form.is_default.data))
        except addresses.AddressError as error:
            getattr(form, error.field).errors.append(str(error.message))
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/address_form.html", form=form, address=address)


@bp.route("/account/addresses/new", methods=["GET", "POST"])
@login_required
def address_new() -> str | Response:
    return _address_page(AddressForm(), None)


@bp.route("/account/addresses/<int:address_id>", methods=["GET", "POST"])
@login_required
def address_edit(address_id: int) -> str | Response:
    address = _mine(address_id)
    return _address_page(AddressForm(obj=address), address)


@bp.route("/account/addresses/<int:address_id>/default", methods=["POST"])
@login_required
def address_default(address_id: int) -> Response:
    if EndForm().validate_on_submit():
        addresses.set_default(_me(), _mine(address_id))
        flash(_("Saved."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/addresses/<int:address_id>/delete", methods=["POST"])
@login_required
def address_delete(address_id: int) -> Response:
    if EndForm().validate_on_submit():
        addresses.delete_address(_me(), _mine(address_id))
        flash(_("Deleted."), "success")
    return redirect(url_for("auth.account"))
