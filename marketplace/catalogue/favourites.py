"""Favourite products (the heart): rows for a signed-in buyer, a list of ids in a guest's
session, merged into her account when she signs in. The views keep the session part."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from marketplace.catalogue import queries
from marketplace.extensions import db
from marketplace.models import Favourite, Product, ProductStatus

# Where the views keep a guest's list (auth/ merges it into the account on sign-in).
SESSION_KEY = "favourites"
# A guest's session is a cookie-sized thing: her newest hearts are kept, the oldest dropped.
GUEST_LIMIT = 50


def ids_of(user_id: int) -> set[int]:
    """The ids of the products a user marked: the one query a page makes for its hearts."""
    return set(db.session.scalars(select(Favourite.product_id).where(Favourite.user_id == user_id)))


def is_listed(product_id: int) -> bool:
    return db.session.scalar(
        select(Product.id).where(Product.id == product_id, Product.status == ProductStatus.LISTED)
    ) is not None


def add(user_id: int, product_id: int) -> None:
    """Mark a listed product as a user's favourite (again is a no-op); commits."""
    merge(user_id, [product_id])


def remove(user_id: int, product_id: int) -> None:
    """Drop one of the user's own favourites (someone else's row is never touched); commits."""
    db.session.execute(
        delete(Favourite).where(Favourite.user_id == user_id, Favourite.product_id == product_id)
    )
    db.session.commit()


def merge(user_id: int, product_ids: Iterable[int]) -> None:
    """Add the listed ones of `product_ids` to the user's favourites, in one transaction.
    A second tab adding the same one at once hits the unique key: it is then there."""
    wanted = set(product_ids) - ids_of(user_id)
    if not wanted:
        return
    listed = db.session.scalars(
        select(Product.id).where(Product.id.in_(wanted), Product.status == ProductStatus.LISTED)
    ).all()
    db.session.add_all(Favourite(user_id=user_id, product_id=pid) for pid in listed)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def products(product_ids: Iterable[int]) -> Sequence[Product]:
    """The listed products among `product_ids` (sold out too), as cards, newest first."""
    ids = list(product_ids)
    if not ids:
        return []
    return db.session.scalars(
        queries.newest_first(queries.listed(in_stock=False).where(Product.id.in_(ids)))
    ).all()


def guest_add(ids: list[int] | None, product_id: int) -> list[int]:
    """A guest's list with one more id (newest last, bounded by GUEST_LIMIT)."""
    kept = [i for i in (ids or []) if i != product_id] + [product_id]
    return kept[-GUEST_LIMIT:]


def guest_remove(ids: list[int] | None, product_id: int) -> list[int]:
    return [i for i in (ids or []) if i != product_id]
