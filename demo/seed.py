"""Deterministic demo data: the real centres and crafts, fictional people and goods.

`seed_demo()` is idempotent (it does nothing when the centres exist) and scales
to `products=100_000` through bulk inserts, for the benchmarks.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from demo import data, designs, orders, patterns
from marketplace.catalogue.search import index as search_index
from marketplace.catalogue.search import synonyms
from marketplace.extensions import db
from marketplace.ledger import record_payout, reverse_entry
from marketplace.media import photos
from marketplace.media import pipeline as images
from marketplace.models import (
    Applicant,
    ApplicantStatus,
    Centre,
    CentreStatus,
    Certificate,
    Course,
    Craft,
    Driver,
    Enrollment,
    EnrollmentStatus,
    EntryKind,
    LedgerEntry,
    Loan,
    LoanStatus,
    MaterialIssue,
    Neighbourhood,
    Partner,
    PartnerOffice,
    PayoutMethod,
    Photo,
    Product,
    ProductMaker,
    ProductStatus,
    ProgrammeFigure,
    Purchase,
    PurchaseShare,
    Referral,
    ReferralStatus,
    Role,
    SavedAddress,
    Trainee,
    User,
)
from marketplace.models.catalogue import colour_mask
from marketplace.programme.applicants import admit
from marketplace.text.money import split_amount

DEMO_PASSWORD = "rooyesh-demo"  # noqa: S105  (the documented demo password; production refuses to seed)
# Demo staff and admin have two-step sign-in on with this key (printed by `flask
# demo-logins`, with the code it gives now), so the back office can be tried at once.
DEMO_TOTP_SECRET = "ROOYESHDEMOTOTPSECRETKEY234567AB"  # noqa: S105  (demo only)
SEED = 1405
TODAY = date(2026, 11, 20)  # fixed, so the demo is the same on every machine
PHOTOS_PER_CRAFT = 3
BATCH = 5000


@dataclass(frozen=True)
class SeedReport:
    created: bool
    products: int
    trainees: int
    seconds: float


def national_code(rng: random.Random) -> str:
    """A random code with a valid check digit (and not all one digit)."""
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        remainder = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = remainder if remainder < 2 else 11 - remainder
        code = "".join(map(str, digits)) + str(check)
        if len(set(code)) > 1:
            return code


def _days_ago(rng: random.Random, low: int, high: int) -> date:
    return TODAY - timedelta(days=rng.randint(low, high))


def _programme(rng: random.Random) -> tuple[list[Centre], list[Craft]]:
    crafts = [Craft(code=c, name_fa=fa, name_en=en) for c, fa, en in data.CRAFTS]
    db.session.add_all(crafts)
    centres = []
    for i, (slug, fa, en, n_slug, n_fa, n_en, address) in enumerate(data.ACTIVE_CENTRES):
        hood = Neighbourhood(slug=n_slug, name_fa=n_fa, name_en=n_en)
        centre = Centre(
            slug=slug, name_fa=fa, name_en=en, neighbourhood=hood, address_fa=address,
            status=CentreStatus.ACTIVE, opened_on=date(2023 + i // 3, 1 + (i * 4) % 12, 10),
            crafts=rng.sample(crafts, k=rng.randint(3, 4)),
        )
        db.session.add(centre)  # in SEED.md's order, so centre ids 1-7 match staff1-7
        db.session.flush()
        centres.append(centre)
    db.session.flush()
    return centres, crafts


def _people(rng: random.Random, centres: list[Centre]) -> tuple[list[Driver], list[Trainee]]:
    # One hash for every demo account: scrypt is slow on purpose, and they share a password.
    password_hash = generate_password_hash(DEMO_PASSWORD)

    def user(email: str, name: str, role: str, **kw: object) -> User:
        account = User(email=email, full_name=name, role=role, password_hash=password_hash, **kw)
        db.session.add(account)
        return account

    two_step = {"totp_secret": DEMO_TOTP_SECRET, "totp_enabled_at": datetime(2026, 11, 1)}
    admin = user("admin@rooyesh.test", "مدیر سامانه رویش", Role.ADMIN, **two_step)
    db.session.add_all(
        ProgrammeFigure(metric=metric, value=value, value_high=high, source=data.PUBLISHED_SOURCE,
                        recorded_by=admin)
        for metric, value, high in data.PUBLISHED_FIGURES
    )
    for i, centre in enumerate(centres, start=1):
        user(f"staff{i}@rooyesh.test", f"کارشناس {centre.name_fa}", Role.STAFF, centres=[centre],
             **two_step)
    drivers = []
    for i, (kind, fa, en) in enumerate(data.DRIVERS, start=1):
        # driver1..7 each work with "their" centre, and some with one more.
        own = centres[(i - 1) % len(centres)]
        extra = rng.sample([c for c in centres if c is not own], k=rng.randint(0, 1))
        driver = Driver(kind=kind, name_fa=fa, name_en=en, phone=f"0915{rng.randrange(10**7):07d}",
                        centres=[own, *extra], about_fa=data.DRIVER_ABOUT[i - 1],
                        business_phone=data.DRIVER_BUSINESS_PHONE.get(i))
        db.session.add(driver)
        user(f"driver{i}@rooyesh.test", fa, Role.DRIVER, driver=driver)
        drivers.append(driver)
    # Her number is proven: she also signs in with it (the code is in the log of `make run`).
    buyer = user("buyer@rooyesh.test", "سارا خریدار", Role.BUYER, phone="09121234567",
                 phone_verified_at=datetime(2026, 11, 1), terms_accepted_at=datetime(2026, 11, 1))
    db.session.add(SavedAddress(user=buyer, province_code="razavi-khorasan", city="مشهد",
                                address="بلوار وکیل‌آباد، وکیل‌آباد ۱۲، پلاک ۳",
                                postal_code="9134567891", is_default=True))
    user("buyer2@rooyesh.test", "نرگس احمدی", Role.BUYER, phone="09151234567")

    trainees, codes = [], set()
    for i in range(100):
        centre = centres[i % len(centres)]
        code = national_code(rng)
        while code in codes:
            code = national_code(rng)
        codes.add(code)
        consent = rng.random() < 0.7
        given = rng.choice(data.GIVEN_NAMES)
        trainees.append(Trainee(
            given_name=given, family_name=rng.choice(data.FAMILY_NAMES), national_code=code,
            phone=f"0915{rng.randrange(10**7):07d}", centre=centre,
            neighbourhood=centre.neighbourhood, joined_on=_days_ago(rng, 60, 900),
            show_given_name=consent, show_story=consent and rng.random() < 0.6,
            consent_recorded_on=_days_ago(rng, 30, 60) if consent else None,
            story_fa=(f"{given} از ساکنان محله {centre.neighbourhood.name_fa} است و "
                      "در کارگاه مرکز رویش هنر خود را آموخته و اکنون با دستمزد هر قطعه "
                      "به درآمد خانواده‌اش کمک می‌کند."),
        ))
    db.session.add_all(trainees)
    db.session.flush()
    return drivers, trainees


def _courses(rng: random.Random, drivers: list[Driver], trainees: list[Trainee]) -> None:
    """Enrollments in the programme's proportions: ~400 of 1,500 employed, 15 loans."""
    courses: dict[int, list[Course]] = {}
    for driver in drivers:
        for centre in driver.centres:
            for craft in rng.sample(centre.crafts, k=min(2, len(centre.crafts))):
                start = _days_ago(rng, 200, 700)
                course = Course(title_fa=f"دوره {craft.name_fa} {centre.neighbourhood.name_fa}",
                                craft=craft, centre=centre, driver=driver, starts_on=start,
                                ends_on=start + timedelta(days=90))
                db.session.add(course)
                courses.setdefault(centre.id, []).append(course)
    for n, trainee in enumerate(trainees):
        course = rng.choice(courses[trainee.centre_id])
        roll = rng.random()
        status = EnrollmentStatus.DROPPED if roll < 0.08 else (
            EnrollmentStatus.ENROLLED if roll < 0.2 else EnrollmentStatus.COMPLETED)
        completed = status == EnrollmentStatus.COMPLETED
        db.session.add(Enrollment(
            course=course, trainee=trainee, status=status, enrolled_on=course.starts_on,
            completed_on=course.ends_on if completed else None,
            employed_after=completed and n % 15 < 4,  # 4 in 15, as 400 of 1,500
        ))
        if completed and rng.random() < 0.35:
            db.session.add(Certificate(trainee=trainee, course=course, craft=course.craft,
                                       number=f"TVTO-{1405}-{n + 1:05d}",
                                       issued_on=course.ends_on + timedelta(days=30)))
    for n, trainee in enumerate(trainees[:40]):
        db.session.add(Referral(
            centre_id=trainee.centre_id, trainee=trainee, direction="in",
            partner=(Partner.FACILITATION_OFFICE, Partner.SOCIAL_COUNCIL,
                     Partner.RELIEF_COMMITTEE)[n % 3],
            status=ReferralStatus.COMPLETED, referred_on=trainee.joined_on - timedelta(days=10),
        ))
    for n, trainee in enumerate(trainees[40:55]):
        partner = Partner.LENDERS[n % 2]
        referral = Referral(centre_id=trainee.centre_id, trainee=trainee, direction="out",
                            partner=partner, status=ReferralStatus.ACCEPTED,
                            referred_on=_days_ago(rng, 30, 200))
        db.session.add(referral)
        db.session.add(Loan(referral=referral, trainee=trainee, partner=partner,
                            amount_rials=rng.choice((300, 500, 1000)) * 1_000_000,
                            status=(LoanStatus.PAID, LoanStatus.APPROVED,
                                    LoanStatus.REQUESTED)[n % 3] if n else LoanStatus.PAID,
                            decided_on=_days_ago(rng, 1, 29)))
    db.session.flush()


def _photo_pool(crafts: list[Craft]) -> dict[int, list[images.ProcessedImage]]:
    """A few real, generated photos per craft, shared by that craft's products."""
    pool: dict[int, list[images.ProcessedImage]] = {}
    for craft in crafts:
        pool[craft.id] = [
            photos.process(io.BytesIO(patterns.render_jpeg(craft.code, seed=SEED + k)))
            for k in range(PHOTOS_PER_CRAFT)
        ]
    return pool


def _chunks(rows: list[dict], size: int = BATCH) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _product_rows(
    rng: random.Random, i: int, driver: Driver, by_centre: dict[int, list[Trainee]],
    pool: dict[int, list[images.ProcessedImage]], all_listed: bool,
) -> tuple[dict, list[tuple[int, int]], int, int]:
    """One product's column values, its makers (trainee id, share), quantity and wage."""
    centre = rng.choice(driver.centres)
    craft = rng.choice(centre.crafts)
    _, item = designs.draw(rng, craft.code)
    price = item["price_rials"]
    quantity = 1 if craft.code in ("carpet", "tableau") else rng.randint(1, 5)
    wage = price * rng.randint(30, 45) // 100
    materials = price * rng.randint(10, 18) // 100
    makers = rng.sample(by_centre[centre.id], k=min(rng.choice((1, 1, 2, 3)), 3))
    shares = split_amount(100, [rng.randint(1, 4) for _ in makers])
    shares = [max(s, 1) for s in shares]
    shares[0] += 100 - sum(shares)
    status = ProductStatus.LISTED if all_listed or rng.random() < 0.92 else ProductStatus.DRAFT
    listed_at = datetime.combine(_days_ago(rng, 0, 300), datetime.min.time()) + timedelta(
        minutes=rng.randrange(1440)
    )
    row = {
        "code": f"RY-{i + 1:06d}",
        "slug": "-".join(item["title_en"].lower().replace(",", "").replace("'", "").split())[:100],
        "driver_id": driver.id, "centre_id": centre.id, "craft_id": craft.id, **item,
        "stock": quantity, "status": status, "featured": i % 12 == 0,
        "unit_wage_rials": wage, "unit_materials_rials": materials,
        "listed_at": listed_at if status == ProductStatus.LISTED else None,
        "created_at": listed_at, "updated_at": listed_at,
        "colour_mask": colour_mask(item["colours_fa"], item["colours_en"]),
        "_photos": rng.sample(pool[craft.id], k=rng.randint(1, 2)),
        "_alt": f"{item['title_fa']} — {centre.name_fa}",
        "_purchased_on": listed_at.date() - timedelta(days=rng.randint(1, 20)),
    }
    row.update(search_index.fields(row, (craft.name_fa, craft.name_en),
                                   (centre.name_fa, centre.name_en)))
    return row, list(zip((t.id for t in makers), shares, strict=True)), quantity, wage * quantity


def _products(
    rng: random.Random, count: int, drivers: list[Driver], trainees: list[Trainee],
    pool: dict[int, list[images.ProcessedImage]], all_listed: bool,
) -> None:
    """Products with their makers, purchases, shares, ledger entries, materials and photos,
    inserted in batches so that 100,000 take a minute or so, not hours."""
    by_centre: dict[int, list[Trainee]] = {}
    for t in trainees:
        by_centre.setdefault(t.centre_id, []).append(t)
    next_product = (db.session.scalar(select(func.max(Product.id))) or 0) + 1
    next_purchase = (db.session.scalar(select(func.max(Purchase.id))) or 0) + 1
    done = 0
    vocabulary: set[str] = set()
    while done < count:
        batch = [
            _product_rows(rng, done + k, drivers[(done + k) % len(drivers)], by_centre, pool,
                          all_listed)
            for k in range(min(BATCH, count - done))
        ]
        extras = [{k: row.pop(k) for k in ("_photos", "_alt", "_purchased_on")}
                  for row, *_ in batch]
        # Ids are assigned here: RETURNING with row order costs far more at this size.
        ids = range(next_product, next_product + len(batch))
        purchase_ids = range(next_purchase, next_purchase + len(batch))
        next_product += len(batch)
        next_purchase += len(batch)
        rows = [{"id": pid, **row} for pid, (row, *_) in zip(ids, batch, strict=True)]
        for row in rows:
            vocabulary |= search_index.words_of(row["search_text"])
        for chunk in _chunks(rows):
            db.session.execute(insert(Product), chunk)
        db.session.execute(insert(Purchase), [
            {"id": purchase_id, "driver_id": row["driver_id"], "product_id": pid,
             "centre_id": row["centre_id"], "quantity": qty, "total_rials": total,
             "purchased_on": extra["_purchased_on"]}
            for pid, purchase_id, (row, _m, qty, total), extra
            in zip(ids, purchase_ids, batch, extras, strict=True)
        ])
        makers, shares, entries, materials, photo_rows = [], [], [], [], []
        for pid, purchase_id, (row, maker_list, qty, total), extra in zip(
            ids, purchase_ids, batch, extras, strict=True
        ):
            amounts = split_amount(total, [share for _, share in maker_list])
            for (trainee_id, share), amount in zip(maker_list, amounts, strict=True):
                makers.append({"product_id": pid, "trainee_id": trainee_id, "share_pct": share})
                shares.append({"purchase_id": purchase_id, "trainee_id": trainee_id,
                               "share_pct": share, "amount_rials": amount})
                if amount:
                    entries.append({"driver_id": row["driver_id"], "trainee_id": trainee_id,
                                    "kind": EntryKind.PURCHASE, "amount_rials": amount,
                                    "purchase_id": purchase_id,
                                    "occurred_on": extra["_purchased_on"]})
            materials.append({"driver_id": row["driver_id"], "trainee_id": maker_list[0][0],
                              "product_id": pid, "description": row["materials_fa"],
                              "quantity": qty, "unit": "بسته",
                              "cost_rials": row["unit_materials_rials"] * qty,
                              "issued_on": extra["_purchased_on"] - timedelta(days=30)})
            for position, image in enumerate(extra["_photos"]):
                photo_rows.append({
                    "product_id": pid, "digest": image.digest, "width": image.width,
                    "height": image.height, "has_alpha": image.has_alpha,
                    "sizes": ",".join(str(s) for s in sorted({v.size for v in image.variants})),
                    "alt_fa": extra["_alt"], "position": position, "is_cover": position == 0,
                })
        for model, rows in (
            (ProductMaker, makers), (PurchaseShare, shares), (LedgerEntry, entries),
            (MaterialIssue, materials), (Photo, photo_rows),
        ):
            for chunk in _chunks(rows):
                db.session.execute(insert(model), chunk)
        db.session.commit()
        done += len(batch)
    search_index.add_words(vocabulary)
    db.session.commit()
    _sync_sequences(Product, Purchase)


def _sync_sequences(*models: type) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        # The table names come from our own models, never from input.
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # nosec B608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        ))
    db.session.commit()


def _payouts(rng: random.Random, drivers: list[Driver]) -> None:
    """Wages paid on most of what is owed, through the ledger's own operation."""
    accounts = db.session.execute(
        select(LedgerEntry.driver_id, LedgerEntry.trainee_id, func.sum(LedgerEntry.amount_rials))
        .group_by(LedgerEntry.driver_id, LedgerEntry.trainee_id)
        .order_by(LedgerEntry.driver_id, LedgerEntry.trainee_id)
    ).all()
    by_id = {d.id: d for d in drivers}
    for n, (driver_id, trainee_id, owed) in enumerate(accounts):
        if rng.random() < 0.25:
            continue  # some wages are still owed
        amount = int(owed) * rng.choice((50, 70, 100)) // 100
        if amount:
            record_payout(by_id[driver_id], trainee_id=trainee_id, amount_rials=amount,
                          method=PayoutMethod.values()[n % 3], paid_on=_days_ago(rng, 0, 30),
                          reference=f"{rng.randrange(10**8):08d}" if n % 3 else None)
    first = accounts[0]
    record_payout(by_id[first[0]], trainee_id=first[1], amount_rials=5_000_000,
                  method=PayoutMethod.CASH, paid_on=TODAY, is_advance=True)
    mistaken = record_payout(by_id[first[0]], trainee_id=first[1], amount_rials=1_230_000,
                             method=PayoutMethod.CARD_TO_CARD, paid_on=TODAY, is_advance=True)
    entry_id = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.payout_id == mistaken.id))
    reverse_entry(by_id[first[0]], entry_id, reason="مبلغ اشتباه ثبت شده بود", on=TODAY)


def _applicants(centres: list[Centre], crafts: list[Craft]) -> None:
    """Applicants: five waiting for the centre being built (told by SMS when it opens),
    and at Toos one to screen, one eligible, one not eligible and one admitted. Their own
    random stream, so the products and orders seeded after them stay as they were."""
    rng = random.Random(SEED + 19)
    slug, fa, en, n_slug, n_fa, n_en = data.BUILDING_CENTRE
    building = Centre(slug=slug, name_fa=fa, name_en=en, status=CentreStatus.UNDER_CONSTRUCTION,
                      neighbourhood=Neighbourhood(slug=n_slug, name_fa=n_fa, name_en=n_en),
                      planned_opening_on=TODAY + timedelta(days=120))
    db.session.add(building)
    by_slug = {c.slug: c for c in (*centres, building)}
    offices = [PartnerOffice(kind=kind, name=name, neighbourhood=by_slug[at].neighbourhood,
                             contact="۰۵۱-۳۸۰۰۰۰۰۰")
               for kind, name, at in data.OFFICES]
    db.session.add_all(offices)
    db.session.flush()
    rows = [  # (centre, source, office, status, reason)
        *((building, source, office, ApplicantStatus.NEW, None) for source, office in (
            ("facilitation_office", offices[2]), ("welfare_organisation", None),
            ("relief_committee", None), ("walk_in", None), ("facilitation_office", offices[2]))),
        (centres[0], "facilitation_office", offices[0], ApplicantStatus.NEW, None),
        (centres[0], "walk_in", None, ApplicantStatus.ELIGIBLE, None),
        (centres[0], "welfare_organisation", None, ApplicantStatus.NOT_ELIGIBLE,
         "ساکن محله دیگری است"),
        (centres[0], "facilitation_office", offices[0], ApplicantStatus.ELIGIBLE, None),
    ]
    added = []
    for centre, source, office, status, reason in rows:
        applicant = Applicant(
            given_name=rng.choice(data.GIVEN_NAMES), family_name=rng.choice(data.FAMILY_NAMES),
            national_code=national_code(rng), phone=f"0915{rng.randrange(10**7):07d}",
            neighbourhood_id=centre.neighbourhood.id, centre=centre, head_of_household=True,
            household_document=None if office else "حکم سرپرستی کمیته امداد",
            craft=rng.choice(crafts), source=source, office=office, status=status,
            reason=reason, applied_on=_days_ago(rng, 5, 90),
        )
        db.session.add(applicant)
        added.append(applicant)
    db.session.commit()
    admit(added[-1], centres[0], actor=None, today=TODAY)


def seed_demo(products: int = 120, *, all_listed: bool = False) -> SeedReport:
    """Load the demo data unless the database already has centres. Deterministic."""
    started = datetime.now()
    if db.session.scalar(select(func.count()).select_from(Centre)):
        return SeedReport(False, 0, 0, 0.0)
    rng = random.Random(SEED)
    try:
        centres, crafts = _programme(rng)
        drivers, trainees = _people(rng, centres)
        _courses(rng, drivers, trainees)
        db.session.commit()
        _applicants(centres, crafts)
        pool = _photo_pool(crafts)
        _products(rng, products, drivers, trainees, pool, all_listed)
        _payouts(rng, drivers)
        orders.seed_orders(rng)
        synonyms.install_defaults()
        # Fresh statistics, or the planners choose as if the tables were still empty.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    except BaseException:
        # Loading commits in batches; a failure part-way must not leave a half demo
        # that the next run would mistake for a complete one.
        db.session.rollback()
        wipe()
        raise
    return SeedReport(True, products, len(trainees), (datetime.now() - started).total_seconds())


def wipe() -> None:
    """Delete every row (for `seed-demo --reset`); photo files are left to the pipeline.

    PostgreSQL: TRUNCATE, which the ledger's append-only row triggers do not stop.
    """
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()
