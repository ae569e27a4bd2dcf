"""Checkout in two steps, each a plain form that works without JavaScript.

1. /checkout: contact, delivery and payment, with the order's summary and total before
   the button. The shipping fee follows the province and pick-up as they are chosen
   (static/js/checkout.js reads the fee of every choice from the form, computed here by
   orders/shipping.py like the order's own); without the script the «calculate shipping»
   button sends the form back with the fee shown.
2. Its button answers with the review: everything as it will be ordered, the form's data
   in hidden fields with the CSRF token and the idempotency key. «Edit» goes back to the
   form filled in; «Place the order» posts to /checkout/place, the only route that places
   an order. What the buyer reviewed (lines, prices, fee) travels with it: if anything
   changed meanwhile she is back on the form with what changed, and nothing is written.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.catalogue.inventory import InsufficientStock
from marketplace.models import DeliveryMethod, SavedAddress
from marketplace.orders import checkout, shipping
from marketplace.orders.cart import CartView
from marketplace.people import addresses
from marketplace.shop import bp
from marketplace.shop.cart_routes import clear_cart, current_cart
from marketplace.shop.order_forms import CartLineForm, CheckoutForm
from marketplace.shop.order_routes import after_placing
from marketplace.text.geo import province_by_code
from marketplace.web.access import owned_or_404
from marketplace.web.templating import money

KEY_SESSION = "checkout_key"
# Buttons that show the form again (with the fee, or to change something) without checking it.
FORM_AGAIN = ("fee", "edit")


@dataclass(frozen=True)
class Quote:
    """The summary's figures; placing the order computes them again from the database."""

    subtotal_rials: int
    shipping_rials: int
    total_rials: int
    weight_g: int


def _quote(view: CartView, form: CheckoutForm) -> Quote:
    weight = shipping.parcel_weight_g((ln.product.weight_g, ln.quantity) for ln in view.lines)
    pickup = form.delivery_method.data != DeliveryMethod.POST
    fee = shipping.shipping_fee(form.province_code.data or None, weight, pickup=pickup)
    return Quote(view.subtotal_rials, fee, view.subtotal_rials + fee, weight)


def _fees_shown(view: CartView, weight_g: int) -> dict[str, object]:
    """[shipping, total] as the summary words them, for every choice the buyer can make:
    the page shows one, and its script the others, without a second source of fees."""
    subtotal = view.subtotal_rials
    unknown = shipping.shipping_fee(None, weight_g)  # no province yet: the most it can be
    return {
        "pickup": [_("Free"), money(subtotal)],
        "none": [_("up to %(fee)s, by province", fee=money(unknown)), money(subtotal + unknown)],
        "provinces": {code: [money(fee), money(subtotal + fee)]
                      for code, fee in shipping.fees_by_province(weight_g).items()},
    }


def _what_was_reviewed(view: CartView, quote: Quote) -> str:
    """What the review showed: each line's product, quantity and unit price, and the fee."""
    lines = ",".join(f"{ln.product.id}x{ln.quantity}@{ln.unit_price_rials}" for ln in view.lines)
    return f"{lines}|{quote.shipping_rials}"


def _posted_key(form: CheckoutForm) -> str | None:
    if request.method != "POST":
        return None
    try:
        return str(uuid.UUID(form.idempotency_key.data or ""))
    except ValueError:
        return None


def _details(form: CheckoutForm) -> checkout.CheckoutDetails:
    return checkout.CheckoutDetails(
        contact_name=form.contact_name.data, contact_phone=form.contact_phone.data,
        contact_email=form.contact_email.data or None,
        delivery_method=form.delivery_method.data, payment_provider=form.payment_provider.data,
        province_code=form.province_code.data or None, city=form.city.data or None,
        address=form.address.data or None, postal_code=form.postal_code.data or None,
    )


@bp.route("/checkout", methods=["GET", "POST"])
def checkout_page() -> str | Response:
    form = CheckoutForm()
    key = _posted_key(form)
    if key and (done := checkout.order_by_idempotency_key(key)):
        return redirect(url_for("shop.order", code=done.code))  # back from a placed order
    view = current_cart()
    if not view.lines:
        return _empty_cart(view)
    if request.method == "GET":
        _prefill_from_account(form)
    elif request.form.get("action") not in FORM_AGAIN and form.validate() and not view.notices:
        return _review(form, view, key)
    return _form_page(form, view, key)


@bp.route("/checkout/place", methods=["POST"])
def checkout_place() -> str | Response:
    """Place what the buyer reviewed, or send her back to the form saying what changed."""
    form = CheckoutForm()
    key = _posted_key(form)
    if key and (done := checkout.order_by_idempotency_key(key)):
        return redirect(url_for("shop.order", code=done.code))  # a double confirm
    view = current_cart()
    if not view.lines:
        return _empty_cart(view)
    if not form.validate():
        return _form_page(form, view, key)
    quote = _quote(view, form)
    if view.notices or form.reviewed.data != _what_was_reviewed(view, quote):
        flash(str(checkout.CHANGED_SINCE_REVIEW), "warning")
        return _form_page(form, view, key)
    try:
        order = checkout.place_order(
            _details(form), {ln.product.id: ln.quantity for ln in view.lines},
            buyer=current_user if current_user.is_authenticated else None,
            idempotency_key=key or session.get(KEY_SESSION),
            expected_total_rials=quote.total_rials,
        )
    except (InsufficientStock, checkout.CheckoutError) as error:
        flash(str(error.message), "error")
        view = current_cart()  # what is left, with what changed
        return _form_page(form, view, key) if view.lines else _empty_cart(view)
    clear_cart()
    session.pop(KEY_SESSION, None)
    return after_placing(order)


def _keep_key(form: CheckoutForm, key: str | None) -> None:
    """The posted idempotency key goes on with the form (to the review, back to edit, to
    placing); a form without a valid one gets a new key."""
    if not key:
        session[KEY_SESSION] = form.idempotency_key.data = str(uuid.uuid4())


def _form_page(form: CheckoutForm, view: CartView, key: str | None) -> str:
    _keep_key(form, key)
    return render_template("shop/checkout.html", form=form, view=view,
                           fees=_fees_shown(view, _quote(view, form).weight_g),
                           saved=_saved_addresses(), province=province_by_code)


def _review(form: CheckoutForm, view: CartView, key: str | None) -> str:
    _keep_key(form, key)
    quote = _quote(view, form)
    form.reviewed.data = _what_was_reviewed(view, quote)
    details = _details(form)
    # _delivery.html reads an order; the cart's lines answer `.centre` like an order's.
    preview = {**asdict(details), "lines": view.lines}
    return render_template("shop/checkout_review.html", form=form, view=view, quote=quote,
                           order=preview, province=province_by_code(details.province_code))


def _empty_cart(view: CartView) -> str | Response:
    if view.notices:  # everything sold out meanwhile: say which
        return render_template("shop/cart.html", view=view, form=CartLineForm())
    flash(_("Your cart is empty."), "info")
    return redirect(url_for("shop.cart"))


def _prefill_from_account(form: CheckoutForm) -> None:
    """Her name, number and e-mail, and the saved address she chose (`?address=`; another
    buyer's is 404) or else her default one."""
    if not current_user.is_authenticated:
        return
    form.contact_name.data = form.contact_name.data or current_user.full_name
    form.contact_phone.data = form.contact_phone.data or current_user.phone
    form.contact_email.data = form.contact_email.data or current_user.email
    chosen = request.args.get("address", type=int)
    saved = (owned_or_404(SavedAddress, chosen, user_id=current_user.id) if chosen
             else addresses.default_address(current_user))
    if saved is not None:
        form.delivery_method.data = DeliveryMethod.POST
        form.province_code.data = saved.province_code
        form.city.data = saved.city
        form.address.data = saved.address
        form.postal_code.data = saved.postal_code


def _saved_addresses() -> list[SavedAddress]:
    return addresses.addresses_of(current_user) if current_user.is_authenticated else []
