"""Forms of the cart, checkout and order pages."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    Field,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import AnyOf, DataRequired, Optional

from marketplace.models import DeliveryMethod, PaymentProvider
from marketplace.orders.payments.offline import bank_transfer_offered
from marketplace.text.geo import PROVINCES
from marketplace.web.choices import province_choices
from marketplace.web.fields import (
    EmailAddress,
    IranMobile,
    Length,
    NormalizedStringField,
    NormalizedTextAreaField,
    NumberField,
    NumberRange,
    PostalCode,
)
from marketplace.web.i18n import current_locale
from marketplace.web.input_guard import MAX_INT
from marketplace.web.labels import choices


class CartLineForm(FlaskForm):
    """Add, change or remove one product; quantities are bounded by stock on the cart page."""

    product_id = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=MAX_INT)])
    quantity = NumberField(_l("Quantity"), default=1,
                           validators=[Optional(), NumberRange(min=0, max=99)])
    # The cart's − and + buttons: one unit fewer or more than `quantity`.
    step = IntegerField(validators=[Optional(), AnyOf((-1, 1))])


class CheckoutForm(FlaskForm):
    contact_name = NormalizedStringField(
        _l("Your name"), validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    contact_phone = StringField(
        _l("Mobile number"), validators=[DataRequired(), IranMobile()],
        render_kw={"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"},
    )
    contact_email = EmailField(
        _l("E-mail (optional)"),
        validators=[Optional(), EmailAddress(), Length(max=254)],
        render_kw={"dir": "ltr", "autocomplete": "email"},
    )
    delivery_method = RadioField(_l("Delivery"), default=DeliveryMethod.POST,
                                 validators=[DataRequired()])
    province_code = SelectField(_l("Province"), validate_choice=False)
    city = NormalizedStringField(_l("City"), validators=[Length(max=100)])
    address = NormalizedTextAreaField(_l("Address"), validators=[Length(max=500)],
                                      render_kw={"rows": 3, "autocomplete": "street-address"})
    postal_code = StringField(
        _l("Postal code"), validators=[Optional(), PostalCode()],
        render_kw={"inputmode": "numeric", "dir": "ltr", "autocomplete": "postal-code"},
    )
    payment_provider = RadioField(_l("Payment"), default=PaymentProvider.COD,
                                  validators=[DataRequired()])
    idempotency_key = HiddenField()
    # The review step writes what the buyer saw here (checkout_routes._what_was_reviewed), so
    # that placing the order can tell whether anything changed since.
    reviewed = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delivery_method.choices = choices("delivery")
        self.payment_provider.choices = [
            c for c in choices("payment_provider")
            if c.value != PaymentProvider.BANK_TRANSFER or bank_transfer_offered()
        ]
        self.province_code.choices = [
            SelectChoice("", _l("Choose a province")), *province_choices(current_locale())
        ]

    @property
    def address_fields(self) -> tuple[Field, ...]:
        return (self.province_code, self.city, self.address, self.postal_code)

    def validate(self, extra_validators: Any = None) -> bool:
        """Post needs a full address; pick-up needs none, so nothing typed there (and hidden
        by the page's script once pick-up is chosen) can stop the order."""
        ok = super().validate(extra_validators)
        if self.delivery_method.data != DeliveryMethod.POST:
            for f in self.address_fields:
                f.errors = []
            return not any(f.errors for f in self)
        if self.province_code.data not in {p.code for p in PROVINCES}:
            self.province_code.errors = [*self.province_code.errors, _l("Choose a province.")]
            ok = False
        for f in self.address_fields[1:]:
            if not f.data and not f.errors:
                f.errors = [*f.errors, _l("This field is required for delivery by post.")]
                ok = False
        return ok


class BankReferenceForm(FlaskForm):
    reference = StringField(
        _l("Bank reference number"), validators=[DataRequired(), Length(max=60)],
        render_kw={"dir": "ltr", "inputmode": "numeric"},
    )


class ReturnForm(FlaskForm):
    line_id = IntegerField(validators=[DataRequired()])
    reason = NormalizedTextAreaField(
        _l("Why do you want to return it?"), validators=[DataRequired(), Length(max=2000)],
        render_kw={"rows": 3},
    )
    photos = MultipleFileField(
        _l("Photos (optional, up to 3)"),
        render_kw={"accept": "image/jpeg,image/png,image/webp", "multiple": True},
    )


class CancelForm(FlaskForm):
    """The buyer cancels her order; the reason is optional."""

    reason = NormalizedStringField(_l("Why (optional)"), validators=[Optional(), Length(max=300)])


class ReviewForm(FlaskForm):
    """A review of one delivered line: stars (radio buttons drawn as stars), text, photos."""

    stars = RadioField(
        _l("Your rating"), coerce=int, choices=[SelectChoice(n, str(n)) for n in range(5, 0, -1)],
        validators=[DataRequired(message=_l("Choose from one to five stars."))],
    )
    body = NormalizedTextAreaField(
        _l("Your review"),
        validators=[DataRequired(message=_l("Write a few words about the item.")),
                    Length(max=2000)],
        render_kw={"rows": 4},
    )
    photos = MultipleFileField(
        _l("Photos (optional, up to 3)"),
        render_kw={"accept": "image/jpeg,image/png,image/webp", "multiple": True},
    )
