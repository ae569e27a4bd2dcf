"""Forms of the drivers' workspace. Choices are filled in by the views from the
driver's own centres, trainees, courses and items; amounts are int Rials."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, Form, FormField, SelectField
from wtforms.validators import DataRequired, InputRequired, Optional

from marketplace.catalogue.listings import MAX_ADJUSTMENT
from marketplace.programme.people import ABOUT_LENGTH
from marketplace.text.money import DEFAULT_MAX_RIALS
from marketplace.web.fields import (
    AmountField,
    DateField,
    Length,
    NormalizedStringField,
    NormalizedTextAreaField,
    NumberField,
    NumberRange,
)
from marketplace.web.labels import choices

MAKER_ROWS = 3


def _optional_int(value: object) -> int | None:
    """Select coercion where an empty choice means 'none'."""
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[arg-type]


class MakerRow(Form):
    """One maker and her share; a row with neither is ignored."""

    trainee_id = SelectField(_l("Maker"), coerce=_optional_int, validate_choice=True)
    share_pct = NumberField(
        _l("Share (%)"), validators=[Optional(), NumberRange(min=1, max=100)]
    )


class PurchaseForm(FlaskForm):
    product_id = SelectField(_l("Item"), coerce=_optional_int)
    title_fa = NormalizedStringField(_l("Title of the new item"), validators=[Length(max=200)])
    craft_id = SelectField(_l("Craft"), coerce=_optional_int)
    centre_id = SelectField(_l("Centre"), coerce=_optional_int)
    quantity = NumberField(
        _l("Quantity"), default=1, validators=[InputRequired(), NumberRange(min=1, max=10_000)]
    )
    total = AmountField(
        _l("Total owed to the makers (Toman)"), validators=[InputRequired()],
        max_rials=DEFAULT_MAX_RIALS, unit="toman",
    )
    purchased_on = DateField(_l("Date"), validators=[DataRequired()])
    makers = FieldList(FormField(MakerRow), min_entries=MAKER_ROWS, max_entries=MAKER_ROWS)
    note = NormalizedTextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])


class PayoutForm(FlaskForm):
    trainee_id = SelectField(_l("Trainee"), coerce=_optional_int, validators=[InputRequired()])
    amount = AmountField(_l("Amount (Toman)"), validators=[InputRequired()], unit="toman")
    method = SelectField(_l("Paid by"), choices=choices("payout_method"))
    reference = NormalizedStringField(
        _l("Reference (receipt or tracking number)"), validators=[Optional(), Length(max=100)]
    )
    paid_on = DateField(_l("Date"), validators=[DataRequired()])
    is_advance = BooleanField(_l("This is an advance (more than she is owed)"))


class ReversalForm(FlaskForm):
    reason = NormalizedStringField(
        _l("Reason for the correction"), validators=[DataRequired(), Length(max=300)]
    )


class ActionForm(FlaskForm):
    """A POST button: CSRF only."""


class MaterialForm(FlaskForm):
    trainee_id = SelectField(_l("Trainee"), coerce=_optional_int)
    course_id = SelectField(_l("Course"), coerce=_optional_int)
    product_id = SelectField(_l("Item"), coerce=_optional_int)
    description = NormalizedStringField(
        _l("What was supplied"), validators=[DataRequired(), Length(max=300)]
    )
    quantity = NumberField(
        _l("Quantity"), validators=[InputRequired(), NumberRange(min=1, max=1_000_000)]
    )
    unit = NormalizedStringField(
        _l("Unit (kg, skein, metre…)"), validators=[DataRequired(), Length(max=30)]
    )
    cost = AmountField(_l("Cost (Toman)"), validators=[InputRequired()], allow_zero=True,
                       unit="toman")
    issued_on = DateField(_l("Date"), validators=[DataRequired()])


EN = {"dir": "ltr", "lang": "en"}  # English fields read left to right on a Persian page


def _size(label: object) -> NumberField:
    return NumberField(label, validators=[Optional(), NumberRange(min=1, max=100_000)])


class ListingForm(FlaskForm):
    title_fa = NormalizedStringField(
        _l("Title (Persian)"), validators=[DataRequired(), Length(max=200)]
    )
    title_en = NormalizedStringField(
        _l("Title (English)"), validators=[Optional(), Length(max=200)], render_kw=EN
    )
    description_fa = NormalizedTextAreaField(
        _l("Description (Persian)"), validators=[Optional(), Length(max=5000)]
    )
    description_en = NormalizedTextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=5000)], render_kw=EN
    )
    price = AmountField(_l("Price (Toman)"), validators=[Optional()], unit="toman")
    width_cm = _size(_l("Width (cm)"))
    length_cm = _size(_l("Length (cm)"))
    knots_per_sq_cm = _size(_l("Knots per cm²"))
    weight_g = _size(_l("Weight (g)"))
    materials_fa = NormalizedStringField(
        _l("Materials (Persian)"), validators=[Optional(), Length(max=300)]
    )
    materials_en = NormalizedStringField(
        _l("Materials (English)"), validators=[Optional(), Length(max=300)], render_kw=EN
    )
    colours_fa = NormalizedStringField(
        _l("Colours (Persian)"), validators=[Optional(), Length(max=300)]
    )
    colours_en = NormalizedStringField(
        _l("Colours (English)"), validators=[Optional(), Length(max=300)], render_kw=EN
    )


class StockForm(FlaskForm):
    """Units added or written off."""

    reason = SelectField(_l("What happened"))
    quantity = NumberField(
        _l("Units"),
        validators=[InputRequired(), NumberRange(min=1, max=MAX_ADJUSTMENT)],
    )
    note = NormalizedStringField(_l("Note"), validators=[Optional(), Length(max=300)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = choices("adjustment_reason")  # in the request's language


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Photo (JPEG, PNG or WebP)"), validators=[FileRequired()],
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    alt_fa = NormalizedStringField(
        _l("What the photo shows (for people who cannot see it)"),
        validators=[Optional(), Length(max=300)],
    )


class LineForm(FlaskForm):
    """A fulfilment step for one order line."""

    tracking_number = NormalizedStringField(
        _l("Tracking number"), validators=[Optional(), Length(max=40)]
    )
    reason = NormalizedStringField(_l("Reason"), validators=[Optional(), Length(max=300)])
    delivered_on = DateField(_l("Delivered on"), validators=[Optional()])



class ShopPageForm(FlaskForm):
    """What her public shop page says (programme/people.update_shop_page checks it)."""

    about_fa = NormalizedTextAreaField(
        _l("About your work (Persian)"), validators=[Optional(), Length(max=ABOUT_LENGTH)],
        render_kw={"rows": 4, "maxlength": ABOUT_LENGTH},
    )
    business_phone = NormalizedStringField(
        _l("Business phone for buyers"), validators=[Optional(), Length(max=20)],
        render_kw={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"},
    )
    page_public = BooleanField(_l("Show my shop page"))
