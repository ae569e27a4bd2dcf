"""Background work the admin must see (admins only): outbox messages given up after their
last attempt and jobs that failed after their last retry, each with its error and a retry
button; and the outbox backlog, which grows when no worker runs."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from marketplace.admin import bp
from marketplace.admin.forms import ActionForm
from marketplace.admin.routes import admin_only
from marketplace.errors import DomainError
from marketplace.notifications import outbox
from marketplace.ops import jobs as service


@bp.route("/jobs")
def jobs() -> str:
    admin_only()
    waiting, oldest = outbox.backlog()
    return render_template(
        "admin/jobs.html", messages=outbox.failed_messages(), failed=service.failed_jobs(),
        waiting=waiting, oldest=oldest, action=ActionForm(),
    )


def _retried(retry: object) -> Response:
    if ActionForm().validate_on_submit():
        try:
            retry()
        except DomainError as err:
            flash(str(err.message), "danger")
        else:
            flash(_("Queued again. It leaves this list; if it fails again it comes back."),
                  "success")
    return redirect(url_for("admin.jobs"))


@bp.route("/jobs/messages/<int:message_id>/retry", methods=["POST"])
def job_message_retry(message_id: int) -> Response:
    admin_only()
    return _retried(lambda: outbox.retry_failed(message_id))


@bp.route("/jobs/<int:job_id>/retry", methods=["POST"])
def job_retry(job_id: int) -> Response:
    admin_only()
    return _retried(lambda: service.retry_failed_job(current_app.extensions[service.EXTENSION],
                                                     job_id))
