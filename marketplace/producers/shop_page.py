"""The driver's public shop page, as she sets it: her words, a business number for
buyers if she wants one, and whether the page is shown at all (her own driver only)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.producers import bp
from marketplace.producers.common import me, put_error
from marketplace.producers.forms import ShopPageForm
from marketplace.programme import ProgrammeError
from marketplace.programme.people import update_shop_page


@bp.route("/shop-page", methods=["GET", "POST"])
def shop_page() -> str | Response:
    driver = me()
    form = ShopPageForm(obj=driver)
    if form.validate_on_submit():
        try:
            update_shop_page(driver, about_fa=form.about_fa.data,
                             business_phone=form.business_phone.data,
                             page_public=form.page_public.data, actor=current_user)
        except ProgrammeError as err:
            db.session.rollback()
            put_error(form, err.field, err.message, "about_fa")
        else:
            flash(_("Saved. Your shop page shows it now."), "success")
            return redirect(url_for("producers.shop_page"))
    return render_template("producers/shop_page.html", driver=driver, form=form)
