"""Plain builders for every model: `make_trainee(given_name="مریم")`.

Each adds its object to the session and flushes, so ids exist; the test commits
when it needs to. Related objects are created on demand.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pyotp
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from marketplace.extensions import db
from marketplace.models import (
    Applicant,
    Centre,
    CentreStatus,
    Certificate,
    Course,
    Craft,
    Driver,
    Enrollment,
    LedgerEntry,
    Loan,
    MaterialIssue,
    Neighbourhood,
    Order,
    OrderEvent,
    OrderLine,
    Partner,
    PartnerOffice,
    Payment,
    Payout,
    Photo,
    Product,
    ProductMaker,
    ProgrammeFigure,
    Purchase,
    PurchaseShare,
    Referral,
    ReturnRequest,
    Role,
    SavedAddress,
    Trainee,
    User,
)
from marketplace.models.base import utcnow
from marketplace.orders.codes import new_order_code
from marketplace.text.persian import to_persian_digits

PASSWORD = "correct horse battery"
# Cheap scrypt parameters keep sign-in fast in tests; still "scrypt:", so no upgrade.
_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
TOTP_SECRET = "TESTSTAFFTOTPKEY234567ABCDEFGHIJ"
_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def _save(obj: Any) -> Any:
    db.session.add(obj)
    db.session.flush()
    return obj


def valid_national_code(seed: int) -> str:
    digits = [int(d) for d in f"{seed % 10**9:09d}"]
    if len(set(digits)) == 1:
        digits[0] = (digits[0] + 1) % 10
    remainder = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
    check = remainder if remainder < 2 else 11 - remainder
    return "".join(map(str, digits)) + str(check)


def fa(n: int, spec: str = "") -> str:
    """A number in Persian digits, as a Persian page shows it: names with numbers in them."""
    return to_persian_digits(format(n, spec))


def make_programme_figure(**kw: Any) -> ProgrammeFigure:
    return _save(ProgrammeFigure(**{"metric": "trained", "value": 1500,
                                    "source": "گزارش شهرآرانیوز", **kw}))


def make_neighbourhood(**kw: Any) -> Neighbourhood:
    n = _n()
    return _save(Neighbourhood(**{"slug": f"hood-{n}", "name_fa": f"محله {fa(n)}",
                                  "name_en": f"Hood {n}", **kw}))


def make_craft(**kw: Any) -> Craft:
    n = _n()
    return _save(Craft(**{"code": f"craft-{n}", "name_fa": f"هنر {fa(n)}",
                          "name_en": f"Craft {n}",
                          **kw}))


def make_centre(**kw: Any) -> Centre:
    n = _n()
    if "neighbourhood" not in kw and "neighbourhood_id" not in kw:
        kw["neighbourhood"] = make_neighbourhood()
    return _save(Centre(**{"slug": f"centre-{n}", "name_fa": f"مرکز {fa(n)}",
                           "name_en": f"Centre {n}", "status": CentreStatus.ACTIVE, **kw}))


def make_driver(**kw: Any) -> Driver:
    n = _n()
    if "centres" not in kw:
        kw["centres"] = [make_centre()]
    return _save(Driver(**{"name_fa": f"پیشران {fa(n)}", "name_en": f"Driver {n}", **kw}))


def make_user(role: str = Role.BUYER, **kw: Any) -> User:
    """Staff and admin come with two-step sign-in on (TOTP_SECRET), as the back office
    requires; pass totp_enabled_at=None for one who has not set it up."""
    n = _n()
    if role in (Role.STAFF, Role.ADMIN) and "totp_enabled_at" not in kw:
        kw = {"totp_secret": TOTP_SECRET, "totp_enabled_at": utcnow(), **kw}
    if role == Role.DRIVER and "driver" not in kw:
        kw["driver"] = make_driver()
    if role == Role.STAFF and "centres" not in kw:
        kw["centres"] = [make_centre()]
    return _save(User(**{"email": f"user{n}@example.test", "full_name": f"کاربر {fa(n)}",
                         "role": role, "password_hash": _HASH, **kw}))


def make_saved_address(**kw: Any) -> SavedAddress:
    """A buyer's saved address (her default unless told)."""
    if "user" not in kw and "user_id" not in kw:
        kw["user"] = make_user()
    return _save(SavedAddress(**{"province_code": "razavi-khorasan", "city": "مشهد",
                                 "address": "بلوار وکیل‌آباد، کوچهٔ ۱۲، پلاک ۳",
                                 "postal_code": "9134567891", "is_default": True, **kw}))


def make_trainee(**kw: Any) -> Trainee:
    n = _n()
    centre = kw.pop("centre", None) or make_centre()
    return _save(Trainee(**{
        "given_name": "مریم", "family_name": f"رضایی{fa(n)}",
        "national_code": valid_national_code(n),
        "phone": f"0915{n:07d}", "centre": centre, "neighbourhood_id": centre.neighbourhood_id,
        "joined_on": date(2025, 1, 1), **kw,
    }))


def make_course(**kw: Any) -> Course:
    n = _n()
    centre = kw.pop("centre", None) or make_centre()
    return _save(Course(**{
        "title_fa": f"دوره {fa(n)}", "craft": kw.pop("craft", None) or make_craft(),
        "centre": centre, "driver": kw.pop("driver", None) or make_driver(centres=[centre]),
        "starts_on": date(2025, 1, 1), **kw,
    }))


def make_enrollment(**kw: Any) -> Enrollment:
    course = kw.pop("course", None) or make_course()
    trainee = kw.pop("trainee", None) or make_trainee(centre=course.centre)
    return _save(Enrollment(**{"course": course, "trainee": trainee,
                               "enrolled_on": date(2025, 1, 2), **kw}))


def make_certificate(**kw: Any) -> Certificate:
    n = _n()
    return _save(Certificate(**{"trainee": kw.pop("trainee", None) or make_trainee(),
                                "craft": kw.pop("craft", None) or make_craft(),
                                "number": f"TVTO-{n}", "issued_on": date(2025, 6, 1), **kw}))


def make_referral(**kw: Any) -> Referral:
    trainee = kw.pop("trainee", None) or make_trainee()
    return _save(Referral(**{"trainee": trainee, "centre_id": trainee.centre_id,
                             "partner": Partner.RELIEF_COMMITTEE, "direction": "out",
                             "referred_on": date(2025, 7, 1), **kw}))


def make_office(**kw: Any) -> PartnerOffice:
    n = _n()
    if "neighbourhood" not in kw and "neighbourhood_id" not in kw:
        kw["neighbourhood"] = make_neighbourhood()
    return _save(PartnerOffice(**{"kind": "facilitation_office",
                                  "name": f"دفتر تسهیلگری {fa(n)}", **kw}))


def make_applicant(**kw: Any) -> Applicant:
    """An applicant on her neighbourhood's list (the centre's, when given)."""
    n = _n()
    centre = kw.pop("centre", None) or make_centre()
    return _save(Applicant(**{
        "given_name": "فاطمه", "family_name": f"نوری{fa(n)}",
        "national_code": valid_national_code(700_000 + n), "phone": f"0935{n:07d}",
        "centre": centre, "neighbourhood_id": centre.neighbourhood_id, "source": "walk_in",
        "applied_on": date(2025, 11, 1), **kw,
    }))


def make_loan(**kw: Any) -> Loan:
    referral = kw.pop("referral", None) or make_referral()
    return _save(Loan(**{"referral": referral, "trainee_id": referral.trainee_id,
                         "partner": referral.partner, "amount_rials": 500_000_000, **kw}))


def make_product(**kw: Any) -> Product:
    n = _n()
    driver = kw.pop("driver", None) or make_driver()
    centre = kw.pop("centre", None) or driver.centres[0]
    return _save(Product(**{
        "code": f"T-{n:06d}", "slug": f"item-{n}", "driver": driver, "centre": centre,
        "craft": kw.pop("craft", None) or make_craft(), "title_fa": f"قالیچه {fa(n)}",
        "title_en": f"Rug {n}", "price_rials": 10_000_000, "stock": 1, **kw,
    }))


def make_product_maker(**kw: Any) -> ProductMaker:
    product = kw.pop("product", None) or make_product()
    trainee = kw.pop("trainee", None) or make_trainee(centre=product.centre)
    return _save(ProductMaker(**{"product": product, "trainee": trainee, "share_pct": 100, **kw}))


def make_photo(**kw: Any) -> Photo:
    n = _n()
    return _save(Photo(**{"product": kw.pop("product", None) or make_product(),
                          "digest": f"{n:064x}", "width": 800, "height": 600,
                          "sizes": "320,800", **kw}))


def make_purchase(**kw: Any) -> Purchase:
    product = kw.pop("product", None) or make_product()
    return _save(Purchase(**{"driver_id": product.driver_id, "product": product,
                             "centre_id": product.centre_id, "quantity": 1,
                             "total_rials": 4_000_000, "purchased_on": date(2025, 8, 1), **kw}))


def make_purchase_share(**kw: Any) -> PurchaseShare:
    purchase = kw.pop("purchase", None) or make_purchase()
    trainee = kw.pop("trainee", None) or make_trainee(centre=purchase.product.centre)
    return _save(PurchaseShare(**{"purchase": purchase, "trainee": trainee, "share_pct": 100,
                                  "amount_rials": purchase.total_rials, **kw}))


def make_payout(**kw: Any) -> Payout:
    trainee = kw.pop("trainee", None) or make_trainee()
    driver = kw.pop("driver", None) or make_driver(centres=[trainee.centre])
    return _save(Payout(**{"driver": driver, "trainee": trainee, "amount_rials": 1_000_000,
                           "method": "cash", "paid_on": date(2025, 8, 2), **kw}))


def make_ledger_entry(**kw: Any) -> LedgerEntry:
    purchase = kw.pop("purchase", None) or make_purchase()
    trainee = kw.pop("trainee", None) or make_trainee(centre=purchase.product.centre)
    return _save(LedgerEntry(**{"driver_id": purchase.driver_id, "trainee": trainee,
                                "kind": "purchase", "amount_rials": 4_000_000,
                                "purchase": purchase, "occurred_on": date(2025, 8, 1), **kw}))


def make_material_issue(**kw: Any) -> MaterialIssue:
    trainee = kw.pop("trainee") if "trainee" in kw else make_trainee()
    return _save(MaterialIssue(**{"driver_id": kw.pop("driver_id", None)
                                  or make_driver(centres=[trainee.centre] if trainee else [])
                                  .id,
                                  "trainee": trainee, "description": "پشم", "quantity": 2,
                                  "unit": "کیلو", "cost_rials": 3_000_000,
                                  "issued_on": date(2025, 7, 1), **kw}))


def make_order(**kw: Any) -> Order:
    centre = kw.pop("pickup_centre", None) or make_centre()
    return _save(Order(**{
        "code": new_order_code(), "contact_name": "خریدار", "contact_phone": "09121234567",
        "delivery_method": "pickup", "pickup_centre": centre, "payment_provider": "cod",
        "status": "placed", "subtotal_rials": 0, "shipping_rials": 0, "total_rials": 0, **kw,
    }))


def make_order_line(**kw: Any) -> OrderLine:
    product = kw.pop("product", None) or make_product()
    order = kw.pop("order", None) or make_order()
    qty = kw.pop("quantity", 1)
    price = product.price_rials
    return _save(OrderLine(**{
        "order": order, "product": product, "driver_id": product.driver_id,
        "centre_id": product.centre_id, "title_fa": product.title_fa,
        "unit_price_rials": price, "quantity": qty, "line_total_rials": price * qty, **kw,
    }))


def make_order_event(**kw: Any) -> OrderEvent:
    return _save(OrderEvent(**{"order": kw.pop("order", None) or make_order(),
                               "status": "placed", **kw}))


def make_payment(**kw: Any) -> Payment:
    n = _n()
    return _save(Payment(**{"order": kw.pop("order", None) or make_order(), "provider": "zarinpal",
                            "amount_rials": 1_000_000, "authority": f"A{n:035d}", **kw}))


def make_return_request(**kw: Any) -> ReturnRequest:
    return _save(ReturnRequest(**{"line": kw.pop("line", None) or make_order_line(),
                                  "reason": "اندازه مناسب نبود", **kw}))


def stored_photo_keys() -> set[str]:
    """Every file in the running app's photo store, by key (local folder or bucket)."""
    from marketplace.media import storage

    store = storage.current()
    return set(store.keys(storage.PUBLIC)) | set(store.keys(storage.PRIVATE))


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app with `secret` shows now."""
    return pyotp.TOTP(secret).now()


def sign_in(client: Any, user: User, password: str = PASSWORD, **data: Any) -> Any:
    """POST the sign-in form and, when it asks (staff and admin), the code; the last
    response. The account's last accepted code is forgotten first, so a test may sign the
    same person in twice within one 30-second step (a real code is accepted only once)."""
    response = client.post("/login", data={"email": user.email, "password": password, **data})
    if response.status_code == 302 and response.headers["Location"].endswith("/login/code"):
        db.session.execute(sa.update(User).where(User.id == user.id)
                           .values(totp_last_step=None))
        db.session.commit()
        response = client.post("/login/code", data={"code": totp_code(user.totp_secret)})
    return response



def run_jobs(app: Any, at: Any = None) -> list[str]:
    """Run what the test app's job queue (memory://) holds, and what is scheduled up to
    `at` (a naive UTC datetime), as a worker would then, until it is empty; the names of
    the jobs run. A failing job's retry is scheduled, not run."""
    huey = app.extensions["jobs"].huey
    if at is not None:
        for task in huey.read_schedule(at):
            huey.enqueue(task)
    ran = []
    while (task := huey.dequeue()) is not None:
        ran.append(type(task).__name__)
        huey.execute(task, timestamp=at)
    return ran
