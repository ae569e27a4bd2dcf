"""A buyer's saved delivery addresses: add, change, remove, choose the default.

The first address is the default; making another the default unsets the old one first
(one default a buyer, held by a partial unique index); removing the default passes it to
the newest remaining address. Checkout reads them (shop/checkout_routes.py)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.models import SavedAddress, User
from marketplace.text.geo import province_by_code
from marketplace.text.persian import MessageNumber

MAX_ADDRESSES = 10


class AddressError(DomainError):
    """A refused change to a saved address."""


@dataclass(frozen=True)
class AddressData:
    province_code: str
    city: str
    address: str
    postal_code: str


def addresses_of(user: User) -> list[SavedAddress]:
    """Her addresses, the default first, then the newest."""
    return list(db.session.scalars(
        select(SavedAddress).where(SavedAddress.user_id == user.id)
        .order_by(SavedAddress.is_default.desc(), SavedAddress.id.desc())))


def default_address(user: User) -> SavedAddress | None:
    return db.session.scalar(select(SavedAddress).where(
        SavedAddress.user_id == user.id, SavedAddress.is_default.is_(True)))


def _make_default(user: User, address: SavedAddress) -> None:
    db.session.execute(update(SavedAddress)
                       .where(SavedAddress.user_id == user.id, SavedAddress.id != address.id)
                       .values(is_default=False).execution_options(synchronize_session=False))
    db.session.flush()  # the old default is unset before the new one is set
    address.is_default = True


def save_address(user: User, data: AddressData, *, address: SavedAddress | None = None,
                 make_default: bool = False) -> SavedAddress:
    """Add an address (`address` None) or change hers; committed."""
    if province_by_code(data.province_code) is None:
        raise AddressError(_l("Choose a province."), "province_code")
    if address is None:
        count = len(addresses_of(user))
        if count >= MAX_ADDRESSES:
            raise AddressError(_l("You can keep at most %(n)s addresses; remove one first.",
                                  n=MessageNumber(MAX_ADDRESSES)), "address")
        address = SavedAddress(user_id=user.id, is_default=False)
        db.session.add(address)
        make_default = make_default or count == 0
    address.province_code = data.province_code
    address.city = data.city
    address.address = data.address
    address.postal_code = data.postal_code
    db.session.flush()
    if make_default:
        _make_default(user, address)
    db.session.commit()
    return address


def set_default(user: User, address: SavedAddress) -> None:
    _make_default(user, address)
    db.session.commit()


def delete_address(user: User, address: SavedAddress) -> None:
    """Remove an address; if it was the default, the newest other one becomes it."""
    was_default = address.is_default
    db.session.delete(address)
    db.session.flush()
    if was_default and (rest := addresses_of(user)):
        rest[0].is_default = True
    db.session.commit()
