"""Search synonyms (admins only): the words a search for one word also looks for."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.admin import bp
from marketplace.admin.forms import ActionForm, SynonymForm, apply_error
from marketplace.admin.routes import admin_only
from marketplace.catalogue.search import synonyms as service
from marketplace.extensions import db
from marketplace.models import SearchSynonym
from marketplace.text.persian import MessageNumber


def _page(form: SynonymForm, editing: SearchSynonym | None = None) -> str:
    return render_template("admin/synonyms.html", rows=service.all_synonyms(), form=form,
                           editing=editing, action=ActionForm())


@bp.route("/synonyms", methods=["GET", "POST"])
def synonyms() -> str | Response:
    admin_only()
    form = SynonymForm()
    if form.validate_on_submit():
        try:
            service.save(form.word.data, form.alternatives.data, actor=current_user)
        except service.SynonymError as err:
            apply_error(form, err)
        else:
            flash(_("Saved. Search uses it from the next query on."), "success")
            return redirect(url_for("admin.synonyms"))
    return _page(form)


@bp.route("/synonyms/<int:synonym_id>", methods=["GET", "POST"])
def synonym_edit(synonym_id: int) -> str | Response:
    admin_only()
    row = db.get_or_404(SearchSynonym, synonym_id)
    form = SynonymForm(obj=row)
    if form.validate_on_submit():
        try:
            service.save(form.word.data, form.alternatives.data, actor=current_user,
                         synonym=row)
        except service.SynonymError as err:
            apply_error(form, err)
        else:
            flash(_("Saved. Search uses it from the next query on."), "success")
            return redirect(url_for("admin.synonyms"))
    return _page(form, editing=row)


@bp.route("/synonyms/<int:synonym_id>/delete", methods=["POST"])
def synonym_delete(synonym_id: int) -> Response:
    admin_only()
    row = db.get_or_404(SearchSynonym, synonym_id)
    if ActionForm().validate_on_submit():
        service.delete(row, actor=current_user)
        flash(_("Deleted."), "success")
    return redirect(url_for("admin.synonyms"))


@bp.route("/synonyms/defaults", methods=["POST"])
def synonym_defaults() -> Response:
    admin_only()
    if ActionForm().validate_on_submit():
        added = service.install_defaults(actor=current_user)
        flash(_("%(n)s starter rows added.", n=MessageNumber(added)), "success")
    return redirect(url_for("admin.synonyms"))
