"""What every back-office list shares: a From/To range of days read from the query string
(typed in Jalali in Persian, through `fields.DateField`), the page asked for, and the
address of another page of the same list with the same filters."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from flask_wtf import FlaskForm
from sqlalchemy import ColumnElement, Select
from wtforms.validators import Optional

from marketplace.extensions import db
from marketplace.models.base import within_days
from marketplace.web.fields import DateField
from marketplace.web.input_guard import page_number


class DateRangeForm(FlaskForm):
    """A list's From/To filter (GET, so no CSRF); subclass it to add a list's own filters."""

    class Meta:
        csrf = False

    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def bounds(self) -> tuple[date | None, date | None]:
        """The days asked for; one typed wrong counts as not given (its error is shown),
        and so does an end before the start."""
        self.validate()
        since = None if self.since.errors else self.since.data
        until = None if self.until.errors else self.until.data
        if since and until and until < since:
            self.until.errors = [_l("The end of the range is before its start.")]
            until = None
        return since, until


def dated(
    query: Select, column: ColumnElement, form: DateRangeForm | None = None
) -> tuple[Select, DateRangeForm]:
    """`query` kept to the days of the request's From/To (on `column`), and the form that
    shows them back, with a refusal under a date typed wrong."""
    form = form if form is not None else DateRangeForm(request.args)
    return query.where(*within_days(column, *form.bounds())), form


def paged(query: Select, per_page: int) -> Pagination:
    """The request's page of `query`; a page past the end is empty, not a 404."""
    return db.paginate(query, page=page_number(), per_page=per_page, error_out=False)


def page_url(number: int) -> str:
    """This list's page `number`, keeping every filter of the query string. Names that
    start with "_" (and `endpoint`) are dropped: `url_for` would read them as its own."""
    args: dict[str, Any] = {k: v for k, v in request.args.items()
                            if k not in ("page", "endpoint") and v and not k.startswith("_")}
    args.update(request.view_args or {})
    return url_for(request.endpoint, **args, page=number)
