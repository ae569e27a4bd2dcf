"""Jinja filters and globals: money, Persian digits, Jalali dates, localized fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import gettext

from marketplace.media import storage
from marketplace.media.pipeline import variant_key
from marketplace.text import persian
from marketplace.web.filters import page_url
from marketplace.web.i18n import current_locale, text_direction
from marketplace.web.labels import label

# What a figure shows when nothing was recorded: not «۰ تومان», which claims a real zero.
NOTHING = "—"


def money(rials: int | None) -> str:
    """Rials shown as Toman in the visitor's language; None (nothing recorded) is «—»."""
    if rials is None:
        return NOTHING
    return persian.format_money(rials, current_locale())


def number(value: int | None) -> str:
    if value is None:
        return ""
    return persian.format_number(value, current_locale())


def tenths(value: float | None) -> str:
    """An average to one decimal place, in the page's digits («۴٫۵»)."""
    return "" if value is None else persian.format_tenths(value, current_locale())


def percent(value: int | None) -> str:
    """A percentage: «۵۰٪» in Persian (the Arabic percent sign), «50%» in English; None (a
    share of nothing) is «—»."""
    if value is None:
        return NOTHING
    return number(value) + ("٪" if current_locale() == "fa" else "%")


def count_range(low: int | None, high: int | None = None) -> str:
    """A count, or a range of one as published («۳۵ تا ۴۰»): never one made-up number."""
    if high is None:
        return number(low)
    return gettext("%(low)s to %(high)s", low=number(low), high=number(high))


def digits(value: Any) -> str:
    """Any text with Persian digits when the page is Persian."""
    text = "" if value is None else str(value)
    return persian.to_persian_digits(text) if current_locale() == "fa" else text


def jdate(value: date | datetime | None, style: str = "medium") -> str:
    return persian.format_date(value, current_locale(), style)


def localized(obj: Any, field: str) -> str:
    """`obj.<field>_en` on English pages when it is filled in, else `obj.<field>_fa`.

    Persian text is stored with ASCII digits (the normaliser folds what was typed), so on a
    Persian page it is shown with Persian ones: «کوچه ۱۲», as the person typed it.
    """
    if current_locale() == "en":
        value = getattr(obj, f"{field}_en", None)
        if value:
            return value
        return getattr(obj, f"{field}_fa", "") or ""
    return persian.to_persian_digits(getattr(obj, f"{field}_fa", "") or "")


def photo_url(digest: str, size: int, fmt: str = "webp") -> str:
    """Public URL of one generated variant of a product photo: the photo store's
    (the app's /media/ route, the bucket, or MEDIA_URL's CDN). `fmt` is the extension."""
    return storage.current().public_url(variant_key(digest, size, fmt))


def photo_srcset(digest: str, sizes: list[int], fmt: str = "webp") -> str:
    return ", ".join(f"{photo_url(digest, s, fmt)} {s}w" for s in sizes)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        money=money, number=number, tenths=tenths, percent=percent, digits=digits,
        jdate=jdate, count_range=count_range,
    )
    app.jinja_env.globals.update(
        localized=localized, photo_url=photo_url, photo_srcset=photo_srcset, label=label,
        page_url=page_url,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def page_language() -> dict[str, str]:
        locale = current_locale()
        return {"lang": locale, "dir": text_direction(locale)}
