from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Optional

from marketplace.web.fields import (
    EmailAddress,
    IranMobile,
    Length,
    normalize_filter,
    normalize_line_filter,
)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=128)])
    remember = BooleanField(_l("Keep me signed in"))


class RegisterForm(FlaskForm):
    full_name = StringField(
        _l("Full name"), filters=[normalize_filter], validators=[DataRequired(), Length(max=200)]
    )
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), EmailAddress(), Length(max=254)],
    )
    phone = StringField(_l("Mobile number"), validators=[Optional(), IranMobile()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        filters=[normalize_line_filter],  # a pasted address often ends in a space
        # No syntax check: as at sign-in, the look-up decides (and `.test` demo addresses,
        # which email-validator refuses, must work too).
        validators=[DataRequired(), Length(max=254)],
    )


class ResetPasswordForm(FlaskForm):
    # The policy itself (accounts.password_problem) is applied by accounts.reset_password.
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired()],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class CodeForm(FlaskForm):
    """The second step of a staff or admin sign-in: the app's code, or a recovery code."""

    code = StringField(
        _l("Code"), filters=[normalize_line_filter],
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "dir": "ltr", "autofocus": True},
    )


class EnrolForm(FlaskForm):
    """Turning two-step sign-in on: the six digits the app shows for the new key."""

    code = StringField(
        _l("The six-digit code from the app"), filters=[normalize_line_filter],
        validators=[DataRequired(), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"},
    )


class PhoneForm(FlaskForm):
    """The first step of phone sign-in: the number the code goes to."""

    # IranMobile turns Persian or Arabic digits and +98, 0098 or 9… into '09…'.
    phone = StringField(
        _l("Mobile number"), validators=[DataRequired(), IranMobile()],
        render_kw={"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"},
    )
    consent = BooleanField(_l("I accept the shop's terms of use"),
                           validators=[DataRequired(_l("Accept the terms of use to go on."))])
    remember = BooleanField(_l("Keep me signed in"))


class PhoneCodeForm(FlaskForm):
    """The code the SMS brought; Persian digits are read as digits."""

    code = StringField(
        _l("The six-digit code"), filters=[normalize_line_filter],
        validators=[DataRequired(), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr",
                   "autofocus": True},
    )
