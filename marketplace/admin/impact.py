"""The impact report (admins only): the home page's headline, then per centre, per craft
and per Jalali year, as charts and tables, and as CSV."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.admin import bp
from marketplace.admin.routes import admin_only
from marketplace.extensions import db
from marketplace.models import Centre, Craft
from marketplace.programme import figures as programme_figures
from marketplace.programme import impact
from marketplace.text.persian import format_number, to_persian_digits
from marketplace.web.charts import bar_chart
from marketplace.web.i18n import current_locale, text_direction


def _sections() -> list[tuple[str, str, list[tuple[str, impact.Figures]]]]:
    """(key, title, rows) for each breakdown; labels in Persian (the report's language)."""
    centres = {c.id: c.name_fa for c in db.session.scalars(select(Centre))}
    crafts = {c.id: c.name_fa for c in db.session.scalars(select(Craft))}
    per_centre = impact.by_centre()
    per_craft = impact.by_craft()
    per_year = impact.by_year()
    return [
        ("centre", _("Per centre"),
         [(centres.get(k, str(k)), per_centre[k]) for k in sorted(per_centre)]),
        ("craft", _("Per craft"),
         [(crafts.get(k, str(k)), per_craft[k]) for k in sorted(per_craft)]),
        ("year", _("Per Jalali year"), [(str(k), per_year[k]) for k in sorted(per_year)]),
    ]


@bp.route("/impact")
def impact_report() -> str:
    admin_only()
    locale = current_locale()
    rtl = text_direction(locale) == "rtl"
    sections = _sections()

    def chart(rows: list[tuple[str, impact.Figures]], name: str, title: str) -> object:
        labels = [(to_persian_digits(k) if locale == "fa" else k, getattr(f, name))
                  for k, f in rows]
        return bar_chart(labels, title=title, fmt=lambda n: format_number(n, locale), rtl=rtl)

    charts = {
        key: {
            "trained": chart(rows, "trained", _("People trained") + " — " + title),
            "sales": chart(
                [(k, impact.Figures(sales_rials=(f.sales_rials or 0) // 10)) for k, f in rows],
                "sales_rials", _("Sales in Toman") + " — " + title,
            ),
        }
        for key, title, rows in sections
    }
    headline = impact.headline()
    return render_template(
        "admin/impact.html", figures=headline, sections=sections, charts=charts,
        pairs=programme_figures.pairs(headline), building=programme_figures.under_construction(),
        published=programme_figures.all_figures(), sources=impact.by_source(),
    )


@bp.route("/impact.csv")
def impact_csv() -> Response:
    admin_only()
    body = impact.report_csv((key, rows) for key, _title, rows in _sections())
    return Response(
        "\ufeff" + body,  # a BOM, so that Excel reads the Persian names as UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="rooyesh-impact.csv"'},
    )
