"""WTForms fields and validators built on the domain helpers (no Flask app needed)."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from marketplace.web.fields import (
    AmountField,
    EmailAddress,
    IranMobile,
    NationalCode,
    NormalizedStringField,
    NormalizedTextAreaField,
    NumberField,
    PostalCode,
    normalize_filter,
    normalize_line_filter,
)


class TraineeForm(Form):
    name = NormalizedStringField("Name", [InputRequired()], filters=[str.upper])
    story = NormalizedTextAreaField("Story", [Optional()])
    code = StringField("National code", [Optional(), NationalCode()])
    phone = StringField("Mobile", [InputRequired(), IranMobile()])
    postal = StringField("Postal code", [Optional(), PostalCode(message="Custom message")])


class PriceForm(Form):
    price = AmountField("Price", [InputRequired()], unit="toman", render_kw={"class": "x"})
    fee = AmountField("Fee", [Optional()], allow_zero=True, max_rials=1000)


def make(form_cls, **data):
    return form_cls(MultiDict(data))


def test_filters_are_none_safe():
    assert normalize_filter(None) is None
    assert normalize_filter(5) == 5
    assert normalize_filter(" علي \n\n\n كريمي ") == "علی\n\nکریمی"
    assert normalize_line_filter("علي\nكريمي") == "علی کریمی"


def test_identifier_fields_are_normalised_and_canonical():
    form = make(
        TraineeForm,
        name=" فاطمه\u200c  ",
        story="سلام\r\n\r\n\r\nدنیا  ",
        code="۰۴۹۹-۳۷۰۸۹۹",
        phone="+98 912 123 4567",
        postal="",
    )
    assert form.validate(), form.errors
    assert form.name.data == "فاطمه"  # normalised first, then the form's own filter
    assert form.story.data == "سلام\n\nدنیا"
    assert form.code.data == "0499370899"
    assert form.phone.data == "09121234567"
    assert form.postal.data == ""


def test_identifier_errors_are_shown_on_the_field():
    form = make(TraineeForm, name="x", code="1111111111", phone="12", postal="0177948974")
    assert not form.validate()
    assert form.code.errors and isinstance(form.code.errors[0], str)
    assert form.phone.errors
    assert form.postal.errors == ["Custom message"]
    assert form.code.data == "1111111111"  # left as typed so it is shown back


def test_amount_field_parses_into_int_rials():
    form = make(PriceForm, price="۱٬۲۵۰٬۰۰۰ تومان", fee="۰")
    assert form.validate(), form.errors
    assert form.price.data == 12_500_000
    assert form.fee.data == 0
    assert form.price._value() == "1250000"  # back in Toman, ASCII digits
    assert form.fee._value() == "0"
    html = form.price()
    assert 'inputmode="numeric"' in html and 'dir="ltr"' in html and 'class="x"' in html


@pytest.mark.parametrize("typed", ["12.5", "-3", "abc", "12,50", "0"])
def test_amount_field_errors_keep_what_was_typed(typed):
    form = make(PriceForm, price=typed)
    assert not form.validate()
    assert len(form.price.errors) >= 1
    assert form.price.data is None
    assert form.price._value() == typed
    assert f'value="{typed}"' in form.price()


def test_amount_field_limits_and_empty_input():
    form = make(PriceForm, price="", fee="1001")
    assert not form.validate()
    assert form.price.data is None and form.price.errors  # InputRequired
    assert form.fee.data is None and form.fee.errors
    assert make(PriceForm, price="5").validate()  # fee empty and Optional


def test_amount_field_renders_object_data_in_its_unit():
    class Obj:
        price = 12_500_000
        fee = 1000

    form = PriceForm(obj=Obj())
    assert form.price.data == 12_500_000
    assert form.price._value() == "1250000"
    assert form.fee._value() == "1000"
    Obj.price = 12_345  # not a whole Toman: shown exactly, never rounded
    assert PriceForm(obj=Obj()).price._value() == "1234.5"
    assert PriceForm().price._value() == ""


def test_amount_field_refuses_a_float_default():
    class Bad(Form):
        price = AmountField(default=10.5)

    form = Bad()
    assert form.price.process_errors


def test_amount_field_unit_is_checked_when_the_form_is_built():
    class Dollars(Form):
        price = AmountField(unit="dollar")

    with pytest.raises(ValueError, match="unit"):
        Dollars()


class CountForm(Form):
    units = NumberField("Units", [InputRequired(), NumberRange(min=1, max=99)])
    width = NumberField("Width", [Optional()])


@pytest.mark.parametrize("typed", ["12", "۱۲", "١٢", " ۱۲ ", "1۲", "۱۲", "0,012", "۰٬۰۱۲"])
def test_number_field_reads_persian_and_arabic_digits(typed):
    form = make(CountForm, units=typed)
    assert form.validate(), form.errors
    assert form.units.data == 12
    assert form.width.data is None


@pytest.mark.parametrize("typed", ["", "دوازده", "12.5", "۱۰۰", "1,2", "0,01,2"])
def test_number_field_refuses_what_is_not_a_whole_number_in_range(typed):
    form = make(CountForm, units=typed)
    assert not form.validate()
    assert form.units.errors
    assert form.units._value() == typed  # her own text comes back to be fixed


def test_number_field_is_a_text_box_with_a_number_pad():
    html = CountForm().units()
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'dir="ltr"' in html
    assert 'type="number"' not in html


class ContactForm(Form):
    email = StringField("E-mail", [EmailAddress()])


@pytest.mark.parametrize(("config", "accepted"), [("development", True), ("testing", True),
                                                  ("production", False)])
def test_the_demo_test_domain_is_an_address_only_outside_production(config, accepted):
    from flask import Flask

    app = Flask(__name__)
    app.config["CONFIG_NAME"] = config
    with app.app_context():
        assert make(ContactForm, email="buyer@rooyesh.test").validate() is accepted
        assert make(ContactForm, email="zahra@example.ir").validate()
        assert not make(ContactForm, email="not an address").validate()
