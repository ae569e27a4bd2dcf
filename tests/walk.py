"""The route walk: every HTML page of `app.url_map` as each role sees it, with real objects.

Shared by the language check (tests/test_interface_language.py, the Flask test client over
a world made by the factories) and the phone-width and axe checks (tests/browser/, the
seeded demo database behind gunicorn). Object ids are picked from whatever database is
current, by what the role owns, so one walk serves both.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import (
    Applicant,
    Centre,
    Course,
    Driver,
    Order,
    OrderLine,
    Product,
    ProductMaker,
    ProgrammeFigure,
    Purchase,
    PurchaseShare,
    Referral,
    SavedAddress,
    SearchSynonym,
    Trainee,
    User,
)
from tests.urlmap import concrete_url, rules

ROLES = ("anonymous", "buyer", "driver", "staff", "admin")
# Not pages: files, images, a payment gateway's return and a one-time e-mailed link; the
# sign-in's code step exists only after a password (tests/auth/test_two_factor.py reads
# it for the other language, tests/browser/test_two_factor_screens.py at phone width).
NOT_PAGES = ("shop.media", "shop.zarinpal_callback", "auth.reset_password",
             "shop.search_suggest",  # suggestions are JSON for the search box
             "auth.two_factor",
             # and the phone code step only after a number (tests/auth/test_phone_sign_in.py)
             "auth.phone_code")
NOT_HTML_SUFFIXES = (".csv", ".png", ".svg", ".webp", ".xml", ".json", ".txt")


def page_rules() -> list[tuple[str, str]]:
    """(rule, endpoint) of every GET route that answers with an HTML page."""
    return [
        (rule, endpoint) for rule, endpoint in rules("GET")
        if endpoint not in NOT_PAGES and not rule.endswith(NOT_HTML_SUFFIXES)
    ]


def _area(role: str, rule: str) -> bool:
    """Whether the walk opens `rule` for `role`: the public pages, and the role's own area."""
    if rule.startswith("/producers"):
        return role == "driver"
    if rule.startswith("/admin"):
        return role in ("staff", "admin")
    if rule in ("/login", "/register", "/password/reset"):
        return role == "anonymous"
    if rule == "/account/two-step":  # staff and admin only (others get 404)
        return role in ("staff", "admin")
    if rule.startswith(("/orders", "/account")):
        return role != "anonymous"
    # The back-office roles see the storefront too; its header is theirs. One page is enough.
    return role in ("anonymous", "buyer") or rule == "/"


def _first(statement: object) -> object:
    return db.session.scalar(statement.limit(1))


def _ids(role: str, user: User | None) -> dict[str, object]:
    """Ids of objects this role may open, taken from the current database."""
    centre_ids = [c.id for c in user.centres] if user is not None and role == "staff" else None

    def in_centres(model: type, query: object) -> object:
        if centre_ids is None:
            return query
        return query.where(model.centre_id.in_(centre_ids))

    found: dict[str, Callable[[], object]] = {
        "product_id": lambda: _first(in_centres(Product, select(Product.id).order_by(Product.id))),
        "order_id": lambda: _first(
            select(OrderLine.order_id).where(OrderLine.centre_id.in_(centre_ids)
                                             if centre_ids is not None else True)
            .order_by(OrderLine.order_id)),
        "synonym_id": lambda: _first(select(SearchSynonym.id).order_by(SearchSynonym.id)),
        "figure_id": lambda: _first(select(ProgrammeFigure.id).order_by(ProgrammeFigure.id)),
        "trainee_id": lambda: _first(in_centres(Trainee, select(Trainee.id).order_by(Trainee.id))),
        "course_id": lambda: _first(in_centres(Course, select(Course.id).order_by(Course.id))),
        "referral_id": lambda: _first(
            in_centres(Referral, select(Referral.id).order_by(Referral.id))),
        "centre_id": lambda: _first(select(Centre.id).where(
            Centre.id.in_(centre_ids) if centre_ids is not None else True).order_by(Centre.id)),
        # An applicant of the role's centres' neighbourhoods (she may be waiting elsewhere).
        "applicant_id": lambda: _first(select(Applicant.id).where(
            Applicant.neighbourhood_id.in_(select(Centre.neighbourhood_id).where(
                Centre.id.in_(centre_ids))) if centre_ids is not None else True)
            .order_by(Applicant.id)),
    }
    if role == "driver":
        driver_id = user.driver.id
        found["product_id"] = lambda: _first(
            select(Product.id).where(Product.driver_id == driver_id).order_by(Product.id))
        found["purchase_id"] = lambda: _first(
            select(Purchase.id).where(Purchase.driver_id == driver_id).order_by(Purchase.id))
        found["trainee_id"] = lambda: _first(
            select(PurchaseShare.trainee_id).join(Purchase)
            .where(Purchase.driver_id == driver_id).order_by(PurchaseShare.trainee_id))
    if role in ("anonymous", "buyer"):
        found["product_id"] = lambda: _first(
            select(Product.id).where(Product.status == "listed").order_by(Product.id))
        found["trainee_id"] = lambda: _first(
            select(ProductMaker.trainee_id).join(Product).join(Trainee)
            .where(Product.status == "listed", Trainee.show_story)
            .order_by(ProductMaker.trainee_id))
        found["slug"] = lambda: _first(
            select(Centre.slug).where(Centre.status == "active").order_by(Centre.id))
        found["slug_driver"] = lambda: _first(
            select(Driver.slug).where(Driver.has_public_page).order_by(Driver.id))
    if user is not None:
        found["code"] = lambda: _first(
            select(Order.code).where(Order.buyer_id == user.id).order_by(Order.id))
        found["address_id"] = lambda: _first(
            select(SavedAddress.id).where(SavedAddress.user_id == user.id)
            .order_by(SavedAddress.id))
        found["line"] = lambda: _first(
            select(OrderLine.id).join(Order).where(Order.buyer_id == user.id)
            .order_by(OrderLine.id))
        found["line_id"] = found["line"]  # the review form of the same order's first line
    return {name: value() for name, value in found.items()}


def cart_product() -> int | None:
    """A listed product in stock, for the cart the checkout page needs."""
    return _first(select(Product.id).where(Product.status == "listed", Product.stock > 0)
                  .order_by(Product.id))


def pages(role: str, user: User | None) -> list[tuple[str, str]]:
    """(endpoint, URL) of every page the walk opens for `role`, ids filled from the database.

    The checkout page needs a cart: walkers put `cart_product(role)` in it first.
    """
    ids = _ids(role, user)
    if ids.get("product_id") is not None:
        product = db.session.get(Product, ids["product_id"])
        ids["slug_product"] = product.slug
    out = []
    for rule, endpoint in page_rules():
        if not _area(role, rule):
            continue
        if endpoint == "shop.product":
            rule = rule.replace("<slug>", str(ids.get("slug_product", "x")))
        if endpoint == "shop.driver":
            rule = rule.replace("<slug>", str(ids.get("slug_driver") or "x"))
        names = [n for n in ("product_id", "trainee_id", "course_id", "referral_id",
                             "centre_id", "purchase_id", "code", "slug", "order_id",
                             "synonym_id", "address_id", "line_id", "applicant_id")
                 if f"{n}>" in rule]
        if endpoint == "shop.order_return":
            names.append("line")
        if any(ids.get(n) is None for n in names):
            out.append((endpoint, ""))  # nothing to open: the coverage check reports it
            continue
        url = concrete_url(rule, ids)
        if endpoint == "shop.order_return":  # the return form is for one line of the order
            url += f"?line={ids['line']}"
        out.append((endpoint, url))
    return out
