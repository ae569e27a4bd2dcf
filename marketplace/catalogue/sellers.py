"""A driver's public shop page: who she is to the programme, where and what she sells,
and how buyers rated it. Only what a public page may show leaves this module: her
personal `phone` never does (`SellerPage` has no field for it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import selectinload

from marketplace.catalogue.queries import listed, newest_first
from marketplace.extensions import db
from marketplace.models import Centre, Craft, Driver, Product, ProductMaker, ProductStatus

PER_PAGE = 24  # as the product list


@dataclass(frozen=True)
class SellerPage:
    """What /drivers/<slug> says about the driver, besides her items and reviews."""

    driver: Driver
    about: str | None
    business_phone: str | None
    centres: Sequence[Centre]
    crafts: Sequence[Craft]
    makers: int  # how many makers' work she has for sale
    review_count: int
    rating_average: float | None


def seller_or_404(slug: str) -> Driver:
    """An active driver whose page is public; anyone else is a 404, as if she did not exist."""
    driver = db.session.scalar(
        select(Driver).where(Driver.slug == slug).options(selectinload(Driver.centres))
    )
    if driver is None or not driver.has_public_page:
        abort(404)
    return driver


def _on_sale(driver: Driver) -> Select:
    return select(Product.id).where(Product.driver_id == driver.id,
                                    Product.status == ProductStatus.LISTED)


def seller_page(driver: Driver) -> SellerPage:
    """Her centres and the crafts she sells, how many makers made them, and the average
    of her listed items' shown reviews (the same totals the cards show)."""
    on_sale = _on_sale(driver)
    crafts = db.session.scalars(
        select(Craft).where(Craft.id.in_(select(Product.craft_id).where(Product.id.in_(on_sale))))
        .order_by(Craft.id)
    ).all()
    makers = db.session.scalar(
        select(func.count(distinct(ProductMaker.trainee_id)))
        .where(ProductMaker.product_id.in_(on_sale))
    ) or 0
    count, stars = db.session.execute(
        select(func.coalesce(func.sum(Product.review_count), 0),
               func.coalesce(func.sum(Product.rating_sum), 0))
        .where(Product.id.in_(on_sale))
    ).one()
    return SellerPage(
        driver=driver, about=driver.about_fa, business_phone=driver.business_phone,
        centres=driver.centres, crafts=crafts, makers=makers, review_count=count,
        rating_average=stars / count if count else None,
    )


def seller_products(driver: Driver, page: int) -> Pagination:
    """Her listed items, a page of the card grid: those in stock first, newest first."""
    query = listed(in_stock=False).where(Product.driver_id == driver.id)
    query = newest_first(query.order_by((Product.stock > 0).desc()))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
