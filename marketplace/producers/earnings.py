"""Sales of the driver's items per Jalali month, craft and centre, and the makers' share."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from marketplace.ledger import earnings
from marketplace.producers import bp
from marketplace.producers.common import me
from marketplace.text.persian import (
    format_money,
    jalali_month_name,
    tehran_today,
    to_persian_digits,
)
from marketplace.web.charts import bar_chart
from marketplace.web.i18n import current_locale, text_direction
from marketplace.web.templating import localized


def _month_label(key: tuple[int, int]) -> str:
    locale = current_locale()
    text = f"{jalali_month_name(key[1], locale)} {key[0]}"
    return to_persian_digits(text) if locale == "fa" else text


@bp.route("/earnings")
def earnings_page() -> str:
    driver_id = me().id
    months = earnings.by_month(driver_id, tehran_today())
    crafts = earnings.by_craft(driver_id)
    centres = earnings.by_centre(driver_id)
    locale = current_locale()
    rtl = text_direction(locale) == "rtl"

    def money(value: int) -> str:
        return format_money(value, locale)

    charts = {
        "month": bar_chart([(_month_label(r.key), r.sales_rials) for r in months],
                           title=_("Sales per month"), fmt=money, rtl=rtl),
        "craft": bar_chart([(localized(r.key, "name"), r.sales_rials) for r in crafts],
                           title=_("Sales per craft"), fmt=money, rtl=rtl),
        "centre": bar_chart([(localized(r.key, "name"), r.sales_rials) for r in centres],
                            title=_("Sales per centre"), fmt=money, rtl=rtl),
    }
    return render_template(
        "producers/earnings.html", months=months, crafts=crafts, centres=centres,
        charts=charts, month_label=_month_label,
        localized_name=lambda obj: localized(obj, "name"),
        total=sum(r.sales_rials for r in months), wages=sum(r.wage_rials for r in months),
    )
