"""Where one is signed in: the account's live sessions, each of which can be ended."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from marketplace.auth import bp
from marketplace.people import sessions
from marketplace.web import devices
from marketplace.web.auth_support import close_session


class EndForm(FlaskForm):
    """A POST button with nothing but the CSRF token."""


@bp.route("/account/sessions")
@login_required
def account_sessions() -> str:
    rows = [(record, devices.describe(record.user_agent))
            for record in sessions.active(current_user)]
    return render_template("auth/sessions.html", rows=rows,
                           current=current_user.current_session, form=EndForm())


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int) -> Response:
    if not EndForm().validate_on_submit():
        abort(400)
    if session_id == current_user.current_session.id:
        close_session()
        flash(_("You have signed out."), "info")
        return redirect(url_for("shop.home"))
    try:
        sessions.end(current_user, session_id)
    except sessions.SessionNotFound:
        abort(404)  # another user's session, or none: not this user's to know about
    flash(_("That session has ended."), "success")
    return redirect(url_for("auth.account_sessions"))


@bp.route("/account/sessions/end-all", methods=["POST"])
@login_required
def end_all_sessions() -> Response:
    if not EndForm().validate_on_submit():
        abort(400)
    sessions.end_all(current_user)
    close_session()
    flash(_("You have signed out everywhere."), "info")
    return redirect(url_for("auth.login"))
