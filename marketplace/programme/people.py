"""Drivers and back-office accounts: create, link to centres, deactivate, reset passwords."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Centre, Driver, Role, User
from marketplace.people import audit, sessions
from marketplace.people.accounts import find_by_email, normalize_email
from marketplace.programme import ProgrammeError, refusing_duplicates
from marketplace.text.persian import normalize
from marketplace.text.validators import ValidationProblem
from marketplace.text.validators import phone as valid_phone

# No 0/O, 1/l/I: read aloud over the phone or copied from a screen.
EMAIL_TAKEN = _l("An account with this e-mail already exists.")
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def temporary_password(length: int = 12) -> str:
    """A random password to hand over once; its owner changes it after signing in."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _centres(ids: list[int]) -> list[Centre]:
    return list(db.session.scalars(select(Centre).where(Centre.id.in_(ids)).order_by(Centre.id)))


def create_driver(
    *,
    kind: str,
    name_fa: str,
    name_en: str | None,
    phone: str | None,
    centre_ids: list[int],
    actor: User,
) -> Driver:
    """A person or firm that trains, supplies and buys from trainees at these centres."""
    if kind not in ("person", "firm"):
        raise ProgrammeError(_l("Choose person or firm."), "kind")
    driver = Driver(
        kind=kind, name_fa=name_fa, name_en=name_en or None, phone=phone or None,
        centres=_centres(centre_ids),
    )
    db.session.add(driver)
    db.session.flush()
    audit.record(actor, "driver.create", driver, {"kind": kind, "centres": centre_ids})
    db.session.commit()
    return driver


def link_driver(driver: Driver, centre_ids: list[int], *, actor: User) -> Driver:
    """Set the centres a driver works with."""
    old = [c.id for c in driver.centres]
    driver.centres = _centres(centre_ids)
    audit.record(actor, "driver.centres", driver, {"centres": [old, sorted(centre_ids)]})
    db.session.commit()
    return driver


ABOUT_LENGTH = 600  # a short paragraph on a phone's screen


def update_shop_page(driver: Driver, *, about_fa: str | None, business_phone: str | None,
                     page_public: bool, actor: User) -> Driver:
    """What the driver's public page says: her own words, a number for buyers if she
    gives one (her personal `phone` is never shown), and whether the page is public."""
    about = normalize(about_fa) or None
    if about and len(about) > ABOUT_LENGTH:
        raise ProgrammeError(_l("Keep it to %(n)s characters.", n=ABOUT_LENGTH), "about_fa")
    number = None
    if (business_phone or "").strip():
        try:
            number = valid_phone(business_phone)
        except ValidationProblem as problem:
            raise ProgrammeError(problem.message, "business_phone") from None
    new = {"about_fa": about, "business_phone": number, "page_public": bool(page_public)}
    diff = {k: [getattr(driver, k), v] for k, v in new.items() if getattr(driver, k) != v}
    for key, value in new.items():
        setattr(driver, key, value)
    if diff:
        audit.record(actor, "driver.shop_page", driver, diff)
    db.session.commit()
    return driver


def create_user(
    *,
    role: str,
    email: str,
    full_name: str,
    centre_ids: list[int] | None = None,
    driver: Driver | None = None,
    actor: User,
) -> tuple[User, str]:
    """A staff account for centres, or a driver's account; returns it and its
    temporary password, which is shown once and never stored in clear."""
    if role not in (Role.STAFF, Role.DRIVER, Role.ADMIN):
        raise ProgrammeError(_l("Choose a role."), "role")
    if role == Role.DRIVER and driver is None:
        raise ProgrammeError(_l("Choose the driver this account belongs to."), "driver_id")
    if role == Role.STAFF and not centre_ids:
        raise ProgrammeError(_l("Choose at least one centre."), "centre_ids")
    if find_by_email(email) is not None:
        raise ProgrammeError(EMAIL_TAKEN, "email")
    password = temporary_password()
    user = User(
        email=normalize_email(email),
        full_name=full_name,
        role=role,
        driver=driver if role == Role.DRIVER else None,
        centres=_centres(centre_ids or []) if role == Role.STAFF else [],
    )
    user.set_password(password)
    db.session.add(user)
    with refusing_duplicates(EMAIL_TAKEN, "email"):
        db.session.flush()
        audit.record(actor, "user.create", user, {
            "role": role, "centres": centre_ids or [], "driver_id": driver.id if driver else None,
        })
        db.session.commit()
    return user, password


def set_active(user: User, active: bool, *, actor: User) -> User:
    """Deactivate (or reactivate) an account; one cannot lock oneself out."""
    if user.id == actor.id and not active:
        raise ProgrammeError(_l("You cannot deactivate your own account."))
    old = user.is_active_account
    user.is_active_account = active
    if not active:
        sessions.revoke_all(user)  # signed out at once, not at the cookie's next check
    audit.record(actor, "user.activate" if active else "user.deactivate", user,
                 {"is_active": [old, active]})
    db.session.commit()
    return user


def reset_password(user: User, *, actor: User) -> str:
    """Give the account a new temporary password and return it (to show once)."""
    password = temporary_password()
    user.set_password(password)
    sessions.revoke_all(user)
    audit.record(actor, "user.reset_password", user)
    db.session.commit()
    return password
