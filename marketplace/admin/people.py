"""Drivers and accounts (admins only): create, link to centres, deactivate, reset passwords."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from marketplace.admin import bp
from marketplace.admin.forms import ActionForm, DriverCentresForm, DriverForm, UserForm, apply_error
from marketplace.admin.routes import PER_PAGE, admin_only, my_centres
from marketplace.extensions import db
from marketplace.models import Driver, Role, User
from marketplace.people import two_factor
from marketplace.programme import ProgrammeError
from marketplace.programme import people as service
from marketplace.web.choices import centre_choices
from marketplace.web.filters import dated, paged


@bp.route("/people")
def people() -> str:
    admin_only()
    drivers = db.session.scalars(
        select(Driver).options(selectinload(Driver.centres)).order_by(Driver.id)
    ).all()
    accounts, dates = dated(
        select(User).where(User.role != Role.BUYER).options(selectinload(User.centres))
        .order_by(User.id),
        User.created_at,
    )
    every_centre = centre_choices(my_centres())  # an admin's: all of them
    link_forms = {}
    for d in drivers:
        f = DriverCentresForm(formdata=None, prefix=f"d{d.id}",
                              centre_ids=[c.id for c in d.centres])
        f.centre_ids.choices = every_centre
        link_forms[d.id] = f
    return render_template(
        "admin/people.html", drivers=drivers, users=paged(accounts, PER_PAGE),
        link_forms=link_forms, action=ActionForm(), dates=dates,
    )


@bp.route("/drivers/new", methods=["GET", "POST"])
def driver_new() -> str | Response:
    admin_only()
    form = DriverForm()
    form.centre_ids.choices = centre_choices(my_centres())
    if form.validate_on_submit():
        try:
            service.create_driver(
                kind=form.kind.data, name_fa=form.name_fa.data, name_en=form.name_en.data,
                phone=form.phone.data, centre_ids=form.centre_ids.data, actor=current_user,
            )
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            flash(_("The driver is created."), "success")
            return redirect(url_for("admin.people"))
    return render_template("admin/person_form.html", form=form, title=_("New driver"))


@bp.route("/drivers/<int:driver_id>/centres", methods=["POST"])
def driver_centres(driver_id: int) -> Response:
    admin_only()
    driver = db.get_or_404(Driver, driver_id)
    form = DriverCentresForm(prefix=f"d{driver.id}")
    form.centre_ids.choices = centre_choices(my_centres())
    if form.validate_on_submit():
        service.link_driver(driver, form.centre_ids.data or [], actor=current_user)
        flash(_("Saved."), "success")
    else:
        flash(_("Choose centres from the list."), "error")
    return redirect(url_for("admin.people"))


@bp.route("/users/new", methods=["GET", "POST"])
def user_new() -> str | Response:
    admin_only()
    form = UserForm()
    form.centre_ids.choices = centre_choices(my_centres())
    form.driver_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(d.id, d.name_fa)
        for d in db.session.scalars(select(Driver).order_by(Driver.name_fa))
    ]
    if form.validate_on_submit():
        driver = db.session.get(Driver, form.driver_id.data) if form.driver_id.data else None
        try:
            user, password = service.create_user(
                role=form.role.data, email=form.email.data, full_name=form.full_name.data,
                centre_ids=form.centre_ids.data, driver=driver, actor=current_user,
            )
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            return _show_password(user, password)
    return render_template("admin/person_form.html", form=form, title=_("New account"))


def _show_password(user: User, password: str) -> Response:
    """The temporary password, in this one response only: never flashed, stored or cached."""
    response = make_response(
        render_template("admin/password_once.html", user=user, password=password)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _account_or_404(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    if user.role == Role.BUYER or not ActionForm().validate_on_submit():
        abort(404)
    return user


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def user_active(user_id: int) -> Response:
    admin_only()
    user = _account_or_404(user_id)
    try:
        service.set_active(user, not user.is_active_account, actor=current_user)
    except ProgrammeError as err:
        flash(err.message, "error")
    return redirect(url_for("admin.people"))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def user_password(user_id: int) -> Response:
    admin_only()
    user = _account_or_404(user_id)
    return _show_password(user, service.reset_password(user, actor=current_user))


@bp.route("/users/<int:user_id>/two-step", methods=["POST"])
def user_two_factor(user_id: int) -> Response:
    """A lost phone and no recovery code left: the user sets two-step sign-in up again."""
    admin_only()
    user = _account_or_404(user_id)
    two_factor.reset(user, actor=current_user)
    flash(_("Two-step sign-in of %(name)s is reset; they set it up again at their next "
            "sign-in.", name=user.full_name), "success")
    return redirect(url_for("admin.people"))
