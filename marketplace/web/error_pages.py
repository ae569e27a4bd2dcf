"""Friendly error pages in the visitor's language."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        titles = {
            400: _("The request could not be understood."),
            403: _("You may not do that."),
            404: _("We could not find that page."),
            405: _("That is not allowed here."),
            413: _("The upload is too large."),
            429: _("Too many attempts. Please wait a minute and try again."),
        }
        code = error.code or 500
        title = titles.get(code, _("Something went wrong."))
        return render_template("errors/error.html", code=code, title=title), code

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        from marketplace.extensions import db

        db.session.rollback()
        return render_template(
            "errors/error.html", code=500, title=_("Something went wrong on our side.")
        ), 500
