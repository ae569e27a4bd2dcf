"""Choices for the back-office select fields, shared by the drivers' and staff screens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from wtforms import SelectChoice

from marketplace.extensions import db
from marketplace.models import Centre, Craft, PartnerOffice
from marketplace.text.geo import PROVINCES
from marketplace.web.templating import localized


def craft_choices(blank: Any = None) -> list[SelectChoice]:
    """Every craft by its name in the visitor's language, after an optional blank choice."""
    crafts = db.session.scalars(select(Craft).order_by(Craft.id))
    rows = [SelectChoice(c.id, localized(c, "name")) for c in crafts]
    return ([SelectChoice("", blank)] if blank is not None else []) + rows


def centre_choices(centres: Iterable[Centre]) -> list[SelectChoice]:
    """The given centres (the user's own) by name, in the visitor's language."""
    return [SelectChoice(c.id, localized(c, "name")) for c in centres]


def office_choices(blank: Any) -> list[SelectChoice]:
    """The facilitation offices and social councils by name, after a blank choice (0)."""
    offices = db.session.scalars(select(PartnerOffice).order_by(PartnerOffice.name))
    return [SelectChoice(0, blank), *(SelectChoice(o.id, o.name) for o in offices)]


def province_choices(locale: str) -> list[SelectChoice]:
    """(code, name) options for a SelectField, in the order of PROVINCES."""
    return [SelectChoice(p.code, p.name(locale)) for p in PROVINCES]
