"""Back-office forms. Choices that depend on the user (her centres, their trainees) are
filled in by the view before validation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import DataRequired, InputRequired, Optional

from marketplace.models import CentreStatus, LoanStatus
from marketplace.web.fields import (
    AmountField,
    DateField,
    EmailAddress,
    IranMobile,
    Length,
    NationalCode,
    NormalizedStringField,
    NormalizedTextAreaField,
    NumberField,
)
from marketplace.web.filters import DateRangeForm
from marketplace.web.labels import choices


class ActionForm(FlaskForm):
    """A POST button with nothing but the CSRF token."""


class PersonForm(FlaskForm):
    """Who she is: the fields a trainee and an applicant share."""

    given_name = NormalizedStringField(
        _l("Given name"), validators=[DataRequired(), Length(max=100)]
    )
    family_name = NormalizedStringField(
        _l("Family name"), validators=[DataRequired(), Length(max=100)]
    )
    national_code = NormalizedStringField(
        _l("National code"), validators=[DataRequired(), NationalCode()],
        render_kw={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"},
    )
    phone = NormalizedStringField(
        _l("Mobile number"), validators=[Optional(), IranMobile()],
        render_kw={"inputmode": "tel", "dir": "ltr"},
    )
    neighbourhood_id = SelectField(_l("Her neighbourhood"), coerce=int)


class TraineeForm(PersonForm):
    centre_id = SelectField(_l("Centre"), coerce=int)
    joined_on = DateField(_l("Joined on"), validators=[DataRequired()])
    show_given_name = BooleanField(_l("She agrees to show her given name"))
    show_photo = BooleanField(_l("She agrees to show her photo"))
    show_story = BooleanField(_l("She agrees to show her story"))
    story_fa = NormalizedTextAreaField(_l("Her story (Persian)"), validators=[Optional()])
    story_en = NormalizedTextAreaField(_l("Her story (English)"), validators=[Optional()])


class AuditFilterForm(DateRangeForm):
    """The audit log's filters; choices come from the view."""

    actor_id = SelectField(_l("Who"), coerce=int, validators=[Optional()])
    centre_id = SelectField(_l("Centre"), coerce=int, validators=[Optional()])
    kind = SelectField(_l("Kind"), validators=[Optional()])


class TraineeFilterForm(DateRangeForm):
    """The list's search and filters, with the days she joined between."""

    since = DateField(_l("Joined from"), validators=[Optional()])
    until = DateField(_l("Joined until"), validators=[Optional()])

    q = NormalizedStringField(_l("Name or national code"), validators=[Optional()])
    centre_id = SelectField(_l("Centre"), coerce=int, validators=[Optional()])
    craft_id = SelectField(_l("Craft"), coerce=int, validators=[Optional()])
    employed = SelectField(
        _l("Employed after a course"),
        choices=[SelectChoice("", _l("Any")), SelectChoice("yes", _l("Yes")),
                 SelectChoice("no", _l("No"))],
        validators=[Optional()],
    )


class CourseForm(FlaskForm):
    title_fa = NormalizedStringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    centre_id = SelectField(_l("Centre"), coerce=int)
    craft_id = SelectField(_l("Craft"), coerce=int)
    driver_id = SelectField(_l("Driver"), coerce=int)
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])


class EnrollForm(FlaskForm):
    trainee_id = SelectField(_l("Trainee"), coerce=int)
    enrolled_on = DateField(_l("Enrolled on"), validators=[DataRequired()])


class CompleteForm(FlaskForm):
    """She finished the course: only the day; the button says what it records."""

    completed_on = DateField(_l("Completed on"), validators=[DataRequired()])


class EmploymentForm(FlaskForm):
    employed = BooleanField(_l("Employed or running a business after the course"))
    note = NormalizedStringField(_l("Note"), validators=[Optional(), Length(max=300)])


class CertificateForm(FlaskForm):
    number = NormalizedStringField(
        _l("Certificate number"), validators=[DataRequired(), Length(max=40)],
        render_kw={"dir": "ltr"},
    )
    issued_on = DateField(_l("Issued on"), validators=[DataRequired()])


class ReferralForm(FlaskForm):
    centre_id = SelectField(_l("Centre"), coerce=int)
    direction = SelectField(
        _l("Direction"),
        choices=[SelectChoice("in", _l("Referred in to us")),
                 SelectChoice("out", _l("Referred out"))],
    )
    partner = SelectField(_l("Partner"), choices=choices("partner"))
    trainee_id = SelectField(_l("Trainee"), coerce=int)
    applicant_name = NormalizedStringField(
        _l("Or the applicant's name"), validators=[Optional(), Length(max=200)]
    )
    office_id = SelectField(_l("Office or council"), coerce=int, validators=[Optional()])
    referred_on = DateField(_l("Referred on"), validators=[DataRequired()])
    note = NormalizedTextAreaField(_l("Note"), validators=[Optional()])


def _none_chosen(kind: str, prompt: object) -> list[SelectChoice]:
    """A select's choices with an empty first one, so that nothing is preselected."""
    return [SelectChoice("", prompt), *choices(kind)]


class ApplicantForm(PersonForm):
    head_of_household = BooleanField(_l("She heads her household"))
    household_document = NormalizedStringField(
        _l("Document that shows it"), validators=[Optional(), Length(max=200)]
    )
    craft_id = SelectField(_l("Craft she wants to learn"), coerce=int,
                           validators=[Optional()])
    source = SelectField(_l("Who sent her"), validators=[DataRequired()],
                         choices=_none_chosen("applicant_source", _l("Choose…")))
    office_id = SelectField(_l("Office or council"), coerce=int, validators=[Optional()])
    applied_on = DateField(_l("Applied on"), validators=[DataRequired()])


class ApplicantFilterForm(DateRangeForm):
    since = DateField(_l("Applied from"), validators=[Optional()])
    until = DateField(_l("Applied until"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=_none_chosen("applicant_status", _l("Any")),
                         validators=[Optional()])


class ScreenForm(FlaskForm):
    """Eligible or not; nothing is chosen until staff choose it."""

    decision = SelectField(
        _l("Decision"), validators=[DataRequired()],
        choices=[SelectChoice("", _l("Choose…")), SelectChoice("eligible", _l("Eligible")),
                 SelectChoice("not_eligible", _l("Not eligible"))],
    )
    reason = NormalizedStringField(_l("Reason (when not eligible)"),
                                   validators=[Optional(), Length(max=300)])


class AdmitForm(FlaskForm):
    centre_id = SelectField(_l("Admit at"), coerce=int, validators=[DataRequired()])


class OfficeForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=_none_chosen("office_kind", _l("Choose…")),
                       validators=[DataRequired()])
    name = NormalizedStringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    neighbourhood_id = SelectField(_l("Neighbourhood"), coerce=int)
    contact = NormalizedStringField(_l("Contact (phone or address)"),
                                    validators=[Optional(), Length(max=200)])


class ReferralStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices("referral_status"))


class LoanForm(FlaskForm):
    amount = AmountField(_l("Amount (Toman)"), validators=[InputRequired()], unit="toman")
    status = SelectField(_l("Status"), choices=choices("loan_status"),
                         default=LoanStatus.REQUESTED)
    decided_on = DateField(_l("Decided on"), validators=[Optional()])


class LoanStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices("loan_status"))
    decided_on = DateField(_l("Decided on"), validators=[Optional()])


class PhotoUploadForm(FlaskForm):
    photos = MultipleFileField(
        _l("Photos (JPEG, PNG or WebP)"),
        render_kw={"accept": "image/jpeg,image/png,image/webp", "multiple": True},
    )


class AltTextForm(FlaskForm):
    alt_fa = NormalizedStringField(
        _l("Description of the photo (Persian)"), validators=[Optional(), Length(max=300)]
    )


class CentreForm(FlaskForm):
    slug = NormalizedStringField(
        _l("Short name for addresses (Latin)"), validators=[DataRequired(), Length(max=80)],
        render_kw={"dir": "ltr"},
    )
    name_fa = NormalizedStringField(_l("Name (Persian)"), validators=[DataRequired(),
                                                                       Length(max=200)])
    name_en = NormalizedStringField(_l("Name (English)"), validators=[DataRequired(),
                                                                       Length(max=200)])
    neighbourhood_id = SelectField(_l("Neighbourhood"), coerce=int)
    # A neighbourhood not in the list yet: chosen as NEW_NEIGHBOURHOOD above, named here.
    new_neighbourhood_fa = NormalizedStringField(
        _l("New neighbourhood's name (Persian)"), validators=[Optional(), Length(max=120)])
    new_neighbourhood_en = NormalizedStringField(
        _l("New neighbourhood's name (English)"), validators=[Optional(), Length(max=120)])
    address_fa = NormalizedStringField(_l("Address (Persian)"), validators=[Optional(),
                                                                             Length(max=400)])
    address_en = NormalizedStringField(_l("Address (English)"), validators=[Optional(),
                                                                             Length(max=400)])
    planned_opening_on = DateField(_l("Planned opening"), validators=[Optional()])


# The neighbourhood select's value for "a new one, named below".
NEW_NEIGHBOURHOOD = 0


class NewCentreForm(CentreForm):
    """A centre is added when it is planned or being built; it opens by a status change."""

    status = SelectField(_l("Status"), choices=[
        SelectChoice(CentreStatus.PLANNED, _l("Planned")),
        SelectChoice(CentreStatus.UNDER_CONSTRUCTION, _l("Under construction")),
    ], default=CentreStatus.PLANNED)


class CentreStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices("centre_status"),
                         default=CentreStatus.ACTIVE)
    on = DateField(_l("Since"), validators=[DataRequired()])


class FigureForm(FlaskForm):
    """A published total: a count or a range, for the programme or one centre, for all
    years so far or one Jalali year, with where it was published."""

    metric = SelectField(_l("What it counts"), choices=choices("figure_metric"))
    # Bounds are the domain's (figures._check), whose messages carry Persian digits.
    value = NumberField(_l("Figure"), validators=[InputRequired()])
    value_high = NumberField(_l("Up to (for a range, such as 35 to 40)"), validators=[Optional()])
    centre_id = SelectField(_l("For"), coerce=int)
    jyear = NumberField(_l("Jalali year"), validators=[Optional()])
    source = NormalizedStringField(_l("Source"), validators=[DataRequired(), Length(max=300)])


class SynonymForm(FlaskForm):
    word = NormalizedStringField(_l("Word shoppers type"), validators=[DataRequired(),
                                                                   Length(max=100)])
    alternatives = NormalizedStringField(
        _l("Also search for (separated by commas)"),
        validators=[DataRequired(), Length(max=500)],
    )


class DriverForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[SelectChoice("person", _l("Person")),
                                            SelectChoice("firm", _l("Firm"))])
    name_fa = NormalizedStringField(_l("Name (Persian)"), validators=[DataRequired(),
                                                                       Length(max=200)])
    name_en = NormalizedStringField(_l("Name (English)"), validators=[Optional(),
                                                                       Length(max=200)])
    phone = NormalizedStringField(_l("Mobile number"), validators=[Optional(), IranMobile()],
                                  render_kw={"dir": "ltr"})
    centre_ids = SelectMultipleField(_l("Centres"), coerce=int)


class DriverCentresForm(FlaskForm):
    centre_ids = SelectMultipleField(_l("Centres"), coerce=int)


class UserForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice("staff", _l("Centre staff")),
                                            SelectChoice("driver", _l("Driver's account"))])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), EmailAddress(),
                                                 Length(max=254)])
    full_name = NormalizedStringField(_l("Full name"), validators=[DataRequired(),
                                                                    Length(max=200)])
    centre_ids = SelectMultipleField(_l("Centres (for staff)"), coerce=int)
    driver_id = SelectField(_l("Driver (for a driver's account)"), coerce=int)


def apply_error(form: FlaskForm, err: object) -> None:
    """Put a domain refusal next to its field, or above the form when it names none."""
    field = getattr(err, "field", None)
    message = getattr(err, "message", str(err))
    if field and field in form:
        form[field].errors = [*form[field].errors, message]
    else:
        form.form_errors.append(message)


class DeliveredForm(FlaskForm):
    """A posted line reached the buyer (she phoned the centre)."""

    delivered_on = DateField(_l("Delivered on"), validators=[Optional()])
    note = NormalizedStringField(_l("Note"), validators=[Optional(), Length(max=300)])


class CollectForm(FlaskForm):
    """The buyer's pick-up code, asked for at the hand-over."""

    pickup_code = NormalizedStringField(
        _l("Pick-up code"), validators=[DataRequired(), Length(max=12)],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"},
    )
